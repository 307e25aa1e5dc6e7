// A sentence's structure (what the generator samples and each corpus pair records) and its
// rendering into German and English. Rendering is deterministic: one structure, one pair.
import {indefiniteArticle} from "./english.js";
import {
  contract, DEFINITE_ARTICLE, EIN_WORD_ENDING, einWord, HABEN, MIXED_ENDING, nounForm, presentForm, SEIN, slotOf,
  STRONG_ENDING, WEAK_ENDING
} from "./german.js";
import {
  ADJECTIVES, ADVERBS, type Adjective, type Adverb, type Case, CITIES, type City, type GrammaticalNumber, NAMES,
  type Name, type Noun, NOUNS, type Person, type PrepositionId, PREPOSITIONS, type PronounId, PRONOUNS, SAYING_VERBS,
  type Verb, VERBS
} from "./lexicon.js";

export type Determiner = "def" | "indef" | "kein" | "poss" | "bare";
export type Tense = "present" | "perfect";

/** A common noun with its determiner: "der alte Mann", "keine Pilze", "meinem Hund". */
export interface NounPhrase {
  kind: "noun";
  /** The noun's nominative singular, its key in NOUNS. */
  noun: string;
  number: GrammaticalNumber;
  determiner: Determiner;
  /** Whose, for determiner "poss". */
  possessor?: PronounId;
  /** The adjective's predicative form, its key in ADJECTIVES. */
  adjective?: string;
  case: Case;
}

export interface NamePhrase {
  kind: "name";
  name: string;
  case: Case;
}

export interface PronounPhrase {
  kind: "pronoun";
  pronoun: PronounId;
  case: "nom";
}

/** The question word standing for a subject (wer), a person object (wen, wem) or a thing (was). */
export interface WhPhrase {
  kind: "wh";
  word: "wer" | "wen" | "wem" | "was";
  case: Case;
}

export type Phrase = NounPhrase | NamePhrase | PronounPhrase | WhPhrase;

export interface PrepositionalPhrase {
  preposition: PrepositionId;
  /** The noun phrase it governs, or a city ("nach Berlin"), or neither for a fixed phrase ("zu Hause"). */
  object?: NounPhrase | NamePhrase;
  city?: string;
}

export interface Clause {
  subject: Phrase;
  /** The verb's lemma (infinitive with its separable prefix), its key in VERBS. */
  verb: string;
  object?: Phrase;
  /** The dative indirect object of geben, zeigen, bringen, ... */
  indirect?: Phrase;
  pp?: PrepositionalPhrase;
  /** The adverb's German text, its key in ADVERBS. */
  adverb?: string;
  tense: Tense;
  /** "kein" negates an indefinite object (keinen Hund); "nicht" the rest. */
  negation: "none" | "nicht" | "kein";
  /** "gern" + verb, "like" + -ing in English. */
  gern: boolean;
}

export type Conjunction = "weil" | "obwohl" | "wenn" | "dass";
export type WhAdverb = "wann" | "warum" | "wo" | "wohin";

/** A sentence: which rule builds it, and its clauses. */
export type Sentence =
  | {rule: "statement"; clause: Clause}
  | {rule: "fronted"; clause: Clause; front: "adverb" | "pp"}
  | {rule: "yes-no"; clause: Clause}
  /** A w-question: the wh word is the clause's subject or object, or an adverb the clause lacks. */
  | {rule: "wh"; clause: Clause; adverb?: WhAdverb}
  | {rule: "subordinate"; main: Clause; conjunction: Conjunction; sub: Clause; subFirst: boolean};

export type Role =
  | "front" | "wh" | "subject" | "finite" | "adverb" | "indirect" | "object" | "nicht" | "gern" | "pp" | "prefix"
  | "participle" | "conjunction" | "do" | "not" | "verb";

/** One constituent of a rendered sentence, in order, with the clause it belongs to. */
export interface Part {
  role: Role;
  text: string;
  clause: "main" | "sub";
}

export interface Rendered {
  de: string;
  en: string;
  /** The German constituents in sentence order (words as in `de`, without capitals or punctuation). */
  deParts: Part[];
  enParts: Part[];
}

// ---- Lookups ----

function index<T>(what: string, entries: readonly T[], key: (entry: T) => string): (name: string) => T {
  const map = new Map(entries.map((e) => [key(e), e]));
  return (name) => {
    const entry = map.get(name);
    if (entry === undefined) throw new Error(`the lexicon has no ${what} ${JSON.stringify(name)}`);
    return entry;
  };
}

