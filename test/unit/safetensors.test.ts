import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import {parseSafetensors, serializeSafetensors} from "../../src/io/safetensors.js";

// Files are built here byte by byte, without the code under test.
function fileBytes(header: unknown, data: ArrayLike<number> = [], headerLength?: number): Uint8Array {
  const json = new TextEncoder().encode(typeof header === "string" ? header : JSON.stringify(header));
  const bytes = new Uint8Array(8 + json.length + data.length);
  let n = headerLength ?? json.length;
  for (let i = 0; i < 8; i++, n = Math.floor(n / 256)) bytes[i] = n % 256; // little-endian u64
  bytes.set(json, 8);
  bytes.set(data, 8 + json.length);
  return bytes;
}

function f32Bytes(...values: number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}

function refuses(bytes: Uint8Array, message: string): void {
  assert.throws(() => parseSafetensors(bytes), (e: Error) => {
    assert.equal(e.message, message);
    return true;
  });
}

const entry = (shape: number[], begin: number, end: number, dtype = "F32") => ({dtype, shape, data_offsets: [begin, end]});

test("serializeSafetensors writes the documented layout, byte for byte", () => {
  const bytes = serializeSafetensors([["w", {shape: [2], data: new Float32Array([1, -2])}]], {k: "v"});
  const json = '{"__metadata__":{"k":"v"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
  const padded = json + " ".repeat(Math.ceil(json.length / 8) * 8 - json.length);
  const expected = [padded.length, 0, 0, 0, 0, 0, 0, 0, ...new TextEncoder().encode(padded), 0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0];
  assert.equal(padded.length % 8, 0);
  assert.deepEqual([...bytes], expected);
});

test("serialize then parse keeps the values, shapes, order and metadata, and serializing again gives the same bytes", () => {
  const tensors = new Map([
    ["z.last.weight", {shape: [2, 3], data: new Float32Array([1, 2.5, -3, 1e-30, 3.4e38, -0])}],
    ["a.scalar", {shape: [], data: new Float32Array([7])}],
    ["m.empty", {shape: [0, 4], data: new Float32Array([])}],
    ["b.bias", {shape: [3], data: new Float32Array([0.1, 0.2, 0.3])}]
  ]);
  const metadata = {N: "2", note: "héllo ✓"};
  const bytes = serializeSafetensors(tensors, metadata);
  assert.equal(new DataView(bytes.buffer).getUint32(0, true) % 8, 0);

  const file = parseSafetensors(bytes);
  assert.deepEqual(file.metadata, metadata);
  assert.deepEqual([...file.tensors.keys()], [...tensors.keys()]);
  for (const [name, {shape, data}] of tensors) {
    assert.deepEqual(file.tensors.get(name), {dtype: "F32", shape, data}, name);
  }
  assert.deepEqual(serializeSafetensors(file.tensors, file.metadata), bytes);
});

test("parse without __metadata__ gives empty metadata; serialize without metadata writes none", () => {
  const bytes = serializeSafetensors([["x", {shape: [1], data: new Float32Array([5])}]]);
  assert.doesNotMatch(new TextDecoder().decode(bytes), /__metadata__/);
  const file = parseSafetensors(bytes);
  assert.deepEqual(file.metadata, {});
  assert.deepEqual(file.tensors.get("x")!.data, new Float32Array([5]));
});

test("tensors come back in the order of their data, whatever the header's key order", () => {
  const bytes = fileBytes({b: entry([1], 4, 8), a: entry([1], 0, 4)}, f32Bytes(1, 2));
  const file = parseSafetensors(bytes);
  assert.deepEqual([...file.tensors.keys()], ["a", "b"]);
  assert.deepEqual(file.tensors.get("b")!.data, new Float32Array([2]));
});

test("float data at offsets that are not a multiple of 4 is read correctly", () => {
  // A 62-byte header puts the data at byte 70 of the file, and the file sits at byte 3 of its buffer.
  const header = '{"x":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}'.padEnd(62, " ");
  const inner = fileBytes(header, f32Bytes(1.5, -2, 3e-7, 65504));
  const outer = new Uint8Array(inner.length + 5);
  outer.set(inner, 3);
  const bytes = outer.subarray(3, 3 + inner.length);
  assert.equal((bytes.byteOffset + 8 + 62) % 4, 1);
  const x = parseSafetensors(bytes).tensors.get("x")!;
  assert.deepEqual(x.shape, [2, 2]);
  assert.deepEqual(x.data, new Float32Array([1.5, -2, 3e-7, 65504]));
});

