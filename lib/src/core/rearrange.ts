/**
 * Moving values without computing anything, on raw matrices (`RawMatrix`, row-major): the
 * transpose, ranges and lists of rows or columns, stacking. The loops behind `Matrix.transpose`,
 * `sliceRows`, `selectCols`, `hstack` and the like, which wrap each result as a Matrix;
 * `transposeInto` and `selectColsInto` fill buffers the caller owns (the engine reuses its own).
 */
import { isIndex, shapeStr, ShapeError, type RawMatrix } from "./shape";

/** A new rows×cols raw matrix of zeros. */
function zeros(rows: number, cols: number): RawMatrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/**
 * dst (cols×rows, row-major) = srcᵀ for src rows×cols: dst[j][i] = src[i][j]. Eight rows of src at
 * a time: reading row i writes down a column of the transpose, one value per cache line; taking
 * rows i…i+7 together fills 8 neighbouring values — a whole 64-byte cache line — of each output row
 * at once (2–3 times faster than one row at a time). A row or column vector's transpose holds the
 * same values in the same order: a plain copy.
 */
export function transposeInto(
  src: Float64Array,
  rows: number,
  cols: number,
  dst: Float64Array,
): void {
  if (rows === 1 || cols === 1) {
    dst.set(src.subarray(0, rows * cols));
    return;
  }
  // Columns in blocks of 256: the 8 rows of src are read along 256 columns while the 256 rows of dst they
  // fill stay few enough pages for the TLB (a 784×8000 X went from ~15 to a few ns per value).
  for (let j0 = 0; j0 < cols; j0 += TRANSPOSE_BLOCK) {
    const j1 = Math.min(cols, j0 + TRANSPOSE_BLOCK);
    let i = 0;
    for (; i + 8 <= rows; i += 8) {
      const a = i * cols;
      for (let j = j0; j < j1; j++) {
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
      for (let j = j0; j < j1; j++) dst[j * rows + i] = src[a + j] as number;
    }
  }
}

/** Columns per block of `transposeInto`. */
const TRANSPOSE_BLOCK = 256;

/**
 * out (A.rows×n) = the columns of A listed in `indices` (n of them, each already checked to be a
 * column of A), in that order: out[i][c] = A[i][indices[c]]. E.g. a mini-batch of examples.
 */
export function selectColsInto(A: RawMatrix, indices: ArrayLike<number>, out: Float64Array): void {
  const { rows, cols, data } = A;
  const n = indices.length;
  if (n * 16 < cols) {
    // A few columns of a wide matrix: walk down each column. The reads then step by a fixed stride,
    // which the processor's prefetcher follows; walking along rows would jump to a new cache line
    // for every value.
    for (let c = 0; c < n; c++) {
      const j = indices[c] as number;
      for (let i = 0; i < rows; i++) out[i * n + c] = data[i * cols + j] as number;
    }
  } else {
    // Many columns: walk along each row, which stays in the cache while its values are picked.
    for (let i = 0; i < rows; i++) {
      const src = i * cols;
      const dst = i * n;
      for (let c = 0; c < n; c++) out[dst + c] = data[src + (indices[c] as number)] as number;
    }
  }
}

/** Rows start ≤ i < end of A, the range clamped to A (like `Array.slice`), as a copy. */
export function rowRange(A: RawMatrix, start: number, end: number): RawMatrix {
  const s = Math.max(0, Math.min(start, A.rows));
  const e = Math.max(s, Math.min(end, A.rows));
  return { rows: e - s, cols: A.cols, data: A.data.slice(s * A.cols, e * A.cols) };
}

/** Columns start ≤ j < end of A, the range clamped to A (like `Array.slice`), as a copy. */
export function colRange(A: RawMatrix, start: number, end: number): RawMatrix {
  const s = Math.max(0, Math.min(start, A.cols));
  const e = Math.max(s, Math.min(end, A.cols));
  const out = zeros(A.rows, e - s);
  for (let i = 0; i < A.rows; i++) {
    out.data.set(A.data.subarray(i * A.cols + s, i * A.cols + e), i * out.cols);
  }
  return out;
}

/** "op: " to start an error message, or nothing without an op. */
function prefix(op?: string): string {
  return op ? `${op}: ` : "";
}

/** The rows of A listed in `indices`, in order; `op` (the caller) starts a bad one's error. */
export function pickRows(A: RawMatrix, indices: ArrayLike<number>, op?: string): RawMatrix {
  const out = zeros(indices.length, A.cols);
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r] as number;
    if (!isIndex(i, A.rows)) {
      throw new RangeError(`${prefix(op)}row ${i} is outside a ${shapeStr(A.rows, A.cols)} matrix`);
    }
    out.data.set(A.data.subarray(i * A.cols, (i + 1) * A.cols), r * A.cols);
  }
  return out;
}

/** The columns of A listed in `indices`, in order; `op` (the caller) starts a bad one's error. */
export function pickCols(A: RawMatrix, indices: ArrayLike<number>, op?: string): RawMatrix {
  for (let c = 0; c < indices.length; c++) {
    const j = indices[c] as number;
    if (!isIndex(j, A.cols)) {
      throw new RangeError(
        `${prefix(op)}column ${j} is outside a ${shapeStr(A.rows, A.cols)} matrix`,
      );
    }
  }
  const out = zeros(A.rows, indices.length);
  selectColsInto(A, indices, out.data);
  return out;
}

/** The shapes of several matrices for an error message: "2×3, 2×4". */
function shapesOf(parts: readonly RawMatrix[]): string {
  return parts.map((p) => shapeStr(p.rows, p.cols)).join(", ");
}

/** [A B C …], side by side: every part needs the same number of rows (`Matrix.hstack`). */
export function joinColumns(parts: readonly RawMatrix[]): RawMatrix {
  const rows = parts[0]?.rows ?? 0;
  if (parts.some((p) => p.rows !== rows)) {
    throw new ShapeError(`hstack: shapes ${shapesOf(parts)} do not all have ${rows} rows`);
  }
  const out = zeros(
    rows,
    parts.reduce((s, p) => s + p.cols, 0),
  );
  for (let i = 0; i < rows; i++) {
    let offset = i * out.cols;
    for (const p of parts) {
      out.data.set(p.data.subarray(i * p.cols, (i + 1) * p.cols), offset);
      offset += p.cols;
    }
  }
  return out;
}

/** A, B, C, … one above the other: all need the same number of columns (`Matrix.vstack`). */
export function joinRows(parts: readonly RawMatrix[]): RawMatrix {
  const cols = parts[0]?.cols ?? 0;
  if (parts.some((p) => p.cols !== cols)) {
    throw new ShapeError(`vstack: shapes ${shapesOf(parts)} do not all have ${cols} columns`);
  }
  const out = zeros(
    parts.reduce((s, p) => s + p.rows, 0),
    cols,
  );
  let offset = 0;
  for (const p of parts) {
    out.data.set(p.data, offset);
    offset += p.data.length;
  }
  return out;
}
