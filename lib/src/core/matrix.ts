/**
 * A dense float64 matrix, row-major over a `Float64Array`: the one numeric type of the course.
 *
 * Convention (as in the course's formulas): X is n×m, one COLUMN per example (n features, m
 * examples); y is 1×m; W is n_out×n_in, b n_out×1. Element (i, j) is `data[i * cols + j]`. Taught in:
 * 00-welcome (tour), used everywhere.
 *
 * The class says what each operation means; the loops live beside it on raw arrays: shape.ts
 * (errors, broadcasting), elementwise.ts (A + B…), rearrange.ts (transpose, slices, stacking),
 * reduce.ts (sums), matmul.ts (products), parse.ts (from arrays, mathjs, danfojs), format.ts.
 */
import { arithmeticInto, mapInto, zipInto, type ArithmeticOp } from "./elementwise";
import { formatMatrix, formatNumber } from "./format";
import { matmulInto } from "./matmul";
import { parseList, parseRows, plainRows, type ArrayLike2D, type FrameLike } from "./parse";
import type { Rng } from "./random";
import * as rearrange from "./rearrange";
import * as reduce from "./reduce";
import { broadcastShape, checkIndex, checkShape, ShapeError, shapeStr } from "./shape";
import type { RawMatrix } from "./shape";
import { allocateFloats, checkIsNumber } from "./validate";

export { ShapeError, shapeStr } from "./shape";
export { transposeInto } from "./rearrange";
export type { ArrayLike2D, FrameLike } from "./parse";

/** Node's `util.inspect.custom`: how `console.log` and tslab's cell output print a matrix. */
const inspectCustom: unique symbol = Symbol.for("nodejs.util.inspect.custom");

/** A dense rows×cols matrix of float64 values. */
export class Matrix implements RawMatrix {
  readonly rows: number;
  readonly cols: number;
  /** The values, row-major: element (i, j) at `data[i * cols + j]`. */
  readonly data: Float64Array;

  /** A rows×cols matrix of zeros, or holding `data` (rows·cols values, row-major; not copied). */
  constructor(rows: number, cols: number, data?: Float64Array) {
    checkShape(rows, cols, data);
    this.rows = rows;
    this.cols = cols;
    this.data = data ?? allocateFloats(rows * cols, `a ${shapeStr(rows, cols)} matrix`);
  }

  // ---------------------------------------------------------------- construction
  /** A rows×cols matrix of zeros. */
  static zeros(rows: number, cols: number): Matrix {
    return new Matrix(rows, cols);
  }

  /** A rows×cols matrix of ones. */
  static ones(rows: number, cols: number): Matrix {
    return Matrix.full(rows, cols, 1);
  }

  /** A rows×cols matrix with every element equal to `value`. */
  static full(rows: number, cols: number, value: number): Matrix {
    const M = new Matrix(rows, cols);
    M.data.fill(checkIsNumber(value, "Matrix.full: value"));
    return M;
  }

  /** The n×n identity. */
  static identity(n: number): Matrix {
    return Matrix.zeros(n, n).map((_, i, j) => (i === j ? 1 : 0));
  }

  /** From rows of numbers (`[[1, 2], [3, 4]]` is 2×2); a flat list becomes a column vector. */
  static from(values: ArrayLike<number>[] | number[]): Matrix {
    return Matrix.of(parseRows(plainRows(values, "Matrix.from"), "Matrix.from"));
  }

  /** From a flat row-major list of values and a shape. */
  static fromArray(values: ArrayLike<number>, rows: number, cols: number): Matrix {
    const data = parseList(values, "Matrix.fromArray");
    if (data.length !== rows * cols) {
      const fill = `${data.length} values cannot fill a ${shapeStr(rows, cols)} matrix`;
      throw new ShapeError(`Matrix.fromArray: ${fill} (needs ${rows * cols})`);
    }
    return new Matrix(rows, cols, data);
  }

  /** A column vector (n×1) from n values. */
  static column(values: ArrayLike<number>): Matrix {
    const data = parseList(values, "Matrix.column");
    return new Matrix(data.length, 1, data);
  }

