// The sparse matrix (core/sparse.ts) and the models on sparse X: the same numbers as the dense path on small
// cases, on both the readable path and the engine; and logistic regression on a small bag of words reaching the
// optimum of an independent solver (Newton's method, plain loops) to 1e-6.
import assert from "node:assert/strict";
import { test } from "node:test";
import { useMatmulKernel } from "../../lib/src/core/matmul";
import { Matrix, ShapeError } from "../../lib/src/core/matrix";
import { Rng } from "../../lib/src/core/random";
import { SparseMatrix } from "../../lib/src/core/sparse";
import {
  denseTimesSparseFromTransposeInto,
  denseTimesSparseInto,
  dot,
  rowTimesSparseFromTransposeInto,
} from "../../lib/src/core/sparse-products";
import { useEngine } from "../../lib/src/engine";
import { LogisticRegression } from "../../lib/src/models/logistic";
import { createNetwork } from "../../lib/src/models/network";
import { train } from "../../lib/src/models/train";
import { loadReviews } from "../../lib/src/data/reviews";
import { TextVectorizer } from "../../lib/src/data/text";
import { solve } from "../support/linear";

/** A random n×m matrix with about `density` of its entries non-zero (some rows and columns empty). */
function sparseDense(n: number, m: number, density: number, seed: number): Matrix {
  const rng = new Rng(seed);
  return new Matrix(n, m).map(() =>
    rng.uniform() < density ? Math.round(rng.uniform() * 6) / 2 - 1 : 0,
  );
}

/** Runs f on the readable path with the reference kernel (the dense triple loop), then restores. */
function readable<T>(f: () => T): T {
  const was = useEngine(false);
  try {
    return f();
  } finally {
    useEngine(was);
  }
}

/**
 * Runs f on the engine with the plain product kernel ("wasm-exact"): the engine's numbers are then the readable
 * code's bit for bit. (On the default fused kernel the engine's elementwise loops move the last bits: within
 * 1e-12, test/engine/elementwise.test.ts.)
 */
function exactEngine<T>(f: () => T): T {
  const was = useMatmulKernel("wasm-exact");
  try {
    return f();
  } finally {
    useMatmulKernel(was);
  }
}

function sameBits(a: Matrix, b: Matrix, what: string): void {
  assert.equal(a.shape(), b.shape(), what);
  for (let k = 0; k < a.data.length; k++)
    assert.ok(Object.is(a.data[k], b.data[k]), `${what}: entry ${k} ${a.data[k]} vs ${b.data[k]}`);
}

test("CSR: fromDense ↔ toDense, get, transpose, selectRows/selectCols match the dense matrix", () => {
  const A = sparseDense(7, 9, 0.3, 1);
  const S = SparseMatrix.fromDense(A);
  assert.equal(S.nnz, A.data.filter((v) => v !== 0).length);
  sameBits(S.toDense(), A, "round trip");
  for (let i = 0; i < 7; i++) for (let j = 0; j < 9; j++) assert.equal(S.get(i, j), A.get(i, j));
  sameBits(S.T.toDense(), A.T, "transpose");
  assert.equal(
    S.T.T,
    S,
    "the transpose of the transpose is the matrix itself (kept, not recomputed)",
  );
  sameBits(S.selectCols([8, 0, 3, 3]).toDense(), A.selectCols([8, 0, 3, 3]), "selectCols");
  sameBits(S.selectRows([6, 2]).toDense(), A.selectRows([6, 2]), "selectRows");
  const B = sparseDense(9, 4, 1, 2);
  assert.ok(S.matmul(B).allClose(A.matmul(B), 1e-12, 1e-12), "S·B");
  assert.match(S.toString(), /SparseMatrix 7×9, \d+ stored entries/);
});

test("CSR: malformed arrays and out-of-range indices are refused with the reason", () => {
  const ok = () =>
    new SparseMatrix(
      2,
      3,
      Int32Array.from([0, 1, 2]),
      Int32Array.from([2, 0]),
      Float64Array.from([1, 2]),
    );
  assert.doesNotThrow(ok);
  assert.throws(
    () =>
      new SparseMatrix(
        2,
        3,
        Int32Array.from([0, 2]),
        Int32Array.from([0, 1]),
        Float64Array.from([1, 2]),
      ),
    /rowStart needs rows \+ 1 = 3/,
  );
  assert.throws(
    () =>
      new SparseMatrix(
        1,
        3,
        Int32Array.from([0, 2]),
        Int32Array.from([2, 1]),
        Float64Array.from([1, 2]),
      ),
    /increasing within a row/,
  );
  assert.throws(
    () =>
      new SparseMatrix(1, 3, Int32Array.from([0, 1]), Int32Array.from([3]), Float64Array.from([1])),
    /indices must be in 0…2/,
  );
  assert.throws(
    () => SparseMatrix.fromDense(Matrix.from([[1, NaN]])).assertFinite("X"),
    /X \(1×2, sparse\) has NaN at row 0, column 1/,
  );
  assert.throws(() => dot(new Matrix(2, 4), SparseMatrix.fromDense(new Matrix(3, 2))), ShapeError);
});

