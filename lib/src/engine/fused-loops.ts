/**
 * The network engine's elementwise loops (network-engine.ts runs them): one pass over a layer's values per
 * direction. Each value is computed by the same floating-point operations, in the same order, as the readable
 * code (learning/activations.ts, learning/losses.ts, models/backprop.ts), so the numbers are the same bit for
 * bit (test/engine/engine.test.ts). Nothing here teaches.
 */
import { LEAKY_SLOPE, type ActivationName } from "../learning/activations";
import type { Matrix } from "../core/matrix";
import type { ElementwiseKernel } from "./elementwise-wasm";

/** A = g(Z) elementwise into `out` (the formulas of learning/activations.ts, loop by loop). */
export function applyActivation(name: ActivationName, Z: Float64Array, out: Float64Array): void {
  const n = Z.length;
  switch (name) {
    case "sigmoid":
      for (let k = 0; k < n; k++) {
        const z = Z[k] as number;
        if (z >= 0) out[k] = 1 / (1 + Math.exp(-z));
        else {
          const e = Math.exp(z);
          out[k] = e / (1 + e);
        }
      }
      return;
    case "tanh":
      for (let k = 0; k < n; k++) out[k] = Math.tanh(Z[k] as number);
      return;
    case "relu":
      for (let k = 0; k < n; k++) {
        const z = Z[k] as number;
        out[k] = z > 0 ? z : 0;
      }
      return;
    case "leakyRelu":
      for (let k = 0; k < n; k++) {
        const z = Z[k] as number;
        out[k] = z > 0 ? z : LEAKY_SLOPE * z;
      }
      return;
    case "linear":
      out.set(Z);
      return;
  }
}

/** Z ← Z + b (b_i added to row i of the rows×m matrix Z), in place. */
export function addBias(z: Float64Array, b: Float64Array, rows: number, m: number): void {
  for (let i = 0; i < rows; i++) {
    const bi = b[i] as number;
    const row = i * m;
    for (let j = 0; j < m; j++) z[row + j] = (z[row + j] as number) + bi;
  }
}

/**
 * Z ← Z + b and A = g(Z) in one pass over the rows×m values (rather than one pass to add, one to activate):
 * the same operations as `addBias` then `applyActivation`, so the same numbers.
 */
export function addBiasAndActivate(
  name: ActivationName,
  z: Float64Array,
  b: Float64Array,
  rows: number,
  m: number,
  out: Float64Array,
  fast: ElementwiseKernel | null = null,
): void {
  if (name === "tanh" && fast) {
    fast.tanhBiasInto(z, b, rows, m, out); // within 4 ulp of Math.tanh (engine/elementwise-wasm.ts)
    return;
  }
  if (name === "sigmoid" || name === "linear") {
    addBias(z, b, rows, m);
    applyActivation(name, z, out);
    return;
  }
  for (let i = 0; i < rows; i++) {
    const bi = b[i] as number;
    const end = (i + 1) * m;
    if (name === "tanh")
      for (let k = i * m; k < end; k++) {
        const v = (z[k] as number) + bi;
        z[k] = v;
        out[k] = Math.tanh(v);
      }
    else if (name === "relu")
      for (let k = i * m; k < end; k++) {
        const v = (z[k] as number) + bi;
        z[k] = v;
        out[k] = v > 0 ? v : 0;
      }
    else
      for (let k = i * m; k < end; k++) {
        const v = (z[k] as number) + bi;
        z[k] = v;
        out[k] = v > 0 ? v : LEAKY_SLOPE * v;
      }
  }
}

/** A training step's sigmoid output layer, fused: the labels Y, dZ^[L] to fill, and Σ of the losses (set). */
export interface FusedOutput {
  Y: Matrix;
  dZ: Float64Array;
  costSum: number;
  /** While the fused product kernel is active: the elementwise WebAssembly kernel (see `fastElementwise`). */
  fast: ElementwiseKernel | null;
}

/**
 * The sigmoid output layer of a training step in one pass over its rows×m logits (one e^(−|z|) per entry):
 *   z ← z + b,   a = σ(z),   dZ^[L] = a − y,   returns Σ crossEntropyOfLogit(z, y).
 * Each value by the same operations as `addBias`, `applyActivation`'s sigmoid, `crossEntropyOfLogit` and
 * the backward pass's A − Y (e^(−z) for z ≥ 0 and e^z for z < 0 are both e^(−|z|)), the sum in the same order.
 */
