import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix, ShapeError } from "../../lib/src/core/matrix";
import {
  adam,
  gradientDescent,
  makeOptimizer,
  momentum,
  OPTIMIZER_NAMES,
  rmsprop,
  type OptimizerName,
} from "../../lib/src/learning/optimizers";

/** |a − b| ≤ tol for each pair. */
function close(actual: number[], expected: number[], tol = 1e-12): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) =>
    assert.ok(Math.abs(a - (expected[i] as number)) <= tol, `entry ${i}: ${a} vs ${expected[i]}`),
  );
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
  assert.ok(
    Math.abs(before - t1.item() - (0.1 * 0.5) / (0.5 + 1e-8)) < 1e-12,
    "after reset Adam's step is lr·g/|g| again",
  );

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
  const W = Matrix.from([
    [1, 2],
    [3, 4],
  ]);
  const b = Matrix.column([1, -1]);
  gradientDescent({ learningRate: 1 }).step([W, b], [Matrix.ones(2, 2), Matrix.column([1, 1])]);
  close(W.toList(), [0, 1, 2, 3]);
  close(b.toList(), [0, -2]);
});

test("shape errors and bad settings are reported clearly", () => {
  for (const opt of [
    gradientDescent({ learningRate: 0.1 }),
    momentum({ learningRate: 0.1 }),
    rmsprop({ learningRate: 0.1 }),
    adam({ learningRate: 0.1 }),
  ]) {
    assert.throws(
      () => opt.step([Matrix.zeros(2, 2)], [Matrix.zeros(2, 1)]),
      (e: Error) =>
        e instanceof ShapeError && /parameter 0 is 2×2 but its gradient is 2×1/.test(e.message),
    );
    assert.throws(
      () => opt.step([Matrix.zeros(1, 1), Matrix.zeros(1, 1)], [Matrix.zeros(1, 1)]),
      /2 parameters but 1 gradients/,
    );
  }
  assert.throws(
    () => gradientDescent({ learningRate: 0 }),
    /learningRate must be a number > 0, got 0/,
  );
  assert.throws(
    () => adam({ learningRate: -1 }),
    /adam: learningRate must be a number > 0, got -1/,
  );
  assert.throws(
    () => momentum({ learningRate: NaN }),
    /momentum: learningRate must be a number > 0, got NaN/,
  );
});

test("makeOptimizer: its type, its cases and its error message name the same optimizers", () => {
  // every name of the type builds the optimizer of that name
  for (const name of OPTIMIZER_NAMES)
    assert.match(makeOptimizer(name, 0.01).name, new RegExp(`^${name}\\(lr=0\\.01`));
  assert.deepEqual([...OPTIMIZER_NAMES], ["gradientDescent", "momentum", "rmsprop", "adam"]);
  // a name outside the type (only reachable from untyped code) gets the list of the type's names
  assert.throws(
    () => makeOptimizer("adamw" as OptimizerName, 0.1),
    /Unknown optimizer "adamw". Known: gradientDescent, momentum, rmsprop, adam$/,
  );
  // "sgd" is not an optimizer here: the error says that stochastic gradient descent is a batch size
  assert.throws(
    () => makeOptimizer("sgd" as OptimizerName, 0.1),
    /Unknown optimizer "sgd". Known: gradientDescent, momentum, rmsprop, adam \(stochastic or mini-batch gradient descent is "gradientDescent" with a batchSize/,
  );
});

test("state: momentum's v, RMSProp's s, Adam's v, s and t, read-only copies shaped like the parameters", () => {
  const W = Matrix.from([
    [1, 2],
    [3, 4],
  ]);
  const b = Matrix.column([0.5, -0.5]);
  const gW = Matrix.from([
    [0.2, -0.4],
    [0.6, 1],
  ]);
  const gb = Matrix.column([-1, 2]);
  const mom = momentum({ learningRate: 0.1, beta: 0.9 });
  const rms = rmsprop({ learningRate: 0.1, beta: 0.8 });
  const ad = adam({ learningRate: 0.1, beta1: 0.9, beta2: 0.99 });
  const gd = gradientDescent({ learningRate: 0.1 });
  // before the first step: nothing remembered
  assert.deepEqual({ ...mom.state }, { t: 0, v: [] });
  assert.deepEqual({ ...ad.state }, { t: 0, v: [], s: [] });
  for (const opt of [mom, rms, ad, gd]) {
    const params = [W.clone(), b.clone()];
    opt.step(params, [gW, gb]);
    opt.step(params, [gW.scale(2), gb.scale(2)]);
  }
  // two steps with g then 2g, from zero: v = β(1 − β)g + (1 − β)·2g, s = β(1 − β)g² + (1 − β)·4g²
  const v = (beta: number, g: Matrix) => g.scale(beta * (1 - beta) + 2 * (1 - beta));
  const s = (beta: number, g: Matrix) => g.mul(g).scale(beta * (1 - beta) + 4 * (1 - beta));
  const same = (got: readonly Matrix[], want: Matrix[]) => {
    assert.equal(got.length, want.length);
    got.forEach((m, k) => {
      assert.equal(m.shape(), want[k]!.shape());
      close(m.toList(), want[k]!.toList(), 1e-15);
    });
  };
  assert.equal(gd.state.t, 2);
  assert.equal(mom.state.t, 2);
  same(mom.state.v, [v(0.9, gW), v(0.9, gb)]);
  assert.equal(rms.state.t, 2);
  same(rms.state.s, [s(0.8, gW), s(0.8, gb)]);
  assert.equal(ad.state.t, 2);
  same(ad.state.v, [v(0.9, gW), v(0.9, gb)]);
  same(ad.state.s, [s(0.99, gW), s(0.99, gb)]);
  // v̂ = v/(1 − β₁ᵗ) and ŝ = s/(1 − β₂ᵗ) from the state give Adam's step: replay the second step by hand
  const { v: vA, s: sA, t } = ad.state;
  const vHat = vA[1]!.scale(1 / (1 - ad.beta1 ** t));
  const sHat = sA[1]!.scale(1 / (1 - ad.beta2 ** t));
  const b2 = b.clone();
  const adam2 = adam({ learningRate: 0.1, beta1: 0.9, beta2: 0.99 });
  adam2.step([b2], [gb]);
  const beforeSecond = b2.clone();
  adam2.step([b2], [gb.scale(2)]);
  const byHand = beforeSecond.sub(
    vHat.zip(sHat, (vh, sh) => (0.1 * vh) / (Math.sqrt(sh) + ad.epsilon)),
  );
  close(b2.toList(), byHand.toList(), 1e-15);
  // read-only: changing a copy changes neither the state nor the next step
  mom.state.v[0]!.data.fill(1e9);
  same(mom.state.v, [v(0.9, gW), v(0.9, gb)]);
  // reset forgets it
  ad.reset();
  assert.deepEqual({ ...ad.state }, { t: 0, v: [], s: [] });
});
