/**
 * Checkers for 12-one-of-ten: a numerically stable softmax of a list of scores, the output layer's
 * dZ = softmax(Z) − Y (K×m), and the categorical cross-entropy J = −(1/m) Σ_examples Σ_k y_k ln a_k.
 */
import { Matrix } from "../core/matrix";
import { Rng } from "../core/random";
import { sigmoid } from "../learning/activations";
import { oneHot, softmaxMatrix } from "../learning/softmax";
import { Case, exercise } from "./check";

/** e^(z_k − max z) / Σ_j e^(z_j − max z), written out (independent of the lib's loop). */
function softmaxList(z: readonly number[]): number[] {
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** softmax(z)_k = e^(z_k − max z) / Σ_j e^(z_j − max z); recognises no normalising, z/Σz, and (NaN) no shift. */
export const checkSoftmax = exercise<[number[]], number[]>({
  name: "mySoftmax",
  verified:
    "mySoftmax(z) is positive, sums to 1 and equals e^z/Σe^z on 5 lists of scores, including z = [1000, 999, 990] and [−1000, −1001]",
  params: ["z"],
  hint: "three steps: max = Math.max(...z); e = z.map((v) => Math.exp(v - max)); divide each e by their sum",
  nanHint:
    "NaN: e^1000 overflows to Infinity (and e^−1000 rounds to 0), so the division is Infinity/Infinity or 0/0 — subtract the largest z from every z before Math.exp (the shift cancels in the fraction)",
  cases: [
    [1, 2, 3],
    [-1, 0, 0.5, 2],
    [0, 0],
    [1000, 999, 990],
    [-1000, -1001],
  ].map((z): Case<[number[]]> => {
    const max = Math.max(...z);
    const sumZ = z.reduce((a, b) => a + b, 0);
    return {
      input: `z = [${z.join(", ")}]`,
      args: () => [[...z]],
      expected: softmaxList(z),
      mistakes: [
        {
          value: z.map((v) => Math.exp(v - max)),
          hint: "those are the shifted exponentials e^(z − max z): divide each by their sum, so the probabilities add up to 1",
        },
        ...(sumZ !== 0
          ? [
              {
                value: z.map((v) => v / sumZ),
                hint: "that divides the scores themselves by their sum: exponentiate first (e^z is positive even for negative z), then divide by the sum of the exponentials",
              },
            ]
          : []),
        {
          value: softmaxList(z.map((v) => -v)),
          hint: "that is softmax(−z): the largest score must get the largest probability — e^(z − max), not e^(max − z)",
        },
      ],
    };
  }),
});

type ZY = [Matrix, Matrix];

/** A seeded K×m case: logits Z and one-hot Y of labels that use every class. */
function logitsCase(
  seed: number,
  K: number,
  m: number,
): { Z: Matrix; Y: Matrix; labels: number[] } {
  const r = new Rng(seed);
  const Z = Matrix.normal(K, m, r, 0, 1.5);
  const labels = Array.from({ length: m }, (_, j) => (j * 7 + seed) % K);
  return { Z, Y: oneHot(labels, K), labels };
}

/** Softmax along each ROW (the wrong axis), for the mistake. */
const softmaxRows = (Z: Matrix) => softmaxMatrix(Z.T).T;

/** dZ = softmax(Z) − Y (K×m); recognises Y − A, σ instead of softmax, a 1/m too early, and the wrong axis. */
export const checkOutputDelta = exercise<ZY, Matrix>({
  name: "myOutputDelta",
  verified:
    "myOutputDelta(Z, Y) = softmax(Z) − Y on 3 cases (3×4, 4×6 and 10×5), each column's softmax taken down the column",
  params: ["Z", "Y"],
  hint: "two steps: A = softmaxMatrix(Z) (each column a probability list), then return A.sub(Y)",
  cases: [
    [1, 3, 4],
    [2, 4, 6],
    [3, 10, 5],
  ].map(([seed, K, m]): Case<ZY> => {
    const { Z, Y } = logitsCase(seed as number, K as number, m as number);
    const A = softmaxMatrix(Z);
    return {
      input: `Z ${K}×${m}, Y ${K}×${m}`,
      args: () => [Z.clone(), Y.clone()],
      expected: A.sub(Y),
      mistakes: [
        { value: Y.sub(A), hint: "the sign is flipped: dZ = A − Y (prediction minus truth)" },
        {
          value: Z.map(sigmoid).sub(Y),
          hint: "that is σ(Z) − Y, each class on its own: use softmax, which divides by the sum of the column's exponentials",
        },
        {
          value: A.sub(Y).scale(1 / (m as number)),
          hint: "the 1/m comes later, in dW = (1/m)·dZ·Aᵀ and db (as in 07): dZ itself is A − Y, example by example",
        },
        {
          value: softmaxRows(Z).sub(Y),
          hint: "softmax runs down each COLUMN (one example's K scores), not along a row",
        },
        {
          value: A.sub(Y).mul(A.map((a) => a * (1 - a))),
          hint: "no a(1 − a) factor: with cross-entropy the softmax's derivative cancels, leaving dZ = A − Y",
        },
      ],
    };
  }),
});

/** J = −(1/m) Σ Σ y ln a; recognises a missing 1/m, a mean over K·m, the binary formula, and a lost minus. */
export const checkCategoricalCrossEntropy = exercise<ZY, number>({
  name: "myCategoricalCrossEntropy",
  verified:
    "myCategoricalCrossEntropy(A, Y) = −(1/m) Σ_examples Σ_k y_k ln a_k on 3 cases (3×4, 4×6 and 10×5)",
  params: ["A", "Y"],
  hint: "add −y·ln(a) over every entry of A and Y (only the true class's y is 1), then divide by m = A.cols",
  cases: [
    [4, 3, 4],
    [5, 4, 6],
    [6, 10, 5],
  ].map(([seed, K, m]): Case<ZY> => {
    const { Z, Y } = logitsCase(seed as number, K as number, m as number);
    const A = softmaxMatrix(Z);
    let s = 0;
    let binary = 0;
    A.data.forEach((a, k) => {
      const y = Y.data[k] as number;
      s -= y * Math.log(a);
      binary -= y * Math.log(a) + (1 - y) * Math.log(1 - a);
    });
    const mm = m as number;
    return {
      input: `A ${K}×${m} (softmax of random logits), Y ${K}×${m} one-hot`,
      args: () => [A.clone(), Y.clone()],
      expected: s / mm,
      mistakes: [
        {
          value: s,
          hint: "that is the sum over the examples: divide by m (the number of columns) for the mean",
        },
        {
          value: s / (mm * (K as number)),
          hint: "that divides by K·m, every entry: average over the m examples (columns) only",
        },
        {
          value: binary / mm,
          hint: "that is the binary formula y ln a + (1 − y) ln(1 − a) on every entry: with K classes only −Σ_k y_k ln a_k counts (the softmax already made the other classes' probabilities smaller)",
        },
        {
          value: -s / mm,
          hint: "the minus sign is missing: ln a < 0, so J = −(1/m) Σ y ln a is positive",
        },
      ],
    };
  }),
});