export const nounNamed: (name: string) => Noun = index("noun", NOUNS, (n) => n.de);
export const verbNamed: (name: string) => Verb = index("verb", [...VERBS, ...SAYING_VERBS], (v) => v.lemma);
export const adjectiveNamed: (name: string) => Adjective = index("adjective", ADJECTIVES, (a) => a.de);
export const adverbNamed: (name: string) => Adverb = index("adverb", ADVERBS, (a) => a.de);
export const nameNamed: (name: string) => Name = index("name", NAMES, (n) => n.de);
export const cityNamed: (name: string) => City = index("city", CITIES, (c) => c.de);

function possessorOf(phrase: NounPhrase) {
  if (phrase.possessor === undefined) throw new Error(`the noun phrase ${JSON.stringify(phrase)} has determiner "poss" but no possessor`);
  return PRONOUNS[phrase.possessor];
}

// ---- German ----

/** The German of a noun phrase in its case, e.g. "dem alten Mann", "keine Pilze", "eure Katze". */
export function germanPhrase(phrase: Phrase): string {
  switch (phrase.kind) {
    case "pronoun": return PRONOUNS[phrase.pronoun].de;
    case "name": return nameNamed(phrase.name).de;
    case "wh": return phrase.word;
    case "noun": {
      const noun = nounNamed(phrase.noun);
      const slot = slotOf(noun.gender, phrase.number);
      const c = phrase.case;
      let article: string;
      let endings;
      switch (phrase.determiner) {
        case "def": article = DEFINITE_ARTICLE[c][slot]; endings = WEAK_ENDING; break;
        case "indef": article = "ein" + EIN_WORD_ENDING[c][slot]; endings = MIXED_ENDING; break;
        case "kein": article = "kein" + EIN_WORD_ENDING[c][slot]; endings = MIXED_ENDING; break;
        case "poss": article = einWord(possessorOf(phrase).possessive, EIN_WORD_ENDING[c][slot]); endings = MIXED_ENDING; break;
        case "bare": article = ""; endings = STRONG_ENDING; break;
      }
      const adjective = phrase.adjective === undefined ? "" : adjectiveNamed(phrase.adjective).stem + endings[c][slot];
      return [article, adjective, nounForm(noun, phrase.number, c)].filter((w) => w !== "").join(" ");
    }
  }
}

function germanPP(pp: PrepositionalPhrase): string {
  const preposition = PREPOSITIONS[pp.preposition];
  if (pp.city !== undefined) return `${preposition.de} ${cityNamed(pp.city).de}`;
  if (pp.object === undefined) return preposition.de;
  const text = germanPhrase(pp.object);
  const [article, ...rest] = text.split(" ");
  const contracted = pp.object.kind === "noun" && pp.object.determiner === "def" ? contract(preposition.de, article) : undefined;
  return contracted === undefined ? `${preposition.de} ${text}` : [contracted, ...rest].join(" ");
}

/** The person a subject conjugates its verb in. */
function personOf(subject: Phrase): Person {
  if (subject.kind === "pronoun") return PRONOUNS[subject.pronoun].person;
  if (subject.kind === "noun") return subject.number === "pl" ? "3pl" : "3sg";
  return "3sg";
}

type Order = "statement" | "fronted" | "yes-no" | "wh" | "sub" | "after-sub";

/**
 * One German clause in its order: verb second (statement, fronted, wh), verb first (yes-no, and a
 * main clause after a fronted subordinate clause), verb last (sub). The middle field is
 * adverb, indirect object, object, nicht, prepositional phrase; with gern: nicht gern object.
 */
