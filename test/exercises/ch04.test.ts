// The checkers of 04-gradient-descent: the right code (✔), the stub ("not yet"), typical wrong answers (✘ + hint).
import assert from "node:assert/strict";
import { test } from "node:test";
import { Matrix } from "../../lib/src/core/matrix";
import { sigmoidMatrix } from "../../lib/src/learning/activations";
import { crossEntropyFromLogits } from "../../lib/src/learning/losses";
import { notYet } from "../../lib/src/exercises/check";
import { checkGradientDescent, checkGradients, checkStep } from "../../lib/src/exercises/ch04";
import { expectFail, expectNotYet, expectPass } from "./helpers";

const stub = (): never => {
  throw notYet();
};
const G1 = "X = 1×5 [[0.5, 2, 1.5, 3, -1]], A = [0.3, 0.8, 0.6, 0.9, 0.2], Y = [0, 1, 0, 1, 1]";
// Matrix.row prints as 1×5 [[…]]; the checker shows it the same way.
const G1m = G1.replace(
  "A = [0.3, 0.8, 0.6, 0.9, 0.2], Y = [0, 1, 0, 1, 1]",
  "A = 1×5 [[0.3, 0.8, 0.6, 0.9, 0.2]], Y = 1×5 [[0, 1, 0, 1, 1]]",
);

test("checkGradients: (A − Y)Xᵀ/m passes; a missing 1/m, Y − A, the transpose and a σ′ factor fail", () => {
  const grads = (X: Matrix, A: Matrix, Y: Matrix, k = 1) => {
    const dZ = A.sub(Y);
    return { dw: dZ.matmul(X.T).scale(k / X.cols), db: ((dZ.sum() as number) * k) / X.cols };
  };
  expectPass(checkGradients, (X, A, Y) => grads(X, A, Y));
  expectNotYet(checkGradients, stub, "myGradients");
  expectFail(
    checkGradients,
    (X, A, Y) => ({ dw: A.sub(Y).matmul(X.T), db: grads(X, A, Y).db }),
    G1m,
    /the 1\/m is missing, dw = \(A − Y\)Xᵀ \/ m/,
  );
  expectFail(checkGradients, (X, A, Y) => grads(X, A, Y, -1), G1m, /dw has the wrong sign/);
  expectFail(
    checkGradients,
    (X, A, Y) => ({ dw: X.matmul(A.sub(Y).T).scale(1 / X.cols), db: grads(X, A, Y).db }),
    "X = 3×4 [[1, -2, 0.5, 3], [2, 0, -1, 1], [0.5, 1, 1, -3]], A = 1×4 [[0.7, 0.1, 0.4, 0.95]], Y = 1×4 [[1, 0, 1, 0]]",
    /dw is 3×1, the transpose/,
  );
  expectFail(
    checkGradients,
    (X, A, Y) => ({
      dw: A.sub(Y)
        .zip(A, (d, a) => d * a * (1 - a))
        .matmul(X.T)
        .scale(1 / X.cols),
      db: grads(X, A, Y).db,
    }),
    G1m,
    /σ′\(z\): with cross-entropy it cancels/,
  );
  expectFail(
    checkGradients,
    (X, A, Y) => ({ dw: grads(X, A, Y).dw, db: A.sub(Y).sum() as number }),
    G1m,
    /db is m = 5 times too big/,
  );
  expectFail(
    checkGradients,
    (X, A, Y) =>
      ({ dW: grads(X, A, Y).dw, db: grads(X, A, Y).db }) as unknown as { dw: Matrix; db: number },
    G1m,
    /no field "dw"/,
  );
});

test("checkStep: w − α·dw passes; ascent, a forgotten α, writing into w fail", () => {
  expectPass(checkStep, (w, b, dw, db, lr) => ({ w: w.sub(dw.scale(lr)), b: b - lr * db }));
  expectNotYet(checkStep, stub, "myStep");
  const first = "w = 1×1 [[0.5]], b = -1, dw = 1×1 [[0.2]], db = -0.4, learningRate = 1.5";
  expectFail(
    checkStep,
    (w, b, dw, db, lr) => ({ w: w.add(dw.scale(lr)), b: b + lr * db }),
    first,
    /w moved uphill/,
  );
  expectFail(
    checkStep,
    (w, b, dw, db) => ({ w: w.sub(dw), b: b - db }),
    first,
    /the learning rate is missing/,
  );
  expectFail(
    checkStep,
    (w, b, dw, db, lr) => ({ w: w.sub(dw.scale(lr)), b: b + lr * db }),
    first,
    /b moved uphill/,
  );
  expectFail(
    checkStep,
    (w, b, dw, db, lr) => {
      for (let j = 0; j < w.cols; j++) w.set(0, j, w.get(0, j) - lr * dw.get(0, j));
      return { w, b: b - lr * db };
    },
    first,
    /changed its input w in place/,
  );
});

