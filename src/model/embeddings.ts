// Token embeddings: a learned lookup table scaled by sqrt(d_model) (section 3.4 of the paper).
import * as tf from "@tensorflow/tfjs";
import {matMul, withGradient} from "./linalg.js";
import {Module, xavierUniform} from "./module.js";
import {implementation} from "./overrides.js";
import {expectInt, expectShape} from "./shapes.js";

// #region lookup
/**
 * Rows of `lut_VC` for the ids in `x_BL`: [B, L] → [B, L, C]. tf.gather has no gradient kernel
 * on wasm, so the gradient is written out: d lut = one_hot(x)^T @ dy, a plain matrix product.
 */
export const lookup = withGradient((save, lut: tf.Tensor2D, ids: tf.Tensor2D) => {
  save([ids]);
  const [vocab, dModel] = lut.shape;
  return {
    value: tf.reshape(tf.gather(lut, tf.reshape(ids, [-1])), [...ids.shape, dModel]),
    gradFunc: (dy: tf.Tensor, [ids]: tf.Tensor[]) => {
      const oneHotT_VN = tf.transpose(tf.oneHot(tf.reshape(ids, [-1]), vocab));
      return [matMul(oneHotT_VN, tf.reshape(dy, [-1, dModel])), tf.zerosLike(ids)];
    }
  };
});
// #endregion lookup

// #region embed
/** The embeddings of the ids x_BL [B, L]: rows of lut_VC [V, C], scaled by sqrt(d_model) → [B, L, C]. */
export function embed(lut_VC: tf.Tensor2D, x_BL: tf.Tensor2D): tf.Tensor3D {
  const dModel = lut_VC.shape[1]; // C
  return tf.mul(lookup(lut_VC, x_BL), Math.sqrt(dModel)) as tf.Tensor3D;
}
// #endregion embed

// #region class
export class Embeddings extends Module {
  readonly lut: tf.Variable<tf.Rank.R2>; // [V, C], PyTorch's nn.Embedding weight

  constructor(readonly dModel: number, readonly vocab: number, seed: number) {
    super();
    this.lut = this.parameter("lut.weight", xavierUniform([vocab, dModel], seed));
  }

  forward(x_BL: tf.Tensor2D): tf.Tensor3D {
    expectShape("Embeddings", "x_BL", x_BL, [null, null]);
    expectInt("Embeddings", "x_BL", x_BL);
    return implementation("embed", embed)(this.lut, x_BL);
  }
}
// #endregion class
