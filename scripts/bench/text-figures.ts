// Figures for the tokenization and batching pages: BPE learning time, vocabulary size, mean
// tokens per sentence and the padding with and without bucketing, on a corpus of sentence pairs.
//   npx tsx scripts/bench/text-figures.ts [--src FILE --tgt FILE] [--vocab N] [--pairs N] [--compounds 2|3]
// Without files it recombines a small hand-written German/English grammar into --pairs pairs
// (default 20,000), a stand-in until the course's generated corpus is there. --compounds 3 also
// makes three-part German compounds ("Stadtgartenhaus"), for a corpus with more word types than
// a vocabulary of 8,000 (Multi30k's training split has about 18,000 German and 10,000 English).
import {openAsBlob} from "node:fs";
import {basename} from "node:path";
import {parseArgs} from "node:util";
import {readAlignedFiles, type SentencePair} from "../../src/io/corpus-files.js";
import {Random} from "../../src/model/random.js";
import {countWords, learnBpe, learnMerges} from "../../src/text/bpe.js";
import {pretokenize} from "../../src/text/pretokenize.js";
import {buildTokenizer, TextCodec} from "../../src/text/vocab.js";
import {lengthBatches, paddingFraction} from "../../src/training/length-batches.js";

const {values} = parseArgs({
  options: {src: {type: "string"}, tgt: {type: "string"}, vocab: {type: "string"}, pairs: {type: "string"}, compounds: {type: "string"}},
  strict: true
});
const compoundParts = Number(values.compounds ?? 2);
const vocabSize = Number(values.vocab ?? 8000);

type Noun = [de: string, gender: "m" | "f" | "n", en: string];
const NOUNS: Noun[] = [
  ["Mann", "m", "man"], ["Hund", "m", "dog"], ["Lehrer", "m", "teacher"], ["Koch", "m", "cook"], ["Vogel", "m", "bird"],
  ["Garten", "m", "garden"], ["Tisch", "m", "table"], ["Stuhl", "m", "chair"], ["Ball", "m", "ball"], ["Brief", "m", "letter"],
  ["Zug", "m", "train"], ["Schlüssel", "m", "key"], ["Apfel", "m", "apple"], ["Kuchen", "m", "cake"], ["Hut", "m", "hat"],
  ["Frau", "f", "woman"], ["Katze", "f", "cat"], ["Lehrerin", "f", "teacher"], ["Tür", "f", "door"], ["Lampe", "f", "lamp"],
  ["Blume", "f", "flower"], ["Straße", "f", "street"], ["Brücke", "f", "bridge"], ["Tasche", "f", "bag"], ["Uhr", "f", "clock"],
  ["Jacke", "f", "jacket"], ["Zeitung", "f", "newspaper"], ["Schule", "f", "school"], ["Küche", "f", "kitchen"], ["Maus", "f", "mouse"],
  ["Kind", "n", "child"], ["Mädchen", "n", "girl"], ["Buch", "n", "book"], ["Haus", "n", "house"], ["Fenster", "n", "window"],
  ["Auto", "n", "car"], ["Fahrrad", "n", "bicycle"], ["Bild", "n", "picture"], ["Pferd", "n", "horse"], ["Brot", "n", "bread"],
  ["Glas", "n", "glass"], ["Boot", "n", "boat"], ["Zimmer", "n", "room"], ["Geschenk", "n", "present"], ["Messer", "n", "knife"]
];
const PREFIXES: [string, string][] = [
  ["Garten", "garden"], ["Stadt", "city"], ["Holz", "wood"], ["Kinder", "children's"], ["Wasser", "water"], ["Berg", "mountain"],
  ["Winter", "winter"], ["Sommer", "summer"], ["Haus", "house"], ["Schul", "school"], ["Küchen", "kitchen"], ["Nacht", "night"],
  ["Sonnen", "sun"], ["Straßen", "street"], ["Land", "country"], ["Fisch", "fish"], ["Blumen", "flower"], ["Eisen", "iron"],
  ["Glas", "glass"], ["Stein", "stone"], ["Hand", "hand"], ["Hof", "yard"], ["Wald", "forest"], ["See", "lake"]
];
const ADJECTIVES: [string, string][] = [
  ["alt", "old"], ["jung", "young"], ["groß", "big"], ["klein", "small"], ["rot", "red"], ["blau", "blue"], ["grün", "green"],
  ["schön", "beautiful"], ["neu", "new"], ["müde", "tired"], ["freundlich", "friendly"], ["schnell", "fast"], ["laut", "loud"],
  ["still", "quiet"], ["warm", "warm"], ["kalt", "cold"], ["hell", "bright"], ["dunkel", "dark"], ["schwer", "heavy"], ["leicht", "light"]
];
// [3rd person singular, English 3rd person, English base] (for "because ... sees" the 3rd person too)
const VERBS: [string, string][] = [
  ["sieht", "sees"], ["kauft", "buys"], ["sucht", "looks for"], ["findet", "finds"], ["malt", "paints"], ["baut", "builds"],
  ["trägt", "carries"], ["besucht", "visits"], ["öffnet", "opens"], ["wäscht", "washes"], ["holt", "fetches"], ["zeigt", "shows"],
  ["verkauft", "sells"], ["braucht", "needs"], ["mag", "likes"], ["hört", "hears"]
];
const ADVERBS: [string, string][] = [["Heute", "Today"], ["Morgen", "Tomorrow"], ["Jetzt", "Now"], ["Oft", "Often"], ["Abends", "In the evening"], ["Manchmal", "Sometimes"]];
const PREPOSITIONS: [string, string][] = [["mit", "with"], ["neben", "next to"], ["hinter", "behind"], ["vor", "in front of"], ["in", "in"], ["auf", "on"]];
const ARTICLES = {nom: {m: "der", f: "die", n: "das"}, acc: {m: "den", f: "die", n: "das"}, dat: {m: "dem", f: "der", n: "dem"}};

