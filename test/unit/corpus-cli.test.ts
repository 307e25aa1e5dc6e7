// `npm run -s transformer -- corpus`, run as a child process: the files it writes, gzip'd or not,
// against generateCorpus's own pairs, and its usage errors.
import assert from "node:assert/strict";
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, test} from "node:test";
import {gunzipSync} from "node:zlib";
import {generateCorpus} from "../../src/corpus/index.js";
import {runCli} from "../support/cli.js";

const tmp = mkdtempSync(join(tmpdir(), "corpus-cli-"));
after(() => rmSync(tmp, {recursive: true, force: true}));


const cli = (...args: string[]) => runCli(["corpus", ...args]);

const expected = generateCorpus({seed: 3, pairs: 120, validPairs: 15, testPairs: 10});
const lines = (pairs: {de: string; en: string}[], language: "de" | "en") => pairs.map((p) => p[language]).join("\n") + "\n";

test("corpus --out writes train/val/test .de/.en, one sentence per line, the pairs generateCorpus gives", async () => {
  const out = join(tmp, "plain");
  const run = await cli("--out", out, "--pairs", "120", "--valid", "15", "--test", "10", "--seed", "3");
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^[^\n]+\n$/, "stdout is one line");
  const summary = JSON.parse(run.stdout);
  assert.deepEqual(summary.files, ["train.de", "train.en", "val.de", "val.en", "test.de", "test.en"]);
  assert.deepEqual([summary.splits.train.pairs, summary.splits.valid.pairs, summary.splits.test.pairs], [120, 15, 10]);
  assert.deepEqual(readdirSync(out).sort(), [...summary.files].sort());
  for (const [file, split] of [["train", "train"], ["val", "valid"], ["test", "test"]] as const) {
    for (const language of ["de", "en"] as const) {
      assert.equal(readFileSync(join(out, `${file}.${language}`), "utf8"), lines(expected[split], language), `${file}.${language}`);
    }
  }
  assert.match(run.stderr, /120\+15\+10 pairs, seed 3/);
});

test("corpus --gzip writes Multi30k's gzip'd names (test_2016_flickr.*) with the same lines", async () => {
  const out = join(tmp, "gzip");
  const run = await cli("--out", out, "--pairs", "120", "--valid", "15", "--test", "10", "--seed", "3", "--gzip");
  assert.equal(run.code, 0, run.stderr);
  const names = ["train.de.gz", "train.en.gz", "val.de.gz", "val.en.gz", "test_2016_flickr.de.gz", "test_2016_flickr.en.gz"];
  assert.deepEqual(readdirSync(out).sort(), [...names].sort());
  assert.equal(gunzipSync(readFileSync(join(out, "test_2016_flickr.de.gz"))).toString("utf8"), lines(expected.test, "de"));
  assert.equal(gunzipSync(readFileSync(join(out, "train.en.gz"))).toString("utf8"), lines(expected.train, "en"));
});

test("corpus refuses bad options with exit status 2, and a file as --out with 1", async () => {
  const file = join(tmp, "a-file");
  writeFileSync(file, "");
  const cases: [string[], number, RegExp][] = [
    [[], 2, /missing --out/],
    [["--out", tmp, "--pairs", "0"], 2, /--pairs must be a positive integer, not "0"/],
    [["--out", tmp, "--seed", "x"], 2, /--seed must be an integer/],
    [["--out", tmp, "--bogus"], 2, /Unknown option '--bogus'/],
    [["--out", file], 1, /cannot write --out .*a-file: it is a file/]
  ];
  const runs = await Promise.all(cases.map(([args]) => cli(...args)));
  runs.forEach((run, i) => {
    const [args, code, message] = cases[i];
    assert.equal(run.code, code, `${args.join(" ")}: ${run.stderr}`);
    assert.match(run.stderr, message);
    assert.equal(run.stdout, "");
  });
});
