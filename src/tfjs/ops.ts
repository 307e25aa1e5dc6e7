// Fast paths of the model's plain math: each op here computes what a region of src/model computes,
// with its gradient written out instead of differentiated op by op, and, on the wasm backend, the
// value and the gradient as one kernel each. test/unit/layer-norm-gradient.test.ts keeps every op
// equal to its plain counterpart, in values and gradients, on cpu and wasm.
//
// matMul and linear pass tf.matMul's transpose flags instead of transposing first: every backend's
// kernel takes them. On wasm that holds through src/tfjs/wasm-kernels.ts: its SIMD kernel (batches,
// and single products up to a few million multiply-adds) reads op(A) and op(B) in place, and a
// larger single product, which goes to XNNPACK, has its flagged operand transposed there first.
import * as tf from "@tensorflow/tfjs-core";
import {layerNormKernels} from "./layer-norm-kernel.js";
import {linearKernels} from "./linear-kernel.js";
import {lookupKernels} from "./lookup-kernel.js";

type Gradient = {value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[]};

/** tf.customGrad with typed tensor arguments: `f(save, ...inputs)` returns the value and its gradient. */
export function withGradient<Args extends tf.Tensor[]>(f: (save: tf.GradSaveFunc, ...inputs: Args) => Gradient): (...inputs: Args) => tf.Tensor {
  const op = tf.customGrad(((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = inputs.pop() as tf.GradSaveFunc;
    return f(save, ...(inputs as Args));
  }) as Parameters<typeof tf.customGrad>[0]);
  return op as (...inputs: Args) => tf.Tensor;
}

/** a @ b over the last two axes, with the leading (batch) axes equal: [..., M, K] @ [..., K, N]. */
export const matMul = withGradient((save, a: tf.Tensor, b: tf.Tensor) => {
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    // d a = dy @ b^T, d b = a^T @ dy
    gradFunc: (dy: tf.Tensor, [a, b]: tf.Tensor[]) => [tf.matMul(dy, b, false, true), tf.matMul(a, dy, true, false)]
  };
});

/**
 * y = x w^T + b over the last axis of x, for any number of leading axes: [..., I] → [..., O], with
 * w [O, I] in PyTorch's nn.Linear layout. The product is 2-D (a 3-D × 2-D tf.matMul has a gradient
 * of the wrong shape), and the flattening around it is inside this one op, so that it is not
 * recorded and differentiated as separate reshapes. On wasm the value and the gradient are one
 * kernel each (src/tfjs/linear-kernel.ts).
 */
export const linear = withGradient((save, x: tf.Tensor, w_OI: tf.Tensor2D, b_O: tf.Tensor1D) => {
  const kernels = linearKernels();
  if (kernels) {
    save([x, w_OI]);
    return {value: kernels.value(x, w_OI, b_O), gradFunc: (dy: tf.Tensor, [x, w_OI]: tf.Tensor[]) => kernels.gradient(dy, x, w_OI as tf.Tensor2D)};
  }
  const [out, inp] = w_OI.shape;
  const x_NI = tf.reshape(x, [-1, inp]);
  save([x_NI, w_OI]);
  return {
    value: tf.reshape(tf.add(tf.matMul(x_NI, w_OI, false, true), b_O), [...x.shape.slice(0, -1), out]),
    gradFunc: (dy: tf.Tensor, [x_NI, w_OI]: tf.Tensor[]) => {
      const dy_NO = tf.reshape(dy, [-1, out]);
      // d x = dy @ w, d w = dy^T @ x, d b = the sum of dy over rows
      return [tf.reshape(tf.matMul(dy_NO, w_OI), x.shape), tf.matMul(dy_NO, x_NI, true, false), tf.sum(dy_NO, 0)];
    }
  };
});

/**
 * The rows of `lut` for the ids (any shape): ids [...] → [..., C]. tf.gather has no gradient kernel
 * on wasm, so the gradient is written out: d lut = one_hot(ids)^T @ dy, a plain matrix product. On
 * the wasm backend it is one kernel that adds each row of dy into the row its id names
 * (src/tfjs/lookup-kernel.ts), the same sums without the one-hot matrix.
 */
