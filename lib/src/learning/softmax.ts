/**
 * From yes/no to one of K: the softmax output and its cost, categorical cross-entropy. Shapes follow the
 * course: logits Z and probabilities A are K×m (one row per class, one COLUMN per example); labels are a
 * row of m class numbers 0…K−1, or their one-hot form Y (K×m, a single 1 per column).
 *
 *   softmax     a_k = e^(z_k) / Σ_j e^(z_j)   per column, computed as e^(z_k − max z) / Σ_j e^(z_j − max z)
 *               (the same value: the shift cancels, but no e^z overflows for a large z)
 *   cost        J = −(1/m) Σ_examples Σ_k y_k ln a_k = (1/m) Σ_examples (logsumexp(z) − z_true)
 *   gradient    ∂J/∂Z = (A − Y)/m, the same shortcut as the sigmoid's: the softmax's Jacobian
 *               ∂a_k/∂z_j = a_k(δ_kj − a_j) times −y_k/a_k, summed over k, leaves a_j − y_j
 *
 * With K = 2, softmax(z₀, z₁)₁ = σ(z₁ − z₀): the sigmoid is the softmax of two classes. Taught in:
 * 12-one-of-ten.
 */
import { Matrix, ShapeError } from "../core/matrix";

// ------------------------------------------------------------------------------------------ softmax

/**
 * Column-wise softmax on raw row-major values (K rows × m columns) into `out`: each column shifted by its
 * largest entry, exponentiated and divided by its sum. The network's readable path and its engine both call
 * this loop, so they give the same numbers bit for bit.
 */
export function softmaxColumnsInto(Z: Float64Array, K: number, m: number, out: Float64Array): void {
  for (let j = 0; j < m; j++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, Z[k * m + j] as number);
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp((Z[k * m + j] as number) - max);
      out[k * m + j] = e;
      sum += e;
    }
    for (let k = 0; k < K; k++) out[k * m + j] = (out[k * m + j] as number) / sum;
  }
}

/** A = softmax(Z), column by column (K×m → K×m): every column of A is positive and sums to 1. */
export function softmaxMatrix(Z: Matrix): Matrix {
  const A = new Matrix(Z.rows, Z.cols);
  softmaxColumnsInto(Z.data, Z.rows, Z.cols, A.data);
  return A;
}

/** softmax of one list of scores z (K numbers): e^(z_k − max z) / Σ_j e^(z_j − max z). */
export function softmax(z: ArrayLike<number>): number[] {
  const out = new Float64Array(z.length);
  softmaxColumnsInto(Float64Array.from(z), z.length, 1, out);
  return Array.from(out);
}

/** ln Σ_k e^(z_k), computed as max z + ln Σ_k e^(z_k − max z) (no overflow). */
export function logSumExp(z: ArrayLike<number>): number {
  let max = -Infinity;
  for (let k = 0; k < z.length; k++) max = Math.max(max, z[k] as number);
  let s = 0;
  for (let k = 0; k < z.length; k++) s += Math.exp((z[k] as number) - max);
  return max + Math.log(s);
}

// ------------------------------------------------------------------------------------------ labels

/** Throws unless every label is a whole number from 0 to K − 1, naming the first one at fault. */
export function checkClassLabels(labels: ArrayLike<number>, K: number, name = "y"): void {
  for (let j = 0; j < labels.length; j++) {
    const v = labels[j] as number;
    if (!(Number.isInteger(v) && v >= 0 && v < K)) {
      throw new RangeError(
        `${name} has the value ${v} at example ${j}: with ${K} classes the labels must be whole numbers ` +
          `from 0 to ${K - 1} (one class number per example)`,
      );
    }
  }
}

/** One-hot encoding: labels (m numbers in 0…K−1, or a 1×m matrix) → Y (K×m) with Y[label_j][j] = 1, else 0. */
export function oneHot(labels: ArrayLike<number> | Matrix, K: number): Matrix {
  if (!(Number.isInteger(K) && K >= 2))
    throw new RangeError(`oneHot: K (the number of classes) must be a whole number ≥ 2, got ${K}`);
  let values: ArrayLike<number>;
  if (labels instanceof Matrix) {
    if (labels.rows !== 1)
      throw new ShapeError(
        `oneHot: labels is ${labels.shape()} but must be one row (1×m), one class number per example`,
      );
    values = labels.data;
  } else values = labels;
  checkClassLabels(values, K, "oneHot: labels");
  const m = values.length;
  const Y = new Matrix(K, m);
  for (let j = 0; j < m; j++) Y.data[(values[j] as number) * m + j] = 1;
  return Y;
}

/** Throws unless Y (K×m) is one-hot: entries 0 or 1, exactly one 1 in each column; names the column at fault. */
export function checkOneHot(Y: Matrix, name = "Y"): void {
  const K = Y.rows;
  const m = Y.cols;
  for (let j = 0; j < m; j++) {
    let ones = 0;
    for (let k = 0; k < K; k++) {
      const v = Y.data[k * m + j] as number;
      if (v === 1) ones++;
      else if (v !== 0)
        throw new RangeError(
          `${name} has the value ${v} at row ${k}, column ${j}: a one-hot ${name} (${Y.shape()}) holds only 0s and 1s`,
        );
    }
    if (ones !== 1)
      throw new RangeError(
        `${name} (${Y.shape()}) has ${ones} ones in column ${j} (example ${j}): a one-hot column has exactly one 1, in the row of its class`,
      );
  }
}

