/**
 * A sparse matrix in CSR form (compressed sparse rows): only the non-zero entries are stored, row after row.
 * A bag of words is almost all zeros — 6,046 e-mails × 20,000 words is 121 million numbers (1 GB as dense
 * float64), of which about 1 % are not 0 — so the text chapter keeps X sparse. Taught in: 11-spam-and-sentiment.
 *
 *   rowStart  (rows + 1 integers)  row i's entries are at positions rowStart[i] … rowStart[i + 1] − 1
 *   colIndex  (nnz integers)       the column of each entry, increasing within a row
 *   values    (nnz numbers)        the value of each entry
 *
 * Shapes follow the course: X is n×m with one ROW per feature (word) and one COLUMN per example (document).
 * The models need two products, both "dense times sparse", written by one readable loop (`dot`):
 *   Z = W·X       (k×n)·(n×m) → k×m      forward
 *   dW = dZ·Xᵀ    (k×m)·(m×n) → k×n      backward, with Xᵀ the sparse transpose (`X.T`)
 * Each entry of the result receives its terms in the same order as the dense triple loop, so on small cases
 * the sparse path gives the dense path's numbers (test/core/sparse.test.ts); the zeros are simply never added.
 */
import { Matrix, ShapeError } from "./matrix";

/** True while a lib operation builds a SparseMatrix from arrays valid by construction (see `byTheLib`). */
let builtByTheLib = false;

/** A SparseMatrix from arrays a lib operation built (valid by construction): the constructor's check is skipped. */
function byTheLib(
  rows: number,
  cols: number,
  rowStart: Int32Array,
  colIndex: Int32Array,
  values: Float64Array,
): SparseMatrix {
  builtByTheLib = true;
  try {
    return new SparseMatrix(rows, cols, rowStart, colIndex, values);
  } finally {
    builtByTheLib = false;
  }
}

const NO_INTS = new Int32Array(0);
const NO_FLOATS = new Float64Array(0);

/** The CSR arrays of Sᵀ (cols×rows): counting sort of S's entries by column, rows in increasing order. */
function transposedArrays(S: SparseMatrix): Csr {
  const { rows, cols, rowStart, colIndex, values } = S;
  const start = new Int32Array(cols + 1);
  for (let p = 0; p < colIndex.length; p++) start[(colIndex[p] as number) + 1] += 1;
  for (let j = 0; j < cols; j++) start[j + 1] = (start[j + 1] as number) + (start[j] as number);
  const next = start.slice(0, cols);
  const idx = new Int32Array(colIndex.length);
  const val = new Float64Array(values.length);
  for (let i = 0; i < rows; i++) {
    for (let p = rowStart[i] as number; p < (rowStart[i + 1] as number); p++) {
      const j = colIndex[p] as number;
      const q = next[j] as number;
      idx[q] = i;
      val[q] = values[p] as number;
      next[j] = q + 1;
    }
  }
  return { rowStart: start, colIndex: idx, values: val };
}

/** The features a model accepts: a dense `Matrix` or a `SparseMatrix`, n×m (one column per example). */
export type Features = Matrix | SparseMatrix;

/** The three arrays of the CSR form. */
interface Csr {
  rowStart: Int32Array;
  colIndex: Int32Array;
  values: Float64Array;
}

/** An n×m matrix stored in CSR form: rowStart (n + 1), colIndex and values (one per non-zero entry). */
export class SparseMatrix {
  readonly rows: number;
  readonly cols: number;
  /**
   * The CSR arrays; null only for a transpose made by `selectCols` and not read yet: they are then built from
   * `transposed` on first use (a training step's products read only the transpose's rows).
   */
  private csr: Csr | null;
  private transposed: SparseMatrix | null = null;

