// The checkers of 12-one-of-ten: each accepts the right code (✔), says "not yet" for an untouched stub, and
// rejects typical wrong answers with the hint that names the mistake.
import { test } from "node:test";
import { Matrix } from "../../lib/src/core/matrix";
import { sigmoid } from "../../lib/src/learning/activations";
import { softmaxMatrix } from "../../lib/src/learning/softmax";
import { notYet } from "../../lib/src/exercises/check";
import {
  checkCategoricalCrossEntropy,
  checkOutputDelta,
  checkSoftmax,
} from "../../lib/src/exercises/ch12";
import { expectFail, expectNotYet, expectPass } from "./helpers";

const stable = (z: number[]) => {
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

test("checkSoftmax: the shifted softmax passes; the unshifted one (overflow), no normalising and z/Σz fail", () => {
  expectPass(checkSoftmax, stable);
  expectPass(checkSoftmax, (z) => Array.from(softmaxMatrix(Matrix.column(z)).data));
  expectNotYet(
    checkSoftmax,
    () => {
      throw notYet();
    },
    "mySoftmax",
  );
  expectFail(
    checkSoftmax,
    (z) => {
      const e = z.map(Math.exp);
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    },
    "z = [1000, 999, 990]",
    /overflows to Infinity.*subtract the largest z/,
  );
  expectFail(
    checkSoftmax,
    (z) => {
      const max = Math.max(...z);
      return z.map((v) => Math.exp(v - max));
    },
    "z = [1, 2, 3]",
    /divide each by their sum/,
  );
  expectFail(
    checkSoftmax,
    (z) => {
      const s = z.reduce((a, b) => a + b, 0);
      return z.map((v) => v / s);
    },
    "z = [1, 2, 3]",
    /exponentiate first/,
  );
  expectFail(checkSoftmax, (z) => stable(z.map((v) => -v)), "z = [1, 2, 3]", /softmax\(−z\)/);
});

test("checkOutputDelta: softmax(Z) − Y passes; Y − A, σ(Z) − Y, a 1/m and the wrong axis fail", () => {
  expectPass(checkOutputDelta, (Z, Y) => softmaxMatrix(Z).sub(Y));
  expectNotYet(
    checkOutputDelta,
    () => {
      throw notYet();
    },
    "myOutputDelta",
  );
  const at = "Z 3×4, Y 3×4";
  expectFail(checkOutputDelta, (Z, Y) => Y.sub(softmaxMatrix(Z)), at, /sign is flipped/);
  expectFail(checkOutputDelta, (Z, Y) => Z.map(sigmoid).sub(Y), at, /σ\(Z\) − Y.*use softmax/);
  expectFail(
    checkOutputDelta,
    (Z, Y) =>
      softmaxMatrix(Z)
        .sub(Y)
        .scale(1 / Z.cols),
    at,
    /1\/m comes later/,
  );
  expectFail(checkOutputDelta, (Z, Y) => softmaxMatrix(Z.T).T.sub(Y), at, /down each COLUMN/);
});

const cce = (A: Matrix, Y: Matrix) => {
  let s = 0;
  A.data.forEach((a, k) => (s -= Y.data[k]! * Math.log(a)));
  return s / A.cols;
};

test("checkCategoricalCrossEntropy: −(1/m) Σ y ln a passes; no 1/m, a mean over K·m, the binary formula and a lost minus fail", () => {
  expectPass(checkCategoricalCrossEntropy, cce);
  expectNotYet(
    checkCategoricalCrossEntropy,
    () => {
      throw notYet();
    },
    "myCategoricalCrossEntropy",
  );
  const at = "A 3×4 (softmax of random logits), Y 3×4 one-hot";
  expectFail(checkCategoricalCrossEntropy, (A, Y) => cce(A, Y) * A.cols, at, /divide by m/);
  expectFail(checkCategoricalCrossEntropy, (A, Y) => cce(A, Y) / A.rows, at, /K·m/);
  expectFail(
    checkCategoricalCrossEntropy,
    (A, Y) => {
      let s = 0;
      A.data.forEach((a, k) => {
        const y = Y.data[k]!;
        s -= y * Math.log(a) + (1 - y) * Math.log(1 - a);
      });
      return s / A.cols;
    },
    at,
    /binary formula/,
  );
  expectFail(checkCategoricalCrossEntropy, (A, Y) => -cce(A, Y), at, /minus sign/);
});
