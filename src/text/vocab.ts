// One vocabulary for both languages, as the Annotated Transformer's "shared embeddings" need:
// its four specials first, in its build_vocabulary's order, then the BPE subwords of the training
// sentences, most frequent first. A Tokenizer is plain JSON (pre-tokenizer settings, merges,
// vocabulary) and travels in a safetensors file's __metadata__ beside the model's weights.
import {BpeEncoder, countWords, decodeSymbols, learnMerges, type Merge, splitWord} from "./bpe.js";
import {DEFAULT_PRETOKENIZER, detokenize, pretokenize, type PretokenizerSettings} from "./pretokenize.js";

export const SPECIALS = ["<s>", "</s>", "<blank>", "<unk>"] as const;
export const BOS = 0; // <s>
export const EOS = 1; // </s>
export const PAD = 2; // <blank>
export const UNK = 3; // <unk>

export const TOKENIZER_FORMAT = "annotated-transformer-ts/bpe-tokenizer";
export const TOKENIZER_VERSION = 1;
/** The __metadata__ key that holds the tokenizer's JSON. */
export const TOKENIZER_METADATA_KEY = "tokenizer";

export interface Tokenizer {
  pretokenizer: PretokenizerSettings;
  /** In the order learned, the order in which encoding applies them. */
  merges: Merge[];
  /** vocab[id] is the symbol with that id; the first four are SPECIALS. */
  vocab: string[];
}

/**
 * BPE learned on all the sentences (source and target together) until the subwords and the four
 * specials make `vocabSize`, then the subwords ordered by how often the encoded sentences use
 * them (ties alphabetical). The vocabulary is smaller when every word is already one symbol.
 */
export function buildTokenizer(sentences: Iterable<string>, vocabSize: number, pretokenizer = DEFAULT_PRETOKENIZER): Tokenizer {
  if (!Number.isSafeInteger(vocabSize) || vocabSize <= SPECIALS.length) {
    throw new Error(`buildTokenizer: vocabSize must be an integer above ${SPECIALS.length} (the specials), not ${vocabSize}`);
  }
  const wordCounts = countWords([...sentences].map((s) => pretokenize(s, pretokenizer)));
  if (wordCounts.size === 0) throw new Error("buildTokenizer: the sentences hold no words");
  const merges = learnMerges(wordCounts, vocabSize - SPECIALS.length).map((step) => step.pair);
  return {pretokenizer: {...pretokenizer}, merges, vocab: vocabularyOf(wordCounts, merges, vocabSize)};
}

/**
 * The specials; then every character the words are made of (in the forms splitWord gives them, a
 * word's last one marked), so that a word never seen in training still encodes as characters
 * rather than as <unk>; then the other subwords that the words encoded with `merges` use, most
 * used first (ties alphabetical); `vocabSize` symbols in all.
 */
export function vocabularyOf(wordCounts: Map<string, number>, merges: readonly Merge[], vocabSize: number): string[] {
  const encoder = new BpeEncoder(merges);
  const uses = new Map<string, number>();
  const characters = new Map<string, number>();
  for (const [word, count] of wordCounts) {
    for (const symbol of encoder.encode(word)) uses.set(symbol, (uses.get(symbol) ?? 0) + count);
    for (const character of splitWord(word)) characters.set(character, (characters.get(character) ?? 0) + count);
  }
  const specials = new Set<string>(SPECIALS); // "<s>" inside a word's text is a subword, but not this one
  const mostUsed = (counts: Map<string, number>) =>
    [...counts].filter(([symbol]) => !specials.has(symbol)).sort(([a, na], [b, nb]) => nb - na || (a < b ? -1 : 1)).map(([symbol]) => symbol);
  const alphabet = mostUsed(characters);
  const inAlphabet = new Set(alphabet);
  return [...SPECIALS, ...alphabet, ...mostUsed(uses).filter((symbol) => !inAlphabet.has(symbol))].slice(0, vocabSize);
}

export interface Encoded {
  /** <s>, the subwords' ids, </s>. */
  ids: number[];
  /** The subword behind each id (the specials as themselves). */
  pieces: string[];
  /** Positions in ids/pieces of subwords outside the vocabulary, which became <unk>. */
  unknown: number[];
}

/** A Tokenizer ready to use: encodes sentences to ids and decodes ids to sentences. */
export class TextCodec {
  readonly tokenizer: Tokenizer;
  private readonly encoder: BpeEncoder;
  private readonly ids: Map<string, number>;

  /** The two symbols each merged symbol was first made of, to split one that is not in the vocabulary. */
  private readonly madeOf = new Map<string, Merge>();
  private readonly words = new Map<string, {pieces: string[]; ids: number[]}>();

  constructor(tokenizer: Tokenizer) {
    this.tokenizer = tokenizer;
    this.encoder = new BpeEncoder(tokenizer.merges);
    this.ids = new Map(tokenizer.vocab.map((symbol, id) => [symbol, id]));
    for (const merge of tokenizer.merges) if (!this.madeOf.has(merge[0] + merge[1])) this.madeOf.set(merge[0] + merge[1], merge);
  }

  /** A word's subwords and their ids (UNK for a subword outside the vocabulary), kept for the word's next use. */
  private encodeWord(word: string): {pieces: string[]; ids: number[]} {
    let encoded = this.words.get(word);
    if (encoded === undefined) {
      const pieces = this.encoder.encode(word).flatMap((s) => this.inVocabulary(s));
      const ids = pieces.map((symbol) => {
        const id = this.ids.get(symbol);
        return id === undefined || id < SPECIALS.length ? UNK : id;
      });
      this.words.set(word, (encoded = {pieces, ids}));
    }
    return encoded;
  }

