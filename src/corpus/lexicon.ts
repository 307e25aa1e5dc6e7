// The corpus's lexicon: nouns, verbs, adjectives, adverbs, names, cities, pronouns and the
// prepositional phrases verbs take, each with its German and English forms. One line per entry;
// docs/corpus.md says how to add one. Pure data and its types: no tfjs, no DOM.

export type Gender = "m" | "f" | "n";
export type GrammaticalNumber = "sg" | "pl";
export type Case = "nom" | "acc" | "dat";

/** What a noun denotes; verbs, prepositions and adjectives say which classes they take. */
export type NounClass =
  | "person" | "animal" | "food" | "meal" | "drink" | "thing" | "openable" | "readable" | "writable" | "story"
  | "vehicle" | "song" | "picture" | "present" | "building" | "area" | "room" | "water" | "beach" | "event" | "station";

export interface Noun {
  /** Nominative singular, e.g. "Mann". */
  de: string;
  gender: Gender;
  /** Nominative plural ("Männer"); null for a mass noun ("Kaffee"), which takes no plural and no "ein". */
  plural: string | null;
  /** Accusative and dative singular of an n-declension noun ("Jungen" for "Junge"), else the nominative. */
  oblique: string;
  en: string;
  enPlural: string;
  classes: readonly NounClass[];
}

/**
 * noun("m", "Junge/Jungen", "Jungen", "boy", ["person"]): gender, nominative singular (with the
 * oblique singular after a slash for n-declension nouns), plural ("-" for a mass noun), English
 * singular (with an irregular plural after a slash: "man/men"), classes.
 */
function noun(gender: Gender, de: string, plural: string, en: string, classes: NounClass[]): Noun {
  const [nominative, oblique = nominative] = de.split("/");
  const [singular, enPlural = englishPlural(singular)] = en.split("/");
  return {de: nominative, gender, plural: plural === "-" ? null : plural, oblique, en: singular, enPlural, classes};
}

/** The regular English plural: box → boxes, city → cities, dog → dogs. */
export function englishPlural(word: string): string {
  if (/(s|x|z|ch|sh)$/.test(word)) return word + "es";
  if (/[^aeiou]y$/.test(word)) return word.slice(0, -1) + "ies";
  return word + "s";
}

