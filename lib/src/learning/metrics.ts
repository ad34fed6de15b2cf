/**
 * How good is a binary classifier? Labels y ∈ {0, 1} (1 = positive, e.g. malignant); predicted classes ĉ ∈ {0, 1} (ĉ = 1 where the probability ŷ > t);
 * scores are probabilities P(y = 1 | x) (or any number that is larger for "more positive").
 * Every function takes matrices 1×m (or plain arrays of m numbers).
 *
 *   accuracy   (TP + TN) / m
 *   precision  TP / (TP + FP)     of the examples called positive, the share that are positive
 *   recall     TP / (TP + FN)     of the positive examples, the share that were found (sensitivity, TPR)
 *   F1         2·P·R / (P + R)    harmonic mean of precision and recall
 *   FPR        FP / (FP + TN)     of the negative examples, the share wrongly called positive
 *
 * Taught in: 05-logistic-regression-in-practice.
 */
import { checkLabels, checkProbabilities, crossEntropy } from "./losses";
import { Matrix, ShapeError } from "../core/matrix";
import { describeValue } from "../core/validate";

/** A 1×m matrix or a plain list of m numbers. */
export type VectorLike = Matrix | ArrayLike<number>;

function asRow(v: VectorLike, name: string): Matrix {
  if (v instanceof Matrix) {
    if (v.rows !== 1 && v.cols !== 1)
      throw new ShapeError(
        `${name} is ${v.shape()}: it must be a single row (1×m), one value per example`,
      );
    return v.rows === 1 ? v : v.reshape(1, v.rows);
  }
  if (v === null || typeof v !== "object" || typeof (v as ArrayLike<number>).length !== "number")
    throw new TypeError(
      `${name} must be a list of numbers or a 1×m Matrix, got ${describeValue(v)}`,
    );
  for (let k = 0; k < v.length; k++)
    if (typeof v[k] !== "number")
      throw new TypeError(
        `${name}[${k}] is ${describeValue(v[k])}: labels and scores must be numbers (write 1, not "1")`,
      );
  return Matrix.row(v);
}

function pair(yTrue: VectorLike, other: VectorLike, otherName: string): [Matrix, Matrix] {
  const y = asRow(yTrue, "yTrue");
  const o = asRow(other, otherName);
  if (y.cols !== o.cols)
    throw new ShapeError(
      `yTrue has ${y.cols} labels but ${otherName} has ${o.cols} values: they need one per example each`,
    );
  if (y.cols === 0)
    throw new ShapeError(`yTrue and ${otherName} are empty: there is nothing to measure`);
  checkLabels(y, "yTrue");
  return [y, o];
}

/** The four counts of a binary confusion matrix, and the matrix itself. */
export interface ConfusionMatrix {
  tn: number;
  fp: number;
  fn: number;
  tp: number;
  /** [[TN, FP], [FN, TP]]: rows are the true class 0, 1; columns the predicted class 0, 1. */
  matrix: number[][];
}

/** Counts TN, FP, FN, TP: rows = true class (0, 1), columns = predicted class (0, 1). */
export function confusionMatrix(yTrue: VectorLike, yPred: VectorLike): ConfusionMatrix {
  const [y, p] = pair(yTrue, yPred, "yPred");
  checkLabels(p, "yPred");
  let tn = 0;
  let fp = 0;
  let fn = 0;
  let tp = 0;
  for (let k = 0; k < y.cols; k++) {
    const t = y.data[k] as number;
    const q = p.data[k] as number;
    if (t === 1) q === 1 ? tp++ : fn++;
    else q === 1 ? fp++ : tn++;
  }
  return {
    tn,
    fp,
    fn,
    tp,
    matrix: [
      [tn, fp],
      [fn, tp],
    ],
  };
}

/** Accuracy = (TP + TN)/m, the share of predictions that are right. */
export function accuracy(yTrue: VectorLike, yPred: VectorLike): number {
  const c = confusionMatrix(yTrue, yPred);
  return (c.tp + c.tn) / (c.tp + c.tn + c.fp + c.fn);
}

/** Precision = TP/(TP + FP); 0 when nothing is predicted positive (no positive call can be right). */
export function precision(yTrue: VectorLike, yPred: VectorLike): number {
  const { tp, fp } = confusionMatrix(yTrue, yPred);
  return tp + fp === 0 ? 0 : tp / (tp + fp);
}

