// The generated German→English corpus (src/corpus): grammar checked on the generated pairs against
// tables written out here, independently of the generator's own; the course's example sentences;
// determinism, disjoint splits, sizes and lengths.
import assert from "node:assert/strict";
import {createHash} from "node:crypto";
import {test} from "node:test";
import {
  type Clause, type Corpus, type CorpusPair, generateCorpus, type Part, type Phrase, type PrepositionalPhrase,
  renderSentence, SEED_SENTENCE, type Sentence, splitStats
} from "../../src/corpus/index.js";
import {NAMES, NOUNS, PRONOUNS, VERBS} from "../../src/corpus/lexicon.js";

const corpus: Corpus = generateCorpus();
const all: CorpusPair[] = [...corpus.train, ...corpus.valid, ...corpus.test];

// ---- Tables, written out from a German grammar, not from src/corpus ----

type Column = "m" | "f" | "n" | "pl";
type Row = Record<Column, string>;
const row = (m: string, f: string, n: string, pl: string): Row => ({m, f, n, pl});
const DER = {nom: row("der", "die", "das", "die"), acc: row("den", "die", "das", "die"), dat: row("dem", "der", "dem", "den")};
const EIN = {nom: row("ein", "eine", "ein", "-"), acc: row("einen", "eine", "ein", "-"), dat: row("einem", "einer", "einem", "-")};
const KEIN = {nom: row("kein", "keine", "kein", "keine"), acc: row("keinen", "keine", "kein", "keine"), dat: row("keinem", "keiner", "keinem", "keinen")};
const MEIN = {nom: row("mein", "meine", "mein", "meine"), acc: row("meinen", "meine", "mein", "meine"), dat: row("meinem", "meiner", "meinem", "meinen")};
// adjective endings: weak after der, mixed after ein/kein/mein, strong with no article
const WEAK = {nom: row("e", "e", "e", "en"), acc: row("en", "e", "e", "en"), dat: row("en", "en", "en", "en")};
const MIXED = {nom: row("er", "e", "es", "en"), acc: row("en", "e", "es", "en"), dat: row("en", "en", "en", "en")};
const STRONG = {nom: row("er", "e", "es", "e"), acc: row("en", "e", "es", "e"), dat: row("em", "er", "em", "en")};
const POSSESSIVE_STEM: Record<string, string> = {ich: "mein", du: "dein", er: "sein", sie: "ihr", es: "sein", wir: "unser", ihr: "euer", "sie-pl": "ihr", Sie: "Ihr"};
const CASE_OF_PREPOSITION: Record<string, "acc" | "dat"> = {
  mit: "dat", von: "dat", zu: "dat", aus: "dat", bei: "dat", nach: "dat", für: "acc", ohne: "acc", durch: "acc",
  gegen: "acc", um: "acc"
};
const CONTRACTED: Record<string, string> = {"zu dem": "zum", "zu der": "zur", "in dem": "im", "in das": "ins", "an dem": "am", "von dem": "vom", "bei dem": "beim", "an das": "ans"};
const ADJECTIVE_STEM: Record<string, string> = {teuer: "teur", dunkel: "dunkl", müde: "müd"};
/** Verbs whose object is dative, and the ones with a dative indirect object besides their accusative. */
const DATIVE_OBJECT = new Set(["helfen", "danken", "antworten"]);

