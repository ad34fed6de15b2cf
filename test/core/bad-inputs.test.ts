/**
 * Bad inputs a learner types, each refused at the public boundary with a message naming the argument and the
 * value (they were taken silently, or failed with "… is not a function", before): strings as numbers, NaN
 * weights, probabilities above 1, labels other than 0/1, keepProb 0, negative counts and deviations, a plain
 * array for y, and options that are not functions or optimizers.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Matrix } from "../../lib/src/core/matrix";
import { rng } from "../../lib/src/core/random";
import { crossEntropy, crossEntropyGradient } from "../../lib/src/learning/losses";
import { accuracy, logLoss } from "../../lib/src/learning/metrics";
import { backwardPass, forwardPass } from "../../lib/src/models/backprop";
import { dropoutForward } from "../../lib/src/models/dropout";
import { LinearRegression } from "../../lib/src/models/linear";
import { LogisticRegression } from "../../lib/src/models/logistic";
import { createNetwork } from "../../lib/src/models/network";
import { train } from "../../lib/src/models/train";

const X = Matrix.from([
  [0, 1, 2, 3],
  [1, 0, 1, 0],
]);
const y = Matrix.row([0, 0, 1, 1]);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const any = (v: unknown) => v as any;

const cases: [string, () => unknown, RegExp][] = [
  [
    "Matrix.full with a string",
    () => Matrix.full(2, 2, any("3")),
    /^Matrix\.full: value must be a number, got "3" \(a string\): write it without quotes, 3$/,
  ],
  [
    "set with a string",
    () => new Matrix(2, 2).set(0, 0, any("x")),
    /set\(0, 0, value\): value must be a number, got "x" \(a string\)/,
  ],
  [
    "scale with a string",
    () => new Matrix(2, 3).scale(any("2")),
    /^scale: k must be a number, got "2" \(a string\): write it without quotes, 2$/,
  ],
  [
    "fromWeights with a string bias",
    () => LogisticRegression.fromWeights([1, 2], any("0")),
    /fromWeights: b must be a finite number, got "0" \(a string\)/,
  ],
  [
    "fromWeights with NaN",
    () => LogisticRegression.fromWeights([1, NaN], 0),
    /fromWeights: w \(1×2\) has NaN at row 0, column 1/,
  ],
  [
    "LinearRegression.fromWeights with a string bias",
    () => LinearRegression.fromWeights([1], any("2")),
    /b must be a finite number, got "2"/,
  ],
  [
    "metrics on string labels",
    () => accuracy(any(["0", "1"]), [0, 1]),
    /yTrue\[0\] is "0" \(a string\): labels and scores must be numbers/,
  ],
  [
    "crossEntropy of a probability 1.5",
    () => crossEntropy(Matrix.row([0.5, 1.5]), Matrix.row([0, 1])),
    /crossEntropy: A has 1\.5 at example 1: it must hold probabilities/,
  ],
  [
    "logLoss of a probability 1.5",
    () => logLoss([0, 1], [0.5, 1.5]),
    /logLoss: proba has 1\.5 at example 1/,
  ],
  [
    "crossEntropyGradient with label 2",
    () => crossEntropyGradient(Matrix.row([0.5, 0.5]), Matrix.row([0, 2])),
    /has the value 2 at example 1: labels must be 0 or 1/,
  ],
  [
    "backwardPass with label 2 (as the cost refuses it)",
    () => {
      const net = createNetwork({ layerSizes: [2, 2, 1] });
      return backwardPass(net, forwardPass(net, X), Matrix.row([0, 2, 1, 0]));
    },
    /backwardPass: Y has the value 2 at example 1/,
  ],
  [
    "dropoutForward with keepProb 0",
    () => dropoutForward(Matrix.row([1, 2]), Matrix.row([1, 0]), 0),
    /dropoutForward: keepProb must be a number > 0 and ≤ 1, got 0/,
  ],
  [
    "permutation(-1)",
    () => rng(1).permutation(-1),
    /Rng\.permutation: n must be a whole number ≥ 0, got -1/,
  ],
  [
    "normal with std −1",
    () => rng(1).normal(0, -1),
    /Rng\.normal: std \(the standard deviation\) must be a number ≥ 0, got -1/,
  ],
  [
    "y as a plain array",
    () => train(new LogisticRegression(2), X, any([0, 0, 1, 1]), { epochs: 1 }),
    /^y must be a Matrix, got an array of 4: make one with Matrix\.row/,
  ],
  [
    "fit with y as a plain array",
    () => new LogisticRegression(2).fit(X, any([0, 0, 1, 1]), { epochs: 1 }),
    /^y must be a Matrix, got an array of 4/,
  ],
  [
    "optimizer: {}",
    () => train(new LogisticRegression(2), X, y, { epochs: 1, optimizer: any({}) }),
    /^optimizer must be a name .* or an optimizer made by one of those functions.*without a step\(\) method/,
  ],
  [
    'onProgress: "yes"',
    () => train(new LogisticRegression(2), X, y, { epochs: 1, onProgress: any("yes") }),
    /^onProgress must be a function .*got "yes" \(a string\)/,
  ],
  [
    "shouldStop: 5",
    () => train(new LogisticRegression(2), X, y, { epochs: 1, shouldStop: any(5) }),
    /^shouldStop must be a function .*got 5$/,
  ],
];

for (const [what, f, message] of cases)
  test(`refused with a message naming the value: ${what}`, () => {
    assert.throws(f, (e: Error) => {
      assert.match(e.message, message);
      assert.ok(e instanceof TypeError || e instanceof RangeError, `${e.name}: ${e.message}`);
      return true;
    });
  });

test("what is accepted on purpose stays accepted: NaN stored by set, epochs 0, a 0×0 matrix", () => {
  assert.ok(Number.isNaN(new Matrix(1, 1).set(0, 0, NaN).get(0, 0)));
  assert.equal(train(new LogisticRegression(2), X, y, { epochs: 0 }).epochs, 0);
  assert.equal(new Matrix(0, 0).size, 0);
});

test("X given with one row per example: the message names a transposed X beside a wrong y", () => {
  const Xt = X.T; // 4×2: 4 examples as rows
  assert.throws(
    () => new LogisticRegression(4).fit(Xt, y, { epochs: 1 }),
    /X is 4×2 \(2 examples\) but y is 1×4: y must be 1×2, one label per example; or, if there are 4 examples, X is transposed: pass X\.T/,
  );
});
