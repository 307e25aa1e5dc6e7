// Times Adam.apply alone on a preset's parameters in Node (wasm) with fixed gradients: the fastest of
// 15 chunks of updates (the machine may be shared) and the kernels of one update. On wasm the update is
// one kernel (src/tfjs/adam-kernel.ts).
// `npx tsx scripts/bench/adam-profile.ts [preset]`     (copy-tiny by default)
import * as tf from "@tensorflow/tfjs-core";
import {EncoderDecoder} from "../../src/model/model.js";
import {getPreset} from "../../src/training/presets.js";
import {Adam} from "../../src/training/adam.js";
import {initNodeBackend} from "../../src/tfjs/node.js";
const preset = getPreset(process.argv[2] ?? "copy-tiny");
await initNodeBackend("wasm");
const model = new EncoderDecoder({...preset.model, srcVocab: preset.vocab, tgtVocab: preset.vocab}, 1);
const params = model.parameters();
const grads = params.map((p) => tf.randomNormal(p.shape));
const adam = new Adam(params);
const perChunk = params.reduce((n, p) => n + p.size, 0) > 1e6 ? 2 : 30;
for (let i = 0; i < 3; i++) adam.apply(grads, 1e-4);
const k = (await tf.profile(() => { adam.apply(grads, 1e-4); })).kernels.length;
let best = Infinity;
for (let c = 0; c < 15; c++) { const t0 = performance.now(); for (let i = 0; i < perChunk; i++) adam.apply(grads, 1e-4); best = Math.min(best, (performance.now() - t0) / perChunk); }
console.log(`${preset.name}: min ${best.toFixed(3)} ms/apply, ${k} kernels`);