export const NOUNS: readonly Noun[] = [
  // people
  noun("m", "Mann", "Männer", "man/men", ["person"]),
  noun("f", "Frau", "Frauen", "woman/women", ["person"]),
  noun("n", "Kind", "Kinder", "child/children", ["person"]),
  noun("m", "Junge/Jungen", "Jungen", "boy", ["person"]),
  noun("n", "Mädchen", "Mädchen", "girl", ["person"]),
  noun("m", "Lehrer", "Lehrer", "teacher", ["person"]),
  noun("f", "Lehrerin", "Lehrerinnen", "teacher", ["person"]),
  noun("m", "Arzt", "Ärzte", "doctor", ["person"]),
  noun("f", "Ärztin", "Ärztinnen", "doctor", ["person"]),
  noun("m", "Freund", "Freunde", "friend", ["person"]),
  noun("f", "Freundin", "Freundinnen", "friend", ["person"]),
  noun("f", "Mutter", "Mütter", "mother", ["person"]),
  noun("m", "Vater", "Väter", "father", ["person"]),
  noun("m", "Bruder", "Brüder", "brother", ["person"]),
  noun("f", "Schwester", "Schwestern", "sister", ["person"]),
  noun("m", "Sohn", "Söhne", "son", ["person"]),
  noun("f", "Tochter", "Töchter", "daughter", ["person"]),
  noun("f", "Großmutter", "Großmütter", "grandmother", ["person"]),
  noun("m", "Großvater", "Großväter", "grandfather", ["person"]),
  noun("m", "Student/Studenten", "Studenten", "student", ["person"]),
  noun("f", "Studentin", "Studentinnen", "student", ["person"]),
  noun("m", "Nachbar/Nachbarn", "Nachbarn", "neighbour", ["person"]),
  noun("f", "Nachbarin", "Nachbarinnen", "neighbour", ["person"]),
  noun("m", "Koch", "Köche", "cook", ["person"]),
  noun("f", "Köchin", "Köchinnen", "cook", ["person"]),
  noun("m", "Bäcker", "Bäcker", "baker", ["person"]),
  noun("m", "Kellner", "Kellner", "waiter", ["person"]),
  noun("f", "Kellnerin", "Kellnerinnen", "waitress/waitresses", ["person"]),
  noun("m", "Polizist/Polizisten", "Polizisten", "police officer", ["person"]),
  noun("m", "Kollege/Kollegen", "Kollegen", "colleague", ["person"]),
  noun("f", "Kollegin", "Kolleginnen", "colleague", ["person"]),
  noun("m", "Fahrer", "Fahrer", "driver", ["person"]),
  noun("m", "Künstler", "Künstler", "artist", ["person"]),
  noun("f", "Künstlerin", "Künstlerinnen", "artist", ["person"]),
  noun("n", "Baby", "Babys", "baby", ["person"]),
  // animals
  noun("m", "Hund", "Hunde", "dog", ["animal"]),
  noun("f", "Katze", "Katzen", "cat", ["animal"]),
  noun("n", "Pferd", "Pferde", "horse", ["animal"]),
  noun("m", "Vogel", "Vögel", "bird", ["animal"]),
  noun("f", "Maus", "Mäuse", "mouse/mice", ["animal"]),
  noun("f", "Kuh", "Kühe", "cow", ["animal"]),
  noun("m", "Fisch", "Fische", "fish/fish", ["animal"]),
  noun("m", "Elefant/Elefanten", "Elefanten", "elephant", ["animal"]),
  noun("m", "Bär/Bären", "Bären", "bear", ["animal"]),
  noun("m", "Löwe/Löwen", "Löwen", "lion", ["animal"]),
  noun("m", "Affe/Affen", "Affen", "monkey", ["animal"]),
  noun("f", "Ente", "Enten", "duck", ["animal"]),
  noun("n", "Schaf", "Schafe", "sheep/sheep", ["animal"]),
  noun("n", "Kaninchen", "Kaninchen", "rabbit", ["animal"]),
  // food and drink (a null plural is a mass noun)
  noun("m", "Apfel", "Äpfel", "apple", ["food"]),
  noun("m", "Pilz", "Pilze", "mushroom", ["food", "meal"]),
  noun("m", "Kuchen", "Kuchen", "cake", ["food", "meal"]),
  noun("n", "Ei", "Eier", "egg", ["food", "meal"]),
  noun("f", "Banane", "Bananen", "banana", ["food"]),
  noun("f", "Orange", "Orangen", "orange", ["food"]),
  noun("f", "Tomate", "Tomaten", "tomato/tomatoes", ["food", "meal"]),
  noun("f", "Kartoffel", "Kartoffeln", "potato/potatoes", ["food", "meal"]),
  noun("f", "Birne", "Birnen", "pear", ["food"]),
  noun("f", "Erdbeere", "Erdbeeren", "strawberry", ["food"]),
  noun("m", "Keks", "Kekse", "biscuit", ["food"]),
  noun("f", "Suppe", "Suppen", "soup", ["food", "meal"]),
  noun("f", "Pizza", "Pizzen", "pizza", ["food", "meal"]),
  noun("f", "Wurst", "Würste", "sausage", ["food", "meal"]),
  noun("f", "Nudel", "Nudeln", "noodle", ["food", "meal"]),
  noun("n", "Brot", "-", "bread", ["food"]),
  noun("m", "Reis", "-", "rice", ["food", "meal"]),
  noun("m", "Käse", "-", "cheese", ["food"]),
  noun("n", "Fleisch", "-", "meat", ["food", "meal"]),
  noun("n", "Obst", "-", "fruit", ["food"]),
  noun("n", "Gemüse", "-", "vegetables", ["food", "meal"]),
  noun("m", "Kaffee", "-", "coffee", ["drink"]),
  noun("m", "Tee", "-", "tea", ["drink"]),
  noun("n", "Wasser", "-", "water", ["drink"]),
  noun("f", "Milch", "-", "milk", ["drink"]),
  noun("m", "Saft", "-", "juice", ["drink"]),
  noun("n", "Bier", "-", "beer", ["drink"]),
  noun("m", "Wein", "-", "wine", ["drink"]),
  // things
  noun("n", "Buch", "Bücher", "book", ["readable", "writable", "thing"]),
  noun("m", "Brief", "Briefe", "letter", ["readable", "writable", "openable"]),
  noun("f", "Zeitung", "Zeitungen", "newspaper", ["readable"]),
  noun("f", "Geschichte", "Geschichten", "story", ["readable", "writable", "story"]),
  noun("f", "Postkarte", "Postkarten", "postcard", ["readable", "writable"]),
  noun("m", "Ball", "Bälle", "ball", ["thing"]),
  noun("f", "Tasche", "Taschen", "bag", ["thing", "openable"]),
  noun("m", "Schlüssel", "Schlüssel", "key", ["thing"]),
  noun("m", "Hut", "Hüte", "hat", ["thing"]),
  noun("f", "Jacke", "Jacken", "jacket", ["thing"]),
  noun("m", "Schuh", "Schuhe", "shoe", ["thing"]),
  noun("f", "Uhr", "Uhren", "watch/watches", ["thing"]),
  noun("n", "Handy", "Handys", "phone", ["thing"]),
  noun("m", "Computer", "Computer", "computer", ["thing"]),
  noun("m", "Tisch", "Tische", "table", ["thing"]),
  noun("m", "Stuhl", "Stühle", "chair", ["thing"]),
  noun("f", "Lampe", "Lampen", "lamp", ["thing"]),
  noun("f", "Tasse", "Tassen", "cup", ["thing"]),
  noun("f", "Flasche", "Flaschen", "bottle", ["thing", "openable"]),
  noun("f", "Kiste", "Kisten", "box/boxes", ["thing", "openable"]),
  noun("f", "Tür", "Türen", "door", ["openable"]),
  noun("n", "Fenster", "Fenster", "window", ["openable"]),
  noun("f", "Blume", "Blumen", "flower", ["thing", "present"]),
  noun("n", "Geschenk", "Geschenke", "present", ["present", "openable"]),
  noun("n", "Bild", "Bilder", "picture", ["picture", "thing"]),
  noun("n", "Foto", "Fotos", "photo", ["picture"]),
  noun("n", "Lied", "Lieder", "song", ["song"]),
  noun("m", "Film", "Filme", "film", ["event"]),
  noun("n", "Konzert", "Konzerte", "concert", ["event"]),
  noun("n", "Spiel", "Spiele", "game", ["event"]),
  noun("n", "Auto", "Autos", "car", ["vehicle"]),
  noun("n", "Fahrrad", "Fahrräder", "bicycle", ["vehicle"]),
  noun("m", "Bus", "Busse", "bus/buses", ["vehicle"]),
  noun("m", "Zug", "Züge", "train", ["vehicle"]),
  noun("n", "Boot", "Boote", "boat", ["vehicle"]),
  // places
  noun("m", "Park", "Parks", "park", ["area"]),
  noun("m", "Garten", "Gärten", "garden", ["area"]),
  noun("m", "Wald", "Wälder", "forest", ["area"]),
  noun("f", "Stadt", "Städte", "town", ["area"]),
  noun("n", "Dorf", "Dörfer", "village", ["area"]),
  noun("f", "Straße", "Straßen", "street", ["area"]),
  noun("f", "Schule", "Schulen", "school", ["building"]),
  noun("n", "Haus", "Häuser", "house", ["building"]),
  noun("n", "Kino", "Kinos", "cinema", ["building"]),
  noun("n", "Museum", "Museen", "museum", ["building"]),
  noun("f", "Bibliothek", "Bibliotheken", "library", ["building"]),
  noun("n", "Büro", "Büros", "office", ["building"]),
  noun("n", "Restaurant", "Restaurants", "restaurant", ["building"]),
  noun("m", "Supermarkt", "Supermärkte", "supermarket", ["building"]),
  noun("n", "Krankenhaus", "Krankenhäuser", "hospital", ["building"]),
  noun("m", "Bahnhof", "Bahnhöfe", "station", ["station"]),
  noun("f", "Haltestelle", "Haltestellen", "bus stop", ["station"]),
  noun("f", "Küche", "Küchen", "kitchen", ["room"]),
  noun("n", "Zimmer", "Zimmer", "room", ["room"]),
  noun("m", "See", "Seen", "lake", ["water"]),
  noun("m", "Fluss", "Flüsse", "river", ["water"]),
  noun("m", "Strand", "Strände", "beach/beaches", ["beach"])
];

