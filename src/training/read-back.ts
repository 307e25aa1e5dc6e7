// Reading a tensor's numbers back from the backend and disposing of it: synchronously, or
// asynchronously, which a GPU backend wants (a synchronous read stalls until the GPU is done).

export interface Readable {
  dataSync(): ArrayLike<number>;
  data(): Promise<ArrayLike<number>>;
  dispose(): void;
}

/** The tensor's numbers, read now; the tensor is disposed. */
export function readNow(t: Readable): number[] {
  try {
    return Array.from(t.dataSync());
  } finally {
    t.dispose();
  }
}

/** The tensor's numbers, once the backend has them; the tensor is disposed. */
export async function readLater(t: Readable): Promise<number[]> {
  try {
    return Array.from(await t.data());
  } finally {
    t.dispose();
  }
}
