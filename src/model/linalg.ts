// Matrix products with gradients written out.
//
// Both pass tf.matMul's transpose flags instead of transposing first: every backend's kernel takes
// them. On wasm that holds through src/tfjs/wasm-kernels.ts: our SIMD kernel (batches, and single
// products up to a few million multiply-adds) reads op(A) and op(B) in place, and a larger single
// product, which goes to XNNPACK, has its flagged operand transposed there first (wasm's own
// kernel would otherwise take a slow scalar path). Before, these functions transposed explicitly
// on every backend: about 34 Transpose kernels per copy-tiny step.
import * as tf from "@tensorflow/tfjs";
import {linearKernels} from "../tfjs/linear-kernel.js";

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
