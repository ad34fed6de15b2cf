// The checkers of 05-logistic-regression-in-practice: the right code (✔), the stub ("not yet"), typical wrong
// answers (✘ + hint).
import { test } from "node:test";
import { Matrix } from "../../lib/src/core/matrix";
import { fitStandardizer } from "../../lib/src/learning/preprocess";
import { notYet } from "../../lib/src/exercises/check";
import {
  checkConfusionCounts,
  checkFitStandardizer,
  checkScores,
  checkStandardizeSplit,
} from "../../lib/src/exercises/ch05";
import { expectFail, expectNotYet, expectPass } from "./helpers";

const stub = (): never => {
  throw notYet();
};

const tally = (yTrue: Matrix, yPred: Matrix, swap = false) => {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let j = 0; j < yTrue.cols; j++) {
    const [t, p] = swap ? [yPred.get(0, j), yTrue.get(0, j)] : [yTrue.get(0, j), yPred.get(0, j)];
    if (t === 1) p === 1 ? c.tp++ : c.fn++;
    else p === 1 ? c.fp++ : c.tn++;
  }
  return c;
};
const FIRST_LABELS = "yTrue = [1, 0, 1, 1, 0, 0, 1], yPred = [1, 1, 0, 1, 0, 0, 0]";

test("checkConfusionCounts: the tally passes; truth and prediction confused, TP counted from one side fail", () => {
  expectPass(checkConfusionCounts, (t, p) => tally(t, p));
  expectNotYet(checkConfusionCounts, stub, "myConfusionCounts");
  expectFail(
    checkConfusionCounts,
    (t, p) => tally(t, p, true),
    FIRST_LABELS,
    /FP and FN are swapped/,
  );
  expectFail(
    checkConfusionCounts,
    (t, p) => ({ ...tally(t, p), tp: t.toList().filter((v) => v === 1).length }),
    FIRST_LABELS,
    /counts every true 1/,
  );
});

test("checkScores: the four rates pass; precision ↔ recall, accuracy = TP/m, NaN from 0/0, F1 as a mean fail", () => {
  const rates = (c: { tp: number; fp: number; fn: number; tn: number }) => ({
    accuracy: (c.tp + c.tn) / (c.tp + c.fp + c.fn + c.tn),
    precision: c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp),
    recall: c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn),
  });
  const scores = (c: { tp: number; fp: number; fn: number; tn: number }) => {
    const r = rates(c);
    const sum = r.precision + r.recall;
    return { ...r, f1: sum === 0 ? 0 : (2 * r.precision * r.recall) / sum };
  };
  expectPass(checkScores, scores);
  // F1 from the counts, 2TP/(2TP + FP + FN), is the same number.
  expectPass(checkScores, (c) => ({
    ...rates(c),
    f1: c.tp === 0 ? 0 : (2 * c.tp) / (2 * c.tp + c.fp + c.fn),
  }));
  expectFail(
    checkScores,
    (c) => ({ ...rates(c), f1: (rates(c).precision + rates(c).recall) / 2 }),
    "tp = 38, fp = 0, fn = 4, tn = 71",
    /arithmetic mean \(P \+ R\)\/2/,
  );
  expectFail(
    checkScores,
    (c) => {
      const r = rates(c);
      return { ...r, f1: (2 * r.precision * r.recall) / (r.precision + r.recall) };
    },
    "tp = 0, fp = 0, fn = 7, tn = 20",
    /P \+ R = 0/,
  );
  expectFail(checkScores, (c) => rates(c), "tp = 38, fp = 0, fn = 4, tn = 71", /no field "f1"/);
  expectNotYet(checkScores, stub, "myScores");
  expectFail(
    checkScores,
    (c) => ({ ...scores(c), precision: scores(c).recall, recall: scores(c).precision }),
    "tp = 38, fp = 0, fn = 4, tn = 71",
    /that is the recall/,
  );
  expectFail(
    checkScores,
    (c) => ({ ...scores(c), accuracy: c.tp / (c.tp + c.fp + c.fn + c.tn) }),
    "tp = 38, fp = 0, fn = 4, tn = 71",
    /\(TP \+ TN\)\/m/,
  );
  expectFail(
    checkScores,
    (c) => ({ ...scores(c), precision: c.tp / (c.tp + c.fp) }),
    "tp = 0, fp = 0, fn = 7, tn = 20",
    /NaN is 0\/0/,
  );
});

test("checkFitStandardizer: μ and σ per row pass; per column, m − 1, the variance fail", () => {
  const fit = (X: Matrix, ddof = 0, square = false) => {
    const mean = X.mean(1) as Matrix;
    const std = new Matrix(X.rows, 1);
    for (let i = 0; i < X.rows; i++) {
      let s = 0;
      for (let j = 0; j < X.cols; j++) s += (X.get(i, j) - mean.get(i, 0)) ** 2;
      std.set(i, 0, square ? s / (X.cols - ddof) : Math.sqrt(s / (X.cols - ddof)));
    }
    return { mean, std };
  };
  const first = "X = 2×4 [[1, 2, 3, 6], [10, 10, 20, 40]]";
  expectPass(checkFitStandardizer, (X) => fit(X));
  expectPass(checkFitStandardizer, (X) => {
    const s = fitStandardizer(X);
    return { mean: s.mean, std: s.std };
  });
  expectNotYet(checkFitStandardizer, stub, "myFitStandardizer");
  expectFail(
    checkFitStandardizer,
    (X) => fit(X, 1),
    first,
    /sample standard deviation \(divided by m − 1\)/,
  );
  expectFail(checkFitStandardizer, (X) => fit(X, 0, true), first, /that is the variance/);
  expectFail(
    checkFitStandardizer,
    (X) => ({ mean: X.mean(0) as Matrix, std: fit(X).std }),
    first,
    /the mean of each example \(column\)/,
  );
});

test("checkStandardizeSplit: training statistics pass; the test set's own statistics, pooled statistics fail", () => {
  const scale = (X: Matrix, by: Matrix) => {
    const s = fitStandardizer(by);
    return s.transform(X);
  };
  const first = "XTrain = 2×4 [[1, 2, 3, 6], [10, 10, 20, 40]], XTest = 2×2 [[2, 8], [30, 0]]";
  expectPass(checkStandardizeSplit, (tr, te) => ({ XTrain: scale(tr, tr), XTest: scale(te, tr) }));
  expectNotYet(checkStandardizeSplit, stub, "myStandardizeSplit");
  expectFail(
    checkStandardizeSplit,
    (tr, te) => ({ XTrain: scale(tr, tr), XTest: scale(te, te) }),
    first,
    /scaled with its own μ and σ/,
  );
  expectFail(
    checkStandardizeSplit,
    (tr, te) => {
      const all = Matrix.hstack([tr, te]);
      return { XTrain: scale(tr, all), XTest: scale(te, all) };
    },
    first,
    /fitted on training and test together/,
  );
  expectFail(
    checkStandardizeSplit,
    (tr, te) => {
      const s = fitStandardizer(tr);
      return { XTrain: tr.sub(s.mean), XTest: te.sub(s.mean) };
    },
    first,
    /only centred/,
  );
});
