// Single products (a batch of one) by batch-matmul.wat and by wasm's own kernel (XNNPACK, with a
// flagged operand transposed first, as src/tfjs/wasm-kernels.ts does), in Node on one thread: the
// shapes of a copy-tiny, a copy-small and a copy-paper step, then a sweep for the size where XNNPACK starts to win
// (SMALL_PRODUCT_MACS).
// `npx tsx scripts/bench/small-matmul.ts [calls] [--sweep | --translate]` (--translate: translate-tiny's products alone): each product `calls` times, each time
// with a fresh B (in training a weight is a new tensor every step, so XNNPACK cannot reuse a packed
// one), the two kernels alternating; the median and fastest µs of each, and the largest difference.
import * as tf from "@tensorflow/tfjs-core";
import os from "node:os";
import {initNodeBackend} from "../../src/tfjs/node.js";
import {batchMatMulBySimd, SMALL_PRODUCT_MACS} from "../../src/tfjs/wasm-kernels.js";

const args = process.argv.slice(2);
const calls = Number(args.find((a) => !a.startsWith("--")) ?? 200);
await import("@tensorflow/tfjs-backend-wasm");
const original = tf.getKernel("BatchMatMul", "wasm")!.kernelFunc; // XNNPACK, before leanerWasmKernels replaces it
await initNodeBackend("wasm");
const transpose = tf.getKernel("Transpose", "wasm")!.kernelFunc;
const backend = tf.backend() as unknown as tf.KernelBackend & {disposeData(id: unknown): void};

type Case = [label: string, aShape: number[], bShape: number[], transposeA: boolean, transposeB: boolean];
const tiny: Case[] = [
  ["tiny: x @ w^T (projections)", [320, 32], [32, 32], false, true],
  ["tiny: x @ w^T, decoder", [288, 32], [32, 32], false, true],
  ["tiny: dy @ w", [320, 32], [32, 32], false, false],
  ["tiny: dy^T @ x (dW)", [320, 32], [320, 32], true, false],
  ["tiny: x @ w1^T (up)", [320, 32], [64, 32], false, true],
  ["tiny: dy @ w1", [320, 64], [64, 32], false, false],
  ["tiny: x @ w2^T (down)", [320, 64], [32, 64], false, true],
  ["tiny: dy^T @ x, up (dW1)", [320, 64], [320, 32], true, false],
  ["tiny: onehot^T @ dy (embedding)", [11, 288], [288, 32], false, false],
  ["tiny: x @ wgen^T (generator)", [288, 32], [11, 32], false, true]
];
const small: Case[] = [
  ["small: x @ w^T", [800, 64], [64, 64], false, true],
  ["small: x @ w1^T (up)", [800, 64], [256, 64], false, true],
  ["small: dy @ w1", [800, 256], [256, 64], false, false],
  ["small: dy^T @ x (dW1)", [800, 256], [800, 64], true, false],
  ["small: dy^T @ x (dW2)", [800, 64], [800, 256], true, false]
];
/** translate-tiny's products: about 950 tokens a side, C 128, F 256, V 1,000. */
const translate: Case[] = [
  ["translate: x @ w^T", [950, 128], [128, 128], false, true],
  ["translate: dy @ w", [950, 128], [128, 128], false, false],
  ["translate: dy^T @ x (dW)", [950, 128], [950, 128], true, false],
  ["translate: x @ w1^T (up)", [950, 128], [256, 128], false, true],
  ["translate: dy @ w1", [950, 256], [256, 128], false, false],
  ["translate: dy^T @ x (dW1)", [950, 256], [950, 128], true, false],
  ["translate: x @ w2^T (down)", [950, 256], [128, 256], false, true],
  ["translate: dy @ w2", [950, 128], [128, 256], false, false],
  ["translate: dy^T @ x (dW2)", [950, 128], [950, 256], true, false],
  ["translate: x @ wgen^T (generator)", [950, 128], [1000, 128], false, true],
  ["translate: dy @ wgen", [950, 1000], [1000, 128], false, false],
  ["translate: dy^T @ x (dWgen)", [950, 1000], [950, 128], true, false],
  ["translate: onehot^T @ dy (embedding)", [1000, 950], [950, 128], false, false]
];
const paper: Case[] = [
  ["paper: x @ w^T", [800, 512], [512, 512], false, true],
  ["paper: dy @ w", [800, 512], [512, 512], false, false],
  ["paper: dy^T @ x (dW)", [800, 512], [800, 512], true, false],
  ["paper: x @ w1^T", [800, 512], [2048, 512], false, true]
];
/** Square-ish products from 0.03 to 8 million multiply-adds, plain and with B transposed, to place the crossover. */
const sweep: Case[] = [
  [64, 32, 32], [128, 64, 64], [320, 64, 64], [256, 128, 128], [320, 128, 128], [512, 128, 128], [320, 256, 128], [512, 256, 256], [800, 256, 256], [512, 512, 256], [800, 512, 256]
].flatMap(([M, K, N]) => [
  [`sweep ${M}x${K}x${N}`, [M, K], [K, N], false, false] as Case,
  [`sweep ${M}x${K}x${N}, B^T`, [M, K], [N, K], false, true] as Case,
  [`sweep ${M}x${K}x${N}, A^T`, [K, M], [K, N], true, false] as Case
]);
const cases = args.includes("--translate") ? translate : [...tiny, ...small, ...paper, ...(args.includes("--sweep") ? sweep : [])];