test("checkGradientDescent: the loop passes; a missing 1/m, the cost after the update, one step too many, ascent fail", () => {
  const gd = (X: Matrix, Y: Matrix, lr: number, iterations: number, wrong = "") => {
    let w = Matrix.zeros(1, X.rows);
    let b = 0;
    const costs: number[] = [];
    const m = wrong === "noM" ? 1 : X.cols;
    for (let it = 0; it < (wrong === "extra" ? iterations + 1 : iterations); it++) {
      const Z = w.matmul(X).add(b);
      const A = sigmoidMatrix(Z);
      if (wrong !== "after") costs.push(crossEntropyFromLogits(Z, Y));
      const dZ = A.sub(Y);
      const sign = wrong === "ascent" ? -1 : 1;
      w = w.sub(dZ.matmul(X.T).scale((sign * lr) / m));
      b -= (sign * lr * (dZ.sum() as number)) / m;
      if (wrong === "after") costs.push(crossEntropyFromLogits(w.matmul(X).add(b), Y));
    }
    return { w, b, costs };
  };
  const first =
    "X = 1×6 [[0.5, 1.2, 2.8, 3.1, 1.9, 2.2]], Y = 1×6 [[0, 0, 1, 1, 0, 1]], learningRate = 0.5, iterations = 20";
  expectPass(checkGradientDescent, (X, Y, lr, it) => gd(X, Y, lr, it));
  expectNotYet(checkGradientDescent, stub, "myGradientDescent");
  expectFail(
    checkGradientDescent,
    (X, Y, lr, it) => gd(X, Y, lr, it, "noM"),
    first,
    /m times too big: dw and db need the 1\/m/,
  );
  expectFail(
    checkGradientDescent,
    (X, Y, lr, it) => gd(X, Y, lr, it, "after"),
    first,
    /the costs are taken after each update/,
  );
  expectFail(
    checkGradientDescent,
    (X, Y, lr, it) => gd(X, Y, lr, it, "extra"),
    first,
    /there are 21 costs for 20 iterations/,
  );
  expectFail(
    checkGradientDescent,
    (X, Y, lr, it) => gd(X, Y, lr, it, "ascent"),
    first,
    /the cost goes up/,
  );
});

test("dividing by X.rows (the features) instead of m is named as such, not as a missing 1/m", () => {
  const byRows = (X: Matrix, A: Matrix, Y: Matrix) => {
    const dZ = A.sub(Y);
    return { dw: dZ.matmul(X.T).scale(1 / X.rows), db: (dZ.sum() as number) / X.rows };
  };
  // one feature: X.rows is 1, so the hint names both X.cols and X.rows
  const one = checkGradients.result(byRows);
  assert.match(
    one.text,
    /the 1\/m is missing.*m = X\.cols, the examples \(X\.rows is the 1 feature\)/,
  );
  // three features (right for one): "divided by X.rows = 3", not "the 1/m is missing"
  const three = checkGradients.result((X, A, Y) => {
    const dZ = A.sub(Y);
    const d = X.rows === 1 ? X.cols : X.rows;
    return { dw: dZ.matmul(X.T).scale(1 / d), db: (dZ.sum() as number) / d };
  });
  assert.equal(three.verdict, "fail");
  assert.match(three.text, /divided by X\.rows = 3, the number of features: divide by m = X\.cols/);
  assert.doesNotMatch(three.text, /the 1\/m is missing/);
});

test("two long lists that differ are told apart by their first differing entry", () => {
  const r = checkGradientDescent.result((X, Y, lr, it) => {
    let w = Matrix.zeros(1, X.rows);
    let b = 0;
    const costs: number[] = [];
    for (let k = 0; k < it; k++) {
      const Z = w.matmul(X).add(b);
      costs.push(crossEntropyFromLogits(Z, Y) + (k === 3 ? 0.01 : 0));
      const dZ = Z.map((z) => 1 / (1 + Math.exp(-z))).sub(Y);
      w = w.sub(dZ.matmul(X.T).scale(lr / X.cols));
      b -= (lr * (dZ.sum() as number)) / X.cols;
    }
    return { w, b, costs };
  });
  assert.equal(r.verdict, "fail");
  assert.match(
    r.text,
    /expected costs = a list of 20 values, \[3\] = [\d.]+, got costs = a list of 20 values, \[3\] = [\d.]+/,
  );
});

test("a check that grades the same definition again says so (a re-run cell that failed to compile left it)", () => {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void lines.push(a.join(" "));
  try {
    const mine = (X: Matrix, A: Matrix, Y: Matrix) => ({ dw: A.sub(Y).matmul(X.T), db: 0 });
    checkGradients(mine);
    checkGradients(mine); // the exercise cell was "re-run" but did not compile: the same function object
    checkGradients((X: Matrix, A: Matrix, Y: Matrix) => mine(X, A, Y)); // a new definition
  } finally {
    console.log = log;
  }
  assert.equal(lines.length, 3);
  assert.doesNotMatch(lines[0]!, /same myGradients as last time/);
  assert.match(lines[1]!, /^✘ .*\(ℹ this graded the same myGradients as last time: .*did not run/);
  assert.equal(lines[1]!.split("\n").length, 1, "still one line");
  assert.doesNotMatch(lines[2]!, /same myGradients as last time/);
});
