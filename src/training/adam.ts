// Adam (Kingma and Ba) as torch.optim.Adam computes it, with the learning rate given at every step
// so that a schedule such as rate() can drive it. The paper uses beta1 = 0.9, beta2 = 0.98, eps = 1e-9.
import * as tf from "@tensorflow/tfjs";
import {PackedAdam} from "../tfjs/packed-adam.js";

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  eps?: number;
}

// #region update
/**
 * Step t (1, 2, ...) of Adam with learning rate lr for a parameter θ, its gradient g and its moments
 * m and v, which are zero before the first step. Returns the new θ, m and v.
 */
export function adamStep(theta: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, t: number, lr: number, {beta1, beta2, eps}: Required<AdamOptions>) {
  const m_t = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)); // m ← β1 m + (1 − β1) g
  const v_t = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)); // v ← β2 v + (1 − β2) g²
  // θ ← θ − lr m̂ / (√v̂ + ε), with m̂ = m / (1 − β1^t) and v̂ = v / (1 − β2^t). As torch.optim.Adam
  // does, the corrections divide the scalars: lr m̂ = (lr / (1 − β1^t)) m and √v̂ = √v / √(1 − β2^t).
  const sqrtVHat = tf.div(tf.sqrt(v_t), Math.sqrt(1 - beta2 ** t));
  const theta_t = tf.sub(theta, tf.mul(tf.div(m_t, tf.add(sqrtVHat, eps)), lr / (1 - beta1 ** t)));
  return {theta: theta_t, m: m_t, v: v_t};
}
// #endregion update

/** Adam over `params`: adamStep for each of them at every step, counting the steps. */
export class Adam {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** Steps taken so far. */
  step = 0;
  // fast path: adamStep for all parameters at once, packed end to end, and as one wasm kernel where it runs (src/tfjs/packed-adam.ts)
  private readonly packed: PackedAdam;

  constructor(readonly params: tf.Variable[], {beta1 = 0.9, beta2 = 0.98, eps = 1e-9}: AdamOptions = {}) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.packed = new PackedAdam(params, {beta1, beta2, eps}, adamStep);
  }

  /** One update with learning rate `lr`; grads[i] belongs to params[i]. */
  apply(grads: tf.Tensor[], lr: number): void {
    if (grads.length !== this.params.length) throw new Error(`Adam: ${grads.length} gradients for ${this.params.length} parameters`);
    this.params.forEach((p, i) => {
      if (!grads[i]) throw new Error(`Adam: parameter ${i} (${p.name}, shape [${p.shape}]) has no gradient`);
      if (grads[i].shape.join() !== p.shape.join()) throw new Error(`Adam: the gradient of parameter ${i} (${p.name}) has shape [${grads[i].shape}] but the parameter has shape [${p.shape}]`);
    });
    this.step++;
    this.packed.apply(grads, lr, this.step);
  }

  dispose(): void {
    this.packed.dispose();
  }
}
