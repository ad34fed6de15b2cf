/**
 * A dense float64 matrix, row-major over a `Float64Array`: the one numeric type of the course.
 *
 * Convention (as in the course's formulas): a data matrix X is n×m, one COLUMN per example (n features,
 * m examples); labels y are 1×m; a layer's weights W are n_out×n_in and its bias b is n_out×1.
 * Element (i, j) lives at `data[i * cols + j]`. Taught in: 00-welcome (tour) and used everywhere.
 */
import { matmulInto } from "./matmul";
import type { Rng } from "./random";

/** Node's `util.inspect.custom`: lets `console.log` (and tslab's cell output) print a matrix readably. */
const inspectCustom: unique symbol = Symbol.for("nodejs.util.inspect.custom");

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

/** Anything with a `toArray()` that yields numbers, e.g. a mathjs Matrix (kept structural: no import). */
export interface ArrayLike2D {
  toArray(): unknown;
}

/** A danfojs DataFrame or Series, structurally: its `.values` are rows (or one value per row). */
export interface FrameLike {
  values: unknown;
}

function toNumber(v: unknown, where: string): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  throw new TypeError(`${where} is ${JSON.stringify(v)}, which is not a number`);
}

function fromNested(values: unknown, source: string): Matrix {
  if (!Array.isArray(values)) throw new TypeError(`${source}: expected an array of rows, got ${typeof values}`);
  if (values.length === 0) return new Matrix(0, 0);
  if (!Array.isArray(values[0])) {
    // A flat list of numbers becomes a column vector (one value per row).
    const flat = values.map((v, i) => toNumber(v, `${source}: element ${i}`));
    return new Matrix(flat.length, 1, Float64Array.from(flat));
  }
  const rows = values.length;
  const cols = (values[0] as unknown[]).length;
  const out = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) {
    const row = values[i];
    if (!Array.isArray(row) || row.length !== cols) {
      const len = Array.isArray(row) ? row.length : "not an array";
      throw new ShapeError(`${source}: row 0 has ${cols} values but row ${i} has ${len}; every row needs ${cols}`);
    }
    for (let j = 0; j < cols; j++) out.data[i * cols + j] = toNumber(row[j], `${source}: element (${i}, ${j})`);
  }
  return out;
}

function fmt(v: number, digits: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "Inf" : "-Inf";
  const a = Math.abs(v);
  if (v === 0) return (0).toFixed(digits);
  if (a >= 1e5 || a < 1e-4) return v.toExponential(digits - 1);
  return v.toFixed(digits);
}

/** A dense rows×cols matrix of float64 values. */
export class Matrix {
  readonly rows: number;
  readonly cols: number;
  /** The values, row-major: element (i, j) at `data[i * cols + j]`. */
  readonly data: Float64Array;

