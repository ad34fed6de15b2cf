import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { sigmoid } from "../../lib/src/learning/activations";
import { gradientCheck } from "../../lib/src/learning/gradcheck";
import { LogisticRegression, fitLogisticRegression } from "../../lib/src/models/logistic";
import { Matrix, ShapeError } from "../../lib/src/core/matrix";
import { fitStandardizer } from "../../lib/src/learning/preprocess";
import { Rng } from "../../lib/src/core/random";
import { train } from "../../lib/src/models/train";
import { solve } from "../support/linear";

// ------------------------------------------------------------------------------------------------ small data

/** Two overlapping Gaussian clouds in n dimensions: X n×m, y 1×m (not separable, so the optimum exists). */
function clouds(n: number, m: number, seed: number): { X: Matrix; y: Matrix } {
  const rng = new Rng(seed);
  const y = Matrix.row(Array.from({ length: m }, (_, j) => j % 2));
  const X = new Matrix(n, m);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++)
      X.set(i, j, rng.normal(((y.get(0, j) === 1 ? 0.8 : -0.5) * (i + 1)) / n, 1));
  return { X, y };
}

test("forward: Z = w·X + b and A = σ(Z) with w 1×n, b 1×1, by hand", () => {
  const model = LogisticRegression.fromWeights([2, -1], 0.5);
  assert.equal(model.w.shape(), "1×2");
  assert.equal(model.b.shape(), "1×1");
  const X = Matrix.from([
    [1, 0, -1],
    [0, 2, 1],
  ]); // 2 features × 3 examples
  const { Z, A } = model.forward(X);
  assert.deepEqual(Z.toList(), [2.5, -1.5, -2.5]);
  assert.equal(A.shape(), "1×3");
  assert.ok(A.allClose(Matrix.row([sigmoid(2.5), sigmoid(-1.5), sigmoid(-2.5)])));
  assert.deepEqual(model.predict(X).toList(), [1, 0, 0]);
  assert.deepEqual(model.predict(X, 0.1).toList(), [1, 1, 0]); // σ(−1.5) ≈ 0.18 ≥ 0.1
  assert.deepEqual(model.toJSON(), { w: [2, -1], b: 0.5, lambda: 0 });
  assert.equal(JSON.stringify(model), '{"w":[2,-1],"b":0.5,"lambda":0}');
});

test("predict: 1 only where P(y = 1 | x) > threshold, as scikit-learn — the boundary case ŷ = threshold gives 0", () => {
  const { X } = clouds(3, 12, 9);
  const untrained = new LogisticRegression(3); // w = 0, b = 0: every ŷ is exactly 0.5
  assert.ok(
    untrained
      .predictProba(X)
      .toList()
      .every((p) => p === 0.5),
  );
  assert.deepEqual(untrained.predict(X).toList(), new Array(12).fill(0));
  assert.deepEqual(untrained.predict(X, 0.49).toList(), new Array(12).fill(1));
  const model = LogisticRegression.fromWeights([0.4, -0.3, 0.2], 0.1);
  const p = model.predictProba(X).toList();
  const t = p[5]!;
  assert.deepEqual(
    model.predict(X, t).toList(),
    p.map((v) => (v > t ? 1 : 0)),
  );
  assert.equal(model.predict(X, t).get(0, 5), 0, "ŷ equal to the threshold is class 0");
  assert.ok(p.some((v) => v > t) && p.some((v) => v < t));
});

test("gradients dw, db match finite differences of the cost, without and with L2", () => {
  const { X, y } = clouds(4, 30, 1);
  for (const lambda of [0, 0.7]) {
    const model = new LogisticRegression(4, { lambda });
    const rng = new Rng(2);
    model.w.data.set(rng.normalArray(4));
    model.b.data[0] = 0.3;
    const { dw, db } = model.gradients(X, y);
    assert.equal(dw.shape(), "1×4");
    assert.equal(db.shape(), "1×1");
    const res = gradientCheck(() => model.cost(X, y), [model.w, model.b], [dw, db]);
    assert.ok(
      res.relativeDifference < 1e-8,
      `λ = ${lambda}: relative difference ${res.relativeDifference}`,
    );
  }
});

test("the formulas: dw = (A − Y)·Xᵀ/m + (λ/m)·w, db = Σ(A − Y)/m, penalty (λ/2m)‖w‖² without b", () => {
  const { X, y } = clouds(3, 20, 4);
  const model = LogisticRegression.fromWeights([0.5, -0.2, 0.1], 2, { lambda: 3 });
  const m = 20;
  const A = model.predictProba(X);
  const dwExpected = A.sub(y)
    .matmul(X.T)
    .scale(1 / m)
    .add(model.w.scale(3 / m));
  const { dw, db } = model.gradients(X, y);
  assert.ok(dw.allClose(dwExpected, 1e-12, 1e-15));
  assert.ok(Math.abs(db.item() - A.sub(y).sum() / m) < 1e-15);
  const ce =
    -A.toList().reduce(
      (s, a, j) => s + (y.get(0, j) * Math.log(a) + (1 - y.get(0, j)) * Math.log(1 - a)),
      0,
    ) / m;
  assert.ok(Math.abs(model.cost(X, y) - (ce + (3 / (2 * m)) * (0.25 + 0.04 + 0.01))) < 1e-12);
});

