// Checkpoint averaging (the paper's section 6.1): the model it reports is the mean of the last
// checkpoints of one run, written at 10-minute intervals (the last 5 for the base model, 20 for
// the big one). Checkpoints close together on one run lie in the same basin of the loss, so their
// mean is a model too, and usually a slightly better one than the last alone.
import * as tf from "@tensorflow/tfjs-core";
import {EncoderDecoder} from "../model/model.js";
import {shapeString} from "../model/shapes.js";

// #region average
/**
 * A new model whose every parameter is the elementwise mean of that parameter over `models`
 * (checkpoints of one architecture). A shared embedding matrix is one parameter, so the average
 * keeps it shared.
 */
export function averageCheckpoints(models: readonly EncoderDecoder[], seed = 0): EncoderDecoder {
  if (models.length === 0) throw new Error("averageCheckpoints: there are no checkpoints to average");
  const checkpoints = models.map((m) => Object.fromEntries(m.namedParameters()));
  const average = new EncoderDecoder(models[0].config, seed);
  for (const [name, p] of average.namedParameters()) {
    const values = checkpoints.map((params, i) => {
      const v = params[name];
      if (v === undefined) throw new Error(`averageCheckpoints: checkpoint ${i + 1} has no parameter "${name}"`);
      if (shapeString(v.shape) !== shapeString(p.shape)) {
        throw new Error(`averageCheckpoints: "${name}" has shape ${shapeString(v.shape)} in checkpoint ${i + 1} but ${shapeString(p.shape)} in checkpoint 1`);
      }
      return v;
    });
    tf.tidy(() => p.assign(tf.div(tf.addN(values), values.length)));
  }
  return average;
}
// #endregion average

/** Whether two models have the same sizes and the same sharing, so that their checkpoints can be averaged. */
export function sameArchitecture(a: EncoderDecoder, b: EncoderDecoder): boolean {
  const keys = ["srcVocab", "tgtVocab", "N", "dModel", "dFF", "h"] as const;
  return keys.every((k) => a.config[k] === b.config[k]) && Boolean(a.config.sharedEmbeddings) === Boolean(b.config.sharedEmbeddings);
}