  /** A row vector (1×n) from n values. */
  static row(values: ArrayLike<number>): Matrix {
    const data = parseList(values, "Matrix.row");
    return new Matrix(1, data.length, data);
  }

  /** From a mathjs matrix (or anything with `toArray()`): `Matrix.fromMathjs(math.matrix(…))`. */
  static fromMathjs(m: ArrayLike2D): Matrix {
    if (typeof m?.toArray !== "function")
      throw new TypeError(
        `Matrix.fromMathjs: expected a mathjs matrix (anything with toArray()), got ${String(m)}`,
      );
    return Matrix.of(parseRows(m.toArray(), "Matrix.fromMathjs"));
  }

  /**
   * From a danfojs DataFrame (its rows become rows: an m×n frame gives an m×n matrix; use `.T` for
   * the course's features×examples layout) or a Series (a column vector).
   */
  static fromFrame(frame: FrameLike): Matrix {
    return Matrix.of(parseRows(frame.values, "Matrix.fromFrame"));
  }

  /** A raw matrix (a shape and its row-major values) as a Matrix, sharing its values. */
  static of(raw: RawMatrix): Matrix {
    return raw instanceof Matrix ? raw : new Matrix(raw.rows, raw.cols, raw.data);
  }

  /** i.i.d. uniform values on [lo, hi), drawn from the seeded `rng`. */
  static uniform(rows: number, cols: number, rng: Rng, lo = 0, hi = 1): Matrix {
    return new Matrix(rows, cols, rng.uniformArray(rows * cols, lo, hi));
  }

  /** i.i.d. normal values N(mean, std²), drawn from the seeded `rng`. */
  static normal(rows: number, cols: number, rng: Rng, mean = 0, std = 1): Matrix {
    return new Matrix(rows, cols, rng.normalArray(rows * cols, mean, std));
  }

  /** Side by side: [A B C] (all need the same number of rows). */
  static hstack(parts: Matrix[]): Matrix {
    return Matrix.of(rearrange.joinColumns(parts));
  }

  /** One above the other (all need the same number of columns). */
  static vstack(parts: Matrix[]): Matrix {
    return Matrix.of(rearrange.joinRows(parts));
  }

  // ---------------------------------------------------------------- access
  /** The shape as text, e.g. "2×400". */
  shape(): string {
    return shapeStr(this.rows, this.cols);
  }

  /** Number of elements. */
  get size(): number {
    return this.data.length;
  }

  /** Element (i, j), zero-based. */
  get(i: number, j: number): number {
    checkIndex(this, i, j);
    return this.data[i * this.cols + j] as number;
  }

  /** Sets element (i, j) in place. */
  set(i: number, j: number, value: number): this {
    checkIndex(this, i, j);
    this.data[i * this.cols + j] = checkIsNumber(value, `set(${i}, ${j}, value): value`);
    return this;
  }

  /** The single value of a 1×1 matrix. */
  item(): number {
    if (this.size !== 1) {
      throw new ShapeError(`item(): needs a 1×1 matrix, this one is ${this.shape()}`);
    }
    return this.data[0] as number;
  }

  /** Rows of plain numbers (for printing, JSON, mathjs: `math.matrix(M.toArray())`). */
  toArray(): number[][] {
    return Array.from({ length: this.rows }, (_, i) => this.row(i).toList());
  }

  /** All values in row-major order as a plain list (handy for plots). */
  toList(): number[] {
    return Array.from(this.data);
  }

  /** A deep copy. */
  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  /** The same values in a new shape (row-major order kept). */
  reshape(rows: number, cols: number): Matrix {
    if (rows * cols !== this.size) {
      const has = `a ${this.shape()} matrix has ${this.size} values`;
      throw new ShapeError(`reshape: ${has} and cannot become ${shapeStr(rows, cols)}`);
    }
    return new Matrix(rows, cols, this.data.slice());
  }

  /** Row i as a 1×cols matrix. */
  row(i: number): Matrix {
    return Matrix.of(rearrange.pickRows(this, [i]));
  }

  /** Column j as a rows×1 matrix. */
  col(j: number): Matrix {
    return Matrix.of(rearrange.pickCols(this, [j]));
  }

