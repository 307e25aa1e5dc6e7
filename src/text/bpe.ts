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

/** A word's subwords: its characters, with the learned merges applied in the order learned. */
export function encodeWord(word: string, merges: readonly Merge[]): string[] {
  let symbols = splitWord(word);
  for (const merge of merges) symbols = mergePair(symbols, merge);
  return symbols;
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
 * learnBpe's merges, with each step's count and vocabulary size, at browser speed: symbols are
 * numbered and a pair is one number; a merge updates the counts of only the pairs next to where it
 * merged, in only the words that hold the pair, instead of recounting; and the most frequent pair
 * comes off a heap. `maxMerges` stops early (the page's
 * first K steps).
 */
export function learnMerges(wordCounts: Map<string, number>, symbolCount: number, maxMerges = Infinity): BpeStep[] {
  const names: string[] = [];
  const ids = new Map<string, number>();
  const idOf = (symbol: string) => {
    let id = ids.get(symbol);
    if (id === undefined) ids.set(symbol, (id = names.push(symbol) - 1));
    return id;
  };
  const words = [...wordCounts].map(([word, count]) => ({symbols: splitWord(word).map(idOf), count}));
  const pairCounts = new Map<number, number>(); // pair left * PAIR + right → count
  const pairWords = new Map<number, Set<number>>(); // the words a pair occurs in (or once did)
  const uses: number[] = []; // occurrences of each symbol in the word list
  let inUse = 0;
  const heap = new PairHeap((pair) => names[Math.floor(pair / PAIR)] + " " + names[pair % PAIR]);

  const use = (symbol: number, delta: number) => {
    const before = uses[symbol] ?? 0;
    uses[symbol] = before + delta;
    inUse += (before === 0 ? 1 : 0) - (before + delta === 0 ? 1 : 0);
  };
  const bump = (pair: number, delta: number, index: number, changed: Set<number>) => {
    pairCounts.set(pair, (pairCounts.get(pair) ?? 0) + delta);
    changed.add(pair);
    if (delta < 0) return;
    let set = pairWords.get(pair);
    if (set === undefined) pairWords.set(pair, (set = new Set()));
    set.add(index);
  };
  /** Merges left, right in one word, updating only the pairs that touch a merged position. */
  const mergeInWord = (index: number, left: number, right: number, merged: number, changed: Set<number>) => {
    const {symbols, count} = words[index];
    const out: number[] = [];
    const fresh: boolean[] = []; // out[k] was made by this merge
    const consumed = new Uint8Array(symbols.length); // symbols[j] went into a merged symbol
    for (let i = 0; i < symbols.length; i++) {
      if (symbols[i] === left && symbols[i + 1] === right) {
        out.push(merged);
        fresh.push(true);
        consumed[i] = consumed[i + 1] = 1;
        use(left, -1);
        use(right, -1);
        use(merged, 1);
        i++;
      } else {
        out.push(symbols[i]);
        fresh.push(false);
      }
    }
    if (out.length === symbols.length) return; // the pair is not in this word any more
    for (let j = 0; j + 1 < symbols.length; j++) {
      if (consumed[j] || consumed[j + 1]) bump(symbols[j] * PAIR + symbols[j + 1], -count, index, changed);
    }
    for (let k = 0; k + 1 < out.length; k++) {
      if (fresh[k] || fresh[k + 1]) bump(out[k] * PAIR + out[k + 1], count, index, changed);
    }
    words[index].symbols = out;
  };
  const pushChanged = (changed: Set<number>) => {
    for (const pair of changed) {
      const count = pairCounts.get(pair)!;
      if (count > 0) heap.push(count, pair);
      else pairCounts.delete(pair);
    }
  };

  const initial = new Set<number>();
  words.forEach(({symbols, count}, index) => {
    for (const symbol of symbols) use(symbol, 1);
    for (let i = 0; i + 1 < symbols.length; i++) bump(symbols[i] * PAIR + symbols[i + 1], count, index, initial);
  });
  pushChanged(initial);

  const steps: BpeStep[] = [];
  while (inUse < symbolCount && steps.length < maxMerges && names.length < PAIR) {
    const top = heap.popCurrent(pairCounts);
    if (top === undefined) break;
    const [left, right] = [Math.floor(top.pair / PAIR), top.pair % PAIR];
    const symbol = names[left] + names[right];
    const merged = idOf(symbol);
    const changed = new Set<number>();
    for (const index of pairWords.get(top.pair)!) mergeInWord(index, left, right, merged, changed);
    pairWords.delete(top.pair);
    pushChanged(changed);
    steps.push({pair: [names[left], names[right]], count: top.count, symbol, vocabSize: inUse});
  }
  return steps;
}

/** Symbol ids per pair number: a pair is left * PAIR + right, exact in a double. */
const PAIR = 2 ** 26;

/** A max-heap of [count, pair], highest count first and ties alphabetical by name; stale entries are skipped. */
class PairHeap {
  private counts: number[] = [];
  private pairs: number[] = [];
  private readonly names = new Map<number, string>();

  constructor(private readonly nameOf: (pair: number) => string) {}

  push(count: number, pair: number): void {
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
  popCurrent(current: Map<number, number>): {count: number; pair: number} | undefined {
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
    return ca > cb || (ca === cb && this.name(this.pairs[a]) < this.name(this.pairs[b]));
  }

  private name(pair: number): string {
    let name = this.names.get(pair);
    if (name === undefined) this.names.set(pair, (name = this.nameOf(pair)));
    return name;
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