function germanClause(clause: Clause, order: Order, which: "main" | "sub", leave: {adverb?: boolean; pp?: boolean} = {}): Part[] {
  const verb = verbNamed(clause.verb);
  const person = personOf(clause.subject);
  const part = (role: Role, text: string): Part => ({role, text, clause: which});
  const perfect = clause.tense === "perfect";
  const finiteWord = perfect ? (verb.auxiliary === "sein" ? SEIN : HABEN)[person] : presentForm(verb, person);
  const subject = part(clause.subject.kind === "wh" ? "wh" : "subject", germanPhrase(clause.subject));
  const objectIsWh = clause.object?.kind === "wh";

  const middle: Part[] = [];
  if (clause.adverb !== undefined && !leave.adverb) middle.push(part("adverb", clause.adverb));
  if (clause.indirect !== undefined) middle.push(part("indirect", germanPhrase(clause.indirect)));
  const object = clause.object !== undefined && !objectIsWh ? [part("object", germanPhrase(clause.object))] : [];
  const nicht = clause.negation === "nicht" ? [part("nicht", "nicht")] : [];
  if (clause.gern) middle.push(...nicht, part("gern", "gern"), ...object);
  else middle.push(...object, ...nicht);
  if (clause.pp !== undefined && !leave.pp) middle.push(part("pp", germanPP(clause.pp)));

  if (order === "sub") {
    const end = perfect
      ? [part("participle", verb.participle), part("finite", finiteWord)]
      : [part("finite", verb.prefix + finiteWord)];
    return [...(subject.role === "subject" ? [subject] : []), ...middle, ...end];
  }
  const finite = part("finite", finiteWord);
  const tail = perfect ? [part("participle", verb.participle)] : verb.prefix ? [part("prefix", verb.prefix)] : [];
  const wh = objectIsWh ? [part("wh", germanPhrase(clause.object!))] : [];
  switch (order) {
    case "statement": return [subject, finite, ...middle, ...tail];
    case "wh": return subject.role === "wh" ? [subject, finite, ...middle, ...tail] : [...wh, finite, subject, ...middle, ...tail];
    default: return [finite, subject, ...middle, ...tail];
  }
}

// ---- English ----

function thirdSingular(subject: Phrase): boolean {
  if (subject.kind === "pronoun") return ["er", "sie", "es"].includes(subject.pronoun);
  if (subject.kind === "noun") return subject.number === "sg";
  return true;
}

/** The English of a noun phrase; under clause negation "kein" reads "a"/"any" (do not have a dog). */
export function englishPhrase(phrase: Phrase): string {
  switch (phrase.kind) {
    case "pronoun": return PRONOUNS[phrase.pronoun].en;
    case "name": return nameNamed(phrase.name).en;
    case "wh": return phrase.word === "was" ? "what" : "who";
    case "noun": {
      const noun = nounNamed(phrase.noun);
      const words = [phrase.adjective === undefined ? "" : adjectiveNamed(phrase.adjective).en,
        phrase.number === "pl" ? noun.enPlural : noun.en].filter((w) => w !== "");
      const countableSingular = phrase.number === "sg" && noun.plural !== null;
      let article: string;
      switch (phrase.determiner) {
        case "def": article = "the"; break;
        case "indef": article = indefiniteArticle(words[0]); break;
        case "kein": article = countableSingular ? indefiniteArticle(words[0]) : "any"; break;
        case "poss": article = possessorOf(phrase).enPossessive; break;
        case "bare": article = ""; break;
      }
      return [article, ...words].filter((w) => w !== "").join(" ");
    }
  }
}

function englishPP(pp: PrepositionalPhrase): string {
  const preposition = PREPOSITIONS[pp.preposition];
  if (pp.city !== undefined) return `${preposition.en} ${cityNamed(pp.city).en}`;
  if (pp.object === undefined) return preposition.en;
  return `${preposition.en} ${englishPhrase(pp.object)}${preposition.enPossessive ? "'s" : ""}`;
}

/**
 * One English clause: subject, verb group, indirect object, object, prepositional phrase, time
 * adverb; frequency adverbs before the main verb. Questions and negation take do-support
 * (does not see, did he see); the German perfect is the English simple past (hat gesehen → saw).
 */