export const lookup = withGradient((save, lut: tf.Tensor2D, ids: tf.Tensor) => {
  save([ids]);
  const [vocab, dModel] = lut.shape;
  const kernels = ids.dtype === "int32" ? lookupKernels() : null;
  return {
    value: tf.reshape(tf.gather(lut, tf.reshape(ids, [-1])), [...ids.shape, dModel]),
    gradFunc: (dy: tf.Tensor, [ids]: tf.Tensor[]) => {
      if (kernels) return [kernels.gradient(dy, ids, vocab), tf.zerosLike(ids)];
      const oneHotT_VN = tf.transpose(tf.oneHot(tf.reshape(ids, [-1]), vocab));
      return [matMul(oneHotT_VN, tf.reshape(dy, [-1, dModel])), tf.zerosLike(ids)];
    }
  };
});

const layerNormByEps = new Map<number, (x: tf.Tensor, a_2: tf.Tensor1D, b_2: tf.Tensor1D) => tf.Tensor>(); // made once per eps, not on every call

/**
 * The Annotated Transformer's LayerNorm, a_2 (x - mean) / (std + eps) + b_2 with the unbiased std
 * (the region `layer-norm` of src/model/layer-norm.ts), with its gradient written out instead of
 * differentiated op by op (about 10 recorded ops and their saved tensors per norm, and reductions
 * over the batch for a_2 and b_2 in each). With g = dy a_2, c = x - mean, σ the unbiased std,
 * d = σ + eps and n = C:
 *   dc = g / d - c Σ(g c) / (d² σ (n - 1)),  dx = dc - mean(dc),  da_2 = Σ dy c / d,  db_2 = Σ dy
 * (the sums without an axis run over every position, Σ(g c) over the C features of each).
 * On the wasm backend the value and the gradient are one kernel each (src/tfjs/layer-norm-kernel.ts).
 */
export function layerNormWithGradient<T extends tf.Tensor>(x: T, a_2: tf.Tensor1D, b_2: tf.Tensor1D, eps: number): T {
  let op = layerNormByEps.get(eps);
  if (!op) {
    op = withGradient((save, x: tf.Tensor, a_2: tf.Tensor1D, b_2: tf.Tensor1D) => {
      save([x, a_2]);
      const {value, gradient} = layerNormKernels() ?? {value: layerNormValue, gradient: layerNormGradient};
      return {value: value(x, a_2, b_2, eps), gradFunc: (dy, [x, a_2]) => gradient(dy, x, a_2 as tf.Tensor1D, eps)};
    });
    layerNormByEps.set(eps, op);
  }
  return op(x, a_2, b_2) as T;
}

function layerNormValue<T extends tf.Tensor>(x: T, a_2: tf.Tensor1D, b_2: tf.Tensor1D, eps: number): T {
  const n = x.shape[x.rank - 1]; // C
  const c = tf.sub(x, tf.mean(x, -1, true));
  const std = tf.sqrt(tf.div(tf.sum(tf.square(c), -1, true), n - 1));
  return tf.add(tf.mul(a_2, tf.div(c, tf.add(std, eps))), b_2) as T;
}

function layerNormGradient(dy: tf.Tensor, x: tf.Tensor, a_2: tf.Tensor1D, eps: number): tf.Tensor[] {
  const n = x.shape[x.rank - 1]; // C
  const c = tf.sub(x, tf.mean(x, -1, true));
  const std = tf.sqrt(tf.div(tf.sum(tf.square(c), -1, true), n - 1));
  const d = tf.add(std, eps);
  const g = tf.mul(dy, a_2);
  const k = tf.div(tf.sum(tf.mul(g, c), -1, true), tf.mul(tf.mul(tf.square(d), std), n - 1));
  const dc = tf.sub(tf.div(g, d), tf.mul(c, k));
  const dx = tf.sub(dc, tf.mean(dc, -1, true));
  const dy_NC = tf.reshape(dy, [-1, n]);
  const da_2 = tf.sum(tf.reshape(tf.mul(dy, tf.div(c, d)), [-1, n]), 0);
  return [dx, da_2, tf.sum(dy_NC, 0)];
}
