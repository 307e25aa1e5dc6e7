// Times training steps in Node (wasm backend by default) and counts the kernels one step launches:
// `npx tsx scripts/bench/step-profile.ts [preset] [steps]`, a copy task's preset (copy-tiny by
// default) or translate-tiny (trainTranslation's steps on the generated corpus). A quick check for
// speed changes; the real benchmark is `npm run bench`.
import * as tf from "@tensorflow/tfjs-core";
import {getPreset} from "../../src/training/presets.js";
import {getTranslationPreset, isTranslationPreset} from "../../src/training/translation-presets.js";
import {initNodeBackend, nodeBackendFromEnv} from "../../src/tfjs/node.js";
import {copyTrainer} from "./copy-trainer.js";
import {translationTrainer} from "./translation-trainer.js";

const name = process.argv[2] ?? "copy-tiny";
const steps = Number(process.argv[3] ?? 100);
await initNodeBackend(nodeBackendFromEnv(process.env.TFJS_BACKEND ?? "wasm"));
const {step, dispose} = isTranslationPreset(name) ? translationTrainer(getTranslationPreset(name)) : copyTrainer(getPreset(name));
for (let i = 0; i < 10; i++) step();
const profile = await tf.profile(() => {
  step();
});
const tensorsBefore = tf.memory().numTensors;
// The machine may be shared: besides the mean, report the fastest chunk of 10 steps (least disturbed).
const t0 = performance.now();
const cpu0 = process.cpuUsage(); // CPU time of this process: on a loaded machine steadier than the wall clock
let loss = 0;
let fastest = Infinity;
for (let i = 0; i < steps; i += 10) {
  const c0 = performance.now();
  for (let j = i; j < Math.min(i + 10, steps); j++) loss = step().loss;
  fastest = Math.min(fastest, (performance.now() - c0) / Math.min(10, steps - i));
}
const ms = (performance.now() - t0) / steps;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000 / steps;
console.log(`${name} on ${tf.getBackend()}: ${ms.toFixed(2)} ms/step over ${steps} steps (fastest 10: ${fastest.toFixed(2)}; CPU time ${cpuMs.toFixed(2)} ms/step), ${profile.kernels.length} kernels/step (incl. batch), loss ${loss.toFixed(4)}, tensors ${tensorsBefore} -> ${tf.memory().numTensors}`);
dispose();