/** Recall = TP/(TP + FN) (sensitivity, true-positive rate); 0 when there are no positive examples. */
export function recall(yTrue: VectorLike, yPred: VectorLike): number {
  const { tp, fn } = confusionMatrix(yTrue, yPred);
  return tp + fn === 0 ? 0 : tp / (tp + fn);
}

/** F1 = 2·precision·recall/(precision + recall); 0 when both are 0. */
export function f1Score(yTrue: VectorLike, yPred: VectorLike): number {
  const p = precision(yTrue, yPred);
  const r = recall(yTrue, yPred);
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

/** Every count and rate at once: accuracy, precision, recall, F1 and the confusion counts. */
export function classificationReport(
  yTrue: VectorLike,
  yPred: VectorLike,
): ConfusionMatrix & { accuracy: number; precision: number; recall: number; f1: number } {
  const c = confusionMatrix(yTrue, yPred);
  const p = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
  const r = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
  return {
    ...c,
    accuracy: (c.tp + c.tn) / (c.tp + c.tn + c.fp + c.fn),
    precision: p,
    recall: r,
    f1: p + r === 0 ? 0 : (2 * p * r) / (p + r),
  };
}

/**
 * Log loss = binary cross-entropy of probabilities: −(1/m) Σ [y ln p + (1 − y) ln(1 − p)], with p clipped to
 * [1e-15, 1 − 1e-15] (the same function as `crossEntropy` in losses).
 */
export function logLoss(yTrue: VectorLike, proba: VectorLike): number {
  const [y, p] = pair(yTrue, proba, "proba");
  checkProbabilities(p, "logLoss: proba");
  return crossEntropy(p, y);
}

/** An ROC curve: for each threshold t (descending), the rates of calling "score ≥ t" positive. */
export interface RocCurve {
  /** +Infinity first (nothing called positive: the point (0, 0)), then each distinct score, largest first. */
  thresholds: number[];
  /** False-positive rate FP/(FP + TN) at each threshold. */
  fpr: number[];
  /** True-positive rate TP/(TP + FN) (recall) at each threshold. */
  tpr: number[];
}

/**
 * The ROC curve of scores against labels: sweep the threshold t from high to low; at each distinct score,
 * everything with score ≥ t is called positive. Tied scores move together (one diagonal step), so ties are
 * handled. Needs both classes present.
 */
export function rocCurve(yTrue: VectorLike, scores: VectorLike): RocCurve {
  const [y, s] = pair(yTrue, scores, "scores");
  s.assertFinite("scores");
  const m = y.cols;
  let positives = 0;
  for (let k = 0; k < m; k++) positives += y.data[k] as number;
  const negatives = m - positives;
  if (positives === 0 || negatives === 0) {
    throw new RangeError(
      `rocCurve: yTrue has ${positives} positive and ${negatives} negative examples; an ROC curve needs both classes`,
    );
  }
  const order = Array.from({ length: m }, (_, k) => k).sort(
    (i, j) => (s.data[j] as number) - (s.data[i] as number),
  );
  const thresholds = [Infinity];
  const fpr = [0];
  const tpr = [0];
  let tp = 0;
  let fp = 0;
  for (let r = 0; r < m;) {
    const t = s.data[order[r] as number] as number;
    while (r < m && (s.data[order[r] as number] as number) === t) {
      if ((y.data[order[r] as number] as number) === 1) tp++;
      else fp++;
      r++;
    }
    thresholds.push(t);
    fpr.push(fp / negatives);
    tpr.push(tp / positives);
  }
  return { thresholds, fpr, tpr };
}

/** Area under a curve by the trapezoid rule: Σ (x_{k+1} − x_k)·(y_k + y_{k+1})/2 (x sorted ascending). */
export function auc(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length)
    throw new ShapeError(`auc: ${x.length} x values but ${y.length} y values`);
  let area = 0;
  for (let k = 1; k < x.length; k++) {
    const dx = (x[k] as number) - (x[k - 1] as number);
    if (dx < 0)
      throw new RangeError(
        `auc: x must be sorted ascending, but x[${k}] = ${x[k]} < x[${k - 1}] = ${x[k - 1]}`,
      );
    area += (dx * ((y[k] as number) + (y[k - 1] as number))) / 2;
  }
  return area;
}

/**
 * Area under the ROC curve (trapezoid rule over `rocCurve`): the probability that a random positive example
 * scores higher than a random negative one, ties counting one half. 1 = perfect ranking, 0.5 = chance.
 */
export function rocAuc(yTrue: VectorLike, scores: VectorLike): number {
  const { fpr, tpr } = rocCurve(yTrue, scores);
  return auc(fpr, tpr);
}