  /**
   * Checks the three arrays (lengths, ranges, increasing columns within each row) and keeps them. The lib's own
   * operations (`transpose`, `selectRows`: a mini-batch each training step) build valid arrays by construction
   * and skip the check, which would cost as much as the operation.
   */
  constructor(
    rows: number,
    cols: number,
    rowStart: Int32Array,
    colIndex: Int32Array,
    values: Float64Array,
  ) {
    if (!builtByTheLib) {
      if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
        throw new ShapeError(
          `SparseMatrix: rows and cols must be whole numbers ≥ 0, got ${rows}×${cols}`,
        );
      }
      if (rowStart.length !== rows + 1) {
        throw new ShapeError(
          `SparseMatrix: rowStart needs rows + 1 = ${rows + 1} entries, got ${rowStart.length}`,
        );
      }
      const nnz = rowStart[rows] as number;
      if (rowStart[0] !== 0 || colIndex.length !== nnz || values.length !== nnz) {
        throw new ShapeError(
          `SparseMatrix: rowStart must start at 0 and end at the number of entries; got ${rowStart[0]}…${nnz} ` +
            `with ${colIndex.length} column indices and ${values.length} values`,
        );
      }
      for (let i = 0; i < rows; i++) {
        const start = rowStart[i] as number;
        const end = rowStart[i + 1] as number;
        if (end < start)
          throw new ShapeError(`SparseMatrix: rowStart decreases at row ${i} (${start} → ${end})`);
        for (let p = start; p < end; p++) {
          const j = colIndex[p] as number;
          if (!(j >= 0 && j < cols) || (p > start && j <= (colIndex[p - 1] as number))) {
            throw new ShapeError(
              `SparseMatrix: row ${i} has column index ${j} at entry ${p}: indices must be in 0…${cols - 1}, ` +
                `increasing within a row`,
            );
          }
        }
      }
    }
    this.rows = rows;
    this.cols = cols;
    this.csr = { rowStart, colIndex, values };
  }

  /** rowStart[i]…rowStart[i + 1] − 1: the entries of row i (rows + 1 values). */
  get rowStart(): Int32Array {
    return this.arrays().rowStart;
  }

  /** The column of each stored entry, increasing within a row. */
  get colIndex(): Int32Array {
    return this.arrays().colIndex;
  }

  /** The value of each stored entry. */
  get values(): Float64Array {
    return this.arrays().values;
  }

  private arrays(): Csr {
    return (this.csr ??= transposedArrays(this.transposed as SparseMatrix));
  }

  /**
   * Bᵀ without building its arrays yet (they are built from B when first read): B and Bᵀ know each other, so
   * `Bᵀ.T` is B itself.
   */
  private static transposeOf(B: SparseMatrix): SparseMatrix {
    const T = byTheLib(B.cols, B.rows, NO_INTS, NO_INTS, NO_FLOATS);
    T.csr = null;
    T.transposed = B;
    B.transposed = T;
    return T;
  }

  /** The non-zero entries of a dense matrix, in CSR form. */
  static fromDense(A: Matrix): SparseMatrix {
    const rowStart = new Int32Array(A.rows + 1);
    const cols: number[] = [];
    const vals: number[] = [];
    for (let i = 0; i < A.rows; i++) {
      for (let j = 0; j < A.cols; j++) {
        const v = A.data[i * A.cols + j] as number;
        if (v !== 0) {
          cols.push(j);
          vals.push(v);
        }
      }
      rowStart[i + 1] = cols.length;
    }
    return new SparseMatrix(
      A.rows,
      A.cols,
      rowStart,
      Int32Array.from(cols),
      Float64Array.from(vals),
    );
  }

  /** Number of stored (non-zero) entries. */
  get nnz(): number {
    return this.csr ? this.csr.values.length : (this.transposed as SparseMatrix).nnz;
  }

  /** The fraction of entries that are stored: nnz / (rows·cols). */
  get density(): number {
    return this.rows * this.cols === 0 ? 0 : this.nnz / (this.rows * this.cols);
  }

  /** "n×m", as `Matrix.shape()`. */
  shape(): string {
    return `${this.rows}×${this.cols}`;
  }

  /** Entry (i, j): the stored value, or 0. */
  get(i: number, j: number): number {
    if (!(
      Number.isInteger(i) &&
      Number.isInteger(j) &&
      i >= 0 &&
      j >= 0 &&
      i < this.rows &&
      j < this.cols
    )) {
      throw new RangeError(`get(${i}, ${j}) is outside the ${this.shape()} sparse matrix`);
    }
    for (let p = this.rowStart[i] as number; p < (this.rowStart[i + 1] as number); p++) {
      if (this.colIndex[p] === j) return this.values[p] as number;
    }
    return 0;
  }

  /** The dense copy (rows·cols numbers: only for small matrices). */
  toDense(): Matrix {
    const out = new Matrix(this.rows, this.cols);
    for (let i = 0; i < this.rows; i++) {
      for (let p = this.rowStart[i] as number; p < (this.rowStart[i + 1] as number); p++) {
        out.data[i * this.cols + (this.colIndex[p] as number)] = this.values[p] as number;
      }
    }
    return out;
  }

  /** The transpose m×n, also in CSR form (computed once, then kept: the matrix is never changed). */
  transpose(): SparseMatrix {
    if (this.transposed) return this.transposed;
    const { rowStart, colIndex, values } = transposedArrays(this);
    const T = byTheLib(this.cols, this.rows, rowStart, colIndex, values);
    T.transposed = this;
    this.transposed = T;
    return T;
  }

  /** The transpose (see `transpose`). */
  get T(): SparseMatrix {
    return this.transpose();
  }

  /** The rows listed in `indices`, in that order (a k×cols sparse matrix). */
  selectRows(indices: ArrayLike<number>): SparseMatrix {
    const k = indices.length;
    const rowStart = new Int32Array(k + 1);
    for (let r = 0; r < k; r++) {
      const i = indices[r] as number;
      if (!(Number.isInteger(i) && i >= 0 && i < this.rows)) {
        throw new RangeError(
          `selectRows: index ${i} is outside the ${this.rows} rows of this ${this.shape()} matrix`,
        );
      }
      rowStart[r + 1] =
        (rowStart[r] as number) + (this.rowStart[i + 1] as number) - (this.rowStart[i] as number);
    }
    const colIndex = new Int32Array(rowStart[k] as number);
    const values = new Float64Array(rowStart[k] as number);
    const { rowStart: start, colIndex: cols, values: vals } = this;
    for (let r = 0; r < k; r++) {
      const i = indices[r] as number;
      const to = start[i + 1] as number;
      // a plain loop: one subarray view per row would allocate two objects per example
      for (let p = start[i] as number, q = rowStart[r] as number; p < to; p++, q++) {
        colIndex[q] = cols[p] as number;
        values[q] = vals[p] as number;
      }
    }
    return byTheLib(k, this.cols, rowStart, colIndex, values);
  }

  /**
   * The columns (examples) listed in `indices`, in that order: (Xᵀ rows indices)ᵀ, as `Matrix.selectCols`. The
   * result's own arrays are built when first read: a training step that reads only its transpose (the selected
   * rows of Xᵀ, one example each) never pays for them.
   */
  selectCols(indices: ArrayLike<number>): SparseMatrix {
    return SparseMatrix.transposeOf(this.transpose().selectRows(indices));
  }

  /** S·B for dense B (m×k): (n×m)·(m×k) → n×k dense. */
  matmul(B: Matrix): Matrix {
    if (this.cols !== B.rows) {
      throw new ShapeError(
        `matmul: A is ${this.shape()} (sparse) but B is ${B.shape()}: inner dimensions ${this.cols} and ${B.rows} differ`,
      );
    }
    return dot(B.T, this.T).T;
  }

  /** Throws a learner-readable error naming the first NaN or ±Infinity and where it is. */
  assertFinite(name = "matrix"): this {
    for (let i = 0; i < this.rows; i++) {
      for (let p = this.rowStart[i] as number; p < (this.rowStart[i + 1] as number); p++) {
        const v = this.values[p] as number;
        if (!Number.isFinite(v)) {
          throw new RangeError(
            `${name} (${this.shape()}, sparse) has ${v} at row ${i}, column ${this.colIndex[p]}: every value must be a finite number`,
          );
        }
      }
    }
    return this;
  }

  /** A one-line summary: shape, stored entries, density. */
  toString(): string {
    const pct = (100 * this.density).toPrecision(3);
    return `SparseMatrix ${this.shape()}, ${this.nnz} stored entries (${pct} % of ${this.rows * this.cols})`;
  }

  /** How console.log (and tslab's cell output) prints a sparse matrix: the summary line. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/**
 * out = A·S for A (k×n, row-major array) and sparse S (n×m); out is k×m, overwritten. For each row i of S and
 * each of its entries (i, j, v): out[r][j] += A[r][i]·v — every out[r][j] gets its terms in increasing i, as
 * the dense triple loop adds them, without the zeros.
 */
