// The checkers of 02-single-neuron: the right code (✔), the stub ("not yet"), typical wrong answers (✘ + hint).
import { test } from "node:test";
import { Matrix } from "../../lib/src/core/matrix";
import { sigmoid, sigmoidMatrix } from "../../lib/src/learning/activations";
import { notYet } from "../../lib/src/exercises/check";
import {
  checkAccuracy,
  checkNeuron,
  checkNeuronForward,
  checkPredict,
} from "../../lib/src/exercises/ch02";
import { expectFail, expectNotYet, expectPass } from "./helpers";

const stub = (): never => {
  throw notYet();
};
const dot = (w: number[], x: number[]) => w.reduce((s, wi, i) => s + wi * x[i]!, 0);

test("checkNeuron: σ(w·x + b) passes; z without σ, a missing b, only the first feature, a changed input fail", () => {
  expectPass(checkNeuron, (w, b, x) => sigmoid(dot(w, x) + b));
  expectNotYet(checkNeuron, stub, "myNeuron");
  expectFail(
    checkNeuron,
    (w, b, x) => dot(w, x) + b,
    "w = [1, 1], b = -0.5, x = [0.8, -0.3]",
    /return sigmoid\(z\)/,
  );
  expectFail(
    checkNeuron,
    (w, _b, x) => sigmoid(dot(w, x)),
    "w = [1, 1], b = -0.5, x = [0.8, -0.3]",
    /the bias is missing/,
  );
  expectFail(
    checkNeuron,
    (w, b, x) => sigmoid(w[0]! * x[0]! + b),
    "w = [1, 1], b = -0.5, x = [0.8, -0.3]",
    /only the first feature/,
  );
  expectFail(
    checkNeuron,
    (w, b, x) => {
      for (let i = 0; i < x.length; i++) x[i] = x[i]! * w[i]!;
      return sigmoid(x.reduce((s, v) => s + v, 0) + b);
    },
    "w = [2, -1, 0.5], b = 0.25, x = [1, 2, -2]",
    /changed its input x in place \(by assigning x\[i\]/,
  );
});

test("checkNeuronForward: σ(WX + b) passes; Z without σ, the m×1 transpose, a subtracted b fail", () => {
  expectPass(checkNeuronForward, (W, b, X) => sigmoidMatrix(W.matmul(X).add(b)));
  expectNotYet(checkNeuronForward, stub, "myNeuronForward");
  expectFail(
    checkNeuronForward,
    (W, b, X) => W.matmul(X).add(b),
    "W = 1×2 [[1, 1]], b = -0.5, X = 2×3 [[0.8, -1, 2], [-0.3, 0.5, 1]]",
    /apply the sigmoid to every entry/,
  );
  expectFail(
    checkNeuronForward,
    (W, b, X) => sigmoidMatrix(X.T.matmul(W.T).add(b)),
    "W = 1×2 [[1, 1]], b = -0.5, X = 2×3 [[0.8, -1, 2], [-0.3, 0.5, 1]]",
    /3×1, the transpose/,
  );
  expectFail(
    checkNeuronForward,
    (W, b, X) => sigmoidMatrix(W.matmul(X).sub(b)),
    "W = 1×2 [[1, 1]], b = -0.5, X = 2×3 [[0.8, -1, 2], [-0.3, 0.5, 1]]",
    /the bias is subtracted/,
  );
});

test("checkPredict: a > t passes; ≥, a fixed 0.5, swapped answers, writing into A fail", () => {
  expectPass(checkPredict, (A, t = 0.5) => A.map((a) => (a > t ? 1 : 0)));
  expectNotYet(checkPredict, stub, "myPredict");
  expectFail(
    checkPredict,
    (A, t = 0.5) => A.map((a) => (a >= t ? 1 : 0)),
    "A = 1×4 [[0.2, 0.5, 0.7, 0.51]], threshold = 0.5",
    /strictly \(not ≥\)/,
  );
  expectFail(
    checkPredict,
    (A) => A.map((a) => (a > 0.5 ? 1 : 0)),
    "A = 1×5 [[0.3, 0.31, 0.1, 0.9, 0.29]], threshold = 0.3",
    /whatever the threshold/,
  );
  expectFail(
    checkPredict,
    (A, t = 0.5) => A.map((a) => (a < t ? 1 : 0)),
    "A = 1×4 [[0.2, 0.5, 0.7, 0.51]], threshold = 0.5",
    /the answers are swapped/,
  );
  expectFail(
    checkPredict,
    (A, t = 0.5) => {
      for (let j = 0; j < A.cols; j++) A.set(0, j, A.get(0, j) > t ? 1 : 0);
      return A;
    },
    "A = 1×4 [[0.2, 0.5, 0.7, 0.51]], threshold = 0.5",
    /changed its input A in place/,
  );
});

test("checkAccuracy: the share passes; the count, the error rate and m − 1 fail with their hint", () => {
  const acc = (h: Matrix, y: Matrix) =>
    h.toList().filter((v, j) => v === y.get(0, j)).length / y.cols;
  expectPass(checkAccuracy, acc);
  expectNotYet(checkAccuracy, stub, "myAccuracy");
  expectFail(
    checkAccuracy,
    (h, y) => acc(h, y) * y.cols,
    "cHat = [1, 0, 1, 1, 0], y = [1, 0, 0, 1, 1]",
    /divide it by m = y.cols/,
  );
  expectFail(
    checkAccuracy,
    (h, y) => 1 - acc(h, y),
    "cHat = [1, 0, 1, 1, 0], y = [1, 0, 0, 1, 1]",
    /error rate/,
  );
  expectFail(
    checkAccuracy,
    (h, y) => (acc(h, y) * y.cols) / (y.cols - 1),
    "cHat = [1, 0, 1, 1, 0], y = [1, 0, 0, 1, 1]",
    /divided by m − 1/,
  );
});