export interface Adjective {
  /** The predicative form, e.g. "teuer". */
  de: string;
  /** The stem endings attach to, when it differs ("teur" for "teuer"). */
  stem: string;
  en: string;
  classes: readonly NounClass[];
}

/** adjective("teuer/teur", "expensive", classes): a stem after the slash where endings change it; müde → müd-e. */
function adjective(de: string, en: string, classes: NounClass[]): Adjective {
  const [predicative, stem = predicative.replace(/e$/, "")] = de.split("/");
  return {de: predicative, stem, en, classes};
}

const LIVING: NounClass[] = ["person", "animal"];
const OBJECTS: NounClass[] = ["thing", "openable", "vehicle", "present", "picture"];

export const ADJECTIVES: readonly Adjective[] = [
  adjective("alt", "old", [...LIVING, ...OBJECTS, "building", "area", "readable"]),
  adjective("jung", "young", LIVING),
  adjective("klein", "small", [...LIVING, ...OBJECTS, "building", "area", "room", "water"]),
  adjective("groß", "big", [...LIVING, ...OBJECTS, "building", "area", "room", "water"]),
  adjective("neu", "new", [...OBJECTS, "building", "readable", "song", "event"]),
  adjective("schön", "beautiful", [...LIVING, ...OBJECTS, "building", "area", "room", "water", "song"]),
  adjective("nett", "nice", ["person"]),
  adjective("freundlich", "friendly", LIVING),
  adjective("müde", "tired", LIVING),
  adjective("hungrig", "hungry", LIVING),
  adjective("krank", "sick", LIVING),
  adjective("glücklich", "happy", LIVING),
  adjective("klug", "clever", LIVING),
  adjective("lustig", "funny", [...LIVING, "readable", "song", "event"]),
  adjective("rot", "red", OBJECTS),
  adjective("blau", "blue", OBJECTS),
  adjective("grün", "green", OBJECTS),
  adjective("gelb", "yellow", OBJECTS),
  adjective("schwarz", "black", ["animal", ...OBJECTS]),
  adjective("weiß", "white", ["animal", ...OBJECTS]),
  adjective("teuer/teur", "expensive", [...OBJECTS, "drink", "building"]),
  adjective("billig", "cheap", [...OBJECTS, "drink"]),
  adjective("frisch", "fresh", ["food", "drink"]),
  adjective("lecker", "tasty", ["food", "meal"]),
  adjective("süß", "sweet", ["food"]),
  adjective("heiß", "hot", ["drink", "meal"]),
  adjective("kalt", "cold", ["drink", "meal", "water"]),
  adjective("spannend", "exciting", ["readable", "event"]),
  adjective("langweilig", "boring", ["readable", "event"]),
  adjective("laut", "loud", ["event", "song", "area"]),
  adjective("ruhig", "quiet", ["area", "room", "building", "water"]),
  adjective("dunkel/dunkl", "dark", ["area", "room"]),
  adjective("sauber", "clean", ["room", "building", ...OBJECTS]),
  adjective("schmutzig", "dirty", ["room", ...OBJECTS])
];

