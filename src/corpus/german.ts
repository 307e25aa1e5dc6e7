// German morphology: articles, adjective endings, noun forms and present-tense conjugation.
import type {Case, Gender, GrammaticalNumber, Noun, Person, Verb} from "./lexicon.js";

/** A column of the declension tables: the gender in the singular, or the plural. */
export type Slot = Gender | "pl";

type Table = Readonly<Record<Case, Readonly<Record<Slot, string>>>>;

export const slotOf = (gender: Gender, number: GrammaticalNumber): Slot => (number === "pl" ? "pl" : gender);

export const DEFINITE_ARTICLE: Table = {
  nom: {m: "der", f: "die", n: "das", pl: "die"},
  acc: {m: "den", f: "die", n: "das", pl: "die"},
  dat: {m: "dem", f: "der", n: "dem", pl: "den"}
};

/** The endings of ein, kein and the possessives (mein, dein, ...); "ein" has no plural. */
export const EIN_WORD_ENDING: Table = {
  nom: {m: "", f: "e", n: "", pl: "e"},
  acc: {m: "en", f: "e", n: "", pl: "e"},
  dat: {m: "em", f: "er", n: "em", pl: "en"}
};

/** Adjective endings after der/die/das: the article already shows gender and case. */
export const WEAK_ENDING: Table = {
  nom: {m: "e", f: "e", n: "e", pl: "en"},
  acc: {m: "en", f: "e", n: "e", pl: "en"},
  dat: {m: "en", f: "en", n: "en", pl: "en"}
};

/** After ein-words: strong where the ein-word has no ending (ein alter Mann, ein altes Haus), else weak. */
export const MIXED_ENDING: Table = {
  nom: {m: "er", f: "e", n: "es", pl: "en"},
  acc: {m: "en", f: "e", n: "es", pl: "en"},
  dat: {m: "en", f: "en", n: "en", pl: "en"}
};

/** With no article (Pilze, heißer Kaffee), the adjective carries the article's endings. */
export const STRONG_ENDING: Table = {
  nom: {m: "er", f: "e", n: "es", pl: "e"},
  acc: {m: "en", f: "e", n: "es", pl: "e"},
  dat: {m: "em", f: "er", n: "em", pl: "en"}
};

/** The noun's form: plural, dative plural -n (Kindern, but Autos, Frauen), n-declension (den Jungen). */
export function nounForm(noun: Noun, number: GrammaticalNumber, kase: Case): string {
  if (number === "sg") return kase === "nom" ? noun.de : noun.oblique;
  if (noun.plural === null) throw new Error(`noun ${noun.de} is a mass noun and has no plural`);
  return kase === "dat" && !/[ns]$/.test(noun.plural) ? noun.plural + "n" : noun.plural;
}

/** "euer" drops its e before an ending: euer Hund, eure Katze, euren Hund. */
export function einWord(stem: string, ending: string): string {
  return stem === "euer" && ending !== "" ? "eur" + ending : stem + ending;
}

/** Preposition + definite article as German writes them (zum, zur, im, ins, am, vom, beim). */
const CONTRACTIONS: Readonly<Record<string, string>> = {
  "zu dem": "zum", "zu der": "zur", "in dem": "im", "in das": "ins", "an dem": "am", "an das": "ans",
  "von dem": "vom", "bei dem": "beim"
};

export function contract(preposition: string, article: string): string | undefined {
  return CONTRACTIONS[`${preposition} ${article}`];
}

export const HABEN: Readonly<Record<Person, string>> = {"1sg": "habe", "2sg": "hast", "3sg": "hat", "1pl": "haben", "2pl": "habt", "3pl": "haben"};
export const SEIN: Readonly<Record<Person, string>> = {"1sg": "bin", "2sg": "bist", "3sg": "ist", "1pl": "sind", "2pl": "seid", "3pl": "sind"};

/**
 * The present tense by person, without a separable prefix: regular endings -e, -st, -t, -en, -t, -en;
 * an -e- before -st/-t after t, d or a consonant + m/n (arbeitest, öffnet); -st → -t after s, ß, z
 * (tanzt, reist); -ern verbs keep their e (füttere, füttert, füttern); the lexicon's stem changes
 * (siehst, sieht) and irregular forms win.
 */
export function presentForm(verb: Verb, person: Person): string {
  const irregular = verb.irregular[person];
  if (irregular !== undefined) return irregular;
  const infinitive = verb.stemInfinitive;
  if (person === "1pl" || person === "3pl") return infinitive;
  if (/[^e]ern$/.test(infinitive)) {
    const stem = infinitive.slice(0, -1);
    return stem + {"1sg": "e", "2sg": "st", "3sg": "t", "2pl": "t"}[person];
  }
  const stem = infinitive.slice(0, -2);
  const e = /[td]$|[^aeiouäöülrhmn][mn]$/.test(stem) ? "e" : "";
  if (person === "1sg") return stem + "e";
  if (person === "2sg") return stem + e + (/[sßzx]$/.test(stem) ? "t" : "st");
  return stem + e + "t";
}
