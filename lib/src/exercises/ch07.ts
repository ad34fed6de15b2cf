/**
 * Checkers for 07-backpropagation: the vectorised forward pass of a [n, h, 1] network (tanh hidden layer,
 * sigmoid output), its backward pass (cost and the four gradients), and the numerical gradient of a cost that
 * takes one matrix.
 */
import { Matrix } from "../core/matrix";
import { Rng } from "../core/random";
import { sigmoid } from "../learning/activations";
import { backwardPass, forwardPass, networkCost, networkFromParameters } from "../models/network";
import { Case, Mistake, exercise } from "./check";
import { exerciseParts } from "./parts";

/** A small seeded case: X n×m, labels Y 1×m, W1 h×n, b1 h×1, W2 1×h, b2 1×1 (biases not 0, so a forgotten b shows). */
function smallCase(seed: number, n: number, h: number, m: number) {
  const r = new Rng(seed);
  const X = Matrix.normal(n, m, r);
  const Y = Matrix.row(Array.from({ length: m }, (_, j) => (j % 3 === 1 ? 0 : (j + seed) % 2)));
  const W1 = Matrix.normal(h, n, r, 0, 0.8);
  const b1 = Matrix.normal(h, 1, r, 0, 0.5);
  const W2 = Matrix.normal(1, h, r, 0, 0.8);
  const b2 = Matrix.full(1, 1, 0.3);
  return { X, Y, W1, b1, W2, b2 };
}

type Args = [Matrix, Matrix, Matrix, Matrix, Matrix];
const sizes: [number, number, number, number][] = [
  [1, 2, 3, 5],
  [2, 3, 4, 6],
];
const tanhM = (M: Matrix) => M.map(Math.tanh);
const sigM = (M: Matrix) => M.map(sigmoid);

/** A² = σ(W² tanh(W¹X + b¹) + b²); recognises Z², A¹, σ in the hidden layer, no g there, a forgotten b¹ or b². */
export const checkForward = exercise<Args, Matrix>({
  name: "myForward",
  verified:
    "myForward(X, W1, b1, W2, b2) = σ(W2·tanh(W1·X + b1) + b2) on a [2, 3, 1] network with 5 examples and a [3, 4, 1] one with 6",
  params: ["X", "W1", "b1", "W2", "b2"],
  hint: "four lines: Z1 = W1.matmul(X).add(b1), A1 = Z1.map(Math.tanh), Z2 = W2.matmul(A1).add(b2), return Z2.map(sigmoid)",
  cases: sizes.map(([seed, n, h, m]): Case<Args> => {
    const { X, W1, b1, W2, b2 } = smallCase(seed, n, h, m);
    const Z1 = W1.matmul(X).add(b1);
    const A1 = tanhM(Z1);
    const Z2 = W2.matmul(A1).add(b2);
    return {
      input: `X ${n}×${m}, W1 ${h}×${n}, W2 1×${h}`,
      args: () => [X.clone(), W1.clone(), b1.clone(), W2.clone(), b2.clone()],
      expected: sigM(Z2),
      mistakes: [
        {
          value: Z2,
          hint: "that is Z2, the output unit's weighted sums: apply σ to get A2 = σ(Z2)",
        },
        {
          value: A1,
          hint: "that is A1, the hidden layer's output: go on to the output unit, A2 = σ(W2·A1 + b2)",
        },
        {
          value: sigM(W2.matmul(sigM(Z1)).add(b2)),
          hint: "the hidden layer uses tanh here, not σ: A1 = Z1.map(Math.tanh)",
        },
        {
          value: sigM(W2.matmul(Z1).add(b2)),
          hint: "the hidden layer has no activation: A1 = tanh(Z1), not Z1 itself",
        },
        {
          value: sigM(W2.matmul(tanhM(W1.matmul(X))).add(b2)),
          hint: "b1 is missing: Z1 = W1·X + b1 (add repeats the column b1 across the examples)",
        },
        { value: sigM(W2.matmul(A1)), hint: "b2 is missing: Z2 = W2·A1 + b2" },
      ],
    };
  }),
});

