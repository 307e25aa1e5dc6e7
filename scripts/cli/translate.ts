// The command line's translation commands (dispatched by scripts/transformer.ts):
//   train --preset translate-tiny|translate-paper [--src F --tgt F --valid-src F --valid-tgt F]
//         [--steps N | --minutes M] [--shared-embeddings on|off] --out model.safetensors
//                                                                 trains a translator
//   translate --weights model.safetensors --text "…" [--beam K]   prints the translation
//   evaluate --weights model.safetensors --src F --ref F [--beam K]
//                                                                 prints {"bleu", "sentences"}
// Corpus files are read by src/io/corpus-files.ts (gzip'd or not), as the browser reads them.
// stdout carries only the answer; progress and warnings go to stderr.
import {existsSync, openAsBlob, readFileSync, statSync, writeFileSync} from "node:fs";
import {basename, dirname, resolve} from "node:path";
import {parseArgs} from "node:util";
import type {CorpusFile} from "../../src/io/corpus-files.js";
import {TRANSLATION_PRESETS} from "../../src/training/translation-presets.js";
import {UsageError} from "./usage-error.js";

export const TRANSLATE_USAGE = `  train --preset ${Object.keys(TRANSLATION_PRESETS).join("|")} --out FILE
        [--src FILE --tgt FILE [--valid-src FILE --valid-tgt FILE]] [--steps N | --minutes M]
        [--seed S] [--pairs N] [--vocab N] [--eval-every N] [--average K]
        [--shared-embeddings on|off]
      Trains a German-English translator and writes it as one safetensors file whose
      __metadata__ holds its sizes, shared_embeddings and tokenizer. The joint BPE vocabulary (--vocab symbols,
      default the preset's) is learned on the training files (Multi30k-style, one sentence
      per line, gzip'd or not), or on the generated corpus (--pairs training pairs, default
      20000) when no files are given; without --valid-* files the held-out pairs are the
      generated validation split, or the last 500 training pairs. Held-out BLEU of greedy
      translations every --eval-every steps. Progress on stderr.
      --average K keeps a checkpoint at each held-out evaluation (and at the last step) and
      writes the mean of the last K (the paper's checkpoint averaging) instead of the last
      model; the file's metadata has both held-out BLEUs (held_out_bleu_last,
      held_out_bleu_averaged).
      --shared-embeddings on uses one matrix for the source embedding, the target embedding
      and the generator (the paper's section 3.4), off three separate ones; the default is the
      preset's (translate-tiny on, translate-paper off).
  translate --weights FILE --text "SENTENCE" [--beam K] [--alpha A] [--max-len N]
      Prints the translation (greedy, or beam search with K hypotheses and length penalty A,
      default 0.6), of at most N tokens (default 1.5 x the source's + 10).
  evaluate --weights FILE --src FILE --ref FILE [--beam K] [--alpha A] [--max-len N] [--out FILE]
      Translates every line of --src and prints {"bleu": B, "sentences": N} as the only
      output; --out also writes the translations, one per line.
`;

const STRING = {type: "string"} as const;
const BOOLEAN = {type: "boolean"} as const;

function options<const O extends Record<string, typeof STRING>>(args: string[], spec: O) {
  try {
    return parseArgs({args, options: {...spec, help: BOOLEAN}, strict: true, allowPositionals: false}).values;
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\s*\n\s*/g, " "));
  }
}

function required(name: string, value: string | undefined): string {
  if (value === undefined) throw new UsageError(`missing --${name}`);
  return value;
}

