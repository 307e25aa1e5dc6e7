// tf.randomUniform's float32 values, bit for bit, several times faster: the Full model and Stacks
// pages initialise a model of 44 million parameters, and tfjs spends about 10 ns on each value.
//
// tfjs draws its values from seedrandom's alea. Each alea step depends on the one before, so one
// sequence cannot go faster than the latency of that chain of float operations. But alea is a
// multiply-with-carry generator, and those can jump ahead: with x the 32-bit words of its state,
// one step is
//     a * x[n] + c = 2^32 * c' + x[n+3]        (a = 2091639, c the carry)
// and the number A[n] = x[n] + 2^32 x[n+1] + 2^64 x[n+2] + 2^96 c satisfies 2^32 A[n+1] = A[n] + m x[n]
// with m = a * 2^96 - 1, that is A[n+1] = A[n] / 2^32 (mod m). So the state k steps on is
// A[n] * (2^-32)^k mod m, and (2^32)^-1 mod m is a * 2^64. randomUniform starts several copies of
// the generator at evenly spaced points of the sequence and steps them side by side, and each fills
// its part of the tensor with exactly the values one sequence would: eight in WebAssembly SIMD on
// the wasm backend (src/tfjs/uniform.wat), four here in JavaScript otherwise.
// test/unit/uniform.test.ts compares both with tf.randomUniform.
import * as tf from "@tensorflow/tfjs-core";
import seedrandom from "seedrandom";
import * as uniformWasm from "../vendor/uniform-wasm.js";
import {heapMemory, heapOffset, internalsMatch, onHeap, type WasmHeap} from "./heap.js";

const MULTIPLIER = 2091639; // alea's a
const TWO_TO_MINUS_32 = 2.3283064365386963e-10;
const MODULUS = BigInt(MULTIPLIER) * 2n ** 96n - 1n;
const INVERSE_BASE = BigInt(MULTIPLIER) * 2n ** 64n; // (2^32)^-1 mod MODULUS
const CHAINS = 4;
const WASM_CHAINS = 8; // uniform.wat: four pairs of chains, two float64 lanes to a vector
const WORD = 0xffffffffn;

/** alea's state as it keeps it: three words scaled to [0, 1) and the carry. */
interface AleaState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}

/**
 * tf.randomUniform(shape, min, max, "float32", seed), faster, with the same values. On the wasm
 * backend the values are written straight into the tensor's memory on its heap, saving a copy.
 */
export function randomUniform<R extends tf.Rank>(shape: tf.ShapeMap[R], min: number, max: number, seed: number): tf.Tensor<R> {
  if (tf.getBackend() === "wasm" && internalsMatch()) {
    const backend = tf.backend();
    const heap = backend as unknown as WasmHeap;
    const info = heap.makeOutput(shape, "float32");
    const kernel = onHeap(backend, uniformWasm);
    if (kernel) fillOnHeap(kernel.fill as FillOnHeap, backend, info, min, max, seed);
    else fillUniform(heap.typedArrayFromHeap(info) as Float32Array, min, max, seed);
    return tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor<R>;
  }
  const values = new Float32Array(tf.util.sizeFromShape(shape));
  fillUniform(values, min, max, seed);
  return tf.tensor(values, shape, "float32") as tf.Tensor<R>;
}

/** uniform.wat's fill(out, n, state, min, range). */
type FillOnHeap = (out: number, n: number, state: number, min: number, range: number) => void;

/** fillUniform's values, written by uniform.wat into a float32 tensor on the wasm backend's heap. */
function fillOnHeap(fill: FillOnHeap, backend: tf.KernelBackend, info: tf.TensorInfo, min: number, max: number, seed: number): void {
  const heap = backend as unknown as WasmHeap;
  const {wasm} = heap;
  const size = tf.util.sizeFromShape(info.shape);
  const range = max - min;
  const length = Math.floor(size / WASM_CHAINS);
  const start = aleaState(seed);
  const chains = Array.from({length: WASM_CHAINS}, (_, k) => jump(start, k * length));
  const state = wasm._malloc(WASM_CHAINS * 4 * 8) >>> 0;
  try {
    // For the pair p of chains 2p and 2p + 1: s0, s1, s2 and c, two float64 lanes each. Nothing
    // allocates on the heap from here on, so this view stays valid.
    const words = new Float64Array(heapMemory(backend)!.buffer, state, WASM_CHAINS * 4);
    const at = (k: number, field: number) => 8 * (k >> 1) + 2 * field + (k & 1);
    chains.forEach(({s0, s1, s2, c}, k) => [s0, s1, s2, c].forEach((x, field) => (words[at(k, field)] = x)));
    fill(heapOffset(backend, info), length, state, min, range);
    // The last chain ends where the remainder starts.
    const [s0, s1, s2, c] = [0, 1, 2, 3].map((field) => words[at(WASM_CHAINS - 1, field)]);
    fillOn(heap.typedArrayFromHeap(info) as Float32Array, WASM_CHAINS * length, {s0, s1, s2, c}, min, range);
  } finally {
    wasm._free(state);
  }
}

