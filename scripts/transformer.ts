// The course's command line: a checkpoint's log-probabilities, decoding and copy-task training,
// from a terminal. Run as `npm run -s transformer -- <command> [options]`; see USAGE below.
// stdout carries only the JSON answer (logprobs, decode); progress and errors go to stderr.
import {closeSync, existsSync, openSync, readFileSync, statSync, unlinkSync, writeFileSync} from "node:fs";
import {dirname, resolve} from "node:path";
import {parseArgs} from "node:util";
import type {Tensor2D, Tensor3D} from "@tensorflow/tfjs-core";
import type {EncoderDecoder} from "../src/model/model.js";
import {getPreset, PRESETS} from "../src/training/presets.js";
import {CORPUS_USAGE, corpusCommand} from "./cli/corpus.js";
import {UsageError} from "./cli/usage-error.js";
import {bleuCommand, bpeCommand} from "./cli/text.js";
import {evaluateCommand, TRANSLATE_USAGE, trainTranslationCommand, translateCommand} from "./cli/translate.js";
import {isTranslationPreset, TRANSLATION_PRESETS} from "../src/training/translation-presets.js";

const USAGE = `Usage: npm run -s transformer -- <command> [options]

Commands:
  logprobs --weights FILE --src "IDS" --tgt "IDS"
      The generator's log-probabilities at every target position, as JSON [T][V]
      (one sequence; --tgt is the decoder input as given, not shifted).
  decode --weights FILE --src "IDS" [--max-len N] [--start ID]
         [--beam K [--alpha A] [--all]]
      Decoded ids as JSON, e.g. [1,5,4,5]. Greedy unless --beam is given.
      --max-len  tokens to produce, start token included (default: the source length)
      --start    start token id (default 1, the copy task's start token)
      --beam     beam search with K hypotheses (the paper uses 4)
      --alpha    length penalty ((5 + |Y|) / 6)^alpha (default 0.6)
      --all      print every hypothesis as {ids, logprob, score}, best first
  train --preset NAME --out FILE [--seed S] [--steps N]
      Trains the copy task and writes the weights as safetensors. Progress on stderr.
      Presets: ${Object.keys(PRESETS).join(", ")}. --steps overrides the preset's; --seed defaults to 1.
${TRANSLATE_USAGE}  bpe --src FILE --tgt FILE --vocab N --out tokenizer.json
      Learns one BPE vocabulary of N symbols (<s> </s> <blank> <unk> among them) on aligned
      files, one sentence per line (train.de + train.en, gzip'd or not); writes it as JSON.
  bleu --hyp FILE --ref FILE [--smooth none|exp]
      Corpus BLEU-4 of detokenized hypotheses, one per line, against one reference each, on
      sacreBLEU's 13a tokens; prints {"bleu", "precisions", "bp", "sysLen", "refLen"}, bleu and
      precisions in percent. --smooth exp is sacreBLEU's default smoothing (default: none).
${CORPUS_USAGE}  help
      This text.

IDS are token ids separated by spaces or commas, e.g. "1 5 3 9 2"; 0 is padding.
FILE is a safetensors checkpoint (data/fixtures/tiny.safetensors, or one written by train).
The TensorFlow.js backend is wasm; TFJS_BACKEND=cpu picks the cpu backend.
Exit status: 0 on success, 2 for a usage error, 1 for any other failure.
`;

const STRING = {type: "string"} as const;
const BOOLEAN = {type: "boolean"} as const;
type OptionSpec = Record<string, typeof STRING | typeof BOOLEAN>;

/**
 * node:util parseArgs, strict: an unknown option, a missing value, a stray argument or an option
 * given twice is a UsageError. parseArgs reads "-1" after "--seed" as an option of its own, so a
 * value that looks like a negative number is joined to its option first ("--seed=-1"), and the
 * option's own check then says what is wrong with it.
 */
