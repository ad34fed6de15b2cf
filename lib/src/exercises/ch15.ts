/**
 * Checkers for 15-tensorflow-js: the TensorFlow.js model that matches a lib network (`myTfModel`), and the
 * gradients of the cost computed with `tf.grads` (`myTfGradients`), compared with the lib's backprop.
 *
 * The lib does not depend on TensorFlow.js: the checkers see plain numbers. `checkTfModel(myTfModel, predict)`
 * takes the learner's builder and a `predict(model, rows)` that turns a model and examples as rows
 * (m×n⁰, TensorFlow.js's orientation) into probabilities (m×1 rows); `checkTfGradients(myTfGradients)` takes a
 * function returning every gradient as number[][] in the lib's shapes. TensorFlow.js computes in float32, the
 * lib in float64: answers are compared to float32 precision (a relative difference of 1e-5), not to 1e-9.
 */
import { Matrix } from "../core/matrix";
import { Rng } from "../core/random";
import { forwardPass } from "../models/backprop";
import { networkFromParameters, type NeuralNetwork } from "../models/network";
import { CheckResult, NotYetError, formatValue, shortNumber } from "./check";
import { makeChecker, type AnyChecker } from "./parts";

/** float32 carries 24 bits (≈ 6e-8 relative per rounding); sums of hundreds of terms stay far below this. */
export const FLOAT32_TOLERANCE = 1e-5;

/** ‖a − b‖ / (‖a‖ + ‖b‖) over every entry of two lists of matrices (0 when both are 0), as chapter 07's. */
export function relativeDifference(a: readonly Matrix[], b: readonly Matrix[]): number {
  let diff = 0;
  let na = 0;
  let nb = 0;
  a.forEach((m, k) => {
    const other = b[k] as Matrix;
    for (let i = 0; i < m.data.length; i++) {
      const x = m.data[i] as number;
      const y = other.data[i] as number;
      diff += (x - y) ** 2;
      na += x * x;
      nb += y * y;
    }
  });
  const den = Math.sqrt(na) + Math.sqrt(nb);
  return den === 0 ? 0 : Math.sqrt(diff) / den;
}

const isNotYet = (e: unknown) =>
  e instanceof NotYetError || (e instanceof Error && e.name === "NotYetError");
const errorText = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
const notYetResult = (name: string): CheckResult => ({
  verdict: "notYet",
  text: `… not yet: ${name} still throws notYet() — write it above and run this cell again`,
});
const fail = (input: string, expected: string, got: string, hint: string): CheckResult => ({
  verdict: "fail",
  text: `✘ ${input}: expected ${expected}, got ${got}. Hint: ${hint}`,
});

/** A network with seeded weights and non-zero biases (so a forgotten bias shows). */
function caseNetwork(sizes: number[], g: string, seed: number): NeuralNetwork {
  const r = new Rng(seed);
  const W = sizes.slice(1).map((n, k) => Matrix.normal(n, sizes[k] as number, r, 0, 0.8));
  const b = sizes.slice(1).map((n) => Matrix.normal(n, 1, r, 0, 0.5));
  return networkFromParameters({ W: W, b: b, hiddenActivation: g });
}

const ACTIVATIONS = ["sigmoid", "tanh", "relu", "linear"];

/** Same shapes, another hidden activation / square weights transposed (null: none is square) / no biases. */
function variant(
  net: NeuralNetwork,
  change: { g?: string; transpose?: boolean; noBias?: boolean },
): NeuralNetwork | null {
  if (change.transpose && net.W.every((w) => w.rows !== w.cols)) return null;
  return networkFromParameters({
    W: net.W.map((w) => (change.transpose && w.rows === w.cols ? w.transpose() : w.clone())),
    b: net.b.map((b) => (change.noBias ? Matrix.zeros(b.rows, 1) : b.clone())),
    hiddenActivation: change.g ?? net.hiddenActivation,
  });
}

/** max |a − b| ≤ atol + rtol·|b| entry by entry, for lists of the same length. */
function closeLists(
  a: readonly number[],
  b: readonly number[],
  rtol: number,
  atol: number,
): boolean {
  return (
    a.length === b.length &&
    a.every(
      (x, i) =>
        Number.isFinite(x) &&
        Math.abs(x - (b[i] as number)) <= atol + rtol * Math.abs(b[i] as number),
    )
  );
}

