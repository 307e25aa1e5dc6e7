// The PyTorch reference numbers in data/fixtures/ (written by scripts/reference/make_fixtures.py),
// and a comparison that reports the largest absolute difference.
import {readFileSync} from "node:fs";
import {join} from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import {repoRoot} from "./site.js";

export interface RefTensor {
  shape: number[];
  data: (number | string)[]; // non-finite values are the strings "-Infinity", "Infinity", "NaN"
}

export const fixturesDir = join(repoRoot, "data", "fixtures");

export function readFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(fixturesDir, name)));
}

export const reference: any = JSON.parse(readFileSync(join(fixturesDir, "reference.json"), "utf8"));

export function refValues(t: RefTensor): number[] {
  return t.data.map(Number);
}

export function refTensor(t: RefTensor, dtype: "float32" | "int32" | "bool" = "float32"): tf.Tensor {
  return tf.tensor(refValues(t), t.shape, dtype);
}

/** Largest |a - b| over all entries, after checking that the shapes agree. */
export function maxAbsDiff(actual: tf.Tensor, expected: RefTensor): number {
  if (actual.shape.join() !== expected.shape.join()) {
    throw new Error(`shape [${actual.shape}] differs from the reference's [${expected.shape}]`);
  }
  const a = actual.dataSync();
  const b = refValues(expected);
  let max = 0;
  for (let i = 0; i < b.length; i++) {
    const d = a[i] === b[i] ? 0 : Math.abs(a[i] - b[i]);
    max = Math.max(max, Number.isNaN(d) ? Infinity : d);
  }
  return max;
}