function syntheticPairs(count: number, seed: number): SentencePair[] {
  const random = new Random(seed);
  const pick = <T>(items: readonly T[]) => items[random.int(0, items.length)];
  const noun = (): Noun => {
    const [de, gender, en] = pick(NOUNS);
    if (random.next() >= 0.4) return [de, gender, en];
    const [pde, pen] = pick(PREFIXES);
    if (compoundParts < 3 || random.next() < 0.3) return [pde + de.toLowerCase(), gender, `${pen} ${en}`];
    const [qde, qen] = pick(PREFIXES);
    return [qde + pde.toLowerCase() + de.toLowerCase(), gender, `${qen} ${pen} ${en}`];
  };
  const phrase = (c: "nom" | "acc" | "dat") => {
    const [de, gender, en] = noun();
    const article = ARTICLES[c][gender];
    if (random.next() < 0.5) return {de: `${article} ${de}`, en: `the ${en}`};
    const [ade, aen] = pick(ADJECTIVES);
    const ending = c === "nom" || (c === "acc" && gender !== "m") ? "e" : "en"; // weak endings
    return {de: `${article} ${ade.replace(/e$/, "")}${ending} ${de}`, en: `the ${aen} ${en}`};
  };
  const capitalize = (s: string) => s[0].toUpperCase() + s.slice(1);
  const pairs: SentencePair[] = [];
  for (let i = 0; i < count; i++) {
    const s = phrase("nom");
    const o = phrase("acc");
    const [vde, ven] = pick(VERBS);
    let pp = {de: "", en: ""};
    if (random.next() < 0.5) {
      const [pde, pen] = pick(PREPOSITIONS);
      const d = phrase("dat");
      pp = {de: ` ${pde} ${d.de}`.replace(/ in dem /, " im ").replace(/ in der /, " in der "), en: ` ${pen} ${d.en}`};
    }
    let de: string;
    let en: string;
    if (random.next() < 0.3) {
      const [ade, aen] = pick(ADVERBS);
      de = `${ade} ${vde} ${s.de} ${o.de}${pp.de}`;
      en = `${aen} ${s.en} ${ven} ${o.en}${pp.en}`;
    } else {
      de = `${capitalize(s.de)} ${vde} ${o.de}${pp.de}`;
      en = `${capitalize(s.en)} ${ven} ${o.en}${pp.en}`;
    }
    if (random.next() < 0.25) {
      const s2 = phrase("nom");
      const o2 = phrase("acc");
      const [v2de, v2en] = pick(VERBS);
      de += `, weil ${s2.de} ${o2.de} ${v2de}`;
      en += ` because ${s2.en} ${v2en} ${o2.en}`;
    }
    const question = random.next() < 0.1;
    pairs.push({src: de + (question ? "?" : "."), tgt: en + (question ? "?" : ".")});
  }
  return pairs;
}

