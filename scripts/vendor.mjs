// Prepares the browser-only assets that Framework cannot take straight from node_modules.
// Writes into src/vendor/ (git-ignored); `npm run dev` and `npm run build` run it first.
//
// 1. The tfjs wasm backend's npm bundle imports Node built-ins (fs, path, os, perf_hooks,
//    worker_threads) inside branches that only run under Node. Framework's bundler leaves those
//    imports in place and the browser cannot resolve them, so we bundle the backend ourselves with
//    esbuild for the browser platform, which honours the package's own `"browser": {"fs": false, ...}`
//    map, and keep every @tensorflow/* package external so that the page shares one tfjs-core.
// 2. The backend's three .wasm binaries are copied next to it; src/tfjs/browser.ts serves them
//    with FileAttachment, so they are hashed and self-hosted like every other file.
// 3. Framework's client code lazily imports optional libraries (react-dom, parquet-wasm, duckdb...)
//    with npm: specifiers; to write their CDN addresses, `observable build` asks the npm registry for
//    each one's latest version unless its version cache has an entry. The course uses none of them,
//    so we record one version per name (the installed one when there is one) and the build then
//    needs no network at all. No page loads these addresses; the browser tests fail if one tries.
// 4. seedrandom is CommonJS; Framework's bundle of it has only a default export, but tfjs-core does
//    `import * as seedrandom from "seedrandom"` and calls seedrandom.alea(), so every random op
//    (random init, dropout) failed in the browser with "alea is not a function". Framework reuses a
//    bundle it finds in its cache, so we put there the same package bundled with named exports.
//    ts-interface-checker (which sucrase, the in-browser TypeScript compiler of the editable cells,
//    imports by name: `import {createCheckers}`) is CommonJS in the same way and gets the same fix.
//    Plot goes into the same cache as one bundle with d3 and the rest of what it imports: Framework
//    would serve each of those 35 packages as a module of its own, one request each.
// 5. KaTeX's stylesheet with its woff2 fonts inlined as data: URLs, so the math renders with no
//    font request to any origin and no path rewriting between dev and build.
// 6. CodeMirror, the editable cells' editor, as one module: src/vendor/codemirror.js.
// 7. Our kernels in WebAssembly SIMD, from their sources in src/tfjs (batch-matmul.wat, the matrix
//    product; adam.wat, the optimizer's update; rows.wat, bias additions and sums; layer-norm.wat;
//    elementwise.wat, exp, log and select; uniform.wat, tf.randomUniform's values),
//    assembled with wabt into src/vendor/<name>-wasm.js: the binary as base64, twice, importing a
//    plain memory (tfjs-wasm's non-threaded builds) and a shared one (its threaded build).
import {build} from "esbuild";
import wabtModule from "wabt";
import {existsSync} from "node:fs";
import {copyFile, mkdir, readFile, readdir, writeFile} from "node:fs/promises";
import {createRequire} from "node:module";
import {dirname, join} from "node:path";
import {fileURLToPath} from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "src", "vendor");
const require = createRequire(import.meta.url);
const wasmDist = dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")) + "/dist";
const katexDist = dirname(require.resolve("katex/package.json")) + "/dist";

await mkdir(out, {recursive: true});

await build({
  entryPoints: [join(wasmDist, "index.js")],
  outfile: join(out, "tfjs-backend-wasm.js"),
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2020",
  external: ["@tensorflow/*"],
  minify: true,
  legalComments: "inline",
  logLevel: "warning"
});
await writeFile(
  join(out, "tfjs-backend-wasm.d.ts"),
  `export * from "@tensorflow/tfjs-backend-wasm";\n`
);
for (const name of ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm-threaded-simd.wasm"]) {
  await copyFile(join(wasmDist, name), join(out, name));
}

const frameworkClient = dirname(require.resolve("@observablehq/framework/package.json")) + "/dist/client";
const npmCache = join(root, "src", ".observablehq", "cache", "_npm");
const optionalNames = new Set();
for (const file of await readdir(frameworkClient, {recursive: true})) {
  if (!file.endsWith(".js")) continue;
  const code = await readFile(join(frameworkClient, file), "utf8");
  for (const [, name] of code.matchAll(/"npm:((?:@[\w.-]+\/)?[\w.-]+)(?:\/[^"@]*)?"/g)) optionalNames.add(name);
}
await mkdir(npmCache, {recursive: true});
const cached = await readdir(npmCache, {recursive: true});
for (const name of optionalNames) {
  if (cached.some((entry) => entry.startsWith(`${name}@`))) continue;
  const installed = join(root, "node_modules", name, "package.json");
  const version = existsSync(installed) ? JSON.parse(await readFile(installed, "utf8")).version : "0.0.0";
  await mkdir(join(npmCache, `${name}@${version}`), {recursive: true});
}

/** A minified browser bundle of the module `contents` (resolved from the repository root), written to `outfile`. */
async function bundleModule(contents, outfile) {
  await build({stdin: {contents, resolveDir: root}, outfile, bundle: true, format: "esm", platform: "browser", minify: true, logLevel: "warning"});
}

