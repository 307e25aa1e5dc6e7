// The Results page's translator: which model it shows, a German sentence read into subwords (and
// what became <unk>), its translation (greedy, or the hypotheses of beam search with their scores),
// every attention map of the model on the sentence and its translation, with subwords as labels,
// and what the source attention shows of the verb's reordering in two sentences of the grammar.
import * as tf from "@tensorflow/tfjs-core";
import {renderSentence, type Sentence} from "../corpus/index.js";
import {loadStoredModel, type StoredEntry, taskOf} from "../io/browser-store.js";
import {loadTranslationModel, type TranslationModel} from "../io/translation-model.js";
import {paddingMask} from "../model/masks.js";
import {countParameters, type EncoderDecoder} from "../model/model.js";
import {END_OF_WORD} from "../text/bpe.js";
import {BOS, EOS, PAD, type Encoded, type TextCodec} from "../text/vocab.js";
import {beamSearch} from "../training/decode.js";
import {isTranslationPreset, TRANSLATION_PRESETS} from "../training/translation-presets.js";
import {defaultMaxLen, translateIds} from "../training/translation.js";
import {tokenLabels} from "./attention.js";
import {attentionMaps, type AttentionMaps, type ModelAttention} from "./results.js";

export const DEFAULT_SENTENCE = "Ich esse gern Pilze.";

/** The presets keep pairs of at most this many ids (<s> and </s> included); the page refuses longer sentences. */
export const MAX_SOURCE_IDS = 72;

// ---- The model ----

/** A translation model from a file, or the reason (naming the file) why it is not one. */
export function openTranslationFile(bytes: Uint8Array, name: string): {loaded: TranslationModel; error: null} | {loaded: null; error: string} {
  try {
    return {loaded: loadTranslationModel(bytes, {dropout: 0}), error: null};
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const copyModel = /no "tokenizer" entry/.test(why)
      ? " It looks like a copy-task model: a translator's file carries its tokenizer (the Training page's translation presets and `transformer train --preset translate-tiny` write one)."
      : "";
    return {loaded: null, error: `“${name}” is not a translation model this page can use: ${why}.${copyModel}`};
  }
}

/** The list's key of the course's shipped model. */
export const SHIPPED = "shipped";
export const SHIPPED_NAME = "the course's shipped translate-tiny";

const when = (e: StoredEntry) => e.info.savedAt.slice(0, 16).replace("T", " ");

/** How the page names a model kept in the browser. */
export function describeStored(e: StoredEntry): string {
  return `${e.kind === "saved" ? `your saved model “${e.name}” (${e.info.description})` : `your recent run ${e.info.description}`}, saved ${when(e)}`;
}

/**
 * The list of models to translate with: the translation models kept in the browser, newest first,
 * then the shipped one. The default is the newest kept (saved or a recent run), else the shipped one.
 */
export function translationChoices(entries: readonly StoredEntry[]): {options: {key: string; label: string}[]; value: string} {
  const kept = entries.filter((e) => taskOf(e.info) === "translation").sort((a, b) => (a.info.savedAt < b.info.savedAt ? 1 : a.info.savedAt > b.info.savedAt ? -1 : 0));
  return {
    options: [...kept.map((e) => ({key: e.key, label: describeStored(e)})), {key: SHIPPED, label: SHIPPED_NAME}],
    value: kept[0]?.key ?? SHIPPED
  };
}

export interface OpenedModel {
  loaded: TranslationModel;
  bytes: number;
  /** Which model this is, for the page's sentence "This part shows …". */
  shows: string;
  /** Why the model chosen is not the one shown (then the shipped one is), or null. */
  error: string | null;
}

