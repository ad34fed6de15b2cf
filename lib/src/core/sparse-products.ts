/**
 * Products with a sparse matrix: dense × sparse (`denseTimesSparseInto`, scattering each entry into the result),
 * the same from the sparse matrix's transpose (`denseTimesSparseFromTransposeInto`, gathering each result from
 * one row), and `dot(A, X)` for dense or sparse X. Each visits only the stored entries, in the order the dense
 * triple loop would add them. A mini-batch's Xᵀ made by `selectCols` is "rows idx of Xᵀ"
 * (`SparseMatrix.selectionOf`): the products read those rows where they are, in the same order, so the numbers
 * are the same bit for bit as with a copied batch, and a training step on the engine copies no batch.
 * Taught in: 11-spam-and-sentiment (a bag of words as a sparse matrix).
 */
import { Matrix, ShapeError } from "./matrix";
import { SparseMatrix, type Features } from "./sparse";

/**
 * The CSR arrays to read for S's rows, and which of their rows is S's row r: r itself, or picked[r] when S is a
 * selection of another matrix's rows (a mini-batch's Xᵀ, read where it is).
 */
export function sparseRows(S: SparseMatrix): {
  rowStart: Int32Array;
  colIndex: Int32Array;
  values: Float64Array;
  picked: Int32Array | null;
} {
  const sel = SparseMatrix.selectionOf(S);
  const { rowStart, colIndex, values } = sel ? sel.source : S;
  return { rowStart, colIndex, values, picked: sel ? sel.indices : null };
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
  const { rowStart, colIndex, values, picked } = sparseRows(S);
  out.fill(0, 0, k * m);
  for (let i = 0; i < n; i++) {
    const row = picked ? (picked[i] as number) : i;
    const start = rowStart[row] as number;
    const end = rowStart[row + 1] as number;
    if (start === end) continue; // a word no document in S has
    for (let r = 0; r < k; r++) {
      const a = A[r * n + i] as number;
      const outRow = r * m;
      for (let p = start; p < end; p++) {
        const j = outRow + (colIndex[p] as number);
        out[j] = (out[j] as number) + a * (values[p] as number);
      }
    }
  }
}

/**
 * out (k×m) = A·S for A (k×n, row-major) and sparse S (n×m), from St = Sᵀ (m×n, one row per column of S):
 * out[r][j] = Σ A[r][i]·v over row j's entries (i, v), in increasing i — the terms, and the order they are added
 * in, of `denseTimesSparseInto(A, k, S, out)`, so the same numbers bit for bit, without reading S's arrays (a
 * mini-batch's S is then never built: its Sᵀ is rows of Xᵀ, read where they are).
 */
export function denseTimesSparseFromTransposeInto(
  A: Float64Array,
  k: number,
  St: SparseMatrix,
  out: Float64Array,
): void {
  const n = St.cols;
  const m = St.rows;
  const { rowStart, colIndex, values, picked } = sparseRows(St);
  for (let j = 0; j < m; j++) {
    const row = picked ? (picked[j] as number) : j;
    const start = rowStart[row] as number;
    const end = rowStart[row + 1] as number;
    for (let r = 0; r < k; r++) {
      const base = r * n;
      let s = 0;
      for (let p = start; p < end; p++)
        s += (A[base + (colIndex[p] as number)] as number) * (values[p] as number);
      out[r * m + j] = s;
    }
  }
}

/** out (1×m) = w·S from St = Sᵀ: `denseTimesSparseFromTransposeInto` with one row. */
export function rowTimesSparseFromTransposeInto(
  w: Float64Array,
  St: SparseMatrix,
  out: Float64Array,
): void {
  denseTimesSparseFromTransposeInto(w, 1, St, out);
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
