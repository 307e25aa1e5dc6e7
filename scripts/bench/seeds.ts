// Steps to a held-out exact match, for one seed of copy-tiny, in the training page's engine (Node,
// wasm: the same kernels and numbers as the page's worker on one thread) and in PyTorch (the
// Annotated Transformer's code). Which evaluation first reaches 99% varies from seed to seed by about
// ±60 steps, so a single seed says little about how fast a runtime learns; the bench and
// steps-to-target.ts take the median over several.
//
// The two sides draw their weights and batches with different generators, so seed k is not the
// same run on both: compare the distributions.
import {TrainingEngine} from "../../src/worker/engine.js";
import {PRESETS} from "../../src/training/presets.js";
import {presetRun} from "../../src/training/run-config.js";
import {initNodeBackend} from "../../src/tfjs/node.js";
import {repoRoot} from "../../test/support/site.js";
import {runPytorchCopy} from "./pytorch.js";

/** The first evaluated step of copy-tiny seed `seed` with held-out exact match >= target, in the page's engine; null if never. */
export async function tfjsStepsToTarget(seed: number, target: number): Promise<number | null> {
  await initNodeBackend("wasm");
  let reached: number | null = null;
  const engine: TrainingEngine = new TrainingEngine({
    emit: (event) => {
      if (event.type === "evaluation" && reached === null && (event.evaluation.exactMatch ?? 0) >= target) {
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

/** The same in PyTorch on one thread (`python`: an interpreter that imports torch). */
export function torchStepsToTarget(python: string, seed: number, target: number): number | null {
  return runPytorchCopy(python, repoRoot, {...presetRun(PRESETS["copy-tiny"], seed), threads: 1, target, stopAtTarget: true}).reached?.step ?? null;
}