function parseOptions<const O extends OptionSpec>(args: string[], options: O) {
  const spec = {...options, help: BOOLEAN};
  const takesValue = (arg: string) => arg.startsWith("--") && Object.hasOwn(spec, arg.slice(2)) && spec[arg.slice(2)].type === "string";
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (takesValue(args[i]) && /^-\d/.test(args[i + 1] ?? "")) joined.push(`${args[i]}=${args[++i]}`);
    else joined.push(args[i]);
  }
  let parsed;
  try {
    parsed = parseArgs({args: joined, options: spec, strict: true, allowPositionals: false, tokens: true});
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== "option") continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} is given twice`);
    seen.add(token.name);
  }
  return parsed.values;
}

function required(name: string, value: string | undefined): string {
  if (value === undefined) throw new UsageError(`missing --${name}`);
  return value;
}

/** An optional whole number >= min from the command line. */
function integer(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`--${name} must be ${min > 0 ? "a positive" : "a non-negative"} integer, not ${JSON.stringify(value)}`);
  }
  return n;
}

function nonNegativeNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x) || x < 0) {
    throw new UsageError(`--${name} must be a number >= 0, not ${JSON.stringify(value)}`);
  }
  return x;
}

/** "1 5 3" or "1,5,3" → [1, 5, 3]: at least one id, each a non-negative integer. */
function parseIds(name: string, text: string): number[] {
  const words = text.split(/[\s,]+/).filter((w) => w !== "");
  const bad = words.find((w) => !/^\d+$/.test(w) || !Number.isSafeInteger(Number(w)));
  if (words.length === 0 || bad !== undefined) {
    const why = bad === undefined ? "it is empty" : `${JSON.stringify(bad)} is not one`;
    throw new UsageError(`--${name} must be a list of non-negative integer ids such as "1 5 3" (${why})`);
  }
  return words.map(Number);
}

function checkVocab(name: string, ids: number[], vocab: number): void {
  const bad = ids.find((id) => id >= vocab);
  if (bad !== undefined) throw new UsageError(`--${name} has id ${bad}, but the model's vocabulary is 0..${vocab - 1}`);
}

/** A length the model's positional encoding must cover: at most its table's max_len (5000, as in the Annotated Transformer). */
function checkLength(what: string, length: number, maxLen: number): void {
  if (length > maxLen) throw new UsageError(`${what} is over the model's max_len of ${maxLen} (the length of its positional encoding table)`);
}

// ---- The library ----

/**
 * TensorFlow.js and the course's modules, imported only once a command's options check out:
 * importing TensorFlow.js takes most of a second, which `help` and a usage error need not wait for.
 */
async function importLibrary() {
  const [tf, weights, masks, model, copyTask, decoding, node] = await Promise.all([
    import("@tensorflow/tfjs-core"),
    import("../src/io/weights.js"),
    import("../src/model/masks.js"),
    import("../src/model/model.js"),
    import("../src/training/copy-task.js"),
    import("../src/training/decode.js"),
    import("../src/tfjs/node.js")
  ]);
  return {tf, ...weights, ...masks, ...model, ...copyTask, ...decoding, ...node};
}

type Library = Awaited<ReturnType<typeof importLibrary>> & {backend: string};

/** The library, on the wasm backend or TFJS_BACKEND's choice, with tfjs's console messages off. */
async function startLibrary(): Promise<Library> {
  const lib = await importLibrary();
  // In tfjs 4.22 prod mode only silences tfjs's own log and warn calls, among them the cpu
  // backend's "Hi, looks like you are running TensorFlow.js in Node.js" banner.
  lib.tf.enableProdMode();
  const {name} = await lib.initNodeBackend();
  return {...lib, backend: name};
}

// The largest checkpoint read: the most one Node buffer holds (readFileSync's limit). The paper's
// big model is 0.85 GB of float32.
const MAX_WEIGHTS_BYTES = 2 ** 31 - 1;

/**
 * The checkpoint at `path` as a model in eval mode; a bad file fails with loadModel's message.
 * Only a regular file is read (not /dev/zero, a FIFO or a folder), and only when stat says its
 * size is within MAX_WEIGHTS_BYTES.
 */
