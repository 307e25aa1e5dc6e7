// Adam (Kingma and Ba) exactly as torch.optim.Adam computes it, with the learning rate given
// at every step so that a schedule such as rate() can drive it. The paper uses
// beta1 = 0.9, beta2 = 0.98, eps = 1e-9.
//
// Speed: the update is the same element-wise formula for every parameter, so instead of running it
// once per parameter (about 10 small ops each, hundreds of kernel launches per step) we run it once
// on all parameters packed end to end into one flat vector (see packFlat / unpackFlat). The moments
// m and v live in that packed form; the numbers are the same as updating each parameter alone.
// On the wasm backend the same formula runs as one kernel (src/tfjs/adam-kernel.ts), with the same
// float32 operations in the same order.
import * as tf from "@tensorflow/tfjs";
import {ADAM_UPDATE, type AdamUpdateAttrs, adamUpdateReady} from "../tfjs/adam-kernel.js";

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  eps?: number;
}

export class Adam {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** Steps taken so far. */
  step = 0;
  private readonly m: tf.Variable<tf.Rank.R1>; // first moments, every parameter packed end to end
  private readonly v: tf.Variable<tf.Rank.R1>; // second moments, packed the same way

  constructor(readonly params: tf.Variable[], {beta1 = 0.9, beta2 = 0.98, eps = 1e-9}: AdamOptions = {}) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    const total = params.reduce((n, p) => n + p.size, 0);
    this.m = tf.variable(tf.zeros([total]), false);
    this.v = tf.variable(tf.zeros([total]), false);
  }

  /** One update with learning rate `lr`; grads[i] belongs to params[i]. */
  apply(grads: tf.Tensor[], lr: number): void {
    if (grads.length !== this.params.length) throw new Error(`Adam: ${grads.length} gradients for ${this.params.length} parameters`);
    this.step++;
    const {beta1, beta2, eps, step} = this;
    const stepSize = lr / (1 - beta1 ** step);
    const sqrtCorrection2 = Math.sqrt(1 - beta2 ** step);
    if (adamUpdateReady()) {
      const inputs: tf.NamedTensorMap = {m: this.m, v: this.v};
      this.params.forEach((p, i) => Object.assign(inputs, {[`p${i}`]: p, [`g${i}`]: grads[i]}));
      const attrs: AdamUpdateAttrs = {beta1, beta2, eps, stepSize, sqrtCorrection2};
      const out = tf.engine().runKernel(ADAM_UPDATE, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
      this.params.forEach((param, i) => param.assign(out[i]));
      this.m.assign(out[this.params.length] as tf.Tensor1D);
      this.v.assign(out[this.params.length + 1] as tf.Tensor1D);
      tf.dispose(out);
      return;
    }
    tf.tidy(() => {
      const g = packFlat(grads);
      const p = packFlat(this.params);
      const m = tf.add(tf.mul(this.m, beta1), tf.mul(g, 1 - beta1)) as tf.Tensor1D;
      const v = tf.add(tf.mul(this.v, beta2), tf.mul(tf.square(g), 1 - beta2)) as tf.Tensor1D;
      this.m.assign(m);
      this.v.assign(v);
      const denom = tf.add(tf.div(tf.sqrt(v), sqrtCorrection2), eps);
      const updated = unpackFlat(tf.sub(p, tf.mul(tf.div(m, denom), stepSize)) as tf.Tensor1D, this.params);
      this.params.forEach((param, i) => param.assign(updated[i]));
    });
  }

  dispose(): void {
    tf.dispose([this.m, this.v]);
  }
}

/** Speed helper: every tensor flattened and joined end to end into one vector. */
export function packFlat(tensors: tf.Tensor[]): tf.Tensor1D {
  return tf.concat(tensors.map((t) => tf.reshape(t, [-1]))) as tf.Tensor1D;
}

/** Speed helper, the inverse of packFlat: the vector cut back into tensors shaped like `like`. */
export function unpackFlat(flat: tf.Tensor1D, like: tf.Tensor[]): tf.Tensor[] {
  return tf.split(flat, like.map((t) => t.size)).map((piece, i) => tf.reshape(piece, like[i].shape));
}