const PERSONS = ["1sg", "2sg", "3sg", "1pl", "2pl", "3pl"] as const;
type Person = (typeof PERSONS)[number];
const PERSON_OF: Record<string, Person> = {ich: "1sg", du: "2sg", er: "3sg", sie: "3sg", es: "3sg", wir: "1pl", ihr: "2pl", "sie-pl": "3pl", Sie: "3pl"};
/** Present tense, ich du er wir ihr sie, without separable prefixes. */
const CONJUGATION: Record<string, string> = {
  sehen: "sehe siehst sieht sehen seht sehen",
  lesen: "lese liest liest lesen lest lesen",
  essen: "esse isst isst essen esst essen",
  fahren: "fahre fährst fährt fahren fahrt fahren",
  nehmen: "nehme nimmst nimmt nehmen nehmt nehmen",
  helfen: "helfe hilfst hilft helfen helft helfen",
  schlafen: "schlafe schläfst schläft schlafen schlaft schlafen",
  laufen: "laufe läufst läuft laufen lauft laufen",
  arbeiten: "arbeite arbeitest arbeitet arbeiten arbeitet arbeiten",
  antworten: "antworte antwortest antwortet antworten antwortet antworten",
  finden: "finde findest findet finden findet finden",
  öffnen: "öffne öffnest öffnet öffnen öffnet öffnen",
  tanzen: "tanze tanzt tanzt tanzen tanzt tanzen",
  reisen: "reise reist reist reisen reist reisen",
  füttern: "füttere fütterst füttert füttern füttert füttern",
  kommen: "komme kommst kommt kommen kommt kommen",
  schwimmen: "schwimme schwimmst schwimmt schwimmen schwimmt schwimmen",
  haben: "habe hast hat haben habt haben",
  wissen: "weiß weißt weiß wissen wisst wissen",
  anrufen: "rufe rufst ruft rufen ruft rufen",
  einladen: "lade lädst lädt laden ladet laden",
  fernsehen: "sehe siehst sieht sehen seht sehen",
  spielen: "spiele spielst spielt spielen spielt spielen"
};
const HABEN = "habe hast hat haben habt haben".split(" ");
const SEIN = "bin bist ist sind seid sind".split(" ");

const nounOf = (de: string) => NOUNS.find((n) => n.de === de)!;
const verbOf = (lemma: string) => VERBS.find((v) => v.lemma === lemma);

function personOf(subject: Phrase): Person {
  if (subject.kind === "pronoun") return PERSON_OF[subject.pronoun];
  if (subject.kind === "noun" && subject.number === "pl") return "3pl";
  return "3sg";
}

/** The German of a phrase by the tables above. */
function expectedGerman(phrase: Phrase): string {
  if (phrase.kind === "pronoun") return PRONOUNS[phrase.pronoun].de;
  if (phrase.kind === "name") return phrase.name;
  if (phrase.kind === "wh") return {nom: "wer", acc: phrase.word === "was" ? "was" : "wen", dat: "wem"}[phrase.case];
  const noun = nounOf(phrase.noun);
  const column: Column = phrase.number === "pl" ? "pl" : noun.gender;
  const c = phrase.case;
  let article = "";
  let endings = STRONG;
  if (phrase.determiner === "def") [article, endings] = [DER[c][column], WEAK];
  if (phrase.determiner === "indef") [article, endings] = [EIN[c][column], MIXED];
  if (phrase.determiner === "kein") [article, endings] = [KEIN[c][column], MIXED];
  if (phrase.determiner === "poss") {
    const stem = POSSESSIVE_STEM[phrase.possessor!];
    const ending = MEIN[c][column].slice(4);
    article = stem === "euer" && ending !== "" ? "eur" + ending : stem + ending;
    endings = MIXED;
  }
  assert.notEqual(article, "-", `"ein" has no plural: ${JSON.stringify(phrase)}`);
  const adjective = phrase.adjective === undefined ? "" : (ADJECTIVE_STEM[phrase.adjective] ?? phrase.adjective) + endings[c][column];
  let form = phrase.number === "pl" ? noun.plural! : noun.de;
  if (phrase.number === "pl" && c === "dat" && !/[ns]$/.test(form)) form += "n";
  if (phrase.number === "sg" && c !== "nom") form = noun.oblique; // n-declension: den Jungen
  return [article, adjective, form].filter((w) => w !== "").join(" ");
}

function expectedPP(pp: PrepositionalPhrase, preposition: string): string {
  if (pp.object === undefined) return pp.city === undefined ? preposition : `${preposition} ${pp.city}`;
  const [article, ...rest] = expectedGerman(pp.object).split(" ");
  const contracted = pp.object.kind === "noun" && pp.object.determiner === "def" ? CONTRACTED[`${preposition} ${article}`] : undefined;
  return contracted ? [contracted, ...rest].join(" ") : [preposition, article, ...rest].join(" ");
}

function clausesOf(s: Sentence): [Clause, "main" | "sub"][] {
  return s.rule === "subordinate" ? [[s.main, "main"], [s.sub, "sub"]] : [[s.clause, "main"]];
}

