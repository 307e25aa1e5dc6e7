// The generated German→English corpus: its public API (docs/corpus.md).
import type {Sentence} from "./grammar.js";

export {CORPUS_DEFAULTS, type Corpus, type CorpusOptions, type CorpusPair, generateCorpus, type SplitStats, splitStats, tokenStats} from "./corpus.js";
export {
  type Clause, type Conjunction, type Determiner, type NamePhrase, type NounPhrase, type Part, type Phrase, type PrepositionalPhrase,
  type PronounPhrase, type Rendered, renderSentence, type Role, type Sentence, type Tense, type WhAdverb, type WhPhrase
} from "./grammar.js";
export {Random} from "./random.js";
export {sampleSentence} from "./sample.js";

/** The course's seed sentence, "Ich esse gern Pilze." → "I like eating mushrooms.", as a structure. */
export const SEED_SENTENCE: Sentence = {
  rule: "statement",
  clause: {
    subject: {kind: "pronoun", pronoun: "ich", case: "nom"},
    verb: "essen",
    object: {kind: "noun", noun: "Pilz", number: "pl", determiner: "bare", case: "acc"},
    tense: "present",
    negation: "none",
    gern: true
  }
};
