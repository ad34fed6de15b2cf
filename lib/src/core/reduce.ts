/**
 * Reductions of raw matrices (`RawMatrix`, row-major) to fewer numbers: sums (of everything or
 * along an axis), extremes, the sum of squares, and the element-by-element comparisons behind
 * `allClose` and `assertFinite`. The loops behind `Matrix.sum`, `mean`, `max`, `min`, `norm`.
 */
import type { RawMatrix } from "./shape";

/** Σ of all values. */
export function sumAll(data: Float64Array): number {
  let s = 0;
  for (let k = 0; k < data.length; k++) s += data[k] as number;
  return s;
}

/**
 * Sums along an axis, keeping two dimensions: axis 0 sums down the rows, out[0][j] = Σ_i A[i][j]
 * (1×cols); axis 1 sums across the columns, out[i][0] = Σ_j A[i][j] (rows×1).
 */
export function sumAlong(A: RawMatrix, axis: 0 | 1): RawMatrix {
  const { rows, cols, data } = A;
  if (axis === 0) {
    const out = new Float64Array(cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) out[j] = (out[j] as number) + (data[i * cols + j] as number);
    }
    return { rows: 1, cols, data: out };
  }
  if (axis === 1) {
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += data[i * cols + j] as number;
      out[i] = s;
    }
    return { rows, cols: 1, data: out };
  }
  throw new RangeError(
    `sum: axis must be 0 (down rows) or 1 (across columns), got ${String(axis)}`,
  );
}

/** The largest value (NaN if any value is NaN; −Infinity for no values). */
export function maxOf(data: Float64Array): number {
  let m = -Infinity;
  for (let k = 0; k < data.length; k++) {
    const v = data[k] as number;
    if (v > m || Number.isNaN(v)) m = v;
  }
  return m;
}

/** The smallest value (NaN if any value is NaN; +Infinity for no values). */
export function minOf(data: Float64Array): number {
  let m = Infinity;
  for (let k = 0; k < data.length; k++) {
    const v = data[k] as number;
    if (v < m || Number.isNaN(v)) m = v;
  }
  return m;
}

/** Σ v² over all values. */
export function sumOfSquares(data: Float64Array): number {
  let s = 0;
  for (let k = 0; k < data.length; k++) s += (data[k] as number) ** 2;
  return s;
}

/** True when every |a[k] − b[k]| ≤ atol + rtol·|b[k]| (NaN is never close; lengths must match). */
export function allCloseData(
  a: Float64Array,
  b: Float64Array,
  rtol: number,
  atol: number,
): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) {
    const x = a[k] as number;
    const y = b[k] as number;
    if (!(Math.abs(x - y) <= atol + rtol * Math.abs(y))) return false;
  }
  return true;
}

/** The position k of the first NaN or ±Infinity in data, or −1 when every value is finite. */
export function firstNonFinite(data: Float64Array): number {
  for (let k = 0; k < data.length; k++) if (!Number.isFinite(data[k] as number)) return k;
  return -1;
}
