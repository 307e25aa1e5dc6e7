// The translation commands of scripts/transformer.ts (train with a translation preset, translate,
// evaluate), run as child processes on Multi30k-style files written from the generated corpus.
// Training runs a handful of steps: these tests check the plumbing, not the quality.
import assert from "node:assert/strict";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, test} from "node:test";
import {gzipSync} from "node:zlib";
import {generateCorpus} from "../../src/corpus/index.js";
import {parseSafetensors} from "../../src/io/safetensors.js";
import {tokenizerFromMetadata} from "../../src/text/vocab.js";
import {runCli} from "../support/cli.js";
import {repoRoot} from "../support/site.js";


const cli = (...args: string[]) => runCli(args);

const tmp = mkdtempSync(join(tmpdir(), "translation-cli-"));
after(() => rmSync(tmp, {recursive: true, force: true}));
const corpus = generateCorpus({seed: 3, pairs: 120, validPairs: 8, testPairs: 6});
const lines = (pairs: typeof corpus.train, side: "de" | "en") => pairs.map((p) => p[side]).join("\n") + "\n";
const file = (name: string, text: string, gzip = false) => {
  const p = join(tmp, name);
  writeFileSync(p, gzip ? gzipSync(text) : text);
  return p;
};
const trainDe = file("train.de.gz", lines(corpus.train, "de"), true);
const trainEn = file("train.en.gz", lines(corpus.train, "en"), true);
const validDe = file("val.de", lines(corpus.valid, "de"));
const validEn = file("val.en", lines(corpus.valid, "en"));
const testDe = file("test_2016_flickr.de.gz", lines(corpus.test, "de"), true);
const testEn = file("test_2016_flickr.en.gz", lines(corpus.test, "en"), true);
const weights = join(tmp, "model.safetensors");

// One model, trained once, serves the tests after this one (node:test runs a file's tests in order).
test("train --preset translate-tiny trains on gzip'd Multi30k-style files and writes one safetensors file with its tokenizer", async () => {
  const run = await cli("train", "--preset", "translate-tiny", "--src", trainDe, "--tgt", trainEn, "--valid-src", validDe, "--valid-tgt", validEn,
    "--steps", "2", "--eval-every", "2", "--vocab", "150", "--out", weights);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, "", "progress goes to stderr");
  assert.match(run.stderr, /read 120 training and 8 held-out pairs from train\.de\.gz \+ train\.en\.gz; learned a joint vocabulary of 150/);
  assert.match(run.stderr, /training translate-tiny on \w+: N=2 d_model=128 .*shared embeddings/);
  assert.match(run.stderr, /held-out BLEU [\d.]+ on 8 pairs/);
  assert.match(run.stderr, /done: 2 steps .* ms\/step, \d+ tokens\/s/);
  const {metadata, tensors} = parseSafetensors(new Uint8Array(readFileSync(weights)));
  assert.equal(metadata.shared_embeddings, "true");
  assert.equal(metadata.preset, "translate-tiny");
  assert.equal(tokenizerFromMetadata(metadata).vocab.length, 150);
  assert.deepEqual(tensors.get("src_embed.0.lut.weight")?.shape, [150, 128]);
  assert.ok(!tensors.has("generator.proj.weight"), "the shared matrix is stored once");
});

test("evaluate prints valid JSON and nothing else on stdout, for greedy and beam search", async () => {
  for (const beam of [[], ["--beam", "2"]]) {
    const run = await cli("evaluate", "--weights", weights, "--src", testDe, "--ref", testEn, "--max-len", "6", ...beam);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.split("\n");
    assert.equal(lines.length, 2, `one line of JSON, then the newline: ${JSON.stringify(run.stdout)}`);
    const result = JSON.parse(lines[0]);
    assert.deepEqual(Object.keys(result), ["bleu", "sentences"]);
    assert.equal(result.sentences, corpus.test.length);
    assert.ok(result.bleu >= 0 && result.bleu <= 100, String(result.bleu));
  }
});

test("translate prints one line of English-looking text for a German sentence", async () => {
  const run = await cli("translate", "--weights", weights, "--text", "Ich esse gern Pilze.", "--max-len", "6");
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout.split("\n").length, 2, JSON.stringify(run.stdout));
  assert.equal(run.stderr, "");
});

