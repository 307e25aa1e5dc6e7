// The generated German→English corpus: train, validation and test splits drawn from one seed,
// with no German sentence in more than one split (nor twice in one).
import {pretokenize} from "../text/pretokenize.js";
import {renderSentence, type Sentence} from "./grammar.js";
import {Random} from "./random.js";
import {sampleSentence} from "./sample.js";

export interface CorpusPair {
  de: string;
  en: string;
  /** The structure the pair was rendered from: renderSentence(structure) gives de and en back. */
  structure: Sentence;
}

export interface Corpus {
  train: CorpusPair[];
  valid: CorpusPair[];
  test: CorpusPair[];
}

export interface CorpusOptions {
  /** A 32-bit integer; the same seed gives the same corpus. */
  seed?: number;
  /** Training pairs. */
  pairs?: number;
  validPairs?: number;
  testPairs?: number;
}

export const CORPUS_DEFAULTS: Readonly<Required<CorpusOptions>> = {seed: 1, pairs: 20_000, validPairs: 1_000, testPairs: 1_000};

/** Draws before giving up on finding a new sentence: far more than the defaults need. */
const MAX_DRAWS_PER_PAIR = 50;

/**
 * The corpus for a seed. Test is drawn first, then validation, then train, so the held-out splits
 * stay the same whatever the training size; a sentence already drawn is drawn again.
 */
export function generateCorpus(options: CorpusOptions = {}): Corpus {
  const {seed, pairs, validPairs, testPairs} = {...CORPUS_DEFAULTS, ...options};
  for (const [name, n] of Object.entries({pairs, validPairs, testPairs})) {
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`generateCorpus: ${name} must be a whole number >= 0, not ${n}`);
  }
  if (!Number.isSafeInteger(seed)) throw new Error(`generateCorpus: seed must be an integer, not ${seed}`);
  const rng = new Random(seed);
  const seen = new Set<string>();
  const total = pairs + validPairs + testPairs;
  let draws = 0;
  const split = (size: number): CorpusPair[] => {
    const out: CorpusPair[] = [];
    while (out.length < size) {
      if (++draws > MAX_DRAWS_PER_PAIR * total) {
        throw new Error(`generateCorpus: found only ${seen.size} distinct sentences of the ${total} asked for in ${draws - 1} draws`);
      }
      const structure = sampleSentence(rng);
      const {de, en} = renderSentence(structure);
      if (seen.has(de)) continue;
      seen.add(de);
      out.push({de, en, structure});
    }
    return out;
  };
  const test = split(testPairs);
  const valid = split(validPairs);
  const train = split(pairs);
  return {train, valid, test};
}

/** A split's figures in the pre-tokenizer's tokens (words, clitics and punctuation marks), the words BPE learns on: "I don't." → I | do | n't | . */
export interface SplitStats {
  pairs: number;
  meanTokensDe: number;
  meanTokensEn: number;
  /** Distinct tokens (case-sensitive) on each side. */
  wordsDe: number;
  wordsEn: number;
}

/** The figures of a split whose sentences are already split into tokens. */
export function tokenStats(tokens: readonly {de: readonly string[]; en: readonly string[]}[]): SplitStats {
  const de = new Set<string>();
  const en = new Set<string>();
  let tokensDe = 0;
  let tokensEn = 0;
  for (const pair of tokens) {
    tokensDe += pair.de.length;
    tokensEn += pair.en.length;
    for (const t of pair.de) de.add(t);
    for (const t of pair.en) en.add(t);
  }
  const n = Math.max(1, tokens.length);
  return {pairs: tokens.length, meanTokensDe: tokensDe / n, meanTokensEn: tokensEn / n, wordsDe: de.size, wordsEn: en.size};
}

export function splitStats(pairs: readonly CorpusPair[]): SplitStats {
  return tokenStats(pairs.map((pair) => ({de: pretokenize(pair.de), en: pretokenize(pair.en)})));
}
