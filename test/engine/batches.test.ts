// The engine's mini-batch gatherer (lib/src/engine/batches.ts): X.selectCols(idx), made fast. A large X is
// transposed into one buffer lent from training run to training run; these tests make runs take it from each
// other (a training inside a training) and check every batch against the readable X.selectCols(idx).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "../../lib/src/core/matrix";
import { Rng } from "../../lib/src/core/random";
import { batchGatherer } from "../../lib/src/engine/batches";
import { createNetwork } from "../../lib/src/models/network";
import { train } from "../../lib/src/models/train";
import { useEngine } from "../../lib/src/engine";
import { useMatmulKernel } from "../../lib/src/core/matmul";

/** Random batches of `size` examples out of m. */
function batchesOf(m: number, size: number, count: number, seed: number): number[][] {
  const r = new Rng(seed);
  return Array.from({ length: count }, () => r.permutation(m).slice(0, size));
}

const same = (got: Matrix, want: Matrix) => {
  assert.equal(got.shape(), want.shape());
  assert.ok(got.allClose(want, 0, 0), "a batch differs from X.selectCols(idx)");
};

test("a large X (over a million values): every batch equals X.selectCols(idx), bit for bit", () => {
  const X = Matrix.normal(128, 8200, new Rng(1)); // 1,049,600 values: lent
  const gather = batchGatherer(X);
  for (const idx of batchesOf(X.cols, 64, 5, 2)) same(gather(idx), X.selectCols(idx));
});

test("two gatherers of large Xs taking the lent buffer from each other: each still gives its own X's batches", () => {
  const A = Matrix.normal(128, 8200, new Rng(3));
  const B = Matrix.normal(130, 8100, new Rng(4)); // larger: the lent buffer grows
  const C = Matrix.normal(100, 10500, new Rng(5)); // smaller than B: it reuses B's buffer
  const gA = batchGatherer(A);
  const [ia, ib, ic] = [
    batchesOf(A.cols, 32, 4, 6),
    batchesOf(B.cols, 32, 4, 7),
    batchesOf(C.cols, 32, 4, 8),
  ];
  same(gA(ia[0]!), A.selectCols(ia[0]!));
  const gB = batchGatherer(B); // takes the buffer (a training started inside A's)
  same(gB(ib[0]!), B.selectCols(ib[0]!));
  same(gA(ia[1]!), A.selectCols(ia[1]!)); // A takes it back and transposes again
  same(gB(ib[1]!), B.selectCols(ib[1]!));
  const gC = batchGatherer(C);
  for (let k = 2; k < 4; k++) {
    same(gA(ia[k]!), A.selectCols(ia[k]!));
    same(gC(ic[k]!), C.selectCols(ic[k]!));
    same(gB(ib[k]!), B.selectCols(ib[k]!));
  }
});

test("a training run inside another one's progress callback, both on large Xs: the same runs as the readable path", () => {
  const X = Matrix.uniform(128, 8200, new Rng(9));
  const y = Matrix.row(
    Array.from({ length: X.cols }, (_, j) => (X.get(0, j) + X.get(1, j) > 1 ? 1 : 0)),
  );
  const X2 = Matrix.uniform(128, 8300, new Rng(10));
  const y2 = Matrix.row(Array.from({ length: X2.cols }, (_, j) => (X2.get(2, j) > 0.5 ? 1 : 0)));
  const run = () => {
    const inner: number[] = [];
    const outer = createNetwork({ layerSizes: [128, 4, 1], seed: 1 });
    const h = train(outer, X, y, {
      epochs: 2,
      batchSize: 1024,
      learningRate: 0.5,
      onProgress: () => {
        const net = createNetwork({ layerSizes: [128, 3, 1], seed: 2 });
        inner.push(...train(net, X2, y2, { epochs: 1, batchSize: 2048, learningRate: 0.5 }).costs);
      },
    });
    return [...h.costs, ...inner];
  };
  const previous = useEngine(false);
  const readable = run();
  useEngine(true);
  const kernel = useMatmulKernel("wasm-exact"); // the fused kernel rounds once per multiply-add: not bit for bit
  const engine = run();
  useMatmulKernel(kernel);
  useEngine(previous);
  assert.deepEqual(engine, readable);
});
