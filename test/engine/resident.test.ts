// The resident operand (engine/matmul-wasm.ts, `keepResident`): a full-batch X stays in the product kernel's
// WebAssembly memory for a whole training run instead of being copied in for every product. Held here to the
// same products bit for bit as without it — as A, as B, as Bᵀ, between products that do not use it, on one and
// on two threads — and to never serving a stale copy: each run keeps its own view of X (`wholeBatch`), so a run
// after X changed sees the new values.
import { test } from "node:test";
import assert from "node:assert/strict";
import { matmulInto, matmulTransposedInto } from "../../lib/src/core/matmul";
import { Matrix } from "../../lib/src/core/matrix";
import { rng } from "../../lib/src/core/random";
import { setThreads, wholeBatch } from "../../lib/src/engine";
import { keepResident } from "../../lib/src/engine/matmul-wasm";
import { LogisticRegression } from "../../lib/src/models/logistic";
import { train } from "../../lib/src/models/train";

function randomArray(length: number, seed: number): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length }, () => r.normal());
}

function product(A: Float64Array, B: Float64Array, m: number, k: number, n: number): Float64Array {
  const out = new Float64Array(m * n).fill(7);
  matmulInto(A, B, out, m, k, n);
  return out;
}

function sameBits(a: Float64Array, b: Float64Array, what: string): void {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++)
    assert.ok(Object.is(a[i], b[i]), `${what}: entry ${i} ${a[i]} vs ${b[i]}`);
}

test("products with the resident operand (as A, B or Bᵀ, around products without it) equal the copied ones, bit for bit", () => {
  const [n, m] = [30, 569];
  const X = randomArray(n * m, 1);
  const w = randomArray(n, 2);
  const dz = randomArray(m, 3);
  const W = randomArray(6 * n, 4);
  const other = randomArray(40 * 50, 5);
  const expected = {
    wX: product(w, X, 1, n, m),
    WX: product(W, X, 6, n, m),
    dzXt: (() => {
      const out = new Float64Array(n);
      matmulTransposedInto(dz, X, out, 1, m, n);
      return out;
    })(),
    XasA: product(X, randomArray(m * 3, 6), n, m, 3),
    other: product(other, randomArray(50 * 20, 7), 40, 50, 20),
  };
  const view = X.subarray(0);
  keepResident(view);
  try {
    for (let round = 0; round < 2; round++) {
      sameBits(product(w, view, 1, n, m), expected.wX, "w·X, X resident");
      sameBits(
        product(other, randomArray(50 * 20, 7), 40, 50, 20),
        expected.other,
        "a product without it",
      );
      sameBits(product(W, view, 6, n, m), expected.WX, "W·X after it, X still resident");
      const dzXt = new Float64Array(n);
      matmulTransposedInto(dz, view, dzXt, 1, m, n);
      sameBits(dzXt, expected.dzXt, "dz·Xᵀ given X as Bᵀ, resident");
      sameBits(product(view, randomArray(m * 3, 6), n, m, 3), expected.XasA, "X as A, resident");
    }
  } finally {
    keepResident(null);
  }
  sameBits(product(w, view, 1, n, m), expected.wX, "w·X after the operand is let go");
});

test("another operand made resident replaces the first; the first is copied in again, its current values", () => {
  const [n, m] = [8, 100];
  const X1 = randomArray(n * m, 11);
  const X2 = randomArray(n * m, 12);
  const w = randomArray(n, 13);
  keepResident(X1);
  try {
    sameBits(product(w, X1, 1, n, m), product(w, Float64Array.from(X1), 1, n, m), "X1 resident");
    keepResident(X2);
    sameBits(product(w, X2, 1, n, m), product(w, Float64Array.from(X2), 1, n, m), "X2 resident");
    X1[0] = 1000; // X1 is no longer resident: its products copy it, so they see the change
    sameBits(product(w, X1, 1, n, m), product(w, Float64Array.from(X1), 1, n, m), "X1 again");
  } finally {
    keepResident(null);
  }
});

test("keeping the same array again (after it changed) copies it in again: no stale copy", () => {
  const [n, m] = [6, 50];
  const X = randomArray(n * m, 15);
  const w = randomArray(n, 16);
  try {
    keepResident(X);
    product(w, X, 1, n, m);
    keepResident(null);
    X[7] = 123;
    keepResident(X);
    sameBits(product(w, X, 1, n, m), product(w, Float64Array.from(X), 1, n, m), "kept again");
    // as the mini-batch gatherer does: the same buffer refilled and kept again, with no null in between
    X[8] = -5;
    keepResident(X);
    sameBits(
      product(w, X, 1, n, m),
      product(w, Float64Array.from(X), 1, n, m),
      "refilled, kept again",
    );
    X.fill(0.5);
    keepResident(X);
    const dz = randomArray(m, 17);
    const got = new Float64Array(n);
    matmulTransposedInto(dz, X, got, 1, m, n); // dz·Xᵀ, X as Bᵀ: the second product of a step
    const want = new Float64Array(n);
    matmulTransposedInto(dz, Float64Array.from(X), want, 1, m, n);
    sameBits(got, want, "refilled, kept again, as Bᵀ");
  } finally {
    keepResident(null);
  }
});

test("a large product with a resident B split over two threads equals the one-thread product, bit for bit", () => {
  const [m, k, n] = [64, 784, 256]; // 12.8 million multiply-adds: split when 2 threads are allowed
  const W = randomArray(m * k, 21);
  const X = randomArray(k * n, 22);
  const previous = setThreads(1);
  const one = product(W, X, m, k, n);
  setThreads(2);
  keepResident(X);
  try {
    sameBits(product(W, X, m, k, n), one, "2 threads, X resident");
    sameBits(product(W, X, m, k, n), one, "again");
  } finally {
    keepResident(null);
    setThreads(previous);
  }
});

test("wholeBatch: a view of X's values (no copy) that is this run's own; a run after X changed sees the new X", () => {
  const r = rng(31);
  const X = Matrix.uniform(5, 40, r).map((v) => 4 * v - 2);
  const y = Matrix.row(
    Array.from({ length: 40 }, (_, j) => (X.get(0, j) + X.get(1, j) > 0 ? 1 : 0)),
  );
  const view = wholeBatch(X);
  assert.notEqual(view, X);
  assert.notEqual(view.data, X.data, "a new Float64Array object …");
  assert.equal(view.data.buffer, X.data.buffer, "… over the same memory");
  assert.deepEqual(Array.from(view.data), Array.from(X.data));
  keepResident(null);
  const fit = (data: Matrix) => {
    const model = new LogisticRegression(5);
    train(model, data, y, { epochs: 30, learningRate: 0.5 });
    return Array.from(model.w.data);
  };
  fit(X);
  X.data[3] = 5; // between two runs: the second must train on the new value
  assert.deepEqual(fit(X), fit(X.clone()), "the run after the change trained on the changed X");
});
