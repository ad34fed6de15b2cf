/**
 * Seeded random numbers: every random thing in the course goes through an `Rng`, so a re-run shows the
 * same numbers as the text describes. Nothing in the course uses `Math.random`.
 *
 * The generator is sfc32 (Small Fast Counter, 128-bit state, period ≥ 2^32), seeded through splitmix32 so
 * that nearby seeds (1, 2, 3…) give unrelated streams. Taught in: 00-welcome (tour of the lib).
 */

import { checkNumber, RULES } from "./validate";

/** splitmix32: scrambles a 32-bit seed into a well-mixed 32-bit value (used only to seed sfc32). */
function splitmix32(state: number): [number, number] {
  state = (state + 0x9e3779b9) | 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [state, z >>> 0];
}

/** A seeded pseudo-random generator. Create one with `new Rng(seed)` or `rng(seed)`. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** A spare standard normal from the last Box–Muller pair (they come in twos). */
  private spare: number | null = null;
  /** The seed this generator started from. */
  readonly seed: number;

  constructor(seed: number) {
    checkNumber(seed, "Rng: the seed", RULES.seed);
    this.seed = seed;
    // Fold the high bits in, so seeds ≥ 2^32 (and negative ones) give their own streams.
    let s = (seed | 0) ^ Math.imul(Math.floor(seed / 4294967296) | 0, 0x27d4eb2d);
    const out: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, z] = splitmix32(s);
      s = next;
      out.push(z);
    }
    [this.a, this.b, this.c, this.d] = out as [number, number, number, number];
    for (let i = 0; i < 12; i++) this.nextUint32(); // warm up
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform on [lo, hi) (default [0, 1)), with 53 bits of resolution. */
  uniform(lo = 0, hi = 1): number {
    const x = (this.nextUint32() >>> 5) * 67108864 + (this.nextUint32() >>> 6);
    return lo + (hi - lo) * (x / 9007199254740992);
  }

  /** Normal with the given mean and standard deviation (Box–Muller transform). */
  normal(mean = 0, std = 1): number {
    if (!(std >= 0) || typeof mean !== "number") {
      checkNumber(mean, "Rng.normal: mean");
      checkNumber(std, "Rng.normal: std (the standard deviation)", RULES.nonNegative);
    }
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    checkNumber(n, "Rng.int: n", RULES.positiveCount);
    return Math.floor(this.uniform() * n);
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  /** A random permutation of 0, 1, …, n−1. */
  permutation(n: number): number[] {
    checkNumber(n, "Rng.permutation: n", RULES.count);
    return this.shuffle(Array.from({ length: n }, (_, i) => i));
  }

  /** A Float64Array of n uniform draws on [lo, hi). */
  uniformArray(n: number, lo = 0, hi = 1): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.uniform(lo, hi);
    return out;
  }

  /** A Float64Array of n normal draws. */
  normalArray(n: number, mean = 0, std = 1): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal(mean, std);
    return out;
  }
}

/** Shorthand for `new Rng(seed)`. */
export function rng(seed: number): Rng {
  return new Rng(seed);
}