/** Opens the model chosen: a file, a model kept in the browser, or the shipped one (also what a choice that fails falls back to). */
export async function openChoice(choice: {key: string; file: {name: string; bytes: Uint8Array} | null}, entries: readonly StoredEntry[], shipped: Uint8Array): Promise<OpenedModel> {
  const fallback = (error: string | null): OpenedModel => {
    const opened = openTranslationFile(shipped, "the shipped model");
    if (!opened.loaded) throw new Error(opened.error);
    return {loaded: opened.loaded, bytes: shipped.length, shows: SHIPPED_NAME, error: error && `${error} Showing ${SHIPPED_NAME} instead.`};
  };
  if (choice.file) {
    const opened = openTranslationFile(choice.file.bytes, choice.file.name);
    return opened.loaded ? {loaded: opened.loaded, bytes: choice.file.bytes.length, shows: `the file ${choice.file.name}`, error: null} : fallback(opened.error);
  }
  const entry = entries.find((e) => e.key === choice.key);
  if (!entry) return fallback(choice.key === SHIPPED ? null : "That model is no longer kept in this browser.");
  const stored = await loadStoredModel(entry.key).catch(() => null);
  if (!stored) return fallback(`${describeStored(entry)} could not be read from this browser's storage.`);
  const opened = openTranslationFile(stored.bytes, entry.name);
  return opened.loaded ? {loaded: opened.loaded, bytes: stored.bytes.length, shows: describeStored(entry), error: null} : fallback(opened.error);
}

export interface ModelFacts {
  parameters: number;
  bytes: number;
  N: number;
  dModel: number;
  h: number;
  vocab: number;
  /** From the file's metadata, where the trainer wrote them; null where it did not. */
  heldOutBleu: number | null;
  steps: number | null;
  preset: string | null;
  source: string | null;
  /** Tokens the training batches held (the preset's token budget, padding included, times the steps), where both are known. */
  tokensSeen: number | null;
}

/** What the page says about a model: its sizes, and how it was trained as far as its metadata tells. */
export function modelFacts({model, metadata}: TranslationModel, bytes: number): ModelFacts {
  const number = (key: string) => (metadata[key] !== undefined && Number.isFinite(Number(metadata[key])) ? Number(metadata[key]) : null);
  const preset = metadata.preset ?? null;
  const steps = number("steps");
  const budget = preset !== null && isTranslationPreset(preset) ? TRANSLATION_PRESETS[preset].maxTokens : null;
  const {N, dModel, h, srcVocab} = model.config;
  return {
    parameters: countParameters(model),
    bytes,
    N,
    dModel,
    h,
    vocab: srcVocab,
    heldOutBleu: number("held_out_bleu"),
    steps,
    preset,
    source: metadata.source ?? null,
    tokensSeen: steps !== null && budget !== null ? steps * budget : null
  };
}

/** The usual estimate of training compute: 6 FLOPs per parameter per token (forward 2, backward 4). */
export function trainingFlops(parameters: number, tokens: number): number {
  return 6 * parameters * tokens;
}

// ---- Subwords ----

/** A subword as the course shows it (as the Tokens page does): the end-of-word mark </w> as ▁ after it. */
export function subwordLabel(piece: string): string {
  return piece.endsWith(END_OF_WORD) ? piece.slice(0, -END_OF_WORD.length) + "▁" : piece;
}

/** The symbols behind ids, the specials as themselves. */
export function piecesOf(codec: TextCodec, ids: readonly number[]): string[] {
  return ids.map((id) => {
    const piece = codec.tokenizer.vocab[id];
    if (piece === undefined) throw new Error(`piecesOf: id ${id} is outside the vocabulary 0..${codec.vocabSize - 1}`);
    return piece;
  });
}

/** The typed text as the model sees it, or why it cannot be translated. warning: what became <unk>. */
export function readGerman(codec: TextCodec, text: string): {source: Encoded; warning: string | null; error: null} | {source: null; warning: null; error: string} {
  if (text.trim() === "") return {source: null, warning: null, error: `type a German sentence, e.g. “${DEFAULT_SENTENCE}”`};
  const source = codec.encodeDetailed(text);
  if (source.ids.length > MAX_SOURCE_IDS) {
    return {source: null, warning: null, error: `that is ${source.ids.length - 2} subwords; the models here learnt from sentences of at most ${MAX_SOURCE_IDS - 2}, so type a shorter one`};
  }
  const words = source.ids.length - 2;
  const unknown = source.unknown.map((i) => `“${subwordLabel(source.pieces[i])}”`);
  let warning: string | null = null;
  if (unknown.length === words) warning = `none of its ${words} subwords is in the model's vocabulary (every one became <unk>), so the translation cannot depend on what you typed`;
  else if (unknown.length > 0) warning = `${unknown.length} of its ${words} subwords ${unknown.length === 1 ? "is" : "are"} not in the model's vocabulary and became <unk>: ${unknown.join(", ")}`;
  return {source, warning, error: null};
}

