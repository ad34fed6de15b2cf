import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "../../lib/src/core/matrix";
import { fitStandardizer, kFoldSplits, trainTestSplit } from "../../lib/src/learning/preprocess";
import { Rng } from "../../lib/src/core/random";

/** 100 examples, 30 of class 1; feature 0 is the example's number, so columns can be traced. */
function data() {
  const m = 100;
  const y = Matrix.row(Array.from({ length: m }, (_, j) => (j % 10 < 3 ? 1 : 0)));
  const rng = new Rng(1);
  const X = Matrix.vstack([
    Matrix.row(Array.from({ length: m }, (_, j) => j)),
    Matrix.normal(1, m, rng),
  ]);
  return { X, y };
}

test("stratified split: sizes, disjoint, complete, class shares kept, columns follow their labels", () => {
  const { X, y } = data();
  const s = trainTestSplit(X, y, { testFraction: 0.2, seed: 4 });
  assert.equal(s.XTest.shape(), "2×20");
  assert.equal(s.XTrain.shape(), "2×80");
  assert.equal(s.yTest.sum(), 6); // round(0.2·30) positives
  assert.equal(s.yTrain.sum(), 24);
  const all = [...s.trainIndex, ...s.testIndex].sort((a, b) => a - b);
  assert.deepEqual(
    all,
    Array.from({ length: 100 }, (_, j) => j),
  );
  // Each test column is the original example (feature 0 = its number) with its own label.
  s.testIndex.forEach((j, k) => {
    assert.equal(s.XTest.get(0, k), j);
    assert.equal(s.yTest.get(0, k), y.get(0, j));
  });
});

test("the split is seeded: same seed, same split; another seed, another split", () => {
  const { X, y } = data();
  assert.deepEqual(
    trainTestSplit(X, y, { seed: 4 }).testIndex,
    trainTestSplit(X, y, { seed: 4 }).testIndex,
  );
  assert.notDeepEqual(
    trainTestSplit(X, y, { seed: 4 }).testIndex,
    trainTestSplit(X, y, { seed: 5 }).testIndex,
  );
});

test("without stratification the test set is a plain random fifth", () => {
  const { X, y } = data();
  const s = trainTestSplit(X, y, { testFraction: 0.25, stratify: false, seed: 2 });
  assert.equal(s.testIndex.length, 25);
  assert.equal(s.trainIndex.length, 75);
});

test("split errors: mismatched lengths, a bad fraction, labels outside {0, 1}", () => {
  const { X, y } = data();
  assert.throws(
    () => trainTestSplit(X, y.sliceCols(0, 99)),
    /X is 2×100 \(100 examples\) but y is 1×99/,
  );
  assert.throws(() => trainTestSplit(X, y, { testFraction: 1 }), /strictly between 0 and 1/);
  assert.throws(
    () =>
      trainTestSplit(
        X,
        y.map((v, _i, j) => (j === 7 ? 3 : v)),
      ),
    /value 3 at example 7/,
  );
  assert.throws(
    () => trainTestSplit(Matrix.zeros(2, 3), Matrix.zeros(1, 3), { testFraction: 0.1 }),
    /empty test set/,
  );
});

test("standardiser: μ and σ per feature (hand-computed), fitted on train, applied to test", () => {
  // Feature 0: 1, 2, 3, 6 → μ = 3, σ = √((4 + 1 + 0 + 9)/4) = √3.5. Feature 1: 10, 10, 20, 20 → μ = 15, σ = 5.
  const XTrain = Matrix.from([
    [1, 2, 3, 6],
    [10, 10, 20, 20],
  ]);
  const s = fitStandardizer(XTrain);
  assert.deepEqual(s.mean.toList(), [3, 15]);
  assert.ok(Math.abs(s.std.get(0, 0) - Math.sqrt(3.5)) < 1e-15);
  assert.equal(s.std.get(1, 0), 5);
  const Z = s.transform(XTrain);
  assert.ok(Z.mean(1).allClose(Matrix.zeros(2, 1), 0, 1e-15));
  const sd = Z.map((v) => v * v).mean(1);
  assert.ok(sd.allClose(Matrix.ones(2, 1), 1e-12));
  // The test set uses the training μ and σ, not its own.
  const XTest = Matrix.from([
    [3, 10],
    [25, 15],
  ]);
  assert.ok(
    s.transform(XTest).allClose(
      Matrix.from([
        [0, 7 / Math.sqrt(3.5)],
        [2, 0],
      ]),
      1e-12,
    ),
  );
});

test("a constant feature (σ = 0) gets a clear error, or is kept as 0 on request", () => {
  const X = Matrix.from([
    [1, 2, 3],
    [4, 4, 4],
  ]);
  assert.throws(
    () => fitStandardizer(X, { featureNames: ["radius", "grade"] }),
    /feature "grade" \(row 1\) has the same value 4 in all 3 training examples.*standard deviation is 0/,
  );
  const s = fitStandardizer(X, { constant: "keep" });
  assert.deepEqual(s.transform(X).row(1).toList(), [0, 0, 0]);
  assert.throws(() => s.transform(Matrix.zeros(3, 2)), /fitted on 2 features but X is 3×2/);
  assert.throws(
    () => fitStandardizer(Matrix.from([[1, NaN]])),
    /X \(1×2\) has NaN at row 0, column 1/,
  );
  assert.throws(() => fitStandardizer(new Matrix(2, 0)), /nothing to fit/);
});

test("kFoldSplits: k folds of ⌊m/k⌋ or ⌈m/k⌉, each example validated on once, train = the rest", () => {
  const folds = kFoldSplits(23, 5, { seed: 3 });
  assert.equal(folds.length, 5);
  assert.deepEqual(
    folds.map((f) => f.validationIndex.length),
    [4, 5, 4, 5, 5], // ⌊(i+1)·23/5⌋ − ⌊i·23/5⌋
  );
  const all = Array.from({ length: 23 }, (_, j) => j);
  assert.deepEqual(
    folds.flatMap((f) => f.validationIndex).sort((a, b) => a - b),
    all,
  );
  for (const f of folds) {
    assert.deepEqual(
      [...f.trainIndex, ...f.validationIndex].sort((a, b) => a - b),
      all,
    );
    assert.deepEqual(
      f.trainIndex,
      [...f.trainIndex].sort((a, b) => a - b),
    );
    assert.deepEqual(
      f.validationIndex,
      [...f.validationIndex].sort((a, b) => a - b),
    );
  }
  // seeded: the same seed gives the same folds, another seed others; shuffled (not 0…3 first)
  assert.deepEqual(kFoldSplits(23, 5, { seed: 3 }), folds);
  assert.notDeepEqual(kFoldSplits(23, 5, { seed: 4 }), folds);
  assert.notDeepEqual(folds[0]?.validationIndex, [0, 1, 2, 3]);
});

test("kFoldSplits: k = m is leave-one-out; a bad k or m gets one line", () => {
  const loo = kFoldSplits(4, 4);
  assert.deepEqual(
    loo.map((f) => f.validationIndex.length),
    [1, 1, 1, 1],
  );
  assert.throws(() => kFoldSplits(10, 1), /k must be a whole number from 2 to m = 10, got 1/);
  assert.throws(() => kFoldSplits(10, 11), /from 2 to m = 10, got 11/);
  assert.throws(() => kFoldSplits(10, 2.5), /got 2.5/);
  assert.throws(() => kFoldSplits(0, 2), /kFoldSplits: m must be a whole number ≥ 1/);
});