test("parsed data is a copy, not a view into the file's bytes", () => {
  const bytes = fileBytes({x: entry([1], 0, 4)}, f32Bytes(1));
  const x = parseSafetensors(bytes).tensors.get("x")!;
  bytes.fill(0xff, bytes.length - 4);
  assert.deepEqual(x.data, new Float32Array([1]));
});

test("the PyTorch fixture parses, and serializing it again reproduces it byte for byte", () => {
  const bytes = new Uint8Array(readFileSync(new URL("../../data/fixtures/tiny.safetensors", import.meta.url)));
  const file = parseSafetensors(bytes);
  assert.equal(file.tensors.size, 92);
  assert.deepEqual(file.tensors.get("generator.proj.weight")!.shape, [11, 32]);
  assert.equal(file.metadata.format, "annotated-transformer");
  assert.deepEqual(serializeSafetensors(file.tensors, file.metadata), bytes);
});

test("parse refuses a file too short for the header length", () => {
  refuses(new Uint8Array(5), "safetensors: the file has 5 bytes, fewer than the 8 of the header length");
});

test("parse refuses a header length beyond the file", () => {
  refuses(fileBytes("{}", [], 100), "safetensors: the header length is 100 bytes but only 2 follow it");
  refuses(new Uint8Array(16).fill(0xff), "safetensors: the header length is 18446744073709551615 bytes but only 8 follow it");
});

test("parse refuses a header that is not UTF-8 JSON or not an object", () => {
  const notUtf8 = fileBytes("{  }");
  notUtf8[9] = 0xff;
  refuses(notUtf8, "safetensors: the header is not valid UTF-8");
  assert.throws(() => parseSafetensors(fileBytes("{not json")), /^Error: safetensors: the header is not valid JSON \(.+\)$/);
  refuses(fileBytes("[1,2]"), "safetensors: the header must be a JSON object, not [1,2]");
  refuses(fileBytes("null"), "safetensors: the header must be a JSON object, not null");
});

test("parse refuses a tensor entry without a valid dtype, shape or data_offsets", () => {
  refuses(fileBytes({x: 3}), 'safetensors: tensor "x" has entry 3, not an object');
  refuses(fileBytes({x: {shape: [1], data_offsets: [0, 4]}}, f32Bytes(0)), 'safetensors: tensor "x" has no dtype string');
  refuses(fileBytes({x: {dtype: "F32", data_offsets: [0, 4]}}, f32Bytes(0)), 'safetensors: tensor "x" has shape undefined, not a list of sizes');
  refuses(fileBytes({x: entry([-1], 0, 4)}, f32Bytes(0)), 'safetensors: tensor "x" has shape [-1], not a list of sizes');
  refuses(fileBytes({x: entry([1.5], 0, 4)}, f32Bytes(0)), 'safetensors: tensor "x" has shape [1.5], not a list of sizes');
  refuses(fileBytes({x: {dtype: "F32", shape: [1]}}, f32Bytes(0)), 'safetensors: tensor "x" has data_offsets undefined, not [begin, end]');
  refuses(fileBytes({x: {dtype: "F32", shape: [1], data_offsets: [0]}}, f32Bytes(0)), 'safetensors: tensor "x" has data_offsets [0], not [begin, end]');
  refuses(fileBytes({x: {dtype: "F32", shape: [1], data_offsets: ["0", "4"]}}, f32Bytes(0)), 'safetensors: tensor "x" has data_offsets ["0","4"], not [begin, end]');
  refuses(fileBytes({x: entry([1], -4, 0)}, f32Bytes(0)), 'safetensors: tensor "x" has data_offsets [-4,0], not [begin, end]');
});

test("parse refuses any dtype other than F32 and names it", () => {
  refuses(fileBytes({x: entry([2], 0, 4, "F16")}, [0, 0, 0, 0]), 'safetensors: tensor "x" has dtype F16; only F32 is supported');
  refuses(fileBytes({ok: entry([1], 0, 4), ids: entry([1], 4, 12, "I64")}, new Uint8Array(12)), 'safetensors: tensor "ids" has dtype I64; only F32 is supported');
});

