// How many steps copy-tiny needs to reach 99% held-out exact match, over several seeds, in the
// training page's engine (Node, wasm) and in PyTorch (the Annotated Transformer's code): see seeds.ts.
//
//   npx tsx scripts/bench/steps-to-target.ts [seeds]      (20 by default; about 2 minutes)
import {tfjsStepsToTarget, torchStepsToTarget} from "./seeds.js";
import {median} from "./steady-state.js";

const TARGET = 0.99;
const seeds = Array.from({length: Number(process.argv[2] ?? 20)}, (_, i) => i + 1);

function summary(name: string, steps: (number | null)[]): void {
  const reached = steps.filter((s): s is number => s !== null);
  const mean = reached.reduce((a, b) => a + b, 0) / reached.length;
  console.log(`${name}: ${steps.map((s) => s ?? "never").join(" ")}`);
  console.log(`  reached ${reached.length} of ${steps.length}; median ${median(reached)}, mean ${mean.toFixed(0)} steps`);
}

const tfjs: (number | null)[] = [];
for (const seed of seeds) tfjs.push(await tfjsStepsToTarget(seed, TARGET));
summary("tfjs (the training page's engine, wasm)", tfjs);
summary("PyTorch (1 thread)", seeds.map((seed) => torchStepsToTarget("/usr/bin/python3", seed, TARGET)));
