// Gradient clipping by global norm: ‖g‖ = √(Σ_θ Σ_ij g_ij²); above maxNorm every gradient is scaled by
// maxNorm/‖g‖, below it nothing changes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "../../lib/src/core/matrix";
import { Rng } from "../../lib/src/core/random";
import { clipGradients, globalGradientNorm } from "../../lib/src/learning/clipping";

/** Three gradients of different shapes, as a network's [dW1, db1, dW2] would be. */
function grads(seed: number, scale: number): Matrix[] {
  const r = new Rng(seed);
  return [Matrix.normal(3, 2, r), Matrix.normal(3, 1, r), Matrix.normal(1, 3, r)].map((g) =>
    g.scale(scale),
  );
}

test("globalGradientNorm is the norm of every entry of every matrix, as one vector", () => {
  const g = [Matrix.from([[3, 0]]), Matrix.from([[0], [4]]), Matrix.from([[12]])];
  assert.equal(globalGradientNorm(g), 13);
  assert.equal(globalGradientNorm([Matrix.zeros(2, 2)]), 0);
});

test("above maxNorm: the clipped gradients have norm exactly maxNorm, and the same direction", () => {
  const g = grads(1, 10);
  const before = g.map((m) => m.clone());
  const norm = globalGradientNorm(g);
  assert.ok(norm > 5);
  const c = clipGradients(g, 5);
  assert.ok(Math.abs(globalGradientNorm(c) - 5) < 1e-12);
  c.forEach((m, k) => {
    const orig = g[k] as Matrix;
    assert.equal(m.shape(), orig.shape());
    // the same direction: every entry scaled by the one factor 5/‖g‖
    m.data.forEach((v, i) =>
      assert.ok(Math.abs(v - ((orig.data[i] as number) * 5) / norm) < 1e-12),
    );
  });
  // the input is not changed
  g.forEach((m, k) => assert.deepEqual(m.toList(), (before[k] as Matrix).toList()));
});

test("at or below maxNorm: nothing changes (the same matrices come back)", () => {
  const g = grads(2, 0.1);
  const norm = globalGradientNorm(g);
  assert.ok(norm < 5);
  assert.equal(clipGradients(g, 5), g);
  assert.equal(clipGradients(g, norm), g); // exactly at the cap: not clipped
  assert.deepEqual(clipGradients(g, 5)[0]?.toList(), grads(2, 0.1)[0]?.toList());
});

test("the norm is global: one factor for all, not each matrix clipped on its own", () => {
  const g = [Matrix.from([[30, 40]]), Matrix.from([[0.3, 0.4]])]; // norms 50 and 0.5
  const c = clipGradients(g, 1);
  const f = 1 / Math.hypot(30, 40, 0.3, 0.4);
  assert.deepEqual(
    c.map((m) =>
      m
        .toList()
        .flat()
        .map((v) => Number(v.toFixed(12))),
    ),
    [
      [30 * f, 40 * f],
      [0.3 * f, 0.4 * f],
    ].map((r) => r.map((v) => Number(v.toFixed(12)))),
  );
});

test("bad arguments get one clear line", () => {
  assert.throws(() => clipGradients(grads(1, 1), 0), /maxNorm must be a number > 0, got 0/);
  assert.throws(() => clipGradients(grads(1, 1), -1), RangeError);
  assert.throws(
    () => clipGradients(grads(1, 1), "1" as unknown as number),
    /write it without quotes/,
  );
  assert.throws(
    () => clipGradients(Matrix.zeros(2, 2) as unknown as Matrix[], 1),
    /grads must be a list of matrices/,
  );
});