test("full-batch, mini-batch and stochastic gradient descent all learn, reproducibly", () => {
  const { X, y } = clouds(2, 200, 5);
  const start = new LogisticRegression(2).cost(X, y);
  for (const batchSize of [undefined, 32, 1]) {
    const { model, history } = fitLogisticRegression(X, y, {
      epochs: 40,
      learningRate: 0.1,
      batchSize,
      seed: 3,
    });
    assert.ok(
      (history.costs.at(-1) as number) < start - 0.1,
      `batchSize ${batchSize}: cost ${history.costs.at(-1)}`,
    );
    const again = fitLogisticRegression(X, y, {
      epochs: 40,
      learningRate: 0.1,
      batchSize,
      seed: 3,
    }).model;
    assert.deepEqual(again.toJSON(), model.toJSON());
  }
});

// ------------------------------------------------------------------------------------------------ bad input

test("bad input gets a clear error", () => {
  const model = new LogisticRegression(2);
  const X = Matrix.from([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  // labels outside {0, 1}
  assert.throws(
    () => model.fit(X, Matrix.row([0, 1, 2]), { epochs: 1 }),
    /y has the value 2 at example 2: labels must be 0 or 1/,
  );
  assert.throws(() => model.fit(X, Matrix.row([0, -1, 1]), { epochs: 1 }), /value -1 at example 1/);
  // NaN or missing values
  const bad = X.clone().set(1, 2, NaN);
  assert.throws(
    () => model.fit(bad, Matrix.row([0, 1, 1]), { epochs: 1 }),
    /X \(2×3\) has NaN at row 1, column 2/,
  );
  assert.throws(
    () => model.fit(X, Matrix.row([0, NaN, 1]), { epochs: 1 }),
    /y has the value NaN at example 1/,
  );
  // X and y of different lengths
  assert.throws(
    () => model.fit(X, Matrix.row([0, 1]), { epochs: 1 }),
    (e: Error) => e instanceof ShapeError && /X is 2×3 \(3 examples\) but y is 1×2/.test(e.message),
  );
  // empty data
  assert.throws(
    () => model.fit(new Matrix(2, 0), new Matrix(1, 0), { epochs: 1 }),
    /X is 2×0: there are no examples/,
  );
  // the wrong number of features (X not transposed)
  assert.throws(
    () => model.predictProba(X.T),
    /w is 1×2 but X is 3×2: the model expects 2 features/,
  );
  assert.throws(() => model.predict(X, 1.5), /threshold must be a number between 0 and 1/);
  assert.throws(() => new LogisticRegression(2, { lambda: -1 }), /lambda.*≥ 0/);
  assert.throws(() => new LogisticRegression(0), /number of features/);
  assert.throws(() => LogisticRegression.fromWeights(Matrix.zeros(2, 1), 0), /w must be 1×n/);
});

// ---------------------------------------------------------------------------- against Newton's method (IRLS)

/** The breast-cancer data, read with plain string splitting (independent of the lib's CSV loader). */
function breastCancer(): { X: Matrix; y: Matrix; names: string[] } {
  const text = readFileSync(
    path.join(__dirname, "..", "..", "data", "breast-cancer-wisconsin.csv"),
    "utf8",
  ).trim();
  const [header, ...lines] = text.split(/\r?\n/);
  const cols = (header as string).split(",");
  const names = cols.slice(2); // after id, diagnosis
  const rows = lines.map((l) => l.split(","));
  const X = new Matrix(names.length, rows.length);
  rows.forEach((r, j) => names.forEach((_, i) => X.set(i, j, Number(r[i + 2]))));
  const y = Matrix.row(rows.map((r) => (r[1] === "M" ? 1 : 0)));
  return { X, y, names };
}

/**
 * Newton's method (IRLS) on J(θ) = (1/m)Σ CE(z, y) + (λ/2m)‖w‖², θ = (w, b), z = w·x + b:
 *   g = (1/m) X̃ (a − y) + (λ/m)(w, 0),  H = (1/m) X̃ diag(a(1 − a)) X̃ᵀ + (λ/m) diag(1, …, 1, 0),  θ ← θ − H⁻¹g
 * with X̃ = X with a row of ones appended. Plain loops; nothing from the lib except reading the matrix.
 */
function newton(
  X: Matrix,
  y: Matrix,
  lambda: number,
  maxIter = 100,
): { w: number[]; b: number; cost: number; iterations: number; gradNorm: number } {
  const n = X.rows;
  const m = X.cols;
  let theta = new Array<number>(n + 1).fill(0);
  let cost = NaN;
  let gradNorm = NaN;
  let it = 0;
  for (; it < maxIter; it++) {
    const g = new Array<number>(n + 1).fill(0);
    const H = Array.from({ length: n + 1 }, () => new Array<number>(n + 1).fill(0));
    cost = 0;
    const x = new Array<number>(n + 1).fill(1);
    for (let j = 0; j < m; j++) {
      for (let i = 0; i < n; i++) x[i] = X.get(i, j);
      let z = 0;
      for (let i = 0; i <= n; i++) z += theta[i]! * x[i]!;
      const yj = y.get(0, j);
      const a = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
      cost += Math.max(z, 0) - z * yj + Math.log1p(Math.exp(-Math.abs(z)));
      for (let i = 0; i <= n; i++) {
        g[i] = g[i]! + ((a - yj) * x[i]!) / m;
        for (let q = 0; q <= n; q++) H[i]![q] = H[i]![q]! + (a * (1 - a) * x[i]! * x[q]!) / m;
      }
    }
    cost /= m;
    for (let i = 0; i < n; i++) {
      g[i] = g[i]! + (lambda / m) * theta[i]!;
      H[i]![i] = H[i]![i]! + lambda / m;
      cost += (lambda / (2 * m)) * theta[i]! ** 2;
    }
    gradNorm = Math.sqrt(g.reduce((s, v) => s + v * v, 0));
    if (gradNorm < 1e-14) break;
    const step = solve(H, g);
    theta = theta.map((t, i) => t - step[i]!);
  }
  return { w: theta.slice(0, n), b: theta[n]!, cost, iterations: it, gradNorm };
}

const data = breastCancer();
const XAll = fitStandardizer(data.X).transform(data.X);

test("all 30 standardised features are linearly separable: the unpenalised maximum-likelihood weights do not exist", () => {
  assert.equal(XAll.shape(), "30×569");
  const fit = newton(XAll, data.y, 0, 30);
  // Newton keeps pushing the cost towards 0 while the weights grow without bound …
  assert.ok(fit.cost < 1e-8, `cost ${fit.cost}`);
  const norm = Math.sqrt(fit.w.reduce((s, v) => s + v * v, 0));
  assert.ok(norm > 1000, `‖w‖ = ${norm}`);
  // … because a hyperplane classifies every training example correctly (a perfect separation).
  const model = LogisticRegression.fromWeights(fit.w, fit.b);
  assert.deepEqual(model.predict(XAll).toList(), data.y.toList());
});

/** The no-L2 comparison uses three features that do not separate the classes (the optimum exists). */
const SUBSET = ["mean_radius", "mean_texture", "mean_smoothness"];

test(`no L2, features ${SUBSET.join(", ")}: gradient descent reaches Newton's weights to 1e-6`, (t) => {
  const X = XAll.selectRows(SUBSET.map((name) => data.names.indexOf(name)));
  const ref = newton(X, data.y, 0);
  assert.ok(
    ref.gradNorm < 1e-12 && ref.iterations < 30,
    `Newton: ‖g‖ = ${ref.gradNorm} after ${ref.iterations} iterations`,
  );
  const model = new LogisticRegression(X.rows);
  const history = train(model, X, data.y, { epochs: 2000, learningRate: 4 });
  const gap = Math.max(
    ...model.w.toList().map((w, i) => Math.abs(w - ref.w[i]!)),
    Math.abs(model.b.item() - ref.b),
  );
  assert.ok(gap < 1e-6, `largest |θ_GD − θ_Newton| = ${gap}`);
  assert.ok(Math.abs((history.costs.at(-1) as number) - ref.cost) < 1e-10);
  t.diagnostic(
    `IRLS vs GD, no L2, ${SUBSET.length} features: max |Δθ| = ${gap.toExponential(2)}, cost ${ref.cost.toFixed(6)}, Newton iterations ${ref.iterations}`,
  );
});

test("L2 (λ = 1), all 30 features: gradient descent reaches Newton's weights to 1e-6", (t) => {
  const lambda = 1;
  const ref = newton(XAll, data.y, lambda);
  assert.ok(ref.gradNorm < 1e-12, `Newton: ‖g‖ = ${ref.gradNorm}`);
  const model = new LogisticRegression(30, { lambda });
  train(model, XAll, data.y, { epochs: 6000, learningRate: 2 });
  const gap = Math.max(
    ...model.w.toList().map((w, i) => Math.abs(w - ref.w[i]!)),
    Math.abs(model.b.item() - ref.b),
  );
  assert.ok(gap < 1e-6, `largest |θ_GD − θ_Newton| = ${gap}`);
  assert.ok(Math.abs(model.cost(XAll, data.y) - ref.cost) < 1e-12);
  // The penalty keeps the weights finite where the unpenalised fit ran off to infinity.
  const norm = Math.sqrt(ref.w.reduce((s, v) => s + v * v, 0));
  assert.ok(norm < 10, `‖w‖ = ${norm}`);
  t.diagnostic(
    `IRLS vs GD, λ = 1, 30 features: max |Δθ| = ${gap.toExponential(2)}, cost ${ref.cost.toFixed(6)}, ‖w‖ = ${norm.toFixed(3)}, Newton iterations ${ref.iterations}`,
  );
});
