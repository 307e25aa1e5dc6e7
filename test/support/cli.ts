// The course's command line as a child process, for the CLI tests: `npm run -s transformer -- ARGS`
// without npm, its exit code and both streams.
import {spawn} from "node:child_process";
import {repoRoot} from "./site.js";

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[]): Promise<CliRun> {
  const env = {...process.env};
  delete env.NODE_TEST_CONTEXT; // the child is a program, not a test file reporting to this runner
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/transformer.ts", ...args], {cwd: repoRoot, env});
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({code, stdout, stderr}));
  });
}
