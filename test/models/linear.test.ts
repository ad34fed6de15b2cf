import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix, ShapeError } from "../../lib/src/core/matrix";
import { Rng } from "../../lib/src/core/random";
import { gradientCheck } from "../../lib/src/learning/gradcheck";
import {
  LinearRegression,
  closedFormLinearRegression,
  fitLinearRegression,
  normalEquations,
  solveSymmetric,
} from "../../lib/src/models/linear";
import { solve } from "../support/linear";

/** y = w·x + b + noise for n features and m examples (X n×m, y 1×m). */
function noisyLinear(w: number[], b: number, m: number, seed: number): { X: Matrix; y: Matrix } {
  const rng = new Rng(seed);
  const X = Matrix.normal(w.length, m, rng);
  const y = Matrix.row(
    Array.from(
      { length: m },
      (_, j) => w.reduce((s, wi, i) => s + wi * X.get(i, j), b) + rng.normal(0, 0.3),
    ),
  );
  return { X, y };
}

test("forward and cost by hand: ŷ = w·X + b, J = (1/m) Σ (ŷ − y)²", () => {
  const model = LinearRegression.fromWeights([2, -1], 0.5);
  const X = Matrix.from([
    [1, 0, -1],
    [0, 2, 1],
  ]);
  assert.deepEqual(model.predict(X).toList(), [2.5, -1.5, -2.5]);
  const y = Matrix.row([2, -1, 0]);
  // errors 0.5, −0.5, −2.5 → (0.25 + 0.25 + 6.25) / 3
  assert.ok(Math.abs(model.cost(X, y) - 6.75 / 3) < 1e-15);
  const [dw, db] = model.costAndGradients(X, y).grads as [Matrix, Matrix];
  // dw = (2/3)·[0.5·1 + (−0.5)·0 + (−2.5)·(−1), 0.5·0 + (−0.5)·2 + (−2.5)·1] = (2/3)·[3, −3.5]
  assert.ok(dw.allClose(Matrix.row([2, -7 / 3]), 1e-14));
  assert.ok(Math.abs(db.item() - (2 / 3) * -2.5) < 1e-15);
});

test("the gradient agrees with centred finite differences of J", () => {
  const { X, y } = noisyLinear([1.5, -2, 0.7], 0.4, 25, 3);
  const model = LinearRegression.fromWeights([0.3, 0.1, -0.9], -1.2);
  const { grads } = model.costAndGradients(X, y);
  const check = gradientCheck(() => model.cost(X, y), model.parameters(), grads);
  assert.ok(check.relativeDifference < 1e-8, `relative difference ${check.relativeDifference}`);
  // and the check can fail: a gradient without the factor 2 is far off
  const half = gradientCheck(
    () => model.cost(X, y),
    model.parameters(),
    grads.map((g) => g.scale(0.5)),
  );
  assert.ok(half.relativeDifference > 0.1);
});

test("gradient descent lands on the closed form (a line and a plane)", () => {
  for (const [w, b] of [
    [[2], 1],
    [[1.5, -2], 0.5],
  ] as [number[], number][]) {
    const { X, y } = noisyLinear(w, b, 60, 7);
    const exact = closedFormLinearRegression(X, y);
    const { model, history } = fitLinearRegression(X, y, { epochs: 2000, learningRate: 0.1 });
    const gap = Math.max(
      ...model.w.sub(exact.w).map(Math.abs).toList(),
      Math.abs(model.b.item() - exact.b.item()),
    );
    assert.ok(gap < 1e-8, `GD vs closed form: largest difference ${gap}`);
    assert.ok(history.costs[0]! > history.costs[history.costs.length - 1]!);
    // the closed form is the minimum: any nudge raises the cost
    const nudged = LinearRegression.fromWeights(
      exact.w.toList().map((v, i) => (i === 0 ? v + 1e-3 : v)),
      exact.b.item(),
    );
    assert.ok(nudged.cost(X, y) > exact.cost(X, y));
  }
});

test("the closed form agrees with an independent solver (Gaussian elimination on the normal equations)", () => {
  const { X, y } = noisyLinear([0.5, -1, 2, 3], -0.7, 40, 11);
  const exact = closedFormLinearRegression(X, y);
  // the normal equations written out with plain loops: Σ x̃ᵢ x̃ₖ and Σ x̃ᵢ y, x̃ = (x₁ … xₙ, 1)
  const n = X.rows;
  const xt = (i: number, j: number): number => (i < n ? X.get(i, j) : 1);
  const A = Array.from({ length: n + 1 }, (_, i) =>
    Array.from({ length: n + 1 }, (_, k) => {
      let s = 0;
      for (let j = 0; j < X.cols; j++) s += xt(i, j) * xt(k, j);
      return s;
    }),
  );
  const c = Array.from({ length: n + 1 }, (_, i) => {
    let s = 0;
    for (let j = 0; j < X.cols; j++) s += xt(i, j) * y.get(0, j);
    return s;
  });
  const theta = solve(A, c);
  const ours = [...exact.w.toList(), exact.b.item()];
  ours.forEach((v, i) => assert.ok(Math.abs(v - theta[i]!) < 1e-10, `θ${i}: ${v} vs ${theta[i]}`));
  const { A: A2, c: c2 } = normalEquations(X, y);
  assert.ok(A2.allClose(Matrix.from(A), 1e-12));
  assert.ok(c2.allClose(Matrix.column(c), 1e-12));
});

test("solveSymmetric solves a small system by hand and refuses a singular one", () => {
  const x = solveSymmetric(
    Matrix.from([
      [4, 2],
      [2, 3],
    ]),
    Matrix.column([2, 1]),
  );
  // 4x + 2y = 2, 2x + 3y = 1 → x = 0.5, y = 0
  assert.ok(x.allClose(Matrix.column([0.5, 0]), 1e-14));
  // a constant feature duplicates the bias's row of ones: no unique fit
  const X = Matrix.from([
    [1, 1, 1, 1],
    [0, 1, 2, 3],
  ]);
  assert.throws(
    () => closedFormLinearRegression(X, Matrix.row([1, 2, 3, 4])),
    /not positive definite.*constant or a combination/,
  );
});

test("clear errors for mismatched shapes and NaN", () => {
  const model = new LinearRegression(2);
  const X = Matrix.zeros(2, 5);
  assert.throws(() => model.predict(Matrix.zeros(3, 5)), ShapeError);
  assert.throws(() => model.predict(Matrix.zeros(5, 2)), /transpose it/);
  assert.throws(() => model.cost(X, Matrix.zeros(1, 4)), /y must be 1×5/);
  const bad = Matrix.row([1, 2, NaN, 4, 5]);
  assert.throws(() => model.cost(X, bad), /y \(1×5\) has NaN at row 0, column 2/);
  const Xbad = X.clone();
  Xbad.set(1, 3, Infinity);
  assert.throws(() => closedFormLinearRegression(Xbad, Matrix.zeros(1, 5)), /X \(2×5\) has/);
  assert.throws(() => new LinearRegression(0), /number of features/);
  assert.throws(() => solveSymmetric(Matrix.zeros(2, 3), Matrix.zeros(2, 1)), /k×k/);
});