test("parse refuses offsets whose length is not product(shape) * 4", () => {
  refuses(fileBytes({x: entry([2, 3], 0, 20)}, new Uint8Array(20)), 'safetensors: tensor "x" has 20 bytes of data but shape [2,3] needs 24');
  refuses(fileBytes({x: entry([1], 4, 0)}, f32Bytes(0)), 'safetensors: tensor "x" has data_offsets [4,0], which end before they begin');
});

test("parse refuses offsets outside the data section, overlaps, gaps and leftover bytes", () => {
  refuses(fileBytes({x: entry([2], 0, 8)}, f32Bytes(1)), 'safetensors: tensor "x" ends at byte 8, past the end of the 4-byte data section');
  refuses(fileBytes({a: entry([2], 0, 8), b: entry([2], 4, 12)}, new Uint8Array(12)), 'safetensors: tensor "b" starts at byte 4, inside the tensor before it (which ends at 8)');
  refuses(fileBytes({a: entry([1], 0, 4), b: entry([1], 8, 12)}, new Uint8Array(12)), 'safetensors: tensor "b" starts at byte 8, leaving a gap after byte 4');
  refuses(fileBytes({a: entry([1], 4, 8)}, new Uint8Array(8)), 'safetensors: tensor "a" starts at byte 4, leaving a gap after byte 0');
  refuses(fileBytes({a: entry([1], 0, 4)}, new Uint8Array(8)), "safetensors: the data section has 4 bytes after the last tensor");
});

test("parse refuses metadata that is not an object of strings", () => {
  refuses(fileBytes({__metadata__: {N: 2}}), 'safetensors: __metadata__ "N" is 2, not a string');
  refuses(fileBytes({__metadata__: ["a"]}), "safetensors: __metadata__ must be an object of strings");
});

test("serialize refuses data that does not fill the shape, repeated or reserved names, non-string metadata", () => {
  const one = {shape: [1], data: new Float32Array([1])};
  assert.throws(() => serializeSafetensors([["x", {shape: [2, 2], data: new Float32Array(3)}]]), {
    message: 'serializeSafetensors: tensor "x" has 3 values but shape [2,2] holds 4'
  });
  assert.throws(() => serializeSafetensors([["x", {shape: [-1], data: new Float32Array(1)}]]), {
    message: 'serializeSafetensors: tensor "x" has an invalid shape [-1]'
  });
  assert.throws(() => serializeSafetensors([["x", one], ["x", one]]), {message: 'serializeSafetensors: tensor name "x" is reserved or used twice'});
  assert.throws(() => serializeSafetensors([["__metadata__", one]]), {message: 'serializeSafetensors: tensor name "__metadata__" is reserved or used twice'});
  assert.throws(() => serializeSafetensors([], {N: 2} as unknown as Record<string, string>), {
    message: 'serializeSafetensors: __metadata__ "N" is 2, not a string'
  });
});

test("parse refuses a tensor name given twice in the header, and a repeated __metadata__", () => {
  // JSON.parse keeps the last of two equal keys, so the first entry would vanish without a word.
  const twice = '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
  refuses(fileBytes(twice, f32Bytes(1, 2)), 'safetensors: the header names tensor "a" twice');
  const escaped = '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"\\u0061":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
  refuses(fileBytes(escaped, f32Bytes(1)), 'safetensors: the header names tensor "a" twice');
  const metadataTwice = '{"__metadata__":{"N":"2"},"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"__metadata__":{"N":"3"}}';
  refuses(fileBytes(metadataTwice, f32Bytes(1)), 'safetensors: the header names tensor "__metadata__" twice');
  // Equal names inside an entry or in the metadata's values are not top-level keys.
  const nested = '{"__metadata__":{"k":"a"},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"x":{"a":1,"b":"}\\"a\\""}}}';
  assert.deepEqual([...parseSafetensors(fileBytes(nested, f32Bytes(1))).tensors.keys()], ["a"]);
});

test("parse refuses two tensors over the same bytes", () => {
  refuses(fileBytes({a: entry([1], 0, 4), b: entry([1], 0, 4)}, f32Bytes(1)), 'safetensors: tensor "b" starts at byte 0, inside the tensor before it (which ends at 4)');
});