const partsIn = (parts: Part[], which: "main" | "sub") => parts.filter((p) => p.clause === which);
const only = (parts: Part[], role: string) => parts.filter((p) => p.role === role);

// ---- The course's sentences ----

const ich = {kind: "pronoun", pronoun: "ich", case: "nom"} as const;
const der = (noun: string, kase: "nom" | "acc" | "dat") => ({kind: "noun", noun, number: "sg", determiner: "def", case: kase} as const);
const clause = (c: Partial<Clause> & Pick<Clause, "subject" | "verb">): Clause => ({tense: "present", negation: "none", gern: false, ...c});

test("the seed sentence and its relatives come out word for word", () => {
  const cases: [Sentence, string, string][] = [
    [SEED_SENTENCE, "Ich esse gern Pilze.", "I like eating mushrooms."],
    [{rule: "statement", clause: clause({subject: {kind: "pronoun", pronoun: "wir", case: "nom"}, verb: "trinken", gern: true,
      object: {kind: "noun", noun: "Kaffee", number: "sg", determiner: "bare", case: "acc"}})}, "Wir trinken gern Kaffee.", "We like drinking coffee."],
    [{rule: "statement", clause: clause({subject: {kind: "pronoun", pronoun: "sie", case: "nom"}, verb: "lesen", gern: true,
      object: {kind: "noun", noun: "Buch", number: "pl", determiner: "bare", case: "acc"}})}, "Sie liest gern Bücher.", "She likes reading books."],
    [{rule: "fronted", front: "adverb", clause: clause({subject: der("Mann", "nom"), verb: "sehen", object: der("Hund", "acc"), adverb: "heute"})},
      "Heute sieht der Mann den Hund.", "Today the man sees the dog."],
    [{rule: "subordinate", conjunction: "weil", subFirst: false, main: clause({subject: ich, verb: "bleiben", pp: {preposition: "zu-hause"}}),
      sub: clause({subject: der("Frau", "nom"), verb: "lesen", object: der("Buch", "acc")})},
      "Ich bleibe zu Hause, weil die Frau das Buch liest.", "I stay at home because the woman reads the book."],
    [{rule: "statement", clause: clause({subject: der("Mann", "nom"), verb: "sehen", object: der("Hund", "acc"), tense: "perfect"})},
      "Der Mann hat den Hund gesehen.", "The man saw the dog."],
    [{rule: "statement", clause: clause({subject: {kind: "pronoun", pronoun: "er", case: "nom"}, verb: "anrufen",
      object: {kind: "noun", noun: "Mutter", number: "sg", determiner: "poss", possessor: "er", case: "acc"}})}, "Er ruft seine Mutter an.", "He calls his mother."],
    [{rule: "statement", clause: clause({subject: ich, verb: "haben", negation: "kein",
      object: {kind: "noun", noun: "Hund", number: "sg", determiner: "kein", case: "acc"}})}, "Ich habe keinen Hund.", "I do not have a dog."],
    [{rule: "yes-no", clause: clause({subject: der("Mann", "nom"), verb: "sehen", object: der("Hund", "acc")})},
      "Sieht der Mann den Hund?", "Does the man see the dog?"],
    [{rule: "wh", clause: clause({subject: der("Mann", "nom"), verb: "sehen", object: {kind: "wh", word: "was", case: "acc"}})},
      "Was sieht der Mann?", "What does the man see?"],
    [{rule: "subordinate", conjunction: "dass", subFirst: false, main: clause({subject: ich, verb: "wissen"}),
      sub: clause({subject: {kind: "pronoun", pronoun: "er", case: "nom"}, verb: "anrufen", object: {kind: "name", name: "Anna", case: "acc"}, tense: "perfect"})},
      "Ich weiß, dass er Anna angerufen hat.", "I know that he called Anna."],
    [{rule: "statement", clause: clause({subject: der("Kind", "nom"), verb: "gehen", pp: {preposition: "zu", object: der("Schule", "dat")}})},
      "Das Kind geht zur Schule.", "The child goes to the school."]
  ];
  for (const [sentence, de, en] of cases) assert.deepEqual([renderSentence(sentence).de, renderSentence(sentence).en], [de, en]);
});

