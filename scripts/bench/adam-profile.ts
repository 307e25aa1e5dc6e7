// Times Adam.apply alone on copy-tiny's parameters in Node (wasm) with fixed gradients: the fastest of 15
// chunks of 30 updates (the machine may be shared) and the kernels of one update.
// `npx tsx scripts/bench/adam-profile.ts`
import * as tf from "@tensorflow/tfjs";
import {EncoderDecoder} from "../../src/model/model.js";
import {getPreset} from "../../src/training/presets.js";
import {Adam} from "../../src/training/adam.js";
import {initNodeBackend} from "../../src/tfjs/node.js";
const preset = getPreset("copy-tiny");
await initNodeBackend("wasm");
const model = new EncoderDecoder({...preset.model, srcVocab: 11, tgtVocab: 11}, 1);
const params = model.parameters();
const grads = params.map((p) => tf.randomNormal(p.shape));
const adam = new Adam(params);
for (let i = 0; i < 20; i++) adam.apply(grads, 1e-4);
const k = (await tf.profile(() => { adam.apply(grads, 1e-4); })).kernels.length;
let best = Infinity;
for (let c = 0; c < 15; c++) { const t0 = performance.now(); for (let i = 0; i < 30; i++) adam.apply(grads, 1e-4); best = Math.min(best, (performance.now() - t0) / 30); }
console.log(`adam: min ${best.toFixed(3)} ms/apply, ${k} kernels`);