  /** Rows start ≤ i < end (like `Array.slice`). */
  sliceRows(start: number, end: number = this.rows): Matrix {
    return Matrix.of(rearrange.rowRange(this, start, end));
  }

  /** Columns start ≤ j < end (like `Array.slice`). */
  sliceCols(start: number, end: number = this.cols): Matrix {
    return Matrix.of(rearrange.colRange(this, start, end));
  }

  /** The listed rows, in the listed order. */
  selectRows(indices: ArrayLike<number>): Matrix {
    return Matrix.of(rearrange.pickRows(this, indices, "selectRows"));
  }

  /** The listed columns, in the listed order (e.g. a mini-batch of examples). */
  selectCols(indices: ArrayLike<number>): Matrix {
    return Matrix.of(rearrange.pickCols(this, indices, "selectCols"));
  }

  // ---------------------------------------------------------------- linear algebra
  /** The transpose Aᵀ (cols×rows): out[j][i] = A[i][j] (cache-friendly, see `transposeInto`). */
  transpose(): Matrix {
    const out = new Matrix(this.cols, this.rows);
    rearrange.transposeInto(this.data, this.rows, this.cols, out.data);
    return out;
  }

  /** The transpose Aᵀ, as a property: `X.T`. */
  get T(): Matrix {
    return this.transpose();
  }

  /** The matrix product this·B: (m×k)·(k×n) → m×n, C[i][j] = Σ_p A[i][p]·B[p][j]. */
  matmul(B: Matrix): Matrix {
    if (this.cols !== B.rows) {
      const inner = `inner dimensions ${this.cols} and ${B.rows} differ`;
      throw new ShapeError(`matmul: A is ${this.shape()} but B is ${B.shape()}: ${inner}`);
    }
    const out = new Matrix(this.rows, B.cols);
    matmulInto(this.data, B.data, out.data, this.rows, this.cols, B.cols);
    return out;
  }

  // ---------------------------------------------------------------- elementwise
  /** f applied to every element: out[i][j] = f(A[i][j], i, j). */
  map(f: (v: number, i: number, j: number) => number): Matrix {
    const out = new Matrix(this.rows, this.cols);
    mapInto(this, f, out.data);
    return out;
  }

  /**
   * f applied pairwise: out = f(A, B) element by element. B may have the same shape, be a column
   * vector (rows×1, repeated across columns), a row vector (1×cols, repeated down rows), 1×1, or a
   * number; `this` may be the vector instead (numpy-style broadcasting in 2-D).
   */
  zip(B: Matrix | number, f: (a: number, b: number) => number, op = "zip"): Matrix {
    const b = typeof B === "number" ? scalar(B) : B;
    const { rows, cols } = broadcastShape(op, this, b);
    const out = new Matrix(rows, cols);
    zipInto(this, b, f, out);
    return out;
  }

  /** A + B (elementwise, with broadcasting; see `zip`). */
  add(B: Matrix | number): Matrix {
    return this.arithmetic("add", B);
  }

  /** A − B (elementwise, with broadcasting). */
  sub(B: Matrix | number): Matrix {
    return this.arithmetic("sub", B);
  }

  /** A ⊙ B, the elementwise (Hadamard) product, with broadcasting (not `matmul`, the product). */
  mul(B: Matrix | number): Matrix {
    return this.arithmetic("mul", B);
  }

  /** A ⊘ B (elementwise division, with broadcasting). */
  div(B: Matrix | number): Matrix {
    return this.arithmetic("div", B);
  }

  /** k·A. */
  scale(k: number): Matrix {
    return this.arithmetic("mul", checkIsNumber(k, "scale: k"));
  }

  /** −A. */
  neg(): Matrix {
    return this.scale(-1);
  }

  /** A (op) B elementwise with the broadcasting of `zip` (a number acts as a 1×1 matrix). */
  private arithmetic(op: ArithmeticOp, B: Matrix | number): Matrix {
    // a string or anything else named as the learner typed it (a number in quotes: "write it without quotes")
    if (typeof B !== "number" && !(B instanceof Matrix)) checkIsNumber(B, `${op}: its argument`);
    const b = typeof B === "number" ? scalar(B) : B;
    const { rows, cols } = broadcastShape(op, this, b);
    const out = new Matrix(rows, cols);
    arithmeticInto(op, this, b, out);
    return out;
  }

