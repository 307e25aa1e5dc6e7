// The logic behind the tokenization page (src/tokens.md): the corpus in use (generated, or read
// from the reader's files) and its figures, BPE learned on its training sentences with the steps
// of the first merges, the joint vocabulary, what a sentence becomes, batching by length with and
// without bucketing, and BLEU's steps. It computes no tensors.
import {type CorpusPair, type SplitStats, tokenStats} from "../corpus/index.js";
import type {SentencePair} from "../io/corpus-files.js";
import {type BpeStep, countWords, learnMerges} from "../text/bpe.js";
import {DEFAULT_PRETOKENIZER, pretokenize} from "../text/pretokenize.js";
import {PAD, SPECIALS, type TextCodec, type Tokenizer, vocabularyOf} from "../text/vocab.js";
import {type IdPair, type IndexBatch, lengthBatches, padBatch, paddingFraction, type PaddingStats} from "../training/length-batches.js";

/** German → English pairs: the generated corpus's de/en as src/tgt, the form files are read in. */
export function asPairs(pairs: readonly CorpusPair[]): SentencePair[] {
  return pairs.map(({de, en}) => ({src: de, tgt: en}));
}

/** Each pair's words by the default pre-tokenizer, kept per array of pairs: the page's figures, BPE and ids all need them. */
const wordsByPairs = new WeakMap<readonly SentencePair[], {src: string[]; tgt: string[]}[]>();
function pairWords(pairs: readonly SentencePair[]): {src: string[]; tgt: string[]}[] {
  let words = wordsByPairs.get(pairs);
  if (!words) wordsByPairs.set(pairs, (words = pairs.map(({src, tgt}) => ({src: pretokenize(src), tgt: pretokenize(tgt)}))));
  return words;
}

/** The figures of the pairs in use (German source, English target), from the words BPE learns on, so they are split into words once; kept per array of pairs like the words. */
const figuresByPairs = new WeakMap<readonly SentencePair[], SplitStats>();
export function corpusFigures(pairs: readonly SentencePair[]): SplitStats {
  let figures = figuresByPairs.get(pairs);
  if (!figures) figuresByPairs.set(pairs, (figures = tokenStats(pairWords(pairs).map(({src, tgt}) => ({de: src, en: tgt})))));
  return figures;
}

export interface LearnedBpe {
  tokenizer: Tokenizer;
  /** Every merge, with its count and the symbols in use after it. */
  steps: BpeStep[];
  /** Milliseconds: counting the words, and learning the merges (learnMerges). */
  countMs: number;
  learnMs: number;
}

/**
 * The joint vocabulary of `vocabSize` (specials included) learned on the pairs' sentences, both
 * sides together, with learnMerges (the fast path of the learn-bpe region), timed.
 */
export function learnJointBpe(pairs: readonly SentencePair[], vocabSize: number): LearnedBpe {
  if (!Number.isSafeInteger(vocabSize) || vocabSize <= SPECIALS.length) {
    throw new Error(`learnJointBpe: vocabSize must be an integer above ${SPECIALS.length} (the specials), not ${vocabSize}`);
  }
  const t0 = performance.now();
  const wordCounts = countWords(pairWords(pairs).flatMap((p) => [p.src, p.tgt]));
  const t1 = performance.now();
  const steps = learnMerges(wordCounts, vocabSize - SPECIALS.length);
  const t2 = performance.now();
  const merges = steps.map((step) => step.pair);
  const tokenizer: Tokenizer = {pretokenizer: {...DEFAULT_PRETOKENIZER}, merges, vocab: vocabularyOf(wordCounts, merges, vocabSize)};
  return {tokenizer, steps, countMs: t1 - t0, learnMs: t2 - t1};
}

/** The vocabulary's size after each merge, at most `points` of them (the chart of its growth). */
export function vocabGrowth(steps: readonly BpeStep[], points = 200): {merge: number; symbols: number}[] {
  const every = Math.max(1, Math.ceil(steps.length / points));
  const out: {merge: number; symbols: number}[] = [];
  steps.forEach((step, i) => {
    if (i % every === 0 || i === steps.length - 1) out.push({merge: i + 1, symbols: step.vocabSize});
  });
  return out;
}

