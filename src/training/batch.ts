// A training batch with its masks and the shifted target (the Annotated Transformer's Batch).
//
// The gold target "<bos> I like eating mushrooms <eos>" becomes
//   tgt_in (what the decoder reads):   <bos> I like eating mushrooms
//   tgt_y  (what it must predict):     I like eating mushrooms <eos>
// so at position t the decoder sees tokens 0..t and is trained to predict token t+1.
import * as tf from "@tensorflow/tfjs-core";
import {paddingMask, targetMask} from "../model/masks.js";
import {expectDim, expectInt, expectShape} from "../model/shapes.js";

// #region batch
export interface Batch {
  src_BS: tf.Tensor2D;
  srcMask_B1S: tf.Tensor3D; // source positions that are not padding
  tgtIn_BT: tf.Tensor2D; // tgt[:, :-1]
  tgtY_BT: tf.Tensor2D; // tgt[:, 1:]
  tgtMask_BTT: tf.Tensor3D; // not padding AND not in the future
  ntokens: tf.Scalar; // real (non-pad) tokens in tgtY (int32): the loss is divided by it
}
// #endregion batch

/** Label shifting on plain arrays, for pages that show it: [[in, label], ...] per position. */
export function shiftTarget<T>(tgt: readonly T[]): {input: T[]; labels: T[]} {
  return {input: tgt.slice(0, -1), labels: tgt.slice(1)};
}

// #region make-batch
/** Builds a batch from source ids [B, S] and full gold targets [B, L], L = T + 1 (with the start token). */
export function makeBatch(src_BS: tf.Tensor2D, tgtFull_BL: tf.Tensor2D, pad = 0): Batch {
  expectShape("makeBatch", "src_BS", src_BS, [null, null]);
  expectInt("makeBatch", "src_BS", src_BS);
  expectShape("makeBatch", "tgtFull_BL", tgtFull_BL, [null, null]);
  expectInt("makeBatch", "tgtFull_BL", tgtFull_BL);
  expectDim("makeBatch", "tgtFull_BL", tgtFull_BL, 0, src_BS.shape[0], `src_BS has B=${src_BS.shape[0]}`);
  if (tgtFull_BL.shape[1] < 2) throw new Error(`makeBatch: tgtFull_BL has shape [${tgtFull_BL.shape}] but needs at least 2 tokens to shift`);
  const [B, L] = tgtFull_BL.shape; // L = T + 1
  return tf.tidy(() => {
    const tgtIn_BT = tf.slice(tgtFull_BL, [0, 0], [B, L - 1]);
    const tgtY_BT = tf.slice(tgtFull_BL, [0, 1], [B, L - 1]);
    const ntokens = tf.sum(tf.cast(tf.notEqual(tgtY_BT, pad), "int32")) as tf.Scalar;
    return {
      src_BS: tf.keep(tf.clone(src_BS)),
      srcMask_B1S: tf.keep(paddingMask(src_BS, pad)),
      tgtIn_BT: tf.keep(tgtIn_BT),
      tgtY_BT: tf.keep(tgtY_BT),
      tgtMask_BTT: tf.keep(targetMask(tgtIn_BT, pad)),
      ntokens: tf.keep(ntokens)
    };
  });
}
// #endregion make-batch

export function disposeBatch(batch: Batch): void {
  tf.dispose([batch.src_BS, batch.srcMask_B1S, batch.tgtIn_BT, batch.tgtY_BT, batch.tgtMask_BTT, batch.ntokens]);
}
