// The command line's text commands (dispatched by scripts/transformer.ts):
//   bpe  --src FILE --tgt FILE --vocab N --out tokenizer.json   learns a joint BPE vocabulary
//   bleu --hyp FILE --ref FILE [--smooth none|exp]               prints corpus BLEU as JSON
// Files may be gzip'd; they are read by src/io/corpus-files.ts, as the browser reads them.
import {existsSync, openAsBlob, statSync, writeFileSync} from "node:fs";
import {basename, dirname, resolve} from "node:path";
import {parseArgs} from "node:util";
import {readAlignedFiles, readLines, type CorpusFile} from "../../src/io/corpus-files.js";
import {corpusBleu, type Smoothing} from "../../src/text/bleu.js";
import {buildTokenizer, TextCodec, tokenizerToMetadata, TOKENIZER_METADATA_KEY} from "../../src/text/vocab.js";

/** What the dispatcher lends: its UsageError (exit status 2) and its help text. */
export interface CommandContext {
  UsageError: new (message: string) => Error;
  printUsage: () => void;
}

const STRING = {type: "string"} as const;
const BOOLEAN = {type: "boolean"} as const;

function options<const O extends Record<string, typeof STRING>>(args: string[], spec: O, {UsageError}: CommandContext) {
  try {
    return parseArgs({args, options: {...spec, help: BOOLEAN}, strict: true, allowPositionals: false}).values;
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\s*\n\s*/g, " "));
  }
}

/** A file on disk as the loaders' CorpusFile (a Blob that streams from disk). */
async function openFile(option: string, path: string): Promise<CorpusFile> {
  if (!existsSync(path)) throw new Error(`cannot read --${option} ${path}: no such file`);
  if (statSync(path).isDirectory()) throw new Error(`cannot read --${option} ${path}: it is a folder`);
  const blob = await openAsBlob(path);
  return {name: basename(path), stream: () => blob.stream()};
}

const log = (line: string) => process.stderr.write(line + "\n");

export async function bpeCommand(args: string[], context: CommandContext): Promise<void> {
  const {UsageError} = context;
  const values = options(args, {src: STRING, tgt: STRING, vocab: STRING, out: STRING}, context);
  if (values.help) return context.printUsage();
  const need = (name: "src" | "tgt" | "vocab" | "out") => {
    const value = values[name];
    if (value === undefined) throw new UsageError(`missing --${name}`);
    return value;
  };
  const [srcPath, tgtPath, vocabText, out] = [need("src"), need("tgt"), need("vocab"), need("out")];
  const vocabSize = Number(vocabText);
  if (!/^\s*\d+\s*$/.test(vocabText) || !Number.isSafeInteger(vocabSize) || vocabSize < 5) {
    throw new UsageError(`--vocab must be an integer of at least 5 (4 specials and a subword), not ${JSON.stringify(vocabText)}`);
  }
  const folder = dirname(resolve(out));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Error(`cannot write --out ${out}: there is no folder ${folder}`);

  const corpus = await readAlignedFiles(await openFile("src", srcPath), await openFile("tgt", tgtPath));
  for (const warning of corpus.warnings) log(`warning: ${warning}`);
  log(`read ${corpus.pairs.length} pairs from ${corpus.source}`);
  const started = performance.now();
  const tokenizer = buildTokenizer(corpus.pairs.flatMap(({src, tgt}) => [src, tgt]), vocabSize);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const codec = new TextCodec(tokenizer);
  const mean = (side: "src" | "tgt") => corpus.pairs.reduce((n, pair) => n + codec.encodeSentence(pair[side]).length, 0) / corpus.pairs.length;
  writeFileSync(out, tokenizerToMetadata(tokenizer)[TOKENIZER_METADATA_KEY] + "\n");
  const short = tokenizer.vocab.length < vocabSize ? ` (every word is one symbol before ${vocabSize})` : "";
  log(`learned ${tokenizer.merges.length} merges in ${seconds} s: vocabulary of ${tokenizer.vocab.length}${short}; ` +
    `mean tokens per sentence with <s> and </s>: ${mean("src").toFixed(1)} source, ${mean("tgt").toFixed(1)} target; wrote ${out}`);
}

export async function bleuCommand(args: string[], context: CommandContext): Promise<void> {
  const {UsageError} = context;
  const values = options(args, {hyp: STRING, ref: STRING, smooth: STRING}, context);
  if (values.help) return context.printUsage();
  if (values.hyp === undefined) throw new UsageError("missing --hyp");
  if (values.ref === undefined) throw new UsageError("missing --ref");
  const smooth = (values.smooth ?? "none") as Smoothing;
  if (smooth !== "none" && smooth !== "exp") throw new UsageError(`--smooth must be none or exp, not ${JSON.stringify(values.smooth)}`);
  const [hyp, ref] = await Promise.all([readLines(await openFile("hyp", values.hyp)), readLines(await openFile("ref", values.ref))]);
  for (const warning of [...hyp.warnings, ...ref.warnings]) log(`warning: ${warning}`);
  if (hyp.lines.length !== ref.lines.length) {
    throw new Error(`--hyp ${values.hyp} has ${hyp.lines.length} lines but --ref ${values.ref} has ${ref.lines.length}: one hypothesis per reference`);
  }
  const {bleu, precisions, bp, sysLen, refLen} = corpusBleu(hyp.lines, ref.lines, smooth);
  process.stdout.write(JSON.stringify({bleu, precisions, bp, sysLen, refLen}) + "\n");
}