/**
 * A confident network (seed, n, h, m): W2 = ±40, so |Z2| reaches about 40 and σ(Z2) rounds to exactly 1 in
 * float64. J from ln(a) and ln(1 − a) is then NaN or Infinity; from the logits (chapter 03) it is finite.
 */
const CONFIDENT: [number, number, number, number] = [3, 2, 3, 6];

/** The cost computed from A2 with ln(a) and ln(1 − a), as written naively: NaN or ±Infinity when a rounds to 0 or 1. */
function naiveLogMistakes(A2: Matrix, Y: Matrix): Mistake[] {
  let naive = 0; // y·ln a + (1 − y)·ln(1 − a): 0·ln 0 = NaN where a rounds to y
  let picked = 0; // ln a where y = 1, ln(1 − a) where y = 0: +Infinity where a rounds to 1 − y
  for (let j = 0; j < Y.cols; j++) {
    const a = A2.get(0, j);
    const t = Y.get(0, j);
    naive -= (t * Math.log(a) + (1 - t) * Math.log(1 - a)) / Y.cols;
    picked -= (t === 1 ? Math.log(a) : Math.log(1 - a)) / Y.cols;
  }
  const hint =
    "σ(Z2) rounds to exactly 1 when Z2 ≈ 40, so ln(1 − a) = ln 0: compute the cost from the logits Z2, as in " +
    "chapter 03: Jⱼ = max(z, 0) − y·z + ln(1 + e^(−|z|)) (Math.log1p(Math.exp(−Math.abs(z))))";
  return [naive, picked].filter((v) => !Number.isFinite(v)).map((value) => ({ value, hint }));
}

/** The backward pass's parts, as the notebook's myForwardBackward returns them, checked in this order. */
const PARTS = ["J", "dW2", "db2", "dW1", "db1"];

/**
 * J = −(1/m)Σ[y ln a + (1 − y) ln(1 − a)] computed from the logits (a confident case makes ln(1 − a) = ln 0),
 * dZ² = A² − Y, dW² = dZ²A¹ᵀ/m, db² = Σⱼ dZ²/m,
 * dZ¹ = W²ᵀdZ² ⊙ (1 − A¹²), dW¹ = dZ¹Xᵀ/m, db¹ = Σⱼ dZ¹/m. Recognises a flipped sign, a missing 1/m, a
 * transposed product, a sum over the wrong axis, a forgotten g′, g′ from Z¹ or from σ.
 */