async function loadPairs(): Promise<{pairs: SentencePair[]; source: string}> {
  if (values.src !== undefined && values.tgt !== undefined) {
    const open = async (path: string) => {
      const blob = await openAsBlob(path);
      return {name: basename(path), stream: () => blob.stream()};
    };
    return readAlignedFiles(await open(values.src), await open(values.tgt));
  }
  const count = Number(values.pairs ?? 20000);
  return {pairs: syntheticPairs(count, 1), source: `${count} synthetic pairs with ${compoundParts}-part compounds`};
}

const {pairs, source} = await loadPairs();
const sentences = pairs.flatMap(({src, tgt}) => [src, tgt]);
const wordCounts = countWords(sentences.map((s) => pretokenize(s)));
console.log(`corpus: ${source}; ${wordCounts.size} word types; e.g. ${JSON.stringify(pairs[0])}`);

// Wall time and this process's CPU time: on a shared machine the second says more.
const times: string[] = [];
let tokenizer = buildTokenizer(sentences, vocabSize);
for (let run = 0; run < 3; run++) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  tokenizer = buildTokenizer(sentences, vocabSize);
  const {user, system} = process.cpuUsage(cpu);
  times.push(`${((performance.now() - started) / 1000).toFixed(2)} s (CPU ${((user + system) / 1e6).toFixed(2)} s)`);
}
console.log(`BPE learning (buildTokenizer: pre-tokenize, learn, order the vocabulary; vocab ${vocabSize}): ${times.join(", ")}; ` +
  `${tokenizer.merges.length} merges, vocabulary ${tokenizer.vocab.length}`);
const learnStart = performance.now();
learnMerges(wordCounts, vocabSize - 4);
console.log(`learnMerges alone: ${((performance.now() - learnStart) / 1000).toFixed(2)} s`);

const plainMerges = 20;
const plainStart = performance.now();
learnBpe(wordCounts, new Set([...wordCounts.keys()].flatMap((w) => Array.from(w))).size + plainMerges);
console.log(`the plain learn-bpe region, about ${plainMerges} merges: ${((performance.now() - plainStart) / 1000).toFixed(2)} s ` +
  "(it recounts every pair for each merge)");

const codec = new TextCodec(tokenizer);
const encodeStart = performance.now();
const ids = pairs.map(({src, tgt}) => ({src: codec.encodeSentence(src), tgt: codec.encodeSentence(tgt)}));
const encodeSeconds = (performance.now() - encodeStart) / 1000;
const mean = (side: "src" | "tgt") => ids.reduce((n, p) => n + p[side].length, 0) / ids.length;
const words = (side: "src" | "tgt") => pairs.reduce((n, p) => n + pretokenize(p[side]).length, 0) / pairs.length;
console.log(`encoding ${pairs.length} pairs: ${encodeSeconds.toFixed(2)} s; mean tokens per sentence with <s> </s>: ` +
  `${mean("src").toFixed(2)} source, ${mean("tgt").toFixed(2)} target (words: ${words("src").toFixed(2)}, ${words("tgt").toFixed(2)})`);
const roundTrip = pairs.filter(({src, tgt}) => codec.decodeIds(codec.encodeSentence(src)) !== src || codec.decodeIds(codec.encodeSentence(tgt)) !== tgt);
console.log(`round trip: ${pairs.length - roundTrip.length} of ${pairs.length} pairs exact`);

for (const maxTokens of [1000, 4000, 12000]) {
  const bucketed = paddingFraction(ids, lengthBatches(ids, {maxTokens, seed: 1}));
  const shuffled = paddingFraction(ids, lengthBatches(ids, {maxTokens, seed: 1, bucket: false}));
  const batches = lengthBatches(ids, {maxTokens, seed: 1}).length;
  console.log(`padding at ${maxTokens} tokens a batch: ${(100 * bucketed.fraction).toFixed(1)}% bucketed (${batches} batches), ` +
    `${(100 * shuffled.fraction).toFixed(1)}% without bucketing`);
}
