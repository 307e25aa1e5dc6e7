// The batched products of copy-paper's attention, by wasm's own BatchMatMul kernel (scalar C for a
// batch of more than one) and by batch-matmul.wat (src/tfjs/wasm-kernels.ts), in Node on one thread.
// `npx tsx scripts/bench/batch-matmul.ts [repeats]`: the fastest of `repeats` runs of each, in ms, and
// ns per multiply-add; the two kernels alternate, and their outputs are compared.
import * as tf from "@tensorflow/tfjs-core";
import {initNodeBackend} from "../../src/tfjs/node.js";

const repeats = Number(process.argv[2] ?? 20);
await import("@tensorflow/tfjs-backend-wasm");
const original = tf.getKernel("BatchMatMul", "wasm")!.kernelFunc; // before leanerWasmKernels replaces it
await initNodeBackend("wasm");
const simd = tf.getKernel("BatchMatMul", "wasm")!.kernelFunc;
const backend = tf.backend() as unknown as tf.KernelBackend & {disposeData(id: unknown): void};

const cases: [number[], number[], boolean, boolean][] = [
  [[640, 10, 64], [640, 64, 10], false, false], // scores = q @ k^T (k^T made by a transpose)
  [[640, 10, 10], [640, 10, 64], false, false], // probs @ v, and the gradient dscores @ k
  [[640, 64, 10], [640, 10, 10], false, false], // q^T @ dscores (gradient for k^T)
  [[640, 10, 64], [640, 64, 10], false, false], // dout @ v^T
  [[640, 10, 64], [640, 10, 64], false, true], // q @ k^T with the flag instead of a transpose
  [[640, 10, 10], [640, 10, 64], true, false], // probs^T @ dout with the flag
  [[8, 100, 64], [8, 64, 100], false, false],
  [[1, 64, 512], [1, 512, 256], false, false] // a batch of one: wasm's kernel is XNNPACK; ours, as it is under SMALL_PRODUCT_MACS
];
const time = (kernel: tf.KernelFunc, a: tf.Tensor, b: tf.Tensor, attrs: {transposeA: boolean; transposeB: boolean}) => {
  const start = performance.now();
  const out = kernel({inputs: {a, b}, backend, attrs: attrs as unknown as tf.NamedAttrMap}) as tf.TensorInfo;
  const ms = performance.now() - start;
  return {ms, out};
};
console.log(`BatchMatMul, fastest of ${repeats} (load average ${(await import("node:os")).loadavg().map((l) => l.toFixed(2)).join(" ")})`);
for (const [sa, sb, transposeA, transposeB] of cases) {
  const a = tf.randomUniform(sa, -1, 1, "float32", 1);
  const b = tf.randomUniform(sb, -1, 1, "float32", 2);
  const attrs = {transposeA, transposeB};
  const best = {original: Infinity, simd: Infinity};
  let diff = 0;
  for (let r = 0; r < repeats; r++) {
    const x = time(original, a, b, attrs);
    const y = time(simd, a, b, attrs);
    best.original = Math.min(best.original, x.ms);
    best.simd = Math.min(best.simd, y.ms);
    if (r === 0) {
      const [u, v] = [backend.readSync(x.out.dataId) as Float32Array, backend.readSync(y.out.dataId) as Float32Array];
      diff = u.reduce((m, value, i) => Math.max(m, Math.abs(value - v[i])), 0);
    }
    backend.disposeData(x.out.dataId);
    backend.disposeData(y.out.dataId);
  }
  const [M, K] = transposeA ? [sa[2], sa[1]] : [sa[1], sa[2]];
  const N = transposeB ? sb[1] : sb[2];
  const macs = Math.max(sa[0], sb[0]) * M * K * N;
  const ns = (ms: number) => ((ms * 1e6) / macs).toFixed(3);
  console.log(
    `[${sa}]${transposeA ? "^T" : ""} @ [${sb}]${transposeB ? "^T" : ""}: wasm ${best.original.toFixed(2)} ms (${ns(best.original)} ns/MAC), ` +
      `simd ${best.simd.toFixed(2)} ms (${ns(best.simd)} ns/MAC), ${(best.original / best.simd).toFixed(1)}x, max |diff| ${diff.toExponential(1)}`
  );
  tf.dispose([a, b]);
}
