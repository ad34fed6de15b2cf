// The checkers of 09-image-classification: each accepts the right code (✔), says "not yet" for an untouched
// stub, and rejects typical wrong answers with the hint that names the mistake.
import { test } from "node:test";
import { Matrix } from "../../lib/src/core/matrix";
import { notYet } from "../../lib/src/exercises/check";
import {
  checkBestThreshold,
  checkFlatten,
  checkPrecisionRecall,
} from "../../lib/src/exercises/ch09";
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

/** The candidate with the highest F1 of ĉ = 1 where p > t (or ≥ t); the first of ties unless `last`. */
const bestThreshold = (
  y: Matrix,
  p: Matrix,
  candidates: number[],
  o: { ge?: boolean; last?: boolean; score?: boolean } = {},
) => {
  let best = -1;
  let bestT = candidates[0] as number;
  for (const t of candidates) {
    const [, fp, fn, tp] = confusion(
      y,
      p.map((v) => ((o.ge ? v >= t : v > t) ? 1 : 0)),
    );
    const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    if (o.last ? f1 >= best : f1 > best) [best, bestT] = [f1, t];
  }
  return o.score ? best : bestT;
};

test("checkBestThreshold: the first best F1 with p > t passes; ≥, the score, 0.5, accuracy, ties fail", () => {
  expectPass(checkBestThreshold, (y, p, c) => bestThreshold(y, p, c));
  expectNotYet(
    checkBestThreshold,
    () => {
      throw notYet();
    },
    "myBestThreshold",
  );
  const first =
    "y = [1,0,1,1,0,0,1,0,0,1], p = [0.9,0.6,0.3,0.5,0.2,0.5,0.8,0.05,0.7,0.95], candidates = [0.1,0.3,0.5,0.7,0.9]";
  expectFail(
    checkBestThreshold,
    (y, p, c) => bestThreshold(y, p, c, { ge: true }),
    first,
    /ĉ = 1 only where p > t/,
  );
  expectFail(
    checkBestThreshold,
    (y, p, c) => bestThreshold(y, p, c, { score: true }),
    first,
    /that is the best F1 itself/,
  );
  expectFail(checkBestThreshold, () => 0.5, first, /0\.5 is the default/);
  expectFail(
    checkBestThreshold,
    (y, p, c) => c.indexOf(bestThreshold(y, p, c)),
    first,
    /position of the best threshold/,
  );
  expectFail(
    checkBestThreshold,
    (y, p, c) => {
      // the accuracy instead of F1
      let best = -1;
      let bestT = c[0] as number;
      for (const t of c) {
        const acc = confusion(
          y,
          p.map((v) => (v > t ? 1 : 0)),
        ).reduce((a, n, k) => (k === 0 || k === 3 ? a + n : a), 0);
        if (acc > best) [best, bestT] = [acc, t];
      }
      return bestT;
    },
    "y = [0,0,0,0,0,0,0,0,1,1,1,0], p = [0.1,0.2,0.05,0.3,0.15,0.35,0.1,0.25,0.4,0.6,0.3,0.45], candidates = [0.2,0.25,0.3,0.4,0.45]",
    /highest accuracy/,
  );
  expectFail(
    checkBestThreshold,
    (y, p, c) => bestThreshold(y, p, c, { last: true }),
    "y = [1,1,0,0,1,0], p = [0.8,0.6,0.7,0.2,0.9,0.1], candidates = [0.15,0.5,0.55,0.65,0.85]",
    /return the first of them/,
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
