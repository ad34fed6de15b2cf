/**
 * Checkers for 05-logistic-regression-in-practice: the confusion counts, accuracy/precision/recall/F1 from them,
 * fitting μ and σ per feature, and standardising a split with the TRAINING statistics.
 */
import { Matrix } from "../core/matrix";
import { Case, exercise, formatValue } from "./check";

interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

function counts(yTrue: number[], yPred: number[]): Counts {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  yTrue.forEach((t, k) => {
    const p = yPred[k];
    if (t === 1) p === 1 ? c.tp++ : c.fn++;
    else p === 1 ? c.fp++ : c.tn++;
  });
  return c;
}

const LABEL_CASES: [number[], number[]][] = [
  [
    [1, 0, 1, 1, 0, 0, 1],
    [1, 1, 0, 1, 0, 0, 0],
  ],
  [
    [0, 0, 1, 1, 1],
    [1, 0, 1, 1, 0],
  ],
  [
    [1, 1, 0],
    [0, 0, 0],
  ],
];

/** TP, FP, FN, TN; recognises FP and FN swapped (truth and prediction confused), TP and TN swapped. */
export const checkConfusionCounts = exercise<[Matrix, Matrix], Counts>({
  name: "myConfusionCounts",
  verified:
    "myConfusionCounts(yTrue, yPred) counts TP, FP, FN and TN right on 3 cases, one with no positive prediction",
  params: ["yTrue", "yPred"],
  hint: "for each j: t = yTrue.get(0, j), p = yPred.get(0, j); t = 1 and p = 1 → tp, t = 0 and p = 1 → fp, t = 1 and p = 0 → fn, both 0 → tn",
  cases: LABEL_CASES.map(([t, p]): Case<[Matrix, Matrix]> => {
    const c = counts(t, p);
    return {
      input: `yTrue = ${formatValue(t)}, yPred = ${formatValue(p)}`,
      args: () => [Matrix.row(t), Matrix.row(p)],
      expected: { ...c },
      mistakes: [
        {
          field: "fp",
          value: c.fn,
          hint: "FP and FN are swapped: a false positive is predicted 1 (positive) but truly 0; a false negative is predicted 0 but truly 1",
        },
        {
          field: "fn",
          value: c.fp,
          hint: "FN and FP are swapped: a false negative is predicted 0 (negative) but truly 1; a false positive is predicted 1 but truly 0",
        },
        {
          field: "tp",
          value: c.tn,
          hint: "TP and TN are swapped: a true positive is 1 in both yTrue and yPred",
        },
        {
          field: "tp",
          value: c.tp + c.fn,
          hint: "that counts every true 1: TP needs yPred = 1 as well",
        },
        {
          field: "tp",
          value: c.tp + c.fp,
          hint: "that counts every predicted 1: TP needs yTrue = 1 as well",
        },
      ],
    };
  }),
});

const COUNT_CASES: Counts[] = [
  { tp: 38, fp: 0, fn: 4, tn: 71 },
  { tp: 30, fp: 10, fn: 5, tn: 55 },
  { tp: 0, fp: 0, fn: 7, tn: 20 },
];

/**
 * accuracy = (TP + TN)/m, precision = TP/(TP + FP), recall = TP/(TP + FN), F1 = 2PR/(P + R), 0 when a
 * denominator is 0. Recognises precision and recall swapped, accuracy = TP/m, NaN from 0/0, and F1 as the
 * arithmetic mean (P + R)/2 or without its factor 2.
 */
export const checkScores = exercise<
  [Counts],
  { accuracy: number; precision: number; recall: number; f1: number }
>({
  name: "myScores",
  verified:
    "myScores({ tp, fp, fn, tn }) gives accuracy, precision, recall and F1 on 3 cases, precision and F1 0 (not NaN) when nothing is called positive",
  params: ["counts"],
  hint: "accuracy = (tp + tn)/(tp + fp + fn + tn); precision = tp/(tp + fp); recall = tp/(tp + fn); f1 = 2·precision·recall/(precision + recall); 0 when the denominator is 0",
  cases: COUNT_CASES.map((c): Case<[Counts]> => {
    const m = c.tp + c.fp + c.fn + c.tn;
    const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
    const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return {
      input: `tp = ${c.tp}, fp = ${c.fp}, fn = ${c.fn}, tn = ${c.tn}`,
      args: () => [{ ...c }],
      expected: { accuracy: (c.tp + c.tn) / m, precision, recall, f1 },
      mistakes: [
        {
          field: "accuracy",
          value: c.tp / m,
          hint: "accuracy counts the right answers of both kinds: (TP + TN)/m",
        },
        {
          field: "accuracy",
          value: (c.tp + c.tn) / (c.tp + c.tn),
          hint: "divide by all m = TP + FP + FN + TN examples, not only the right ones",
        },
        {
          field: "precision",
          value: recall,
          hint: "that is the recall: precision divides by everything predicted positive, TP/(TP + FP)",
        },
        {
          field: "precision",
          value: NaN,
          hint: "NaN is 0/0: with no positive prediction (TP + FP = 0) the precision is 0 by convention",
        },
        {
          field: "precision",
          value: c.tp / m,
          hint: "precision divides by TP + FP (the positive calls), not by m",
        },
        {
          field: "recall",
          value: precision,
          hint: "that is the precision: recall divides by everything truly positive, TP/(TP + FN)",
        },
        {
          field: "recall",
          value: c.tp / m,
          hint: "recall divides by TP + FN (the truly positive examples), not by m",
        },
        {
          field: "f1",
          value: (precision + recall) / 2,
          hint: "that is the arithmetic mean (P + R)/2: F1 is the harmonic mean 2PR/(P + R), which stays low when either of the two is low",
        },
        ...(precision + recall > 0
          ? [
              {
                field: "f1",
                value: (precision * recall) / (precision + recall),
                hint: "the factor 2 is missing: F1 = 2PR/(P + R) (so that F1 = 1 when P = R = 1)",
              },
            ]
          : []),
        {
          field: "f1",
          value: NaN,
          hint: "NaN is 0/0: with precision and recall both 0 (P + R = 0) F1 is 0 by convention",
        },
      ],
    };
  }),
});