/** alea's state for a seed, as tfjs's UniformRandom seeds it. */
function aleaState(seed: number): AleaState {
  return seedrandom.alea(seed.toString(), {state: true}).state() as unknown as AleaState;
}

/** Fills values as tfjs's UniformRandom(min, max, "float32", seed) would, value after value. */
export function fillUniform(values: Float32Array, min: number, max: number, seed: number): void {
  const range = max - min;
  const start = aleaState(seed);
  const quarter = Math.floor(values.length / CHAINS);
  const [p, q, r, s] = Array.from({length: CHAINS}, (_, k) => jump(start, k * quarter));
  let [p0, p1, p2, pc] = [p.s0, p.s1, p.s2, p.c];
  let [q0, q1, q2, qc] = [q.s0, q.s1, q.s2, q.c];
  let [r0, r1, r2, rc] = [r.s0, r.s1, r.s2, r.c];
  let [s0, s1, s2, sc] = [s.s0, s.s1, s.s2, s.c];
  for (let i = 0; i < quarter; i++) {
    const tp = MULTIPLIER * p0 + pc * TWO_TO_MINUS_32;
    const tq = MULTIPLIER * q0 + qc * TWO_TO_MINUS_32;
    const tr = MULTIPLIER * r0 + rc * TWO_TO_MINUS_32;
    const ts = MULTIPLIER * s0 + sc * TWO_TO_MINUS_32;
    p0 = p1; p1 = p2; pc = tp | 0; p2 = tp - pc;
    q0 = q1; q1 = q2; qc = tq | 0; q2 = tq - qc;
    r0 = r1; r1 = r2; rc = tr | 0; r2 = tr - rc;
    s0 = s1; s1 = s2; sc = ts | 0; s2 = ts - sc;
    values[i] = min + range * p2;
    values[quarter + i] = min + range * q2;
    values[2 * quarter + i] = min + range * r2;
    values[3 * quarter + i] = min + range * s2;
  }
  // The last chain ends where the remainder starts.
  fillOn(values, CHAINS * quarter, {s0, s1, s2, c: sc}, min, range);
}

/** values[from...] as one chain from `state` gives them. */
function fillOn(values: Float32Array, from: number, state: AleaState, min: number, range: number): void {
  let {s0, s1, s2, c} = state;
  for (let i = from; i < values.length; i++) {
    const t = MULTIPLIER * s0 + c * TWO_TO_MINUS_32;
    s0 = s1; s1 = s2; c = t | 0; s2 = t - c;
    values[i] = min + range * s2;
  }
}

/** alea's state `steps` steps after `state`. */
function jump(state: AleaState, steps: number): AleaState {
  if (steps === 0) return state;
  const word = (s: number) => BigInt(Math.round(s / TWO_TO_MINUS_32));
  const now = word(state.s0) | (word(state.s1) << 32n) | (word(state.s2) << 64n) | (BigInt(state.c) << 96n);
  const later = (now * power(INVERSE_BASE, BigInt(steps))) % MODULUS;
  const scaled = (shift: bigint) => Number((later >> shift) & WORD) * TWO_TO_MINUS_32;
  return {s0: scaled(0n), s1: scaled(32n), s2: scaled(64n), c: Number(later >> 96n)};
}

/** base^exponent mod MODULUS. */
function power(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  for (let b = base % MODULUS, e = exponent; e > 0n; e >>= 1n, b = (b * b) % MODULUS) if (e & 1n) result = (result * b) % MODULUS;
  return result;
}
