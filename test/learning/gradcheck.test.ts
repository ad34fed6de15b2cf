import { test } from "node:test";
import assert from "node:assert/strict";
import { gradientCheck, numericDerivative } from "../../lib/src/learning/gradcheck";
import { Matrix } from "../../lib/src/core/matrix";
import { Rng } from "../../lib/src/core/random";

/** J(W, b) = Σ (W·x + b)² / 2 for a fixed x; ∂J/∂W = r·xᵀ, ∂J/∂b = r with r = W·x + b. */
function setup() {
  const rng = new Rng(11);
  const W = Matrix.normal(2, 3, rng);
  const b = Matrix.normal(2, 1, rng);
  const x = Matrix.normal(3, 1, rng);
  const cost = () => W.matmul(x).add(b).norm() ** 2 / 2;
  const grads = () => {
    const r = W.matmul(x).add(b);
    return [r.matmul(x.T), r];
  };
  return { W, b, x, cost, grads };
}

test("passes a right gradient: relative difference far below 1e-7", () => {
  const { W, b, cost, grads } = setup();
  const res = gradientCheck(cost, [W, b], grads());
  assert.ok(res.relativeDifference < 1e-9, `relative difference ${res.relativeDifference}`);
  assert.equal(res.numeric.length, 2);
  assert.equal(res.numeric[0]!.shape(), "2×3");
});

test("catches a deliberately wrong gradient and points at the entry", () => {
  const { W, b, cost, grads } = setup();
  const [dW, db] = grads() as [Matrix, Matrix];
  const wrong = dW.clone();
  wrong.set(1, 2, wrong.get(1, 2) * 2 + 0.5); // a bug in one entry
  const res = gradientCheck(cost, [W, b], [wrong, db]);
  assert.ok(res.relativeDifference > 1e-3, `relative difference ${res.relativeDifference}`);
  assert.deepEqual([res.worst.param, res.worst.row, res.worst.col], [0, 1, 2]);
  // A classic bug: forgetting a factor (here the 1/2 of the cost is not differentiated away: gradient 2r·xᵀ).
  const doubled = gradientCheck(cost, [W, b], [dW.scale(2), db.scale(2)]);
  assert.ok(
    Math.abs(doubled.relativeDifference - 1 / 3) < 1e-6,
    `relative difference ${doubled.relativeDifference}`,
  );
});

test("restores every parameter after nudging it", () => {
  const { W, b, cost, grads } = setup();
  const before = [W.clone(), b.clone()];
  gradientCheck(cost, [W, b], grads());
  assert.ok(W.allClose(before[0]!, 0, 0) && b.allClose(before[1]!, 0, 0));
});

test("shape mismatches are reported", () => {
  const { W, b, cost } = setup();
  assert.throws(() => gradientCheck(cost, [W, b], [W]), /2 parameters but 1 gradients/);
  assert.throws(() => gradientCheck(cost, [W], [b]), /parameter 0 is 2×3 but its gradient is 2×1/);
});

test("numericDerivative: centred difference of x³ at 2 is 12 to O(ε²)", () => {
  assert.ok(Math.abs(numericDerivative((x) => x ** 3, 2) - 12) < 1e-8);
});