test("train --average 3 keeps a checkpoint at each evaluation and the last step, writes their mean, and records both held-out BLEUs", async () => {
  const averaged = join(tmp, "averaged.safetensors");
  const run = await cli("train", "--preset", "translate-tiny", "--src", trainDe, "--tgt", trainEn, "--valid-src", validDe, "--valid-tgt", validEn,
    "--steps", "5", "--eval-every", "2", "--vocab", "150", "--average", "3", "--out", averaged);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /averaged the 3 checkpoints of steps 2,4,5: held-out BLEU [\d.]+, the last checkpoint's [\d.]+; writing the average/);
  const {metadata, tensors} = parseSafetensors(new Uint8Array(readFileSync(averaged)));
  assert.equal(metadata.averaged_checkpoints, "2,4,5");
  assert.match(metadata.held_out_bleu_last, /^\d+\.\d\d$/);
  assert.match(metadata.held_out_bleu_averaged, /^\d+\.\d\d$/);
  assert.equal(metadata.held_out_bleu, metadata.held_out_bleu_averaged, "the file's BLEU is the written model's");
  assert.ok(!tensors.has("generator.proj.weight"), "the average keeps the one shared matrix");
  const usage = await cli("train", "--preset", "translate-tiny", "--average", "1", "--out", averaged);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--average must be an integer of at least 2, not "1"/);
});

test("train --shared-embeddings off writes three separate matrices where the preset shares one", async () => {
  const separate = join(tmp, "separate.safetensors");
  const run = await cli("train", "--preset", "translate-tiny", "--src", trainDe, "--tgt", trainEn, "--valid-src", validDe, "--valid-tgt", validEn,
    "--steps", "1", "--eval-every", "1", "--vocab", "150", "--shared-embeddings", "off", "--out", separate);
  assert.equal(run.code, 0, run.stderr);
  // 150-symbol vocabulary at translate-tiny's sizes: the shared model's 663,040 + 150·128 + 150, and two more [150, 128] matrices.
  assert.match(run.stderr, /training translate-tiny on \w+: N=2 d_model=128 .*separate embeddings, 720,790 parameters/);
  const {metadata, tensors} = parseSafetensors(new Uint8Array(readFileSync(separate)));
  assert.equal(metadata.shared_embeddings, "false");
  for (const name of ["src_embed.0.lut.weight", "tgt_embed.0.lut.weight", "generator.proj.weight"]) assert.deepEqual(tensors.get(name)?.shape, [150, 128], name);
});

test("usage errors name the problem and exit with status 2", async () => {
  const cases: [string[], RegExp][] = [
    [["train", "--preset", "translate-tiny", "--steps", "2", "--minutes", "1", "--out", weights], /give --steps or --minutes, not both/],
    [["train", "--preset", "translate-tiny", "--src", trainDe, "--out", weights], /--src and --tgt go together/],
    [["train", "--preset", "translate-huge", "--out", weights], /unknown preset "translate-huge"; choose one of .*translate-tiny, translate-paper/],
    [["train", "--preset", "translate-paper", "--shared-embeddings", "yes", "--out", weights], /--shared-embeddings must be on or off, not "yes"/],
    [["translate", "--weights", weights], /missing --text/],
    [["evaluate", "--weights", weights, "--src", testDe], /missing --ref/]
  ];
  for (const [args, message] of cases) {
    const run = await cli(...args);
    assert.equal(run.code, 2, `${args.join(" ")}: ${run.stderr}`);
    assert.match(run.stderr, message);
    assert.equal(run.stdout, "");
  }
});

test("evaluate refuses files whose line counts differ, naming both counts, and a copy-task checkpoint", async () => {
  const short = file("short.en", "The man sees the dog.\n");
  const run = await cli("evaluate", "--weights", weights, "--src", testDe, "--ref", short);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /test_2016_flickr\.de\.gz has 6 lines but short\.en has 1/);
  const copy = await cli("translate", "--weights", join(repoRoot, "data/fixtures/tiny.safetensors"), "--text", "Hallo.");
  assert.equal(copy.code, 1);
  assert.match(copy.stderr, /cannot load --weights .*tiny\.safetensors: .*no "tokenizer" entry/);
});