export const checkForwardBackward = exerciseParts<[Matrix, Matrix, Matrix, Matrix, Matrix, Matrix]>(
  {
    name: "myForwardBackward",
    verified:
      "myForwardBackward gives the cost and dW2, db2, dW1, db1 of the library's backwardPass on a [2, 3, 1] network (5 examples), a [3, 4, 1] one (6) and a confident [2, 3, 1] one whose logits reach ±40 (the cost from the logits)",
    params: ["X", "Y", "W1", "b1", "W2", "b2"],
    parts: PARTS,
    hint: "follow the table of formulas line by line, and compare each intermediate shape with the comments",
    partHints: {
      J: "J = (1/m) Σⱼ [max(zⱼ, 0) − yⱼ·zⱼ + ln(1 + e^(−|zⱼ|))] with z = Z2: the mean cross-entropy, from the logits",
      dW2: "dZ2 = A2 − Y, then dW2 = dZ2·A1ᵀ/m (1×h)",
      db2: "db2 = dZ2.sum(1) / m: the sum along each row, over the examples",
      dW1: "dZ1 = (W2ᵀ·dZ2) ⊙ (1 − A1²), then dW1 = dZ1·Xᵀ/m (h×n)",
      db1: "db1 = dZ1.sum(1) / m: the sum along each row, over the examples",
    },
    cases: [...sizes, CONFIDENT].map(([seed, n, h, m]) => {
      const { X, Y, W1, b1, W2, b2 } = smallCase(seed, n, h, m);
      if (seed === CONFIDENT[0]) W2.data.forEach((w, k) => (W2.data[k] = 40 * Math.sign(w))); // |Z2| ≈ 40+
      const net = networkFromParameters({ W: [W1, W2], b: [b1, b2], hiddenActivation: "tanh" });
      const cache = forwardPass(net, X);
      const g = backwardPass(net, cache, Y);
      const A1 = cache.A[1] as Matrix;
      const Z1 = cache.Z[0] as Matrix;
      const dZ2 = (cache.A[2] as Matrix).sub(Y);
      const J = networkCost(net, X, Y);
      const dA1 = W2.T.matmul(dZ2);
      const noGprime = dA1.matmul(X.T).scale(1 / m);
      const dZ1 = dA1.mul(A1.map((a) => 1 - a * a));
      const wrongAxis = (dZ: Matrix): Mistake => ({
        value: dZ.sum(0).scale(1 / m),
        hint: "that sums over the units (sum(0)): the bias gradient sums each row over the examples, sum(1), then divides by m",
      });
      return {
        input: `X ${n}×${m}, W1 ${h}×${n}, W2 1×${h}`,
        args: () =>
          [X.clone(), Y.clone(), W1.clone(), b1.clone(), W2.clone(), b2.clone()] as [
            Matrix,
            Matrix,
            Matrix,
            Matrix,
            Matrix,
            Matrix,
          ],
        expected: {
          J,
          dW2: g.dW[1] as Matrix,
          db2: g.db[1] as Matrix,
          dW1: g.dW[0] as Matrix,
          db1: g.db[0] as Matrix,
        },
        rtol: 1e-9,
        atol: 1e-12,
        mistakes: {
          J: [
            ...(seed === CONFIDENT[0] ? naiveLogMistakes(cache.A[2] as Matrix, Y) : []),
            {
              value: -J,
              hint: "the sign is flipped: J = −(1/m) Σ [y ln a + (1 − y) ln(1 − a)], a positive number",
            },
            {
              value: J * m,
              hint: `that is the sum of the losses, m = ${m} times J: divide by m for the mean`,
            },
          ],
          dW2: [
            {
              value: (g.dW[1] as Matrix).scale(m),
              hint: `the 1/m is missing: your dW2 is m = ${m} times too large`,
            },
            {
              value: (g.dW[1] as Matrix).T,
              hint: "that is A1·dZ2ᵀ, the transpose: dW2 = dZ2·A1ᵀ/m has W2's shape, 1×h",
            },
            {
              value: (g.dW[1] as Matrix).neg(),
              hint: "the sign is flipped: dZ2 = A2 − Y, not Y − A2",
            },
          ],
          db2: [
            {
              value: (g.db[1] as Matrix).scale(m),
              hint: `the 1/m is missing: your db2 is m = ${m} times too large`,
            },
            wrongAxis(dZ2),
            {
              value: (g.db[1] as Matrix).neg(),
              hint: "the sign is flipped: dZ2 = A2 − Y, not Y − A2",
            },
          ],
          dW1: [
            {
              value: noGprime,
              hint: "g′ is missing: dZ1 = (W2ᵀ·dZ2) ⊙ tanh′(Z1), with tanh′(Z1) = 1 − A1² elementwise (mul)",
            },
            {
              value: dA1
                .mul(Z1.map((z) => 1 - z * z))
                .matmul(X.T)
                .scale(1 / m),
              hint: "tanh′ is 1 − A1², with A1 = tanh(Z1): you used 1 − Z1²",
            },
            {
              value: dA1
                .mul(A1.map((a) => a * (1 - a)))
                .matmul(X.T)
                .scale(1 / m),
              hint: "a(1 − a) is σ′; the hidden layer is tanh, whose slope is 1 − a²",
            },
            {
              value: (g.dW[0] as Matrix).scale(m),
              hint: `the 1/m is missing: your dW1 is m = ${m} times too large`,
            },
            {
              value: (g.dW[0] as Matrix).T,
              hint: "that is X·dZ1ᵀ, the transpose: dW1 = dZ1·Xᵀ/m has W1's shape, h×n",
            },
            {
              value: dZ1.matmul(A1.T).scale(1 / m),
              hint: "the input of layer 1 is X: dW1 = dZ1·Xᵀ/m, not dZ1·A1ᵀ/m",
            },
          ],
          db1: [
            {
              value: dA1.sum(1).scale(1 / m),
              hint: "g′ is missing: db1 comes from dZ1 = (W2ᵀ·dZ2) ⊙ (1 − A1²)",
            },
            {
              value: (g.db[0] as Matrix).scale(m),
              hint: `the 1/m is missing: your db1 is m = ${m} times too large`,
            },
            wrongAxis(dZ1),
          ],
        },
      };
    }),
  },
);

