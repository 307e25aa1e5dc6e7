// Drawing a random sentence structure from the lexicon: a verb, then the phrases it takes, then a rule.
import {
  adverbNamed, type Clause, type Conjunction, type NamePhrase, nameNamed, nounNamed, type NounPhrase, type Phrase, type PrepositionalPhrase,
  type Sentence, type Tense, verbNamed, type WhAdverb
} from "./grammar.js";
import {
  type Adjective, ADJECTIVES, type Adverb, ADVERBS, type Case, CITIES, NAMES, type Noun, type NounClass, NOUNS, type PrepositionId, PREPOSITIONS,
  type PronounId, SAYING_VERBS, type Verb, VERBS
} from "./lexicon.js";
import type {Random} from "./random.js";

/** How often each rule and option is drawn; docs/corpus.md gives the lengths these make. */
const RULES = {statement: 18, fronted: 18, "yes-no": 9, wh: 9, subordinate: 46} as const;
const CONJUNCTIONS: Readonly<Record<Conjunction, number>> = {weil: 40, dass: 25, wenn: 15, obwohl: 20};
const DETERMINERS = {def: 45, indef: 25, poss: 20, bare: 10} as const;
/** After a preposition that English renders as a possessive ("beim Bäcker" → "at the baker's"). */
const DEFINITE_DETERMINERS = {def: 60, poss: 40} as const;
const SUBJECTS = {pronoun: 35, noun: 65} as const;
const P_PERFECT = 0.3;
const P_NEGATION = 0.2;
const P_GERN = 0.15;
const P_ADVERB = 0.5;
const P_PLURAL = 0.25;
/** Places and things after a preposition are mostly singular ("im Park", not "in den Parks"). */
const P_PLURAL_PLACE = 0.05;
const P_NAME = 0.2;

const SUBJECT_PRONOUNS: readonly PronounId[] = ["ich", "du", "er", "sie", "wir", "ihr", "sie-pl", "Sie"];
const POSSESSORS: readonly PronounId[] = ["ich", "du", "er", "sie", "wir", "ihr", "sie-pl", "Sie"];

const nounCache = new Map<string, readonly Noun[]>();
function nounsOf(classes: readonly NounClass[]): readonly Noun[] {
  const key = classes.join(" ");
  let nouns = nounCache.get(key);
  if (nouns === undefined) {
    nouns = NOUNS.filter((n) => n.classes.some((c) => classes.includes(c)));
    if (nouns.length === 0) throw new Error(`the lexicon has no noun of the classes ${key}`);
    nounCache.set(key, nouns);
  }
  return nouns;
}

const adverbCache = new Map<string, readonly Adverb[]>();
/** The adverbs that go with a tense, or only the time adverbs among them. */
function adverbsFor(tense: Tense, timeOnly = false): readonly Adverb[] {
  const key = `${tense} ${timeOnly}`;
  let adverbs = adverbCache.get(key);
  if (adverbs === undefined) {
    adverbs = ADVERBS.filter((a) => a.tenses.includes(tense) && (!timeOnly || a.kind === "time"));
    adverbCache.set(key, adverbs);
  }
  return adverbs;
}

const adjectiveCache = new Map<Noun, readonly Adjective[]>();
function adjectivesFor(noun: Noun): readonly Adjective[] {
  let adjectives = adjectiveCache.get(noun);
  if (adjectives === undefined) {
    adjectives = ADJECTIVES.filter((a) => a.classes.some((c) => noun.classes.includes(c)));
    adjectiveCache.set(noun, adjectives);
  }
  return adjectives;
}

interface PhraseOptions {
  /** Whose a possessive is when it is the subject's own ("Er ruft seine Mutter an"). */
  owner?: PronounId;
  adjective: number;
  /** Singular and definite or possessive only (bei: "beim Bäcker" → "at the baker's"). */
  definite?: boolean;
  plural?: number;
}

