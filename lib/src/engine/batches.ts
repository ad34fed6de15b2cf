/**
 * The mini-batch gatherer of the training loop's fast path. Nothing here teaches — read models/train.ts, where
 * a mini-batch is `X.selectCols(idx)`: the columns (examples) listed in idx, in that order.
 *
 * Gathering scattered columns of a row-major n×m X touches one cache line, and often one memory page, per
 * value: for 784×8000 digits that costs more than the rest of a training step. So X is transposed once (Xᵀ
 * has one example per contiguous row) and each batch is copied out of Xᵀ, eight examples at a time, into a
 * matrix reused from batch to batch of the same size (allocating a fresh 784×64 matrix each step costs as much
 * as the copy: new memory pages). The values are copied, never computed: the same matrix as `X.selectCols(idx)`
 * (test/core/fastpaths.test.ts, test/engine/engine.test.ts).
 */
import { Matrix, transposeInto } from "../core/matrix";
import { SparseMatrix, type Features } from "../core/sparse";
import { keepResident } from "./matmul-wasm";

/** Below a million values (8 MB) a fresh buffer for Xᵀ is cheap; above 2^24 (128 MB) none is kept between runs. */
const LEND_MIN = 1 << 20;
const LEND_MAX = 1 << 24;
/** The buffer lent to the latest gatherer of a large X, and that gatherer. */
let lent: { buffer: Float64Array; owner: object } | null = null;

/**
 * Xᵀ's values (m×n, row-major), for the gatherer `owner`. A fresh buffer of 50 MB costs its page faults when
 * first written: transposing the 784×8000 digits took 140–165 ms into a new Float64Array and 12 ms into one
 * written before (scripts/bench/NOTES.md). So a large X is transposed into one buffer kept from training run to
 * training run; a run that finds another run using it (a training started inside a training) transposes again.
 */
function transposedValues(X: Matrix, owner: object): Float64Array {
  const size = X.rows * X.cols;
  if (size < LEND_MIN || size > LEND_MAX) return X.transpose().data;
  if (!lent || lent.buffer.length < size) lent = { buffer: new Float64Array(size), owner };
  lent.owner = owner;
  const buffer = lent.buffer.subarray(0, size);
  transposeInto(X.data, X.rows, X.cols, buffer);
  return buffer;
}

/** Whether `owner`'s Xᵀ is still its own: always for a small or a very large X, else while it holds the buffer. */
function owns(owner: object, X: Matrix): boolean {
  const size = X.rows * X.cols;
  return size < LEND_MIN || size > LEND_MAX || lent?.owner === owner;
}

/**
 * Returns idx ↦ X.selectCols(idx), made fast for large X. The matrix it returns is reused by the next call
 * with as many indices: use it before asking for the next batch (copy it to keep it). A sparse X gets its
 * own `selectCols` (fresh matrices; its transpose, made once, holds one example per row).
 */
export function batchGatherer<T extends Features>(X: T): (idx: readonly number[]) => T;
export function batchGatherer(X: Features): (idx: readonly number[]) => Features {
  if (X instanceof SparseMatrix) return (idx) => X.selectCols(idx);
  const owner = {};
  let x = transposedValues(X, owner);
  const n = X.rows;
  const buffers = new Map<number, Matrix>();
  return (idx) => {
    if (!owns(owner, X)) x = transposedValues(X, owner); // another run borrowed the buffer: Xᵀ again
    const b = idx.length;
    let out = buffers.get(b);
    if (!out) buffers.set(b, (out = new Matrix(n, b)));
    const o = out.data;
    let c = 0;
    for (; c + 8 <= b; c += 8) {
      // eight examples at a time: each row of the batch gets 8 neighbouring values (a whole cache line) at once
      const s0 = (idx[c] as number) * n;
      const s1 = (idx[c + 1] as number) * n;
      const s2 = (idx[c + 2] as number) * n;
      const s3 = (idx[c + 3] as number) * n;
      const s4 = (idx[c + 4] as number) * n;
      const s5 = (idx[c + 5] as number) * n;
      const s6 = (idx[c + 6] as number) * n;
      const s7 = (idx[c + 7] as number) * n;
      for (let i = 0; i < n; i++) {
        const d = i * b + c;
        o[d] = x[s0 + i] as number;
        o[d + 1] = x[s1 + i] as number;
        o[d + 2] = x[s2 + i] as number;
        o[d + 3] = x[s3 + i] as number;
        o[d + 4] = x[s4 + i] as number;
        o[d + 5] = x[s5 + i] as number;
        o[d + 6] = x[s6 + i] as number;
        o[d + 7] = x[s7 + i] as number;
      }
    }
    for (; c < b; c++) {
      const s0 = (idx[c] as number) * n;
      for (let i = 0; i < n; i++) o[i * b + c] = x[s0 + i] as number;
    }
    return out;
  };
}

/**
 * All of X for the steps of one full-batch training run: a dense X as a new view of its values (no copy), which
 * the product kernels keep in their WebAssembly memory for the whole run instead of copying X in for every
 * product (`keepResident`). The view is this run's alone, so a later run (or X changed between runs) never finds a
 * stale copy; X must not change during the run, as for the mini-batches. A sparse X is returned as it is.
 */
export function wholeBatch<T extends Features>(X: T): T;
export function wholeBatch(X: Features): Features {
  if (X instanceof SparseMatrix) return X;
  const view = new Matrix(X.rows, X.cols, X.data.subarray(0, X.rows * X.cols));
  keepResident(view.data);
  return view;
}
