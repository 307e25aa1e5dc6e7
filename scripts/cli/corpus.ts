// `npm run -s transformer -- corpus`: writes the generated German→English corpus as Multi30k-style
// files, one sentence per line. stdout: one line of JSON (the files and each split's figures).
import {existsSync, mkdirSync, statSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {parseArgs} from "node:util";
import {gzipSync} from "node:zlib";
import {CORPUS_DEFAULTS, type CorpusPair, generateCorpus, splitStats} from "../../src/corpus/index.js";
import {UsageError} from "./usage-error.js";

export const CORPUS_USAGE = `  corpus --out DIR [--pairs N] [--valid N] [--test N] [--seed S] [--gzip]
      Writes the generated German-English corpus to DIR (made if missing): train.de, train.en,
      val.de, val.en, test.de, test.en, one sentence per line; with --gzip instead
      train.{de,en}.gz, val.{de,en}.gz, test_2016_flickr.{de,en}.gz as Multi30k names them.
      --pairs training pairs (default ${CORPUS_DEFAULTS.pairs}); --valid, --test (default ${CORPUS_DEFAULTS.validPairs} each);
      --seed (default ${CORPUS_DEFAULTS.seed}). Prints one line of JSON: the files and each split's figures.
`;

/** Multi30k's file stems: plain files use test.*, the gzip'd ones test_2016_flickr.* as distributed. */
const STEMS = {train: "train", valid: "val", test: "test"} as const;
const GZIP_STEMS = {train: "train", valid: "val", test: "test_2016_flickr"} as const;

function count(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`--${name} must be a positive integer, not ${JSON.stringify(value)}`);
  }
  return n;
}

function seedOf(value: string | undefined): number {
  if (value === undefined) return CORPUS_DEFAULTS.seed;
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || n > 0xffffffff) throw new UsageError(`--seed must be an integer 0..4294967295, not ${JSON.stringify(value)}`);
  return n;
}

export async function corpusCommand(args: string[]): Promise<void> {
  let values;
  try {
    values = parseArgs({
      args, strict: true, allowPositionals: false,
      options: {out: {type: "string"}, pairs: {type: "string"}, valid: {type: "string"}, test: {type: "string"},
        seed: {type: "string"}, gzip: {type: "boolean"}, help: {type: "boolean"}}
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\s*\n\s*/g, " ").trim());
  }
  if (values.help) return void process.stdout.write(`Usage: npm run -s transformer -- corpus [options]\n\n${CORPUS_USAGE}`);
  if (values.out === undefined) throw new UsageError("missing --out");
  const out = values.out;
  const options = {
    seed: seedOf(values.seed),
    pairs: count("pairs", values.pairs, CORPUS_DEFAULTS.pairs),
    validPairs: count("valid", values.valid, CORPUS_DEFAULTS.validPairs),
    testPairs: count("test", values.test, CORPUS_DEFAULTS.testPairs)
  };
  if (existsSync(out) && !statSync(out).isDirectory()) throw new Error(`cannot write --out ${out}: it is a file, not a folder`);

  const started = performance.now();
  const corpus = generateCorpus(options);
  const seconds = (performance.now() - started) / 1000;
  mkdirSync(out, {recursive: true});
  const files: string[] = [];
  for (const split of ["train", "valid", "test"] as const) {
    for (const language of ["de", "en"] as const) {
      const text = corpus[split].map((pair: CorpusPair) => pair[language]).join("\n") + "\n";
      const name = values.gzip ? `${GZIP_STEMS[split]}.${language}.gz` : `${STEMS[split]}.${language}`;
      writeFileSync(join(out, name), values.gzip ? gzipSync(Buffer.from(text, "utf8")) : text);
      files.push(name);
    }
  }
  process.stderr.write(`corpus: ${options.pairs}+${options.validPairs}+${options.testPairs} pairs, seed ${options.seed}, ` +
    `generated in ${seconds.toFixed(2)} s; wrote ${files.length} files to ${out}\n`);
  const splits = Object.fromEntries((["train", "valid", "test"] as const).map((s) => [s, splitStats(corpus[s])]));
  process.stdout.write(JSON.stringify({out, seed: options.seed, files, splits}) + "\n");
}
