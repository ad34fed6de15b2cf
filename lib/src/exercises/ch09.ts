/**
 * Checkers for 09-image-classification: flattening an image into a column (row after row), precision and recall
 * at a threshold (predicting 1 where p > threshold), and choosing the threshold with the highest F1 on
 * validation data.
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

/** [TN, FP, FN, TP] of labels y and predictions yHat (0/1). */
const count = (y: Matrix, yHat: Matrix) => {
  const c = [0, 0, 0, 0]; // TN, FP, FN, TP
  for (let j = 0; j < y.cols; j++) {
    const t = y.data[j] as number;
    const p = yHat.data[j] as number;
    c[2 * t + p] = (c[2 * t + p] as number) + 1;
  }
  return c as [number, number, number, number];
};

/** F1 and accuracy of ĉ = 1 where p > t (or ≥ t); F1 is 0 when P + R = 0. */
function scoresAt(yl: number[], pl: number[], t: number, ge = false) {
  const [tn, fp, fn, tp] = count(
    Matrix.row(yl),
    Matrix.row(pl.map((v) => ((ge ? v >= t : v > t) ? 1 : 0))),
  );
  return { f1: tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn), accuracy: (tp + tn) / yl.length };
}

/** The candidate with the highest score (the first on ties, or the last), or the lowest. */
function pickBy(cands: number[], score: (t: number) => number, mode: "first" | "last" | "min") {
  let best = 0;
  cands.forEach((t, k) => {
    const s = score(t);
    const b = score(cands[best] as number);
    if (mode === "first" ? s > b : mode === "last" ? s >= b : s < b) best = k;
  });
  return best;
}

type Choose = [Matrix, Matrix, number[]];

const THRESHOLD_CASES: [number[], number[], number[]][] = [
  [
    [1, 0, 1, 1, 0, 0, 1, 0, 0, 1],
    [0.9, 0.6, 0.3, 0.5, 0.2, 0.5, 0.8, 0.05, 0.7, 0.95],
    [0.1, 0.3, 0.5, 0.7, 0.9],
  ],
  [
    [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0],
    [0.1, 0.2, 0.05, 0.3, 0.15, 0.35, 0.1, 0.25, 0.4, 0.6, 0.3, 0.45],
    [0.2, 0.25, 0.3, 0.4, 0.45],
  ],
  [
    [1, 1, 0, 0, 1, 0],
    [0.8, 0.6, 0.7, 0.2, 0.9, 0.1],
    [0.15, 0.5, 0.55, 0.65, 0.85],
  ],
];

/**
 * The threshold, among the candidates, whose decisions ĉ = 1 where p > t have the highest F1 (the first on
 * ties). Recognises ≥ instead of >, the F1 score returned instead of the threshold, its index, 0.5 kept,
 * the accuracy maximised instead of F1, the worst F1, and the last of tied candidates.
 */
export const checkBestThreshold = exercise<Choose, number>({
  name: "myBestThreshold",
  verified:
    "myBestThreshold returns the candidate threshold with the highest F1 (ĉ = 1 where p > t), the first of ties, on 3 cases",
  params: ["y", "p", "candidates"],
  hint: "for each t of candidates: ĉⱼ = 1 where p.data[j] > t; count TP, FP, FN; F1 = 2TP/(2TP + FP + FN) (0 when TP = 0); keep the t with the highest F1 (the first one on ties) and return that t",
  cases: THRESHOLD_CASES.map(([yl, pl, cands]): Case<Choose> => {
    const f1 = (t: number) => scoresAt(yl, pl, t).f1;
    const k = pickBy(cands, f1, "first");
    const best = cands[k] as number;
    const wrong: [number, string][] = [
      [
        cands[pickBy(cands, (t) => scoresAt(yl, pl, t, true).f1, "first")] as number,
        "with ĉ = 1 where p ≥ t you get another threshold: some probabilities equal a candidate, and they are predicted 0 — ĉ = 1 only where p > t (as predict does)",
      ],
      [f1(best), "that is the best F1 itself: return the threshold t that gives it"],
      [
        k,
        "that is the position of the best threshold in candidates: return candidates[k], the threshold itself",
      ],
      [
        0.5,
        "0.5 is the default, not necessarily the best: compute F1 at every candidate and return the one with the highest",
      ],
      [
        cands[pickBy(cands, (t) => scoresAt(yl, pl, t).accuracy, "first")] as number,
        "that threshold has the highest accuracy: maximise F1 = 2PR/(P + R), which the many easy negatives cannot inflate",
      ],
      [
        cands[pickBy(cands, f1, "min")] as number,
        "that threshold has the LOWEST F1: keep the highest",
      ],
      [
        cands[pickBy(cands, f1, "last")] as number,
        "several candidates share the best F1: return the first of them (replace the best only when F1 is strictly higher, >)",
      ],
    ];
    return {
      input: `y = [${yl}], p = [${pl}], candidates = [${cands}]`,
      args: () => [Matrix.row(yl), Matrix.row(pl), [...cands]],
      expected: best,
      mistakes: wrong.filter(([v]) => v !== best).map(([value, hint]) => ({ value, hint })),
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
    "myPrecisionRecall gives [TP/(TP + FP), TP/(TP + FN)] with ĉ = 1 where p > threshold, at 4 thresholds, including one that predicts no 1 at all (precision 0)",
  params: ["y", "p", "threshold"],
  hint: "predict ĉⱼ = 1 where p.data[j] > threshold; count TP, FP, FN; precision = TP/(TP + FP) (0 when TP + FP = 0), recall = TP/(TP + FN)",
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
                  hint: `two probabilities equal the threshold ${t}: they are predicted 0, because ĉ = 1 only where p > threshold (not ≥)`,
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
