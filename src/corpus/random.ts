// A small seeded random number generator (mulberry32) and the draws the corpus makes with it.

/** Uniform numbers in [0, 1) from a 32-bit seed; the same seed gives the same sequence. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32 (Tommy Ettinger's): one 32-bit state, a multiply-xorshift output. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** true with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Random.pick: nothing to pick from");
    return items[Math.floor(this.next() * items.length)];
  }

  /** One of the keys, with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    let total = 0;
    for (const key in weights) total += weights[key];
    let r = this.next() * total;
    let last: K | undefined;
    for (const key in weights) {
      r -= weights[key];
      if (r < 0) return key;
      last = key;
    }
    if (last === undefined) throw new Error("Random.weighted: nothing to pick from");
    return last;
  }
}