  /** The symbol if the vocabulary has it, else the pieces it was merged from, split as far as needed (subword-nmt does the same). */
  private inVocabulary(symbol: string): string[] {
    const parts = this.ids.has(symbol) ? undefined : this.madeOf.get(symbol);
    return parts === undefined ? [symbol] : parts.flatMap((part) => this.inVocabulary(part));
  }

  get vocabSize(): number {
    return this.tokenizer.vocab.length;
  }

  /** The sentence's ids, with which pieces became <unk>. */
  encodeDetailed(text: string): Encoded {
    const pieces: string[] = ["<s>"];
    const ids = [BOS];
    const unknown: number[] = [];
    for (const word of pretokenize(text, this.tokenizer.pretokenizer)) {
      const encoded = this.encodeWord(word);
      encoded.ids.forEach((id, i) => {
        if (id === UNK) unknown.push(ids.length);
        ids.push(id);
        pieces.push(encoded.pieces[i]);
      });
    }
    pieces.push("</s>");
    ids.push(EOS);
    return {ids, pieces, unknown};
  }

  /** <s>, the sentence's subword ids (<unk> for a subword outside the vocabulary), </s>. */
  encodeSentence(text: string): number[] {
    return this.encodeWords(pretokenize(text, this.tokenizer.pretokenizer));
  }

  /** encodeSentence for a sentence this codec's pre-tokenizer has already split into words. */
  encodeWords(words: readonly string[]): number[] {
    const ids = [BOS];
    for (const word of words) for (const id of this.encodeWord(word).ids) ids.push(id);
    ids.push(EOS);
    return ids;
  }

  /**
   * The text of the ids: <s> and <blank> are skipped, </s> ends it, and <unk> stands as "<unk>"
   * inside the word it was part of (where that word ended is not known any more).
   */
  decodeIds(ids: readonly number[]): string {
    const symbols: string[] = [];
    for (const id of ids) {
      if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) {
        throw new Error(`decodeIds: id ${id} is outside the vocabulary 0..${this.vocabSize - 1}`);
      }
      if (id === EOS) break;
      if (id === BOS || id === PAD) continue;
      symbols.push(this.tokenizer.vocab[id]);
    }
    return detokenize(decodeSymbols(symbols));
  }
}

/** The tokenizer as __metadata__ entries (string values): one key holding its JSON. */
export function tokenizerToMetadata(tokenizer: Tokenizer): Record<string, string> {
  const json = {
    format: TOKENIZER_FORMAT,
    version: TOKENIZER_VERSION,
    pretokenizer: tokenizer.pretokenizer,
    merges: tokenizer.merges.map(([left, right]) => `${left} ${right}`),
    vocab: tokenizer.vocab
  };
  return {[TOKENIZER_METADATA_KEY]: JSON.stringify(json)};
}

/** The tokenizer from a safetensors file's __metadata__, checked; a bad one fails naming what is wrong. */
export function tokenizerFromMetadata(metadata: Record<string, string>): Tokenizer {
  function fail(why: string): never {
    throw new Error(`tokenizerFromMetadata: ${why}`);
  }
  const text = metadata[TOKENIZER_METADATA_KEY];
  if (text === undefined) fail(`the metadata has no "${TOKENIZER_METADATA_KEY}" entry (was the model saved without its tokenizer?)`);
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(`"${TOKENIZER_METADATA_KEY}" is not JSON: ${(error as Error).message}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) fail(`"${TOKENIZER_METADATA_KEY}" is not a JSON object`);
  if (json.format !== TOKENIZER_FORMAT) fail(`format is ${JSON.stringify(json.format)}, not "${TOKENIZER_FORMAT}"`);
  if (json.version !== TOKENIZER_VERSION) fail(`version ${JSON.stringify(json.version)} is not supported (only ${TOKENIZER_VERSION})`);

  const settings = json.pretokenizer as Record<string, unknown> | null;
  if (typeof settings !== "object" || settings === null || typeof settings.splitClitics !== "boolean") {
    fail(`pretokenizer must be {"splitClitics": true|false}, not ${JSON.stringify(json.pretokenizer)}`);
  }

  if (!Array.isArray(json.merges)) fail("merges is not an array");
  const produced = new Set<string>();
  const merges = (json.merges as unknown[]).map((entry, i): Merge => {
    const parts = typeof entry === "string" ? entry.split(" ") : [];
    if (parts.length !== 2 || parts[0] === "" || parts[1] === "") {
      fail(`merge ${i} is ${JSON.stringify(entry)}, not two symbols separated by one space`);
    }
    produced.add(parts[0] + parts[1]);
    return [parts[0], parts[1]];
  });

  if (!Array.isArray(json.vocab) || json.vocab.some((s) => typeof s !== "string")) fail("vocab is not an array of strings");
  const vocab = json.vocab as string[];
  SPECIALS.forEach((special, id) => {
    if (vocab[id] !== special) fail(`vocab[${id}] is ${JSON.stringify(vocab[id])}, but the specials must come first: ${SPECIALS.join(", ")}`);
  });
  const seen = new Map<string, number>();
  vocab.forEach((symbol, id) => {
    const first = seen.get(symbol);
    if (first !== undefined) fail(`vocab has ${JSON.stringify(symbol)} twice, at ids ${first} and ${id}`);
    seen.set(symbol, id);
    if (id < SPECIALS.length) return;
    const isCharacter = Array.from(symbol.replace(/<\/w>$/, "")).length === 1;
    if (!isCharacter && !produced.has(symbol)) fail(`vocab[${id}] ${JSON.stringify(symbol)} is neither a character nor made by a merge`);
  });
  return {pretokenizer: {splitClitics: settings!.splitClitics as boolean}, merges, vocab};
}
