// How many steps copy-tiny needs to reach 99% held-out exact match, over several seeds, in the
// training page's engine (Node, wasm) and in PyTorch (the Annotated Transformer's code): the bench
// times one seed, and which evaluation first reaches 99% varies from seed to seed by ±60 steps.
//
//   npx tsx scripts/bench/steps-to-target.ts [seeds]      (20 by default; about 2 minutes)
//
// The two sides draw their weights and batches with different generators, so seed k is not the
// same run on both: compare the distributions.
import {TrainingEngine} from "../../src/training/engine.js";
import {PRESETS} from "../../src/training/presets.js";
import {presetRun} from "../../src/training/run-config.js";
import {initNodeBackend} from "../../src/tfjs/node.js";
import {repoRoot} from "../../test/support/site.js";
import {runPytorchCopy} from "./pytorch.js";
import {median} from "./steady-state.js";

const TARGET = 0.99;
const seeds = Array.from({length: Number(process.argv[2] ?? 20)}, (_, i) => i + 1);
await initNodeBackend("wasm");

async function tfjsSteps(seed: number): Promise<number | null> {
  let reached: number | null = null;
  const engine: TrainingEngine = new TrainingEngine({
    emit: (event) => {
      if (event.type === "evaluation" && reached === null && event.evaluation.exactMatch >= TARGET) {
        reached = event.evaluation.step;
        engine.stop();
      }
    },
    tick: () => new Promise((resolve) => setImmediate(resolve))
  });
  await engine.start(presetRun(PRESETS["copy-tiny"], seed));
  engine.reset();
  return reached;
}

function torchSteps(seed: number): number | null {
  return runPytorchCopy("/usr/bin/python3", repoRoot, {...presetRun(PRESETS["copy-tiny"], seed), threads: 1, target: TARGET, stopAtTarget: true}).reached?.step ?? null;
}

function summary(name: string, steps: (number | null)[]): void {
  const reached = steps.filter((s): s is number => s !== null);
  const mean = reached.reduce((a, b) => a + b, 0) / reached.length;
  console.log(`${name}: ${steps.map((s) => s ?? "never").join(" ")}`);
  console.log(`  reached ${reached.length} of ${steps.length}; median ${median(reached)}, mean ${mean.toFixed(0)} steps`);
}

const tfjs: (number | null)[] = [];
for (const seed of seeds) tfjs.push(await tfjsSteps(seed));
summary("tfjs (the training page's engine, wasm)", tfjs);
summary("PyTorch (1 thread)", seeds.map(torchSteps));