test("dense·sparse gives the dense triple loop's numbers bit for bit (W·X and dZ·Xᵀ)", () => {
  const was = useMatmulKernel("reference");
  try {
    for (const [k, n, m, seed] of [
      [1, 12, 30, 3],
      [5, 20, 17, 4],
      [3, 1, 1, 5],
    ] as const) {
      const X = sparseDense(n, m, 0.25, seed);
      const S = SparseMatrix.fromDense(X);
      const W = Matrix.normal(k, n, new Rng(seed + 10));
      const dZ = Matrix.normal(k, m, new Rng(seed + 20));
      sameBits(dot(W, S), W.matmul(X), `W·X ${k}×${n}·${n}×${m}`);
      sameBits(dot(dZ, S.T), dZ.matmul(X.T), `dZ·Xᵀ ${k}×${m}·${m}×${n}`);
    }
  } finally {
    useMatmulKernel(was);
  }
});

const Xd = sparseDense(15, 60, 0.2, 7);
const Xs = SparseMatrix.fromDense(Xd);
const y = Matrix.row(
  Array.from({ length: 60 }, (_, j) => (Xd.get(j % 15, j) + Xd.get(3, j) > 0 ? 1 : 0)),
);

test("selectCols: a mini-batch whose own arrays are built only when read, equal to the eager transpose; its .T is the selected rows", () => {
  const X = SparseMatrix.fromDense(sparseDense(12, 40, 0.25, 11));
  const idx = [39, 0, 7, 7, 21, 3];
  const batch = X.selectCols(idx);
  const rows = X.T.selectRows(idx);
  assert.equal(batch.shape(), "12×6");
  assert.equal(batch.nnz, rows.nnz, "nnz of the batch, counted from the selected rows");
  assert.deepEqual(batch.T.toDense().data, rows.toDense().data);
  assert.equal(batch.T.T, batch, "Bᵀᵀ is B itself");
  const eager = rows.transpose();
  assert.deepEqual(
    [Array.from(batch.rowStart), Array.from(batch.colIndex), Array.from(batch.values)],
    [Array.from(eager.rowStart), Array.from(eager.colIndex), Array.from(eager.values)],
  );
  assert.deepEqual(batch.toDense().data, X.toDense().selectCols(idx).data);
});

test("a mini-batch's Xᵀ is read in place: products on rows idx of Xᵀ equal those on the copied rows, bit for bit", () => {
  const rng = new Rng(13);
  const X = SparseMatrix.fromDense(sparseDense(50, 80, 0.1, 13));
  const idx = [79, 3, 3, 40, 0, 17, 66];
  const batch = X.selectCols(idx);
  const sel = SparseMatrix.selectionOf(batch.T);
  assert.ok(sel && sel.source === X.T, "the batch's transpose is a selection of Xᵀ's rows");
  assert.deepEqual(Array.from(sel.indices), idx);
  const copied = X.T.selectRows(idx); // the same rows, copied
  assert.equal(SparseMatrix.selectionOf(copied), null);
  const w = Float64Array.from({ length: 50 }, () => rng.normal());
  const [a, b] = [new Float64Array(idx.length), new Float64Array(idx.length)];
  rowTimesSparseFromTransposeInto(w, batch.T, a); // w·X_batch, from the rows where they are
  rowTimesSparseFromTransposeInto(w, copied, b);
  const dz = Float64Array.from({ length: idx.length }, () => rng.normal());
  const [c, d] = [new Float64Array(50).fill(9), new Float64Array(50).fill(9)];
  denseTimesSparseInto(dz, 1, batch.T, c); // dz·X_batchᵀ
  denseTimesSparseInto(dz, 1, copied, d);
  for (const [x, y, what] of [
    [a, b, "w·X"],
    [c, d, "dz·Xᵀ"],
  ] as const)
    x.forEach((v, k) => assert.ok(Object.is(v, y[k]), `${what}[${k}]: ${v} vs ${y[k]}`));
  assert.throws(() => X.selectCols([0, 80]), /selectCols: index 80 is outside the 80 columns/);
  assert.throws(() => X.selectCols([1.5]), /selectCols: index 1.5 is outside/);
});

