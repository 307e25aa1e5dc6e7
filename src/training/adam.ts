// Adam (Kingma and Ba) as torch.optim.Adam computes it, with the learning rate given at every step
// so that a schedule such as rate() can drive it. The paper uses beta1 = 0.9, beta2 = 0.98, eps = 1e-9.
import * as tf from "@tensorflow/tfjs-core";
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

/**
 * Adam over `params`: adamStep for each of them at every step. As torch.optim.Adam does, a parameter
 * that gets no gradient in a step is skipped: it, its moments and its own step count stay as they were.
 */
export class Adam {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** Steps taken so far (updates applied, whichever parameters they reached). */
  step = 0;
  /** The parameters (indices into params) that the last update skipped, having no gradient. */
  skipped: number[] = [];
  /** Each parameter's own step count: the steps that reached it (its t in adamStep). */
  private readonly steps: number[];
  // fast path: adamStep for all parameters at once, packed end to end, and as one wasm kernel where it runs (src/tfjs/packed-adam.ts)
  private readonly packed: PackedAdam;

  constructor(readonly params: tf.Variable[], {beta1 = 0.9, beta2 = 0.98, eps = 1e-9}: AdamOptions = {}) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.steps = params.map(() => 0);
    this.packed = new PackedAdam(params, {beta1, beta2, eps}, adamStep);
  }

  /** One update with learning rate `lr`; grads[i] belongs to params[i], and is null or undefined for a parameter that got no gradient. */
  apply(grads: (tf.Tensor | null | undefined)[], lr: number): void {
    if (grads.length !== this.params.length) throw new Error(`Adam: ${grads.length} gradients for ${this.params.length} parameters`);
    this.params.forEach((p, i) => {
      const g = grads[i];
      if (g && g.shape.join() !== p.shape.join()) throw new Error(`Adam: the gradient of parameter ${i} (${p.name}) has shape [${g.shape}] but the parameter has shape [${p.shape}]`);
    });
    this.step++;
    const reached = this.params.flatMap((_, i) => (grads[i] ? [i] : []));
    this.skipped = this.params.flatMap((_, i) => (grads[i] ? [] : [i]));
    for (const i of reached) this.steps[i]++;
    // The parameters updated together share their step count: usually all of them, at this.step.
    const byStep = new Map<number, number[]>();
    for (const i of reached) byStep.set(this.steps[i], [...(byStep.get(this.steps[i]) ?? []), i]);
    for (const [t, indices] of byStep) this.packed.apply(indices, indices.map((i) => grads[i]!), lr, t);
  }

  dispose(): void {
    this.packed.dispose();
  }
}