export type Sex = "m" | "f";

export interface Name {
  de: string;
  en: string;
  sex: Sex;
}

const name = (sex: Sex, de: string, en = de): Name => ({de, en, sex});

export const NAMES: readonly Name[] = [
  name("f", "Anna"), name("f", "Maria"), name("f", "Lisa"), name("f", "Sophie"), name("f", "Julia"),
  name("f", "Lena"), name("f", "Emma"), name("f", "Mia"), name("f", "Laura"), name("f", "Clara"),
  name("m", "Peter"), name("m", "Thomas"), name("m", "Paul"), name("m", "Max"), name("m", "Jonas"),
  name("m", "Lukas"), name("m", "Felix"), name("m", "Ben"), name("m", "Tim"), name("m", "David")
];

export interface City {
  de: string;
  en: string;
}

const city = (de: string, en = de): City => ({de, en});

export const CITIES: readonly City[] = [
  city("Berlin"), city("Hamburg"), city("München", "Munich"), city("Köln", "Cologne"), city("Wien", "Vienna"),
  city("Paris"), city("London"), city("Rom", "Rome"), city("Zürich", "Zurich"), city("Frankfurt")
];

/** The personal pronouns by their German nominative ("sie" 3rd singular is "sie", 3rd plural "sie-pl", polite "Sie"). */
export type PronounId = "ich" | "du" | "er" | "sie" | "es" | "wir" | "ihr" | "sie-pl" | "Sie";
/** The six persons of a German verb; polite "Sie" conjugates as the 3rd plural. */
export type Person = "1sg" | "2sg" | "3sg" | "1pl" | "2pl" | "3pl";

export interface Pronoun {
  de: string;
  person: Person;
  /** The possessive stem ("mein"); "euer" drops its e before an ending (eure, euren). */
  possessive: string;
  en: string;
  enPossessive: string;
}

export const PRONOUNS: Readonly<Record<PronounId, Pronoun>> = {
  ich: {de: "ich", person: "1sg", possessive: "mein", en: "I", enPossessive: "my"},
  du: {de: "du", person: "2sg", possessive: "dein", en: "you", enPossessive: "your"},
  er: {de: "er", person: "3sg", possessive: "sein", en: "he", enPossessive: "his"},
  sie: {de: "sie", person: "3sg", possessive: "ihr", en: "she", enPossessive: "her"},
  es: {de: "es", person: "3sg", possessive: "sein", en: "it", enPossessive: "its"},
  wir: {de: "wir", person: "1pl", possessive: "unser", en: "we", enPossessive: "our"},
  ihr: {de: "ihr", person: "2pl", possessive: "euer", en: "you", enPossessive: "your"},
  "sie-pl": {de: "sie", person: "3pl", possessive: "ihr", en: "they", enPossessive: "their"},
  Sie: {de: "Sie", person: "3pl", possessive: "Ihr", en: "you", enPossessive: "your"}
};

export interface EnglishVerb {
  base: string;
  s3: string;
  past: string;
  ing: string;
  /** Words after the verb, before its objects: "up" in "picks up", "TV" in "watches TV". */
  particle?: string;
}

/** Keys of PREPOSITIONS: the prepositional phrases a verb may take. */
export type PrepositionId =
  | "mit" | "von" | "zu" | "aus" | "bei" | "nach-event" | "nach-city" | "aus-city" | "in-loc" | "in-city"
  | "in-goal" | "an-loc" | "für" | "ohne" | "durch" | "gegen" | "um" | "auf-wait" | "zu-hause" | "nach-hause";

