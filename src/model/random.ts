// A small seeded random source (mulberry32), so that a model built with the same seed gets the
// same weights and the same dropout masks in the browser, in Node and in the tests.
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo));
  }

  /** A fresh seed for a tfjs op that takes one (dropout, random init). */
  seed(): number {
    return this.int(0, 2 ** 31 - 1);
  }
}