const MODEL_CASES: [number[], string, number][] = [
  // layer sizes, hidden activation, seed
  [[3, 4, 1], "tanh", 1],
  [[4, 4, 1], "relu", 2], // a square W^[1]: a kernel left untransposed has the right shape and wrong values
  [[5, 3, 2, 1], "sigmoid", 3], // two hidden layers
];

/** The result of checking a builder of TensorFlow.js models against lib networks (see `checkTfModel`). */
function tfModelResult<M>(
  build: (net: NeuralNetwork) => M,
  predict: (model: M, rows: number[][]) => number[][],
): CheckResult {
  const name = "myTfModel";
  if (typeof build !== "function")
    return fail(
      name,
      "a function",
      formatValue(build),
      "pass the function itself: checkTfModel(myTfModel, …)",
    );
  for (const [sizes, g, seed] of MODEL_CASES) {
    const net = caseNetwork(sizes, g, seed);
    const X = Matrix.normal(sizes[0] as number, 6, new Rng(seed + 10), 0, 1.5);
    const input = `a [${sizes.join(", ")}] ${g} network, 6 examples`;
    const want = net.predictProba(X).toList();
    let model: M;
    try {
      model = build(net);
    } catch (e) {
      if (isNotYet(e)) return notYetResult(name);
      const shape = /shape|mismatch|expected/i.test(errorText(e));
      return fail(
        input,
        "a model",
        `an error (${errorText(e)})`,
        /inputShape/.test(errorText(e))
          ? "the first Dense layer needs inputShape: [net.layerSizes[0]] (the number of inputs, n⁰)"
          : shape
            ? "a shape does not fit: a Dense kernel is nˡ⁻¹×nˡ (one row per input), the transpose of the lib's " +
              "W^[l] (nˡ×nˡ⁻¹), and its bias is 1-D (nˡ values): setWeights([tf.tensor2d(W.transpose().toArray()), " +
              "tf.tensor1d(b.toList())])"
            : "your function threw: read the error message, it names the line's problem",
      );
    }
    let out: number[][];
    try {
      out = predict(model, X.transpose().toArray());
    } catch (e) {
      return fail(
        input,
        `${want.length}×1 probabilities`,
        `an error (${errorText(e)})`,
        "the model could not predict: its first layer needs inputShape [n⁰] (net.layerSizes[0]) and one " +
          "Dense layer per W^[l]",
      );
    }
    const flat = Array.isArray(out) ? out.flat() : [];
    if (!Array.isArray(out) || out.length !== want.length || flat.length !== want.length) {
      return fail(
        input,
        `${want.length}×1 probabilities`,
        Array.isArray(out) ? `${out.length}×${(out[0] ?? []).length}` : formatValue(out),
        "one Dense layer per lib layer, with net.layerSizes[l] units: the last one has 1 unit",
      );
    }
    if (closeLists(flat, want, FLOAT32_TOLERANCE, 1e-6)) continue;
    const same = (
      other: NeuralNetwork | null,
      f = (n: NeuralNetwork) => n.predictProba(X).toList(),
    ) => other !== null && closeLists(flat, f(other), FLOAT32_TOLERANCE, 1e-6);
    const zOut = (n: NeuralNetwork) => (forwardPass(n, X).Z[n.numLayers - 1] as Matrix).toList();
    let hint =
      "copy every layer's weights into the model (layer.setWeights), W^[l] transposed, with the activation " +
      "net.hiddenActivation in the hidden layers and a sigmoid at the output";
    const wrongG = ACTIVATIONS.find((a) => a !== g && same(variant(net, { g: a })));
    if (same(variant(net, { transpose: true })))
      hint =
        "a kernel was not transposed: W^[l] is nˡ×nˡ⁻¹ in the lib, a Dense kernel is nˡ⁻¹×nˡ; with a square " +
        "W the shapes fit and only the values are wrong";
    else if (same(net, zOut))
      hint =
        'the sigmoid is missing at the output: the last Dense layer needs activation: "sigmoid"';
    else if (wrongG !== undefined)
      hint = `those are the outputs with ${wrongG} in the hidden layers: use the network's own, net.hiddenActivation (here ${g})`;
    else if (same(variant(net, { noBias: true })))
      hint =
        "the biases were not copied: setWeights takes [kernel, bias], the bias as tf.tensor1d(b.toList())";
    const at = flat.findIndex(
      (v, i) => !closeLists([v], [want[i] as number], FLOAT32_TOLERANCE, 1e-6),
    );
    return fail(
      input,
      `ŷ[${at}] = ${shortNumber(want[at] as number)}`,
      `ŷ[${at}] = ${shortNumber(flat[at] as number)}`,
      hint,
    );
  }
  return {
    verdict: "pass",
    text:
      "✔ myTfModel(net) predicts what the lib's network predicts (to float32 precision) for [3, 4, 1] tanh, " +
      "[4, 4, 1] relu and [5, 3, 2, 1] sigmoid networks",
  };
}

