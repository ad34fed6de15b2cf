/**
 * Shapes: how every error names them, the raw form of a matrix (a shape and its row-major values),
 * and the one broadcasting rule every elementwise operation follows. The bottom of the numeric
 * core: imports nothing. Taught in: 00-welcome (shapes, the n×m layout, errors that name them),
 * 02-single-neuron (broadcasting). Above it only validate.ts (what a valid number is).
 */
import { checkNumber, describeValue, RULES } from "./validate";

/** `rows×cols`, the way every error message names a shape. */
export function shapeStr(rows: number, cols: number): string {
  return `${rows}×${cols}`;
}

/** Thrown when shapes do not fit together; the message names both shapes. */
export class ShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShapeError";
  }
}

/** A shape: rows×cols. */
export interface Shape {
  readonly rows: number;
  readonly cols: number;
}

/**
 * The raw form of a matrix: a shape and its float64 values, row-major, element (i, j) at
 * `data[i * cols + j]`. Every `Matrix` is one; the loops of the core (elementwise.ts, rearrange.ts,
 * reduce.ts) work on this form.
 */
export interface RawMatrix extends Shape {
  readonly data: Float64Array;
}

/**
 * The shape of an elementwise A (op) B with broadcasting in 2-D, numpy's rule: along each dimension
 * the sizes are equal, or one of them is 1 and that row or column repeats (a bias b, n×1, added to
 * W·X, n×m, repeats across the m columns). Throws a ShapeError naming both shapes and the operation
 * `op` otherwise.
 */
export function broadcastShape(op: string, A: Shape, B: Shape): Shape {
  return {
    rows: broadcastDim(op, A, B, A.rows, B.rows, "rows"),
    cols: broadcastDim(op, A, B, A.cols, B.cols, "columns"),
  };
}

function broadcastDim(op: string, A: Shape, B: Shape, a: number, b: number, what: string): number {
  if (a === b) return a;
  if (a === 1) return b;
  if (b === 1) return a;
  throw new ShapeError(
    `${op}: shapes ${shapeStr(A.rows, A.cols)} and ${shapeStr(B.rows, B.cols)} do not fit: ` +
      `${what} ${a} and ${b} differ and neither is 1 ` +
      `(elementwise operations need equal shapes, or a row/column vector to repeat)`,
  );
}

/** True when i is a position along a dimension of length n: an integer with 0 ≤ i < n. */
export function isIndex(i: number, n: number): boolean {
  return Number.isInteger(i) && i >= 0 && i < n;
}

/**
 * Throws unless rows×cols is a shape (whole numbers ≥ 0: "Matrix: rows must be a whole number ≥ 0, got "2"
 * (a string)") that `data`, if given, fills exactly.
 */
export function checkShape(rows: number, cols: number, data?: Float64Array): void {
  checkNumber(rows, "Matrix: rows", RULES.count);
  checkNumber(cols, "Matrix: cols", RULES.count);
  if (data !== undefined && !(data instanceof Float64Array)) {
    throw new TypeError(
      `Matrix: data must be a Float64Array of ${rows * cols} values, got ${describeValue(data)} (Matrix.from reads arrays)`,
    );
  }
  if (data && data.length !== rows * cols) {
    const needs = `needs ${rows * cols} values, got ${data.length}`;
    throw new ShapeError(`Matrix: a ${shapeStr(rows, cols)} matrix ${needs}`);
  }
}

/** Throws unless (i, j) is an element of A: "index (2, 0) is outside a 2×3 matrix". */
export function checkIndex(A: Shape, i: number, j: number): void {
  if (!isIndex(i, A.rows) || !isIndex(j, A.cols)) {
    throw new RangeError(`index (${i}, ${j}) is outside a ${shapeStr(A.rows, A.cols)} matrix`);
  }
}
