// The command line (scripts/transformer.ts), run as a child process the way a course author runs it.
// The golden numbers are the PyTorch reference's (data/fixtures/reference.json), not the CLI's own.
// Every run starts at import, a few at a time, so the ~1 s start-up of each overlaps the others.
import assert from "node:assert/strict";
import {execFileSync, spawn} from "node:child_process";
import {cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync} from "node:fs";
import {availableParallelism, tmpdir} from "node:os";
import {join} from "node:path";
import {after, test} from "node:test";
import {serializeSafetensors} from "../../src/io/safetensors.js";
import {loadModel} from "../../src/io/weights.js";
import {COPY_START} from "../../src/training/copy-task.js";
import {initNodeBackend} from "../../src/tfjs/node.js";
import {readFixture, reference as ref, refValues} from "../support/fixtures.js";
import {type CliRun, runCli} from "../support/cli.js";
import {repoRoot} from "../support/site.js";


const tmp = mkdtempSync(join(tmpdir(), "transformer-cli-"));
after(() => rmSync(tmp, {recursive: true, force: true}));

// At most a few CLIs at once: each is CPU-bound while it starts.
let freeSlots = Math.max(2, availableParallelism());
const waiting: (() => void)[] = [];

async function cli(...args: string[]): Promise<CliRun> {
  if (freeSlots > 0) freeSlots--;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await runCli(args);
  } finally {
    const next = waiting.shift();
    if (next) next();
    else freeSlots++;
  }
}


function assertSuccess(run: CliRun, what: string): void {
  assert.equal(run.code, 0, `${what} exited with ${run.code}: ${run.stderr}`);
}

/** stdout is one line of JSON and nothing else. */
function json(run: CliRun, what: string): unknown {
  assertSuccess(run, what);
  assert.equal(run.stderr, "", `${what} wrote to stderr`);
  assert.match(run.stdout, /^[^\n]+\n$/, `${what}: stdout is not exactly one line`);
  return JSON.parse(run.stdout);
}

const W = "data/fixtures/tiny.safetensors"; // PyTorch's: N=2, d_model 32, vocab 11
const SRC = "1 5 3 9 2 7 4"; // reference.json's src row 0 (and greedy.src)
const TGT = "1 5 3 9 2"; // its tgt_in row 0

// Broken checkpoints: cut short, and well-formed safetensors without the model's metadata.
const truncated = join(tmp, "truncated.safetensors");
writeFileSync(truncated, readFixture("tiny.safetensors").subarray(0, 2000));
const noMetadata = join(tmp, "no-metadata.safetensors");
writeFileSync(noMetadata, serializeSafetensors([["w", {shape: [2], data: new Float32Array([1, 2])}]], {}));
const trained = join(tmp, "trained.safetensors");
// Weights that are not a regular file, or a file too big to read (sparse: it takes no disk space).
const fifo = join(tmp, "fifo.safetensors");
execFileSync("mkfifo", [fifo]);
const huge = join(tmp, "huge.safetensors");
writeFileSync(huge, "");
truncateSync(huge, 3 * 2 ** 30);

const runs = {
  logprobs: cli("logprobs", "--weights", W, "--src", SRC, "--tgt", TGT),
  greedy: cli("decode", "--weights", W, "--src", SRC, "--max-len", "8"),
  beam1: cli("decode", "--weights", W, "--src", SRC, "--max-len", "8", "--beam", "1"),
  beam4: cli("decode", "--weights", W, "--src", SRC, "--max-len", "8", "--beam", "4", "--all"),
  train: cli("train", "--preset", "copy-tiny", "--steps", "60", "--out", trained),
  help: Promise.all([cli("help"), cli("--help"), cli(), cli("decode", "--help")])
};

