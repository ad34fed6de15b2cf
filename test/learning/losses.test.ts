import { test } from "node:test";
import assert from "node:assert/strict";
import { sigmoid, sigmoidDer, sigmoidMatrix } from "../../lib/src/learning/activations";
import { gradientCheck } from "../../lib/src/learning/gradcheck";
import {
  PROBABILITY_CLIP,
  checkLabels,
  checkPair,
  crossEntropy,
  crossEntropyFromLogits,
  crossEntropyGradient,
  crossEntropyLogitsGradient,
  crossEntropyOfLogit,
  meanSquaredError,
  meanSquaredErrorGradient,
} from "../../lib/src/learning/losses";
import { Matrix, ShapeError } from "../../lib/src/core/matrix";
import { Rng } from "../../lib/src/core/random";

const rng = new Rng(3);
const m = 12;
/** Labels: alternating 0/1 so both classes appear. */
const Y = Matrix.row(Array.from({ length: m }, (_, j) => j % 2));
/** Logits spread over [-4, 4] and probabilities strictly inside (0.05, 0.95), away from the clip. */
const Z = Matrix.uniform(1, m, rng, -4, 4);
const A = Matrix.uniform(1, m, rng, 0.05, 0.95);

/** A gradient check where the parameter is the input matrix itself. */
function check(cost: (P: Matrix) => number, P: Matrix, grad: Matrix): number {
  return gradientCheck(() => cost(P), [P], [grad]).relativeDifference;
}

test("MSE: the value is the mean of squared differences (hand-computed)", () => {
  const a = Matrix.row([0.2, 0.9, 0.5]);
  const y = Matrix.row([0, 1, 1]);
  assert.ok(Math.abs(meanSquaredError(a, y) - (0.04 + 0.01 + 0.25) / 3) < 1e-15);
});

test("MSE gradient wrt A matches finite differences", () => {
  const P = A.clone();
  const diff = check((p) => meanSquaredError(p, Y), P, meanSquaredErrorGradient(P, Y));
  assert.ok(diff < 1e-9, `relative difference ${diff}`);
});

test("cross-entropy gradient wrt A matches finite differences", () => {
  const P = A.clone();
  const diff = check((p) => crossEntropy(p, Y), P, crossEntropyGradient(P, Y));
  assert.ok(diff < 1e-8, `relative difference ${diff}`);
});

test("cross-entropy from logits: gradient wrt Z is (σ(Z) − Y)/m and matches finite differences", () => {
  const P = Z.clone();
  const grad = crossEntropyLogitsGradient(P, Y);
  const diff = check((p) => crossEntropyFromLogits(p, Y), P, grad);
  assert.ok(diff < 1e-9, `relative difference ${diff}`);
  const shortcut = sigmoidMatrix(P)
    .sub(Y)
    .scale(1 / m);
  assert.ok(grad.allClose(shortcut, 1e-12, 1e-15));
});

test("MSE ∘ sigmoid: the chain rule ∂J/∂Z = ∂J/∂A ⊙ σ′(Z) matches finite differences", () => {
  const P = Z.clone();
  const grad = meanSquaredErrorGradient(sigmoidMatrix(P), Y).mul(P.map(sigmoidDer));
  const diff = check((p) => meanSquaredError(sigmoidMatrix(p), Y), P, grad);
  assert.ok(diff < 1e-9, `relative difference ${diff}`);
});

test("the shortcut: cross-entropy's ∂J/∂A times σ′(z) is a − y (per example)", () => {
  const P = Z.clone();
  const viaChain = crossEntropyGradient(sigmoidMatrix(P), Y).mul(P.map(sigmoidDer));
  assert.ok(viaChain.allClose(crossEntropyLogitsGradient(P, Y), 1e-9, 1e-14));
});

test("crossEntropy(σ(Z)) and crossEntropyFromLogits(Z) agree where neither is clipped", () => {
  const a = crossEntropy(sigmoidMatrix(Z), Y);
  const b = crossEntropyFromLogits(Z, Y);
  assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);
  // Where 1 − σ(z) loses no digits to cancellation (|z| ≤ 10), the naive formula is accurate: compare.
  for (const z of [-10, -5, -0.3, 0, 0.7, 6, 10]) {
    for (const y of [0, 1]) {
      const naive = -(y * Math.log(sigmoid(z)) + (1 - y) * Math.log(1 - sigmoid(z)));
      assert.ok(
        Math.abs(crossEntropyOfLogit(z, y) - naive) < 1e-9 * Math.max(1, naive),
        `z=${z}, y=${y}`,
      );
    }
  }
});

test("stable at |z| = 800: finite costs of the right size, exact gradients, where the naive form fails", () => {
  // Right answers: y = 1 at z = 800 costs ~0; y = 0 at z = 800 costs ~800 (= z); symmetric for z = −800.
  assert.equal(crossEntropyOfLogit(800, 1), 0);
  assert.equal(crossEntropyOfLogit(-800, 0), 0);
  assert.equal(crossEntropyOfLogit(800, 0), 800);
  assert.equal(crossEntropyOfLogit(-800, 1), 800);
  const Zb = Matrix.row([800, -800, 800, -800]);
  const Yb = Matrix.row([1, 0, 0, 1]);
  assert.equal(crossEntropyFromLogits(Zb, Yb), 400);
  assert.deepEqual(crossEntropyLogitsGradient(Zb, Yb).toList(), [0, 0, 0.25, -0.25]);
  // The naive formula: 1 − σ(800) is exactly 0 in float64, so log gives −Infinity and 0·(−Infinity) is NaN.
  const naive = -(1 * Math.log(sigmoid(800)) + 0 * Math.log(1 - sigmoid(800)));
  assert.ok(Number.isNaN(naive));
  // The probability form survives only thanks to its clip, and then caps the cost near −ln(1e-15) ≈ 34.5
  // (1 − 1e-15 is not exact in float64, hence the loose tolerance) instead of the true 800.
  const clipped = crossEntropy(sigmoidMatrix(Matrix.row([800])), Matrix.row([0]));
  assert.ok(Math.abs(clipped + Math.log(PROBABILITY_CLIP)) < 1e-2, `clipped cost ${clipped}`);
});

test("bad inputs get errors that name shapes and values", () => {
  assert.throws(
    () => meanSquaredError(Matrix.zeros(1, 3), Matrix.zeros(1, 4)),
    (e: Error) => e instanceof ShapeError && /1×3/.test(e.message) && /1×4/.test(e.message),
  );
  assert.throws(() => checkPair(Matrix.zeros(1, 0), Matrix.zeros(1, 0)), /empty/);
  assert.throws(
    () => crossEntropy(Matrix.row([0.5, 0.5]), Matrix.row([1, 2])),
    /value 2 at example 1.*0 or 1/,
  );
  assert.throws(
    () => crossEntropyFromLogits(Matrix.row([0.5]), Matrix.row([-1])),
    /labels must be 0 or 1/,
  );
  assert.throws(() => checkLabels(Matrix.row([0, NaN])), /NaN/);
});
