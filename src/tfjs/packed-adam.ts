// Speed for Adam: every parameter, gradient and moment packed end to end into one vector each, so
// that the update runs once per step instead of once per parameter (about ten kernels each, hundreds
// per step). The update is element-wise, so each parameter's numbers are the same as updating it
// alone. On wasm the packed update is one kernel (src/tfjs/adam-kernel.ts, src/tfjs/adam.wat) with
// the same float32 operations in the same order as src/training/adam.ts's adamStep; on the other
// backends, and on a tfjs our kernels were not written for, adamStep itself runs once on the packed
// vectors.
import * as tf from "@tensorflow/tfjs";
import {ADAM_UPDATE, type AdamUpdateAttrs, adamUpdateReady} from "./adam-kernel.js";

export interface AdamHyperparameters {
  beta1: number;
  beta2: number;
  eps: number;
}

/** An element-wise Adam step t with learning rate lr: the new θ, m and v (src/training/adam.ts's adamStep; run in a tidy). */
export type ElementwiseAdamStep = (
  theta: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, t: number, lr: number, hyper: AdamHyperparameters
) => {theta: tf.Tensor; m: tf.Tensor; v: tf.Tensor};

/** Adam's moments for `params`, packed end to end, and the packed update. */
export class PackedAdam {
  private readonly m: tf.Variable<tf.Rank.R1>; // first moments, every parameter end to end
  private readonly v: tf.Variable<tf.Rank.R1>; // second moments, packed the same way

  constructor(private readonly params: tf.Variable[], private readonly hyper: AdamHyperparameters, private readonly step: ElementwiseAdamStep) {
    const total = params.reduce((n, p) => n + p.size, 0);
    // In a tidy, so that the zeros each variable starts from are disposed (the variable keeps the data).
    [this.m, this.v] = tf.tidy(() => [tf.variable(tf.zeros([total]), false), tf.variable(tf.zeros([total]), false)]);
  }

  /** Step t with learning rate lr; grads[i] belongs to params[i] and has its shape. */
  apply(grads: tf.Tensor[], lr: number, t: number): void {
    const {beta1, beta2, eps} = this.hyper;
    if (adamUpdateReady()) {
      const inputs: tf.NamedTensorMap = {m: this.m, v: this.v};
      this.params.forEach((p, i) => Object.assign(inputs, {[`p${i}`]: p, [`g${i}`]: grads[i]}));
      const attrs: AdamUpdateAttrs = {beta1, beta2, eps, stepSize: lr / (1 - beta1 ** t), sqrtCorrection2: Math.sqrt(1 - beta2 ** t)};
      const out = tf.engine().runKernel(ADAM_UPDATE, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
      this.params.forEach((param, i) => param.assign(out[i]));
      this.m.assign(out[this.params.length] as tf.Tensor1D);
      this.v.assign(out[this.params.length + 1] as tf.Tensor1D);
      tf.dispose(out);
      return;
    }
    tf.tidy(() => {
      const next = this.step(packFlat(this.params), packFlat(grads), this.m, this.v, t, lr, this.hyper);
      this.m.assign(next.m as tf.Tensor1D);
      this.v.assign(next.v as tf.Tensor1D);
      unpackFlat(next.theta as tf.Tensor1D, this.params).forEach((p, i) => this.params[i].assign(p));
    });
  }

  dispose(): void {
    tf.dispose([this.m, this.v]);
  }
}

/** Every tensor flattened and joined end to end into one vector. */
export function packFlat(tensors: tf.Tensor[]): tf.Tensor1D {
  return tf.concat(tensors.map((t) => tf.reshape(t, [-1]))) as tf.Tensor1D;
}

/** The inverse of packFlat: the vector cut back into tensors shaped like `like`. */
export function unpackFlat(flat: tf.Tensor1D, like: tf.Tensor[]): tf.Tensor[] {
  return tf.split(flat, like.map((t) => t.size)).map((piece, i) => tf.reshape(piece, like[i].shape));
}
