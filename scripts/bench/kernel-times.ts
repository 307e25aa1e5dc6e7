// Where a training step's time goes, by kernel, in Node (wasm backend): every registered wasm kernel
// is wrapped with a wall-clock timer (tf.profile's kernel times are unreliable for kernels written
// in JavaScript, and count nested ops twice), then steps are timed after 2 warm-up steps.
// `npx tsx scripts/bench/kernel-times.ts [preset] [steps] [--shapes] [--top N]`; the preset is a copy
// task's (presets.ts) or a translation one's (translation-presets.ts: translate-tiny trains on the
// generated corpus, as trainTranslation does).
// --shapes splits each kernel by its input shapes. "outside kernels" is the rest of the step: the
// engine's bookkeeping, making the batch, dropout masks, reading the loss.
import * as tf from "@tensorflow/tfjs-core";
import {getPreset} from "../../src/training/presets.js";
import {getTranslationPreset, isTranslationPreset} from "../../src/training/translation-presets.js";
import {initNodeBackend} from "../../src/tfjs/node.js";
import {copyTrainer} from "./copy-trainer.js";
import {translationTrainer} from "./translation-trainer.js";

const args = process.argv.slice(2);
const positional = args.filter((a, i) => !a.startsWith("--") && args[i - 1] !== "--top");
const name = positional[0] ?? "copy-paper";
const steps = Number(positional[1] ?? 3);
const byShape = args.includes("--shapes");
const top = args.includes("--top") ? Number(args[args.indexOf("--top") + 1]) : 30;

await initNodeBackend("wasm");
const times = new Map<string, {calls: number; ms: number}>();
let depth = 0; // a kernel that runs another kernel through the registry is counted once
for (const kernel of tf.getKernelsForBackend("wasm")) {
  const run = kernel.kernelFunc;
  tf.unregisterKernel(kernel.kernelName, "wasm");
  tf.registerKernel({
    ...kernel,
    kernelFunc: (kernelArgs) => {
      if (depth > 0) return run(kernelArgs);
      const key = byShape ? `${kernel.kernelName} ${JSON.stringify(Object.values(kernelArgs.inputs).map((t) => t!.shape))}` : kernel.kernelName;
      const t0 = performance.now();
      depth++;
      try {
        return run(kernelArgs);
      } finally {
        depth--;
        const entry = times.get(key) ?? {calls: 0, ms: 0};
        entry.calls++;
        entry.ms += performance.now() - t0;
        times.set(key, entry);
      }
    }
  });
}

const {step, dispose} = isTranslationPreset(name) ? translationTrainer(getTranslationPreset(name)) : copyTrainer(getPreset(name));
for (let i = 0; i < 2; i++) step();
times.clear();
const t0 = performance.now();
for (let i = 0; i < steps; i++) step();
const perStep = (performance.now() - t0) / steps;
const inKernels = [...times.values()].reduce((sum, e) => sum + e.ms, 0) / steps;
console.log(`${name} on wasm: ${perStep.toFixed(0)} ms/step over ${steps} steps; kernels ${inKernels.toFixed(0)} ms, outside kernels ${(perStep - inKernels).toFixed(0)} ms`);
console.log("kernel".padEnd(50), "calls/step".padStart(10), "ms/step".padStart(8));
for (const [key, e] of [...times].sort((a, b) => b[1].ms - a[1].ms).slice(0, top)) {
  console.log(key.slice(0, 50).padEnd(50), String(e.calls / steps).padStart(10), (e.ms / steps).toFixed(1).padStart(8));
}
dispose();
