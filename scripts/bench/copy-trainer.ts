// The benchmarks' training loop without the page: a fresh model and trainer for a preset, and one
// training step on a fresh copy-task batch at a time.
import {EncoderDecoder} from "../../src/model/model.js";
import {Random} from "../../src/model/random.js";
import {disposeBatch} from "../../src/training/batch.js";
import {copyBatch} from "../../src/training/copy-task.js";
import type {Preset} from "../../src/training/presets.js";
import {type StepResult, Trainer} from "../../src/training/train.js";

export function copyTrainer({model: config, train, vocab, length, batchSize}: Pick<Preset, "model" | "train" | "vocab" | "length" | "batchSize">, seed = 1) {
  const model = new EncoderDecoder({...config, srcVocab: vocab, tgtVocab: vocab}, seed);
  const trainer = new Trainer(model, train);
  const random = new Random(seed);
  const withBatch = <R>(f: (batch: ReturnType<typeof copyBatch>) => R): R => {
    const batch = copyBatch(random, {vocab, length, batchSize});
    try {
      return f(batch);
    } finally {
      disposeBatch(batch);
    }
  };
  return {
    model,
    trainer,
    step: (): StepResult => withBatch((batch) => trainer.step(batch)),
    /** The step's kernels are enqueued when this returns; the promise resolves once its loss is read back. */
    stepAsync: (): Promise<StepResult> => {
      const batch = copyBatch(random, {vocab, length, batchSize});
      return trainer.stepAsync(batch).finally(() => disposeBatch(batch));
    },
    dispose: () => {
      trainer.dispose();
      model.dispose();
    }
  };
}
