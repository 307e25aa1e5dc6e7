// Token embeddings: a learned lookup table scaled by sqrt(d_model) (section 3.4 of the paper).
import * as tf from "@tensorflow/tfjs-core";
import {lookup} from "../tfjs/ops.js";
import {Module, xavierUniform} from "./module.js";
import {expectInt, expectShape} from "./shapes.js";

// #region embed
/** The embeddings of the ids x_BL [B, L]: rows of lut_VC [V, C], scaled by sqrt(d_model) → [B, L, C]. */
export function embed(lut_VC: tf.Tensor2D, x_BL: tf.Tensor2D): tf.Tensor3D {
  const dModel = lut_VC.shape[1]; // C
  return tf.mul(lookup(lut_VC, x_BL), Math.sqrt(dModel)) as tf.Tensor3D;
}
// #endregion embed

/** The functions an Embeddings module calls (a reader's edits replace them). */
export type EmbeddingFunctions = {embed: typeof embed};
export const embeddingFunctions: EmbeddingFunctions = {embed};

// #region class
export class Embeddings extends Module {
  lut: tf.Variable<tf.Rank.R2>; // [V, C], PyTorch's nn.Embedding weight
  readonly embed: typeof embed;

  constructor(readonly dModel: number, readonly vocab: number, seed: number, fns: EmbeddingFunctions = embeddingFunctions) {
    super();
    this.lut = this.parameter("lut.weight", xavierUniform([vocab, dModel], seed));
    this.embed = fns.embed;
  }

  forward(x_BL: tf.Tensor2D): tf.Tensor3D {
    expectShape("Embeddings", "x_BL", x_BL, [null, null]);
    expectInt("Embeddings", "x_BL", x_BL);
    return this.embed(this.lut, x_BL);
  }
}
// #endregion class
