// Matrix products with gradients that transpose explicitly.
//
// On the wasm backend, a single product (batch 1, which wasm gives to XNNPACK) with transposeA or
// transposeB takes a slow scalar path, and tf.matMul's built-in gradient uses those flags. These
// versions transpose first and multiply plainly, in the forward pass and in the gradient, so every
// product takes the fast path. (Batched products, such as attention's, run on the SIMD kernel in
// src/tfjs/wasm-kernels.ts, which would take the flags as they are: their explicit transposes cost
// about 9 ms of a copy-paper step.)
import * as tf from "@tensorflow/tfjs";

type Gradient = {value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[]};

/** tf.customGrad with typed tensor arguments: `f(save, ...inputs)` returns the value and its gradient. */
export function withGradient<Args extends tf.Tensor[]>(f: (save: tf.GradSaveFunc, ...inputs: Args) => Gradient): (...inputs: Args) => tf.Tensor {
  const op = tf.customGrad(((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = inputs.pop() as tf.GradSaveFunc;
    return f(save, ...(inputs as Args));
  }) as Parameters<typeof tf.customGrad>[0]);
  return op as (...inputs: Args) => tf.Tensor;
}

function swapLast(t: tf.Tensor): tf.Tensor {
  const perm = t.shape.map((_, i) => i);
  [perm[t.rank - 2], perm[t.rank - 1]] = [perm[t.rank - 1], perm[t.rank - 2]];
  return tf.transpose(t, perm);
}

/** a @ b over the last two axes, with the leading (batch) axes equal: [..., M, K] @ [..., K, N]. */
export const matMul = withGradient((save, a: tf.Tensor, b: tf.Tensor) => {
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor, [a, b]: tf.Tensor[]) => [tf.matMul(dy, swapLast(b)), tf.matMul(swapLast(a), dy)]
  };
});

/**
 * y = x w^T + b over the last axis of x, for any number of leading axes: [..., I] → [..., O], with
 * w [O, I] in PyTorch's nn.Linear layout. The product is 2-D (a 3-D × 2-D tf.matMul has a gradient
 * of the wrong shape), and the flattening around it is inside this one op, so that it is not
 * recorded and differentiated as separate reshapes.
 */
export const linear = withGradient((save, x: tf.Tensor, w_OI: tf.Tensor2D, b_O: tf.Tensor1D) => {
  const [out, inp] = w_OI.shape;
  const x_NI = tf.reshape(x, [-1, inp]);
  save([x_NI, w_OI]);
  return {
    value: tf.reshape(tf.add(tf.matMul(x_NI, tf.transpose(w_OI)), b_O), [...x.shape.slice(0, -1), out]),
    gradFunc: (dy: tf.Tensor, [x_NI, w_OI]: tf.Tensor[]) => {
      const dy_NO = tf.reshape(dy, [-1, out]);
      return [tf.reshape(tf.matMul(dy_NO, w_OI), x.shape), tf.matMul(tf.transpose(dy_NO), x_NI), tf.sum(dy_NO, 0)];
    }
  };
});
