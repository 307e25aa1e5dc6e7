// The bpe and bleu commands of scripts/transformer.ts, run as child processes on small files.
import assert from "node:assert/strict";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, test} from "node:test";
import {gzipSync} from "node:zlib";
import {corpusBleu} from "../../src/text/bleu.js";
import {TextCodec, tokenizerFromMetadata} from "../../src/text/vocab.js";
import {runCli} from "../support/cli.js";
import {SENTENCE_PAIRS} from "../support/sentences.js";


const cli = (...args: string[]) => runCli(args);

const tmp = mkdtempSync(join(tmpdir(), "text-cli-"));
after(() => rmSync(tmp, {recursive: true, force: true}));
const path = (name: string, text: string | Uint8Array) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};
const de = SENTENCE_PAIRS.map(([d]) => d).join("\n") + "\n";
const en = SENTENCE_PAIRS.map(([, e]) => e).join("\n") + "\n";
const deGz = path("train.de.gz", gzipSync(de));
const enFile = path("train.en", en);

const hyps = ["The man sees the dog.", "Today the woman reads a good book.", "I like eating mushrooms."];
const refs = ["The man sees the dog.", "Today the woman reads the book in the garden.", "I like eating mushrooms."];
const hypFile = path("hyp.en", hyps.join("\n") + "\n");
const refFile = path("ref.en.gz", gzipSync(refs.join("\n") + "\n"));

test("bpe learns a tokenizer from gzip'd and plain aligned files and writes it as JSON", async () => {
  const out = join(tmp, "tokenizer.json");
  const run = await cli("bpe", "--src", deGz, "--tgt", enFile, "--vocab", "300", "--out", out);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, "");
  assert.match(run.stderr, new RegExp(`read ${SENTENCE_PAIRS.length} pairs from train\\.de\\.gz \\+ train\\.en`));
  assert.match(run.stderr, /learned \d+ merges in [\d.]+ s: vocabulary of 300; mean tokens per sentence/);
  const tokenizer = tokenizerFromMetadata({tokenizer: readFileSync(out, "utf8")});
  assert.equal(tokenizer.vocab.length, 300);
  const codec = new TextCodec(tokenizer);
  for (const [d, e] of SENTENCE_PAIRS) {
    assert.equal(codec.decodeIds(codec.encodeSentence(d)), d);
    assert.equal(codec.decodeIds(codec.encodeSentence(e)), e);
  }
});

test("bleu prints the corpus score as the only line on stdout", async () => {
  const run = await cli("bleu", "--hyp", hypFile, "--ref", refFile);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, "");
  assert.match(run.stdout, /^[^\n]+\n$/);
  const printed = JSON.parse(run.stdout);
  const expected = corpusBleu(hyps, refs);
  assert.deepEqual(Object.keys(printed), ["bleu", "precisions", "bp", "sysLen", "refLen"]);
  assert.equal(printed.bleu, expected.bleu);
  assert.deepEqual(printed.precisions, expected.precisions);
  assert.equal(printed.bp, expected.bp);
  assert.ok(printed.bleu > 0 && printed.bleu < 100);
  const smoothed = JSON.parse((await cli("bleu", "--hyp", hypFile, "--ref", refFile, "--smooth", "exp")).stdout);
  assert.equal(smoothed.bleu, corpusBleu(hyps, refs, "exp").bleu);
});

test("mistakes in the command line exit with 2, bad files with 1, each with a message naming the problem", async () => {
  const mismatched = path("short.en", "One.\nTwo.\n");
  const cases: [string[], number, RegExp][] = [
    [["bpe", "--src", deGz, "--tgt", enFile, "--out", join(tmp, "t.json")], 2, /missing --vocab/],
    [["bpe", "--src", deGz, "--tgt", enFile, "--vocab", "3", "--out", join(tmp, "t.json")], 2, /--vocab must be an integer of at least 5/],
    [["bpe", "--src", deGz, "--tgt", enFile, "--vocab", "100", "--out", join(tmp, "t.json"), "--bogus"], 2, /Unknown option '--bogus'/],
    [["bpe", "--src", deGz, "--tgt", mismatched, "--vocab", "100", "--out", join(tmp, "t.json")], 1,
      new RegExp(`train\\.de\\.gz has ${SENTENCE_PAIRS.length} lines but short\\.en has 2`)],
    [["bpe", "--src", join(tmp, "nope.de"), "--tgt", enFile, "--vocab", "100", "--out", join(tmp, "t.json")], 1, /cannot read --src .*nope\.de: no such file/],
    [["bpe", "--src", deGz, "--tgt", enFile, "--vocab", "100", "--out", join(tmp, "no", "t.json")], 1, /cannot write --out .*there is no folder/],
    [["bleu", "--hyp", hypFile], 2, /missing --ref/],
    [["bleu", "--hyp", hypFile, "--ref", refFile, "--smooth", "add-k"], 2, /--smooth must be none or exp/],
    [["bleu", "--hyp", hypFile, "--ref", mismatched], 1, /hyp\.en has 3 lines but --ref .*short\.en has 2/]
  ];
  const runs = await Promise.all(cases.map(([args]) => cli(...args)));
  runs.forEach((run, i) => {
    const [args, code, pattern] = cases[i];
    assert.equal(run.code, code, `${args.join(" ")}: ${run.stderr}`);
    assert.equal(run.stdout, "", args.join(" "));
    assert.match(run.stderr, pattern, args.join(" "));
    assert.match(run.stderr, new RegExp(`^transformer: ${args[0]}: `));
  });
});
