// Byte-pair encoding (Sennrich, Haddow and Birch 2016, "Neural Machine Translation of Rare Words
// with Subword Units"), as their subword-nmt learns it: every word starts as its characters, the
// last one marked with </w> so that "st" inside a word and "st</w>" at its end differ. Count each
// pair of adjacent symbols over the corpus, every word as often as it occurs; merge the most
// frequent pair into one new symbol everywhere; repeat until the words use as many distinct
// symbols as the vocabulary should hold. Encoding a new word replays the merges in learned order.
//
// The two regions are the idea; learnMerges and BpeEncoder below do the same faster (a test
// keeps them equal).

/** Two adjacent symbols that a merge joins, e.g. ["e", "n</w>"] → "en</w>". */
export type Merge = readonly [left: string, right: string];
export const END_OF_WORD = "</w>";

export interface WordCount {
  symbols: string[];
  count: number;
}

// #region learn-bpe
/** A word as symbols: its characters, the last one marked as ending the word. */
export function splitWord(word: string): string[] {
  const symbols = Array.from(word);
  symbols[symbols.length - 1] += END_OF_WORD;
  return symbols;
}

/** How often each pair of adjacent symbols occurs, a word counted as often as it occurs. */
export function countPairs(words: WordCount[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const {symbols, count} of words) {
    for (let i = 0; i + 1 < symbols.length; i++) {
      const pair = symbols[i] + " " + symbols[i + 1];
      counts.set(pair, (counts.get(pair) ?? 0) + count);
    }
  }
  return counts;
}

/** The most frequent pair; of equally frequent ones, the first in alphabetical order. */
export function mostFrequent(counts: Map<string, number>): Merge | undefined {
  let best: string | undefined;
  for (const [pair, count] of counts) {
    const bestCount = best === undefined ? 0 : counts.get(best)!;
    if (count > bestCount || (count === bestCount && pair < best!)) best = pair;
  }
  return best === undefined ? undefined : (best.split(" ") as [string, string]);
}

/** The symbols with each occurrence of left, right (read left to right) joined into one. */
export function mergePair(symbols: string[], [left, right]: Merge): string[] {
  const merged: string[] = [];
  for (let i = 0; i < symbols.length; i++) {
    if (symbols[i] === left && symbols[i + 1] === right) {
      merged.push(left + right);
      i++;
    } else {
      merged.push(symbols[i]);
    }
  }
  return merged;
}

/** Merges, most frequent pair first, until the words use `symbolCount` distinct symbols. */
export function learnBpe(wordCounts: Map<string, number>, symbolCount: number): Merge[] {
  let words = [...wordCounts].map(([word, count]) => ({symbols: splitWord(word), count}));
  const merges: Merge[] = [];
  while (new Set(words.flatMap((w) => w.symbols)).size < symbolCount) {
    const best = mostFrequent(countPairs(words));
    if (best === undefined) break; // every word is a single symbol: nothing left to merge
    merges.push(best);
    words = words.map(({symbols, count}) => ({symbols: mergePair(symbols, best), count}));
  }
  return merges;
}
// #endregion learn-bpe

// #region encode-bpe
/** A word's subwords: its characters, with the learned merges applied in the order learned. */
export function encodeWord(word: string, merges: readonly Merge[]): string[] {
  let symbols = splitWord(word);
  for (const merge of merges) symbols = mergePair(symbols, merge);
  return symbols;
}

/** Subwords back to words: a symbol that ends in </w> ends its word. */
export function decodeSymbols(symbols: readonly string[]): string[] {
  const words: string[] = [];
  let word = "";
  for (const symbol of symbols) {
    if (symbol.endsWith(END_OF_WORD)) {
      words.push(word + symbol.slice(0, -END_OF_WORD.length));
      word = "";
    } else {
      word += symbol;
    }
  }
  if (word !== "") words.push(word); // a last word cut short
  return words;
}
// #endregion encode-bpe

/** One step of learning, for the page: the pair merged, how often it occurred, and the result. */
export interface BpeStep {
  pair: Merge;
  count: number;
  symbol: string;
  /** Distinct symbols the words use after this merge. */
  vocabSize: number;
}

/** How often each word occurs in the pre-tokenized sentences. */
export function countWords(sentences: Iterable<readonly string[]>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const words of sentences) for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/**
 * learnBpe's merges, with each step's count and vocabulary size, at browser speed: the pair
 * counts are kept up to date word by word instead of recounted, and the most frequent pair
 * comes off a heap. `maxMerges` stops early (the page's first K steps).
 */
