// The checkers of 03-cost-functions: the right code (✔), the stub ("not yet"), typical wrong answers (✘ + hint).
import { test } from "node:test";
import { Matrix } from "../../lib/src/core/matrix";
import { sigmoid } from "../../lib/src/learning/activations";
import { crossEntropyOfLogit } from "../../lib/src/learning/losses";
import { notYet } from "../../lib/src/exercises/check";
import {
  checkCostFromLogits,
  checkCrossEntropy,
  checkCrossEntropyOfLogit,
  checkMeanSquaredError,
} from "../../lib/src/exercises/ch03";
import { expectFail, expectNotYet, expectPass } from "./helpers";

const stub = (): never => {
  throw notYet();
};
const sumOver = (A: Matrix, Y: Matrix, f: (a: number, y: number) => number) => {
  let s = 0;
  for (let j = 0; j < A.cols; j++) s += f(A.get(0, j), Y.get(0, j));
  return s;
};
const FIRST = "A = [0.9, 0.2, 0.6, 0.4], Y = [1, 0, 0, 1]";

test("checkMeanSquaredError: the mean of squares passes; the sum, the root, a missing square fail", () => {
  expectPass(checkMeanSquaredError, (A, Y) => sumOver(A, Y, (a, y) => (a - y) ** 2) / A.cols);
  expectNotYet(checkMeanSquaredError, stub, "myMeanSquaredError");
  expectFail(
    checkMeanSquaredError,
    (A, Y) => sumOver(A, Y, (a, y) => (a - y) ** 2),
    FIRST,
    /without the 1\/m: divide by m = A\.cols \(4 here\)/,
  );
  expectFail(
    checkMeanSquaredError,
    (A, Y) => Math.sqrt(sumOver(A, Y, (a, y) => (a - y) ** 2) / A.cols),
    FIRST,
    /RMSE/,
  );
  expectFail(
    checkMeanSquaredError,
    (A, Y) => sumOver(A, Y, (a, y) => a - y) / A.cols,
    FIRST,
    /the square is missing/,
  );
});

test("checkCrossEntropy: the boxed formula passes; a missing minus, a missing 1/m, swapped logs fail", () => {
  const ce = (A: Matrix, Y: Matrix) =>
    -sumOver(A, Y, (a, y) => y * Math.log(a) + (1 - y) * Math.log(1 - a)) / A.cols;
  expectPass(checkCrossEntropy, ce);
  expectNotYet(checkCrossEntropy, stub, "myCrossEntropy");
  expectFail(checkCrossEntropy, (A, Y) => -ce(A, Y), FIRST, /the sign is flipped/);
  expectFail(checkCrossEntropy, (A, Y) => ce(A, Y) * A.cols, FIRST, /the sum without the 1\/m/);
  expectFail(
    checkCrossEntropy,
    (A, Y) => -sumOver(A, Y, (a, y) => y * Math.log(1 - a) + (1 - y) * Math.log(a)) / A.cols,
    FIRST,
    /the two logs are swapped/,
  );
  expectFail(
    checkCrossEntropy,
    (A, Y) => -sumOver(A, Y, (a, y) => y * Math.log(a)) / A.cols,
    FIRST,
    /the \(1 − y\)·ln\(1 − a\) term is missing/,
  );
});

test("checkCrossEntropyOfLogit: the stable form passes; the naive form, e^(−z) and a flipped z·y fail", () => {
  expectPass(
    checkCrossEntropyOfLogit,
    (z, y) => Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z))),
  );
  expectNotYet(checkCrossEntropyOfLogit, stub, "myCrossEntropyOfLogit");
  const naive = (z: number, y: number) =>
    -(y * Math.log(sigmoid(z)) + (1 - y) * Math.log(1 - sigmoid(z)));
  expectFail(
    checkCrossEntropyOfLogit,
    naive,
    "z = -800, y = 0",
    /NaN comes from log\(0\): at z = -800, σ\(z\) rounds to 0/,
  );
  const naiveNoNaN = (z: number, y: number) => (z === -800 && y === 0 ? 0 : naive(z, y));
  expectFail(
    checkCrossEntropyOfLogit,
    naiveNoNaN,
    "z = -800, y = 1",
    /Infinity comes from log\(0\)/,
  );
  expectFail(
    checkCrossEntropyOfLogit,
    (z, y) => (1 - y) * z + Math.log1p(Math.exp(-z)),
    "z = -800, y = 0",
    /e\^800 overflows/,
  );
  expectFail(
    checkCrossEntropyOfLogit,
    (z, y) => Math.max(z, 0) + z * y + Math.log1p(Math.exp(-Math.abs(z))),
    "z = 2, y = 1",
    /the sign of z·y is flipped/,
  );
});

test("checkCostFromLogits: the mean passes; the sum, swapped arguments, the naive loss fail", () => {
  const cost = (Z: Matrix, Y: Matrix) => sumOver(Z, Y, crossEntropyOfLogit) / Z.cols;
  const first = "Z = [2, -1, 0.5, -3], Y = [1, 0, 0, 1]";
  expectPass(checkCostFromLogits, cost);
  expectNotYet(checkCostFromLogits, stub, "myCostFromLogits");
  expectFail(
    checkCostFromLogits,
    (Z, Y) => sumOver(Z, Y, crossEntropyOfLogit),
    first,
    /that is the sum of the losses/,
  );
  expectFail(
    checkCostFromLogits,
    (Z, Y) => sumOver(Z, Y, (z, y) => crossEntropyOfLogit(y, z)) / Z.cols,
    first,
    /the arguments are swapped/,
  );
  expectFail(
    checkCostFromLogits,
    (Z, Y) =>
      sumOver(Z, Y, (z, y) => -(y * Math.log(sigmoid(z)) + (1 - y) * Math.log(1 - sigmoid(z)))) /
      Z.cols,
    "Z = [800, -800, 0], Y = [1, 0, 1]",
    /log\(0\)/,
  );
});