// ---- Translating ----

export interface Decoding {
  /** 1: greedy; more: beam search with this many hypotheses. */
  beam: number;
  alpha: number; // the length penalty of beam search
}

export interface Hypothesis {
  ids: number[]; // from <s>, ending with </s> where one was produced
  text: string;
  pieces: string[];
  logprob: number;
  score: number;
}

export interface Translation {
  /** The translation shown (greedy's, or beam search's best) and, for beam search, every finished hypothesis, best first. */
  output: {ids: number[]; text: string; pieces: string[]};
  hypotheses: Hypothesis[];
}

export function translateSentence(model: EncoderDecoder, codec: TextCodec, source: Encoded, {beam, alpha}: Decoding): Translation {
  const describe = (ids: number[]) => ({ids, text: codec.decodeIds(ids), pieces: piecesOf(codec, ids)});
  if (beam <= 1) return {output: describe(translateIds(model, [source.ids])[0]), hypotheses: []};
  const src_1S = tf.tensor2d([source.ids], undefined, "int32");
  const srcMask_11S = paddingMask(src_1S, PAD);
  let found;
  try {
    found = beamSearch(model, src_1S, srcMask_11S, {beamSize: beam, maxLen: defaultMaxLen(source.ids), startSymbol: BOS, endSymbol: EOS, alpha});
  } finally {
    tf.dispose([src_1S, srcMask_11S]);
  }
  const hypotheses = found.map((h) => ({...describe(h.ids), logprob: h.logprob, score: h.score}));
  return {output: describe(hypotheses[0].ids), hypotheses};
}

// ---- Attention ----

export interface AttentionPanel {
  kind: keyof ModelAttention;
  title: string;
  x: string;
  y: string;
  xTicks: string[];
  yTicks: string[];
  maps: AttentionMaps; // [layer][head][query][key]
}

/**
 * Every attention map of the model reading the source and its own translation `out` (from <s>).
 * The decoder reads out[0..n-2] and outputs out[1..n-1]: its rows (queries) are labelled with the
 * subword each position outputs, the decoder self-attention's columns with the subwords it reads.
 */
export function translationAttention(model: EncoderDecoder, codec: TextCodec, src: readonly number[], out: readonly number[]): AttentionPanel[] {
  if (out.length < 2) throw new Error(`translationAttention: the translation has ${out.length} ids, not <s> and at least one more`);
  const read = out.slice(0, -1);
  const maps = attentionMaps(model, [...src], read, PAD);
  const label = (ids: readonly number[]) => tokenLabels(piecesOf(codec, ids).map(subwordLabel));
  const [source, reads, outputs] = [label(src), label(read), label(out.slice(1))];
  return [
    {kind: "encoderSelf", title: "Encoder self-attention", x: "key (source subword)", y: "query (source subword)", xTicks: source, yTicks: source, maps: maps.encoderSelf},
    {kind: "decoderSelf", title: "Decoder self-attention", x: "key (the subword a position reads)", y: "query (the subword it outputs)", xTicks: reads, yTicks: outputs, maps: maps.decoderSelf},
    {kind: "decoderSource", title: "Decoder source attention", x: "key (source subword)", y: "query (the subword it outputs)", xTicks: source, yTicks: outputs, maps: maps.decoderSource}
  ];
}