test("w·X and W·X from Xᵀ's rows (a gather per example) equal denseTimesSparseInto bit for bit", () => {
  const rng = new Rng(12);
  for (const [n, m, density] of [
    [30, 50, 0.3],
    [200, 17, 0.05],
    [5, 1, 1],
  ] as const) {
    const X = SparseMatrix.fromDense(sparseDense(n, m, density, n + m));
    for (const k of [1, 3]) {
      const W = Float64Array.from({ length: k * n }, () => rng.normal());
      const scatter = new Float64Array(k * m).fill(7);
      denseTimesSparseInto(W, k, X, scatter);
      const gather = new Float64Array(k * m).fill(7);
      if (k === 1) rowTimesSparseFromTransposeInto(W, X.T, gather);
      else denseTimesSparseFromTransposeInto(W, k, X.T, gather);
      for (let j = 0; j < k * m; j++)
        assert.ok(
          Object.is(gather[j], scatter[j]),
          `${k}×${n}·${n}×${m}, entry ${j}: ${gather[j]} vs ${scatter[j]}`,
        );
    }
  }
});

test("logistic regression's sparse step on the engine (fused kernel or exact) = the readable step, bit for bit: cost, dw, db, λ > 0, on a mini-batch", () => {
  const model = new LogisticRegression(15, { lambda: 0.7 });
  train(model, Xs, y, { epochs: 3, learningRate: 0.5 }); // weights that are not all zero
  const batch = Xs.selectCols([59, 2, 2, 30, 0, 44, 17]);
  const yb = y.selectCols([59, 2, 2, 30, 0, 44, 17]);
  const want = readable(() => model.costAndGradients(batch, yb, 60));
  for (const [name, got] of [
    ["wasm", model.costAndGradients(batch, yb, 60)],
    ["wasm-exact", exactEngine(() => model.costAndGradients(batch, yb, 60))],
  ] as const) {
    assert.ok(Object.is(got.cost, want.cost), `${name}: cost ${got.cost} vs ${want.cost}`);
    sameBits(got.grads[0] as Matrix, want.grads[0] as Matrix, `${name}: dw`);
    sameBits(got.grads[1] as Matrix, want.grads[1] as Matrix, `${name}: db`);
  }
});

test("logistic regression: sparse X = dense X (cost, gradients, full-batch and mini-batch training), engine = readable", () => {
  for (const path of ["engine", "readable"] as const) {
    const run = <T>(f: () => T) => (path === "readable" ? readable(f) : f());
    const dense = LogisticRegression.fromWeights(
      Array.from({ length: 15 }, (_, i) => Math.sin(i)),
      0.3,
      { lambda: 0.5 },
    );
    const sparse = LogisticRegression.fromWeights(dense.w, 0.3, { lambda: 0.5 });
    const cd = run(() => dense.costAndGradients(Xd, y));
    const cs = run(() => sparse.costAndGradients(Xs, y));
    assert.ok(Math.abs(cd.cost - cs.cost) < 1e-14, `${path}: cost ${cd.cost} vs ${cs.cost}`);
    cd.grads.forEach((g, k) =>
      assert.ok(g.allClose(cs.grads[k] as Matrix, 1e-12, 1e-14), `${path}: gradient ${k}`),
    );
    for (const batchSize of [undefined, 7]) {
      run(() =>
        train(dense, Xd, y, { epochs: 20, batchSize, optimizer: "adam", learningRate: 0.05 }),
      );
      run(() =>
        train(sparse, Xs, y, { epochs: 20, batchSize, optimizer: "adam", learningRate: 0.05 }),
      );
      assert.ok(dense.w.allClose(sparse.w, 1e-10, 1e-12), `${path}, batch ${batchSize}: w`);
      assert.ok(sparse.predictProba(Xs).allClose(dense.predictProba(Xd), 1e-10, 1e-12));
    }
  }
  const e = new LogisticRegression(15);
  const r = new LogisticRegression(15);
  exactEngine(() => train(e, Xs, y, { epochs: 10, batchSize: 8, learningRate: 0.5 }));
  readable(() => train(r, Xs, y, { epochs: 10, batchSize: 8, learningRate: 0.5 }));
  sameBits(e.w, r.w, "sparse, engine (wasm-exact) vs readable");
});

