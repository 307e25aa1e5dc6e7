import assert from "node:assert/strict";
import {test} from "node:test";
import {gzipSync} from "node:zlib";
import {CorpusFileError, readAlignedFiles, readLines, readTsvPairs, type CorpusFile} from "../../src/io/corpus-files.js";
import {SENTENCE_PAIRS} from "../support/sentences.js";

const utf8 = (text: string) => new TextEncoder().encode(text);
const file = (name: string, bytes: Uint8Array | string) => new File([typeof bytes === "string" ? utf8(bytes) : new Uint8Array(bytes)], name);
/** A file whose stream hands out `size`-byte chunks, to cut characters and lines in two. */
function chunked(name: string, bytes: Uint8Array, size: number): CorpusFile {
  return {
    name,
    stream: () => new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += size) controller.enqueue(bytes.slice(i, i + size));
        controller.close();
      }
    })
  };
}

const de = SENTENCE_PAIRS.map(([d]) => d).join("\n") + "\n";
const en = SENTENCE_PAIRS.map(([, e]) => e).join("\n") + "\n";
const expected = SENTENCE_PAIRS.map(([src, tgt]) => ({src, tgt}));

async function rejects(promise: Promise<unknown>, pattern: RegExp, line?: number): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof CorpusFileError, String(error));
    assert.match(error.message, pattern);
    if (line !== undefined) assert.equal(error.line, line);
    return true;
  });
}

test("Multi30k-style aligned files, plain and gzip'd, give the pairs line by line", async () => {
  const plain = await readAlignedFiles(file("train.de", de), file("train.en", en));
  assert.deepEqual(plain.pairs, expected);
  assert.equal(plain.source, "train.de + train.en");
  assert.deepEqual(plain.warnings, []);
  const gz = await readAlignedFiles(file("train.de.gz", gzipSync(utf8(de))), file("train.en.gz", gzipSync(utf8(en))));
  assert.deepEqual(gz.pairs, expected);
  // gzip is told by its magic bytes, not the name
  const unnamed = await readAlignedFiles(file("train.de", gzipSync(utf8(de))), file("train.en", en));
  assert.deepEqual(unnamed.pairs, expected);
  const misnamed = await readAlignedFiles(file("train.de.gz", de), file("train.en", en));
  assert.deepEqual(misnamed.pairs, expected);
  assert.match(misnamed.warnings.join(), /train\.de\.gz is named \.gz but is not gzip data/);
});

test("CRLF line ends, a BOM and a missing last newline are read as text editors show them", async () => {
  const {lines} = await readLines(file("a.txt", "\uFEFFeins\r\nzwei\r\ndrei"));
  assert.deepEqual(lines, ["eins", "zwei", "drei"]);
});

test("characters and lines cut across chunks come out whole", async () => {
  const bytes = gzipSync(utf8(de));
  for (const size of [1, 2, 3, 7]) {
    const {lines} = await readLines(chunked("train.de.gz", bytes, size));
    assert.deepEqual(lines, de.trimEnd().split("\n"), `chunks of ${size}`);
    const plain = await readLines(chunked("train.de", utf8(de), size));
    assert.deepEqual(plain.lines, de.trimEnd().split("\n"), `plain chunks of ${size}`);
  }
});

test("files whose line counts differ are refused, naming both files and both counts", async () => {
  await rejects(readAlignedFiles(file("train.de", de), file("train.en", en + "One more.\n")),
    new RegExp(`train\\.de has ${SENTENCE_PAIRS.length} lines but train\\.en has ${SENTENCE_PAIRS.length + 1}`));
});

test("an empty file is refused; pairs with an empty side are left out with a warning", async () => {
  await rejects(readAlignedFiles(file("train.de", ""), file("train.en", "")), /train\.de is empty/);
  await rejects(readLines(file("blank.en", "\n  \n\n")), /blank\.en is empty/);
  const result = await readAlignedFiles(file("val.de", "Ja.\n\nNein.\nDanke.\n"), file("val.en", "Yes.\nHm.\nNo.\n \n"));
  assert.deepEqual(result.pairs, [{src: "Ja.", tgt: "Yes."}, {src: "Nein.", tgt: "No."}]);
  assert.deepEqual(result.warnings, ["left out 2 pairs with an empty side, the first at line 2 of val.de or val.en"]);
});