/** A product that transposes flagged operands first and hands XNNPACK plain ones, as batchMatMulByWasm does. */
const byXnnpack: tf.KernelFunc = (kernelArgs) => {
  const {a, b} = kernelArgs.inputs as {a: tf.TensorInfo; b: tf.TensorInfo};
  const {transposeA, transposeB} = kernelArgs.attrs as {transposeA: boolean; transposeB: boolean};
  const swap = (t: tf.TensorInfo) => transpose({inputs: {x: t}, backend, attrs: {perm: [1, 0]}}) as tf.TensorInfo;
  const [pa, pb] = [transposeA ? swap(a) : a, transposeB ? swap(b) : b];
  const out = original({inputs: {a: pa, b: pb}, backend, attrs: {transposeA: false, transposeB: false}}) as tf.TensorInfo;
  if (transposeA) backend.disposeData(pa.dataId);
  if (transposeB) backend.disposeData(pb.dataId);
  return out;
};
const bySimd: tf.KernelFunc = (kernelArgs) => batchMatMulBySimd(kernelArgs)!;

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
console.log(`single products, ${calls} calls each, µs (load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}); ours runs up to ${SMALL_PRODUCT_MACS} multiply-adds`);
console.log("case".padEnd(34), "shapes".padEnd(24), "MMAC".padStart(6), "xnn med".padStart(8), "best".padStart(7), "ours med".padStart(9), "best".padStart(7), "xnn/ours".padStart(9), "max|diff|".padStart(10));
for (const [label, aShape, bShape, transposeA, transposeB] of cases) {
  const a = tf.randomUniform(aShape, -1, 1, "float32", 1);
  const bValues = tf.randomUniform(bShape, -1, 1, "float32", 2);
  const attrs = {transposeA, transposeB} as unknown as tf.NamedAttrMap;
  const times = {xnn: [] as number[], ours: [] as number[]};
  let diff = 0;
  const repeats = Math.max(3, Math.min(calls, Math.round((calls * 2e6) / (tf.util.sizeFromShape(aShape) * (transposeB ? bShape[0] : bShape[1])))));
  for (let r = -2; r < repeats; r++) {
    const outs: tf.TensorInfo[] = [];
    for (const [name, kernel] of [["xnn", byXnnpack], ["ours", bySimd]] as const) {
      const b = bValues.clone().add(0); // a fresh tensor, as a weight is in every training step
      const start = performance.now();
      outs.push(kernel({inputs: {a, b}, backend, attrs}) as tf.TensorInfo);
      if (r >= 0) times[name].push((performance.now() - start) * 1000); // two calls of each to warm up first
      b.dispose();
    }
    if (r === -2) {
      const [u, v] = outs.map((o) => backend.readSync(o.dataId) as Float32Array);
      diff = u.reduce((m, value, i) => Math.max(m, Math.abs(value - v[i])), 0);
    }
    for (const o of outs) backend.disposeData(o.dataId);
  }
  const [M, K] = transposeA ? [aShape[1], aShape[0]] : aShape;
  const N = transposeB ? bShape[0] : bShape[1];
  const shapes = `[${aShape}]${transposeA ? "T" : ""}@[${bShape}]${transposeB ? "T" : ""}`;
  const [xm, om] = [median(times.xnn), median(times.ours)];
  console.log(
    label.padEnd(34), shapes.padEnd(24), ((M * K * N) / 1e6).toFixed(2).padStart(6),
    xm.toFixed(1).padStart(8), Math.min(...times.xnn).toFixed(1).padStart(7),
    om.toFixed(1).padStart(9), Math.min(...times.ours).toFixed(1).padStart(7), (xm / om).toFixed(2).padStart(9), diff.toExponential(1).padStart(10)
  );
  tf.dispose([a, bValues]);
}