/** The centred difference of J at every entry of P, each nudged in a copy. */
function centred(J: (P: Matrix) => number, P: Matrix, eps: number, oneSided = false): Matrix {
  const out = new Matrix(P.rows, P.cols);
  for (let k = 0; k < P.data.length; k++) {
    const up = P.clone();
    up.data[k] = (up.data[k] as number) + eps;
    const down = P.clone();
    if (!oneSided) down.data[k] = (down.data[k] as number) - eps;
    out.data[k] = (J(up) - J(down)) / (oneSided ? eps : 2 * eps);
  }
  return out;
}

type GradArgs = [(P: Matrix) => number, Matrix, number];

/** (J(P + εE) − J(P − εE))/(2ε) per entry; recognises a one-sided difference, a missing 2, nudging every entry at once. */
export const checkNumericGradient = exercise<GradArgs, Matrix>({
  name: "myNumericGradient",
  verified:
    "myNumericGradient matches the centred difference of J at every entry, for J = Σ p³ on a 2×3 P and the moons network's cost as a function of its 3×2 W1",
  params: ["J", "P", "eps"],
  hint: "for each entry k: copy P twice, add eps to entry k of one and subtract it from the other, and store (J(up) − J(down)) / (2·eps) at k",
  cases: ((): Case<GradArgs>[] => {
    const cube = (P: Matrix) => P.data.reduce((s, p) => s + p * p * p, 0);
    const P1 = Matrix.from([
      [0.5, -1, 2],
      [1.5, 0.2, -0.7],
    ]);
    const { X, Y, W1, b1, W2, b2 } = smallCase(4, 2, 3, 6);
    const netCost = (W: Matrix) =>
      networkCost(
        networkFromParameters({ W: [W, W2], b: [b1, b2], hiddenActivation: "tanh" }),
        X,
        Y,
      );
    return [
      { input: "J(P) = Σ p³, P 2×3, eps = 1e-4", J: cube, P: P1, eps: 1e-4 },
      {
        input: "J = the network's cost as a function of W1 (3×2), eps = 1e-5",
        J: netCost,
        P: W1,
        eps: 1e-5,
      },
    ].map((c) => {
      const all = (c.J(c.P.add(c.eps)) - c.J(c.P.sub(c.eps))) / (2 * c.eps);
      return {
        input: c.input,
        args: () => [c.J, c.P.clone(), c.eps] as GradArgs,
        expected: centred(c.J, c.P, c.eps),
        rtol: 1e-6,
        atol: 1e-9,
        mistakes: [
          {
            value: centred(c.J, c.P, c.eps, true),
            hint: "that is the one-sided difference (J(P + ε) − J(P))/ε: nudge both ways, (J(P + ε) − J(P − ε))/(2ε), which is far more accurate",
          },
          {
            value: centred(c.J, c.P, c.eps).scale(2),
            hint: "twice the slope: the two nudges are 2ε apart, so divide by 2·eps",
          },
          {
            value: Matrix.full(c.P.rows, c.P.cols, all),
            hint: "every entry has the same value: nudge one entry at a time (a fresh copy of P for each), not all of them at once",
          },
        ],
      };
    });
  })(),
});