test("bytes that are not UTF-8 are refused, naming the file and the line", async () => {
  const latin1 = Uint8Array.from([...utf8("Ja.\nNein.\nGr"), 0xfc, ...utf8("n.\nRot.\n")]); // "Grün" in Latin-1
  await rejects(readAlignedFiles(file("test.de", latin1), file("test.en", "a\nb\nc\nd\n")), /test\.de is not UTF-8 text: line 3 has bytes that are not UTF-8/, 3);
  await rejects(readLines(file("test.de.gz", gzipSync(latin1))), /test\.de\.gz is not UTF-8 text: line 3/, 3);
  for (const size of [1, 5]) await rejects(readLines(chunked("x.de", latin1, size)), /line 3/, 3);
  // a character cut off at the end of the file
  await rejects(readLines(file("cut.de", utf8("Grün").slice(0, 3))), /cut\.de is not UTF-8 text: line 1/, 1);
});

test("a file too big for the tab is stopped while it is read, a gzip bomb while it is decompressed", async () => {
  const limits = {maxBytes: 1024 * 1024, maxLines: 1000};
  const bomb = gzipSync(new Uint8Array(64 * 1024 * 1024).fill(0x61)); // 64 MB of "a" in ~64 KB
  let text = 0;
  await rejects(readLines(file("bomb.de.gz", bomb), {...limits, onProgress: (bytes) => (text = bytes)}),
    /bomb\.de\.gz holds more than 1 MB of text once decompressed/);
  assert.ok(text > limits.maxBytes && text < 4 * limits.maxBytes, `decompressed ${text} bytes before stopping`);
  await rejects(readLines(file("long.en", "a\n".repeat(1001)), limits), /long\.en has more than 1,000 lines/);
  assert.equal((await readLines(file("ok.en", "a\n".repeat(1000)), limits)).lines.length, 1000);
});

test("data that is not gzip after the magic bytes is refused", async () => {
  await rejects(readLines(file("broken.de.gz", Uint8Array.from([0x1f, 0x8b, 1, 2, 3, 4]))), /broken\.de\.gz is not valid gzip data/);
});

const tsv = [
  "Go.\tGeh.\tCC-BY 2.0 (France) Attribution: tatoeba.org #2877272 (CM) & #8597805 (Roujin)",
  "I like eating mushrooms.\tIch esse gern Pilze.\tCC-BY 2.0 (France) Attribution: tatoeba.org #1 (x) & #2 (y)",
  "Hi.\tHallo!\tCC-BY 2.0 (France)"
].join("\n") + "\n";

test("tab-separated pairs, ManyThings style, the columns chosen by the reader", async () => {
  const result = await readTsvPairs(file("deu.txt", tsv), {srcColumn: 1, tgtColumn: 0});
  assert.deepEqual(result.pairs, [{src: "Geh.", tgt: "Go."}, {src: "Ich esse gern Pilze.", tgt: "I like eating mushrooms."}, {src: "Hallo!", tgt: "Hi."}]);
  assert.equal(result.source, "deu.txt (columns 2 → 1)");
  const gz = await readTsvPairs(file("deu.txt.gz", gzipSync(utf8(tsv))), {srcColumn: 0, tgtColumn: 1});
  assert.deepEqual(gz.pairs[1], {src: "I like eating mushrooms.", tgt: "Ich esse gern Pilze."});
});

test("a TSV line with too few columns is refused, naming the file and the line", async () => {
  await rejects(readTsvPairs(file("deu.txt", tsv + "Only English here\n"), {srcColumn: 1, tgtColumn: 0}),
    /deu\.txt line 4 has 1 tab-separated column, but columns 2 and 1 are to be read/, 4);
  await rejects(readTsvPairs(file("deu.txt", "a\tb\n"), {srcColumn: 2, tgtColumn: 0}), /line 1 has 2 tab-separated columns/, 1);
  await assert.rejects(readTsvPairs(file("deu.txt", tsv), {srcColumn: 1, tgtColumn: 1}), /both 1/);
  const skipped = await readTsvPairs(file("deu.txt", "a\tb\n\t\nc\td\n"), {srcColumn: 0, tgtColumn: 1});
  assert.equal(skipped.pairs.length, 2);
  assert.deepEqual(skipped.warnings, ["left out 1 pair with an empty side, the first at deu.txt line 2"]);
});
