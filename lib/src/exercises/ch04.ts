/**
 * Checkers for 04-gradient-descent: the gradient of logistic regression (dw = (A − Y)Xᵀ/m, db = Σ(A − Y)/m),
 * one gradient-descent step, and the whole loop (initialise, forward, cost, gradient, update, repeat).
 */
import { Matrix } from "../core/matrix";
import { sigmoid } from "../learning/activations";
import { crossEntropyFromLogits } from "../learning/losses";
import { Case, exercise, formatValue } from "./check";

const X1 = Matrix.from([[0.5, 2, 1.5, 3, -1]]);
const A1 = Matrix.row([0.3, 0.8, 0.6, 0.9, 0.2]);
const Y1 = Matrix.row([0, 1, 0, 1, 1]);
const X2 = Matrix.from([
  [1, -2, 0.5, 3],
  [2, 0, -1, 1],
  [0.5, 1, 1, -3],
]);
const A2 = Matrix.row([0.7, 0.1, 0.4, 0.95]);
const Y2 = Matrix.row([1, 0, 1, 0]);

/** dw = (A − Y)Xᵀ/m (1×n), db = Σ(A − Y)/m; recognises a missing 1/m, Y − A, the n×1 transpose, a σ′ factor. */
export const checkGradients = exercise<[Matrix, Matrix, Matrix], { dw: Matrix; db: number }>({
  name: "myGradients",
  verified:
    "myGradients(X, A, Y) gives dw = (A − Y)Xᵀ/m (1×n) and db = Σ(A − Y)/m for n = 1 and 3 features, inputs unchanged",
  params: ["X", "A", "Y"],
  hint: "dZ = A.sub(Y) (1×m); dw = dZ.matmul(X.T).scale(1 / m) (1×n); db = (dZ.sum() as number) / m, with m = X.cols",
  cases: (
    [
      [X1, A1, Y1],
      [X2, A2, Y2],
    ] as [Matrix, Matrix, Matrix][]
  ).map(([X, A, Y]): Case<[Matrix, Matrix, Matrix]> => {
    const m = X.cols;
    const dZ = A.sub(Y);
    const dw = dZ.matmul(X.T).scale(1 / m);
    const db = (dZ.sum() as number) / m;
    const withDer = dZ.zip(A, (d, a) => d * a * (1 - a));
    return {
      input: `X = ${formatValue(X)}, A = ${formatValue(A)}, Y = ${formatValue(Y)}`,
      args: () => [X.clone(), A.clone(), Y.clone()],
      expected: { dw, db },
      mistakes: [
        ...(X.rows > 1
          ? [
              {
                field: "dw",
                value: dw.scale(m / X.rows),
                hint: `dw is divided by X.rows = ${X.rows}, the number of features: divide by m = X.cols = ${m}, the number of examples`,
              },
              {
                field: "db",
                value: (db * m) / X.rows,
                hint: `db is divided by X.rows = ${X.rows}, the number of features: divide by m = X.cols = ${m}, the number of examples`,
              },
            ]
          : []),
        {
          field: "dw",
          value: dw.scale(m),
          hint:
            X.rows === 1
              ? `dw is m = ${m} times too big: the 1/m is missing, dw = (A − Y)Xᵀ / m with m = X.cols, the examples (X.rows is the 1 feature)`
              : `dw is m = ${m} times too big: the 1/m is missing, dw = (A − Y)Xᵀ / m`,
        },
        {
          field: "dw",
          value: dw.scale(-1),
          hint: "dw has the wrong sign: the error is A − Y (prediction minus label), not Y − A",
        },
        {
          field: "dw",
          value: dw.T,
          hint: `dw is ${X.rows}×1, the transpose: (A − Y) (1×m) times Xᵀ (m×n) gives one row, dZ.matmul(X.T), not X.matmul(dZ.T)`,
        },
        {
          field: "dw",
          value: withDer.matmul(X.T).scale(1 / m),
          hint: "dw has an extra factor a(1 − a) = σ′(z): with cross-entropy it cancels (chapter 04's shortcut), so dZ = A − Y",
        },
        {
          field: "dw",
          value: A.matmul(X.T).scale(1 / m),
          hint: "dw uses A instead of A − Y: subtract the labels first",
        },
        {
          field: "db",
          value: db * m,
          hint: `db is m = ${m} times too big: the 1/m is missing, db = Σ(A − Y) / m`,
        },
        { field: "db", value: -db, hint: "db has the wrong sign: the error is A − Y, not Y − A" },
        {
          field: "db",
          value: (A.sum() as number) / m,
          hint: "db uses A instead of A − Y: subtract the labels first",
        },
      ],
    };
  }),
});

