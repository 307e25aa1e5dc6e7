// Runs Node's test runner on every *.test.ts file under the given folders (Node 20's --test takes
// no globs). Usage: node scripts/node-test.mjs test/unit [more folders] [-- extra node flags]
import {spawnSync} from "node:child_process";
import {readdirSync} from "node:fs";
import {join} from "node:path";

const args = process.argv.slice(2);
const split = args.indexOf("--");
const folders = split < 0 ? args : args.slice(0, split);
const flags = split < 0 ? [] : args.slice(split + 1);
const files = folders.flatMap((folder) =>
  readdirSync(folder, {recursive: true})
    .map(String)
    .filter((f) => f.endsWith(".test.ts"))
    .sort()
    .map((f) => join(folder, f))
);
if (files.length === 0) {
  console.error(`no *.test.ts files under ${folders.join(", ")}`);
  process.exit(1);
}
const {status} = spawnSync(process.execPath, ["--import", "tsx", "--test", ...flags, ...files], {stdio: "inherit"});
process.exit(status ?? 1);
