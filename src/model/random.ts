// A small seeded random source (mulberry32), so that a model built with the same seed gets the
// same weights and the same dropout masks in the browser, in Node and in the tests.
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    return mulberry32(this.state) / 4294967296;
  }

  /** An integer in [lo, hi). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo));
  }

  /** A fresh seed for a tfjs op that takes one (dropout, random init). */
  seed(): number {
    return this.int(0, 2 ** 31 - 1);
  }

  /**
   * Dropout's multipliers into `out`: 0 where next() would be below `rate`, else `scale`, with the
   * same draws as next(). Speed: one loop over a local state, for the millions of a dropout mask.
   */
  dropoutMask(out: Float32Array, rate: number, scale: number): void {
    const threshold = rate * 4294967296; // next() < rate exactly when the 32-bit draw < threshold
    let state = this.state;
    for (let i = 0; i < out.length; i++) {
      state = (state + 0x6d2b79f5) >>> 0;
      out[i] = +(mulberry32(state) >= threshold) * scale;
    }
    this.state = state;
  }
}

/** mulberry32's output for a state: 32 random bits as an unsigned integer. */
function mulberry32(state: number): number {
  let t = Math.imul(state ^ (state >>> 15), state | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}
