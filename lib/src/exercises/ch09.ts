/**
 * Checkers for 09-image-classification: flattening an image into a column (row after row), the confusion counts
 * [TN, FP, FN, TP], and precision and recall at a threshold (predicting 1 where p > threshold).
 */
import { Matrix } from "../core/matrix";
import { Rng } from "../core/random";
import { Case, exercise } from "./check";

/** Row after row: pixel (r, c) of a rows×cols image at position r·cols + c. */
const flat = (img: Matrix, byColumns = false) =>
  Matrix.column(
    Array.from({ length: img.size }, (_, k) =>
      byColumns
        ? img.get(k % img.rows, Math.floor(k / img.rows))
        : img.get(Math.floor(k / img.cols), k % img.cols),
    ),
  );

/** (rows·cols)×1, row after row; recognises column order and a row instead of a column. */
export const checkFlatten = exercise<[Matrix], Matrix>({
  name: "myFlatten",
  verified: "myFlatten lays a 2×3, a 3×2, a 1×4 and a 28×28 image out row after row, into a column",
  params: ["img"],
  hint: "make a (rows·cols)×1 matrix and, for every r and c, set entry r·cols + c to img.get(r, c)",
  cases: [
    Matrix.from([
      [1, 2, 3],
      [4, 5, 6],
    ]),
    Matrix.from([
      [1, 2],
      [3, 4],
      [5, 6],
    ]),
    Matrix.from([[7, 8, 9, 10]]),
    Matrix.uniform(28, 28, new Rng(9)),
  ].map((img): Case<[Matrix]> => ({
    input: `img ${img.shape()}${img.size <= 12 ? ` ${JSON.stringify(img.toArray())}` : ""}`,
    args: () => [img.clone()],
    expected: flat(img),
    mistakes: [
      ...(img.rows > 1 && img.cols > 1
        ? [
            {
              value: flat(img, true),
              hint: "you went down the columns (pixel (r, c) at c·rows + r): the rows are laid end to end, pixel (r, c) at r·cols + c",
            },
          ]
        : []),
      ...(img.rows > 1
        ? [
            {
              value: flat(img).T,
              hint: "that is a row (1×n): the image becomes a column, (rows·cols)×1, like one column of X",
            },
          ]
        : []),
    ],
  })),
});

type Labels = [Matrix, Matrix];
const count = (y: Matrix, yHat: Matrix) => {
  const c = [0, 0, 0, 0]; // TN, FP, FN, TP
  for (let j = 0; j < y.cols; j++) {
    const t = y.data[j] as number;
    const p = yHat.data[j] as number;
    c[2 * t + p] = (c[2 * t + p] as number) + 1;
  }
  return c as [number, number, number, number];
};

/** [TN, FP, FN, TP]; recognises FP and FN swapped, the order [TP, FP, FN, TN], and [TP, TN, FP, FN]. */
export const checkConfusion = exercise<Labels, number[]>({
  name: "myConfusion",
  verified:
    "myConfusion counts [TN, FP, FN, TP] on 3 label pairs, including one with no positive prediction",
  params: ["y", "yHat"],
  hint: "for each example j: true label t = y.data[j], prediction p = yHat.data[j]; TN: t = 0 and p = 0, FP: t = 0 and p = 1, FN: t = 1 and p = 0, TP: both 1",
  cases: [
    [
      [0, 1, 1, 0, 1, 0, 0, 1, 0, 0],
      [0, 1, 0, 1, 1, 0, 1, 1, 0, 0],
    ],
    [
      [1, 1, 1, 0, 0],
      [1, 0, 0, 0, 1],
    ],
    [
      [0, 1, 0, 1],
      [0, 0, 0, 0],
    ],
  ].map(([yl, pl]): Case<Labels> => {
    const y = Matrix.row(yl as number[]);
    const yHat = Matrix.row(pl as number[]);
    const [tn, fp, fn, tp] = count(y, yHat);
    return {
      input: `y = [${yl}], yHat = [${pl}]`,
      args: () => [y.clone(), yHat.clone()],
      expected: [tn, fp, fn, tp],
      mistakes: [
        {
          value: [tn, fn, fp, tp],
          hint: "FP and FN are swapped: a false positive is a 0 (true label) predicted as 1; a false negative is a 1 predicted as 0",
        },
        {
          value: [tp, fp, fn, tn],
          hint: "the order is [TN, FP, FN, TP], as in the confusion matrix [[TN, FP], [FN, TP]]: TN first, TP last",
        },
        {
          value: [tp, tn, fp, fn],
          hint: "the order is [TN, FP, FN, TP], as in the confusion matrix [[TN, FP], [FN, TP]]",
        },
      ],
    };
  }),
});

type PR = [Matrix, Matrix, number];

/**
 * [precision, recall] at a threshold, predicting 1 where p > threshold; precision 0 when nothing is predicted 1.
 * Recognises the two swapped, p ≥ threshold, and NaN from 0/0.
 */
export const checkPrecisionRecall = exercise<PR, number[]>({
  name: "myPrecisionRecall",
  verified:
    "myPrecisionRecall gives [TP/(TP + FP), TP/(TP + FN)] with ŷ = 1 where p > threshold, at 4 thresholds, including one that predicts no 1 at all (precision 0)",
  params: ["y", "p", "threshold"],
  hint: "predict ŷⱼ = 1 where p.data[j] > threshold; count TP, FP, FN; precision = TP/(TP + FP) (0 when TP + FP = 0), recall = TP/(TP + FN)",
  nanHint:
    "NaN is 0/0: at this threshold nothing is predicted 1, so TP + FP = 0; the convention (and the library's) is precision = 0 there",
  cases: ((): Case<PR>[] => {
    const yl = [1, 0, 1, 1, 0, 0, 1, 0, 0, 1];
    const pl = [0.9, 0.6, 0.3, 0.5, 0.2, 0.5, 0.8, 0.05, 0.7, 0.95];
    const pr = (t: number, ge = false) => {
      const [, fp, fn, tp] = count(
        Matrix.row(yl),
        Matrix.row(pl.map((v) => ((ge ? v >= t : v > t) ? 1 : 0))),
      );
      return [tp + fp === 0 ? 0 : tp / (tp + fp), tp + fn === 0 ? 0 : tp / (tp + fn)];
    };
    return [0.5, 0.25, 0.85, 0.96].map((t): Case<PR> => {
      const [prec, rec] = pr(t) as [number, number];
      const [gePrec, geRec] = pr(t, true) as [number, number];
      return {
        input: `y = [${yl}], p = [${pl}], threshold = ${t}`,
        args: () => [Matrix.row(yl), Matrix.row(pl), t],
        expected: [prec, rec],
        mistakes: [
          ...(gePrec !== prec || geRec !== rec
            ? [
                {
                  value: [gePrec, geRec],
                  hint: `two probabilities equal the threshold ${t}: they are predicted 0, because ŷ = 1 only where p > threshold (not ≥)`,
                },
              ]
            : []),
          ...(prec !== rec
            ? [
                {
                  value: [rec, prec],
                  hint: "precision and recall are swapped: precision = TP/(TP + FP) (of the predicted 1s, how many are right), recall = TP/(TP + FN) (of the real 1s, how many were found)",
                },
              ]
            : []),
        ],
      };
    });
  })(),
});
