import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix, ShapeError } from "../lib/src/core/matrix";
import { adam, gradientDescent, makeOptimizer, momentum, rmsprop } from "../lib/src/learning/optimizers";

/** |a − b| ≤ tol for each pair. */
function close(actual: number[], expected: number[], tol = 1e-12): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => assert.ok(Math.abs(a - (expected[i] as number)) <= tol, `entry ${i}: ${a} vs ${expected[i]}`));
}

test("gradient descent: θ ← θ − lr·g (hand-computed)", () => {
  const theta = Matrix.row([1, 2]);
  gradientDescent({ learningRate: 0.1 }).step([theta], [Matrix.row([0.5, -1])]);
  close(theta.toList(), [0.95, 2.1]);
});

test("momentum: v ← βv + (1 − β)g, θ ← θ − lr·v, over two steps (hand-computed)", () => {
  const theta = Matrix.row([1, 2]);
  const opt = momentum({ learningRate: 0.1, beta: 0.9 });
  const g = Matrix.row([0.5, -1]);
  opt.step([theta], [g]); // v = [0.05, −0.1]
  close(theta.toList(), [0.995, 2.01]);
  opt.step([theta], [g]); // v = 0.9·[0.05, −0.1] + [0.05, −0.1] = [0.095, −0.19]
  close(theta.toList(), [0.9855, 2.029]);
});

test("RMSProp: s ← βs + (1 − β)g², θ ← θ − lr·g/(√s + ε) (hand-computed)", () => {
  const theta = Matrix.row([1]);
  rmsprop({ learningRate: 0.1, beta: 0.9, epsilon: 1e-8 }).step([theta], [Matrix.row([0.5])]);
  // s = 0.1·0.25 = 0.025; step = 0.1·0.5/(√0.025 + 1e-8)
  close(theta.toList(), [0.6837722539831608]);
});

test("Adam: bias correction makes the first step lr·g/|g|, and the second matches the formulas", () => {
  const theta = Matrix.row([1]);
  const opt = adam({ learningRate: 0.1 });
  opt.step([theta], [Matrix.row([0.5])]);
  // v̂ = v/(1 − 0.9) = g and ŝ = s/(1 − 0.999) = g², so the step is lr·g/(|g| + ε) ≈ 0.1. Without the
  // correction it would be 0.1·0.05/√0.00025 ≈ 0.316.
  close(theta.toList(), [1 - (0.1 * 0.5) / (0.5 + 1e-8)]);
  opt.step([theta], [Matrix.row([0.2])]);
  // v = 0.065, s = 0.00028975; v̂ = 0.065/0.19, ŝ = 0.00028975/0.001999
  close(theta.toList(), [0.8101424839029282]);
});

test("reset forgets the state: the next step is a first step again", () => {
  const g = Matrix.row([0.5]);
  const a = adam({ learningRate: 0.1 });
  const t1 = Matrix.row([1]);
  a.step([t1], [g]);
  a.step([t1], [Matrix.row([-3])]);
  a.reset();
  const before = t1.item();
  a.step([t1], [g]);
  assert.ok(Math.abs(before - t1.item() - (0.1 * 0.5) / (0.5 + 1e-8)) < 1e-12, "after reset Adam's step is lr·g/|g| again");

  const mo = momentum({ learningRate: 0.1, beta: 0.9 });
  const t2 = Matrix.row([1]);
  mo.step([t2], [g]);
  mo.reset();
  mo.step([t2], [g]); // v starts from 0 again: the same step 0.1·0.05 twice
  close(t2.toList(), [0.99]);

  const rp = rmsprop({ learningRate: 0.1, beta: 0.9 });
  const t3 = Matrix.row([1]);
  rp.step([t3], [g]);
  rp.reset();
  rp.step([t3], [g]);
  close(t3.toList(), [1 - 2 * (1 - 0.6837722539831608)]);
});

test("the learning rate can change between steps (schedules use this)", () => {
  const theta = Matrix.row([1]);
  const opt = gradientDescent({ learningRate: 0.1 });
  opt.learningRate = 0.5;
  opt.step([theta], [Matrix.row([1])]);
  close(theta.toList(), [0.5]);
});

test("several parameters of different shapes are updated together, each in place", () => {
  const W = Matrix.from([[1, 2], [3, 4]]);
  const b = Matrix.column([1, -1]);
  gradientDescent({ learningRate: 1 }).step([W, b], [Matrix.ones(2, 2), Matrix.column([1, 1])]);
  close(W.toList(), [0, 1, 2, 3]);
  close(b.toList(), [0, -2]);
});

test("shape errors and bad settings are reported clearly", () => {
  for (const opt of [gradientDescent({ learningRate: 0.1 }), momentum({ learningRate: 0.1 }), rmsprop({ learningRate: 0.1 }), adam({ learningRate: 0.1 })]) {
    assert.throws(
      () => opt.step([Matrix.zeros(2, 2)], [Matrix.zeros(2, 1)]),
      (e: Error) => e instanceof ShapeError && /parameter 0 is 2×2 but its gradient is 2×1/.test(e.message),
    );
    assert.throws(() => opt.step([Matrix.zeros(1, 1), Matrix.zeros(1, 1)], [Matrix.zeros(1, 1)]), /2 parameters but 1 gradients/);
  }
  assert.throws(() => gradientDescent({ learningRate: 0 }), /positive number, got 0/);
  assert.throws(() => adam({ learningRate: -1 }), /positive number/);
  assert.throws(() => momentum({ learningRate: NaN }), /positive number/);
  assert.throws(() => makeOptimizer("adamw", 0.1), /Unknown optimizer "adamw".*gradientDescent, momentum, rmsprop, adam/);
  assert.match(makeOptimizer("adam", 0.01).name, /^adam\(lr=0\.01/);
});
