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
 * The models need two products, both "dense times sparse", written by one readable loop (`dot`, sparse-products.ts):
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

/** Rows `indices` of the sparse matrix `source`, in that order (see `SparseMatrix.selectionOf`). */
export interface RowSelection {
  readonly source: SparseMatrix;
  readonly indices: Int32Array;
}

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
   * The CSR arrays; null only for the two matrices `selectCols` makes (the batch and its transpose, a row
   * selection of Xᵀ) until they are read: then built from `selection`, or from `transposed` (the products of a
   * training step read the selection's rows where they are, and build neither).
   */
  private csr: Csr | null;
  private transposed: SparseMatrix | null = null;
  /** Rows `indices` of `source`, for a matrix made by `selectCols`'s transpose: its arrays copy them when read. */
  private selection: RowSelection | null = null;

  /**
   * Checks the three arrays (lengths, ranges, increasing columns within each row) and keeps them. The lib's own
   * operations (`transpose`, `selectRows`, the arrays of a `selectCols` batch) build valid arrays by construction
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
    return (this.csr ??= this.selection
      ? this.selection.source.selectRows(this.selection.indices).arrays()
      : transposedArrays(this.transposed as SparseMatrix));
  }

  /**
   * For the products (sparse-products.ts): when S was made as rows `indices` of `source` (a mini-batch's Xᵀ, see
   * `selectCols`), those, so a product can read the rows where they are instead of copying them; else null.
   * Read-only: changing `indices` would make S disagree with arrays already built from it.
   */
  static selectionOf(S: SparseMatrix): RowSelection | null {
    return S.selection;
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
    if (this.csr) return this.csr.values.length;
    const sel = this.selection ?? (this.transposed as SparseMatrix).selection;
    if (!sel) return (this.transposed as SparseMatrix).nnz;
    const start = sel.source.rowStart;
    let nnz = 0;
    for (let r = 0; r < sel.indices.length; r++) {
      const i = sel.indices[r] as number;
      nnz += (start[i + 1] as number) - (start[i] as number);
    }
    return nnz;
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
   * The columns (examples) listed in `indices`, in that order: (Xᵀ rows indices)ᵀ, as `Matrix.selectCols`.
   * Nothing is copied until read: its transpose is "rows `indices` of Xᵀ", and a training step's products read
   * those rows where they are (on the engine: sparse-products.ts), so a mini-batch costs no copy at all.
   */
  selectCols(indices: ArrayLike<number>): SparseMatrix {
    const XT = this.transpose();
    const picked = new Int32Array(indices.length);
    for (let r = 0; r < picked.length; r++) {
      const j = indices[r] as number;
      if (!(Number.isInteger(j) && j >= 0 && j < this.cols))
        throw new RangeError(
          `selectCols: index ${j} is outside the ${this.cols} columns of this ${this.shape()} matrix`,
        );
      picked[r] = j;
    }
    const rows = byTheLib(picked.length, XT.cols, NO_INTS, NO_INTS, NO_FLOATS);
    rows.csr = null;
    rows.selection = { source: XT, indices: picked };
    return SparseMatrix.transposeOf(rows);
  }

  /** S·B for dense B (m×k): (n×m)·(m×k) → n×k dense. */
  matmul(B: Matrix): Matrix {
    if (this.cols !== B.rows) {
      throw new ShapeError(
        `matmul: A is ${this.shape()} (sparse) but B is ${B.shape()}: inner dimensions ${this.cols} and ${B.rows} differ`,
      );
    }
    // out[i][c] = Σ_j S[i][j]·B[j][c] over row i's entries, in increasing j (the dense loop's order)
    const k = B.cols;
    const out = new Matrix(this.rows, k);
    const { rowStart, colIndex, values } = this;
    for (let i = 0; i < this.rows; i++) {
      for (let p = rowStart[i] as number; p < (rowStart[i + 1] as number); p++) {
        const v = values[p] as number;
        const from = (colIndex[p] as number) * k;
        for (let c = 0; c < k; c++)
          out.data[i * k + c] = (out.data[i * k + c] as number) + (B.data[from + c] as number) * v;
      }
    }
    return out;
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
