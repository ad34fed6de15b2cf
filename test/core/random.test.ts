import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng, rng } from "../../lib/src/core/random";

function draws(seed: number, n: number): number[] {
  const r = new Rng(seed);
  return Array.from({ length: n }, () => r.uniform());
}

function meanStd(xs: ArrayLike<number>): { mean: number; std: number } {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i] as number;
  const mean = s / xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += ((xs[i] as number) - mean) ** 2;
  return { mean, std: Math.sqrt(v / xs.length) };
}

test("the same seed gives the same stream (uniform, normal, int, shuffle)", () => {
  assert.deepEqual(draws(42, 50), draws(42, 50));
  const a = rng(7);
  const b = new Rng(7);
  for (let i = 0; i < 20; i++) {
    assert.equal(a.normal(), b.normal());
    assert.equal(a.int(1000), b.int(1000));
  }
  assert.deepEqual(rng(3).permutation(30), rng(3).permutation(30));
  assert.equal(rng(5).seed, 5);
});

test("different seeds give different streams, even neighbouring seeds", () => {
  const streams = [0, 1, 2, 3, 42, -1, 2 ** 31 - 1].map((s) => draws(s, 8).join(","));
  assert.equal(new Set(streams).size, streams.length);
  // Neighbouring seeds must not be shifted copies of each other.
  const a = draws(1, 100);
  const b = new Set(draws(2, 100));
  assert.ok(a.filter((x) => b.has(x)).length === 0);
});

test("uniform stays in [lo, hi) and has the right mean", () => {
  const r = rng(11);
  const n = 20000;
  const xs = r.uniformArray(n, -3, 5);
  for (const x of xs) assert.ok(x >= -3 && x < 5, `uniform(-3, 5) gave ${x}`);
  const { mean, std } = meanStd(xs);
  assert.ok(Math.abs(mean - 1) < 0.05, `mean ${mean} should be ≈ 1`);
  assert.ok(
    Math.abs(std - 8 / Math.sqrt(12)) < 0.05,
    `std ${std} should be ≈ ${8 / Math.sqrt(12)}`,
  );
  const u = rng(12).uniformArray(n);
  for (const x of u) assert.ok(x >= 0 && x < 1);
  assert.ok(Math.abs(meanStd(u).mean - 0.5) < 0.01);
});

test("normal has the requested mean and standard deviation", () => {
  const r = rng(21);
  const xs = r.normalArray(40000, 2, 3);
  const { mean, std } = meanStd(xs);
  assert.ok(Math.abs(mean - 2) < 0.06, `mean ${mean} should be ≈ 2`);
  assert.ok(Math.abs(std - 3) < 0.06, `std ${std} should be ≈ 3`);
  const std1 = meanStd(rng(22).normalArray(40000));
  assert.ok(Math.abs(std1.mean) < 0.02 && Math.abs(std1.std - 1) < 0.02, JSON.stringify(std1));
  // About 68% within one standard deviation.
  const within =
    Array.from(rng(23).normalArray(40000)).filter((x) => Math.abs(x) < 1).length / 40000;
  assert.ok(Math.abs(within - 0.6827) < 0.01, `fraction within 1σ: ${within}`);
  for (const x of xs) assert.ok(Number.isFinite(x));
});

test("int(n) covers 0..n−1 and nothing else", () => {
  const r = rng(31);
  const counts = new Array<number>(6).fill(0);
  for (let i = 0; i < 6000; i++) {
    const k = r.int(6);
    assert.ok(Number.isInteger(k) && k >= 0 && k < 6, `int(6) gave ${k}`);
    counts[k]! += 1;
  }
  for (const c of counts) assert.ok(c > 850 && c < 1150, `counts ${counts}`);
  assert.equal(r.int(1), 0);
  assert.throws(() => r.int(0), /Rng\.int: n must be a whole number ≥ 1, got 0/);
  assert.throws(() => r.int(2.5), /got 2\.5/);
  assert.throws(() => r.int(-3), /got -3/);
});

test("shuffle returns a permutation of its input, in place", () => {
  const r = rng(41);
  const items = Array.from({ length: 50 }, (_, i) => `item${i}`);
  const copy = items.slice();
  const out = r.shuffle(items);
  assert.equal(out, items, "shuffles in place and returns the same array");
  assert.deepEqual([...out].sort(), [...copy].sort());
  assert.notDeepEqual(out, copy, "50 items should not stay in order");
  const p = rng(42).permutation(100);
  assert.deepEqual(
    [...p].sort((a, b) => a - b),
    Array.from({ length: 100 }, (_, i) => i),
  );
  assert.deepEqual(rng(1).shuffle([]), []);
  assert.deepEqual(rng(1).shuffle([9]), [9]);
});

test("every position of a shuffle is roughly uniform", () => {
  const r = rng(43);
  const firstCounts = [0, 0, 0, 0];
  for (let t = 0; t < 4000; t++) firstCounts[r.shuffle([0, 1, 2, 3])[0]!]! += 1;
  for (const c of firstCounts)
    assert.ok(c > 880 && c < 1120, `first-position counts ${firstCounts}`);
});

test("a bad seed is refused with a message naming it", () => {
  assert.throws(
    () => new Rng(1.5),
    /seed must be an integer \(a whole number up to 2\^53\), got 1\.5/,
  );
  assert.throws(() => new Rng(Number.NaN), /got NaN/);
  assert.throws(() => rng(Infinity), /got Infinity/);
});

test("seeds beyond 32 bits give their own streams", () => {
  const a = new Rng(1).uniformArray(5);
  const b = new Rng(2 ** 32 + 1).uniformArray(5);
  const c = new Rng(-1).uniformArray(5);
  assert.notDeepEqual(Array.from(a), Array.from(b));
  assert.notDeepEqual(Array.from(a), Array.from(c));
});