export function sigmoidOutputInto(
  z: Float64Array,
  b: Float64Array,
  m: number,
  out: Float64Array,
  y: Float64Array,
  dZ: Float64Array,
): number {
  let s = 0;
  for (let i = 0, row = 0; row < z.length; i++, row += m) {
    const bi = b[i] as number;
    for (let k = row; k < row + m; k++) {
      const v = (z[k] as number) + bi;
      z[k] = v;
      const e = Math.exp(-Math.abs(v));
      const a = v >= 0 ? 1 / (1 + e) : e / (1 + e);
      out[k] = a;
      const yk = y[k] as number;
      dZ[k] = a - yk;
      s += Math.max(v, 0) - v * yk + Math.log1p(e);
    }
  }
  return s;
}

/**
 * `sigmoidOutputInto` by the elementwise WebAssembly kernel, row by row (see engine/elementwise-wasm.ts): σ
 * and each loss within a few ulp, the sums in another order (two lanes).
 */
export function sigmoidOutputFastInto(
  fast: ElementwiseKernel,
  z: Float64Array,
  b: Float64Array,
  m: number,
  out: Float64Array,
  y: Float64Array,
  dZ: Float64Array,
): number {
  let s = 0;
  for (let i = 0, row = 0; row < z.length; i++, row += m)
    s += fast.sigmoidOutputRow(z, b[i] as number, y, out, dZ, row, m).costSum;
  return s;
}

/** dA ⊙ g′(Z), in place in dA; g′ as learning/activations.ts's `derivative` (tanh and σ from the cached A = g(Z)). */
export function multiplyByDerivative(
  name: ActivationName,
  dA: Float64Array,
  Z: Float64Array,
  A: Float64Array,
): void {
  const n = dA.length;
  switch (name) {
    case "sigmoid":
      for (let k = 0; k < n; k++) {
        const a = A[k] as number;
        dA[k] = (dA[k] as number) * (a * (1 - a)); // σ′(z) = a(1 − a)
      }
      return;
    case "tanh":
      for (let k = 0; k < n; k++) {
        const a = A[k] as number;
        dA[k] = (dA[k] as number) * (1 - a * a); // tanh′(z) = 1 − a²
      }
      return;
    case "relu":
      for (let k = 0; k < n; k++) dA[k] = (dA[k] as number) * +((Z[k] as number) > 0);
      return;
    case "leakyRelu":
      for (let k = 0; k < n; k++)
        if (!((Z[k] as number) > 0)) dA[k] = (dA[k] as number) * LEAKY_SLOPE;
      return;
    case "linear":
      return;
  }
}

/**
 * dA ⊙ g′(Z) in place (as `multiplyByDerivative`), and in the same pass sums[i] = Σ_j of row i of the result
 * (added left to right, as the db loop adds them): dZ^[l] and the sums db^[l] needs, in one pass.
 */
export function multiplyByDerivativeAndSum(
  name: ActivationName,
  dA: Float64Array,
  Z: Float64Array,
  A: Float64Array,
  rows: number,
  m: number,
  sums: Float64Array,
): void {
  if (name !== "tanh" && name !== "relu") {
    multiplyByDerivative(name, dA, Z, A);
    rowSumsInto(dA, rows, m, sums);
    return;
  }
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const end = (i + 1) * m;
    if (name === "tanh")
      for (let k = i * m; k < end; k++) {
        const a = A[k] as number;
        const d = (dA[k] as number) * (1 - a * a); // tanh′(z) = 1 − a²
        dA[k] = d;
        s += d;
      }
    else
      for (let k = i * m; k < end; k++) {
        const d = (dA[k] as number) * +((Z[k] as number) > 0);
        dA[k] = d;
        s += d;
      }
    sums[i] = s;
  }
}

/** sums[i] = Σ_j v[i, j] of the rows×m matrix v, left to right. */
export function rowSumsInto(v: Float64Array, rows: number, m: number, sums: Float64Array): void {
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const row = i * m;
    for (let j = 0; j < m; j++) s += v[row + j] as number;
    sums[i] = s;
  }
}

/** d ← s·d in place, four values per loop turn (the same product per value as `d[k] = s * d[k]`). */
export function scaleInPlace(d: Float64Array, s: number): void {
  const n = d.length;
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    d[k] = s * (d[k] as number);
    d[k + 1] = s * (d[k + 1] as number);
    d[k + 2] = s * (d[k + 2] as number);
    d[k + 3] = s * (d[k + 3] as number);
  }
  for (; k < n; k++) d[k] = s * (d[k] as number);
}