// [what, arguments, exit status, what stderr must say]
const errors: [string, string[], number, RegExp][] = [
  ["unknown command", ["frobnicate"], 2, /unknown command "frobnicate"/],
  ["unknown option", ["decode", "--weights", W, "--src", SRC, "--bogus"], 2, /Unknown option '--bogus'/],
  ["another command's option", ["logprobs", "--weights", W, "--src", SRC, "--tgt", TGT, "--beam", "2"], 2, /Unknown option '--beam'/],
  ["stray argument", ["decode", "extra", "--weights", W, "--src", SRC], 2, /Unexpected argument 'extra'/],
  ["missing --tgt", ["logprobs", "--weights", W, "--src", SRC], 2, /missing --tgt/],
  ["missing --out", ["train", "--preset", "copy-tiny"], 2, /missing --out/],
  ["missing value at the end", ["decode", "--src", SRC, "--weights"], 2, /'--weights <value>' argument missing/],
  ["missing value before an option", ["decode", "--weights", "--src", SRC], 2, /'--weights' argument is ambiguous/],
  ["--src with a word", ["decode", "--weights", W, "--src", "1 five 3"], 2, /--src must be a list of non-negative integer ids .*"five"/],
  ["--src with a negative id", ["decode", "--weights", W, "--src", "1 -2 3"], 2, /--src must be a list of non-negative integer ids .*"-2"/],
  ["--src empty", ["decode", "--weights", W, "--src", " "], 2, /--src must be .*empty/],
  ["--src id >= V", ["decode", "--weights", W, "--src", "1 11"], 2, /--src has id 11, but the model's vocabulary is 0\.\.10/],
  ["--tgt id >= V", ["logprobs", "--weights", W, "--src", SRC, "--tgt", "1 5 99"], 2, /--tgt has id 99/],
  ["--start id >= V", ["decode", "--weights", W, "--src", SRC, "--start", "11"], 2, /--start has id 11/],
  ["no such weights file", ["decode", "--weights", "data/fixtures/nope.safetensors", "--src", SRC], 1, /nope\.safetensors: no such file/],
  ["weights not safetensors", ["decode", "--weights", "package.json", "--src", SRC], 1, /cannot load --weights package\.json: safetensors: /],
  ["weights cut short", ["logprobs", "--weights", truncated, "--src", SRC, "--tgt", TGT], 1, /cannot load --weights .*: safetensors: /],
  ["weights without sizes", ["decode", "--weights", noMetadata, "--src", SRC], 1, /loadModel: the file's metadata has no "N"/],
  ["--beam 0", ["decode", "--weights", W, "--src", SRC, "--beam", "0"], 2, /--beam must be a positive integer, not "0"/],
  ["--max-len abc", ["decode", "--weights", W, "--src", SRC, "--max-len", "abc"], 2, /--max-len must be a positive integer/],
  ["--all without --beam", ["decode", "--weights", W, "--src", SRC, "--all"], 2, /--all needs --beam/],
  ["--steps=-3", ["train", "--preset", "copy-tiny", "--out", join(tmp, "x"), "--steps=-3"], 2, /--steps must be a positive integer/],
  ["unknown preset", ["train", "--preset", "copy-huge", "--out", join(tmp, "x")], 2, /unknown preset "copy-huge"; choose one of copy-tiny/],
  ["--out in no folder", ["train", "--preset", "copy-tiny", "--out", join(tmp, "none", "x")], 1, /cannot write --out/],
  ["--out where no file can be made", ["train", "--preset", "copy-tiny", "--out", "/proc/model.safetensors"], 1, /cannot write --out \/proc\/model\.safetensors: /],
  ["--out a folder", ["train", "--preset", "copy-tiny", "--out", tmp], 1, /cannot write --out .*: it is a folder/],
  ["--max-len over the positional table", ["decode", "--weights", W, "--src", SRC, "--max-len", "6000"], 2, /--max-len 6000 is over the model's max_len of 5000 \(the length of its positional encoding table\)/],
  ["--weights /dev/zero", ["decode", "--weights", "/dev/zero", "--src", SRC], 1, /cannot read --weights \/dev\/zero: it is not a regular file/],
  ["--weights a FIFO", ["decode", "--weights", fifo, "--src", SRC], 1, /cannot read --weights .*fifo\.safetensors: it is not a regular file/],
  ["--weights a folder", ["logprobs", "--weights", "data", "--src", SRC, "--tgt", TGT], 1, /cannot read --weights data: it is a folder/],
  ["--weights too big", ["decode", "--weights", huge, "--src", SRC], 1, /cannot read --weights .*huge\.safetensors: it has 3221225472 bytes, over the limit of 2147483647/],
  ["--seed -1", ["train", "--preset", "copy-tiny", "--out", join(tmp, "x"), "--seed", "-1"], 2, /--seed must be a non-negative integer, not "-1"/],
  ["--seed=-1", ["train", "--preset", "copy-tiny", "--out", join(tmp, "x"), "--seed=-1"], 2, /--seed must be a non-negative integer, not "-1"/],
  ["a flag given twice", ["decode", "--weights", W, "--src", SRC, "--src", "1 2"], 2, /--src is given twice/],
  ["a flag given twice, once with =", ["decode", "--weights", W, "--max-len=3", "--src", SRC, "--max-len", "4"], 2, /--max-len is given twice/]
];
const errorRuns = errors.map(([, args]) => cli(...args));

test("logprobs matches PyTorch's log-probabilities to 1e-4", async () => {
  const rows = json(await runs.logprobs, "logprobs") as number[][];
  const [, T, V] = ref.logprobs.shape;
  assert.deepEqual([rows.length, ...new Set(rows.map((r) => r.length))], [T, V], "shape [T][V]");
  const expected = refValues(ref.logprobs).slice(0, T * V); // batch row 0
  const diff = Math.max(...rows.flat().map((x, i) => Math.abs(x - expected[i])));
  assert.ok(diff <= 1e-4, `max abs difference ${diff.toExponential(2)} > 1e-4`);
});

test("decode: greedy gives PyTorch's ids; --beam 1 gives the same", async () => {
  assert.equal(ref.greedy.src.data.join(" "), SRC);
  assert.equal(ref.greedy.max_len, 8);
  const expected = refValues(ref.greedy.ids);
  assert.deepEqual(json(await runs.greedy, "greedy"), expected);
  assert.deepEqual(json(await runs.beam1, "--beam 1"), expected);
});

test("decode --beam 4 --all: at most 4 hypotheses, best score first, each from the start token and <= max-len", async () => {
  const hypotheses = json(await runs.beam4, "--beam 4 --all") as {ids: number[]; logprob: number; score: number}[];
  assert.ok(hypotheses.length >= 1 && hypotheses.length <= 4, `${hypotheses.length} hypotheses`);
  for (const {ids, logprob, score} of hypotheses) {
    assert.equal(ids[0], 1);
    assert.ok(ids.length >= 1 && ids.length <= 8, `length ${ids.length}`);
    assert.ok(ids.every((id) => Number.isInteger(id) && id >= 0 && id < 11), `ids ${ids}`);
    assert.ok(logprob <= 0 && Number.isFinite(score), `logprob ${logprob}, score ${score}`);
  }
  const scores = hypotheses.map((h) => h.score);
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
});

test("train writes a checkpoint loadModel accepts, with progress on stderr and nothing on stdout", async () => {
  const run = await runs.train;
  assertSuccess(run, "train");
  assert.equal(run.stdout, "");
  const lines = run.stderr.trimEnd().split("\n");
  assert.ok(lines.some((l) => /^step 50\/60 .*loss.* lr .*exact match \d+% .* s$/.test(l)), run.stderr);
  assert.ok(lines.some((l) => /^step 60\/60 /.test(l)), run.stderr);
  assert.match(lines[lines.length - 1], /^done: 60 steps/);
  await initNodeBackend("wasm");
  const model = loadModel(new Uint8Array(readFileSync(trained)));
  const {N, dModel, dFF, h, srcVocab, tgtVocab} = model.config;
  assert.deepEqual({N, dModel, dFF, h, srcVocab, tgtVocab}, {N: 1, dModel: 32, dFF: 64, h: 4, srcVocab: 11, tgtVocab: 11}); // copy-tiny's
  model.dispose();
});

test("from a fresh clone (no src/vendor), npm run -s transformer -- logprobs writes only JSON on stdout", async () => {
  // A copy of the tracked files the command needs, so the vendor step runs without src/vendor and
  // without rewriting this checkout's while other tests read it.
  const clone = join(tmp, "clone");
  mkdirSync(join(clone, "data", "fixtures"), {recursive: true});
  for (const path of ["package.json", "tsconfig.json", "scripts", W]) cpSync(join(repoRoot, path), join(clone, path), {recursive: true});
  cpSync(join(repoRoot, "src"), join(clone, "src"), {recursive: true, filter: (from) => !/[/\\]src[/\\](vendor|\.observablehq)$/.test(from)});
  symlinkSync(join(repoRoot, "node_modules"), join(clone, "node_modules"));
  const env = {...process.env};
  delete env.NODE_TEST_CONTEXT;
  const child = spawn("npm", ["run", "-s", "transformer", "--", "logprobs", "--weights", W, "--src", "1 5 3 9", "--tgt", "1 5 3"], {cwd: clone, env});
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const code = await new Promise((resolve) => child.on("close", resolve));
  assert.equal(code, 0, stderr);
  const rows = JSON.parse(stdout) as number[][];
  assert.deepEqual([rows.length, rows[0].length], [3, 11]);
  assert.match(stderr, /^vendor: wrote /);
});

test("--seed -1 reaches the seed's own check, and a negative --steps value after a space too", async () => {
  const run = await cli("train", "--preset", "copy-tiny", "--out", join(tmp, "x"), "--steps", "-3");
  assert.equal(run.code, 2);
  assert.match(run.stderr, /--steps must be a positive integer, not "-3"/);
});

test("help, --help, no command and a command's --help print the usage on stdout", async () => {
  for (const run of await runs.help) {
    assertSuccess(run, "help");
    assert.match(run.stdout, /^Usage: npm run -s transformer -- <command>/);
    assert.ok(run.stdout.includes(`(default ${COPY_START}, the copy task's start token)`), "--start's documented default is COPY_START");
    assert.equal(run.stderr, "");
  }
});

errors.forEach(([what, args, status, message], i) => {
  test(`error: ${what} → one line on stderr, exit ${status}`, async () => {
    const run = await errorRuns[i];
    assert.equal(run.code, status, `transformer ${args.join(" ")}: ${run.stderr}`);
    assert.equal(run.stdout, "");
    assert.match(run.stderr, /^transformer: [^\n]+\n$/);
    assert.match(run.stderr, message);
  });
});