/** A checker whose check cell passes the learner's builder and a predict function (it prints one line). */
export interface TfModelChecker {
  <M>(build: (net: NeuralNetwork) => M, predict: (model: M, rows: number[][]) => number[][]): void;
  result<M>(
    build: (net: NeuralNetwork) => M,
    predict: (model: M, rows: number[][]) => number[][],
  ): CheckResult;
}

/**
 * `checkTfModel(myTfModel, predict)`: builds a model for three lib networks and compares its predictions with
 * the network's `predictProba` to float32 precision; recognises an untransposed kernel, a missing output
 * sigmoid, the wrong hidden activation and forgotten biases.
 */
export const checkTfModel: TfModelChecker = Object.assign(
  <M>(build: (net: NeuralNetwork) => M, predict: (model: M, rows: number[][]) => number[][]) => {
    let r: CheckResult;
    try {
      r = tfModelResult(build, predict);
    } catch (e) {
      r = fail(
        "myTfModel",
        "a check",
        errorText(e),
        "the checker itself failed: tell the course authors",
      );
    }
    console.log(r.text);
  },
  { result: tfModelResult },
);

/** The lib's gradients [dW^[1], db^[1], dW^[2], db^[2]] of the cross-entropy at X, Y. */
function libGradients(net: NeuralNetwork, X: Matrix, Y: Matrix): Matrix[] {
  const copy = variant(net, {}) as NeuralNetwork;
  return copy.costAndGradients(X, Y).grads;
}

const GRAD_CASES: [number[], string, number, number][] = [
  // layer sizes, hidden activation, seed, m
  [[3, 4, 1], "tanh", 4, 8],
  [[5, 3, 1], "relu", 5, 10],
];

const PARAM_NAMES = ["dW^[1]", "db^[1]", "dW^[2]", "db^[2]"];

