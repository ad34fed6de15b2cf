/**
 * Checkers for 03-cost-functions: the mean squared error, the cross-entropy from probabilities, one example's
 * cross-entropy from its logit (stable: log(0) never happens), and the cost over m examples from the logits.
 */
import { Matrix } from "../core/matrix";
import { sigmoid } from "../learning/activations";
import { crossEntropyOfLogit } from "../learning/losses";
import { Case, exercise, formatValue } from "./check";

const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
const pairs = (A: number[], Y: number[]) => A.map((a, j) => [a, Y[j] as number] as const);

const MSE_CASES: [number[], number[]][] = [
  [
    [0.9, 0.2, 0.6, 0.4],
    [1, 0, 0, 1],
  ],
  [
    [0.5, 0.5, 0.99],
    [0, 1, 1],
  ],
  [
    [0.1, 0.8],
    [0, 1],
  ],
];

/** J = (1/m) Σ (a − y)²; recognises the sum without 1/m, the root, a missing square, 1/(2m). */
export const checkMeanSquaredError = exercise<[Matrix, Matrix], number>({
  name: "myMeanSquaredError",
  verified: "myMeanSquaredError(A, Y) = (1/m) Σ (a − y)² on 3 cases (m = 2 to 4), inputs unchanged",
  params: ["A", "Y"],
  hint: "loop j from 0 to m − 1 (m = A.cols), add (A.get(0, j) − Y.get(0, j))², then divide the sum by m",
  cases: MSE_CASES.map(([a, yy]): Case<[Matrix, Matrix]> => {
    const sq = pairs(a, yy).map(([p, l]) => (p - l) ** 2);
    const J = mean(sq);
    return {
      input: `A = ${formatValue(a)}, Y = ${formatValue(yy)}`,
      args: () => [Matrix.row(a), Matrix.row(yy)],
      expected: J,
      mistakes: [
        {
          value: J * a.length,
          hint: `that is the sum Σ (a − y)², without the 1/m: divide by m = A.cols (${a.length} here)`,
        },
        {
          value: Math.sqrt(J),
          hint: "that is the root of the mean (RMSE): the cost is the mean of the squares itself, no square root",
        },
        {
          value: J / 2,
          hint: "you divided by 2m: this course's squared error is (1/m) Σ (a − y)², without the ½",
        },
        {
          value: mean(pairs(a, yy).map(([p, l]) => p - l)),
          hint: "the square is missing: (a − y) ** 2, or the errors of opposite sign cancel",
        },
        {
          value: mean(pairs(a, yy).map(([p, l]) => Math.abs(p - l))),
          hint: "that is the mean absolute error |a − y|: square each error instead",
        },
      ],
    };
  }),
});

/** J = −(1/m) Σ [y ln a + (1 − y) ln(1 − a)]; recognises a missing minus, a missing 1/m, swapped logs. */
export const checkCrossEntropy = exercise<[Matrix, Matrix], number>({
  name: "myCrossEntropy",
  verified:
    "myCrossEntropy(A, Y) = −(1/m) Σ [y ln a + (1 − y) ln(1 − a)] on 3 cases (m = 2 to 4), inputs unchanged",
  params: ["A", "Y"],
  hint: "for each j add y·Math.log(a) + (1 − y)·Math.log(1 − a); the cost is minus that sum divided by m",
  cases: MSE_CASES.map(([a, yy]): Case<[Matrix, Matrix]> => {
    const terms = pairs(a, yy).map(([p, l]) => l * Math.log(p) + (1 - l) * Math.log(1 - p));
    const J = -mean(terms);
    return {
      input: `A = ${formatValue(a)}, Y = ${formatValue(yy)}`,
      args: () => [Matrix.row(a), Matrix.row(yy)],
      expected: J,
      mistakes: [
        {
          value: -J,
          hint: "the sign is flipped: the logs of probabilities are negative, so the cost is MINUS their mean (positive)",
        },
        {
          value: J * a.length,
          hint: `that is the sum without the 1/m: divide by m = A.cols (${a.length} here)`,
        },
        { value: -J * a.length, hint: "both the minus and the 1/m are missing: J = −(1/m) Σ […]" },
        {
          value: -mean(pairs(a, yy).map(([p, l]) => l * Math.log(1 - p) + (1 - l) * Math.log(p))),
          hint: "the two logs are swapped: y goes with ln a (the probability of 1), (1 − y) with ln(1 − a)",
        },
        {
          value: -mean(pairs(a, yy).map(([p, l]) => l * Math.log(p))),
          hint: "the (1 − y)·ln(1 − a) term is missing: examples with y = 0 must cost something too",
        },
        {
          value: -mean(
            pairs(a, yy).map(([p, l]) => l * Math.log10(p) + (1 - l) * Math.log10(1 - p)),
          ),
          hint: "that is log base 10: ln is Math.log",
        },
      ],
    };
  }),
});

const LOGIT_CASES: [number, number][] = [
  [0, 1],
  [2, 1],
  [2, 0],
  [-3, 1],
  [-800, 0],
  [-800, 1],
  [800, 0],
  [800, 1],
  [40, 1],
];

