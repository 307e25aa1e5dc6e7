// Reading real corpora as they are distributed, in the browser and in Node alike (no DOM: a File
// from a file picker or drop, or Node's own File/Blob, and the platform's DecompressionStream):
// - Multi30k's aligned files, one sentence per line, gzip-compressed or not (train.de.gz + train.en.gz);
// - tab-separated pairs as the Tatoeba/ManyThings exports give them (English<TAB>German<TAB>attribution),
//   the two columns chosen by the caller.
// Text must be UTF-8. Bad input fails with a CorpusFileError naming the file and the line.
// A pair with an empty side (an empty or blank line) is left out, and a warning says where and how many.

/** What the loaders need of a File or Blob. */
export interface CorpusFile {
  readonly name: string;
  stream(): ReadableStream<Uint8Array>;
}

/** The most text one file may hold once decompressed, so that a browser tab keeps its memory. */
export const MAX_CORPUS_BYTES = 200 * 1024 * 1024;
/** The most lines one file may hold. */
export const MAX_CORPUS_LINES = 500_000;

export interface SentencePair {
  src: string;
  tgt: string;
}

export interface LoadedCorpus {
  pairs: SentencePair[];
  /** The file names the pairs come from, for a caption. */
  source: string;
  warnings: string[];
}

export class CorpusFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number
  ) {
    super(message);
    this.name = "CorpusFileError";
  }
}

export interface ReadLimits {
  maxBytes: number;
  maxLines: number;
  /** Called after each chunk with the bytes of text read so far (decompressed), for a progress bar. */
  onProgress?: (bytes: number) => void;
}
const LIMITS: ReadLimits = {maxBytes: MAX_CORPUS_BYTES, maxLines: MAX_CORPUS_LINES};

/** Every line of a text file, gzip'd or not; "\r\n" ends a line as "\n" does, and a BOM is dropped. */
export async function readLines(file: CorpusFile, limits: ReadLimits = LIMITS): Promise<{lines: string[]; gzip: boolean; warnings: string[]}> {
  const warnings: string[] = [];
  const [head, rest] = file.stream().tee();
  const gzip = await startsWithGzipMagic(head);
  if (!gzip && /\.gz$/i.test(file.name)) warnings.push(`${file.name} is named .gz but is not gzip data: read as plain text`);
  // (DOM's types give DecompressionStream a writable side of BufferSource, which a Uint8Array is)
  const gunzip = new DecompressionStream("gzip") as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
  const reader = (gzip ? rest.pipeThrough(gunzip) : rest).getReader();
  const decoder = new TextDecoder("utf-8", {fatal: true});
  const lines: string[] = [];
  let partial = ""; // the start of a line that the next chunk continues
  let size = 0;
  const fail = async (message: string, line?: number): Promise<never> => {
    await reader.cancel().catch(() => undefined);
    throw new CorpusFileError(file.name, message, line);
  };
  // Lines are cut at the byte 0x0A, which UTF-8 never uses inside a character, and decoded one
  // by one, so that a byte that is not UTF-8 is found on its own line.
  const decode = async (bytes: Uint8Array, stream: boolean): Promise<string> => {
    try {
      return decoder.decode(bytes, {stream});
    } catch {
      return fail(`${file.name} is not UTF-8 text: line ${lines.length + 1} has bytes that are not UTF-8 (save the file as UTF-8)`, lines.length + 1);
    }
  };
  const endLine = async (text: string) => {
    lines.push(text.endsWith("\r") ? text.slice(0, -1) : text);
    if (lines.length > limits.maxLines) {
      await fail(`${file.name} has more than ${limits.maxLines.toLocaleString("en")} lines, the most a corpus file may have here`);
    }
  };
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (error) {
      return fail(`${file.name} is not valid ${gzip ? "gzip data" : "data"} (near line ${lines.length + 1}): ${(error as Error).message}`, lines.length + 1);
    }
    if (chunk.done) break;
    const bytes = chunk.value;
    size += bytes.byteLength;
    limits.onProgress?.(size);
    if (size > limits.maxBytes) {
      await fail(`${file.name} holds more than ${megabytes(limits.maxBytes)} of text${gzip ? " once decompressed" : ""}, the most a corpus file may have here`);
    }
    let start = 0;
    for (let newline = bytes.indexOf(0x0a); newline !== -1; newline = bytes.indexOf(0x0a, start)) {
      await endLine(partial + (await decode(bytes.subarray(start, newline), false)));
      partial = "";
      start = newline + 1;
    }
    partial += await decode(bytes.subarray(start), true);
  }
  const last = partial + (await decode(new Uint8Array(0), false));
  if (last !== "") await endLine(last);
  if (lines.every((line) => line.trim() === "")) throw new CorpusFileError(file.name, `${file.name} is empty`);
  return {lines, gzip, warnings};
}