/** Checks `myTfGradients(net, X, Y)` → [dW1, db1, dW2, db2] as number[][] against the lib's backprop. */
function tfGradientsResult(
  f: (net: NeuralNetwork, X: Matrix, Y: Matrix) => number[][][],
): CheckResult {
  const name = "myTfGradients";
  if (typeof f !== "function")
    return fail(
      name,
      "a function",
      formatValue(f),
      "pass the function itself: checkTfGradients(myTfGradients)",
    );
  for (const [sizes, g, seed, m] of GRAD_CASES) {
    const net = caseNetwork(sizes, g, seed);
    const r = new Rng(seed + 20);
    const X = Matrix.normal(sizes[0] as number, m, r);
    const Y = Matrix.row(Array.from({ length: m }, (_, j) => (j % 3 === 0 ? 1 : 0)));
    const input = `a [${sizes.join(", ")}] ${g} network, m = ${m}`;
    const want = libGradients(net, X, Y);
    let got: number[][][];
    try {
      got = f(net, X.clone(), Y.clone());
    } catch (e) {
      if (isNotYet(e)) return notYetResult(name);
      return fail(
        input,
        "4 gradients",
        `an error (${errorText(e)})`,
        "your function threw: read the error message (tf.grads needs a function returning a scalar, and " +
          "one tensor per parameter)",
      );
    }
    if (!Array.isArray(got) || got.length !== 4)
      return fail(
        input,
        "a list of 4 gradients [dW1, db1, dW2, db2]",
        Array.isArray(got) ? `a list of ${got.length}` : formatValue(got),
        "return the gradient of every parameter, in the order of net.parameters(): W^[1], b^[1], W^[2], b^[2]",
      );
    const mats: Matrix[] = [];
    for (let k = 0; k < 4; k++) {
      const w = want[k] as Matrix;
      const gk = got[k];
      const rows = Array.isArray(gk) ? gk.length : 0;
      const cols = Array.isArray(gk) && Array.isArray(gk[0]) ? gk[0].length : 0;
      if (rows === w.rows && cols === w.cols) {
        mats.push(Matrix.from(gk as number[][]));
        continue;
      }
      const shape =
        Array.isArray(gk) && !Array.isArray(gk[0]) ? `a 1-D list of ${rows}` : `${rows}×${cols}`;
      return fail(
        `${input}, ${PARAM_NAMES[k]}`,
        `${w.rows}×${w.cols}`,
        shape,
        rows === w.cols && cols === w.rows
          ? "that is the transpose: in the lib's orientation (one column per example) dW^[l] has W^[l]'s shape, " +
              "nˡ×nˡ⁻¹; a Dense kernel's gradient is its transpose"
          : "each gradient has its parameter's shape: b^[l] is nˡ×1, so give tf the bias as a column " +
              "(tf.tensor2d(b.toArray())) and return arraySync() of each gradient",
      );
    }
    const diff = relativeDifference(mats, want);
    if (diff <= FLOAT32_TOLERANCE) continue;
    const near = (k: number) =>
      relativeDifference(
        mats,
        want.map((w) => w.scale(k)),
      ) <= FLOAT32_TOLERANCE;
    const wrongG = ACTIVATIONS.find(
      (a) =>
        a !== g &&
        relativeDifference(mats, libGradients(variant(net, { g: a }) as NeuralNetwork, X, Y)) <=
          FLOAT32_TOLERANCE,
    );
    let hint =
      "the cost is the mean over the m examples of −[y ln ŷ + (1 − y) ln(1 − ŷ)], with ŷ = σ(W^[2]·A^[1] + b^[2]) " +
      "and A^[1] = g(W^[1]·X + b^[1])";
    if (mats.some((mm) => mm.data.some((v) => Number.isNaN(v))))
      hint =
        "NaN: a log of a number ≤ 0 or ≥ 1 — is the sigmoid missing at the output (ŷ = σ(Z^[2]))?";
    else if (near(m))
      hint = "m times too large: the cost is the mean over the examples (tf.mean), not the sum";
    else if (near(-1))
      hint = "the sign is flipped: the cost is −[y ln ŷ + (1 − y) ln(1 − ŷ)], with the minus";
    else if (near(1 / m)) hint = "m times too small: divide by m once (the mean), not twice";
    else if (wrongG !== undefined)
      hint = `those are the gradients with ${wrongG} in the hidden layer: use net.hiddenActivation (here ${g})`;
    return fail(
      input,
      `a relative difference ≤ ${shortNumber(FLOAT32_TOLERANCE)} from the lib's backprop`,
      shortNumber(diff),
      hint,
    );
  }
  return {
    verdict: "pass",
    text:
      "✔ myTfGradients(net, X, Y): tf.grads's four gradients equal the lib's backprop to float32 precision " +
      "(relative difference ≤ 1e-5) on a tanh and a relu network",
  };
}

/**
 * `checkTfGradients(myTfGradients)`: the four gradients, as number[][] in the lib's shapes, against the lib's
 * backprop (relative difference ≤ 1e-5, float32); recognises sum instead of mean, a flipped sign, transposed
 * shapes, a 1-D bias, the wrong hidden activation and a missing output sigmoid.
 */
export const checkTfGradients: AnyChecker<
  (net: NeuralNetwork, X: Matrix, Y: Matrix) => number[][][]
> = makeChecker(tfGradientsResult, "myTfGradients", { name: "myTfGradients" });