/**
 * loss(z, y) = max(z, 0) − z·y + ln(1 + e^(−|z|)); recognises the naive form (NaN/Infinity from log(0)),
 * ln(1 + e^(−z)) that overflows for z < 0, a flipped z·y, a forgotten max(z, 0).
 */
export const checkCrossEntropyOfLogit = exercise<[number, number], number>({
  name: "myCrossEntropyOfLogit",
  verified:
    "myCrossEntropyOfLogit(z, y) matches −[y ln σ(z) + (1 − y) ln(1 − σ(z))] on 9 cases, exact at z = ±800 (0 or 800, never NaN or Infinity)",
  params: ["z", "y"],
  hint: "return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)))",
  nanHint:
    "NaN is 0 · ln 0 = 0 · (−Infinity): the formula with ln σ(z) breaks once σ(z) rounds to 0 or 1. Use the logit form max(z, 0) − z·y + ln(1 + e^(−|z|))",
  cases: LOGIT_CASES.map(([z, yy]): Case<[number, number]> => {
    const a = sigmoid(z);
    const naive = -(yy * Math.log(a) + (1 - yy) * Math.log(1 - a));
    return {
      input: `z = ${z}, y = ${yy}`,
      args: () => [z, yy],
      expected: crossEntropyOfLogit(z, yy),
      mistakes: [
        ...(Number.isFinite(naive)
          ? []
          : [
              {
                value: naive,
                hint: `${formatValue(naive)} comes from log(0): at z = ${z}, σ(z) rounds to ${a === 0 ? 0 : 1}. Never take ln σ(z): use max(z, 0) − z·y + ln(1 + e^(−|z|))`,
              },
            ]),
        ...(z < -700
          ? [
              {
                value: Infinity,
                hint: "Infinity at z = −800: e^(−z) = e^800 overflows. Use e^(−|z|), which is at most 1, with max(z, 0) in front",
              },
            ]
          : []),
        {
          value: Math.max(z, 0) + z * yy + Math.log1p(Math.exp(-Math.abs(z))),
          hint: "the sign of z·y is flipped: max(z, 0) − z·y + ln(1 + e^(−|z|))",
        },
        {
          value: -z * yy + Math.log1p(Math.exp(-Math.abs(z))),
          hint: "max(z, 0) is missing: it is the part of ln(1 + e^(−z)) that the |z| moved out of the exponential",
        },
        {
          value: Math.max(z, 0) - z * yy + Math.log1p(Math.exp(-z)),
          hint: "e^(−z) should be e^(−|z|): with max(z, 0) in front the exponent is −|z|",
        },
        {
          value: Math.max(z, 0) - z * yy + Math.exp(-Math.abs(z)),
          hint: "the ln is missing: ln(1 + e^(−|z|)) is Math.log1p(Math.exp(-Math.abs(z)))",
        },
      ],
    };
  }),
});

const COST_CASES: [number[], number[]][] = [
  [
    [2, -1, 0.5, -3],
    [1, 0, 0, 1],
  ],
  [
    [800, -800, 0],
    [1, 0, 1],
  ],
  [
    [-800, 40],
    [1, 0],
  ],
];

/** J = (1/m) Σ loss(z, y) over the examples; recognises the sum, a division by 2m, the naive form. */
export const checkCostFromLogits = exercise<[Matrix, Matrix], number>({
  name: "myCostFromLogits",
  verified:
    "myCostFromLogits(Z, Y) = (1/m) Σ loss(zⱼ, yⱼ) on 3 cases including z = ±800, inputs unchanged",
  params: ["Z", "Y"],
  hint: "add crossEntropyOfLogit(Z.get(0, j), Y.get(0, j)) for j from 0 to m − 1 (m = Z.cols), then divide by m",
  nanHint:
    "NaN means a log(0) somewhere: use the stable crossEntropyOfLogit(z, y) for each example, never ln σ(z)",
  cases: COST_CASES.map(([z, yy]): Case<[Matrix, Matrix]> => {
    const losses = pairs(z, yy).map(([zz, l]) => crossEntropyOfLogit(zz, l));
    const J = mean(losses);
    return {
      input: `Z = ${formatValue(z)}, Y = ${formatValue(yy)}`,
      args: () => [Matrix.row(z), Matrix.row(yy)],
      expected: J,
      mistakes: [
        {
          value: J * z.length,
          hint: `that is the sum of the losses: the cost is their mean, divide by m = Z.cols (${z.length} here)`,
        },
        {
          value: J / 2,
          hint: "you divided by 2m: the cost is the plain mean of the losses, (1/m) Σ",
        },
        {
          value: mean(pairs(z, yy).map(([zz, l]) => crossEntropyOfLogit(zz, 1 - l))),
          hint: "the labels are flipped: pass y, not 1 − y",
        },
        {
          value: mean(pairs(z, yy).map(([zz, l]) => crossEntropyOfLogit(l, zz))),
          hint: "the arguments are swapped: crossEntropyOfLogit(z, y) takes the logit first, then the label",
        },
      ],
    };
  }),
});
