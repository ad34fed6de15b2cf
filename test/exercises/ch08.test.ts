// The checkers of 08-multi-layer-network: each accepts the right code (✔), says "not yet" for an untouched
// stub, and rejects typical wrong answers with the hint that names the mistake.
import { test } from "node:test";
import { Matrix } from "../../lib/src/core/matrix";
import { Rng } from "../../lib/src/core/random";
import { sigmoid } from "../../lib/src/learning/activations";
import { notYet } from "../../lib/src/exercises/check";
import {
  checkGlorotInit,
  checkHeInit,
  checkLayersForward,
  checkNumParameters,
} from "../../lib/src/exercises/ch08";
import { expectFail, expectNotYet, expectPass } from "./helpers";

type G = (z: number) => number;
const layersForward = (
  X: Matrix,
  W: Matrix[],
  b: Matrix[],
  g: G,
  last: G | null = sigmoid,
  useB = true,
) => {
  let A = X;
  for (let k = 0; k < W.length; k++) {
    const Z = useB ? W[k].matmul(A).add(b[k]) : W[k].matmul(A);
    A = k === W.length - 1 ? (last ? Z.map(last) : Z) : Z.map(g);
  }
  return A;
};
const first = "layer sizes [2, 4, 3, 1], g = tanh, X 2×5";

test("checkLayersForward: the loop passes; Z^[L], g on the output, σ everywhere and no biases fail with their hint", () => {
  expectPass(checkLayersForward, (X, W, b, g) => layersForward(X, W, b, g));
  expectNotYet(
    checkLayersForward,
    () => {
      throw notYet();
    },
    "myLayersForward",
  );
  expectFail(
    checkLayersForward,
    (X, W, b, g) => layersForward(X, W, b, g, null),
    first,
    /that is Z\^\[L\]/,
  );
  expectFail(
    checkLayersForward,
    (X, W, b, g) => layersForward(X, W, b, g, g),
    first,
    /the last layer uses σ, not g/,
  );
  expectFail(
    checkLayersForward,
    (X, W, b) => layersForward(X, W, b, sigmoid),
    first,
    /the hidden layers use g/,
  );
  expectFail(
    checkLayersForward,
    (X, W, b, g) => layersForward(X, W, b, g, sigmoid, false),
    first,
    /the biases are missing/,
  );
});

test("checkNumParameters: Σ nˡ(nˡ⁻¹ + 1) passes; weights only, a bias per input and square sizes fail", () => {
  const count = (s: number[]) => s.slice(1).reduce((t, n, k) => t + n * (s[k] + 1), 0);
  expectPass(checkNumParameters, count);
  expectNotYet(
    checkNumParameters,
    () => {
      throw notYet();
    },
    "myNumParameters",
  );
  const at = "layerSizes = [2, 8, 8, 1]";
  expectFail(
    checkNumParameters,
    (s) => s.slice(1).reduce((t, n, k) => t + n * s[k], 0),
    at,
    /counts the weights only/,
  );
  expectFail(
    checkNumParameters,
    (s) => s.slice(1).reduce((t, n, k) => t + (n + 1) * s[k], 0),
    at,
    /one bias per unit of the layer/,
  );
  expectFail(
    checkNumParameters,
    (s) => s.reduce((t, n) => t + n * (n + 1), 0),
    at,
    /this layer's size times the previous one's/,
  );
});

test("checkHeInit: √(2/nIn) passes; LeCun's √(1/nIn), the variance, nOut and the transposed shape fail", () => {
  const at = "nOut = 5, nIn = 3, r = rng(1)";
  expectPass(checkHeInit, (nOut, nIn, r) => Matrix.normal(nOut, nIn, r, 0, Math.sqrt(2 / nIn)));
  expectPass(checkHeInit, (nOut, nIn, r) => Matrix.normal(nOut, nIn, r).scale(Math.sqrt(2 / nIn)));
  expectNotYet(
    checkHeInit,
    () => {
      throw notYet();
    },
    "myHeInit",
  );
  expectFail(
    checkHeInit,
    (nOut, nIn, r) => Matrix.normal(nOut, nIn, r, 0, Math.sqrt(1 / nIn)),
    at,
    /LeCun's scale/,
  );
  expectFail(
    checkHeInit,
    (nOut, nIn, r) => Matrix.normal(nOut, nIn, r, 0, 2 / nIn),
    at,
    /you used the variance/,
  );
  expectFail(
    checkHeInit,
    (nOut, nIn, r) => Matrix.normal(nOut, nIn, r, 0, Math.sqrt(2 / nOut)),
    at,
    /number of inputs of the layer/,
  );
  expectFail(
    checkHeInit,
    (nOut, nIn, r) => Matrix.normal(nIn, nOut, r, 0, Math.sqrt(2 / nIn)),
    at,
    /the transpose of the expected 5×3 shape/,
  );
});

test("checkGlorotInit: √(2/(nIn + nOut)) passes; LeCun's, He's and the uniform limit fail with their hint", () => {
  const at = "nOut = 5, nIn = 3, r = rng(1)";
  expectPass(checkGlorotInit, (nOut, nIn, r: Rng) =>
    Matrix.normal(nOut, nIn, r, 0, Math.sqrt(2 / (nIn + nOut))),
  );
  expectNotYet(
    checkGlorotInit,
    () => {
      throw notYet();
    },
    "myGlorotInit",
  );
  expectFail(
    checkGlorotInit,
    (nOut, nIn, r) => Matrix.normal(nOut, nIn, r, 0, Math.sqrt(1 / nIn)),
    at,
    /LeCun's scale .*the library's "lecun"/,
  );
  expectFail(
    checkGlorotInit,
    (nOut, nIn, r) => Matrix.normal(nOut, nIn, r, 0, Math.sqrt(2 / nIn)),
    at,
    /He's scale/,
  );
  expectFail(
    checkGlorotInit,
    (nOut, nIn, r) => Matrix.normal(nOut, nIn, r, 0, Math.sqrt(6 / (nIn + nOut))),
    at,
    /uniform\* version/,
  );
});