function openModel({loadModel}: Library, path: string): EncoderDecoder {
  let bytes: Uint8Array;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new Error("it is a folder");
    if (!stat.isFile()) throw new Error("it is not a regular file");
    if (stat.size > MAX_WEIGHTS_BYTES) throw new Error(`it has ${stat.size} bytes, over the limit of ${MAX_WEIGHTS_BYTES}`);
    bytes = new Uint8Array(readFileSync(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : messageOf(error);
    throw new Error(`cannot read --weights ${path}: ${why}`);
  }
  try {
    return loadModel(bytes).eval();
  } catch (error) {
    throw new Error(`cannot load --weights ${path}: ${messageOf(error)}`);
  }
}

/** Runs `f` on the source [1, S] and its padding mask [1, 1, S] (pad id 0), then frees them. */
function withSource<R>({tf, paddingMask, COPY_PAD}: Library, src: number[], f: (src_1S: Tensor2D, srcMask_11S: Tensor3D) => R): R {
  const src_1S = tf.tensor2d([src], undefined, "int32");
  const srcMask_11S = paddingMask(src_1S, COPY_PAD);
  try {
    return f(src_1S, srcMask_11S);
  } finally {
    tf.dispose([src_1S, srcMask_11S]);
  }
}

function printUsage(): void {
  process.stdout.write(USAGE);
}

function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + "\n");
}

// ---- Commands ----

async function logprobs(args: string[]): Promise<void> {
  const values = parseOptions(args, {weights: STRING, src: STRING, tgt: STRING});
  if (values.help) return printUsage();
  const weights = required("weights", values.weights);
  const src = parseIds("src", required("src", values.src));
  const tgt = parseIds("tgt", required("tgt", values.tgt));

  const lib = await startLibrary();
  const {tf, subsequentMask} = lib;
  const model = openModel(lib, weights);
  checkVocab("src", src, model.config.srcVocab);
  checkVocab("tgt", tgt, model.config.tgtVocab);
  checkLength(`--src has ${src.length} ids, which`, src.length, model.src_embed.position.maxLen);
  checkLength(`--tgt has ${tgt.length} ids, which`, tgt.length, model.tgt_embed.position.maxLen);
  const logprobs_TV = withSource(lib, src, (src_1S, srcMask_11S) =>
    tf.tidy(() => {
      const tgt_1T = tf.tensor2d([tgt], undefined, "int32");
      const out_1TC = model.forward(src_1S, tgt_1T, srcMask_11S, subsequentMask(tgt.length));
      return model.generator.forward(out_1TC).arraySync()[0];
    })
  );
  printJson(logprobs_TV);
}

async function decode(args: string[]): Promise<void> {
  const values = parseOptions(args, {
    weights: STRING, src: STRING, "max-len": STRING, start: STRING, beam: STRING, alpha: STRING, all: BOOLEAN
  });
  if (values.help) return printUsage();
  const weights = required("weights", values.weights);
  const src = parseIds("src", required("src", values.src));
  const maxLen = integer("max-len", values["max-len"], 1) ?? src.length;
  const startOption = integer("start", values.start, 0);
  const beamSize = integer("beam", values.beam, 1);
  const alpha = nonNegativeNumber("alpha", values.alpha);
  if (beamSize === undefined && (alpha !== undefined || values.all)) throw new UsageError(`--${values.all ? "all" : "alpha"} needs --beam`);

  const lib = await startLibrary();
  const {greedyDecode, beamSearch} = lib;
  const start = startOption ?? lib.COPY_START;
  const model = openModel(lib, weights);
  checkVocab("src", src, model.config.srcVocab);
  checkVocab("start", [start], model.config.tgtVocab);
  checkLength(`--src has ${src.length} ids, which`, src.length, model.src_embed.position.maxLen);
  checkLength(`--max-len ${maxLen}`, maxLen, model.tgt_embed.position.maxLen);
  withSource(lib, src, (src_1S, srcMask_11S) => {
    if (beamSize === undefined) return printJson(greedyDecode(model, src_1S, srcMask_11S, maxLen, start)[0]);
    const hypotheses = beamSearch(model, src_1S, srcMask_11S, {beamSize, maxLen, startSymbol: start, alpha});
    printJson(values.all ? hypotheses : hypotheses[0].ids);
  });
}

