/**
 * Cost functions J and their gradients. Shapes: predictions A, logits Z and labels Y are all 1×m (one column
 * per example); every J is a mean over the m examples, and every gradient is ∂J/∂(that input), already
 * divided by m. Taught in: 03-cost-functions.
 */
import { sigmoid } from "./activations";
import { Matrix, ShapeError } from "../core/matrix";

/** Throws unless `A` and `Y` have the same shape and at least one example. */
export function checkPair(A: Matrix, Y: Matrix, aName = "A", yName = "Y"): void {
  if (A.rows !== Y.rows || A.cols !== Y.cols) {
    throw new ShapeError(
      `${aName} is ${A.shape()} but ${yName} is ${Y.shape()}: they must have the same shape (one column per example)`,
    );
  }
  if (A.size === 0)
    throw new ShapeError(
      `${aName} and ${yName} are empty (${A.shape()}): there is nothing to average over`,
    );
}

/**
 * Throws unless every label is exactly 0 or 1 (binary classification: y ∈ {0, 1}), naming the first value
 * at fault and where it is.
 */
export function checkLabels(Y: Matrix, name = "y"): void {
  for (let k = 0; k < Y.data.length; k++) {
    const v = Y.data[k] as number;
    if (v !== 0 && v !== 1) {
      const where =
        Y.rows === 1 ? `example ${k}` : `row ${Math.floor(k / Y.cols)}, column ${k % Y.cols}`;
      throw new RangeError(
        `${name} has the value ${v} at ${where}: labels must be 0 or 1 (e.g. 1 = malignant, 0 = benign)`,
      );
    }
  }
}

/** Throws unless every entry of A is a probability, a number from 0 to 1, naming the first that is not. */
export function checkProbabilities(A: Matrix, name = "A"): void {
  for (let k = 0; k < A.data.length; k++) {
    const v = A.data[k] as number;
    if (v >= 0 && v <= 1) continue;
    const where =
      A.rows === 1 ? `example ${k}` : `row ${Math.floor(k / A.cols)}, column ${k % A.cols}`;
    throw new RangeError(
      `${name} has ${v} at ${where}: it must hold probabilities, numbers from 0 to 1 ` +
        `(σ(z) gives them; a logit z goes to crossEntropyFromLogits instead)`,
    );
  }
}

/** Mean squared error J = (1/m) Σ (a − y)². For regression; see 03 for why not with a sigmoid. */
export function meanSquaredError(A: Matrix, Y: Matrix): number {
  checkPair(A, Y);
  let s = 0;
  for (let k = 0; k < A.data.length; k++) s += ((A.data[k] as number) - (Y.data[k] as number)) ** 2;
  return s / A.size;
}

/** ∂J/∂A of the mean squared error: 2(A − Y)/m (1×m). */
export function meanSquaredErrorGradient(A: Matrix, Y: Matrix): Matrix {
  checkPair(A, Y);
  const m = A.size;
  return A.zip(Y, (a, y) => (2 * (a - y)) / m);
}

/** How close a probability may get to 0 or 1 in `crossEntropy` (so log never sees 0). */
export const PROBABILITY_CLIP = 1e-15;

/**
 * Binary cross-entropy from probabilities: J = −(1/m) Σ [y ln a + (1 − y) ln(1 − a)].
 * `a` is clipped to [1e-15, 1 − 1e-15] so log(0) never happens; prefer `crossEntropyFromLogits`, which
 * needs no clipping.
 */
export function crossEntropy(A: Matrix, Y: Matrix): number {
  checkPair(A, Y);
  checkLabels(Y);
  checkProbabilities(A, "crossEntropy: A");
  let s = 0;
  for (let k = 0; k < A.data.length; k++) {
    const a = Math.min(1 - PROBABILITY_CLIP, Math.max(PROBABILITY_CLIP, A.data[k] as number));
    const y = Y.data[k] as number;
    s -= y * Math.log(a) + (1 - y) * Math.log(1 - a);
  }
  return s / A.size;
}

/** ∂J/∂A of cross-entropy: (−y/a + (1 − y)/(1 − a)) / m (1×m). Blows up as a → 0 or 1: see the z-form. */
export function crossEntropyGradient(A: Matrix, Y: Matrix): Matrix {
  checkPair(A, Y);
  checkLabels(Y);
  checkProbabilities(A, "crossEntropyGradient: A");
  const m = A.size;
  return A.zip(Y, (a, y) => (-y / a + (1 - y) / (1 - a)) / m);
}

/**
 * One example's cross-entropy from its logit z (a = σ(z)), stably:
 *   −[y ln σ(z) + (1 − y) ln(1 − σ(z))] = max(z, 0) − z·y + ln(1 + e^(−|z|))
 * (the same value, but e^(−|z|) ≤ 1 never overflows and ln never sees 0).
 */
export function crossEntropyOfLogit(z: number, y: number): number {
  return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
}

/** Binary cross-entropy computed from the logits Z (1×m) stably: J = (1/m) Σ crossEntropyOfLogit(z, y). */
export function crossEntropyFromLogits(Z: Matrix, Y: Matrix): number {
  checkPair(Z, Y, "Z", "Y");
  checkLabels(Y);
  let s = 0;
  for (let k = 0; k < Z.data.length; k++)
    s += crossEntropyOfLogit(Z.data[k] as number, Y.data[k] as number);
  return s / Z.size;
}

/**
 * ∂J/∂Z of sigmoid + cross-entropy: (σ(Z) − Y)/m = (A − Y)/m (1×m).
 * The shortcut: ∂J/∂a = (a − y)/(a(1 − a)) and ∂a/∂z = a(1 − a) cancel, leaving a − y (per example).
 */
export function crossEntropyLogitsGradient(Z: Matrix, Y: Matrix): Matrix {
  checkPair(Z, Y, "Z", "Y");
  const m = Z.size;
  return Z.zip(Y, (z, y) => (sigmoid(z) - y) / m);
}