  constructor(rows: number, cols: number, data?: Float64Array) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new ShapeError(`Matrix: a shape needs non-negative integers, got ${rows}×${cols}`);
    }
    this.rows = rows;
    this.cols = cols;
    if (data) {
      if (data.length !== rows * cols) {
        throw new ShapeError(`Matrix: a ${shapeStr(rows, cols)} matrix needs ${rows * cols} values, got ${data.length}`);
      }
      this.data = data;
    } else {
      this.data = new Float64Array(rows * cols);
    }
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
    const m = new Matrix(rows, cols);
    m.data.fill(value);
    return m;
  }

  /** The n×n identity. */
  static identity(n: number): Matrix {
    const m = new Matrix(n, n);
    for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
    return m;
  }

  /** From rows of numbers (`[[1, 2], [3, 4]]` is 2×2); a flat list becomes a column vector. */
  static from(values: ArrayLike<number>[] | number[]): Matrix {
    return fromNested(Array.from(values as ArrayLike<unknown>, (r) => (typeof r === "object" && r !== null ? Array.from(r as ArrayLike<unknown>) : r)), "Matrix.from");
  }

  /** From a flat row-major list of values and a shape. */
  static fromArray(values: ArrayLike<number>, rows: number, cols: number): Matrix {
    if (values.length !== rows * cols) {
      throw new ShapeError(`Matrix.fromArray: ${values.length} values cannot fill a ${shapeStr(rows, cols)} matrix (needs ${rows * cols})`);
    }
    return new Matrix(rows, cols, Float64Array.from(values));
  }

  /** A column vector (n×1) from n values. */
  static column(values: ArrayLike<number>): Matrix {
    return new Matrix(values.length, 1, Float64Array.from(values));
  }

  /** A row vector (1×n) from n values. */
  static row(values: ArrayLike<number>): Matrix {
    return new Matrix(1, values.length, Float64Array.from(values));
  }

  /** From a mathjs matrix (or anything with `toArray()`), e.g. `Matrix.fromMathjs(math.matrix([[1,2]]))`. */
  static fromMathjs(m: ArrayLike2D): Matrix {
    return fromNested(m.toArray(), "Matrix.fromMathjs");
  }

  /**
   * From a danfojs DataFrame (its rows become rows: an m×n frame gives an m×n matrix; use `.T` for the
   * course's features×examples layout) or a Series (a column vector).
   */
  static fromFrame(frame: FrameLike): Matrix {
    return fromNested(frame.values, "Matrix.fromFrame");
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
    if (parts.length === 0) return new Matrix(0, 0);
    const rows = (parts[0] as Matrix).rows;
    for (const p of parts) {
      if (p.rows !== rows) throw new ShapeError(`hstack: shapes ${parts.map((q) => q.shape()).join(", ")} do not all have ${rows} rows`);
    }
    const cols = parts.reduce((s, p) => s + p.cols, 0);
    const out = new Matrix(rows, cols);
    for (let i = 0; i < rows; i++) {
      let offset = i * cols;
      for (const p of parts) {
        out.data.set(p.data.subarray(i * p.cols, (i + 1) * p.cols), offset);
        offset += p.cols;
      }
    }
    return out;
  }

  /** One above the other (all need the same number of columns). */
  static vstack(parts: Matrix[]): Matrix {
    if (parts.length === 0) return new Matrix(0, 0);
    const cols = (parts[0] as Matrix).cols;
    for (const p of parts) {
      if (p.cols !== cols) throw new ShapeError(`vstack: shapes ${parts.map((q) => q.shape()).join(", ")} do not all have ${cols} columns`);
    }
    const out = new Matrix(parts.reduce((s, p) => s + p.rows, 0), cols);
    let offset = 0;
    for (const p of parts) {
      out.data.set(p.data, offset);
      offset += p.data.length;
    }
    return out;
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
    this.checkIndex(i, j);
    return this.data[i * this.cols + j] as number;
  }

  /** Sets element (i, j) in place. */
  set(i: number, j: number, value: number): this {
    this.checkIndex(i, j);
    this.data[i * this.cols + j] = value;
    return this;
  }

  private checkIndex(i: number, j: number): void {
    if (!(Number.isInteger(i) && Number.isInteger(j) && i >= 0 && j >= 0 && i < this.rows && j < this.cols)) {
      throw new RangeError(`index (${i}, ${j}) is outside a ${this.shape()} matrix`);
    }
  }

  /** The single value of a 1×1 matrix. */
  item(): number {
    if (this.size !== 1) throw new ShapeError(`item(): needs a 1×1 matrix, this one is ${this.shape()}`);
    return this.data[0] as number;
  }

  /** Rows of plain numbers (for printing, JSON, mathjs: `math.matrix(M.toArray())`). */
  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)));
    return out;
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
      throw new ShapeError(`reshape: a ${this.shape()} matrix has ${this.size} values and cannot become ${shapeStr(rows, cols)}`);
    }
    return new Matrix(rows, cols, this.data.slice());
  }

  /** Row i as a 1×cols matrix. */
  row(i: number): Matrix {
    if (!Number.isInteger(i) || i < 0 || i >= this.rows) throw new RangeError(`row ${i} is outside a ${this.shape()} matrix`);
    return new Matrix(1, this.cols, this.data.slice(i * this.cols, (i + 1) * this.cols));
  }

  /** Column j as a rows×1 matrix. */
  col(j: number): Matrix {
    if (!Number.isInteger(j) || j < 0 || j >= this.cols) throw new RangeError(`column ${j} is outside a ${this.shape()} matrix`);
    const out = new Matrix(this.rows, 1);
    for (let i = 0; i < this.rows; i++) out.data[i] = this.data[i * this.cols + j] as number;
    return out;
  }

  /** Rows start ≤ i < end (like `Array.slice`). */
  sliceRows(start: number, end: number = this.rows): Matrix {
    const s = Math.max(0, Math.min(start, this.rows));
    const e = Math.max(s, Math.min(end, this.rows));
    return new Matrix(e - s, this.cols, this.data.slice(s * this.cols, e * this.cols));
  }

  /** Columns start ≤ j < end (like `Array.slice`). */
  sliceCols(start: number, end: number = this.cols): Matrix {
    const s = Math.max(0, Math.min(start, this.cols));
    const e = Math.max(s, Math.min(end, this.cols));
    const out = new Matrix(this.rows, e - s);
    for (let i = 0; i < this.rows; i++) {
      out.data.set(this.data.subarray(i * this.cols + s, i * this.cols + e), i * out.cols);
    }
    return out;
  }

  /** The listed rows, in the listed order. */
  selectRows(indices: ArrayLike<number>): Matrix {
    const out = new Matrix(indices.length, this.cols);
    for (let r = 0; r < indices.length; r++) {
      const i = indices[r] as number;
      if (!Number.isInteger(i) || i < 0 || i >= this.rows) throw new RangeError(`selectRows: row ${i} is outside a ${this.shape()} matrix`);
      out.data.set(this.data.subarray(i * this.cols, (i + 1) * this.cols), r * this.cols);
    }
    return out;
  }

  /** The listed columns, in the listed order (e.g. a mini-batch of examples). */
  selectCols(indices: ArrayLike<number>): Matrix {
    const n = indices.length;
    for (let c = 0; c < n; c++) {
      const j = indices[c] as number;
      if (!Number.isInteger(j) || j < 0 || j >= this.cols) throw new RangeError(`selectCols: column ${j} is outside a ${this.shape()} matrix`);
    }
    const out = new Matrix(this.rows, n);
    const { rows, cols, data } = this;
    const o = out.data;
    if (n * 16 < cols) {
      // A few columns of a wide matrix: walk down each column. The reads then step by a fixed stride, which the
      // processor's prefetcher follows; walking along rows would jump to a new cache line for every value.
      for (let c = 0; c < n; c++) {
        const j = indices[c] as number;
        for (let i = 0; i < rows; i++) o[i * n + c] = data[i * cols + j] as number;
      }
    } else {
      // Many columns: walk along each row, which stays in the cache while its values are picked.
      for (let i = 0; i < rows; i++) {
        const src = i * cols;
        const dst = i * n;
        for (let c = 0; c < n; c++) o[dst + c] = data[src + (indices[c] as number)] as number;
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- linear algebra

  /**
   * The transpose Aᵀ (cols×rows): out[j][i] = A[i][j]. Eight rows of A at a time: reading row i of A writes down
   * a column of Aᵀ, one value per cache line; taking rows i…i+7 together fills 8 neighbouring values — a whole
   * 64-byte cache line — of each row of Aᵀ at once (2–3 times faster than one row at a time).
   */
  transpose(): Matrix {
    const out = new Matrix(this.cols, this.rows);
    transposeInto(this.data, this.rows, this.cols, out.data);
    return out;
  }

  /** The transpose Aᵀ, as a property: `X.T`. */
  get T(): Matrix {
    return this.transpose();
  }

  /** The matrix product this·B: (m×k)·(k×n) → m×n. */
  matmul(B: Matrix): Matrix {
    if (this.cols !== B.rows) {
      throw new ShapeError(
        `matmul: A is ${this.shape()} but B is ${B.shape()}: inner dimensions ${this.cols} and ${B.rows} differ`,
      );
    }
    const out = new Matrix(this.rows, B.cols);
    matmulInto(this.data, B.data, out.data, this.rows, this.cols, B.cols);
    return out;
  }

  // ---------------------------------------------------------------- elementwise

  /** f applied to every element: out[i][j] = f(A[i][j], i, j). */
  map(f: (v: number, i: number, j: number) => number): Matrix {
    const { rows, cols, data } = this;
    const out = new Matrix(rows, cols);
    const o = out.data;
    for (let i = 0; i < rows; i++) {
      const row = i * cols;
      for (let j = 0; j < cols; j++) o[row + j] = f(data[row + j] as number, i, j);
    }
    return out;
  }

  /**
   * f applied pairwise: out = f(A, B) element by element. B may have the same shape, be a column vector
   * (rows×1, repeated across columns), a row vector (1×cols, repeated down rows), 1×1, or a number;
   * `this` may be the vector instead (numpy-style broadcasting in 2-D).
   */
  zip(B: Matrix | number, f: (a: number, b: number) => number, op = "zip"): Matrix {
    if (typeof B === "number") {
      const out = new Matrix(this.rows, this.cols);
      for (let k = 0; k < this.data.length; k++) out.data[k] = f(this.data[k] as number, B);
      return out;
    }
    const rows = broadcastDim(this.rows, B.rows, this, B, op, "rows");
    const cols = broadcastDim(this.cols, B.cols, this, B, op, "columns");
    const out = new Matrix(rows, cols);
    if (this.rows === B.rows && this.cols === B.cols) {
      const a = this.data;
      const b = B.data;
      for (let k = 0; k < a.length; k++) out.data[k] = f(a[k] as number, b[k] as number);
      return out;
    }
    const aRow = this.rows === 1 ? 0 : this.cols;
    const aCol = this.cols === 1 ? 0 : 1;
    const bRow = B.rows === 1 ? 0 : B.cols;
    const bCol = B.cols === 1 ? 0 : 1;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        out.data[i * cols + j] = f(this.data[i * aRow + j * aCol] as number, B.data[i * bRow + j * bCol] as number);
      }
    }
    return out;
  }

  /** A + B (elementwise, with broadcasting; see `zip`). */
  add(B: Matrix | number): Matrix {
    return arithmetic(this, B, "add");
  }

  /** A − B (elementwise, with broadcasting). */
  sub(B: Matrix | number): Matrix {
    return arithmetic(this, B, "sub");
  }

  /** A ⊙ B, the elementwise (Hadamard) product, with broadcasting. Not the matrix product: see `matmul`. */
  mul(B: Matrix | number): Matrix {
    return arithmetic(this, B, "mul");
  }

  /** A ⊘ B (elementwise division, with broadcasting). */
  div(B: Matrix | number): Matrix {
    return arithmetic(this, B, "div");
  }

  /** k·A. */
  scale(k: number): Matrix {
    const out = new Matrix(this.rows, this.cols);
    for (let i = 0; i < this.data.length; i++) out.data[i] = k * (this.data[i] as number);
    return out;
  }

  /** −A. */
  neg(): Matrix {
    return this.scale(-1);
  }

  // ---------------------------------------------------------------- reductions

  /**
   * Sum of all elements (no axis), or along an axis, keeping 2-D shape:
   * axis 0 sums down the rows → 1×cols; axis 1 sums across the columns → rows×1 (e.g. db = Σ over examples).
   */
  sum(): number;
  sum(axis: 0 | 1): Matrix;
  sum(axis?: 0 | 1): number | Matrix {
    const { rows, cols, data } = this;
    if (axis === undefined) {
      let s = 0;
      for (let k = 0; k < data.length; k++) s += data[k] as number;
      return s;
    }
    if (axis === 0) {
      const out = new Matrix(1, cols);
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out.data[j] = (out.data[j] as number) + (data[i * cols + j] as number);
      return out;
    }
    if (axis === 1) {
      const out = new Matrix(rows, 1);
      for (let i = 0; i < rows; i++) {
        let s = 0;
        for (let j = 0; j < cols; j++) s += data[i * cols + j] as number;
        out.data[i] = s;
      }
      return out;
    }
    throw new RangeError(`sum: axis must be 0 (down rows) or 1 (across columns), got ${String(axis)}`);
  }

  /** Mean of all elements, or along an axis (same shapes as `sum`). */
  mean(): number;
  mean(axis: 0 | 1): Matrix;
  mean(axis?: 0 | 1): number | Matrix {
    if (axis === undefined) {
      if (this.size === 0) throw new ShapeError("mean: the matrix is empty (0 elements)");
      return this.sum() / this.size;
    }
    const n = axis === 0 ? this.rows : this.cols;
    if (n === 0) throw new ShapeError(`mean: cannot average along axis ${axis} of a ${this.shape()} matrix`);
    return this.sum(axis).scale(1 / n);
  }

  /** Largest element. */
  max(): number {
    if (this.size === 0) throw new ShapeError("max: the matrix is empty (0 elements)");
    let m = -Infinity;
    for (let k = 0; k < this.data.length; k++) if ((this.data[k] as number) > m || Number.isNaN(this.data[k] as number)) m = this.data[k] as number;
    return m;
  }

  /** Smallest element. */
  min(): number {
    if (this.size === 0) throw new ShapeError("min: the matrix is empty (0 elements)");
    let m = Infinity;
    for (let k = 0; k < this.data.length; k++) if ((this.data[k] as number) < m || Number.isNaN(this.data[k] as number)) m = this.data[k] as number;
    return m;
  }

  /** The Frobenius norm ‖A‖ = √(Σ a²). */
  norm(): number {
    let s = 0;
    for (let k = 0; k < this.data.length; k++) s += (this.data[k] as number) ** 2;
    return Math.sqrt(s);
  }

  // ---------------------------------------------------------------- checks

  /** True when shapes match and every |a − b| ≤ atol + rtol·|b|. */
  allClose(B: Matrix, rtol = 1e-9, atol = 1e-12): boolean {
    if (this.rows !== B.rows || this.cols !== B.cols) return false;
    for (let k = 0; k < this.data.length; k++) {
      const a = this.data[k] as number;
      const b = B.data[k] as number;
      if (!(Math.abs(a - b) <= atol + rtol * Math.abs(b))) return false;
    }
    return true;
  }

  /** Throws a learner-readable error naming the first NaN or ±Infinity, e.g. "X has NaN at (3, 5)". */
  assertFinite(name = "matrix"): this {
    for (let k = 0; k < this.data.length; k++) {
      const v = this.data[k] as number;
      if (!Number.isFinite(v)) {
        const i = Math.floor(k / this.cols);
        const j = k % this.cols;
        throw new RangeError(`${name} (${this.shape()}) has ${fmt(v, 3)} at row ${i}, column ${j}: every value must be a finite number`);
      }
    }
    return this;
  }

  /** Throws unless the shape is rows×cols (either may be undefined to skip it). */
  assertShape(rows: number | undefined, cols: number | undefined, name = "matrix"): this {
    if ((rows !== undefined && rows !== this.rows) || (cols !== undefined && cols !== this.cols)) {
      throw new ShapeError(`${name} is ${this.shape()} but should be ${rows ?? "any"}×${cols ?? "any"}`);
    }
    return this;
  }

  // ---------------------------------------------------------------- printing

  /**
   * Readable text: the shape, then the rows, each value to `digits` decimals (whole numbers without any when
   * all shown values are whole); large matrices show their corners with "…".
   */
  toString(digits = 4, maxRows = 8, maxCols = 8): string {
    const rowIdx = pickIndices(this.rows, maxRows);
    const colIdx = pickIndices(this.cols, maxCols);
    // When every shown value is a whole number (labels, counts, pixel values), print them without decimals.
    const shown = rowIdx.flatMap((i) => colIdx.map((j) => (i < 0 || j < 0 ? 0 : (this.data[i * this.cols + j] as number))));
    const whole = shown.every((v) => !Number.isFinite(v) || (Number.isInteger(v) && Math.abs(v) < 1e15));
    const show = (v: number): string => (whole && Number.isFinite(v) ? String(v) : fmt(v, digits));
    const cells = rowIdx.map((i) => colIdx.map((j) => (i < 0 || j < 0 ? "…" : show(this.data[i * this.cols + j] as number))));
    const width = Math.max(1, ...cells.flat().map((s) => s.length));
    const lines = cells.map((r) => "  [" + r.map((s) => s.padStart(width)).join(", ") + "]");
    return `Matrix ${this.shape()}\n` + (lines.length ? lines.join("\n") : "  (empty)");
  }

  /** How `console.log` (and so tslab's cell output) prints a matrix. */
  [inspectCustom](): string {
    return this.toString();
  }
}