function integer(name: string, value: string | undefined, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} must be an integer of at least ${min}, not ${JSON.stringify(value)}`);
  return n;
}

function onOff(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value !== "on" && value !== "off") throw new UsageError(`--${name} must be on or off, not ${JSON.stringify(value)}`);
  return value === "on";
}

function positive(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x) || x <= 0) throw new UsageError(`--${name} must be a number above 0, not ${JSON.stringify(value)}`);
  return x;
}

/** A file on disk as the loaders' CorpusFile (a Blob that streams from disk). */
async function openFile(option: string, path: string): Promise<CorpusFile> {
  if (!existsSync(path)) throw new Error(`cannot read --${option} ${path}: no such file`);
  if (statSync(path).isDirectory()) throw new Error(`cannot read --${option} ${path}: it is a folder`);
  const blob = await openAsBlob(path);
  return {name: basename(path), stream: () => blob.stream()};
}

function checkFolder(option: string, path: string): void {
  const folder = dirname(resolve(path));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Error(`cannot write --${option} ${path}: there is no folder ${folder}`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new Error(`cannot write --${option} ${path}: it is a folder`);
}

const log = (line: string) => process.stderr.write(line + "\n");

/** TensorFlow.js and the library, once the options check out, on wasm (or TFJS_BACKEND's choice). */
async function startLibrary() {
  const [tf, node, model, translation, translationModel, files, corpus, averaging] = await Promise.all([
    import("@tensorflow/tfjs-core"),
    import("../../src/tfjs/node.js"),
    import("../../src/model/model.js"),
    import("../../src/training/translation.js"),
    import("../../src/io/translation-model.js"),
    import("../../src/io/corpus-files.js"),
    import("../../src/corpus/index.js"),
    import("../../src/training/checkpoint-average.js")
  ]);
  tf.enableProdMode();
  const {name} = await node.initNodeBackend();
  return {tf, backend: name, ...model, ...translation, ...translationModel, ...files, ...corpus, ...averaging};
}

type Library = Awaited<ReturnType<typeof startLibrary>>;

function openModel(lib: Library, path: string) {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`cannot read --weights ${path}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (error as Error).message}`);
  }
  try {
    return lib.loadTranslationModel(bytes);
  } catch (error) {
    throw new Error(`cannot load --weights ${path}: ${(error as Error).message}`);
  }
}

/** Reads aligned files, reporting their warnings. */
async function readPairs(lib: Library, srcOption: string, srcPath: string, tgtOption: string, tgtPath: string) {
  const corpus = await lib.readAlignedFiles(await openFile(srcOption, srcPath), await openFile(tgtOption, tgtPath));
  for (const warning of corpus.warnings) log(`warning: ${warning}`);
  return corpus;
}

export async function trainTranslationCommand(presetName: string, args: string[]): Promise<void> {
  const values = options(args, {
    preset: STRING, out: STRING, seed: STRING, steps: STRING, minutes: STRING, src: STRING, tgt: STRING,
    "valid-src": STRING, "valid-tgt": STRING, pairs: STRING, vocab: STRING, "eval-every": STRING, average: STRING, "shared-embeddings": STRING
  });
  const base = TRANSLATION_PRESETS[presetName as keyof typeof TRANSLATION_PRESETS];
  const out = required("out", values.out);
  const seed = integer("seed", values.seed, 0) ?? 1;
  const stepsOption = integer("steps", values.steps);
  const minutes = positive("minutes", values.minutes);
  if (stepsOption !== undefined && minutes !== undefined) throw new UsageError("give --steps or --minutes, not both");
  if ((values.src === undefined) !== (values.tgt === undefined)) throw new UsageError("--src and --tgt go together");
  if ((values["valid-src"] === undefined) !== (values["valid-tgt"] === undefined)) throw new UsageError("--valid-src and --valid-tgt go together");
  if (values["valid-src"] !== undefined && values.src === undefined) throw new UsageError("--valid-src needs --src and --tgt");
  if (values.pairs !== undefined && values.src !== undefined) throw new UsageError("--pairs sizes the generated corpus: not with --src");
  const pairs = integer("pairs", values.pairs);
  const average = integer("average", values.average, 2);
  const sharedEmbeddings = onOff("shared-embeddings", values["shared-embeddings"]) ?? Boolean(base.model.sharedEmbeddings);
  const preset = {
    ...base, model: {...base.model, sharedEmbeddings},
    vocabSize: integer("vocab", values.vocab, 5) ?? base.vocabSize, evalEvery: integer("eval-every", values["eval-every"]) ?? base.evalEvery
  };
  const steps = minutes === undefined ? (stepsOption ?? preset.steps) : Infinity;
  checkFolder("out", out);

  const lib = await startLibrary();
  let train: {src: string; tgt: string}[];
  let valid: {src: string; tgt: string}[];
  let source: string;
  if (values.src !== undefined) {
    const corpus = await readPairs(lib, "src", values.src, "tgt", values.tgt!);
    source = corpus.source;
    if (values["valid-src"] !== undefined) {
      train = corpus.pairs;
      valid = (await readPairs(lib, "valid-src", values["valid-src"], "valid-tgt", values["valid-tgt"]!)).pairs;
    } else {
      const heldOut = Math.min(500, Math.floor(corpus.pairs.length / 10));
      train = corpus.pairs.slice(0, corpus.pairs.length - heldOut);
      valid = corpus.pairs.slice(corpus.pairs.length - heldOut);
    }
  } else {
    const corpus = lib.generateCorpus({seed, pairs: pairs ?? lib.CORPUS_DEFAULTS.pairs});
    const text = (split: typeof corpus.train) => split.map(({de, en}) => ({src: de, tgt: en}));
    [train, valid] = [text(corpus.train), text(corpus.valid)];
    source = `the generated corpus (seed ${seed})`;
  }

  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const data = lib.prepareTranslationData(train, valid, preset);
  log(`read ${train.length} training and ${valid.length} held-out pairs from ${source}; learned a joint vocabulary of ` +
    `${data.tokenizer.vocab.length} in ${seconds().toFixed(1)} s` + (data.tooLong ? `; left out ${data.tooLong} pairs over ${preset.maxLength} tokens` : ""));

  const model = new lib.EncoderDecoder({...preset.model, srcVocab: data.codec.vocabSize, tgtVocab: data.codec.vocabSize}, seed);
  const {N, dModel, dFF, h, dropout} = preset.model;
  const budget = minutes === undefined ? `${steps} steps` : `${minutes} min`;
  log(`training ${preset.name} on ${lib.backend}: N=${N} d_model=${dModel} d_ff=${dFF} h=${h} dropout=${dropout}` +
    `, ${sharedEmbeddings ? "shared" : "separate"} embeddings, ${lib.countParameters(model).toLocaleString("en")} parameters, ` +
    `batches of ${preset.maxTokens} tokens, ${budget}, seed ${seed}`);

  const trainStart = performance.now();
  const deadline = minutes === undefined ? Infinity : trainStart + minutes * 60_000;
  let last = {step: 0, loss: NaN, epoch: 0};
  let tokens = 0;
  let windowStart = performance.now();
  let windowSteps = 0;
  let windowTokens = 0;
  let lastEval: ReturnType<typeof lib.translationBleu> | undefined;
  // --average: copies of the model at the last K evaluations (a mean of one model is a copy of it).
  const checkpoints: {step: number; model: InstanceType<typeof lib.EncoderDecoder>}[] = [];
  const keepCheckpoint = (step: number) => {
    checkpoints.push({step, model: lib.averageCheckpoints([model])});
    if (checkpoints.length > average!) checkpoints.shift()!.model.dispose();
  };
  for (const p of lib.trainTranslation(model, data, preset, {seed})) {
    last = p;
    tokens += p.tokens;
    windowSteps++;
    windowTokens += p.tokens;
    const report = p.step % 50 === 0 || p.eval !== undefined;
    if (report) {
      const ms = (performance.now() - windowStart) / windowSteps;
      log(`step ${p.step}  epoch ${p.epoch}  loss/token ${p.loss.toFixed(3)}  lr ${p.lr.toExponential(2)}  ` +
        `${ms.toFixed(0)} ms/step  ${Math.round((windowTokens * 1000) / (performance.now() - windowStart))} tokens/s  ${seconds().toFixed(0)} s`);
      [windowStart, windowSteps, windowTokens] = [performance.now(), 0, 0];
    }
    lastEval = p.eval;
    if (p.eval !== undefined) {
      log(`  held-out BLEU ${p.eval.bleu.toFixed(2)} on ${p.eval.sentences} pairs`);
      if (average !== undefined) keepCheckpoint(p.step);
      for (const s of p.eval.samples.slice(0, 2)) log(`    ${s.src}\n      → ${s.hyp}\n      (${s.ref})`);
    }
    if (p.step >= steps || performance.now() >= deadline) break;
  }
  const trainSeconds = (performance.now() - trainStart) / 1000;
  const heldOut = data.valid.slice(0, preset.heldOut);
  const final = lastEval ?? lib.translationBleu(model, data.codec, heldOut);
  const metadata: Record<string, string> = {preset: preset.name, steps: String(last.step), seed: String(seed), source, held_out_bleu: final.bleu.toFixed(2)};
  let written = model;
  if (average !== undefined) {
    if (checkpoints.at(-1)?.step !== last.step) keepCheckpoint(last.step);
    const averaged = lib.averageCheckpoints(checkpoints.map((c) => c.model));
    const averagedBleu = lib.translationBleu(averaged, data.codec, heldOut);
    const steps = checkpoints.map((c) => c.step).join(",");
    log(`averaged the ${checkpoints.length} checkpoints of steps ${steps}` + (checkpoints.length < average ? ` (${average} asked for)` : "") +
      `: held-out BLEU ${averagedBleu.bleu.toFixed(2)}, the last checkpoint's ${final.bleu.toFixed(2)}; writing the average`);
    Object.assign(metadata, {
      held_out_bleu: averagedBleu.bleu.toFixed(2), held_out_bleu_last: final.bleu.toFixed(2), held_out_bleu_averaged: averagedBleu.bleu.toFixed(2),
      averaged_checkpoints: steps
    });
    for (const c of checkpoints) c.model.dispose();
    written = averaged;
  }
  const bytes = lib.saveTranslationModel(written, data.tokenizer, metadata);
  writeFileSync(out, bytes);
  log(`done: ${last.step} steps (${last.epoch} epochs) in ${trainSeconds.toFixed(1)} s, ${(1000 * trainSeconds / Math.max(last.step, 1)).toFixed(0)} ms/step, ` +
    `${Math.round(tokens / trainSeconds)} tokens/s; last loss/token ${last.loss.toFixed(3)}; held-out BLEU ${metadata.held_out_bleu} ` +
    `on ${final.sentences} pairs; wrote ${out} (${(bytes.length / 1024).toFixed(0)} KiB)`);
}