/** w ← w − α·dw, b ← b − α·db as new values; recognises a plus (ascent), a forgotten α, w left as it was. */
export const checkStep = exercise<
  [Matrix, number, Matrix, number, number],
  { w: Matrix; b: number }
>({
  name: "myStep",
  verified:
    "myStep(w, b, dw, db, learningRate) returns w − α·dw and b − α·db, and leaves w and dw unchanged",
  params: ["w", "b", "dw", "db", "learningRate"],
  hint: "return { w: w.sub(dw.scale(learningRate)), b: b - learningRate * db }",
  cases: (
    [
      [Matrix.row([0.5]), -1, Matrix.row([0.2]), -0.4, 1.5],
      [Matrix.row([1, -2, 0.5]), 0.25, Matrix.row([0.3, -0.1, 0.05]), 0.2, 0.1],
      [Matrix.row([2, 3]), 1, Matrix.row([0, 0]), 0, 10],
    ] as [Matrix, number, Matrix, number, number][]
  ).map(([w, b, dw, db, lr]): Case<[Matrix, number, Matrix, number, number]> => ({
    input: `w = ${formatValue(w)}, b = ${b}, dw = ${formatValue(dw)}, db = ${db}, learningRate = ${lr}`,
    args: () => [w.clone(), b, dw.clone(), db, lr],
    expected: { w: w.sub(dw.scale(lr)), b: b - lr * db },
    mistakes: [
      {
        field: "w",
        value: w.add(dw.scale(lr)),
        hint: "w moved uphill: gradient descent steps AGAINST the gradient, w − α·dw",
      },
      {
        field: "w",
        value: w.sub(dw),
        hint: "the learning rate is missing: w − α·dw, i.e. w.sub(dw.scale(learningRate))",
      },
      { field: "w", value: w, hint: "w did not change: return the new w = w − α·dw" },
      {
        field: "w",
        value: dw.scale(-lr),
        hint: "that is only the step −α·dw: add it to w, w − α·dw",
      },
      { field: "b", value: b + lr * db, hint: "b moved uphill: b − α·db, with a minus" },
      { field: "b", value: b - db, hint: "the learning rate is missing from b's update: b − α·db" },
      { field: "b", value: b, hint: "b did not change: return the new b = b − α·db" },
    ],
  })),
});

interface LoopResult {
  w: Matrix;
  b: number;
  costs: number[];
}

/** The reference loop, and its usual wrong variants (for the hints). */
function loop(
  X: Matrix,
  Y: Matrix,
  lr: number,
  iterations: number,
  wrong: "" | "noM" | "byRows" | "ascent" | "costAfter" | "extra" | "noLr" = "",
): LoopResult {
  let w = Matrix.zeros(1, X.rows);
  let b = 0;
  const costs: number[] = [];
  const m = X.cols;
  const n = wrong === "extra" ? iterations + 1 : iterations;
  for (let it = 0; it < n; it++) {
    const Z = w.matmul(X).add(b);
    const A = Z.map(sigmoid);
    if (wrong !== "costAfter") costs.push(crossEntropyFromLogits(Z, Y));
    const dZ = A.sub(Y);
    const scale = wrong === "noM" ? 1 : wrong === "byRows" ? 1 / X.rows : 1 / m;
    const dw = dZ.matmul(X.T).scale(scale);
    const db = (dZ.sum() as number) * scale;
    const step = wrong === "noLr" ? 1 : lr;
    const sign = wrong === "ascent" ? -1 : 1;
    w = w.sub(dw.scale(sign * step));
    b = b - sign * step * db;
    if (wrong === "costAfter") costs.push(crossEntropyFromLogits(w.matmul(X).add(b), Y));
  }
  return { w, b, costs };
}