const SX1 = Matrix.from([
  [1, 2, 3, 6],
  [10, 10, 20, 40],
]);
const SX2 = Matrix.from([
  [0.5, -1, 2],
  [100, 300, 200],
  [4, 4, 7],
]);

function meanStd(X: Matrix, ddof = 0): { mean: Matrix; std: Matrix } {
  const mean = X.mean(1) as Matrix;
  const std = new Matrix(X.rows, 1);
  for (let i = 0; i < X.rows; i++) {
    let s = 0;
    for (let j = 0; j < X.cols; j++) s += (X.get(i, j) - mean.get(i, 0)) ** 2;
    std.set(i, 0, Math.sqrt(s / (X.cols - ddof)));
  }
  return { mean, std };
}

/** μ and σ per feature (row), n×1 each, σ dividing by m; recognises per-example statistics, m − 1, the variance. */
export const checkFitStandardizer = exercise<[Matrix], { mean: Matrix; std: Matrix }>({
  name: "myFitStandardizer",
  verified:
    "myFitStandardizer(X) gives μ and σ of every feature (row) as n×1 columns, σ over m (population), for 2 and 3 features, X unchanged",
  params: ["X"],
  hint: "mean = X.mean(1) (n×1, the mean of each row); σ of row i = √((1/m) Σⱼ (x_ij − μ_i)²), in an n×1 matrix",
  cases: [SX1, SX2].map((X): Case<[Matrix]> => {
    const ok = meanStd(X);
    const sample = meanStd(X, 1);
    const variance = ok.std.map((s) => s * s);
    const perExample = meanStd(X.T);
    return {
      input: `X = ${formatValue(X)}`,
      args: () => [X.clone()],
      expected: { ...ok },
      mistakes: [
        {
          field: "mean",
          value: perExample.mean.T,
          hint: "that is the mean of each example (column): a feature is a row, so average over the columns with X.mean(1)",
        },
        {
          field: "mean",
          value: ok.mean.T,
          hint: `mean should be an n×1 column (${X.rows}×1), one value per feature, not a row`,
        },
        {
          field: "std",
          value: sample.std,
          hint: "that is the sample standard deviation (divided by m − 1): standardising here divides by m",
        },
        { field: "std", value: variance, hint: "that is the variance σ²: take its square root" },
        {
          field: "std",
          value: perExample.std.T,
          hint: "that is the standard deviation of each example (column): compute it along each row",
        },
        {
          field: "std",
          value: ok.std.T,
          hint: `std should be an n×1 column (${X.rows}×1), not a row`,
        },
      ],
    };
  }),
});

const TRAIN1 = Matrix.from([
  [1, 2, 3, 6],
  [10, 10, 20, 40],
]);
const TEST1 = Matrix.from([
  [2, 8],
  [30, 0],
]);
const TRAIN2 = Matrix.from([
  [0.5, -1, 2],
  [100, 300, 200],
  [4, 4, 7],
]);
const TEST2 = Matrix.from([
  [1, 0, 3, -2],
  [250, 150, 50, 200],
  [5, 4, 6, 8],
]);

/** Both sets scaled with the training μ and σ; recognises the test set scaled with its own statistics. */
export const checkStandardizeSplit = exercise<[Matrix, Matrix], { XTrain: Matrix; XTest: Matrix }>({
  name: "myStandardizeSplit",
  verified:
    "myStandardizeSplit(XTrain, XTest) scales both sets with the TRAINING μ and σ, for 2 and 3 features, inputs unchanged",
  params: ["XTrain", "XTest"],
  hint: "fit μ and σ on XTrain only (myFitStandardizer(XTrain) or the lib's fitStandardizer), then XTrain.sub(mean).div(std) and XTest.sub(mean).div(std)",
  cases: (
    [
      [TRAIN1, TEST1],
      [TRAIN2, TEST2],
    ] as [Matrix, Matrix][]
  ).map(([tr, te]): Case<[Matrix, Matrix]> => {
    const { mean, std } = meanStd(tr);
    const own = meanStd(te);
    const both = meanStd(Matrix.hstack([tr, te]));
    return {
      input: `XTrain = ${formatValue(tr)}, XTest = ${formatValue(te)}`,
      args: () => [tr.clone(), te.clone()],
      expected: { XTrain: tr.sub(mean).div(std), XTest: te.sub(mean).div(std) },
      mistakes: [
        {
          field: "XTest",
          value: te.sub(own.mean).div(own.std),
          hint: "the test set was scaled with its own μ and σ: use the training set's, so nothing about the test tumours leaks into the model and both sets get the same transformation",
        },
        {
          field: "XTrain",
          value: tr.sub(both.mean).div(both.std),
          hint: "μ and σ were fitted on training and test together: fit them on XTrain only",
        },
        {
          field: "XTest",
          value: te.sub(both.mean).div(both.std),
          hint: "μ and σ were fitted on training and test together: fit them on XTrain only",
        },
        { field: "XTrain", value: tr.sub(mean), hint: "only centred: divide by σ too, (x − μ)/σ" },
        {
          field: "XTrain",
          value: tr.div(std).sub(mean),
          hint: "the order is wrong: subtract μ first, then divide by σ, (x − μ)/σ",
        },
      ],
    };
  }),
});