export async function translateCommand(args: string[], printUsage: () => void): Promise<void> {
  const values = options(args, {weights: STRING, text: STRING, beam: STRING, alpha: STRING, "max-len": STRING});
  if (values.help) return printUsage();
  const weights = required("weights", values.weights);
  const text = required("text", values.text);
  if (text.trim() === "") throw new UsageError("--text is empty");
  const beam = integer("beam", values.beam);
  const alpha = values.alpha === undefined ? undefined : Number(values.alpha);
  if (alpha !== undefined && !(alpha >= 0)) throw new UsageError(`--alpha must be a number >= 0, not ${JSON.stringify(values.alpha)}`);
  const lib = await startLibrary();
  const {model, codec} = openModel(lib, weights);
  const [translation] = lib.translate(model, codec, [text], {beam, alpha, maxLen: integer("max-len", values["max-len"], 2)});
  process.stdout.write(translation + "\n");
}

export async function evaluateCommand(args: string[], printUsage: () => void): Promise<void> {
  const values = options(args, {weights: STRING, src: STRING, ref: STRING, beam: STRING, alpha: STRING, "max-len": STRING, out: STRING});
  if (values.help) return printUsage();
  const weights = required("weights", values.weights);
  const [srcPath, refPath] = [required("src", values.src), required("ref", values.ref)];
  const beam = integer("beam", values.beam);
  const maxLen = integer("max-len", values["max-len"], 2);
  const alpha = values.alpha === undefined ? undefined : Number(values.alpha);
  if (alpha !== undefined && !(alpha >= 0)) throw new UsageError(`--alpha must be a number >= 0, not ${JSON.stringify(values.alpha)}`);
  if (values.out !== undefined) checkFolder("out", values.out);
  const lib = await startLibrary();
  const {model, codec} = openModel(lib, weights);
  const corpus = await readPairs(lib, "src", srcPath, "ref", refPath);
  const started = performance.now();
  const result = lib.translationBleu(model, codec, corpus.pairs, {beam, alpha, maxLen}, corpus.pairs.length);
  log(`translated ${result.sentences} sentences ${beam && beam > 1 ? `with beam ${beam}` : "greedily"} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (values.out !== undefined) writeFileSync(values.out, result.samples.map((s) => s.hyp).join("\n") + "\n");
  process.stdout.write(JSON.stringify({bleu: result.bleu, sentences: result.sentences}) + "\n");
}