export interface Verb {
  /** The infinitive with its separable prefix, e.g. "anrufen"; the verb's key. */
  lemma: string;
  /** The separable prefix ("an"), or "" for a verb that does not separate. */
  prefix: string;
  /** The infinitive without the prefix: "rufen". */
  stemInfinitive: string;
  /** Present-tense forms that differ from the regular ones, by person (without the prefix). */
  irregular: Partial<Record<Person, string>>;
  participle: string;
  auxiliary: "haben" | "sein";
  en: EnglishVerb;
  subject: readonly NounClass[];
  /** A direct object and its case (accusative, or dative for helfen, danken, antworten). */
  object?: {case: "acc" | "dat"; classes: readonly NounClass[]};
  /** A dative indirect object (geben, zeigen, bringen): always a person. */
  indirect?: boolean;
  prepositions: readonly PrepositionId[];
  /** The verb needs one of its prepositional phrases (wohnen, warten, gehen). */
  needsPreposition?: boolean;
  /** "gern" + verb reads well ("Ich esse gern Pilze" → "I like eating mushrooms"). */
  gern?: boolean;
  /** The perfect is not used (haben → "gehabt" is rare in speech). */
  noPerfect?: boolean;
}

interface VerbSpec {
  /** The infinitive, with a separable prefix after a bar: "an|rufen". */
  de: string;
  /** Stem-changed 2nd and 3rd singular, e.g. "siehst sieht"; "-" for none. */
  change?: string;
  participle: string;
  sein?: boolean;
  /** "see sees saw seeing", with a particle after a bar: "pick picks picked picking|up". */
  en: string;
  subject?: NounClass[];
  object?: NounClass[];
  dative?: NounClass[];
  indirect?: boolean;
  pp?: PrepositionId[];
  needsPreposition?: boolean;
  gern?: boolean;
  noPerfect?: boolean;
  irregular?: Partial<Record<Person, string>>;
}

function verb(spec: VerbSpec): Verb {
  const [prefix, stemInfinitive] = spec.de.includes("|") ? spec.de.split("|") : ["", spec.de];
  const [forms, particle] = spec.en.split("|");
  const [base, s3, past, ing] = forms.split(" ");
  if (ing === undefined) throw new Error(`verb ${spec.de}: English "${spec.en}" needs four forms: base s3 past ing`);
  const irregular: Partial<Record<Person, string>> = {...spec.irregular};
  if (spec.change) [irregular["2sg"], irregular["3sg"]] = spec.change.split(" ");
  return {
    lemma: prefix + stemInfinitive, prefix, stemInfinitive, irregular, participle: spec.participle,
    auxiliary: spec.sein ? "sein" : "haben",
    en: particle ? {base, s3, past, ing, particle} : {base, s3, past, ing},
    subject: spec.subject ?? ["person"],
    ...(spec.object ? {object: {case: "acc" as const, classes: spec.object}} : {}),
    ...(spec.dative ? {object: {case: "dat" as const, classes: spec.dative}} : {}),
    ...(spec.indirect ? {indirect: true} : {}),
    prepositions: spec.pp ?? [],
    ...(spec.needsPreposition ? {needsPreposition: true} : {}),
    ...(spec.gern ? {gern: true} : {}),
    ...(spec.noPerfect ? {noPerfect: true} : {})
  };
}

