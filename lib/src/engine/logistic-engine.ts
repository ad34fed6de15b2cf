/**
 * Logistic regression's fast path: forward, cost and gradients of models/logistic.ts in one loop over the
 * examples, with no intermediate matrices. Nothing here teaches — read `LogisticRegression.costAndGradients`,
 * which writes the same step with `Matrix` operations:
 *   Z = w·X + b,  A = σ(Z),  J = (1/m) Σ crossEntropyOfLogit(z, y) + penalty,
 *   dw = (A − Y)·Xᵀ/m (+ (λ/m)·w),  db = Σ(A − Y)/m.
 * The loop computes e^(−|z|) once for both the cost's ln(1 + e^(−|z|)) and σ(z), and takes the product with Xᵀ
 * without building Xᵀ. The same floating-point operations in the same order as the readable code, so the same
 * numbers bit for bit (test/engine/engine.test.ts).
 */
import { matmulInto, matmulTransposedInto } from "../core/matmul";
import { Matrix } from "../core/matrix";
import { SparseMatrix, type Features } from "../core/sparse";
import { sparseRows } from "../core/sparse-products";
import { scaleInPlace } from "./fused-loops";
import { fastElementwise } from "./wasm-kernels";

/**
 * J and [dw (1×n), db (1×1)] for weights w (1×n), bias b (1×1), L2 strength λ, X (n×m) and Y (1×m); `penalty`
 * is the model's (λ/(2m))·‖w‖², added to J as it is, and `l2Examples` the m of its gradient (λ/m)·w (default the
 * batch's). No checks: the caller checked the shapes and labels.
 */
export function fastLogisticCostAndGradients(
  w: Matrix,
  b: Matrix,
  lambda: number,
  penalty: number,
  X: Features,
  Y: Matrix,
  l2Examples?: number,
): { cost: number; grads: [Matrix, Matrix] } {
  const n = X.rows;
  const m = X.cols;
  const bias = b.data[0] as number;
  const y = Y.data;
  const invM = 1 / m;
  const dw = new Matrix(1, n);
  if (X instanceof SparseMatrix) {
    const { costSum, sumDZ } = sparsePass(w.data, bias, X.T, y, dw.data);
    return finish(costSum / m + penalty, dw, invM, sumDZ, lambda, w, l2Examples ?? m);
  }
  const Z = new Float64Array(m);
  matmulInto(w.data, X.data, Z, 1, n, m); // w·X
  const dZ = Z; // dZ = A − Y overwrites Z, one example at a time
  const fast = fastElementwise(); // the fused kernel's elementwise WebAssembly loop (elementwise-wasm.ts)
  const { costSum: J, sumDZ } = fast
    ? fast.sigmoidOutputRow(Z, bias, y, null, dZ, 0, m)
    : outputLoop(Z, bias, y, dZ);
  matmulTransposedInto(dZ, X.data, dw.data, 1, m, n); // (A − Y)·Xᵀ, given X = (Xᵀ)ᵀ
  return finish(J / m + penalty, dw, invM, sumDZ, lambda, w, l2Examples ?? m);
}

/** dw ← dw/m (+ (λ/m)·w, m the training set's size) and db = Σ dZ/m: the step's gradients. */
function finish(
  cost: number,
  dw: Matrix,
  invM: number,
  sumDZ: number,
  lambda: number,
  w: Matrix,
  l2Examples: number,
): { cost: number; grads: [Matrix, Matrix] } {
  const d = dw.data;
  scaleInPlace(d, invM);
  if (lambda > 0) {
    const reg = lambda / l2Examples; // λ/m with m the training set's size
    for (let k = 0; k < d.length; k++) d[k] = (d[k] as number) + reg * (w.data[k] as number);
  }
  return { cost, grads: [dw, Matrix.full(1, 1, invM * sumDZ)] };
}

/**
 * A sparse X's step in one pass over its examples, each example's row of Xᵀ read once while it is in the cache:
 * z_j = w·x_j + b (its stored entries), the loss and dZ_j = σ(z_j) − y_j as `outputLoop`, then
 * dw += dZ_j·x_j (dw is zeros on entry). The same operations in the same order as the readable code (w·X, the
 * loss, (A − Y)·Xᵀ: every dw[i] gets its terms in increasing j), so the same numbers bit for bit.
 */
function sparsePass(
  w: Float64Array,
  bias: number,
  XT: SparseMatrix,
  y: Float64Array,
  dw: Float64Array,
): { costSum: number; sumDZ: number } {
  const { rowStart, colIndex, values, picked } = sparseRows(XT);
  let J = 0;
  let sumDZ = 0;
  for (let j = 0; j < XT.rows; j++) {
    const row = picked ? (picked[j] as number) : j;
    const start = rowStart[row] as number;
    const end = rowStart[row + 1] as number;
    let s = 0;
    for (let p = start; p < end; p++)
      s += (w[colIndex[p] as number] as number) * (values[p] as number);
    const z = s + bias; // z = w·x + b
    const e = Math.exp(-Math.abs(z));
    J += Math.max(z, 0) - z * (y[j] as number) + Math.log1p(e); // crossEntropyOfLogit(z, y)
    const a = z >= 0 ? 1 / (1 + e) : e / (1 + e); // σ(z)
    const dz = a - (y[j] as number);
    sumDZ += dz;
    for (let p = start; p < end; p++) {
      const i = colIndex[p] as number;
      dw[i] = (dw[i] as number) + dz * (values[p] as number);
    }
  }
  return { costSum: J, sumDZ };
}

/**
 * z = Z_j + b, J = Σ crossEntropyOfLogit(z, y), dZ_j = σ(z) − y_j (over Z), and Σ dZ: the readable code's
 * operations, one e^(−|z|) for both the loss and σ(z).
 */
function outputLoop(
  Z: Float64Array,
  bias: number,
  y: Float64Array,
  dZ: Float64Array,
): { costSum: number; sumDZ: number } {
  let J = 0;
  let sumDZ = 0;
  for (let j = 0; j < Z.length; j++) {
    const z = (Z[j] as number) + bias; // z = w·x + b
    const e = Math.exp(-Math.abs(z));
    J += Math.max(z, 0) - z * (y[j] as number) + Math.log1p(e); // crossEntropyOfLogit(z, y)
    const a = z >= 0 ? 1 / (1 + e) : e / (1 + e); // σ(z), the overflow-safe form of activations.sigmoid
    dZ[j] = a - (y[j] as number);
    sumDZ += dZ[j] as number;
  }
  return { costSum: J, sumDZ };
}