// ---- The corpus ----

test("every word of the seed sentence occurs in the training split, so a vocabulary learned there covers it", () => {
  const words = (side: "de" | "en") => new Set(corpus.train.flatMap((p) => p[side].split(/[\s,.?]+/)));
  const [de, en] = [words("de"), words("en")];
  for (const w of ["Ich", "esse", "gern", "Pilze"]) assert.ok(de.has(w), `no training sentence has "${w}"`);
  for (const w of ["I", "like", "eating", "mushrooms"]) assert.ok(en.has(w), `no training sentence has "${w}"`);
});

test("the default corpus: 20,000 / 1,000 / 1,000 pairs, about 12 tokens a sentence, no German sentence twice", () => {
  assert.deepEqual([corpus.train.length, corpus.valid.length, corpus.test.length], [20_000, 1_000, 1_000]);
  const german = new Set(all.map((p) => p.de));
  assert.equal(german.size, all.length, "a German sentence occurs twice (within or across splits)");
  for (const split of ["train", "valid", "test"] as const) {
    const {meanTokensDe, meanTokensEn} = splitStats(corpus[split]);
    assert.ok(meanTokensDe >= 11 && meanTokensDe <= 13, `${split}: ${meanTokensDe} German tokens a sentence`);
    assert.ok(meanTokensEn >= 10 && meanTokensEn <= 14, `${split}: ${meanTokensEn} English tokens a sentence`);
  }
});

test("the default corpus is the one the shipped translation model was trained on: the same pairs and structures", () => {
  // The sha-256 of the JSON of generateCorpus(). A change to the generator that changes any pair
  // or structure changes it: then the shipped model, the fixtures and the pages' figures must be remade.
  const digest = createHash("sha256").update(JSON.stringify(corpus)).digest("hex");
  assert.equal(digest, "744b30fc09b1ceb1a35634bef2b99f9f96e5f9a6dd49d0501c459bee8a2119f4");
});

test("the same seed gives the same corpus, another seed another; held-out splits do not depend on the training size", () => {
  const a = generateCorpus({seed: 5, pairs: 300, validPairs: 40, testPairs: 40});
  assert.deepEqual(generateCorpus({seed: 5, pairs: 300, validPairs: 40, testPairs: 40}), a);
  const b = generateCorpus({seed: 6, pairs: 300, validPairs: 40, testPairs: 40});
  assert.ok(a.train.filter((p, i) => p.de !== b.train[i].de).length > 290, "seed 6's corpus is nearly seed 5's");
  const bigger = generateCorpus({seed: 5, pairs: 600, validPairs: 40, testPairs: 40});
  assert.deepEqual([bigger.test, bigger.valid, bigger.train.slice(0, 300)], [a.test, a.valid, a.train]);
});

test("every pair is its structure rendered, with a capital, a final mark and a comma exactly between clauses", () => {
  for (const pair of all.filter((_, i) => i % 7 === 0)) {
    const r = renderSentence(pair.structure);
    assert.deepEqual([r.de, r.en], [pair.de, pair.en]);
  }
  for (const {de, en, structure} of all) {
    const question = structure.rule === "yes-no" || structure.rule === "wh";
    for (const s of [de, en]) {
      assert.match(s, /^[A-ZÄÖÜ]/, s);
      assert.ok(s.endsWith(question ? "?" : "."), `${s} should end with ${question ? "?" : "."}`);
      assert.doesNotMatch(s, /\s[,.?]|\s\s|[.?]./, s);
    }
    assert.equal(de.includes(","), structure.rule === "subordinate", de);
    if (structure.rule === "subordinate") assert.equal(en.includes(","), structure.subFirst, en);
  }
});

