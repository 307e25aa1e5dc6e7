// Plain-array helpers for the page on batches and label shifting (src/batches.md): a sentence
// becomes gold tokens with <bos> and <eos>, the library's shiftTarget pairs each decoder input with
// its label, and a few sentences become one padded batch of ids.
import {shiftTarget} from "../training/batch.js";

export const PAD = "<pad>";
export const BOS = "<bos>";
export const EOS = "<eos>";
export const PAD_ID = 0;
export const BOS_ID = 1;
export const EOS_ID = 2;

/** The gold target of a sentence: its words split on white space, between <bos> and <eos>. */
export function goldTokens(sentence: string): string[] {
  const words = sentence.split(/\s+/).filter((w) => w.length > 0);
  return [BOS, ...words, EOS];
}

export interface ShiftRow {
  position: number; // t
  input: string; // tgt_in[t], the token the decoder reads at t
  sees: string[]; // tgt_in[0..t], what the subsequent mask lets position t attend to
  label: string; // tgt_y[t] = gold[t + 1], what position t must predict
}

/** One row per decoder position of a sentence's shifted target. */
export function shiftRows(sentence: string): ShiftRow[] {
  const {input, labels} = shiftTarget(goldTokens(sentence));
  return input.map((token, t) => ({position: t, input: token, sees: input.slice(0, t + 1), label: labels[t]}));
}

/** A small vocabulary: <pad> = 0, <bos> = 1, <eos> = 2, then each new word in order of appearance. */
export function buildVocab(sentences: readonly string[]): string[] {
  const words = [PAD, BOS, EOS];
  for (const sentence of sentences) {
    for (const token of goldTokens(sentence)) if (!words.includes(token)) words.push(token);
  }
  return words;
}

/** The gold targets of several sentences as ids [B, T+1], padded with PAD_ID to the longest. */
export function paddedIds(sentences: readonly string[], vocab: readonly string[]): number[][] {
  const rows = sentences.map((s) =>
    goldTokens(s).map((token) => {
      const id = vocab.indexOf(token);
      if (id < 0) throw new Error(`paddedIds: "${token}" is not in the vocabulary`);
      return id;
    })
  );
  const length = Math.max(...rows.map((r) => r.length));
  return rows.map((r) => [...r, ...Array<number>(length - r.length).fill(PAD_ID)]);
}

/** Ids back to tokens, for showing a batch as words. */
export function idsToTokens(rows: readonly (readonly number[])[], vocab: readonly string[]): string[][] {
  return rows.map((r) => r.map((id) => vocab[id] ?? `?${id}`));
}
