// The safetensors format (huggingface/safetensors), float32 only. A file is
//   8 bytes    N, the header length, a little-endian unsigned 64-bit integer
//   N bytes    a UTF-8 JSON header: {"__metadata__"?: {string: string},
//              "<name>": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ...}
//   the rest   the data section: every tensor's bytes, row-major, back to back
// Offsets count from the start of the data section. Plain Uint8Array/DataView, so it runs in the
// browser and in Node alike.

export interface SafeTensor {
  dtype: string; // always "F32" here: other dtypes are refused
  shape: number[];
  data: Float32Array; // row-major; a copy, never a view into the file's bytes
}

export interface SafetensorsFile {
  tensors: Map<string, SafeTensor>; // in the order of their data
  metadata: Record<string, string>;
}

export type TensorEntries = Iterable<[string, {shape: readonly number[]; data: Float32Array}]>;

const F32_BYTES = 4;

/** Reads a safetensors file, checking every entry before any data is trusted. */
export function parseSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (bytes.length < 8) fail(`the file has ${bytes.length} bytes, fewer than the 8 of the header length`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (headerLength > BigInt(bytes.length - 8)) {
    fail(`the header length is ${headerLength} bytes but only ${bytes.length - 8} follow it`);
  }
  const dataStart = 8 + Number(headerLength);
  const dataLength = bytes.length - dataStart;
  const header = parseHeader(bytes.subarray(8, dataStart));

  const metadata = readMetadata(header.__metadata__);
  const entries = Object.entries(header)
    .filter(([name]) => name !== "__metadata__")
    .map(([name, entry]) => readEntry(name, entry))
    .sort((a, b) => a.begin - b.begin || a.end - b.end);

  // The tensors must tile the data section exactly: no overlap, no gap, nothing left over.
  let position = 0;
  for (const {name, begin, end} of entries) {
    if (begin < position) fail(`tensor "${name}" starts at byte ${begin}, inside the tensor before it (which ends at ${position})`);
    if (begin > position) fail(`tensor "${name}" starts at byte ${begin}, leaving a gap after byte ${position}`);
    if (end > dataLength) fail(`tensor "${name}" ends at byte ${end}, past the end of the ${dataLength}-byte data section`);
    position = end;
  }
  if (position < dataLength) fail(`the data section has ${dataLength - position} bytes after the last tensor`);

  const tensors = new Map<string, SafeTensor>();
  for (const {name, shape, begin, end} of entries) {
    // slice copies into a fresh buffer, so the floats are 4-byte aligned wherever they sat in the file.
    // Float32Array uses the host's byte order, little-endian on every platform a browser runs on.
    const data = new Float32Array(bytes.slice(dataStart + begin, dataStart + end).buffer);
    tensors.set(name, {dtype: "F32", shape, data});
  }
  return {tensors, metadata};
}

/**
 * Writes float32 tensors, in the given order and back to back, and optional string metadata.
 * The header is padded with spaces so that the data section starts at a multiple of 8 bytes.
 */
export function serializeSafetensors(tensors: TensorEntries, metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) header.__metadata__ = readMetadata(metadata, "serializeSafetensors");
  const parts: Float32Array[] = [];
  let offset = 0;
  for (const [name, {shape, data}] of tensors) {
    if (name === "__metadata__" || Object.hasOwn(header, name)) {
      throw new Error(`serializeSafetensors: tensor name "${name}" is reserved or used twice`);
    }
    if (!isShape(shape)) throw new Error(`serializeSafetensors: tensor "${name}" has an invalid shape ${JSON.stringify(shape)}`);
    if (data.length !== product(shape)) {
      throw new Error(`serializeSafetensors: tensor "${name}" has ${data.length} values but shape ${JSON.stringify(shape)} holds ${product(shape)}`);
    }
    header[name] = {dtype: "F32", shape: [...shape], data_offsets: [offset, offset + data.byteLength]};
    parts.push(data);
    offset += data.byteLength;
  }

  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const dataStart = 8 + headerLength;
  const bytes = new Uint8Array(dataStart + offset);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(headerLength), true);
  bytes.set(json, 8);
  bytes.fill(0x20, 8 + json.length, dataStart); // spaces
  let position = dataStart;
  for (const data of parts) {
    bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), position);
    position += data.byteLength;
  }
  return bytes;
}

function fail(message: string): never {
  throw new Error(`safetensors: ${message}`);
}

function parseHeader(headerBytes: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", {fatal: true}).decode(headerBytes);
  } catch {
    fail("the header is not valid UTF-8");
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(`the header is not valid JSON (${(e as Error).message})`);
  }
  if (!isObject(header)) fail(`the header must be a JSON object, not ${JSON.stringify(header)}`);
  // JSON.parse keeps the last of two equal keys: a name given twice would lose a tensor unseen.
  const seen = new Set<string>();
  for (const key of topLevelKeys(text)) {
    if (seen.has(key)) fail(`the header names tensor "${key}" twice`);
    seen.add(key);
  }
  return header;
}

/** The keys of a JSON object's text, in order, repeats included (the text is valid JSON). */
function topLevelKeys(text: string): string[] {
  const keys: string[] = [];
  const stringAt = (i: number) => {
    let j = i + 1;
    while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
    return j + 1; // just past the closing quote
  };
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    if (c === '"') {
      const end = stringAt(i);
      if (depth === 1 && expectKey) keys.push(JSON.parse(text.slice(i, end)) as string);
      expectKey = false;
      i = end;
      continue;
    }
    if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") depth--;
    if ((c === "{" && depth === 1) || (c === "," && depth === 1)) expectKey = true;
    i++;
  }
  return keys;
}

function readMetadata(value: unknown, where = "safetensors"): Record<string, string> {
  if (value === undefined) return {};
  if (!isObject(value)) throw new Error(`${where}: __metadata__ must be an object of strings`);
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== "string") throw new Error(`${where}: __metadata__ "${key}" is ${JSON.stringify(v)}, not a string`);
  }
  return {...(value as Record<string, string>)};
}

function readEntry(name: string, entry: unknown) {
  if (!isObject(entry)) fail(`tensor "${name}" has entry ${JSON.stringify(entry)}, not an object`);
  const {dtype, shape, data_offsets: offsets} = entry;
  if (typeof dtype !== "string") fail(`tensor "${name}" has no dtype string`);
  if (dtype !== "F32") fail(`tensor "${name}" has dtype ${dtype}; only F32 is supported`);
  if (!isShape(shape)) fail(`tensor "${name}" has shape ${JSON.stringify(shape)}, not a list of sizes`);
  const ok = Array.isArray(offsets) && offsets.length === 2 && offsets.every((o) => Number.isSafeInteger(o) && o >= 0);
  if (!ok) fail(`tensor "${name}" has data_offsets ${JSON.stringify(offsets)}, not [begin, end]`);
  const [begin, end] = offsets as [number, number];
  if (end < begin) fail(`tensor "${name}" has data_offsets [${begin},${end}], which end before they begin`);
  const expected = product(shape) * F32_BYTES;
  if (end - begin !== expected) {
    fail(`tensor "${name}" has ${end - begin} bytes of data but shape ${JSON.stringify(shape)} needs ${expected}`);
  }
  return {name, shape: [...shape], begin, end};
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isShape(shape: unknown): shape is number[] {
  return Array.isArray(shape) && shape.every((d) => Number.isSafeInteger(d) && d >= 0);
}

function product(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}
