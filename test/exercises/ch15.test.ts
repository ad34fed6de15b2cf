// The checkers of 15-tensorflow-js: each accepts the right code (✔), says "not yet" for an untouched stub,
// and rejects typical wrong answers with the hint that names the mistake. The checkers see plain numbers;
// most tests build the "model" in plain JavaScript rounded to float32, the last ones use TensorFlow.js itself.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { Matrix } from "../../lib/src/core/matrix";
import { notYet } from "../../lib/src/exercises/check";
import {
  checkTfGradients,
  checkTfModel,
  FLOAT32_TOLERANCE,
  relativeDifference,
} from "../../lib/src/exercises/ch15";
import type { NeuralNetwork } from "../../lib/src/models/network";
import { expectFail, expectNotYet, expectPass } from "./helpers";

const stub = (): never => {
  throw notYet();
};

// ------------------------------------------------------------------ a "model" in plain JS, float32

interface Plain {
  kernels: number[][][]; // nˡ⁻¹×nˡ, as a Dense layer's
  biases: number[][];
  g: string;
  outG: string;
}

const f32 = (v: number) => Math.fround(v);
const act = (g: string, z: number) =>
  g === "relu"
    ? Math.max(0, z)
    : g === "tanh"
      ? Math.tanh(z)
      : g === "sigmoid"
        ? 1 / (1 + Math.exp(-z))
        : z;

/** rows (m×n⁰) → probabilities (m×1), every value rounded to float32 as TensorFlow.js keeps them. */
function plainPredict(model: Plain, rows: number[][]): number[][] {
  return rows.map((x) => {
    let a = x.map(f32);
    model.kernels.forEach((K, l) => {
      const last = l === model.kernels.length - 1;
      a = (K[0] as number[]).map((_, j) => {
        const z = a.reduce((s, ai, i) => s + ai * (K[i] as number[])[j]!, model.biases[l]![j]!);
        return f32(act(last ? model.outG : model.g, f32(z)));
      });
    });
    return a;
  });
}

const plainModel =
  (opts: { transpose?: boolean; g?: string; outG?: string; noBias?: boolean } = {}) =>
  (net: NeuralNetwork): Plain => ({
    kernels: net.W.map((W) => (opts.transpose === false ? W : W.transpose()).toArray()),
    biases: net.b.map((b) => b.toList().map((v) => (opts.noBias ? 0 : v))),
    g: opts.g ?? net.hiddenActivation,
    outG: opts.outG ?? "sigmoid",
  });

test("checkTfModel: the matching model passes (to float32); the stub says not yet", () => {
  expectPass(
    { result: (b: (n: NeuralNetwork) => Plain) => checkTfModel.result(b, plainPredict) },
    plainModel(),
  );
  expectNotYet(
    { result: (b: (n: NeuralNetwork) => Plain) => checkTfModel.result(b, plainPredict) },
    stub,
    "myTfModel",
  );
});