  // ---------------------------------------------------------------- reductions
  /**
   * Sum of all elements (no axis), or along an axis, keeping 2-D shape: axis 0 sums down the rows →
   * 1×cols; axis 1 sums across the columns → rows×1 (e.g. db = Σ over examples).
   */
  sum(): number;
  sum(axis: 0 | 1): Matrix;
  sum(axis?: 0 | 1): number | Matrix {
    return axis === undefined ? reduce.sumAll(this.data) : Matrix.of(reduce.sumAlong(this, axis));
  }

  /** Mean of all elements, or along an axis (same shapes as `sum`). */
  mean(): number;
  mean(axis: 0 | 1): Matrix;
  mean(axis?: 0 | 1): number | Matrix {
    const n = axis === undefined ? this.size : axis === 0 ? this.rows : this.cols;
    if (n === 0) {
      const what = axis === undefined ? "an empty" : `along axis ${axis} of a`;
      throw new ShapeError(`mean: cannot average ${what} ${this.shape()} matrix`);
    }
    return axis === undefined ? this.sum() / n : this.sum(axis).scale(1 / n);
  }

  /** Largest element. */
  max(): number {
    if (this.size === 0) throw new ShapeError("max: the matrix is empty (0 elements)");
    return reduce.maxOf(this.data);
  }

  /** Smallest element. */
  min(): number {
    if (this.size === 0) throw new ShapeError("min: the matrix is empty (0 elements)");
    return reduce.minOf(this.data);
  }

  /** The Frobenius norm ‖A‖ = √(Σ a²). */
  norm(): number {
    return Math.sqrt(reduce.sumOfSquares(this.data));
  }

  // ---------------------------------------------------------------- checks
  /** True when shapes match and every |a − b| ≤ atol + rtol·|b|. */
  allClose(B: Matrix, rtol = 1e-9, atol = 1e-12): boolean {
    const sameShape = this.rows === B.rows && this.cols === B.cols;
    return sameShape && reduce.allCloseData(this.data, B.data, rtol, atol);
  }

  /** Throws a learner-readable error naming the first NaN or ±Infinity and where it is. */
  assertFinite(name = "matrix"): this {
    const k = reduce.firstNonFinite(this.data);
    if (k < 0) return this;
    const [i, j, v] = [Math.floor(k / this.cols), k % this.cols, this.data[k] as number];
    const what = `${name} (${this.shape()}) has ${formatNumber(v, 3)} at row ${i}, column ${j}`;
    throw new RangeError(`${what}: every value must be a finite number`);
  }

  /** Throws unless the shape is rows×cols (either may be undefined to skip it). */
  assertShape(rows: number | undefined, cols: number | undefined, name = "matrix"): this {
    if ((rows !== undefined && rows !== this.rows) || (cols !== undefined && cols !== this.cols)) {
      const want = `${rows ?? "any"}×${cols ?? "any"}`;
      throw new ShapeError(`${name} is ${this.shape()} but should be ${want}`);
    }
    return this;
  }

  // ---------------------------------------------------------------- printing
  /**
   * Readable text: the shape, then the rows, each value to `digits` decimals (whole numbers without
   * any when all shown values are whole); large matrices show their corners with "…".
   */
  toString(digits = 4, maxRows = 8, maxCols = 8): string {
    return formatMatrix(this, digits, maxRows, maxCols);
  }

  /** How `console.log` (and so tslab's cell output) prints a matrix. */
  [inspectCustom](): string {
    return this.toString();
  }
}

/** A 1×1 matrix holding v: how a number takes part in an elementwise operation. */
function scalar(v: number): RawMatrix {
  return { rows: 1, cols: 1, data: Float64Array.of(v) };
}

/** Shorthand for `Matrix.from(rows)`: `matrix([[1, 2], [3, 4]])`. */
export function matrix(values: ArrayLike<number>[] | number[]): Matrix {
  return Matrix.from(values);
}