function englishClause(clause: Clause, order: Order, which: "main" | "sub", leave: {adverb?: boolean; pp?: boolean} = {}): Part[] {
  const verb = verbNamed(clause.verb);
  const part = (role: Role, text: string): Part => ({role, text, clause: which});
  const past = clause.tense === "perfect";
  const s3 = thirdSingular(clause.subject);
  const subjectIsWh = clause.subject.kind === "wh";
  const inverted = order === "yes-no" || (order === "wh" && !subjectIsWh);
  const doSupport = inverted || clause.negation !== "none";
  const doWord = past ? "did" : s3 ? "does" : "do";
  const particle = verb.en.particle ? " " + verb.en.particle : "";
  const main = clause.gern
    ? `${doSupport ? "like" : s3 ? "likes" : "like"} ${verb.en.ing}${particle}`
    : (doSupport ? verb.en.base : past ? verb.en.past : s3 ? verb.en.s3 : verb.en.base) + particle;

  const adverb = clause.adverb === undefined || leave.adverb ? undefined : adverbNamed(clause.adverb);
  const frequency = adverb?.kind === "frequency" ? [part("adverb", adverb.en)] : [];
  const time = adverb?.kind === "time" ? [part("adverb", adverb.en)] : [];
  const subject = part(subjectIsWh ? "wh" : "subject", englishPhrase(clause.subject));
  const objectIsWh = clause.object?.kind === "wh";
  const after: Part[] = [];
  if (clause.indirect !== undefined) after.push(part("indirect", englishPhrase(clause.indirect)));
  if (clause.object !== undefined && !objectIsWh) after.push(part("object", englishPhrase(clause.object)));
  if (clause.pp !== undefined && !leave.pp) after.push(part("pp", englishPP(clause.pp)));
  after.push(...time);

  const verbGroup = [...frequency, part("verb", main)];
  if (inverted) {
    const wh = objectIsWh ? [part("wh", englishPhrase(clause.object!))] : [];
    return [...wh, part("do", doWord), subject, ...verbGroup, ...after];
  }
  const negated = doSupport ? [part("do", doWord), part("not", "not")] : [];
  return [subject, ...negated, ...verbGroup, ...after];
}

// ---- Sentences ----

const WH_ADVERB_EN: Readonly<Record<WhAdverb, string>> = {wann: "when", warum: "why", wo: "where", wohin: "where"};
const CONJUNCTION_EN: Readonly<Record<Conjunction, string>> = {weil: "because", obwohl: "although", wenn: "when", dass: "that"};

function frontedPart(clause: Clause, front: "adverb" | "pp", language: "de" | "en"): Part {
  let text: string;
  if (front === "adverb") {
    const adverb = adverbNamed(clause.adverb ?? "");
    text = language === "de" ? adverb.de : adverb.en;
  } else {
    if (clause.pp === undefined) throw new Error("a sentence fronts its prepositional phrase but the clause has none");
    text = language === "de" ? germanPP(clause.pp) : englishPP(clause.pp);
  }
  return {role: "front", text, clause: "main"};
}

function partsOf(sentence: Sentence, language: "de" | "en"): Part[] {
  const clause = language === "de" ? germanClause : englishClause;
  switch (sentence.rule) {
    case "statement": return clause(sentence.clause, "statement", "main");
    case "yes-no": return clause(sentence.clause, "yes-no", "main");
    case "fronted": {
      const front = frontedPart(sentence.clause, sentence.front, language);
      const rest = clause(sentence.clause, language === "de" ? "fronted" : "statement", "main", {[sentence.front]: true});
      return [front, ...rest];
    }
    case "wh": {
      if (sentence.adverb === undefined) return clause(sentence.clause, "wh", "main");
      const word = language === "de" ? sentence.adverb : WH_ADVERB_EN[sentence.adverb];
      return [{role: "wh", text: word, clause: "main"}, ...clause(sentence.clause, language === "de" ? "yes-no" : "wh", "main")];
    }
    case "subordinate": {
      const conjunction: Part = {role: "conjunction", text: language === "de" ? sentence.conjunction : CONJUNCTION_EN[sentence.conjunction], clause: "sub"};
      const sub = [conjunction, ...clause(sentence.sub, language === "de" ? "sub" : "statement", "sub")];
      if (!sentence.subFirst) return [...clause(sentence.main, "statement", "main"), ...sub];
      return [...sub, ...clause(sentence.main, language === "de" ? "after-sub" : "statement", "main")];
    }
  }
}

/**
 * Words joined with spaces, a capital first letter and the final mark. German puts a comma between
 * main and subordinate clause either way round; English only after a subordinate clause that comes first.
 */
function sentenceText(parts: Part[], question: boolean, language: "de" | "en"): string {
  let text = "";
  parts.forEach((p, i) => {
    const previous = parts[i - 1];
    if (i > 0) text += previous.clause !== p.clause && (language === "de" || previous.clause === "sub") ? ", " : " ";
    text += p.text;
  });
  return text.charAt(0).toUpperCase() + text.slice(1) + (question ? "?" : ".");
}

/** The German and English of a sentence's structure, with their constituents. */
export function renderSentence(sentence: Sentence): Rendered {
  const deParts = partsOf(sentence, "de");
  const enParts = partsOf(sentence, "en");
  const question = sentence.rule === "yes-no" || sentence.rule === "wh";
  return {de: sentenceText(deParts, question, "de"), en: sentenceText(enParts, question, "en"), deParts, enParts};
}