/** A layer's maps averaged over its heads: [query][key]. */
export function meanOverHeads(heads: readonly (readonly (readonly number[])[])[]): number[][] {
  if (heads.length === 0) throw new Error("meanOverHeads: no heads");
  return heads[0].map((row, q) => row.map((_, k) => heads.reduce((sum, head) => sum + head[q][k], 0) / heads.length));
}

// ---- The verb's reordering ----

export interface ReorderingExample {
  name: string;
  de: string;
  en: string; // the grammar's translation
  deVerb: string; // the German verb at the clause's end (finite verb of a subordinate clause, or participle)
  enVerb: string; // the English verb it becomes, early in the English clause
}

/** An example from the grammar's structure: the German clause's last verb form and the English verb of the same clause. */
function reorderingExample(name: string, sentence: Sentence): ReorderingExample {
  const {de, en, deParts, enParts} = renderSentence(sentence);
  const verb = deParts.filter((p) => p.role === "finite" || p.role === "participle").at(-1);
  const english = enParts.find((p) => p.role === "verb" && p.clause === verb?.clause);
  if (!verb || !english) throw new Error(`reorderingExample: “${de}” has no verb to follow`);
  return {name, de, en, deVerb: verb.text, enVerb: english.text};
}

const def = (noun: string, kase: "nom" | "acc") => ({kind: "noun", noun, number: "sg", determiner: "def", case: kase}) as const;
const plain = {negation: "none", gern: false, tense: "present"} as const;

export const REORDERING_EXAMPLES: readonly ReorderingExample[] = [
  reorderingExample("subordinate clause", {
    rule: "subordinate",
    conjunction: "weil",
    subFirst: false,
    main: {...plain, subject: {kind: "pronoun", pronoun: "ich", case: "nom"}, verb: "bleiben", pp: {preposition: "zu-hause"}},
    sub: {...plain, subject: def("Frau", "nom"), verb: "lesen", object: def("Buch", "acc")}
  }),
  reorderingExample("perfect tense", {rule: "statement", clause: {...plain, tense: "perfect", subject: def("Mann", "nom"), verb: "sehen", object: def("Hund", "acc")}})
];

/** Words of a subword sequence: each word's text (</w> dropped) and the positions of its subwords. */
export function wordsOf(pieces: readonly string[]): {text: string; positions: number[]}[] {
  const words: {text: string; positions: number[]}[] = [];
  let current: {text: string; positions: number[]} | null = null;
  pieces.forEach((piece, i) => {
    current ??= {text: "", positions: []};
    current.text += piece.endsWith(END_OF_WORD) ? piece.slice(0, -END_OF_WORD.length) : piece;
    current.positions.push(i);
    if (piece.endsWith(END_OF_WORD) || piece === "<s>" || piece === "</s>") {
      words.push(current);
      current = null;
    }
  });
  if (current) words.push(current);
  return words;
}

export interface Reordering {
  example: ReorderingExample;
  translation: string;
  /** Source positions of the German verb's subwords. */
  deVerbPositions: number[];
  /** The decoder row that outputs the English verb's first subword, or null when the translation lacks the verb. */
  verbRow: number | null;
  /**
   * The row followed: verbRow, or else the row that gives the German verb the most weight; the
   * subword it outputs; where it attends most (last layer, mean over heads), with that weight;
   * the weight it gives the German verb; and the heads (from 1) whose own largest weight is on it.
   */
  row: number;
  outputs: string;
  top: {position: number; piece: string; weight: number};
  verbWeight: number;
  verbHeads: number[];
  sourceLength: number;
}

/**
 * What the last layer's source attention shows for an example: the translation's row that outputs
 * the English verb, and whether it looks at the German verb at the clause's end.
 * `out`: the translation's ids from <s>; `decoderSource`: its maps, as translationAttention gives them.
 */
