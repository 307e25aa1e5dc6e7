// Adam (Kingma and Ba) exactly as torch.optim.Adam computes it, with the learning rate given
// at every step so that a schedule such as rate() can drive it. The paper uses
// beta1 = 0.9, beta2 = 0.98, eps = 1e-9.
import * as tf from "@tensorflow/tfjs";

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
  private readonly m: tf.Variable[]; // first moments
  private readonly v: tf.Variable[]; // second moments

  constructor(readonly params: tf.Variable[], {beta1 = 0.9, beta2 = 0.98, eps = 1e-9}: AdamOptions = {}) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.m = params.map((p) => tf.variable(tf.zerosLike(p), false));
    this.v = params.map((p) => tf.variable(tf.zerosLike(p), false));
  }

  /** One update with learning rate `lr`; grads[i] belongs to params[i]. */
  apply(grads: tf.Tensor[], lr: number): void {
    if (grads.length !== this.params.length) throw new Error(`Adam: ${grads.length} gradients for ${this.params.length} parameters`);
    this.step++;
    const {beta1, beta2, eps, step} = this;
    const stepSize = lr / (1 - beta1 ** step);
    const sqrtCorrection2 = Math.sqrt(1 - beta2 ** step);
    tf.tidy(() => {
      this.params.forEach((p, i) => {
        const g = grads[i];
        const m = tf.add(tf.mul(this.m[i], beta1), tf.mul(g, 1 - beta1));
        const v = tf.add(tf.mul(this.v[i], beta2), tf.mul(tf.square(g), 1 - beta2));
        this.m[i].assign(m);
        this.v[i].assign(v);
        const denom = tf.add(tf.div(tf.sqrt(v), sqrtCorrection2), eps);
        p.assign(tf.sub(p, tf.mul(tf.div(m, denom), stepSize)));
      });
    });
  }

  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
  }
}