test("network: sparse X = dense X (training with a hidden layer), engine = readable on sparse X", () => {
  const make = () =>
    createNetwork({ layerSizes: [15, 4, 1], hiddenActivation: "relu", seed: 2, lambda: 0.1 });
  const [dense, sparse, slow] = [make(), make(), make()];
  train(dense, Xd, y, { epochs: 15, batchSize: 16, optimizer: "adam", learningRate: 0.02 });
  exactEngine(() =>
    train(sparse, Xs, y, { epochs: 15, batchSize: 16, optimizer: "adam", learningRate: 0.02 }),
  );
  readable(() =>
    train(slow, Xs, y, { epochs: 15, batchSize: 16, optimizer: "adam", learningRate: 0.02 }),
  );
  sparse.W.forEach((W, l) =>
    assert.ok(W.allClose(dense.W[l] as Matrix, 1e-10, 1e-12), `W[${l}] sparse vs dense`),
  );
  sparse.W.forEach((W, l) =>
    sameBits(W, slow.W[l] as Matrix, `W[${l}] engine (wasm-exact) vs readable, sparse`),
  );
  assert.ok(sparse.predictProba(Xs).allClose(dense.predictProba(Xd), 1e-10, 1e-12));
});

test("a matrix vectorised with another vocabulary: the error names both sizes", () => {
  const model = new LogisticRegression(15);
  const other = SparseMatrix.fromDense(sparseDense(20, 5, 0.3, 9));
  assert.throws(
    () => model.predictProba(other),
    /vectorised with 20 features .* the model has 15 weights/,
  );
  const net = createNetwork({ layerSizes: [15, 3, 1] });
  assert.throws(() => net.predictProba(other), /takes 15 features .* X is 20×5/);
  assert.throws(
    () => train(model, Xs, Matrix.row(Array.from({ length: 60 }, () => 2)), { epochs: 1 }),
    /value 2 at example 0: labels must be 0 or 1/,
  );
});

/** Newton's method on J = (1/m)Σ CE + (λ/2m)‖w‖², documents given as dense 0/1 lists (plain loops only). */
function newton(
  docs: number[][],
  labels: number[],
  lambda: number,
): { theta: number[]; gradNorm: number } {
  const n = docs[0]!.length;
  const m = docs.length;
  let theta = new Array<number>(n + 1).fill(0);
  let gradNorm = NaN;
  for (let it = 0; it < 50; it++) {
    const g = new Array<number>(n + 1).fill(0);
    const H = Array.from({ length: n + 1 }, () => new Array<number>(n + 1).fill(0));
    docs.forEach((d, j) => {
      const x = [...d, 1];
      const z = x.reduce((s, v, i) => s + v * theta[i]!, 0);
      const a = 1 / (1 + Math.exp(-z));
      for (let i = 0; i <= n; i++) {
        g[i]! += ((a - labels[j]!) * x[i]!) / m;
        for (let q = 0; q <= n; q++) H[i]![q]! += (a * (1 - a) * x[i]! * x[q]!) / m;
      }
    });
    for (let i = 0; i < n; i++) {
      g[i]! += (lambda / m) * theta[i]!;
      H[i]![i]! += lambda / m;
    }
    gradNorm = Math.sqrt(g.reduce((s, v) => s + v * v, 0));
    if (gradNorm < 1e-14) break;
    const step = solve(H, g);
    theta = theta.map((t, i) => t - step[i]!);
  }
  return { theta, gradNorm };
}

test("a small bag of words (Yelp, 25 words, λ = 1): gradient descent on sparse X reaches Newton's optimum to 1e-6", (t) => {
  const reviews = loadReviews(["yelp"]).slice(0, 300);
  const vec = TextVectorizer.fit(
    reviews.map((r) => r.text),
    { maxSize: 25 },
  );
  const X = vec.transform(reviews.map((r) => r.text));
  const labels = reviews.map((r) => r.label);
  const dense = X.toDense();
  const ref = newton(
    Array.from({ length: X.cols }, (_, j) => dense.col(j).toList()),
    labels,
    1,
  );
  assert.ok(ref.gradNorm < 1e-12, `Newton: ‖g‖ = ${ref.gradNorm}`);
  const model = new LogisticRegression(vec.size, { lambda: 1 });
  train(model, X, Matrix.row(labels), { epochs: 20000, learningRate: 2 });
  const got = [...model.w.toList(), model.b.item()];
  const gap = Math.max(...got.map((v, i) => Math.abs(v - ref.theta[i]!)));
  assert.ok(gap < 1e-6, `largest |θ_GD − θ_Newton| = ${gap}`);
  t.diagnostic(`Newton vs GD on a 25-word bag of words: max |Δθ| = ${gap.toExponential(2)}`);
});