/** The class with the largest value in each column (the first one on a tie): K×m → m class numbers. */
export function argmaxColumns(A: Matrix): number[] {
  const K = A.rows;
  const m = A.cols;
  const out = new Array<number>(m).fill(0);
  for (let j = 0; j < m; j++) {
    let best = A.data[j] as number;
    for (let k = 1; k < K; k++) {
      const v = A.data[k * m + j] as number;
      if (v > best) {
        best = v;
        out[j] = k;
      }
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------ cost

function checkSameShape(A: Matrix, Y: Matrix, aName: string): void {
  if (A.rows !== Y.rows || A.cols !== Y.cols)
    throw new ShapeError(
      `${aName} is ${A.shape()} but Y is ${Y.shape()}: they must have the same shape (one row per class, one column per example)`,
    );
  if (A.size === 0) throw new ShapeError(`${aName} and Y are empty (${A.shape()})`);
}

/** How close a probability may get to 0 in `categoricalCrossEntropy` (so ln never sees 0). */
export const SOFTMAX_CLIP = 1e-15;

/** Categorical cross-entropy from probabilities A (K×m) and one-hot Y: J = −(1/m) Σ Σ_k y_k ln a_k (a clipped to ≥ 1e-15). */
export function categoricalCrossEntropy(A: Matrix, Y: Matrix): number {
  checkSameShape(A, Y, "A");
  checkOneHot(Y);
  let s = 0;
  for (let k = 0; k < A.data.length; k++) {
    const y = Y.data[k] as number;
    if (y !== 0) s -= y * Math.log(Math.max(SOFTMAX_CLIP, A.data[k] as number));
  }
  return s / A.cols;
}

/**
 * Σ over the examples of logsumexp(z) − Σ_k y_k z_k on raw values (K×m), the unscaled categorical
 * cross-entropy of softmax(Z): both of the network's paths call this loop (bit for bit).
 */
export function categoricalCrossEntropySum(
  Z: Float64Array,
  Y: Float64Array,
  K: number,
  m: number,
): number {
  let s = 0;
  for (let j = 0; j < m; j++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, Z[k * m + j] as number);
    let e = 0;
    let yz = 0;
    for (let k = 0; k < K; k++) {
      const z = Z[k * m + j] as number;
      e += Math.exp(z - max);
      yz += (Y[k * m + j] as number) * z;
    }
    s += max + Math.log(e) - yz;
  }
  return s;
}

/**
 * Categorical cross-entropy of softmax(Z) computed from the logits Z (K×m), stably:
 * J = (1/m) Σ_examples (logsumexp(z) − Σ_k y_k z_k), finite even where a probability rounds to 0.
 */
export function categoricalCrossEntropyFromLogits(Z: Matrix, Y: Matrix): number {
  checkSameShape(Z, Y, "Z");
  checkOneHot(Y);
  return categoricalCrossEntropySum(Z.data, Y.data, Z.rows, Z.cols) / Z.cols;
}

/** ∂J/∂Z of softmax + categorical cross-entropy: (softmax(Z) − Y)/m (K×m). */
export function softmaxCrossEntropyGradient(Z: Matrix, Y: Matrix): Matrix {
  checkSameShape(Z, Y, "Z");
  checkOneHot(Y);
  const m = Z.cols;
  return softmaxMatrix(Z)
    .sub(Y)
    .scale(1 / m);
}

// ------------------------------------------------------------------------------------------ measuring

/** The share of examples whose predicted class equals the true one (two lists of m class numbers). */
export function classAccuracy(labels: ArrayLike<number>, predicted: ArrayLike<number>): number {
  if (labels.length !== predicted.length || labels.length === 0)
    throw new ShapeError(
      `classAccuracy: ${labels.length} labels and ${predicted.length} predictions: they need one per example each (and at least one)`,
    );
  let right = 0;
  for (let j = 0; j < labels.length; j++) if (labels[j] === predicted[j]) right++;
  return right / labels.length;
}

/** The K×K confusion matrix: counts[t][p] = how many examples of true class t were predicted as p. */
export function confusionCounts(
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
  K: number,
): number[][] {
  if (labels.length !== predicted.length)
    throw new ShapeError(
      `confusionCounts: ${labels.length} labels but ${predicted.length} predictions: one per example each`,
    );
  checkClassLabels(labels, K, "confusionCounts: labels");
  checkClassLabels(predicted, K, "confusionCounts: predicted");
  const counts = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  for (let j = 0; j < labels.length; j++)
    (counts[labels[j] as number] as number[])[predicted[j] as number]! += 1;
  return counts;
}

/**
 * The most confused pairs of a confusion matrix, off the diagonal, largest count first:
 * { true: t, predicted: p, count } (at most `top`, default 5; pairs with count 0 are left out).
 */
export function mostConfused(
  counts: number[][],
  top = 5,
): { true: number; predicted: number; count: number }[] {
  const pairs: { true: number; predicted: number; count: number }[] = [];
  counts.forEach((row, t) =>
    row.forEach((count, p) => {
      if (t !== p && count > 0) pairs.push({ true: t, predicted: p, count });
    }),
  );
  pairs.sort((a, b) => b.count - a.count || a.true - b.true || a.predicted - b.predicted);
  return pairs.slice(0, top);
}

// ------------------------------------------------------------------------------------------ the output layer

/** The network's output layer: "sigmoid" (one unit, P(y = 1 | x), the default) or "softmax" (K ≥ 2 units, P(class k | x)). */
export const OUTPUT_NAMES = ["sigmoid", "softmax"] as const;
export type OutputName = (typeof OUTPUT_NAMES)[number];

/** The output name, checked: "sigmoid" or "softmax"; anything else is an error listing both. */
export function checkOutputName(name: unknown, who: string): OutputName {
  if (!(OUTPUT_NAMES as readonly unknown[]).includes(name))
    throw new Error(
      `${who}: unknown output "${String(name)}". Known outputs: ${OUTPUT_NAMES.join(", ")}`,
    );
  return name as OutputName;
}
