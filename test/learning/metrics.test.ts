import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "../../lib/src/core/matrix";
import {
  accuracy,
  auc,
  classificationReport,
  confusionMatrix,
  f1Score,
  logLoss,
  precision,
  recall,
  rocAuc,
  rocCurve,
} from "../../lib/src/learning/metrics";
import { Rng } from "../../lib/src/core/random";

// y:    1 1 0 0 1 0
// ŷ:    1 0 0 1 1 0   → TP = 2 (examples 0, 4), FN = 1 (1), FP = 1 (3), TN = 2 (2, 5)
const y = Matrix.row([1, 1, 0, 0, 1, 0]);
const yHat = Matrix.row([1, 0, 0, 1, 1, 0]);

test("confusion matrix of a small case, counted by hand", () => {
  const c = confusionMatrix(y, yHat);
  assert.deepEqual([c.tn, c.fp, c.fn, c.tp], [2, 1, 1, 2]);
  assert.deepEqual(c.matrix, [
    [2, 1],
    [1, 2],
  ]);
  // Plain arrays work as well as 1×m matrices, and so does an m×1 column.
  assert.deepEqual(confusionMatrix([1, 1, 0, 0, 1, 0], [1, 1, 1, 1, 1, 1]).matrix, [
    [0, 3],
    [0, 3],
  ]);
  assert.deepEqual(confusionMatrix(y.T, yHat).matrix, c.matrix);
});

test("accuracy, precision, recall, F1 of the small case", () => {
  assert.equal(accuracy(y, yHat), 4 / 6);
  assert.equal(precision(y, yHat), 2 / 3);
  assert.equal(recall(y, yHat), 2 / 3);
  assert.ok(Math.abs(f1Score(y, yHat) - 2 / 3) < 1e-15);
  // An asymmetric case: ŷ = all ones → precision 3/6, recall 1, F1 = 2·0.5·1/1.5 = 2/3.
  const all = [1, 1, 1, 1, 1, 1];
  assert.equal(precision(y, all), 0.5);
  assert.equal(recall(y, all), 1);
  assert.ok(Math.abs(f1Score(y, all) - 2 / 3) < 1e-15);
  // Nothing called positive: precision is 0 by convention (not NaN), and so are recall and F1.
  assert.equal(precision(y, [0, 0, 0, 0, 0, 0]), 0);
  assert.equal(f1Score(y, [0, 0, 0, 0, 0, 0]), 0);
  const r = classificationReport(y, yHat);
  assert.deepEqual([r.accuracy, r.precision, r.recall, r.tp], [4 / 6, 2 / 3, 2 / 3, 2]);
});

test("log loss = −mean[y ln p + (1 − y) ln(1 − p)]", () => {
  assert.ok(Math.abs(logLoss([1, 0], [0.8, 0.3]) + (Math.log(0.8) + Math.log(0.7)) / 2) < 1e-15);
  assert.ok(
    Number.isFinite(logLoss([1, 0], [0, 1])),
    "clipped: a confident wrong answer costs ~34.5, not Infinity",
  );
});

test("ROC curve and AUC of the classic four-point example", () => {
  const { thresholds, fpr, tpr } = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
  assert.deepEqual(thresholds, [Infinity, 0.8, 0.4, 0.35, 0.1]);
  assert.deepEqual(fpr, [0, 0, 0.5, 0.5, 1]);
  assert.deepEqual(tpr, [0, 0.5, 0.5, 1, 1]);
  assert.equal(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 0.75);
});

test("ties move together: one diagonal step, counted as half in the AUC", () => {
  // Positives score 0.5 and 0.9, negatives 0.5 and 0.2: the tied pair counts ½ → AUC = 3.5/4.
  const { thresholds, fpr, tpr } = rocCurve([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9]);
  assert.deepEqual(thresholds, [Infinity, 0.9, 0.5, 0.2]);
  assert.deepEqual(fpr, [0, 0, 0.5, 1]);
  assert.deepEqual(tpr, [0, 0.5, 1, 1]);
  assert.equal(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9]), 0.875);
  // All scores equal: a single diagonal from (0,0) to (1,1), AUC ½.
  assert.equal(rocAuc([0, 1, 1, 0, 1], [0.3, 0.3, 0.3, 0.3, 0.3]), 0.5);
});

test("AUC equals the share of (positive, negative) pairs ranked right, ties ½ (random data with many ties)", () => {
  const rng = new Rng(9);
  const m = 200;
  const labels = Array.from({ length: m }, () => (rng.uniform() < 0.4 ? 1 : 0));
  const scores = labels.map((l) => Math.round((rng.normal(l, 1) + 3) * 2) / 2); // rounded: many ties
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      if (labels[i] === 1 && labels[j] === 0) {
        pairs++;
        const si = scores[i] as number;
        const sj = scores[j] as number;
        wins += si > sj ? 1 : si === sj ? 0.5 : 0;
      }
    }
  }
  assert.ok(Math.abs(rocAuc(labels, scores) - wins / pairs) < 1e-12);
  // Perfect ranking → 1; reversed → 0.
  assert.equal(rocAuc([0, 0, 1, 1], [1, 2, 3, 4]), 1);
  assert.equal(rocAuc([0, 0, 1, 1], [4, 3, 2, 1]), 0);
});

test("auc: the trapezoid rule on a known shape", () => {
  assert.equal(auc([0, 0.5, 1], [0, 1, 1]), 0.75);
  assert.throws(() => auc([0, 1, 0.5], [0, 1, 1]), /sorted ascending/);
});

test("bad input gets a clear error", () => {
  assert.throws(() => accuracy([1, 0, 1], [1, 0]), /yTrue has 3 labels but yPred has 2 values/);
  assert.throws(() => accuracy([], []), /empty/);
  assert.throws(
    () => accuracy([1, 2], [1, 0]),
    /yTrue has the value 2 at example 1: labels must be 0 or 1/,
  );
  assert.throws(() => accuracy([1, 0], [0.7, 0]), /yPred has the value 0\.7/);
  assert.throws(() => rocCurve([1, 1], [0.2, 0.3]), /needs both classes/);
  assert.throws(() => rocCurve([1, 0], [NaN, 0.3]), /scores.*NaN/);
  assert.throws(() => confusionMatrix(Matrix.zeros(2, 3), Matrix.zeros(2, 3)), /single row/);
});