test("articles and adjective endings agree with gender, number and case; prepositions contract; kein is declined", () => {
  let checked = 0;
  for (const {structure, de} of all) {
    const {deParts} = renderSentence(structure);
    for (const [c, which] of clausesOf(structure)) {
      const parts = partsIn(deParts, which);
      const expectCase = (phrase: Phrase | undefined, kase: string, role: string) => {
        if (phrase === undefined || phrase.kind === "wh") return;
        assert.equal(phrase.case, kase, `${de}: the ${role} ${JSON.stringify(phrase)} should be ${kase}`);
        assert.deepEqual(only(parts, role).map((p) => p.text), [expectedGerman(phrase)], `${de}: ${role}`);
        checked++;
      };
      expectCase(c.subject, "nom", "subject");
      expectCase(c.object, DATIVE_OBJECT.has(c.verb) ? "dat" : "acc", "object");
      expectCase(c.indirect, "dat", "indirect");
      const ppPart = structure.rule === "fronted" && structure.front === "pp" && which === "main" ? only(parts, "front") : only(parts, "pp");
      if (c.pp !== undefined) {
        assert.equal(ppPart.length, 1, `${de}: one prepositional phrase`);
        const text = ppPart[0].text;
        if (c.pp.object === undefined && c.pp.city === undefined) {
          assert.ok(text === "zu Hause" || text === "nach Hause", de);
        } else {
          const first = text.split(" ")[0];
          const preposition = Object.entries(CONTRACTED).find(([, short]) => short === first)?.[0].split(" ")[0] ?? first;
          const kase = CASE_OF_PREPOSITION[preposition];
          if (c.pp.object !== undefined && kase !== undefined) {
            assert.equal(c.pp.object.case, kase, `${de}: "${preposition}" governs the ${kase}`);
          }
          assert.equal(text, expectedPP(c.pp, preposition), de);
          checked++;
        }
      }
      if (c.negation === "kein") assert.equal(c.object?.kind === "noun" && c.object.determiner, "kein", de);
    }
    assert.doesNotMatch(de, /\b(zu|in|an|von|bei) dem\b|\bzu der\b|\b(in|an) das\b/, `${de}: a preposition and article German contracts`);
  }
  assert.ok(checked > 40_000, `only ${checked} phrases checked`);
});

test("the finite verb is second in statements, first in yes/no questions, last in subordinate clauses; participle and prefix go last", () => {
  const seen = new Set<string>();
  for (const {structure, de} of all) {
    const {deParts} = renderSentence(structure);
    for (const [c, which] of clausesOf(structure)) {
      const parts = partsIn(deParts, which);
      const roles = parts.map((p) => p.role);
      const finite = roles.indexOf("finite");
      const verb = verbOf(c.verb);
      const prefix = verb?.prefix ?? "";
      const person = PERSONS.indexOf(personOf(c.subject));
      const finiteText = parts[finite].text;
      if (which === "sub") {
        assert.equal(roles[0], "conjunction", de);
        assert.equal(finite, roles.length - 1, `${de}: the verb ends the subordinate clause`);
        if (c.tense === "perfect") assert.equal(roles.at(-2), "participle", `${de}: participle before the auxiliary`);
        else if (CONJUGATION[c.verb]) assert.equal(finiteText, prefix + CONJUGATION[c.verb].split(" ")[person], `${de}: ${c.verb}, ${PERSONS[person]}`);
        seen.add("sub");
        continue;
      }
      const position = structure.rule === "yes-no" || (structure.rule === "subordinate" && structure.subFirst) ? 0 : 1;
      assert.equal(finite, position, `${de}: the finite verb is at position ${position} of the main clause`);
      seen.add(`${structure.rule}:${position}`);
      if (c.tense === "perfect") {
        assert.equal(roles.at(-1), "participle", `${de}: the participle ends the main clause`);
        assert.equal(parts.at(-1)!.text.startsWith(prefix), true, de);
        assert.equal(finiteText, (verb!.auxiliary === "sein" ? SEIN : HABEN)[person], `${de}: auxiliary for ${PERSONS[person]}`);
        seen.add(`perfect-${verb!.auxiliary}`);
      } else {
        if (prefix) {
          assert.deepEqual([roles.at(-1), parts.at(-1)!.text], ["prefix", prefix], `${de}: the separable prefix ends the main clause`);
          seen.add("separable");
        }
        if (CONJUGATION[c.verb]) assert.equal(finiteText, CONJUGATION[c.verb].split(" ")[person], `${de}: ${c.verb}, ${PERSONS[person]}`);
      }
      if (c.negation === "nicht") seen.add("nicht");
    }
  }
  for (const what of ["sub", "statement:1", "fronted:1", "yes-no:0", "wh:1", "subordinate:0", "subordinate:1", "perfect-haben", "perfect-sein", "separable", "nicht"]) {
    assert.ok(seen.has(what), `no sentence shows ${what}`);
  }
});