export const VERBS: readonly Verb[] = [
  // transitive
  verb({de: "sehen", change: "siehst sieht", participle: "gesehen", en: "see sees saw seeing",
    object: ["person", "animal", "vehicle", "thing", "building", "event"], pp: ["in-loc", "an-loc"]}),
  verb({de: "lesen", change: "liest liest", participle: "gelesen", en: "read reads read reading",
    object: ["readable"], pp: ["in-loc", "für", "an-loc"], gern: true}),
  verb({de: "essen", change: "isst isst", participle: "gegessen", en: "eat eats ate eating",
    object: ["food"], pp: ["in-loc", "mit", "bei"], gern: true}),
  verb({de: "trinken", participle: "getrunken", en: "drink drinks drank drinking",
    object: ["drink"], pp: ["in-loc", "mit", "bei"], gern: true}),
  verb({de: "kaufen", participle: "gekauft", en: "buy buys bought buying",
    object: ["food", "drink", "thing", "readable", "vehicle", "present"], pp: ["für", "in-loc"]}),
  verb({de: "haben", irregular: {"2sg": "hast", "3sg": "hat"}, participle: "gehabt", en: "have has had having",
    object: ["animal", "thing", "vehicle", "readable", "present"], noPerfect: true}),
  verb({de: "suchen", participle: "gesucht", en: "look looks looked looking|for",
    object: ["person", "animal", "thing", "readable"], pp: ["in-loc", "mit"]}),
  verb({de: "finden", participle: "gefunden", en: "find finds found finding",
    object: ["animal", "thing", "readable", "present"], pp: ["in-loc", "an-loc"]}),
  verb({de: "brauchen", participle: "gebraucht", en: "need needs needed needing",
    object: ["thing", "vehicle", "food", "drink"]}),
  verb({de: "kochen", participle: "gekocht", en: "cook cooks cooked cooking",
    object: ["meal"], pp: ["für", "in-loc", "mit"], gern: true}),
  verb({de: "schreiben", participle: "geschrieben", en: "write writes wrote writing",
    object: ["writable", "song"], indirect: true, pp: ["in-loc"], gern: true}),
  verb({de: "malen", participle: "gemalt", en: "paint paints painted painting",
    object: ["picture", "animal", "person", "building"], pp: ["für", "in-loc"], gern: true}),
  verb({de: "besuchen", participle: "besucht", en: "visit visits visited visiting",
    object: ["person", "building", "area"], pp: ["mit", "ohne"]}),
  verb({de: "verkaufen", participle: "verkauft", en: "sell sells sold selling",
    object: ["thing", "vehicle", "food", "drink"], pp: ["in-loc"]}),
  verb({de: "bekommen", participle: "bekommen", en: "get gets got getting",
    object: ["readable", "present", "thing"], pp: ["von"]}),
  verb({de: "lieben", participle: "geliebt", en: "love loves loved loving", object: ["person", "animal"]}),
  verb({de: "fragen", participle: "gefragt", en: "ask asks asked asking", object: ["person"], pp: ["in-loc"]}),
  verb({de: "treffen", change: "triffst trifft", participle: "getroffen", en: "meet meets met meeting",
    object: ["person"], pp: ["in-loc", "an-loc", "in-city"]}),
  verb({de: "nehmen", change: "nimmst nimmt", participle: "genommen", en: "take takes took taking",
    object: ["thing", "vehicle", "food"]}),
  verb({de: "tragen", change: "trägst trägt", participle: "getragen", en: "carry carries carried carrying",
    object: ["thing", "present", "animal"], pp: ["durch", "zu"]}),
  verb({de: "waschen", change: "wäschst wäscht", participle: "gewaschen", en: "wash washes washed washing",
    object: ["vehicle", "animal", "thing"], pp: ["in-loc"]}),
  verb({de: "öffnen", participle: "geöffnet", en: "open opens opened opening", object: ["openable"]}),
  verb({de: "fangen", change: "fängst fängt", participle: "gefangen", en: "catch catches caught catching",
    object: ["animal", "thing"], pp: ["in-loc"]}),
  verb({de: "füttern", participle: "gefüttert", en: "feed feeds fed feeding", object: ["animal"], pp: ["in-loc"], gern: true}),
  verb({de: "fotografieren", participle: "fotografiert", en: "photograph photographs photographed photographing",
    object: ["person", "animal", "building", "vehicle"], pp: ["in-loc", "in-city"], gern: true}),
  verb({de: "reparieren", participle: "repariert", en: "repair repairs repaired repairing",
    object: ["vehicle", "thing"], pp: ["für", "in-loc"]}),
  verb({de: "bauen", participle: "gebaut", en: "build builds built building",
    object: ["building", "thing"], pp: ["für", "in-city"]}),
  verb({de: "putzen", participle: "geputzt", en: "clean cleans cleaned cleaning",
    object: ["room", "vehicle", "openable"], pp: ["für"]}),
  verb({de: "kennen", participle: "gekannt", en: "know knows knew knowing", object: ["person", "area", "song"]}),
  verb({de: "hören", participle: "gehört", en: "hear hears heard hearing",
    object: ["song", "person", "animal"], pp: ["in-loc"]}),
  verb({de: "singen", participle: "gesungen", en: "sing sings sang singing",
    object: ["song"], pp: ["für", "mit", "in-loc"], gern: true}),
  // dative objects
  verb({de: "helfen", change: "hilfst hilft", participle: "geholfen", en: "help helps helped helping",
    dative: ["person"], pp: ["in-loc"], gern: true}),
  verb({de: "danken", participle: "gedankt", en: "thank thanks thanked thanking", dative: ["person"]}),
  verb({de: "antworten", participle: "geantwortet", en: "answer answers answered answering", dative: ["person"]}),
  // ditransitive: a dative person and an accusative thing
  verb({de: "geben", change: "gibst gibt", participle: "gegeben", en: "give gives gave giving",
    object: ["food", "thing", "readable", "present"], indirect: true}),
  verb({de: "zeigen", participle: "gezeigt", en: "show shows showed showing",
    object: ["picture", "readable", "animal", "building", "thing"], indirect: true}),
  verb({de: "bringen", participle: "gebracht", en: "bring brings brought bringing",
    object: ["food", "drink", "readable", "present", "thing"], indirect: true}),
  verb({de: "erzählen", participle: "erzählt", en: "tell tells told telling", object: ["story"], indirect: true}),
  // intransitive, with the prepositional phrases they take
  verb({de: "schlafen", change: "schläfst schläft", participle: "geschlafen", en: "sleep sleeps slept sleeping",
    subject: ["person", "animal"], pp: ["in-loc", "bei", "zu-hause"]}),
  verb({de: "laufen", change: "läufst läuft", participle: "gelaufen", sein: true, en: "run runs ran running",
    subject: ["person", "animal"], pp: ["durch", "um", "zu", "in-goal", "nach-hause"], gern: true}),
  verb({de: "schwimmen", participle: "geschwommen", sein: true, en: "swim swims swam swimming",
    subject: ["person", "animal"], pp: ["in-loc", "durch", "mit"], gern: true}),
  verb({de: "spielen", participle: "gespielt", en: "play plays played playing",
    subject: ["person", "animal"], pp: ["mit", "in-loc", "gegen", "ohne", "zu-hause"], gern: true}),
  verb({de: "arbeiten", participle: "gearbeitet", en: "work works worked working",
    pp: ["in-loc", "für", "in-city", "zu-hause", "mit"], gern: true}),
  verb({de: "tanzen", participle: "getanzt", en: "dance dances danced dancing", pp: ["mit", "in-loc"], gern: true}),
  verb({de: "lachen", participle: "gelacht", en: "laugh laughs laughed laughing", pp: ["mit"]}),
  verb({de: "wohnen", participle: "gewohnt", en: "live lives lived living",
    pp: ["in-city", "in-loc", "bei", "mit"], needsPreposition: true}),
  verb({de: "warten", participle: "gewartet", en: "wait waits waited waiting",
    pp: ["auf-wait", "an-loc", "in-loc"], needsPreposition: true}),
  verb({de: "gehen", participle: "gegangen", sein: true, en: "go goes went going",
    pp: ["zu", "in-goal", "nach-hause", "durch", "ohne"], needsPreposition: true}),
  verb({de: "kommen", participle: "gekommen", sein: true, en: "come comes came coming",
    pp: ["aus", "aus-city", "von", "nach-event", "nach-hause", "zu"], needsPreposition: true}),
  verb({de: "fahren", change: "fährst fährt", participle: "gefahren", sein: true, en: "travel travels travelled travelling",
    pp: ["nach-city", "zu", "durch", "mit", "ohne"], needsPreposition: true, gern: true}),
  verb({de: "fliegen", participle: "geflogen", sein: true, en: "fly flies flew flying",
    subject: ["person", "animal"], pp: ["nach-city", "mit", "durch"], needsPreposition: true}),
  verb({de: "bleiben", participle: "geblieben", sein: true, en: "stay stays stayed staying",
    subject: ["person", "animal"], pp: ["zu-hause", "in-loc", "bei", "in-city"], needsPreposition: true}),
  verb({de: "reisen", participle: "gereist", sein: true, en: "travel travels travelled travelling",
    pp: ["nach-city", "mit", "ohne"], needsPreposition: true}),
  // separable verbs
  verb({de: "an|rufen", participle: "angerufen", en: "call calls called calling", object: ["person"], pp: ["nach-event"]}),
  verb({de: "ein|laden", change: "lädst lädt", participle: "eingeladen", en: "invite invites invited inviting",
    object: ["person"], pp: ["zu", "nach-event"]}),
  verb({de: "ab|holen", participle: "abgeholt", en: "pick picks picked picking|up",
    object: ["person", "present", "thing"], pp: ["an-loc", "von"]}),
  verb({de: "mit|bringen", participle: "mitgebracht", en: "bring brings brought bringing",
    object: ["food", "drink", "present", "readable"], pp: ["für"]}),
  verb({de: "zu|machen", participle: "zugemacht", en: "close closes closed closing", object: ["openable"]}),
  verb({de: "auf|räumen", participle: "aufgeräumt", en: "tidy tidies tidied tidying|up", object: ["room"], pp: ["für"]}),
  verb({de: "vor|lesen", change: "liest liest", participle: "vorgelesen", en: "read reads read reading",
    object: ["readable"], indirect: true, gern: true}),
  verb({de: "ein|kaufen", participle: "eingekauft", en: "shop shops shopped shopping",
    pp: ["in-loc", "für", "mit", "in-city"], gern: true}),
  verb({de: "auf|stehen", participle: "aufgestanden", sein: true, en: "get gets got getting|up", pp: []}),
  verb({de: "fern|sehen", change: "siehst sieht", participle: "ferngesehen", en: "watch watches watched watching|TV",
    pp: ["zu-hause", "mit", "in-loc"], gern: true}),
  verb({de: "an|kommen", participle: "angekommen", sein: true, en: "arrive arrives arrived arriving",
    pp: ["an-loc", "in-city", "zu-hause"], needsPreposition: true})
];