export function denseTimesSparseInto(
  A: Float64Array,
  k: number,
  S: SparseMatrix,
  out: Float64Array,
): void {
  const n = S.rows;
  const m = S.cols;
  const { rowStart, colIndex, values } = S;
  out.fill(0, 0, k * m);
  for (let i = 0; i < n; i++) {
    const start = rowStart[i] as number;
    const end = rowStart[i + 1] as number;
    if (start === end) continue; // a word no document in S has
    for (let r = 0; r < k; r++) {
      const a = A[r * n + i] as number;
      const row = r * m;
      for (let p = start; p < end; p++) {
        const j = row + (colIndex[p] as number);
        out[j] = (out[j] as number) + a * (values[p] as number);
      }
    }
  }
}

/**
 * out (1×m) = w·S for a row vector w (1×n) and sparse S (n×m), from St = Sᵀ (m×n, one row per column of S):
 * out[j] = Σ w[i]·v over row j's entries (i, v), in increasing i — the terms, and the order they are added
 * in, of `denseTimesSparseInto(w, 1, S, out)`, so the same numbers bit for bit, without reading S's arrays.
 */
export function rowTimesSparseFromTransposeInto(
  w: Float64Array,
  St: SparseMatrix,
  out: Float64Array,
): void {
  const { rowStart, colIndex, values } = St;
  for (let j = 0; j < St.rows; j++) {
    let s = 0;
    for (let p = rowStart[j] as number; p < (rowStart[j + 1] as number); p++)
      s += (w[colIndex[p] as number] as number) * (values[p] as number);
    out[j] = s;
  }
}

/**
 * The product A·X for a dense A (k×n) and X dense or sparse (n×m): k×m, dense. With a sparse X only the
 * stored entries are visited (`denseTimesSparseInto`); with a dense X it is `A.matmul(X)`.
 */
export function dot(A: Matrix, X: Features): Matrix {
  if (X instanceof Matrix) return A.matmul(X);
  if (A.cols !== X.rows) {
    throw new ShapeError(
      `A is ${A.shape()} but X is ${X.shape()} (sparse): inner dimensions ${A.cols} and ${X.rows} differ`,
    );
  }
  const out = new Matrix(A.rows, X.cols);
  denseTimesSparseInto(A.data, A.rows, X, out.data);
  return out;
}
