// Corpus-level BLEU-4 (Papineni et al. 2002) as sacreBLEU computes it: both sides tokenized by
// mteval-v13a's rules, the n-gram precisions for n = 1..4 clipped by the reference's counts and
// summed over the whole corpus, their geometric mean with uniform weights, times the brevity
// penalty. One reference per sentence, so the reference length is the sum of the references'.
//
//   p_n = Σ min(count_hyp(g), count_ref(g)) / Σ count_hyp(g)   over the n-grams g of each sentence
//   BP  = 1 if c > r, else exp(1 - r/c)                           (c: hypothesis tokens, r: reference tokens)
//   BLEU = 100 · BP · exp(¼ Σ log p_n)
//
// Without smoothing a precision of 0 makes BLEU 0. sacreBLEU's own default is smooth "exp" (its
// corpus_bleu and command line), which gives the k-th zero precision 1 / (2^k · total) instead;
// scores with no zero precision are the same either way.

/** Whitespace as Python's str.split() sees it, which sacreBLEU's tokenizer uses. */
const PY_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const PY_TRAILING_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/;

/** sacreBLEU's tokenizer_13a (after its rstrip), the tokens split on whitespace. */
export function tokenize13a(line: string): string[] {
  line = line.replace(PY_TRAILING_SPACE, "");
  line = line.replaceAll("<skipped>", "").replaceAll("-\n", "").replaceAll("\n", " ");
  if (line.includes("&")) {
    line = line.replaceAll("&quot;", '"').replaceAll("&amp;", "&").replaceAll("&lt;", "<").replaceAll("&gt;", ">");
  }
  line = ` ${line} `;
  line = line.replace(/([{-~[-` -&(-+:-@/])/g, " $1 "); // punctuation and symbols, but not . , ' -
  line = line.replace(/([^0-9])([.,])/g, "$1 $2 "); // period and comma, unless after a digit
  line = line.replace(/([.,])([^0-9])/g, " $1 $2"); // ... or unless before one
  line = line.replace(/([0-9])(-)/g, "$1 $2 "); // a dash after a digit
  return line.split(PY_SPACE).filter((token) => token !== "");
}

export type Smoothing = "none" | "exp";

export interface BleuResult {
  /** 0-100, as sacreBLEU prints it. */
  bleu: number;
  /** p_1..p_4 in percent. */
  precisions: number[];
  bp: number;
  sysLen: number;
  refLen: number;
  /** Clipped n-gram matches and hypothesis n-grams, n = 1..4, summed over the corpus. */
  matches: number[];
  totals: number[];
}

export const MAX_ORDER = 4;

/** Corpus BLEU of detokenized hypotheses against one reference each (tokenized here by 13a). */
export function corpusBleu(hypotheses: readonly string[], references: readonly string[], smooth: Smoothing = "none"): BleuResult {
  if (hypotheses.length !== references.length) {
    throw new Error(`corpusBleu: ${hypotheses.length} hypotheses but ${references.length} references`);
  }
  return bleuOfTokens(hypotheses.map(tokenize13a), references.map(tokenize13a), smooth);
}

/** Corpus BLEU of already tokenized sentences. */
export function bleuOfTokens(hypotheses: readonly string[][], references: readonly string[][], smooth: Smoothing = "none"): BleuResult {
  if (hypotheses.length !== references.length) {
    throw new Error(`bleuOfTokens: ${hypotheses.length} hypotheses but ${references.length} references`);
  }
  const matches = new Array<number>(MAX_ORDER).fill(0);
  const totals = new Array<number>(MAX_ORDER).fill(0);
  let sysLen = 0;
  let refLen = 0;
  hypotheses.forEach((hyp, i) => {
    sysLen += hyp.length;
    refLen += references[i].length;
    for (let n = 1; n <= MAX_ORDER; n++) {
      const refCounts = ngramCounts(references[i], n);
      for (const [ngram, count] of ngramCounts(hyp, n)) {
        totals[n - 1] += count;
        matches[n - 1] += Math.min(count, refCounts.get(ngram) ?? 0);
      }
    }
  });
  const bp = sysLen >= refLen ? 1 : sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0;
  const precisions = new Array<number>(MAX_ORDER).fill(0);
  let zeros = 0;
  for (let n = 0; n < MAX_ORDER && totals[n] > 0; n++) {
    if (matches[n] > 0) precisions[n] = (100 * matches[n]) / totals[n];
    else if (smooth === "exp") precisions[n] = 100 / (2 ** ++zeros * totals[n]);
  }
  const noMatch = matches.every((m) => m === 0);
  const bleu = noMatch || precisions.some((p) => p === 0)
    ? 0
    : bp * Math.exp(precisions.reduce((sum, p) => sum + Math.log(p), 0) / MAX_ORDER);
  return {bleu, precisions, bp, sysLen, refLen, matches, totals};
}

/** Each n-gram of the tokens (joined by a space) and how often it occurs. */
function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const ngram = tokens.slice(i, i + n).join(" ");
    counts.set(ngram, (counts.get(ngram) ?? 0) + 1);
  }
  return counts;
}

export interface NgramMatch {
  ngram: string[];
  /** How often the hypothesis has it. */
  count: number;
  /** How often the reference has it; the match is min(count, refCount). */
  refCount: number;
  clipped: number;
}

export interface BleuStep {
  n: number;
  ngrams: NgramMatch[];
  matches: number;
  total: number;
  /** In percent. */
  precision: number;
}

/** One sentence pair's n-grams, order by order, with their clipped matches: the page's live example. */
export function bleuSteps(hypothesis: string, reference: string): {hypTokens: string[]; refTokens: string[]; orders: BleuStep[]; result: BleuResult} {
  const hypTokens = tokenize13a(hypothesis);
  const refTokens = tokenize13a(reference);
  const orders: BleuStep[] = [];
  for (let n = 1; n <= MAX_ORDER; n++) {
    const refCounts = ngramCounts(refTokens, n);
    const ngrams = [...ngramCounts(hypTokens, n)].map(([key, count]): NgramMatch => {
      const refCount = refCounts.get(key) ?? 0;
      return {ngram: key.split(" "), count, refCount, clipped: Math.min(count, refCount)};
    });
    const matches = ngrams.reduce((sum, g) => sum + g.clipped, 0);
    const total = ngrams.reduce((sum, g) => sum + g.count, 0);
    orders.push({n, ngrams, matches, total, precision: total > 0 ? (100 * matches) / total : 0});
  }
  return {hypTokens, refTokens, orders, result: bleuOfTokens([hypTokens], [refTokens])};
}