export interface Preposition {
  de: string;
  /** The case it governs here; absent for a fixed phrase ("zu Hause") or a city ("nach Berlin"). */
  case?: Case;
  en: string;
  /** The classes of noun it takes; "city" for a bare city name; "none" for a fixed phrase. */
  takes: readonly NounClass[] | "city" | "none";
  /** "bei der Mutter" → "at the mother's": the English takes the possessive 's. */
  enPossessive?: boolean;
  /** The phrase names a place and "wo" asks for it, or a goal and "wohin" does. */
  wh?: "wo" | "wohin";
}

export const PREPOSITIONS: Readonly<Record<PrepositionId, Preposition>> = {
  mit: {de: "mit", case: "dat", en: "with", takes: ["person", "animal"]},
  von: {de: "von", case: "dat", en: "from", takes: ["person"]},
  zu: {de: "zu", case: "dat", en: "to", takes: ["person", "building", "station"], wh: "wohin"},
  aus: {de: "aus", case: "dat", en: "out of", takes: ["building", "room", "area"]},
  bei: {de: "bei", case: "dat", en: "at", takes: ["person"], enPossessive: true, wh: "wo"},
  "nach-event": {de: "nach", case: "dat", en: "after", takes: ["event"]},
  "nach-city": {de: "nach", en: "to", takes: "city", wh: "wohin"},
  "aus-city": {de: "aus", en: "from", takes: "city"},
  "in-loc": {de: "in", case: "dat", en: "in", takes: ["building", "area", "room", "water"], wh: "wo"},
  "in-city": {de: "in", en: "in", takes: "city", wh: "wo"},
  "in-goal": {de: "in", case: "acc", en: "into", takes: ["building", "area", "room", "water"], wh: "wohin"},
  "an-loc": {de: "an", case: "dat", en: "at", takes: ["station", "water", "beach"], wh: "wo"},
  für: {de: "für", case: "acc", en: "for", takes: ["person", "animal"]},
  ohne: {de: "ohne", case: "acc", en: "without", takes: ["person", "animal"]},
  durch: {de: "durch", case: "acc", en: "through", takes: ["area", "water"]},
  gegen: {de: "gegen", case: "acc", en: "against", takes: ["person"]},
  um: {de: "um", case: "acc", en: "around", takes: ["area", "water", "building"]},
  "auf-wait": {de: "auf", case: "acc", en: "for", takes: ["person", "vehicle", "readable"]},
  "zu-hause": {de: "zu Hause", en: "at home", takes: "none", wh: "wo"},
  "nach-hause": {de: "nach Hause", en: "home", takes: "none", wh: "wohin"}
};