function nounPhrase(rng: Random, classes: readonly NounClass[], kase: Case, options: PhraseOptions): NounPhrase | NamePhrase {
  if (classes.includes("person") && rng.chance(P_NAME)) return {kind: "name", name: rng.pick(NAMES).de, case: kase};
  const noun = rng.pick(nounsOf(classes));
  const mass = noun.plural === null;
  const number = !mass && !options.definite && rng.chance(options.plural ?? P_PLURAL) ? "pl" : "sg";
  let determiner = options.definite ? rng.weighted(DEFINITE_DETERMINERS) : rng.weighted(DETERMINERS);
  if (determiner === "indef" && (mass || number === "pl")) determiner = "bare";
  if (determiner === "bare" && !mass && number === "sg") determiner = "indef";
  const phrase: NounPhrase = {kind: "noun", noun: noun.de, number, determiner, case: kase};
  if (determiner === "poss") phrase.possessor = options.owner !== undefined && rng.chance(0.6) ? options.owner : rng.pick(POSSESSORS);
  if (rng.chance(options.adjective)) {
    const fitting = adjectivesFor(noun);
    if (fitting.length > 0) phrase.adjective = rng.pick(fitting).de;
  }
  return phrase;
}

function subjectPhrase(rng: Random, verb: Verb, adjective: number): Phrase {
  const kind = rng.weighted(SUBJECTS);
  if (kind === "pronoun") {
    const pronouns = verb.subject.includes("animal") ? [...SUBJECT_PRONOUNS, "es" as const] : SUBJECT_PRONOUNS;
    return {kind: "pronoun", pronoun: rng.pick(pronouns), case: "nom"};
  }
  return nounPhrase(rng, verb.subject, "nom", {adjective});
}

/** The pronoun a possessive refers to when it is the subject's own: ich → mein, Anna → ihr. */
function ownerOf(subject: Phrase): PronounId | undefined {
  if (subject.kind === "pronoun") return subject.pronoun;
  if (subject.kind === "name") return nameNamed(subject.name).sex === "f" ? "sie" : "er";
  return undefined;
}

function prepositionalPhrase(rng: Random, id: PrepositionId, options: PhraseOptions): PrepositionalPhrase {
  const preposition = PREPOSITIONS[id];
  if (preposition.takes === "city") return {preposition: id, city: rng.pick(CITIES).de};
  if (preposition.takes === "none") return {preposition: id};
  const living = preposition.takes.includes("person") || preposition.takes.includes("animal");
  const object = nounPhrase(rng, preposition.takes, preposition.case ?? "dat",
    {...options, definite: preposition.enPossessive, plural: living ? P_PLURAL : P_PLURAL_PLACE});
  return {preposition: id, object};
}

interface ClauseOptions {
  tense?: Tense;
  negation: boolean;
  gern: boolean;
  /** Fewer adjectives and prepositional phrases, for the clauses of a two-clause sentence. */
  short?: boolean;
  verb?: Verb;
}

export function sampleClause(rng: Random, options: ClauseOptions): Clause {
  const verb = options.verb ?? rng.pick(VERBS);
  const tense: Tense = verb.noPerfect ? "present" : options.tense ?? (rng.chance(P_PERFECT) ? "perfect" : "present");
  const adjective = options.short ? 0.35 : 0.5;
  const subject = subjectPhrase(rng, verb, adjective);
  const phraseOptions: PhraseOptions = {owner: ownerOf(subject), adjective};
  const clause: Clause = {subject, verb: verb.lemma, tense, negation: "none", gern: false};
  if (verb.indirect) clause.indirect = nounPhrase(rng, ["person"], "dat", {...phraseOptions, adjective: 0});
  if (verb.object) clause.object = nounPhrase(rng, verb.object.classes, verb.object.case, phraseOptions);
  const pPreposition = verb.object ? (options.short ? 0.4 : 0.6) : options.short ? 0.8 : 0.9;
  if (verb.prepositions.length > 0 && (verb.needsPreposition || rng.chance(pPreposition))) {
    clause.pp = prepositionalPhrase(rng, rng.pick(verb.prepositions), phraseOptions);
  }
  if (rng.chance(options.short ? P_ADVERB / 2 : P_ADVERB)) clause.adverb = rng.pick(adverbsFor(tense)).de;
  const frequency = clause.adverb !== undefined && adverbNamed(clause.adverb).kind === "frequency";

  if (options.gern && verb.gern && !verb.indirect && tense === "present" && !frequency && rng.chance(P_GERN)) {
    clause.gern = true;
    if (clause.object?.kind === "noun") {
      const generic = nounNamed(clause.object.noun);
      clause.object = {...clause.object, determiner: "bare", number: generic.plural === null ? "sg" : "pl"};
      delete clause.object.possessor;
    }
  }
  if (options.negation && !frequency && rng.chance(P_NEGATION)) {
    const object = clause.object;
    const indefinite = object?.kind === "noun" && (object.determiner === "indef" || object.determiner === "bare");
    if (indefinite && !clause.gern) {
      clause.negation = "kein";
      clause.object = {...object, determiner: "kein"};
    } else {
      clause.negation = "nicht";
    }
  }
  return clause;
}

