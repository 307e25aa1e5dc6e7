// The editable functions of the text layer, byte-pair encoding's learning and encoding, as the
// catalogue (src/editing/catalogue.ts) describes the model's components. A module of their own, so
// that the Tokens page, whose cells edit only these, loads none of the model's layers and no tfjs.
import {END_OF_WORD, encodeWord, learnBpe, mergePair, splitWord} from "../text/bpe.js";
import type {EditableFunction, TextName} from "./entry.js";

/** Word counts for the BPE checks: a few words, as often as they occur. */
const wordCounts = (words: Record<string, number>) => new Map(Object.entries(words));
const GERMAN_WORDS = {
  der: 9, die: 8, das: 6, den: 5, dem: 4, Mann: 4, Männer: 2, Frau: 3, Frauen: 2, Kind: 3, Kinder: 2,
  sieht: 3, sehen: 2, gesehen: 2, isst: 2, essen: 3, gegessen: 1, Pilze: 3, Pilz: 1
};

export const textEntries = {
  learnBpe: {
    title: "learning byte-pair merges",
    path: "src/text/bpe.ts",
    region: "learn-bpe",
    page: "tokens",
    reference: learnBpe,
    scope: {END_OF_WORD},
    returnsValue: true,
    cases: () => [
      {label: "19 German words (der ×9 … Pilz ×1); 30 symbols", args: [wordCounts(GERMAN_WORDS), 30]},
      {label: "the same words; 28 symbols", args: [wordCounts(GERMAN_WORDS), 28]},
      {label: "aaa ×4, ab ×1; 10 symbols (runs out of pairs)", args: [wordCounts({aaa: 4, ab: 1}), 10]}
    ],
    hints: [
      "Start from every word split into its characters (splitWord), with its count.",
      "Repeat while the words use fewer distinct symbols than symbolCount: count the pairs (countPairs), take the most frequent (mostFrequent), stop when there is none.",
      "Record the merge, then replace each word's symbols with mergePair(symbols, best)."
    ]
  },
  encodeWord: {
    title: "encoding a word with the learned merges",
    path: "src/text/bpe.ts",
    region: "encode-bpe",
    page: "tokens",
    reference: encodeWord,
    scope: {END_OF_WORD, splitWord, mergePair},
    returnsValue: true,
    cases: () => {
      const merges = learnBpe(wordCounts({low: 5, lower: 2, newest: 6, widest: 3}), 20);
      return ["lowest", "newer", "wide", "x"].map((word) => ({label: `"${word}" with the merges of low, lower, newest, widest`, args: [word, merges]}));
    },
    hints: [
      "Start from the word's characters, the last one marked with </w> (splitWord).",
      "Apply every merge in the order learned: symbols = mergePair(symbols, merge)."
    ]
  }
} satisfies {[K in TextName]: Omit<EditableFunction<K>, "name">};

/** The entry of one text function: what catalogue.ts's editable gives for it. */
export function textEditable<K extends TextName>(name: K): EditableFunction<K> {
  const entry: Omit<EditableFunction, "name"> = textEntries[name];
  return {name, ...entry} as EditableFunction<K>;
}