/**
 * dst (cols×rows, row-major) = srcᵀ for src rows×cols: dst[j][i] = src[i][j]. Eight rows of src at a time:
 * reading row i writes down a column of the transpose, one value per cache line; taking rows i…i+7 together fills
 * 8 neighbouring values — a whole 64-byte cache line — of each output row at once (2–3 times faster than one row
 * at a time). A row or column vector's transpose holds the same values in the same order: a plain copy.
 */
export function transposeInto(src: Float64Array, rows: number, cols: number, dst: Float64Array): void {
  if (rows === 1 || cols === 1) {
    dst.set(src.subarray(0, rows * cols));
    return;
  }
  let i = 0;
  for (; i + 8 <= rows; i += 8) {
    const a = i * cols;
    for (let j = 0; j < cols; j++) {
      const d = j * rows + i;
      const s = a + j;
      dst[d] = src[s] as number;
      dst[d + 1] = src[s + cols] as number;
      dst[d + 2] = src[s + 2 * cols] as number;
      dst[d + 3] = src[s + 3 * cols] as number;
      dst[d + 4] = src[s + 4 * cols] as number;
      dst[d + 5] = src[s + 5 * cols] as number;
      dst[d + 6] = src[s + 6 * cols] as number;
      dst[d + 7] = src[s + 7 * cols] as number;
    }
  }
  for (; i < rows; i++) {
    const a = i * cols;
    for (let j = 0; j < cols; j++) dst[j * rows + i] = src[a + j] as number;
  }
}

