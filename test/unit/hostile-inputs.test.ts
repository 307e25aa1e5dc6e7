// A sweep over hostile inputs, one table per kind: weights files, import files, notes markup, edits
// (compiled and self-checked as Run does), and command-line flags. Each is refused with the clear
// error it expects, and a refused input leaves what the reader already has unchanged: the loaded
// model's weights, the stored notes and edits, the tensors alive.
import assert from "node:assert/strict";
import {spawn} from "node:child_process";
import {readFileSync} from "node:fs";
import {before, describe, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import createDOMPurify from "dompurify";
import {editable} from "../../src/editing/catalogue.js";
import {selfCheck} from "../../src/editing/check.js";
import {compileFunction} from "../../src/editing/compile.js";
import {renderNote, type Purifier} from "../../src/editing/markdown.js";
import {exportBundle, importBundle, MemoryStore, saveEdit, saveNote} from "../../src/editing/store.js";
import {parseSafetensors, serializeSafetensors} from "../../src/io/safetensors.js";
import {loadModel, loadWeights} from "../../src/io/weights.js";
import type {EncoderDecoder} from "../../src/model/model.js";
import {initNodeBackend} from "../../src/tfjs/node.js";
import {repoRoot} from "../support/site.js";

before(() => initNodeBackend("cpu"));

const tinyBytes = () => new Uint8Array(readFileSync(new URL("../../data/fixtures/tiny.safetensors", import.meta.url)));

/** The tiny fixture with its tensors and metadata edited, written again. */
function edited(edit: (tensors: Map<string, {shape: number[]; data: Float32Array}>, metadata: Record<string, string>) => void): Uint8Array {
  const {tensors, metadata} = parseSafetensors(tinyBytes());
  edit(tensors, metadata);
  return serializeSafetensors(tensors, metadata);
}

/** A file whose header text is `header` exactly, followed by `dataBytes` zero bytes. */
function rawFile(header: string, dataBytes = 0): Uint8Array {
  const json = new TextEncoder().encode(header);
  const bytes = new Uint8Array(8 + json.length + dataBytes);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
  bytes.set(json, 8);
  return bytes;
}

const snapshot = (model: EncoderDecoder) => new Map(model.namedParameters().map(([name, v]) => [name, Float32Array.from(v.dataSync())]));

describe("hostile weights files", () => {
  const files: [string, () => Uint8Array, RegExp][] = [
    ["N = 100000 and d_model 4096 in a small file", () => edited((_, m) => Object.assign(m, {N: "100000", d_model: "4096"})), /__metadata__ says d_model = 4096 but tensor "src_embed.0.lut.weight" has shape \[11,32\]/],
    ["N = 100000", () => edited((_, m) => (m.N = "100000")), /__metadata__ says N = 100000 but the file holds tensors for 2 encoder layers/],
    ["d_model = 1e9", () => edited((_, m) => (m.d_model = "1000000000")), /__metadata__ says d_model = 1000000000 but tensor/],
    ["a non-numeric size", () => edited((_, m) => (m.d_ff = "lots")), /metadata has d_ff="lots", not a positive integer/],
    ["h that does not divide d_model", () => edited((_, m) => (m.h = "3")), /__metadata__ says h = 3 but d_model = 32 is not a multiple of it/],
    ["a tensor name given twice", () => rawFile('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', 4), /the header names tensor "a" twice/],
    ["two tensors over the same bytes", () => rawFile('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', 4), /tensor "b" starts at byte 0, inside the tensor before it/],
    ["a header length past the end", () => new Uint8Array(16).fill(0xff), /the header length is 18446744073709551615 bytes but only 8 follow it/],
    ["a NaN weight", () => edited((t) => (t.get("generator.proj.bias")!.data[0] = NaN)), /tensor "generator.proj.bias" holds NaN at index 0/],
    ["an empty file", () => new Uint8Array(0), /the file has 0 bytes/]
  ];

  for (const [what, bytes, message] of files) {
    test(`${what}: refused, and the loaded model and the tensors alive are unchanged`, () => {
      const model = loadModel(tinyBytes());
      const weights = snapshot(model);
      const tensors = tf.memory().numTensors;
      assert.throws(() => loadModel(bytes()), message);
      assert.throws(() => loadWeights(model, bytes()));
      assert.equal(tf.memory().numTensors, tensors, "a refused file left tensors behind");
      assert.deepEqual(snapshot(model), weights, "a refused file changed the loaded model");
      model.dispose();
    });
  }
});

describe("hostile import files", () => {
  const filled = () => {
    const store = new MemoryStore();
    saveEdit(store, "attention", "0123abcd", "export function attention() {}", new Date("2024-01-01T00:00:00Z"));
    saveNote(store, "attention", "page", "my **note**", new Date("2024-01-02T00:00:00Z"));
    return store;
  };
  const contents = (store: MemoryStore) => Object.fromEntries(Array.from({length: store.length}, (_, i) => store.key(i)!).map((k) => [k, store.getItem(k)]));
  const good = () => exportBundle(filled());
  const files: [string, string, RegExp][] = [
    ["not JSON", "{oops", /not JSON/],
    ["another format", JSON.stringify({...good(), format: "evil"}), /not a course export/],
    ["a key outside the course", JSON.stringify({...good(), entries: {"evil:key": "{}"}}), /unknown entry "evil:key"/],
    ["a __proto__ key", JSON.stringify(good()).replace('"entries":{', '"entries":{"__proto__":"{}",'), /unknown entry "__proto__"/],
    ["an edit that is not a stored edit", JSON.stringify({...good(), entries: {"course-edit:attention@0123abcd": JSON.stringify({code: 42})}}), /is not a stored edit/],
    ["a note that is too long", JSON.stringify({...good(), entries: {"course-note:a/b": JSON.stringify({v: 1, text: "x".repeat(200_001)})}}), /longer than 200000 characters/],
    ["a file too large", " ".repeat(4_000_001), /larger than 4 MB/]
  ];
  for (const [what, file, message] of files) {
    test(`${what}: refused, and the stored notes and edits are unchanged`, () => {
      const store = filled();
      const stored = contents(store);
      const result = importBundle(store, file);
      assert.equal(result.ok, false);
      assert.match(!result.ok ? result.error : "", message);
      assert.deepEqual(contents(store), stored);
    });
  }
});

// jsdom (Framework's own dependency) has no bundled types: a typed dynamic import.
const jsdomName = "jsdom";
const {JSDOM} = (await import(jsdomName)) as {JSDOM: new (html: string) => {window: unknown}};
const purifier = createDOMPurify(new JSDOM("").window as Parameters<typeof createDOMPurify>[0]) as unknown as Purifier;

describe("hostile notes markup", () => {
  const notes: [string, string, RegExp, RegExp][] = [
    // [what, markup, must not appear, must appear]
    ["a script", "<script>window.x=1</script>", /<script/i, /^/],
    ["an event handler", '<img src=x onerror="window.x=1">', /onerror/i, /<img src="x"/],
    ["a javascript: link", "[go](javascript:alert(1))", /javascript:/i, /<a rel="noopener noreferrer">go<\/a>/],
    ["a tracking pixel", "![](https://tracker.example/p.gif)", /<img/i, /\[image from another site blocked: tracker\.example\]/],
    ["a protocol-relative pixel", "![](//tracker.example/p.gif)", /<img/i, /\[image from another site blocked: tracker\.example\]/],
    ["a backslash pixel", '<img src="/\\tracker.example/p.gif">', /<img/i, /\[image from another site blocked: tracker\.example\]/],
    ["a video poster", '<video poster="https://tracker.example/v.png"></video>', /tracker/, /^/],
    ["a table background", '<table background="//tracker.example/t.png"><tr><td>x</td></tr></table>', /tracker/, /<td>x<\/td>/],
    ["a link to another site", "[x](https://example.org)", /target=/, /rel="noopener noreferrer"/]
  ];
  for (const [what, markup, forbidden, expected] of notes) {
    test(`${what}: made harmless`, () => {
      const html = renderNote(markup, purifier);
      assert.doesNotMatch(html, forbidden, html);
      assert.match(html, expected, html);
    });
  }
});

describe("hostile edits", () => {
  const entry = editable("attention");
  const signature = "export function attention(q_BHTK: tf.Tensor4D, k_BHSK: tf.Tensor4D, v_BHSK: tf.Tensor4D, mask?: tf.Tensor | null, dropout?: unknown)";
  const edits: [string, string, RegExp][] = [
    ["a syntax error", `${signature} { return (; }`, /^syntax: /],
    ["throw undefined", `${signature} { throw undefined; }`, /^attention threw undefined, not an Error/],
    ["return 42", `${signature} { return 42; }`, /^attention returned a number but the library's returns an object \{out_BHTK, probs_BHTS\}/],
    ["a tensor of the wrong shape", `${signature} { return {out_BHTK: tf.concat([v_BHSK, v_BHSK], 3), probs_BHTS: tf.softmax(tf.matMul(q_BHTK, k_BHSK, false, true))}; }`, /^attention returned out_BHTK \[2,2,6,8\] but the library's has \[2,2,6,4\]/],
    ["a missing field", `${signature} { return {out_BHTK: v_BHSK}; }`, /^attention returned no probs_BHTS but the library's has a tensor \[2,2,6,6\]/],
    ["an endless loop", `${signature} { while (true) {} }`, /stopped after 0\.2 s/]
  ];
  for (const [what, code, message] of edits) {
    test(`${what}: refused before it is published, with no tensor left behind and the stored edits unchanged`, () => {
      const store = new MemoryStore();
      saveEdit(store, "attention", "0123abcd", "the reader's earlier edit");
      const stored = store.getItem("course-edit:attention@0123abcd");
      const tensors = tf.memory().numTensors;
      const compiled = compileFunction<(...args: never[]) => unknown>(code, {scope: entry.scope, name: "attention", timeLimitMs: 200});
      const error = compiled.ok ? (() => {
        const checked = selfCheck(compiled.fn, entry.reference as (...args: never[]) => unknown, entry.cases, "attention");
        return checked.ok ? "passed" : (checked.error as Error).message;
      })() : `${compiled.error.kind}: ${compiled.error.message}`;
      assert.match(error, message);
      assert.equal(tf.memory().numTensors, tensors);
      assert.equal(store.getItem("course-edit:attention@0123abcd"), stored);
    });
  }
});

describe("hostile command-line flags", () => {
  const run = (...args: string[]) =>
    new Promise<{code: number | null; stdout: string; stderr: string}>((resolve, reject) => {
      const env = {...process.env};
      delete env.NODE_TEST_CONTEXT;
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/transformer.ts", ...args], {cwd: repoRoot, env});
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
      child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
      child.on("error", reject);
      child.on("close", (code) => resolve({code, stdout, stderr}));
    });
  const W = "data/fixtures/tiny.safetensors";
  const flags: [string, string[], number, RegExp][] = [
    ["--seed -1", ["train", "--preset", "copy-tiny", "--out", "/tmp/never.safetensors", "--seed", "-1"], 2, /--seed must be a non-negative integer, not "-1"/],
    ["a flag given twice", ["logprobs", "--weights", W, "--weights", W, "--src", "1", "--tgt", "1"], 2, /--weights is given twice/],
    ["--weights /dev/zero", ["decode", "--weights", "/dev/zero", "--src", "1 2"], 1, /cannot read --weights \/dev\/zero: it is not a regular file/],
    ["--max-len past the positional table", ["decode", "--weights", W, "--src", "1 2", "--max-len", "6000"], 2, /--max-len 6000 is over the model's max_len of 5000/],
    ["--out where nothing can be written", ["train", "--preset", "copy-tiny", "--out", "/proc/never.safetensors"], 1, /cannot write --out \/proc\/never\.safetensors/]
  ];
  const runs = flags.map(([, args]) => run(...args));
  flags.forEach(([what, args, status, message], i) => {
    test(`${what}: one line on stderr, exit ${status}, nothing on stdout`, async () => {
      const {code, stdout, stderr} = await runs[i];
      assert.equal(code, status, `transformer ${args.join(" ")}: ${stderr}`);
      assert.equal(stdout, "");
      assert.match(stderr, /^transformer: [^\n]+\n$/);
      assert.match(stderr, message);
    });
  });
});
