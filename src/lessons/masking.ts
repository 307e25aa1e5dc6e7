// The masking page's computations: the three masks as plain 0/1 matrices, and what leaks from the
// future when the decoder runs without the subsequent mask.
import * as tf from "@tensorflow/tfjs-core";
import {paddingMask, subsequentMask, targetMask} from "../model/masks.js";
import type {EncoderDecoder} from "../model/model.js";

/** A boolean mask [B, rows, cols] as 0/1 numbers, batch item `b`. */
export function maskMatrix(mask_BXY: tf.Tensor3D, b = 0): number[][] {
  return tf.tidy(() => tf.cast(mask_BXY, "int32").arraySync() as number[][][])[b];
}

export interface MaskExamples {
  subsequent: number[][]; // [T][T]
  padding: number[][]; // [1][T]: one row, shared by every query
  target: number[][]; // [T][T]
}

/**
 * The subsequent, padding and target masks for one row of token ids (0 = padding). `causal`
 * replaces the library's subsequentMask (the page's editable cell); the target mask is then the
 * AND of the padding mask and it, as targetMask computes it.
 */
export function maskExamples(ids: readonly number[], pad = 0, causal: typeof subsequentMask = subsequentMask): MaskExamples {
  const ids_BT = tf.tensor2d([ids.slice()], undefined, "int32");
  const sub_1TT = causal(ids.length);
  const padding_B1T = paddingMask(ids_BT, pad);
  const target_BTT = causal === subsequentMask ? targetMask(ids_BT, pad) : tf.logicalAnd(padding_B1T, sub_1TT);
  const masks = [sub_1TT, padding_B1T, target_BTT] as tf.Tensor3D[];
  const [subsequent, padding, target] = masks.map((m) => maskMatrix(m));
  tf.dispose([ids_BT, ...masks]);
  return {subsequent, padding, target};
}

export interface LeakResult {
  changedPosition: number; // the future position whose token was changed
  withoutMask: number[]; // per target position: max |Δ decoder output| without the subsequent mask
  withMask: number[]; // the same with the decoder's target mask
  leakWithoutMask: number; // the largest change at positions before changedPosition
  leakWithMask: number;
}

/**
 * Runs the decoder twice, on `tgt` and on `tgt` with the token at `changedPosition` replaced by
 * `newToken`, once with padding-only masking and once with the target mask (padding AND
 * subsequent), and reports how much the output at every position moved. The model must be in
 * eval mode so that dropout does not change the output between the two runs.
 */
export function futureLeak(model: EncoderDecoder, src: readonly number[], tgt: readonly number[], changedPosition: number, newToken: number): LeakResult {
  if (model.training) throw new Error("futureLeak: call model.eval() first, or dropout changes every run");
  if (!(changedPosition > 0 && changedPosition < tgt.length)) {
    throw new Error(`futureLeak: changedPosition must be in 1..${tgt.length - 1}, not ${changedPosition}`);
  }
  if (tgt[changedPosition] === newToken) throw new Error("futureLeak: newToken equals the token it replaces");
  const changed = tgt.slice();
  changed[changedPosition] = newToken;
  const T = tgt.length;
  const [withoutMask, withMask] = tf.tidy(() => {
    const src_BS = tf.tensor2d([src.slice()], undefined, "int32");
    const srcMask_B1S = paddingMask(src_BS);
    const memory_BSC = model.encode(src_BS, srcMask_B1S);
    const change = (maskFor: (tgt_BT: tf.Tensor2D) => tf.Tensor3D): number[] => {
      const run = (ids: readonly number[]) => {
        const tgt_BT = tf.tensor2d([ids.slice()], undefined, "int32");
        return model.decode(memory_BSC, srcMask_B1S, tgt_BT, maskFor(tgt_BT));
      };
      const delta_BT = tf.max(tf.abs(tf.sub(run(tgt), run(changed))), 2);
      return Array.from(delta_BT.dataSync());
    };
    // Without the subsequent mask: only padding is hidden, every query sees every real key.
    const paddingOnly = (tgt_BT: tf.Tensor2D) => tf.tile(paddingMask(tgt_BT), [1, T, 1]) as tf.Tensor3D;
    return [change(paddingOnly), change((tgt_BT) => targetMask(tgt_BT))];
  });
  const before = (xs: number[]) => Math.max(...xs.slice(0, changedPosition));
  return {changedPosition, withoutMask, withMask, leakWithoutMask: before(withoutMask), leakWithMask: before(withMask)};
}

/**
 * The softmax of a row whose every key is hidden, filled with -inf and with -1e9: -inf gives
 * exp(-inf - (-inf)) = exp(NaN), so NaN; -1e9 gives equal scores, so a plain uniform row.
 */
export function fullyMaskedRow(n: number): {withInf: number[]; withFill: number[]} {
  return tf.tidy(() => ({
    withInf: Array.from(tf.softmax(tf.fill([n], -Infinity)).dataSync()),
    withFill: Array.from(tf.softmax(tf.fill([n], -1e9)).dataSync())
  }));
}
