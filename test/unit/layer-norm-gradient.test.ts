// LayerNorm's written-out gradient (layerNormWithGradient in src/model/layer-norm.ts) against
// autograd through the readable layerNorm, on the cpu and the wasm backend (where value and gradient
// are one kernel each, src/tfjs/layer-norm-kernel.ts); and a reader's edited layerNorm, installed as
// an override, is still differentiated by autograd.
import assert from "node:assert/strict";
import {after, before, describe, test} from "node:test";
import * as tf from "@tensorflow/tfjs";
import {LayerNorm, layerNorm, layerNormWithGradient} from "../../src/model/layer-norm.js";
import {clearOverrides, installOverrides} from "../../src/model/overrides.js";
import {layerNormKernels} from "../../src/tfjs/layer-norm-kernel.js";
import {initNodeBackend} from "../../src/tfjs/node.js";

type Norm = typeof layerNorm;

/** The gradients of sum(w ⊙ norm(x, a_2, b_2)) with respect to x, a_2 and b_2 (w fixed and random). */
function gradients(norm: Norm, x: tf.Tensor, a_2: tf.Tensor1D, b_2: tf.Tensor1D, eps: number): number[][] {
  return tf.tidy(() => {
    const w = tf.randomNormal(x.shape, 0, 1, "float32", 7);
    const f = (x: tf.Tensor, a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(w, norm(x, a as tf.Tensor1D, b as tf.Tensor1D, eps)));
    return tf.grads(f)([x, a_2, b_2]).map((g) => Array.from(g.dataSync()));
  });
}

function maxDiff(a: number[][], b: number[][]): number {
  return Math.max(...a.flatMap((g, i) => g.map((v, j) => Math.abs(v - b[i][j]))));
}

for (const backend of ["cpu", "wasm"] as const) {
  describe(`LayerNorm's gradient on ${backend}`, () => {
    before(() => initNodeBackend(backend));
    after(() => clearOverrides());

    test("the written-out gradient equals autograd's through layerNorm, to 1e-5", () => {
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

    test("the module uses the written-out gradient for the library's layerNorm, autograd for an edited one", () => {
      const norm = new LayerNorm(16);
      tf.tidy(() => {
        const x = tf.randomNormal([3, 4, 16], 0, 1, "float32", 4);
        tf.dispose([norm.a_2.assign(tf.randomUniform([16], 0.5, 1.5, "float32", 5)), norm.b_2.assign(tf.randomNormal([16], 0, 1, "float32", 6))]);
        const viaModule: Norm = (x) => norm.forward(x);
        assert.deepEqual(gradients(viaModule, x, norm.a_2, norm.b_2, norm.eps), gradients(layerNormWithGradient, x, norm.a_2, norm.b_2, norm.eps));
        // An edit: the biased std (divide by C). Its gradient must be autograd's of the edit itself.
        const biased: Norm = (x, a_2, b_2, eps) =>
          tf.tidy(() => {
            const centered = tf.sub(x, tf.mean(x, -1, true));
            const std = tf.sqrt(tf.mean(tf.square(centered), -1, true));
            return tf.add(tf.mul(a_2, tf.div(centered, tf.add(std, eps))), b_2) as typeof x;
          });
        installOverrides({layerNorm: biased});
        const edited = gradients(viaModule, x, norm.a_2, norm.b_2, norm.eps);
        clearOverrides();
        assert.ok(maxDiff(edited, gradients(biased, x, norm.a_2, norm.b_2, norm.eps)) <= 1e-6, "an override is differentiated as written");
        assert.ok(maxDiff(edited, gradients(layerNorm, x, norm.a_2, norm.b_2, norm.eps)) > 1e-3, "and not with the library's gradient");
      });
      norm.dispose();
    });
  });
}