const LX1 = Matrix.row([0.5, 1.2, 2.8, 3.1, 1.9, 2.2]);
const LY1 = Matrix.row([0, 0, 1, 1, 0, 1]);

/** The loop from w = 0, b = 0; recognises a missing 1/m, ascent, the cost taken after the update, one step too many. */
export const checkGradientDescent = exercise<[Matrix, Matrix, number, number], LoopResult>({
  name: "myGradientDescent",
  verified:
    "myGradientDescent(X, Y, learningRate, iterations) matches full-batch gradient descent from w = 0, b = 0 (w, b and every cost) for 1 and 3 features and for 0 iterations, inputs unchanged",
  params: ["X", "Y", "learningRate", "iterations"],
  hint: "each iteration: Z = w.matmul(X).add(b); A = sigmoidMatrix(Z); costs.push(crossEntropyFromLogits(Z, Y)); dZ = A.sub(Y); dw = dZ.matmul(X.T).scale(1 / m); db = dZ.sum() / m; w = w.sub(dw.scale(learningRate)); b -= learningRate * db",
  cases: (
    [
      [LX1, LY1, 0.5, 20],
      [X2, Y2, 1, 10],
      [LX1, LY1, 0.5, 0],
    ] as [Matrix, Matrix, number, number][]
  ).map(([X, Y, lr, iterations]): Case<[Matrix, Matrix, number, number]> => ({
    input: `X = ${formatValue(X)}, Y = ${formatValue(Y)}, learningRate = ${lr}, iterations = ${iterations}`,
    args: () => [X.clone(), Y.clone(), lr, iterations],
    // costs first: the first wrong field is reported, and the costs say the most about what went wrong.
    expected: (({ costs, w, b }) => ({ costs, w, b }))(loop(X, Y, lr, iterations)),
    rtol: 1e-7,
    atol: 1e-10,
    mistakes: [
      {
        field: "costs",
        value: loop(X, Y, lr, iterations, "extra").costs,
        hint: `there are ${iterations + 1} costs for ${iterations} iterations: loop for (let it = 0; it < iterations; it++)`,
      },
      {
        field: "costs",
        value: loop(X, Y, lr, iterations, "costAfter").costs,
        hint: "the costs are taken after each update: record the cost of the forward pass, before the step (the first cost is ln 2 at w = 0, b = 0)",
      },
      {
        field: "costs",
        value: loop(X, Y, lr, iterations, "ascent").costs,
        hint: "the cost goes up: the update must subtract, w − α·dw and b − α·db",
      },
      ...(X.rows > 1
        ? [
            {
              field: "costs",
              value: loop(X, Y, lr, iterations, "byRows").costs,
              hint: `the steps are divided by X.rows = ${X.rows}, the number of features: the mean is over the m = ${X.cols} examples, so divide by m = X.cols`,
            },
          ]
        : []),
      {
        field: "costs",
        value: loop(X, Y, lr, iterations, "noM").costs,
        hint:
          X.rows === 1
            ? `the steps are m times too big: dw and db need the 1/m, with m = X.cols = ${X.cols} (the examples; X.rows is the 1 feature)`
            : "the steps are m times too big: dw and db need the 1/m",
      },
      {
        field: "costs",
        value: loop(X, Y, lr, iterations, "noLr").costs,
        hint: "the learning rate is not used: step by learningRate · dw",
      },
      {
        field: "w",
        value: loop(X, Y, lr, iterations, "noM").w,
        hint: "w is off because dw misses the 1/m",
      },
      {
        field: "w",
        value: Matrix.zeros(1, X.rows).T,
        hint: `w should be 1×${X.rows} (one weight per feature, a row): Matrix.zeros(1, X.rows)`,
      },
    ],
  })),
});
