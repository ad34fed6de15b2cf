// The softmax output: the function itself (stable, columns summing to 1, the sigmoid for two classes), its
// cost, one-hot labels and their errors, the network's softmax option, softmax regression against an
// independent Newton solver, and one-vs-rest.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sigmoid } from "../../lib/src/learning/activations";
import { Matrix, ShapeError } from "../../lib/src/core/matrix";
import { Rng } from "../../lib/src/core/random";
import {
  argmaxColumns,
  categoricalCrossEntropy,
  categoricalCrossEntropyFromLogits,
  checkOneHot,
  classAccuracy,
  confusionCounts,
  logSumExp,
  mostConfused,
  oneHot,
  softmax,
  softmaxCrossEntropyGradient,
  softmaxMatrix,
} from "../../lib/src/learning/softmax";
import { gradientCheck } from "../../lib/src/learning/gradcheck";
import { createNetwork, networkFromParameters } from "../../lib/src/models/network";
import { fitLogisticRegression } from "../../lib/src/models/logistic";
import { fitOneVsRest } from "../../lib/src/models/multiclass";
import { solve } from "../support/linear";

/** The textbook formula with no shift: e^z_k / Σ e^z_j. */
function naiveSoftmax(z: number[]): number[] {
  const e = z.map(Math.exp);
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

test("softmax: equals e^z/Σe^z where that is finite, stays finite for large z, each column sums to 1", () => {
  const z = [1.5, -0.3, 0.2, 2.0];
  softmax(z).forEach((a, k) => assert.ok(Math.abs(a - naiveSoftmax(z)[k]!) < 1e-15));
  const big = [1000, 999, 990];
  assert.ok(naiveSoftmax(big).some(Number.isNaN), "the unshifted formula gives NaN for z = 1000");
  const a = softmax(big);
  assert.ok(a.every(Number.isFinite));
  assert.ok(Math.abs(a[0]! - 1 / (1 + Math.exp(-1) + Math.exp(-10))) < 1e-15);
  const rng = new Rng(3);
  const Z = Matrix.normal(5, 7, rng, 0, 30);
  const A = softmaxMatrix(Z);
  A.sum(0).data.forEach((s) => assert.ok(Math.abs(s - 1) < 1e-12));
  for (let j = 0; j < 7; j++) {
    const col = Array.from({ length: 5 }, (_, k) => Z.get(k, j));
    softmax(col).forEach((v, k) => assert.equal(v, A.get(k, j)));
  }
  assert.ok(Math.abs(logSumExp(big) - (1000 + Math.log(1 + Math.exp(-1) + Math.exp(-10)))) < 1e-12);
});

test("softmax over two classes is the sigmoid of the logit difference: softmax(z₀, z₁)₁ = σ(z₁ − z₀)", () => {
  const rng = new Rng(4);
  for (let t = 0; t < 200; t++) {
    const z0 = rng.normal(0, 8);
    const z1 = rng.normal(0, 8);
    const [a0, a1] = softmax([z0, z1]) as [number, number];
    assert.ok(Math.abs(a1 - sigmoid(z1 - z0)) < 1e-15, `z = (${z0}, ${z1})`);
    assert.ok(Math.abs(a0 - sigmoid(z0 - z1)) < 1e-15);
  }
});

test("categorical cross-entropy: from logits equals −Σ y ln softmax(z) / m; its gradient is (A − Y)/m (finite differences)", () => {
  const rng = new Rng(5);
  const Z = Matrix.normal(4, 9, rng, 0, 2);
  const labels = [0, 1, 2, 3, 3, 2, 1, 0, 2];
  const Y = oneHot(labels, 4);
  let expected = 0;
  labels.forEach((k, j) => (expected -= Math.log(softmaxMatrix(Z).get(k, j))));
  expected /= 9;
  assert.ok(Math.abs(categoricalCrossEntropyFromLogits(Z, Y) - expected) < 1e-14);
  assert.ok(Math.abs(categoricalCrossEntropy(softmaxMatrix(Z), Y) - expected) < 1e-14);
  const check = gradientCheck(
    () => categoricalCrossEntropyFromLogits(Z, Y),
    [Z],
    [softmaxCrossEntropyGradient(Z, Y)],
  );
  assert.ok(check.relativeDifference < 1e-8, `relative difference ${check.relativeDifference}`);
  // stays finite where a probability rounds to 0
  const far = Matrix.from([[800], [-800]]);
  assert.ok(Math.abs(categoricalCrossEntropyFromLogits(far, oneHot([1], 2)) - 1600) < 1e-9);
});

test("one-hot labels, argmax, accuracy and the confusion matrix; errors name the value or shape at fault", () => {
  assert.deepEqual(oneHot([2, 0, 1], 3).toArray(), [
    [0, 1, 0],
    [0, 0, 1],
    [1, 0, 0],
  ]);
  assert.deepEqual(
    argmaxColumns(
      Matrix.from([
        [0.1, 0.7],
        [0.9, 0.2],
        [0.0, 0.1],
      ]),
    ),
    [1, 0],
  );
  assert.throws(() => oneHot([0, 3, 1], 3), /value 3 at example 1.*0 to 2/);
  assert.throws(() => oneHot([0, 1.5], 3), /value 1\.5 at example 1/);
  assert.throws(
    () =>
      checkOneHot(
        Matrix.from([
          [1, 1],
          [0, 1],
        ]),
      ),
    /2 ones in column 1/,
  );
  assert.throws(() => checkOneHot(Matrix.from([[0.5], [0.5]])), /value 0\.5 at row 0, column 0/);
  assert.equal(classAccuracy([1, 2, 3, 4], [1, 2, 0, 4]), 0.75);
  const counts = confusionCounts([0, 0, 1, 2, 2, 2], [0, 1, 1, 1, 1, 2], 3);
  assert.deepEqual(counts, [
    [1, 1, 0],
    [0, 1, 0],
    [0, 2, 1],
  ]);
  assert.deepEqual(mostConfused(counts, 5), [
    { true: 2, predicted: 1, count: 2 },
    { true: 0, predicted: 1, count: 1 },
  ]);
});

test("the network's softmax option: K×m probabilities, argmax predictions, labels or one-hot y, clear errors", () => {
  const rng = new Rng(6);
  const X = Matrix.normal(3, 8, rng);
  const net = createNetwork({ layerSizes: [3, 4, 5], output: "softmax", seed: 1 });
  assert.equal(net.output, "softmax");
  assert.match(String(net), /softmax output/);
  assert.equal(
    createNetwork({ layerSizes: [3, 1] }).output,
    "sigmoid",
    "sigmoid stays the default",
  );
  const P = net.predictProba(X);
  assert.equal(P.shape(), "5×8");
  assert.deepEqual(Array.from(net.predict(X).data), argmaxColumns(P));
  const labels = Matrix.row([0, 4, 2, 1, 3, 3, 0, 2]);
  assert.equal(net.cost(X, labels), net.cost(X, oneHot(labels, 5)));
  assert.equal(net.clone().output, "softmax");
  assert.throws(
    () => createNetwork({ layerSizes: [3, 1], output: "softmax" }),
    /softmax output needs one unit per class, at least 2, but the last layer size is 1/,
  );
  assert.throws(
    () => createNetwork({ layerSizes: [3, 2], output: "soft" as never }),
    /unknown output "soft"/,
  );
  assert.throws(
    () => net.cost(X, Matrix.row([0, 5, 2, 1, 3, 3, 0, 2])),
    /value 5 at example 1.*0 to 4/,
  );
  assert.throws(() => net.fit(X, Matrix.zeros(3, 8), { epochs: 1 }), ShapeError);
  assert.throws(
    () => net.fit(X, Matrix.zeros(3, 8), { epochs: 1 }),
    /y is 3×8.*1×8 \(class numbers 0 to 4\) or a one-hot Y 5×8/,
  );
  assert.throws(() => net.cost(X, Matrix.zeros(5, 8)), /0 ones in column 0/);
  const copy = networkFromParameters({
    W: net.W,
    b: net.b,
    hiddenActivation: "tanh",
    output: "softmax",
  });
  assert.deepEqual(copy.predictProba(X).toArray(), P.toArray());
});

/**
 * Softmax regression's minimum by Newton's method, written here from the formulas, independent of the lib:
 * θ = (W_k, b_k) for k = 0…K−1, J(θ) = (1/m) Σ_i [logsumexp(z_i) − z_{i,y_i}] + λ/(2m) ‖W‖² + ½(Σ_k b_k)².
 * The last term fixes the one direction J does not change along (adding c to every b_k); it is 0 at the
 * lib's answer, since gradient descent from b = 0 keeps Σ_k b_k = 0 (Σ_k ∂J/∂b_k = Σ (a − y)/m = 0).
 */
function newtonSoftmaxRegression(X: number[][], labels: number[], K: number, lambda: number) {
  const n = X.length;
  const m = labels.length;
  const p = n + 1; // weights and bias per class
  const D = K * p;
  const theta = new Array<number>(D).fill(0);
  for (let iter = 0; iter < 50; iter++) {
    const grad = new Array<number>(D).fill(0);
    const H = Array.from({ length: D }, () => new Array<number>(D).fill(0));
    for (let i = 0; i < m; i++) {
      const x = [...X.map((row) => row[i]!), 1];
      const z = Array.from({ length: K }, (_, k) =>
        x.reduce((s, v, q) => s + theta[k * p + q]! * v, 0),
      );
      const a = softmax(z);
      for (let k = 0; k < K; k++) {
        const r = a[k]! - (labels[i] === k ? 1 : 0);
        for (let q = 0; q < p; q++) grad[k * p + q]! += (r * x[q]!) / m;
        for (let l = 0; l < K; l++) {
          const w = a[k]! * ((k === l ? 1 : 0) - a[l]!);
          for (let q = 0; q < p; q++)
            for (let s = 0; s < p; s++) H[k * p + q]![l * p + s]! += (w * x[q]! * x[s]!) / m;
        }
      }
    }
    let sumB = 0;
    for (let k = 0; k < K; k++) sumB += theta[k * p + n]!;
    for (let k = 0; k < K; k++) {
      for (let q = 0; q < n; q++) {
        grad[k * p + q]! += (lambda / m) * theta[k * p + q]!;
        H[k * p + q]![k * p + q]! += lambda / m;
      }
      grad[k * p + n]! += sumB;
      for (let l = 0; l < K; l++) H[k * p + n]![l * p + n]! += 1;
    }
    const step = solve(H, grad);
    step.forEach((s, d) => (theta[d]! -= s));
    if (Math.max(...step.map(Math.abs)) < 1e-14) break;
  }
  return {
    W: Array.from({ length: K }, (_, k) => theta.slice(k * p, k * p + n)),
    b: Array.from({ length: K }, (_, k) => theta[k * p + n]!),
  };
}

test("softmax regression ([n, K], no hidden layer) trained by the lib reaches Newton's minimum to 1e-6", (t) => {
  const rng = new Rng(7);
  const K = 3;
  const m = 40;
  const X = Matrix.normal(2, m, rng);
  const labels = Array.from({ length: m }, (_, j) => {
    const s = X.get(0, j) + 0.5 * X.get(1, j) + rng.normal(0, 0.7);
    return s < -0.5 ? 0 : s < 0.5 ? 1 : 2;
  });
  const lambda = 2;
  const net = createNetwork({ layerSizes: [2, K], output: "softmax", init: "zeros", lambda });
  net.fit(X, Matrix.row(labels), { epochs: 4000, learningRate: 1 });
  const exact = newtonSoftmaxRegression(X.toArray(), labels, K, lambda);
  let worst = 0;
  for (let k = 0; k < K; k++) {
    for (let q = 0; q < 2; q++)
      worst = Math.max(worst, Math.abs(net.W[0]!.get(k, q) - exact.W[k]![q]!));
    worst = Math.max(worst, Math.abs(net.b[0]!.get(k, 0) - exact.b[k]!));
  }
  t.diagnostic(`largest difference from Newton's minimum: ${worst}`);
  assert.ok(worst < 1e-6, `largest difference from Newton's minimum: ${worst}`);
  assert.ok(
    Math.abs(exact.W[0]![0]!) > 0.1,
    "the problem is not trivial (the weights are far from 0)",
  );
});

test("one-vs-rest: K logistic regressions, each trained on 'is it k?', the prediction their argmax", () => {
  const rng = new Rng(8);
  const X = Matrix.normal(2, 60, rng);
  const labels = Array.from({ length: 60 }, (_, j) =>
    X.get(0, j) > 0.4 ? 2 : X.get(1, j) > 0 ? 1 : 0,
  );
  const options = { epochs: 300, learningRate: 0.5 };
  const { model, histories } = fitOneVsRest(X, labels, 3, options);
  assert.equal(histories.length, 3);
  const P = model.predictProba(X);
  assert.equal(P.shape(), "3×60");
  const alone = fitLogisticRegression(
    X,
    Matrix.row(labels.map((l) => (l === 1 ? 1 : 0))),
    options,
  ).model;
  assert.deepEqual(P.sliceRows(1, 2).toArray(), alone.predictProba(X).toArray());
  assert.deepEqual(model.predict(X), argmaxColumns(P));
  assert.ok(classAccuracy(labels, model.predict(X)) > 0.85);
  assert.throws(
    () =>
      fitOneVsRest(
        X,
        labels.map((l) => l + 1),
        3,
      ),
    /value 3 at example/,
  );
});
