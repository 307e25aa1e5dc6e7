// Speed for Adam: every parameter, gradient and moment packed end to end into one vector each, so
// that the update runs once per step instead of once per parameter (about ten kernels each, hundreds
// per step). The update is element-wise, so each parameter's numbers are the same as updating it
// alone. On wasm the packed update is one kernel (src/tfjs/adam-kernel.ts, src/tfjs/adam.wat) with
// the same float32 operations in the same order as src/training/adam.ts's adamStep; on the other
// backends, and on a tfjs our kernels were not written for, adamStep itself runs once on the packed
// vectors.
import * as tf from "@tensorflow/tfjs-core";
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

  /**
   * Step t with learning rate lr for the parameters at `indices` (ascending), grads[j] being the
   * gradient of params[indices[j]], with its shape; the other parameters and their moments stay.
   */
  apply(indices: number[], grads: tf.Tensor[], lr: number, t: number): void {
    if (indices.length === this.params.length) {
      this.update(this.params, grads, this.m, this.v, lr, t, (m, v) => {
        this.m.assign(m);
        this.v.assign(v);
      });
      return;
    }
    // Some parameters got no gradient: update the others' moments, cut out of m and v and put back.
    tf.tidy(() => {
      const sizes = this.params.map((p) => p.size);
      const [mParts, vParts] = [tf.split(this.m, sizes), tf.split(this.v, sizes)];
      const pick = (parts: tf.Tensor[]) => tf.concat(indices.map((i) => parts[i])) as tf.Tensor1D;
      const params = indices.map((i) => this.params[i]);
      this.update(params, grads, pick(mParts), pick(vParts), lr, t, (m, v) => {
        const [mNew, vNew] = [tf.split(m, grads.map((g) => g.size)), tf.split(v, grads.map((g) => g.size))];
        indices.forEach((i, j) => ((mParts[i] = mNew[j]), (vParts[i] = vNew[j])));
        this.m.assign(tf.concat(mParts) as tf.Tensor1D);
        this.v.assign(tf.concat(vParts) as tf.Tensor1D);
      });
    });
  }

  /** adamStep on `params`, packed with their moments m and v; assigns the parameters and gives `store` the new moments. */
  private update(params: tf.Variable[], grads: tf.Tensor[], m: tf.Tensor1D, v: tf.Tensor1D, lr: number, t: number, store: (m: tf.Tensor1D, v: tf.Tensor1D) => void): void {
    const {beta1, beta2, eps} = this.hyper;
    if (adamUpdateReady()) {
      const inputs: tf.NamedTensorMap = {m, v};
      params.forEach((p, i) => Object.assign(inputs, {[`p${i}`]: p, [`g${i}`]: grads[i]}));
      const attrs: AdamUpdateAttrs = {beta1, beta2, eps, stepSize: lr / (1 - beta1 ** t), sqrtCorrection2: Math.sqrt(1 - beta2 ** t)};
      const out = tf.engine().runKernel(ADAM_UPDATE, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
      params.forEach((param, i) => param.assign(out[i]));
      store(out[params.length] as tf.Tensor1D, out[params.length + 1] as tf.Tensor1D);
      tf.dispose(out);
      return;
    }
    tf.tidy(() => {
      const next = this.step(packFlat(params), packFlat(grads), m, v, t, lr, this.hyper);
      store(next.m as tf.Tensor1D, next.v as tf.Tensor1D);
      unpackFlat(next.theta as tf.Tensor1D, params).forEach((p, i) => params[i].assign(p));
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