test("checkTfModel: an untransposed kernel, a missing output sigmoid, the wrong activation and no biases are named", () => {
  const check = {
    result: (b: (n: NeuralNetwork) => Plain) => checkTfModel.result(b, plainPredict),
  };
  // [3, 4, 1]: W^[1] is 4×3, so an untransposed kernel has the wrong shape: our plain model reads out of range
  const shapeError = (net: NeuralNetwork): Plain => {
    if (net.W.some((W) => W.rows !== W.cols))
      throw new Error("Shape mismatch: expected [3,4] but got [4,3]");
    return plainModel({ transpose: false })(net);
  };
  expectFail(check, shapeError, "a [3, 4, 1] tanh network, 6 examples", /Dense kernel is nˡ⁻¹×nˡ/);
  // TensorFlow.js's words when the first layer has no inputShape: the hint says which option, not the kernel
  const noInputShape = (): Plain => {
    throw new Error(
      "The first layer in a Sequential model must get an `inputShape` or `batchInputShape` argument.",
    );
  };
  expectFail(
    check,
    noInputShape,
    "a [3, 4, 1] tanh network, 6 examples",
    /needs inputShape: \[net/,
  );
  expectFail(
    check,
    plainModel({ outG: "linear" }),
    "a [3, 4, 1] tanh network, 6 examples",
    /sigmoid is missing at the output/,
  );
  expectFail(
    check,
    plainModel({ g: "relu" }),
    "a [3, 4, 1] tanh network, 6 examples",
    /with relu in the hidden layers: use the network's own, net.hiddenActivation \(here tanh\)/,
  );
  expectFail(
    check,
    plainModel({ noBias: true }),
    "a [3, 4, 1] tanh network, 6 examples",
    /biases were not copied/,
  );
  // the square case: the shapes fit, the values do not
  const squareOnly = (net: NeuralNetwork): Plain => ({
    ...plainModel()(net),
    kernels: net.W.map((W) => (W.rows === W.cols ? W : W.transpose()).toArray()),
  });
  expectFail(
    check,
    squareOnly,
    "a [4, 4, 1] relu network, 6 examples",
    /kernel was not transposed/,
  );
  // a float64-exact comparison would fail here; the checker's float32 tolerance does not
  assert.equal(FLOAT32_TOLERANCE, 1e-5);
});

// ------------------------------------------------------------------ gradients as plain arrays

/** The lib's gradients, as the learner returns them (number[][] each), optionally changed. */
const libGrads =
  (change: (g: Matrix, k: number, m: number) => Matrix | number[] | number[][] = (g) => g) =>
  (net: NeuralNetwork, X: Matrix, Y: Matrix): number[][][] =>
    net.costAndGradients(X, Y).grads.map((g, k) => {
      const c = change(
        g.map((v) => Math.fround(v)),
        k,
        X.cols,
      );
      return (c instanceof Matrix ? c.toArray() : c) as number[][];
    });

test("checkTfGradients: the lib's gradients rounded to float32 pass; the stub says not yet", () => {
  expectPass(checkTfGradients, libGrads());
  expectNotYet(checkTfGradients, stub, "myTfGradients");
});

test("checkTfGradients: sum instead of mean, a flipped sign, transposed and 1-D shapes are named", () => {
  const first = "a [3, 4, 1] tanh network, m = 8";
  expectFail(
    checkTfGradients,
    libGrads((g, _k, m) => g.scale(m)),
    first,
    /mean over the examples/,
  );
  expectFail(
    checkTfGradients,
    libGrads((g) => g.neg()),
    first,
    /sign is flipped/,
  );
  expectFail(
    checkTfGradients,
    libGrads((g, k) => (k === 0 ? g.transpose() : g)),
    `${first}, dW^[1]`,
    /that is the transpose/,
  );
  expectFail(
    checkTfGradients,
    libGrads((g, k) => (k === 1 ? g.toList() : g)),
    `${first}, db^[1]`,
    /b\^\[l\] is nˡ×1/,
  );
  const r = checkTfGradients.result(() => [[[1]]]);
  assert.match(r.text, /^✘ .*a list of 4 gradients/);
});

test("relativeDifference: ‖a − b‖ / (‖a‖ + ‖b‖), 0 for two zeros", () => {
  const a = [Matrix.from([[3, 0]]), Matrix.from([[0], [4]])];
  const b = [Matrix.from([[0, 0]]), Matrix.from([[0], [0]])];
  assert.equal(relativeDifference(a, b), 1);
  assert.equal(relativeDifference(b, b), 0);
  assert.equal(relativeDifference(a, a), 0);
});

// ------------------------------------------------------------------ with TensorFlow.js itself (cpu back end)

test("with TensorFlow.js: the chapter's solutions pass, a model without the output sigmoid fails", async () => {
  await tf.setBackend("cpu");
  const tfModel =
    (outAct = "sigmoid") =>
    (net: NeuralNetwork): tf.Sequential => {
      const model = tf.sequential();
      net.W.forEach((W, l) => {
        const last = l === net.numLayers - 1;
        model.add(
          tf.layers.dense({
            units: W.rows,
            inputShape: l === 0 ? [W.cols] : undefined,
            activation: (last ? outAct : net.hiddenActivation) as "sigmoid",
          }),
        );
      });
      model.layers.forEach((layer, l) =>
        layer.setWeights([
          tf.tensor2d(net.W[l]!.transpose().toArray()),
          tf.tensor1d(net.b[l]!.toList()),
        ]),
      );
      return model;
    };
  const predict = (model: tf.Sequential, rows: number[][]) =>
    tf.tidy(() => (model.predict(tf.tensor2d(rows)) as tf.Tensor).arraySync() as number[][]);
  assert.match(checkTfModel.result(tfModel(), predict).text, /^✔ /);
  assert.match(
    checkTfModel.result(tfModel("linear"), predict).text,
    /sigmoid is missing at the output/,
  );
  const grads = (net: NeuralNetwork, X: Matrix, Y: Matrix): number[][][] =>
    tf.tidy(() => {
      const x = tf.tensor2d(X.toArray());
      const y = tf.tensor2d(Y.toArray());
      const g = (z: tf.Tensor) => (net.hiddenActivation === "relu" ? tf.relu(z) : tf.tanh(z));
      const cost = (W1: tf.Tensor, b1: tf.Tensor, W2: tf.Tensor, b2: tf.Tensor) => {
        const yHat = tf.sigmoid(W2.matMul(g(W1.matMul(x).add(b1))).add(b2));
        return y
          .mul(yHat.log())
          .add(tf.sub(1, y).mul(tf.sub(1, yHat).log()))
          .mean()
          .neg() as tf.Scalar;
      };
      const params = net.parameters().map((p) => tf.tensor2d(p.toArray()));
      return tf
        .grads(cost)(params)
        .map((d) => d.arraySync() as number[][]);
    });
  assert.match(checkTfGradients.result(grads).text, /^✔ /);
});
