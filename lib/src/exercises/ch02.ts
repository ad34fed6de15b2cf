/**
 * Checkers for 02-single-neuron: one neuron on one example, on all examples at once (Z = WX + b, A = σ(Z)),
 * the decision ĉ = 1 where a > t (the predicted class), and accuracy.
 */
import { Matrix } from "../core/matrix";
import { sigmoid } from "../learning/activations";
import { Case, exercise, formatValue } from "./check";

const dot = (w: readonly number[], x: readonly number[]) =>
  w.reduce((s, wi, i) => s + wi * (x[i] as number), 0);

/** a = σ(w·x + b) for one example; recognises z returned without σ, a forgotten or subtracted b, σ(−z). */
export const checkNeuron = exercise<[number[], number, number[]], number>({
  name: "myNeuron",
  verified:
    "myNeuron(w, b, x) = σ(w·x + b) on 4 examples with 1, 2 and 3 features, and leaves w and x unchanged",
  params: ["w", "b", "x"],
  hint: "first z = w[0]*x[0] + w[1]*x[1] + … + b (a loop over i < w.length), then return sigmoid(z)",
  cases: (
    [
      [[1, 1], -0.5, [0.8, -0.3]],
      [[2, -1, 0.5], 0.25, [1, 2, -2]],
      [[3], 1, [-0.5]],
      [[0.5, 1.5], 2, [1, 1]],
    ] as [number[], number, number[]][]
  ).map(([w, b, x]): Case<[number[], number, number[]]> => {
    const z = dot(w, x) + b;
    return {
      input: `w = ${formatValue(w)}, b = ${b}, x = ${formatValue(x)}`,
      args: () => [[...w], b, [...x]],
      expected: sigmoid(z),
      mistakes: [
        {
          value: z,
          hint: "that is z = w·x + b, the weighted sum: the neuron's output is a = σ(z), so return sigmoid(z)",
        },
        { value: sigmoid(dot(w, x)), hint: "the bias is missing: z = w·x + b" },
        { value: sigmoid(dot(w, x) - b), hint: "the bias is subtracted: z = w·x + b, with a plus" },
        { value: sigmoid(-z), hint: "that is σ(−z): check the sign inside your sigmoid" },
        {
          value: sigmoid((w[0] ?? 0) * (x[0] ?? 0) + b),
          hint: "only the first feature is counted: sum w[i]·x[i] over every i < w.length",
        },
      ],
    };
  }),
});

const W1 = Matrix.row([1, 1]);
const X1 = Matrix.from([
  [0.8, -1, 2],
  [-0.3, 0.5, 1],
]);
const W2 = Matrix.row([2, -1, 0.5]);
const X2 = Matrix.from([
  [1, 0, -1, 2],
  [2, 1, 0, -1],
  [-2, 0.5, 3, 0],
]);

/** A = σ(WX + b), 1×m; recognises Z without σ, a forgotten b, the transposed m×1 answer. */
export const checkNeuronForward = exercise<[Matrix, number, Matrix], Matrix>({
  name: "myNeuronForward",
  verified:
    "myNeuronForward(W, b, X) = σ(WX + b), 1×m, for 2 and 3 features, 1 to 4 examples, inputs unchanged",
  params: ["W", "b", "X"],
  hint: "Z = W.matmul(X).add(b) is 1×m; return sigmoidMatrix(Z)",
  cases: (
    [
      [W1, -0.5, X1],
      [W2, 0.25, X2],
      [W1, 2, X1.sliceCols(0, 1)],
    ] as [Matrix, number, Matrix][]
  ).map(([W, b, X]): Case<[Matrix, number, Matrix]> => {
    const Z = W.matmul(X).add(b);
    const A = Z.map(sigmoid);
    return {
      input: `W = ${formatValue(W)}, b = ${b}, X = ${formatValue(X)}`,
      args: () => [W.clone(), b, X.clone()],
      expected: A,
      mistakes: [
        {
          value: Z,
          hint: "that is Z = WX + b: apply the sigmoid to every entry, sigmoidMatrix(Z) (or Z.map(sigmoid))",
        },
        { value: W.matmul(X).map(sigmoid), hint: "the bias is missing: Z = W.matmul(X).add(b)" },
        {
          value: W.matmul(X).sub(b).map(sigmoid),
          hint: "the bias is subtracted: Z = WX + b, with .add(b)",
        },
        {
          value: A.T,
          hint: `your answer is ${X.cols}×1, the transpose: W (1×n) times X (n×m) gives one row of m probabilities, W.matmul(X), not X.T.matmul(W.T)`,
        },
      ],
    };
  }),
});