/** Time adverbs ("heute") and frequency adverbs ("oft"), with the tenses they go with. */
export interface Adverb {
  de: string;
  en: string;
  /** A frequency adverb stands before the English verb ("often sees"); a time adverb at the end. */
  kind: "time" | "frequency";
  tenses: readonly ("present" | "perfect")[];
}

const BOTH = ["present", "perfect"] as const;

export const ADVERBS: readonly Adverb[] = [
  {de: "heute", en: "today", kind: "time", tenses: BOTH},
  {de: "jetzt", en: "now", kind: "time", tenses: ["present"]},
  {de: "gestern", en: "yesterday", kind: "time", tenses: ["perfect"]},
  {de: "gestern Abend", en: "last night", kind: "time", tenses: ["perfect"]},
  {de: "letzte Woche", en: "last week", kind: "time", tenses: ["perfect"]},
  {de: "heute Morgen", en: "this morning", kind: "time", tenses: BOTH},
  {de: "am Abend", en: "in the evening", kind: "time", tenses: ["present"]},
  {de: "am Morgen", en: "in the morning", kind: "time", tenses: ["present"]},
  {de: "am Wochenende", en: "at the weekend", kind: "time", tenses: BOTH},
  {de: "am Sonntag", en: "on Sunday", kind: "time", tenses: BOTH},
  {de: "jeden Tag", en: "every day", kind: "time", tenses: ["present"]},
  {de: "oft", en: "often", kind: "frequency", tenses: BOTH},
  {de: "manchmal", en: "sometimes", kind: "frequency", tenses: BOTH},
  {de: "immer", en: "always", kind: "frequency", tenses: ["present"]}
];

/** Verbs that take a "dass" clause: the main clause of "Ich weiß, dass ...". */
export const SAYING_VERBS: readonly Verb[] = [
  verb({de: "wissen", irregular: {"1sg": "weiß", "2sg": "weißt", "3sg": "weiß"}, participle: "gewusst", en: "know knows knew knowing"}),
  verb({de: "sagen", participle: "gesagt", en: "say says said saying"}),
  verb({de: "glauben", participle: "geglaubt", en: "think thinks thought thinking"}),
  verb({de: "hoffen", participle: "gehofft", en: "hope hopes hoped hoping"})
];
