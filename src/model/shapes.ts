// Shape checks that run before any arithmetic, so a wrong input fails with a message that names
// the tensor and both shapes instead of an error from deep inside a kernel.
import type * as tf from "@tensorflow/tfjs-core";

export type Dim = number | null; // null: any size

export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(",")}]`;
}

/** Fails unless `t` has the given rank and, where `expected` holds a number, that size. */
export function expectShape(where: string, name: string, t: tf.Tensor, expected: readonly Dim[]): void {
  const ok = t.rank === expected.length && expected.every((d, i) => d === null || d === t.shape[i]);
  if (!ok) {
    const want = `[${expected.map((d) => (d === null ? "*" : d)).join(",")}]`;
    throw new Error(`${where}: ${name} has shape ${shapeString(t.shape)} but ${want} is expected`);
  }
}

/** Fails unless axis `axis` of `t` equals `size`, which comes from another tensor (`source`). */
export function expectDim(where: string, name: string, t: tf.Tensor, axis: number, size: number, source: string): void {
  if (t.shape[axis] !== size) throw new Error(`${where}: ${name} has shape ${shapeString(t.shape)} but ${source}`);
}

/** Fails unless `t` holds integers (token ids). */
export function expectInt(where: string, name: string, t: tf.Tensor): void {
  if (t.dtype !== "int32") throw new Error(`${where}: ${name} must hold int32 token ids, not ${t.dtype}`);
}