/** Puts in Framework's cache, as package `name` at `version`, a minified browser bundle of the module `contents`. */
async function cacheBundle(name, version, contents) {
  await bundleModule(contents, join(root, "src", ".observablehq", "cache", "_node", `${name}@${version}`, "index.js"));
}

/** Puts in Framework's cache a browser bundle of CommonJS package `name` that exports its properties by name. */
async function cacheWithNamedExports(name) {
  const version = JSON.parse(await readFile(require.resolve(`${name}/package.json`), "utf8")).version;
  const names = Object.keys(require(name)).filter((key) => /^[A-Za-z_$][\w$]*$/.test(key) && key !== "default");
  await cacheBundle(name, version, `import * as pkg from "${name}";\nexport default pkg.default ?? pkg;\n` + names.map((key) => `export const ${key} = pkg.${key};`).join("\n"));
}

/**
 * Puts in Framework's cache a browser bundle of ES module package `name` with every package it
 * imports inlined, so that a page fetches one file instead of one per package.
 */
async function cacheAsOneFile(name) {
  // Read from node_modules: a package whose "exports" leave out package.json cannot be resolved to it.
  const version = JSON.parse(await readFile(join(root, "node_modules", name, "package.json"), "utf8")).version;
  await cacheBundle(name, version, `export * from "${name}";\n`);
}
await cacheAsOneFile("@observablehq/plot"); // Plot with d3 (and its 30 parts), interval-tree-1d, isoformat and binary-search-bounds
await cacheWithNamedExports("seedrandom"); // tfjs-core: seedrandom.alea(...)
await cacheWithNamedExports("ts-interface-checker"); // sucrase: import {createCheckers} from "ts-interface-checker"

// CodeMirror, the editable cells' editor, as one module of what src/components/editable-cell.ts
// uses: Framework would serve each of its 14 packages (@codemirror/*, @lezer/*, style-mod, ...) as a
// module of its own, one request each, on every page with an editable cell. One bundle also keeps
// one copy of @codemirror/state, which the editor's parts must share.
const codemirror = [
  'export {basicSetup} from "codemirror";',
  'export {javascript} from "@codemirror/lang-javascript";',
  'export {HighlightStyle, syntaxHighlighting} from "@codemirror/language";',
  'export {Prec} from "@codemirror/state";',
  'export {EditorView, keymap} from "@codemirror/view";',
  'export {tags} from "@lezer/highlight";'
].join("\n") + "\n";
await bundleModule(codemirror, join(out, "codemirror.js"));
await writeFile(join(out, "codemirror.d.ts"), codemirror);

const fontData = new Map();
for (const file of await readdir(join(katexDist, "fonts"))) {
  if (file.endsWith(".woff2")) fontData.set(file.slice(0, -6), (await readFile(join(katexDist, "fonts", file))).toString("base64"));
}
let css = await readFile(join(katexDist, "katex.min.css"), "utf8");
// Keep only the woff2 source of each @font-face (every browser we target reads woff2) and inline it.
css = css.replace(/src:url\(fonts\/([\w-]+)\.woff2\) format\("woff2"\)(,url\([^)]*\) format\("[\w-]+"\))*/g, (_, name) => {
  const data = fontData.get(name);
  if (!data) throw new Error(`vendor: KaTeX font ${name}.woff2 not found`);
  return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
});
if (/url\(fonts\//.test(css)) throw new Error("vendor: a KaTeX font reference was left un-inlined");
await writeFile(join(out, "katex.css"), css);

const wabt = await wabtModule();
const plainImport = '(import "env" "memory" (memory 1))';
for (const name of ["batch-matmul", "adam", "rows", "layer-norm", "elementwise", "uniform"]) {
  const wat = await readFile(join(root, "src", "tfjs", `${name}.wat`), "utf8");
  if (!wat.includes(plainImport)) throw new Error(`vendor: ${name}.wat must import its memory as ${plainImport}`);
  /** The module's binary, as base64, with the memory import as written or shared (a shared memory needs a maximum). */
  const assemble = (source) => {
    const module = wabt.parseWat(`${name}.wat`, source, {simd: true, threads: true});
    const {buffer} = module.toBinary({});
    module.destroy();
    // wabt's own validate() ignores the threads feature (it rejects any shared memory); Node's engine checks instead.
    if (!WebAssembly.validate(buffer)) throw new Error(`vendor: ${name}.wat assembled to an invalid module`);
    return Buffer.from(buffer).toString("base64");
  };
  const plainWasm = assemble(wat);
  const sharedWasm = assemble(wat.replace(plainImport, '(import "env" "memory" (memory 1 65536 shared))'));
  await writeFile(
    join(out, `${name}-wasm.js`),
    `// Generated by scripts/vendor.mjs from src/tfjs/${name}.wat; do not edit.\n` +
      `export const plainMemoryWasm = "${plainWasm}";\nexport const sharedMemoryWasm = "${sharedWasm}";\n`
  );
  await writeFile(join(out, `${name}-wasm.d.ts`), `export declare const plainMemoryWasm: string;\nexport declare const sharedMemoryWasm: string;\n`);
}
console.error(`vendor: wrote ${out}`); // stderr: stdout is the JSON of `npm run -s transformer`