export function verbReordering(example: ReorderingExample, codec: TextCodec, out: readonly number[], decoderSource: AttentionMaps): Reordering {
  const source = codec.encodeDetailed(example.de);
  const sourceWords = wordsOf(source.pieces);
  const deVerb = sourceWords.find((w) => w.text.toLowerCase() === example.deVerb.toLowerCase());
  if (!deVerb) throw new Error(`verbReordering: “${example.deVerb}” is not a word of “${example.de}”`);
  const heads = decoderSource.at(-1);
  if (!heads || heads.length === 0) throw new Error("verbReordering: no source attention maps");
  const rows = heads[0].length;
  if (rows !== out.length - 1 || heads[0][0].length !== source.ids.length) {
    throw new Error(`verbReordering: the maps are ${rows} × ${heads[0][0].length}, but the translation outputs ${out.length - 1} subwords and the source has ${source.ids.length}`);
  }
  const mean = (r: number) => source.ids.map((_, s) => heads.reduce((sum, head) => sum + head[r][s], 0) / heads.length);
  const onVerb = (weights: readonly number[]) => deVerb.positions.reduce((sum, s) => sum + weights[s], 0);

  // Output position p (p >= 1) is produced by decoder row p - 1.
  const outputPieces = piecesOf(codec, out);
  const english = wordsOf(outputPieces).find((w) => w.text.toLowerCase() === example.enVerb.toLowerCase());
  const verbRow = english ? english.positions[0] - 1 : null;
  const row = verbRow ?? Array.from({length: rows}, (_, r) => r).reduce((best, r) => (onVerb(mean(r)) > onVerb(mean(best)) ? r : best), 0);
  const weights = mean(row);
  const position = weights.indexOf(Math.max(...weights));
  const verbHeads = heads.flatMap((head, i) => (deVerb.positions.includes(head[row].indexOf(Math.max(...head[row]))) ? [i + 1] : []));
  return {
    example,
    translation: codec.decodeIds(out),
    deVerbPositions: deVerb.positions,
    verbRow,
    row,
    outputs: subwordLabel(outputPieces[row + 1]),
    top: {position, piece: subwordLabel(source.pieces[position]), weight: weights[position]},
    verbWeight: onVerb(weights),
    verbHeads,
    sourceLength: source.ids.length
  };
}

/** The sentence the page writes about a Reordering: only what the maps show. */
export function describeReordering(r: Reordering): string {
  const {deVerb, enVerb} = r.example;
  const layer = "In the last layer (the mean over its heads)";
  const heads = r.verbHeads.length === 0 ? "no head has its largest weight there" : `${r.verbHeads.length === 1 ? "head" : "heads"} ${r.verbHeads.join(", ")} ${r.verbHeads.length === 1 ? "has its" : "have their"} largest weight there`;
  const share = `${r.verbWeight.toFixed(2)} of its weight (a uniform row would give ${(1 / r.sourceLength).toFixed(2)} to each subword)`;
  if (r.verbRow === null) {
    return `The model's translation, “${r.translation}”, has no “${enVerb}”. ${layer}, the output that attends most to “${deVerb}” is “${r.outputs}”, with ${share}; ${heads}.`;
  }
  const onVerb = r.deVerbPositions.includes(r.top.position);
  const where = onVerb
    ? `attends most to the German verb “${r.top.piece}” at the end of the clause: the reordering`
    : `attends most to “${r.top.piece}” (${r.top.weight.toFixed(2)}), not to the German verb “${deVerb}” at the end of the clause`;
  return `${layer}, the position that outputs “${r.outputs}” (the English verb “${enVerb}”) ${where}. It gives “${deVerb}” ${share}; ${heads}.`;
}

// ---- The paper's results ----

/** Distinct words of the generated corpus's training split (seed 1, 20,000 pairs; splitStats, checked by a unit test). */
export const CORPUS_WORDS = {de: 1170, en: 656} as const;

/** Table 2 of the paper (Vaswani et al., 2017): BLEU on newstest2014 and the training cost. */
export const PAPER_RESULTS = [
  {model: "Transformer (base)", enDe: 27.3, enFr: 38.1, steps: 100_000, time: "12 hours on 8 P100 GPUs", flops: 3.3e18},
  {model: "Transformer (big)", enDe: 28.4, enFr: 41.8, steps: 300_000, time: "3.5 days on 8 P100 GPUs", flops: 2.3e19}
] as const;