/** Indices to show for a dimension of length n with at most max entries; −1 marks the "…" gap. */
function pickIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const head = Math.ceil((max - 1) / 2);
  const tail = max - 1 - head;
  return [...Array.from({ length: head }, (_, i) => i), -1, ...Array.from({ length: tail }, (_, i) => n - tail + i)];
}

type ArithmeticOp = "add" | "sub" | "mul" | "div";

/**
 * out[o + t] = a[ai + t·as] (op) b[bi + t·bs] for t < n: one row of an elementwise operation, where a stride
 * of 0 repeats a broadcast value. One loop per operator, so the arithmetic is inlined (calling a function
 * value per element, as `zip` does, costs more than the addition itself).
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
      for (let t = 0; t < n; t++) out[o + t] = (a[ai + t * as] as number) + (b[bi + t * bs] as number);
      return;
    case "sub":
      for (let t = 0; t < n; t++) out[o + t] = (a[ai + t * as] as number) - (b[bi + t * bs] as number);
      return;
    case "mul":
      for (let t = 0; t < n; t++) out[o + t] = (a[ai + t * as] as number) * (b[bi + t * bs] as number);
      return;
    case "div":
      for (let t = 0; t < n; t++) out[o + t] = (a[ai + t * as] as number) / (b[bi + t * bs] as number);
      return;
  }
}

/** A (op) B elementwise with the broadcasting rules of `Matrix.zip` (a number acts as a 1×1 matrix). */
function arithmetic(A: Matrix, Bm: Matrix | number, op: ArithmeticOp): Matrix {
  const B = typeof Bm === "number" ? new Matrix(1, 1, Float64Array.of(Bm)) : Bm;
  if (typeof Bm === "number" || (A.rows === B.rows && A.cols === B.cols)) {
    // same shape, or a number: one long row
    const out = new Matrix(A.rows, A.cols);
    arithmeticRow(op, out.data, 0, A.data, 0, 1, B.data, 0, typeof Bm === "number" ? 0 : 1, A.size);
    return out;
  }
  const rows = broadcastDim(A.rows, B.rows, A, B, op, "rows");
  const cols = broadcastDim(A.cols, B.cols, A, B, op, "columns");
  const out = new Matrix(rows, cols);
  const aRow = A.rows === 1 ? 0 : A.cols;
  const aCol = A.cols === 1 ? 0 : 1;
  const bRow = B.rows === 1 ? 0 : B.cols;
  const bCol = B.cols === 1 ? 0 : 1;
  for (let i = 0; i < rows; i++) arithmeticRow(op, out.data, i * cols, A.data, i * aRow, aCol, B.data, i * bRow, bCol, cols);
  return out;
}

function broadcastDim(a: number, b: number, A: Matrix, B: Matrix, op: string, what: string): number {
  if (a === b) return a;
  if (a === 1) return b;
  if (b === 1) return a;
  throw new ShapeError(
    `${op}: shapes ${A.shape()} and ${B.shape()} do not fit: ${what} ${a} and ${b} differ and neither is 1 ` +
      `(elementwise operations need equal shapes, or a row/column vector to repeat)`,
  );
}

/** Shorthand for `Matrix.from(rows)`: `matrix([[1, 2], [3, 4]])`. */
export function matrix(values: ArrayLike<number>[] | number[]): Matrix {
  return Matrix.from(values);
}