export interface PieceRow {
  position: number;
  piece: string;
  id: number;
  /** The subword is not in the vocabulary and became <unk>. */
  unknown: boolean;
}

/** What a sentence becomes: each piece, its id, and whether it fell outside the vocabulary. */
export function pieceRows(codec: TextCodec, text: string): PieceRow[] {
  const {ids, pieces, unknown} = codec.encodeDetailed(text);
  const unk = new Set(unknown);
  return ids.map((id, position) => ({position, piece: pieces[position], id, unknown: unk.has(position)}));
}

/** The pairs as ids, source and target, with <s> and </s>. */
export function encodePairs(codec: TextCodec, pairs: readonly SentencePair[]): IdPair[] {
  const defaultWords = JSON.stringify(codec.tokenizer.pretokenizer) === JSON.stringify(DEFAULT_PRETOKENIZER);
  if (!defaultWords) return pairs.map(({src, tgt}) => ({src: codec.encodeSentence(src), tgt: codec.encodeSentence(tgt)}));
  return pairWords(pairs).map(({src, tgt}) => ({src: codec.encodeWords(src), tgt: codec.encodeWords(tgt)}));
}

export interface PaddingComparison {
  bucketed: PaddingStats & {batches: number};
  shuffled: PaddingStats & {batches: number};
}

/** The padding of token-budget batches with bucketing by length (MyIterator's pools) and without. */
export function paddingComparison(pairs: readonly IdPair[], maxTokens: number, seed = 1): PaddingComparison {
  const measure = (bucket: boolean) => {
    const batches = lengthBatches(pairs, {maxTokens, seed, bucket});
    return {...paddingFraction(pairs, batches), batches: batches.length};
  };
  return {bucketed: measure(true), shuffled: measure(false)};
}

export interface ShownBatch {
  /** Source ids [B][S] padded with <blank>, and the padding mask (1: a real token). */
  src_BS: number[][];
  mask_BS: number[][];
  tgt_BT: number[][];
  indices: IndexBatch;
}

/** One real batch of the pairs, bucketed, within `maxTokens`: the first of a seeded order. */
export function sampleBatch(pairs: readonly IdPair[], maxTokens: number, seed = 1): ShownBatch {
  const [indices] = lengthBatches(pairs, {maxTokens, seed, bucket: true});
  const {src_BS, tgt_BT} = padBatch(pairs, indices, PAD);
  return {src_BS, mask_BS: src_BS.map((row) => row.map((id) => (id === PAD ? 0 : 1))), tgt_BT, indices};
}

/** Sorts the reader's files: X.de(.gz) with X.en(.gz) is an aligned pair, .tsv and .txt are tab-separated. */
export function groupCorpusFiles<F extends {name: string}>(files: readonly F[]): {aligned: {stem: string; src: F; tgt: F}[]; tsv: F[]; ignored: string[]} {
  const de = new Map<string, F>();
  const en = new Map<string, F>();
  const tsv: F[] = [];
  const ignored: string[] = [];
  for (const file of files) {
    const name = file.name.replace(/\.gz$/i, "");
    const m = /^(.*)\.(de|en)$/i.exec(name);
    if (m) (m[2].toLowerCase() === "de" ? de : en).set(m[1], file);
    else if (/\.(tsv|txt)$/i.test(name)) tsv.push(file);
    else ignored.push(`${file.name}: not .de/.en (Multi30k) nor .tsv/.txt (tab-separated)`);
  }
  const aligned: {stem: string; src: F; tgt: F}[] = [];
  for (const [stem, src] of de) {
    const tgt = en.get(stem);
    if (tgt) aligned.push({stem, src, tgt});
    else ignored.push(`${src.name}: no ${stem}.en or ${stem}.en.gz beside it`);
  }
  for (const [stem, tgt] of en) if (!de.has(stem)) ignored.push(`${tgt.name}: no ${stem}.de or ${stem}.de.gz beside it`);
  // the training split first: it is the one the page learns on
  aligned.sort((a, b) => Number(b.stem === "train") - Number(a.stem === "train") || (a.stem < b.stem ? -1 : 1));
  return {aligned, tsv, ignored};
}
