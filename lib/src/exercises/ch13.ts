/**
 * Checkers for 13-overfitting-l2-and-dropout: inverted dropout's forward step (the mask from uniform draws and
 * the 1/keepProb scaling), its backward step (the same mask and scaling on dA), and the L2 term of the cost.
 */
import { Matrix } from "../core/matrix";
import { Rng } from "../core/random";
import { Case, exercise } from "./check";

/** Uniform draws U with no entry equal to keepProb (so < and ≤ agree), a few exactly 0. */
function draws(rows: number, cols: number, seed: number): Matrix {
  return Matrix.uniform(rows, cols, new Rng(seed)).map((u, i, j) => ((i + j) % 7 === 3 ? 0 : u));
}

const cases: [number, number, number, number][] = [
  // seed, rows, cols, keepProb
  [1, 3, 4, 0.8],
  [2, 5, 6, 0.5],
  [3, 4, 3, 0.3],
];

const maskOf = (U: Matrix, keepProb: number) => U.map((u) => (u < keepProb ? 1 : 0));

/** A ⊙ D / keepProb with D = (U < keepProb); recognises no scaling, ×keepProb, the flipped mask, no mask. */
export const checkDropoutForward = exercise<[Matrix, Matrix, number], Matrix>({
  name: "myDropoutForward",
  verified:
    "myDropoutForward(A, U, keepProb) = A ⊙ D / keepProb with D = (U < keepProb), for keepProb 0.8, 0.5 and 0.3",
  params: ["A", "U", "keepProb"],
  hint: "two lines: D = U.map((u) => (u < keepProb ? 1 : 0)), then return A.mul(D).scale(1 / keepProb)",
  cases: cases.map(([seed, rows, cols, keepProb]): Case<[Matrix, Matrix, number]> => {
    const r = new Rng(seed + 10);
    const A = Matrix.normal(rows, cols, r).map((v) => Math.tanh(v) + 0.05);
    const U = draws(rows, cols, seed);
    const D = maskOf(U, keepProb);
    const flipped = U.map((u) => (u < keepProb ? 0 : 1));
    return {
      input: `A ${rows}×${cols}, U ${rows}×${cols}, keepProb ${keepProb}`,
      args: () => [A.clone(), U.clone(), keepProb],
      expected: A.mul(D).scale(1 / keepProb),
      mistakes: [
        {
          value: A.mul(D),
          hint: "the kept units are not scaled: divide by keepProb, A ⊙ D / keepProb, so the expected activation stays A (without it, the next layer sees keepProb·A on average in training and A in prediction)",
        },
        {
          value: A.mul(D).scale(keepProb),
          hint: "that multiplies by keepProb: inverted dropout divides by it, A ⊙ D / keepProb, making up for the units dropped",
        },
        {
          value: A.mul(flipped).scale(1 / keepProb),
          hint: "the mask is the wrong way round: a unit is kept (D = 1) when u < keepProb, so that a fraction keepProb survives",
        },
        {
          value: A.mul(flipped).scale(1 / (1 - keepProb)),
          hint: "that keeps a unit when u ≥ keepProb, a fraction 1 − keepProb: keep it when u < keepProb and divide by keepProb",
        },
        {
          value: A.scale(1 / keepProb),
          hint: "no unit was dropped: multiply by the mask D = (U < keepProb) as well, A ⊙ D / keepProb",
        },
      ],
    };
  }),
});

/** dA ⊙ D / keepProb; recognises no scaling, no mask, ×keepProb, dA unchanged. */
export const checkDropoutBackward = exercise<[Matrix, Matrix, number], Matrix>({
  name: "myDropoutBackward",
  verified:
    "myDropoutBackward(dA, D, keepProb) = dA ⊙ D / keepProb (the forward step's mask and scaling), for keepProb 0.8, 0.5 and 0.3",
  params: ["dA", "D", "keepProb"],
  hint: "one line: return dA.mul(D).scale(1 / keepProb), the same mask and the same scaling as the forward step",
  cases: cases.map(([seed, rows, cols, keepProb]): Case<[Matrix, Matrix, number]> => {
    const dA = Matrix.normal(rows, cols, new Rng(seed + 20)).map((v) => v + 0.1);
    const D = maskOf(draws(rows, cols, seed), keepProb);
    return {
      input: `dA ${rows}×${cols}, D ${rows}×${cols}, keepProb ${keepProb}`,
      args: () => [dA.clone(), D.clone(), keepProb],
      expected: dA.mul(D).scale(1 / keepProb),
      mistakes: [
        {
          value: dA.mul(D),
          hint: "the scaling is missing: the forward step divided the kept units by keepProb, so their gradient is divided by keepProb too, dA ⊙ D / keepProb",
        },
        {
          value: dA.scale(1 / keepProb),
          hint: "the mask is missing: a dropped unit had no effect on the cost, so its gradient is 0, dA ⊙ D / keepProb",
        },
        {
          value: dA.mul(D).scale(keepProb),
          hint: "that multiplies by keepProb: the forward step divided by keepProb, so the backward step divides too",
        },
        {
          value: dA,
          hint: "dA came back unchanged: apply the forward step's mask and scaling, dA ⊙ D / keepProb",
        },
      ],
    };
  }),
});

const sumSq = (W: Matrix[]) => W.reduce((s, w) => s + w.mul(w).sum(), 0);

/** λ/(2m) Σ_l ‖W^[l]‖²; recognises λ/m, λ/2, Σ|w|, the norm not squared, the first layer only. */
export const checkL2Cost = exercise<[Matrix[], number, number], number>({
  name: "myL2Cost",
  verified:
    "myL2Cost(W, lambda, m) = λ/(2m) Σ_l Σ (W^[l])² over every layer's weights, for 2 and 3 layers",
  params: ["W", "lambda", "m"],
  hint: "add up w·w over every entry of every matrix in W (W.reduce and w.mul(w).sum()), then multiply by lambda / (2 * m)",
  cases: (
    [
      [4, [3, 2], 0.7, 10],
      [5, [4, 3, 1], 2, 25],
    ] as [number, number[], number, number][]
  ).map(([seed, shape, lambda, m]): Case<[Matrix[], number, number]> => {
    const r = new Rng(seed);
    const sizes = [shape[0] as number, ...shape];
    const W = shape.map((n, k) => Matrix.normal(n, sizes[k] as number, r));
    const s = sumSq(W);
    const abs = W.reduce((t, w) => t + w.map(Math.abs).sum(), 0);
    return {
      input: `W = [${W.map((w) => w.shape()).join(", ")}], lambda ${lambda}, m ${m}`,
      args: () => [W.map((w) => w.clone()), lambda, m],
      expected: (lambda / (2 * m)) * s,
      mistakes: [
        {
          value: (lambda / m) * s,
          hint: "the ½ is missing: λ/(2m) Σ‖W‖², whose gradient is then exactly (λ/m)·W",
        },
        {
          value: (lambda / 2) * s,
          hint: "the 1/m is missing: the penalty is λ/(2m) Σ‖W‖², on the same per-example scale as the cross-entropy",
        },
        {
          value: (lambda / (2 * m)) * abs,
          hint: "that sums |w| (L1): L2 sums the squares, w·w",
        },
        {
          value: (lambda / (2 * m)) * Math.sqrt(s),
          hint: "the norm is squared in L2's cost: add up w·w without taking the square root",
        },
        {
          value: (lambda / (2 * m)) * sumSq(W.slice(0, 1)),
          hint: "only W^[1] was counted: sum the squares over every layer's W",
        },
      ],
    };
  }),
});