/** Multi30k-style files: line i of `src` translates to line i of `tgt`. */
export async function readAlignedFiles(src: CorpusFile, tgt: CorpusFile, limits: ReadLimits = LIMITS): Promise<LoadedCorpus> {
  const [a, b] = await Promise.all([readLines(src, limits), readLines(tgt, limits)]);
  if (a.lines.length !== b.lines.length) {
    throw new CorpusFileError(src.name,
      `${src.name} has ${a.lines.length.toLocaleString("en")} lines but ${tgt.name} has ${b.lines.length.toLocaleString("en")}: ` +
      "aligned files need one sentence per line on both sides");
  }
  const rows = a.lines.map((line, i) => [line, b.lines[i]]);
  return collectPairs(rows, 0, 1, `${src.name} + ${tgt.name}`, [...a.warnings, ...b.warnings], (i) => `line ${i + 1} of ${src.name} or ${tgt.name}`);
}

export interface TsvColumns {
  /** 0-based column of the source sentence (German is column 1 in a ManyThings deu.txt). */
  srcColumn: number;
  /** 0-based column of the target sentence (English is column 0 there). */
  tgtColumn: number;
}

/** Tab-separated pairs, one per line, the sentences in the chosen columns; other columns are ignored. */
export async function readTsvPairs(file: CorpusFile, {srcColumn, tgtColumn}: TsvColumns, limits: ReadLimits = LIMITS): Promise<LoadedCorpus> {
  for (const [name, column] of [["srcColumn", srcColumn], ["tgtColumn", tgtColumn]] as const) {
    if (!Number.isInteger(column) || column < 0) throw new Error(`readTsvPairs: ${name} must be a column index from 0, not ${column}`);
  }
  if (srcColumn === tgtColumn) throw new Error(`readTsvPairs: srcColumn and tgtColumn are both ${srcColumn}`);
  const {lines, warnings} = await readLines(file, limits);
  const needed = Math.max(srcColumn, tgtColumn) + 1;
  const rows: string[][] = [];
  for (const [i, line] of lines.entries()) {
    if (line.trim() === "" && i === lines.length - 1) continue; // a blank last line
    const columns = line.split("\t");
    if (columns.length < needed) {
      throw new CorpusFileError(file.name,
        `${file.name} line ${i + 1} has ${columns.length} tab-separated column${columns.length === 1 ? "" : "s"}, ` +
        `but columns ${srcColumn + 1} and ${tgtColumn + 1} are to be read`, i + 1);
    }
    rows.push(columns);
  }
  return collectPairs(rows, srcColumn, tgtColumn, `${file.name} (columns ${srcColumn + 1} → ${tgtColumn + 1})`, warnings, (i) => `${file.name} line ${i + 1}`);
}

function collectPairs(rows: string[][], srcColumn: number, tgtColumn: number, source: string, warnings: string[], where: (i: number) => string): LoadedCorpus {
  const pairs: SentencePair[] = [];
  let firstEmpty = -1;
  let empty = 0;
  rows.forEach((row, i) => {
    const src = row[srcColumn].trim();
    const tgt = row[tgtColumn].trim();
    if (src === "" || tgt === "") {
      if (empty++ === 0) firstEmpty = i;
    } else {
      pairs.push({src, tgt});
    }
  });
  if (empty > 0) {
    warnings.push(`left out ${empty.toLocaleString("en")} pair${empty === 1 ? "" : "s"} with an empty side, the first at ${where(firstEmpty)}`);
  }
  if (pairs.length === 0) throw new CorpusFileError(source, `${source} holds no pair with a sentence on both sides`);
  return {pairs, source, warnings};
}

async function startsWithGzipMagic(stream: ReadableStream<Uint8Array>): Promise<boolean> {
  const reader = stream.getReader();
  const head: number[] = [];
  try {
    while (head.length < 2) {
      const {done, value} = await reader.read();
      if (done) break;
      head.push(...value.subarray(0, 2 - head.length));
    }
  } finally {
    // Not awaited: a tee branch's cancel settles only once the other branch is done too.
    reader.cancel().catch(() => undefined);
  }
  return head[0] === 0x1f && head[1] === 0x8b;
}

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;