export function learnMerges(wordCounts: Map<string, number>, symbolCount: number, maxMerges = Infinity): BpeStep[] {
  const words = [...wordCounts].map(([word, count]) => ({symbols: splitWord(word), count}));
  const pairCounts = new Map<string, number>();
  const pairWords = new Map<string, Set<number>>(); // the words a pair occurs in (or once did)
  const symbolUses = new Map<string, number>();
  const heap = new PairHeap();

  const addWord = (index: number, sign: 1 | -1, changed: Set<string>) => {
    const {symbols, count} = words[index];
    for (const symbol of symbols) {
      const uses = (symbolUses.get(symbol) ?? 0) + sign;
      if (uses === 0) symbolUses.delete(symbol);
      else symbolUses.set(symbol, uses);
    }
    for (let i = 0; i + 1 < symbols.length; i++) {
      const pair = symbols[i] + " " + symbols[i + 1];
      pairCounts.set(pair, (pairCounts.get(pair) ?? 0) + sign * count);
      changed.add(pair);
      if (sign > 0) {
        let set = pairWords.get(pair);
        if (set === undefined) pairWords.set(pair, (set = new Set()));
        set.add(index);
      }
    }
  };
  const pushChanged = (changed: Set<string>) => {
    for (const pair of changed) {
      const count = pairCounts.get(pair)!;
      if (count > 0) heap.push(count, pair);
      else pairCounts.delete(pair);
    }
  };

  const initial = new Set<string>();
  words.forEach((_, index) => addWord(index, 1, initial));
  pushChanged(initial);

  const steps: BpeStep[] = [];
  while (symbolUses.size < symbolCount && steps.length < maxMerges) {
    const top = heap.popCurrent(pairCounts);
    if (top === undefined) break;
    const pair = top.pair.split(" ") as [string, string];
    const changed = new Set<string>();
    for (const index of pairWords.get(top.pair)!) {
      addWord(index, -1, changed);
      words[index].symbols = mergePair(words[index].symbols, pair);
      addWord(index, 1, changed);
    }
    pairWords.delete(top.pair);
    pushChanged(changed);
    steps.push({pair, count: top.count, symbol: pair[0] + pair[1], vocabSize: symbolUses.size});
  }
  return steps;
}

/** A max-heap of [count, pair], highest count first and ties alphabetical; stale entries are skipped. */
class PairHeap {
  private counts: number[] = [];
  private pairs: string[] = [];

  push(count: number, pair: string): void {
    this.counts.push(count);
    this.pairs.push(pair);
    let i = this.counts.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** The best entry whose count is still the pair's current count. */
  popCurrent(current: Map<string, number>): {count: number; pair: string} | undefined {
    while (this.counts.length > 0) {
      const count = this.counts[0];
      const pair = this.pairs[0];
      this.removeTop();
      if (current.get(pair) === count) return {count, pair};
    }
    return undefined;
  }

  private removeTop(): void {
    const last = this.counts.length - 1;
    this.swap(0, last);
    this.counts.pop();
    this.pairs.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < this.counts.length && this.before(l, best)) best = l;
      if (r < this.counts.length && this.before(r, best)) best = r;
      if (best === i) return;
      this.swap(i, best);
      i = best;
    }
  }

  private before(a: number, b: number): boolean {
    const ca = this.counts[a];
    const cb = this.counts[b];
    return ca > cb || (ca === cb && this.pairs[a] < this.pairs[b]);
  }

  private swap(a: number, b: number): void {
    [this.counts[a], this.counts[b]] = [this.counts[b], this.counts[a]];
    [this.pairs[a], this.pairs[b]] = [this.pairs[b], this.pairs[a]];
  }
}

/**
 * encodeWord at speed: merge the adjacent pair learned earliest, until none is mergeable (the
 * same result as replaying every merge in order), and remember each word's answer.
 */
export class BpeEncoder {
  private readonly ranks = new Map<string, number>();
  private readonly cache = new Map<string, string[]>();

  constructor(merges: readonly Merge[]) {
    merges.forEach(([left, right], rank) => {
      const key = left + " " + right;
      if (!this.ranks.has(key)) this.ranks.set(key, rank);
    });
  }

  encode(word: string): string[] {
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    let symbols = splitWord(word);
    for (;;) {
      let best: Merge | undefined;
      let bestRank = Infinity;
      for (let i = 0; i + 1 < symbols.length; i++) {
        const rank = this.ranks.get(symbols[i] + " " + symbols[i + 1]);
        if (rank !== undefined && rank < bestRank) [best, bestRank] = [[symbols[i], symbols[i + 1]], rank];
      }
      if (best === undefined) break;
      symbols = mergePair(symbols, best);
    }
    this.cache.set(word, symbols);
    return symbols;
  }
}
