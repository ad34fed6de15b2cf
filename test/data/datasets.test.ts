import { test } from "node:test";
import assert from "node:assert/strict";
import {
  DATASET_NAMES,
  makeBlobs,
  makeCircles,
  makeDataset,
  makeFlower,
  makeMoons,
  makeSpirals,
  makeXor,
} from "../../lib/src/data/datasets";

test("every generator: shapes 2×m and 1×m, labels in {0, 1}, classes balanced, finite values", () => {
  for (const name of DATASET_NAMES) {
    for (const m of [2, 7, 400]) {
      const d = makeDataset(name, { m, seed: 3 });
      assert.equal(d.name, name);
      assert.equal(d.X.rows, 2, `${name}: X rows`);
      assert.equal(d.X.cols, m, `${name}: X cols`);
      assert.equal(d.y.rows, 1, `${name}: y rows`);
      assert.equal(d.y.cols, m, `${name}: y cols`);
      let ones = 0;
      for (const v of d.y.data) {
        assert.ok(v === 0 || v === 1, `${name}: label ${v}`);
        ones += v;
      }
      assert.equal(ones, Math.ceil(m / 2), `${name}: class 1 count for m=${m}`);
      assert.equal(m - ones, Math.floor(m / 2), `${name}: class 0 count for m=${m}`);
      for (const v of d.X.data)
        assert.ok(Number.isFinite(v), `${name}: non-finite coordinate ${v}`);
    }
  }
});

test("seeded: the same seed gives identical data, another seed different data", () => {
  for (const name of DATASET_NAMES) {
    const a = makeDataset(name, { seed: 11, m: 100 });
    const b = makeDataset(name, { seed: 11, m: 100 });
    const c = makeDataset(name, { seed: 12, m: 100 });
    assert.deepEqual(Array.from(a.X.data), Array.from(b.X.data), `${name}: X differs for one seed`);
    assert.deepEqual(Array.from(a.y.data), Array.from(b.y.data), `${name}: y differs for one seed`);
    assert.notDeepEqual(
      Array.from(a.X.data),
      Array.from(c.X.data),
      `${name}: seeds 11 and 12 gave the same X`,
    );
  }
});

test("noise changes the points; noise 0 gives the clean shapes", () => {
  for (const name of DATASET_NAMES) {
    const clean = makeDataset(name, { seed: 1, m: 60, noise: 0 });
    const noisy = makeDataset(name, { seed: 1, m: 60, noise: 0.3 });
    assert.notDeepEqual(
      Array.from(clean.X.data),
      Array.from(noisy.X.data),
      `${name}: noise did not move the points`,
    );
  }
  // Clean circles: class 0 on radius 1, class 1 on radius 0.5.
  const c = makeCircles({ noise: 0, m: 50 });
  for (let j = 0; j < 50; j++) {
    const r = Math.hypot(c.X.get(0, j), c.X.get(1, j));
    assert.ok(Math.abs(r - (c.y.get(0, j) === 1 ? 0.5 : 1)) < 1e-12, `circle radius ${r}`);
  }
  // Clean XOR: the label is 1 exactly when the signs differ, and no point is near an axis.
  const x = makeXor({ noise: 0, m: 200 });
  for (let j = 0; j < 200; j++) {
    const [a, b] = [x.X.get(0, j), x.X.get(1, j)];
    assert.equal(x.y.get(0, j), a * b < 0 ? 1 : 0);
    assert.ok(Math.abs(a) >= 0.1 && Math.abs(b) >= 0.1 && Math.abs(a) <= 1 && Math.abs(b) <= 1);
  }
  // Clean moons: class 0 on the unit upper half circle.
  const mo = makeMoons({ noise: 0, m: 40 });
  for (let j = 0; j < 40; j++) {
    if (mo.y.get(0, j) === 0)
      assert.ok(
        Math.abs(Math.hypot(mo.X.get(0, j), mo.X.get(1, j)) - 1) < 1e-12 && mo.X.get(1, j) >= 0,
      );
  }
  // Clean spirals stay within the unit disc; clean blobs sit on their centres.
  const s = makeSpirals({ noise: 0 });
  for (let j = 0; j < s.X.cols; j++) assert.ok(Math.hypot(s.X.get(0, j), s.X.get(1, j)) <= 1);
  const bl = makeBlobs({ noise: 0, m: 10 });
  for (let j = 0; j < 10; j++) assert.equal(bl.X.get(0, j), bl.y.get(0, j) === 1 ? 1 : -1);
  // The flower's petals reach out to about petalLength.
  const f = makeFlower({ noise: 0 });
  const maxR = Math.max(
    ...Array.from({ length: f.X.cols }, (_, j) => Math.hypot(f.X.get(0, j), f.X.get(1, j))),
  );
  assert.ok(maxR > 3.9 && maxR <= 4 + 1e-12, `flower max radius ${maxR}`);
});

test("the classes are shuffled, not in two blocks", () => {
  const d = makeMoons({ m: 100, seed: 0 });
  const firstHalfOnes = Array.from(d.y.data.subarray(0, 50)).reduce((s, v) => s + v, 0);
  assert.ok(firstHalfOnes > 10 && firstHalfOnes < 40, `first half holds ${firstHalfOnes} ones`);
});

test("bad options get clear errors", () => {
  assert.throws(
    () => makeDataset("spiral"),
    /Unknown dataset "spiral"\. Known datasets: xor, circles, moons, spirals, flower, blobs/,
  );
  assert.throws(() => makeXor({ m: 1 }), /makeXor: m .* ≥ 2, got 1/);
  assert.throws(() => makeMoons({ m: 10.5 }), /got 10\.5/);
  assert.throws(() => makeCircles({ noise: -1 }), /noise must be a number ≥ 0, got -1/);
  assert.throws(() => makeCircles({ factor: 1.5 }), /factor .* got 1\.5/);
  assert.throws(
    () => makeBlobs({ seed: 0.5 }),
    /seed must be an integer \(a whole number up to 2\^53\), got 0\.5/,
  );
});
