// The fast paths of src/tfjs/ops.ts against the plain math they replace, in values and gradients, on
// the cpu and the wasm backend (where layerNorm and linear are one kernel each way,
// src/tfjs/layer-norm-kernel.ts and linear-kernel.ts): layerNormWithGradient against autograd
// through the readable layerNorm (the region a page shows), linear against x w^T + b, matMul
// against tf.matMul, lookup against tf.gather; and a LayerNorm module given a reader's layerNorm
// differentiates it by autograd.
import assert from "node:assert/strict";
import {before, describe, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {LayerNorm, layerNorm} from "../../src/model/layer-norm.js";
import {layerNormKernels} from "../../src/tfjs/layer-norm-kernel.js";
import {linearKernels} from "../../src/tfjs/linear-kernel.js";
import {initNodeBackend} from "../../src/tfjs/node.js";
import {layerNormWithGradient, linear, lookup, matMul} from "../../src/tfjs/ops.js";

type Norm = typeof layerNorm;

/** The gradients of sum(w ⊙ norm(x, a_2, b_2)) with respect to x, a_2 and b_2 (w fixed and random). */
function gradients(norm: Norm, x: tf.Tensor, a_2: tf.Tensor1D, b_2: tf.Tensor1D, eps: number): number[][] {
  return tf.tidy(() => {
    const w = tf.randomNormal(x.shape, 0, 1, "float32", 7);
    const f = (x: tf.Tensor, a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(w, norm(x, a as tf.Tensor1D, b as tf.Tensor1D, eps)));
    return tf.grads(f)([x, a_2, b_2]).map((g) => Array.from(g.dataSync()));
  });
}

/** The value of f(...inputs) and the gradients of sum(w ⊙ f(...inputs)) with respect to the float inputs (w fixed and random). */
function valueAndGradients(f: (...inputs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], wrt: number[]): number[][] {
  return tf.tidy(() => {
    const y = f(...inputs);
    const w = tf.randomNormal(y.shape, 0, 1, "float32", 8);
    const loss = (...xs: tf.Tensor[]) => tf.sum(tf.mul(w, f(...inputs.map((t, i) => (wrt.includes(i) ? xs[wrt.indexOf(i)] : t)))));
    return [Array.from(y.dataSync()), ...tf.grads(loss)(wrt.map((i) => inputs[i])).map((g) => Array.from(g.dataSync()))];
  });
}

function maxDiff(a: number[][], b: number[][]): number {
  assert.deepEqual(a.map((g) => g.length), b.map((g) => g.length), "the same number of values");
  return Math.max(...a.flatMap((g, i) => g.map((v, j) => Math.abs(v - b[i][j]))));
}

for (const backend of ["cpu", "wasm"] as const) {
  describe(`the fast paths on ${backend}`, () => {
    before(() => initNodeBackend(backend));

    test("layerNormWithGradient: the written-out gradient equals autograd's through layerNorm, to 1e-5", () => {
      assert.equal(layerNormKernels() !== null, backend === "wasm", "one kernel each on wasm, tensor ops on cpu");
      for (const [shape, eps] of [[[2, 3, 16], 1e-6], [[5, 8], 1e-6], [[1, 4, 2, 32], 0.5], [[3, 7], 1e-6], [[2, 2], 1e-6]] as [number[], number][]) {
        tf.tidy(() => {
          const C = shape[shape.length - 1];
          const x = tf.add(tf.mul(tf.randomNormal(shape, 0, 1, "float32", 1), 3), 1);
          const a_2 = tf.randomUniform([C], 0.5, 1.5, "float32", 2) as tf.Tensor1D;
          const b_2 = tf.randomNormal([C], 0, 1, "float32", 3) as tf.Tensor1D;
          const written = gradients(layerNormWithGradient, x, a_2, b_2, eps);
          const autograd = gradients(layerNorm, x, a_2, b_2, eps);
          assert.ok(maxDiff(written, autograd) <= 1e-5, `[${shape}], eps ${eps}: max difference ${maxDiff(written, autograd).toExponential(2)}`);
          // The same value; the kernel's sums add four lanes at a time, so the last bits may differ.
          const [fused, readable] = [layerNormWithGradient(x, a_2, b_2, eps).dataSync(), layerNorm(x, a_2, b_2, eps).dataSync()];
          fused.forEach((v, i) => assert.ok(Math.abs(v - readable[i]) <= 1e-6 * (1 + Math.abs(readable[i])), `[${shape}] value ${i}: ${v} vs ${readable[i]}`));
        });
      }
    });

    test("the module trains with the written-out gradient by default, and differentiates a reader's layerNorm by autograd", () => {
      const library = new LayerNorm(16);
      const biased: Norm = (x, a_2, b_2, eps) =>
        tf.tidy(() => {
          const centered = tf.sub(x, tf.mean(x, -1, true));
          const std = tf.sqrt(tf.mean(tf.square(centered), -1, true));
          return tf.add(tf.mul(a_2, tf.div(centered, tf.add(std, eps))), b_2) as typeof x;
        });
      const edited = new LayerNorm(16, 1e-6, {layerNorm: biased}); // an edit: the biased std (divide by C)
      tf.tidy(() => {
        const x = tf.randomNormal([3, 4, 16], 0, 1, "float32", 4);
        for (const norm of [library, edited]) tf.dispose([norm.a_2.assign(tf.randomUniform([16], 0.5, 1.5, "float32", 5)), norm.b_2.assign(tf.randomNormal([16], 0, 1, "float32", 6))]);
        const via = (norm: LayerNorm): Norm => (x) => norm.forward(x);
        assert.deepEqual(gradients(via(library), x, library.a_2, library.b_2, library.eps), gradients(layerNormWithGradient, x, library.a_2, library.b_2, library.eps));
        const editedGradients = gradients(via(edited), x, edited.a_2, edited.b_2, edited.eps);
        assert.ok(maxDiff(editedGradients, gradients(biased, x, edited.a_2, edited.b_2, edited.eps)) <= 1e-6, "a reader's layerNorm is differentiated as written");
        assert.ok(maxDiff(editedGradients, gradients(layerNorm, x, edited.a_2, edited.b_2, edited.eps)) > 1e-3, "and not with the library's gradient");
      });
      library.dispose();
      edited.dispose();
    });

    test("linear equals x w^T + b, in values and gradients", () => {
      assert.equal(linearKernels() !== null, backend === "wasm", "one kernel each on wasm, tensor ops on cpu");
      const plain = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => {
        const [O, I] = w.shape;
        return tf.reshape(tf.add(tf.matMul(tf.reshape(x, [-1, I]), tf.transpose(w)), b), [...x.shape.slice(0, -1), O]);
      };
      for (const [lead, I, O] of [[[7], 5, 3], [[2, 3], 6, 5], [[1], 8, 1], [[4, 5], 16, 32]] as [number[], number, number][]) {
        tf.tidy(() => {
          const inputs = [tf.randomNormal([...lead, I], 0, 1, "float32", 11), tf.randomNormal([O, I], 0, 1, "float32", 12), tf.randomNormal([O], 0, 1, "float32", 13)];
          const fast = valueAndGradients((x, w, b) => linear(x, w as tf.Tensor2D, b as tf.Tensor1D), inputs, [0, 1, 2]);
          const reference = valueAndGradients(plain, inputs, [0, 1, 2]);
          assert.ok(maxDiff(fast, reference) <= 1e-5 * I, `[${lead}, ${I}] -> ${O}: max difference ${maxDiff(fast, reference).toExponential(2)}`);
        });
      }
    });

    test("matMul equals tf.matMul, in values and gradients, with and without batch axes", () => {
      for (const [aShape, bShape] of [[[5, 7], [7, 6]], [[3, 5, 7], [3, 7, 6]], [[2, 2, 4, 8], [2, 2, 8, 4]]]) {
        tf.tidy(() => {
          const inputs = [tf.randomNormal(aShape, 0, 1, "float32", 21), tf.randomNormal(bShape, 0, 1, "float32", 22)];
          const fast = valueAndGradients(matMul, inputs, [0, 1]);
          const reference = valueAndGradients((a, b) => tf.matMul(a, b), inputs, [0, 1]);
          assert.ok(maxDiff(fast, reference) <= 1e-5, `[${aShape}] @ [${bShape}]: max difference ${maxDiff(fast, reference).toExponential(2)}`);
        });
      }
    });

    test("lookup equals tf.gather in value, and its gradient is one_hot(ids)^T @ dy", () => {
      tf.tidy(() => {
        const lut = tf.randomNormal([11, 8], 0, 1, "float32", 31) as tf.Tensor2D;
        const ids = tf.tensor2d([[1, 2, 3, 2], [10, 0, 2, 2]], undefined, "int32");
        const dy = tf.randomNormal([2, 4, 8], 0, 1, "float32", 32);
        assert.deepEqual(lookup(lut, ids).arraySync(), tf.reshape(tf.gather(lut, tf.reshape(ids, [-1])), [2, 4, 8]).arraySync());
        const [dLut] = tf.grads((lut: tf.Tensor) => tf.sum(tf.mul(lookup(lut as tf.Tensor2D, ids), dy)))([lut]);
        // Row v of d lut is the sum of dy over the positions whose id is v (rows 2: four times, 4-9: never).
        const expected = Array.from({length: 11}, (_, v) => tf.sum(tf.mul(tf.reshape(dy, [-1, 8]), tf.cast(tf.equal(tf.reshape(ids, [-1, 1]), v), "float32")), 0).arraySync() as number[]);
        assert.ok(maxDiff(dLut.arraySync() as number[][], expected) <= 1e-5);
      });
    });
  });
}