async function train(args: string[]): Promise<void> {
  const presetName = presetOf(args);
  if (presetName !== undefined && isTranslationPreset(presetName) && !args.includes("--help")) return trainTranslationCommand(presetName, args);
  const values = parseOptions(args, {preset: STRING, out: STRING, seed: STRING, steps: STRING});
  if (values.help) return printUsage();
  const preset = presetNamed(required("preset", values.preset));
  const out = required("out", values.out);
  const seed = integer("seed", values.seed, 0) ?? 1;
  const steps = integer("steps", values.steps, 1) ?? preset.steps;
  checkFolder(out);

  const {backend, EncoderDecoder, countParameters, trainCopy, saveWeights} = await startLibrary();
  const model = new EncoderDecoder({...preset.model, srcVocab: preset.vocab, tgtVocab: preset.vocab}, seed);
  const {N, dModel, dFF, h, dropout} = preset.model;
  log(`training ${preset.name} on ${backend}: N=${N} d_model=${dModel} d_ff=${dFF} h=${h} dropout=${dropout}, ` +
    `${countParameters(model)} parameters, ${steps} steps of ${preset.batchSize}, seed ${seed}`);
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  let loss = NaN;
  let accuracy = NaN;
  for (const result of trainCopy(model, {...preset, steps}, {seed})) {
    loss = result.loss;
    if (result.accuracy === undefined) continue;
    accuracy = result.accuracy;
    log(`step ${result.step}/${steps}  loss/token ${loss.toFixed(4)}  lr ${result.lr.toExponential(2)}  ` +
      `exact match ${percent(accuracy)}  ${seconds()} s`);
  }
  const bytes = saveWeights(model);
  writeFileSync(out, bytes);
  log(`done: ${steps} steps in ${seconds()} s, last loss/token ${loss.toFixed(4)}, exact match ${percent(accuracy)}; ` +
    `wrote ${out} (${(bytes.length / 1024).toFixed(1)} KiB)`);
}

/** The value of --preset NAME or --preset=NAME among the arguments, if any. */
function presetOf(args: string[]): string | undefined {
  const i = args.indexOf("--preset");
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith("--preset="))?.slice("--preset=".length);
}

/** getPreset, with its message for an unknown name (copy and translation presets) as a UsageError. */
function presetNamed(name: string) {
  try {
    return getPreset(name);
  } catch {
    throw new UsageError(`unknown preset "${name}"; choose one of ${[...Object.keys(PRESETS), ...Object.keys(TRANSLATION_PRESETS)].join(", ")}`);
  }
}

/**
 * Fails before training, not after, when `path` cannot be written: the folder must exist, and the
 * file must open for writing (made and removed again here when it did not exist yet).
 */
function checkFolder(path: string): void {
  const folder = dirname(resolve(path));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Error(`cannot write --out ${path}: there is no folder ${folder}`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new Error(`cannot write --out ${path}: it is a folder`);
  const existed = existsSync(path);
  try {
    closeSync(openSync(path, existed ? "r+" : "wx"));
  } catch (error) {
    throw new Error(`cannot write --out ${path}: ${messageOf(error)}`);
  }
  if (!existed) unlinkSync(path);
}

const percent = (x: number) => `${(100 * x).toFixed(0)}%`;
const log = (line: string) => process.stderr.write(line + "\n");

// ---- Main ----

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  logprobs, decode, train,
  translate: (args) => translateCommand(args, printUsage),
  evaluate: (args) => evaluateCommand(args, printUsage),
  corpus: corpusCommand,
  bpe: (args) => bpeCommand(args, {UsageError, printUsage}),
  bleu: (args) => bleuCommand(args, {UsageError, printUsage})
};

/** One line, whatever was thrown (parseArgs's messages can span several). */
function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, " ").trim();
}

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") return printUsage();
  if (!Object.hasOwn(COMMANDS, command)) {
    throw new UsageError(`unknown command ${JSON.stringify(command)}; choose one of ${Object.keys(COMMANDS).join(", ")}, help`);
  }
  try {
    await COMMANDS[command](args);
  } catch (error) {
    if (error instanceof Error) error.message = `${command}: ${error.message}`;
    throw error;
  }
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  const hint = error instanceof UsageError ? " (see: npm run -s transformer -- help)" : "";
  process.stderr.write(`transformer: ${messageOf(error)}${hint}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