// ---- English ----

/** 3rd person singular by the spelling rules: watch → watches, carry → carries, play → plays. */
function thirdPerson(base: string): string {
  if (base === "have") return "has";
  if (base === "go") return "goes";
  if (/(s|x|z|ch|sh)$/.test(base)) return base + "es";
  if (/[^aeiou]y$/.test(base)) return base.slice(0, -1) + "ies";
  return base + "s";
}

test("English: 3rd-person -s, do-support in questions and negation, the simple past for the perfect, a/an", () => {
  const seen = new Set<string>();
  for (const {structure, en} of all) {
    const {enParts} = renderSentence(structure);
    for (const [c, which] of clausesOf(structure)) {
      const parts = partsIn(enParts, which);
      const verb = verbOf(c.verb);
      if (verb === undefined) continue; // the saying verbs of "dass" clauses
      const s3 = c.subject.kind === "name" || c.subject.kind === "wh" || (c.subject.kind === "noun" && c.subject.number === "sg") ||
        (c.subject.kind === "pronoun" && ["er", "sie", "es"].includes(c.subject.pronoun));
      const past = c.tense === "perfect";
      const inverted = structure.rule === "yes-no" || (structure.rule === "wh" && c.subject.kind !== "wh");
      const doParts = only(parts, "do").map((p) => p.text);
      const main = only(parts, "verb")[0].text.split(" ");
      const base = c.gern ? "like" : verb.en.base;
      if (inverted || c.negation !== "none") {
        assert.deepEqual(doParts, [past ? "did" : s3 ? "does" : "do"], `${en}: do-support`);
        assert.equal(main[0], base, `${en}: the bare verb after do`);
        assert.equal(only(parts, "not").length, c.negation === "none" ? 0 : 1, en);
        if (inverted) {
          const roles = parts.map((p) => p.role);
          assert.ok(roles.indexOf("do") < roles.indexOf("subject"), `${en}: do before the subject`);
        }
        seen.add(inverted ? "question" : "negation");
      } else {
        assert.deepEqual(doParts, [], `${en}: no do in a plain statement`);
        const expected = past ? (c.gern ? "liked" : verb.en.past) : s3 ? thirdPerson(base) : base;
        assert.equal(main[0], expected, `${en}: ${past ? "past" : s3 ? "3rd singular" : "plain"} form of ${base}`);
        seen.add(past ? "past" : s3 ? "s3" : "plain");
      }
      if (c.gern) assert.match(main[1], /ing$/, en);
    }
    for (const [, article, word] of en.matchAll(/\b([Aa]n?) (\w+)/g)) {
      assert.equal(article.toLowerCase(), /^[aeiou]/.test(word) ? "an" : "a", `${en}: "${article} ${word}"`);
    }
  }
  for (const what of ["question", "negation", "past", "s3", "plain"]) assert.ok(seen.has(what), `no English sentence shows ${what}`);
});

test("the corpus covers the constructions: cases, plurals, prepositions, contractions, stem changes, names", () => {
  const text = all.map((p) => p.de).join("\n");
  for (const word of [
    "zum", "zur", "im", "am", "vom", "beim", "ins", "mit", "von", "aus", "bei", "nach", "für", "ohne", "durch", "gegen", "um",
    "keinen", "keine", "keinem", "einem", "einer", "meinem", "eure", "euren", "sieht", "liest", "isst", "fährt", "nimmt", "hilft",
    "Kindern", "Männern", "Jungen", "weil", "dass", "obwohl", "wenn", "gern", "nicht", "Wer", "Was", "Wen", "Wem", "Wann", "Warum", "Wo", "Wohin"
  ]) {
    assert.match(text, new RegExp(`(^|[ ,])${word}[ ,.?]`, "m"), `no sentence has "${word}"`);
  }
  assert.ok(NAMES.some((n) => text.includes(n.de)));
});
