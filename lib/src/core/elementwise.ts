/**
 * Elementwise operations on raw matrices (`RawMatrix`: a shape and its row-major values), with
 * broadcasting: out[i][j] = A[i][j] (op) B[i][j], where a row vector, a column vector or a 1×1
 * repeats to the other's shape. The loops behind `Matrix.add`, `sub`, `mul`, `div`, `zip` and
 * `map`; `Matrix` allocates the result, these fill it.
 */
import type { RawMatrix } from "./shape";

/** The four arithmetic operators, by the name of the `Matrix` method that applies them. */
export type ArithmeticOp = "add" | "sub" | "mul" | "div";

/**
 * How to walk M while walking the broadcast result: the step in M's data from one row to the next,
 * and from one column to the next. A dimension of size 1 steps by 0, so its one row (or column)
 * repeats.
 */
function strides(M: RawMatrix): { row: number; col: number } {
  return { row: M.rows === 1 ? 0 : M.cols, col: M.cols === 1 ? 0 : 1 };
}

/**
 * out[o + t] = a[ai + t·as] (op) b[bi + t·bs] for t < n: one row of an elementwise operation, where
 * a stride of 0 repeats a broadcast value. One loop per operator, so the arithmetic is inlined
 * (calling a function value per element, as `zipInto` does, costs more than the addition itself).
 */
function arithmeticRow(
  op: ArithmeticOp,
  out: Float64Array,
  o: number,
  a: Float64Array,
  ai: number,
  as: number,
  b: Float64Array,
  bi: number,
  bs: number,
  n: number,
): void {
  switch (op) {
    case "add":
      for (let t = 0; t < n; t++)
        out[o + t] = (a[ai + t * as] as number) + (b[bi + t * bs] as number);
      return;
    case "sub":
      for (let t = 0; t < n; t++)
        out[o + t] = (a[ai + t * as] as number) - (b[bi + t * bs] as number);
      return;
    case "mul":
      for (let t = 0; t < n; t++)
        out[o + t] = (a[ai + t * as] as number) * (b[bi + t * bs] as number);
      return;
    case "div":
      for (let t = 0; t < n; t++)
        out[o + t] = (a[ai + t * as] as number) / (b[bi + t * bs] as number);
      return;
  }
}

/**
 * out = A (op) B elementwise, broadcasting A and B to out's shape (from `broadcastShape`; out is
 * overwritten). Same shapes, or a 1×1 B, run as one long row.
 */
export function arithmeticInto(op: ArithmeticOp, A: RawMatrix, B: RawMatrix, out: RawMatrix): void {
  const { rows, cols } = out;
  const aWhole = A.rows === rows && A.cols === cols;
  const bWhole = B.rows === rows && B.cols === cols;
  if (aWhole && (bWhole || B.data.length === 1)) {
    arithmeticRow(op, out.data, 0, A.data, 0, 1, B.data, 0, bWhole ? 1 : 0, rows * cols);
    return;
  }
  const a = strides(A);
  const b = strides(B);
  for (let i = 0; i < rows; i++) {
    arithmeticRow(op, out.data, i * cols, A.data, i * a.row, a.col, B.data, i * b.row, b.col, cols);
  }
}

/**
 * out[i][j] = f(A[i][j], B[i][j]), broadcasting A and B to out's shape (from `broadcastShape`; out
 * is overwritten): any function of two numbers, at the price of a call per element.
 */
export function zipInto(
  A: RawMatrix,
  B: RawMatrix,
  f: (a: number, b: number) => number,
  out: RawMatrix,
): void {
  const { rows, cols, data: o } = out;
  if (A.rows === rows && A.cols === cols && B.rows === rows && B.cols === cols) {
    for (let k = 0; k < o.length; k++) o[k] = f(A.data[k] as number, B.data[k] as number);
    return;
  }
  const a = strides(A);
  const b = strides(B);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      o[i * cols + j] = f(
        A.data[i * a.row + j * a.col] as number,
        B.data[i * b.row + j * b.col] as number,
      );
    }
  }
}

/** out[i][j] = f(A[i][j], i, j) for every element (out has A's shape and is overwritten). */
export function mapInto(
  A: RawMatrix,
  f: (v: number, i: number, j: number) => number,
  out: Float64Array,
): void {
  const { rows, cols, data } = A;
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) out[row + j] = f(data[row + j] as number, i, j);
  }
}

/**
 * θ ← θ − lr·g, element by element and in place (θ and g of the same length): gradient descent's update on
 * raw arrays. The same operation on each element as `theta[i] = theta[i] - lr * g[i]`, four elements per loop
 * turn (V8 runs that about twice as fast on a 64×784 weight matrix: fewer bounds checks and loop tests).
 */
export function subtractScaledInPlace(theta: Float64Array, lr: number, g: Float64Array): void {
  const n = theta.length;
  if (g.length !== n)
    throw new RangeError(`subtractScaledInPlace: θ has ${n} values but g has ${g.length}`);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    theta[i] = (theta[i] as number) - lr * (g[i] as number);
    theta[i + 1] = (theta[i + 1] as number) - lr * (g[i + 1] as number);
    theta[i + 2] = (theta[i + 2] as number) - lr * (g[i + 2] as number);
    theta[i + 3] = (theta[i + 3] as number) - lr * (g[i + 3] as number);
  }
  for (; i < n; i++) theta[i] = (theta[i] as number) - lr * (g[i] as number);
}