/** One sentence: a rule drawn by RULES's weights, and the clauses it needs. */
export function sampleSentence(rng: Random): Sentence {
  const rule = rng.weighted(RULES);
  switch (rule) {
    case "statement": return {rule, clause: sampleClause(rng, {negation: true, gern: true})};
    case "yes-no": return {rule, clause: sampleClause(rng, {negation: false, gern: true})};
    case "fronted": {
      const clause = sampleClause(rng, {negation: true, gern: true});
      const adverb = clause.adverb === undefined ? undefined : adverbNamed(clause.adverb);
      if (adverb !== undefined && (adverb.kind === "time" || adverb.de === "manchmal")) return {rule, clause, front: "adverb"};
      if (clause.pp !== undefined && adverb === undefined && rng.chance(0.4)) return {rule, clause, front: "pp"};
      return {rule, clause: {...clause, adverb: rng.pick(adverbsFor(clause.tense, true)).de}, front: "adverb"};
    }
    case "wh": return whQuestion(rng);
    case "subordinate": {
      const conjunction = rng.weighted(CONJUNCTIONS);
      if (conjunction === "dass") {
        const verb = rng.pick(SAYING_VERBS);
        const main: Clause = {subject: subjectPhrase(rng, verb, 0), verb: verb.lemma, tense: "present", negation: "none", gern: false};
        return {rule, main, conjunction, sub: sampleClause(rng, {negation: true, gern: true, short: true}), subFirst: false};
      }
      const tense = conjunction === "wenn" ? "present" : undefined;
      const main = sampleClause(rng, {negation: true, gern: false, short: true, tense});
      const sub = sampleClause(rng, {negation: true, gern: true, short: true, tense});
      return {rule, main, conjunction, sub, subFirst: rng.chance(0.3)};
    }
  }
}

function whQuestion(rng: Random): Sentence {
  const clause = sampleClause(rng, {negation: false, gern: true});
  const verb = verbNamed(clause.verb);
  const choices: ("subject" | "object" | WhAdverb)[] = ["wann", "warum"];
  if (verb.subject.includes("person")) choices.push("subject");
  if (verb.object) choices.push("object", "object");
  const placeWh = clause.pp === undefined ? undefined : PREPOSITIONS[clause.pp.preposition].wh;
  if (placeWh !== undefined) choices.push(placeWh);
  const choice = rng.pick(choices);
  if (choice === "subject") return {rule: "wh", clause: {...clause, subject: {kind: "wh", word: "wer", case: "nom"}}};
  if (choice === "object") {
    const object = clause.object!;
    const person = object.kind === "name" || (object.kind === "noun" && nounNamed(object.noun).classes.includes("person"));
    const kase = verb.object!.case;
    const word = person ? (kase === "dat" ? "wem" : "wen") : "was";
    return {rule: "wh", clause: {...clause, object: {kind: "wh", word, case: kase}}};
  }
  const asked: Clause = {...clause};
  if (choice === "wo" || choice === "wohin") delete asked.pp;
  else delete asked.adverb;
  return {rule: "wh", clause: asked, adverb: choice};
}