/** ĉ = 1 where a > threshold, else 0; recognises ≥, the threshold ignored, the answers swapped. */
export const checkPredict = exercise<[Matrix, number?], Matrix>({
  name: "myPredict",
  verified:
    "myPredict(A, t) gives 1 exactly where a > t (0 at a = t), with t = 0.5 by default, and leaves A unchanged",
  params: ["A", "threshold"],
  hint: "return A.map((a) => (a > threshold ? 1 : 0))",
  cases: (
    [
      [[0.2, 0.5, 0.7, 0.51], 0.5],
      [[0.3, 0.31, 0.1, 0.9, 0.29], 0.3],
      [[0.2, 0.5, 0.7, 0.51], undefined],
      [[0.75, 0.7, 0.95], 0.7],
    ] as [number[], number | undefined][]
  ).map(([a, t]): Case<[Matrix, number?]> => {
    const tt = t ?? 0.5;
    const A = Matrix.row(a);
    return {
      input: `A = ${formatValue(A)}${t === undefined ? " (threshold not given)" : `, threshold = ${t}`}`,
      args: () => (t === undefined ? [A.clone()] : [A.clone(), t]),
      expected: A.map((v) => (v > tt ? 1 : 0)),
      mistakes: [
        {
          value: A.map((v) => (v >= tt ? 1 : 0)),
          hint: `at a = ${tt} exactly the answer is 0: "yes" only when a > threshold, strictly (not ≥)`,
        },
        {
          value: A.map((v) => (v > 0.5 ? 1 : 0)),
          hint: "you cut at 0.5 whatever the threshold: compare with the threshold parameter",
        },
        {
          value: A.map((v) => (v < tt ? 1 : 0)),
          hint: "the answers are swapped: 1 where a > threshold (likely yes), 0 elsewhere",
        },
        {
          value: A.map((v) => (v <= tt ? 1 : 0)),
          hint: "the answers are swapped: 1 where a > threshold (likely yes), 0 elsewhere",
        },
        {
          value: A.map((v) => (v > tt ? 1 : -1)),
          hint: 'the labels are 0 and 1: write 0, not −1, for "no"',
        },
      ],
    };
  }),
});

/** accuracy = (number of j with ĉ_j = y_j) / m; recognises the count, the error rate, a division by rows. */
export const checkAccuracy = exercise<[Matrix, Matrix], number>({
  name: "myAccuracy",
  verified:
    "myAccuracy(cHat, y) = share of examples with ĉ = y, on 4 cases from all right to all wrong",
  params: ["cHat", "y"],
  hint: "count the j with cHat.get(0, j) === y.get(0, j), then divide by m = y.cols",
  cases: (
    [
      [
        [1, 0, 1, 1, 0],
        [1, 0, 0, 1, 1],
      ],
      [
        [0, 0, 1, 1, 1],
        [0, 1, 1, 0, 1],
      ],
      [
        [1, 1, 0],
        [1, 1, 0],
      ],
      [
        [1, 0],
        [0, 1],
      ],
    ] as [number[], number[]][]
  ).map(([h, l]): Case<[Matrix, Matrix]> => {
    const right = h.filter((v, i) => v === l[i]).length;
    const m = h.length;
    return {
      input: `cHat = ${formatValue(h)}, y = ${formatValue(l)}`,
      args: () => [Matrix.row(h), Matrix.row(l)],
      expected: right / m,
      mistakes: [
        ...(right !== 1
          ? [
              {
                value: right,
                hint: `that is the number of right answers: divide it by m = y.cols, the number of examples (${m} here; y.rows is 1)`,
              },
            ]
          : []),
        {
          value: (m - right) / m,
          hint: "that is the error rate (the share of wrong answers): count where ĉ = y",
        },
        {
          value: m - right,
          hint: "that is the number of wrong answers: count where ĉ = y, then divide by m",
        },
        ...(right / (m - 1) !== right / m
          ? [
              {
                value: right / (m - 1),
                hint: "you divided by m − 1: the share of m examples divides by m = y.cols",
              },
            ]
          : []),
      ],
    };
  }),
});
