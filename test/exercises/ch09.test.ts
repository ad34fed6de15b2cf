// The checkers of 09-image-classification: each accepts the right code (✔), says "not yet" for an untouched
// stub, and rejects typical wrong answers with the hint that names the mistake.
import { test } from "node:test";
import { Matrix } from "../../lib/src/core/matrix";
import { notYet } from "../../lib/src/exercises/check";
import { checkConfusion, checkFlatten, checkPrecisionRecall } from "../../lib/src/exercises/ch09";
import { expectFail, expectNotYet, expectPass } from "./helpers";

const flatten = (img: Matrix, byColumns = false) => {
  const column = new Matrix(img.rows * img.cols, 1);
  for (let r = 0; r < img.rows; r++) {
    for (let c = 0; c < img.cols; c++)
      column.set(byColumns ? c * img.rows + r : r * img.cols + c, 0, img.get(r, c));
  }
  return column;
};

test("checkFlatten: row after row passes; column order, a row vector and changing the image fail", () => {
  expectPass(checkFlatten, (img) => flatten(img));
  expectPass(checkFlatten, (img) => img.reshape(img.size, 1));
  expectNotYet(
    checkFlatten,
    () => {
      throw notYet();
    },
    "myFlatten",
  );
  const at = "img 2×3 [[1,2,3],[4,5,6]]";
  expectFail(checkFlatten, (img) => flatten(img, true), at, /you went down the columns/);
  expectFail(checkFlatten, (img) => flatten(img).T, at, /that is a row/);
  expectFail(
    checkFlatten,
    (img) => {
      const c = flatten(img);
      img.set(0, 0, 0);
      return c;
    },
    at,
    /changed its input img in place/,
  );
});

const confusion = (y: Matrix, yHat: Matrix) => {
  let tn = 0,
    fp = 0,
    fn = 0,
    tp = 0;
  for (let j = 0; j < y.cols; j++) {
    const t = y.data[j],
      p = yHat.data[j];
    if (t === 1) p === 1 ? tp++ : fn++;
    else p === 1 ? fp++ : tn++;
  }
  return [tn, fp, fn, tp];
};

test("checkConfusion: [TN, FP, FN, TP] passes; FP/FN swapped and TP first fail with their hint", () => {
  expectPass(checkConfusion, confusion);
  expectNotYet(
    checkConfusion,
    () => {
      throw notYet();
    },
    "myConfusion",
  );
  const at = "y = [0,1,1,0,1,0,0,1,0,0], yHat = [0,1,0,1,1,0,1,1,0,0]";
  expectFail(
    checkConfusion,
    (y, yHat) => {
      const [tn, fp, fn, tp] = confusion(y, yHat);
      return [tn, fn, fp, tp];
    },
    at,
    /FP and FN are swapped/,
  );
  expectFail(
    checkConfusion,
    (y, yHat) => {
      const [tn, fp, fn, tp] = confusion(y, yHat);
      return [tp, fp, fn, tn];
    },
    at,
    /TN first, TP last/,
  );
});

const precisionRecall = (y: Matrix, p: Matrix, threshold: number, ge = false, nan = false) => {
  const [, fp, fn, tp] = confusion(
    y,
    p.map((v) => ((ge ? v >= threshold : v > threshold) ? 1 : 0)),
  );
  return [tp + fp === 0 && !nan ? 0 : tp / (tp + fp), tp / (tp + fn)];
};

test("checkPrecisionRecall: p > threshold passes; ≥, 0/0 and swapped fail with their hint", () => {
  expectPass(checkPrecisionRecall, (y, p, t) => precisionRecall(y, p, t));
  expectNotYet(
    checkPrecisionRecall,
    () => {
      throw notYet();
    },
    "myPrecisionRecall",
  );
  const at = (t: number) =>
    `y = [1,0,1,1,0,0,1,0,0,1], p = [0.9,0.6,0.3,0.5,0.2,0.5,0.8,0.05,0.7,0.95], threshold = ${t}`;
  expectFail(
    checkPrecisionRecall,
    (y, p, t) => precisionRecall(y, p, t, true),
    at(0.5),
    /only where p > threshold \(not ≥\)/,
  );
  expectFail(
    checkPrecisionRecall,
    (y, p, t) => precisionRecall(y, p, t, false, true),
    at(0.96),
    /NaN is 0\/0/,
  );
  expectFail(
    checkPrecisionRecall,
    (y, p, t) => precisionRecall(y, p, t).reverse(),
    at(0.25),
    /precision and recall are swapped/,
  );
});
