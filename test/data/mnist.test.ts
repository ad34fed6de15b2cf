import { test } from "node:test";
import assert from "node:assert/strict";
import {
  digitCounts,
  digitTask,
  isDigit,
  loadDigits,
  loadDigitsSplit,
  PIXELS,
} from "../../lib/src/data/mnist";

test("the package holds 10,000 digits of 784 pixels, counted per digit", () => {
  const counts = digitCounts();
  assert.equal(counts.length, 10);
  assert.deepEqual(counts, [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
  assert.equal(
    counts.reduce((a, b) => a + b, 0),
    10000,
  );
  assert.equal(PIXELS, 28 * 28);
});

test("loadDigits: X is 784×10000 with one image per column, pixels in [0, 1], labels in the package's order", () => {
  const { X, labels } = loadDigits();
  assert.equal(X.rows, 784);
  assert.equal(X.cols, 10000);
  assert.equal(labels.length, 10000);
  assert.ok(X.min() >= 0 && X.max() <= 1, `pixels from ${X.min()} to ${X.max()}`);
  assert.equal(X.max(), 1);
  assert.equal(labels[0], 0);
  assert.equal(labels[1001], 1);
  assert.equal(labels[9999], 9);
  // every image has some ink, and most of the paper is blank
  const ink = X.sum(0);
  for (let j = 0; j < X.cols; j += 97)
    assert.ok((ink.data[j] as number) > 10, `image ${j} is nearly blank`);
  const zeros = X.data.reduce((s, v) => s + (v === 0 ? 1 : 0), 0) / X.size;
  assert.ok(zeros > 0.7 && zeros < 0.9, `share of blank pixels ${zeros}`);
});

test("loadDigitsSplit is deterministic per seed, and different seeds give different sets", () => {
  const a = loadDigitsSplit({ seed: 3, perDigit: 50 });
  const b = loadDigitsSplit({ seed: 3, perDigit: 50 });
  const c = loadDigitsSplit({ seed: 4, perDigit: 50 });
  assert.deepEqual(a.train.labels, b.train.labels);
  assert.ok(a.train.X.allClose(b.train.X, 0, 0));
  assert.ok(a.test.X.allClose(b.test.X, 0, 0));
  assert.ok(!a.train.X.allClose(c.train.X, 0, 0), "another seed picks other images");
});

test("the split is stratified by digit, keeps the shapes and never puts an image in both sets", () => {
  const { train, test: tst } = loadDigitsSplit({ seed: 0, testFraction: 0.2 });
  assert.equal(train.X.rows, 784);
  assert.equal(train.X.cols + tst.X.cols, 10000);
  assert.equal(train.X.cols, train.labels.length);
  assert.equal(tst.X.cols, tst.labels.length);
  const counts = digitCounts();
  for (let d = 0; d < 10; d++) {
    const nTest = tst.labels.filter((l) => l === d).length;
    const nTrain = train.labels.filter((l) => l === d).length;
    assert.equal(nTest, Math.round(0.2 * (counts[d] as number)), `digit ${d} in the test set`);
    assert.equal(nTrain + nTest, counts[d]);
  }
  // no image in both sets: compare fingerprints of the columns
  const key = (X: typeof train.X, j: number) => {
    let h = 0;
    for (let p = 0; p < 784; p++)
      h = (h * 31 + Math.round((X.data[p * X.cols + j] as number) * 1000)) | 0;
    return h;
  };
  const trainKeys = new Set(Array.from({ length: train.X.cols }, (_, j) => key(train.X, j)));
  let shared = 0;
  for (let j = 0; j < tst.X.cols; j++) if (trainKeys.has(key(tst.X, j))) shared++;
  assert.ok(shared <= 2, `${shared} test images also appear in the training set`); // (MNIST has a few near-duplicates)
  // the order is shuffled: the first 50 training images are not all one digit
  assert.ok(new Set(train.labels.slice(0, 50)).size >= 5);
});

test("perDigit and digits pick a smaller balanced set", () => {
  const { train, test: tst } = loadDigitsSplit({
    digits: [4, 9],
    perDigit: 100,
    testFraction: 0.25,
    seed: 1,
  });
  assert.equal(train.X.cols, 150);
  assert.equal(tst.X.cols, 50);
  assert.deepEqual([...new Set(train.labels)].sort(), [4, 9]);
  assert.equal(tst.labels.filter((l) => l === 4).length, 25);
});

test("isDigit and digitTask: y = 1 exactly for the positive digit", () => {
  assert.deepEqual(isDigit([7, 1, 7, 0], 7).toArray(), [[1, 0, 1, 0]]);
  const seven = digitTask({ positive: 7, perDigit: 60, seed: 2 });
  assert.equal(seven.yTrain.rows, 1);
  assert.equal(seven.yTrain.cols, seven.XTrain.cols);
  seven.labelsTrain.forEach((l, j) => assert.equal(seven.yTrain.data[j], l === 7 ? 1 : 0));
  seven.labelsTest.forEach((l, j) => assert.equal(seven.yTest.data[j], l === 7 ? 1 : 0));
  assert.equal(seven.yTrain.sum() + seven.yTest.sum(), 60);
  assert.match(seven.description, /is this a 7/);

  const pair = digitTask({ positive: 9, negative: 4, seed: 0 });
  assert.deepEqual([...new Set(pair.labelsTrain)].sort(), [4, 9]);
  pair.labelsTest.forEach((l, j) => assert.equal(pair.yTest.data[j], l === 9 ? 1 : 0));
  assert.equal(pair.XTrain.cols + pair.XTest.cols, 980 + 978);
});

test("errors name the bad value", () => {
  assert.throws(() => digitTask({ positive: 10 }), /digit from 0 to 9, got 10/);
  assert.throws(() => digitTask({ positive: 4, negative: 4 }), /two different digits/);
  assert.throws(() => loadDigitsSplit({ testFraction: 1 }), /testFraction/);
  assert.throws(() => loadDigitsSplit({ digits: [] }), /at least one digit/);
  assert.throws(() => isDigit([1], 3.5), /got 3.5/);
});
