import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ACTIVATIONS,
  ACTIVATION_NAMES,
  LEAKY_SLOPE,
  activation,
  leakyRelu,
  leakyReluDer,
  logit,
  relu,
  reluDer,
  sigmoid,
  sigmoidDer,
  sigmoidDerFromA,
  sigmoidMatrix,
  tanh,
  tanhDer,
} from "../../lib/src/learning/activations";
import { Matrix } from "../../lib/src/core/matrix";
import { rng } from "../../lib/src/core/random";

/** Centred finite difference (f(z + h) − f(z − h)) / 2h, error O(h²). */
function slope(f: (z: number) => number, z: number, h = 1e-5): number {
  return (f(z + h) - f(z - h)) / (2 * h);
}

/** Many z: a grid, values near 0 (but never within h of ReLU's kink at exactly 0), and large ones. */
const ZS: number[] = [
  ...Array.from({ length: 81 }, (_, i) => -8 + i * 0.2 + 0.0137),
  -1e-3,
  1e-3,
  -3e-4,
  3e-4,
  0.05,
  -0.05,
  -20,
  20,
  -35.5,
  35.5,
];

test("every activation's der matches centred finite differences", () => {
  for (const name of ACTIVATION_NAMES) {
    const g = activation(name);
    for (const z of ZS) {
      const numeric = slope(g.output, z);
      const analytic = g.der(z);
      const err = Math.abs(numeric - analytic);
      assert.ok(
        err < 1e-7 * Math.max(1, Math.abs(analytic)),
        `${name}′(${z}): analytic ${analytic}, numeric ${numeric}, |diff| ${err}`,
      );
    }
  }
});

test("the named derivative functions are the ones in ACTIVATIONS", () => {
  const pairs: [string, (z: number) => number, (z: number) => number][] = [
    ["sigmoid", sigmoid, sigmoidDer],
    ["tanh", tanh, tanhDer],
    ["relu", relu, reluDer],
    ["leakyRelu", leakyRelu, leakyReluDer],
  ];
  for (const [name, f, d] of pairs) {
    const g = activation(name);
    assert.equal(g.name, name);
    for (const z of [-2.5, -0.1, 0.3, 4]) {
      assert.equal(g.output(z), f(z));
      assert.equal(g.der(z), d(z));
    }
  }
  assert.equal(activation("linear").output(-3.5), -3.5);
  assert.equal(activation("linear").der(-3.5), 1);
});

test("known values: σ(0) = ½, σ′(0) = ¼, tanh′(0) = 1, ReLU and leaky ReLU on both sides of 0", () => {
  assert.equal(sigmoid(0), 0.5);
  assert.equal(sigmoidDer(0), 0.25);
  assert.equal(tanhDer(0), 1);
  assert.ok(Math.abs(sigmoid(2) - 1 / (1 + Math.exp(-2))) < 1e-16);
  assert.equal(relu(3), 3);
  assert.equal(relu(-3), 0);
  assert.equal(reluDer(0), 0, "we take 0 at the kink");
  assert.equal(reluDer(1e-12), 1);
  assert.equal(leakyRelu(-2), -2 * LEAKY_SLOPE);
  assert.equal(leakyReluDer(-2), LEAKY_SLOPE);
  assert.equal(leakyReluDer(2), 1);
});

test("the sigmoid is stable at ±800: finite and correct", () => {
  assert.equal(sigmoid(800), 1);
  assert.equal(sigmoid(-800), 0);
  assert.equal(sigmoidDer(800), 0);
  assert.equal(sigmoidDer(-800), 0);
  for (const z of [-800, -710, -700, -100, 100, 700, 710, 800]) {
    assert.ok(
      Number.isFinite(sigmoid(z)) && Number.isFinite(sigmoidDer(z)),
      `σ(${z}) = ${sigmoid(z)}`,
    );
  }
  // Far left σ(z) ≈ e^z, and it keeps its precision (no 1 − (1 − tiny) cancellation).
  for (const z of [-30, -100, -700]) {
    const rel = Math.abs(sigmoid(z) - Math.exp(z)) / Math.exp(z);
    assert.ok(rel < 1e-12, `σ(${z}) = ${sigmoid(z)} vs e^z = ${Math.exp(z)}`);
  }
  // The naive e^z/(1+e^z) form would give Infinity/Infinity = NaN here.
  assert.ok(Number.isNaN(Math.exp(800) / (1 + Math.exp(800))));
});

test("σ(−z) = 1 − σ(z)", () => {
  for (const z of ZS) assert.ok(Math.abs(sigmoid(-z) - (1 - sigmoid(z))) < 1e-15, `z = ${z}`);
});

test("σ′ from z equals a(1 − a) from a = σ(z)", () => {
  for (const z of ZS) assert.ok(Math.abs(sigmoidDer(z) - sigmoidDerFromA(sigmoid(z))) < 1e-16);
});

test("logit is the inverse of the sigmoid, and refuses p outside (0, 1)", () => {
  for (const z of [-20, -5, -1, -0.01, 0, 0.3, 2, 10, 20]) {
    assert.ok(
      Math.abs(logit(sigmoid(z)) - z) < 1e-8 * Math.max(1, Math.abs(z) ** 2),
      `logit(σ(${z})) = ${logit(sigmoid(z))}`,
    );
  }
  for (const p of [0.001, 0.2, 0.5, 0.9, 0.999]) assert.ok(Math.abs(sigmoid(logit(p)) - p) < 1e-15);
  assert.equal(logit(0.5), 0);
  for (const bad of [0, 1, -0.1, 1.5, NaN]) {
    assert.throws(() => logit(bad), new RegExp(`p must be strictly between 0 and 1, got ${bad}`));
  }
});

test("tanh stays in (−1, 1) and tanh(z) = 2σ(2z) − 1", () => {
  for (const z of ZS) {
    assert.ok(tanh(z) >= -1 && tanh(z) <= 1);
    assert.ok(Math.abs(tanh(z) - (2 * sigmoid(2 * z) - 1)) < 1e-14, `z = ${z}`);
  }
});

test("an unknown activation name is refused, listing the known ones", () => {
  assert.throws(
    () => activation("softmax"),
    (e: Error) => {
      assert.match(e.message, /Unknown activation "softmax"/);
      for (const name of ACTIVATION_NAMES)
        assert.ok(e.message.includes(name), `lists ${name}: ${e.message}`);
      return true;
    },
  );
  assert.throws(
    () => activation("Sigmoid"),
    /Known activations: sigmoid, tanh, relu, leakyRelu, linear/,
  );
});

test("forward and derivative apply g and g′ elementwise to a matrix, keeping its shape", () => {
  const Z = Matrix.normal(3, 7, rng(1), 0, 3);
  for (const name of ACTIVATION_NAMES) {
    const g = ACTIVATIONS[name];
    const A = g.forward(Z);
    const D = g.derivative(Z);
    assert.equal(A.shape(), "3×7");
    assert.equal(D.shape(), "3×7");
    assert.ok(A.allClose(Z.map(g.output), 0, 0), name);
    assert.ok(D.allClose(Z.map(g.der), 0, 0), name);
    assert.notEqual(A, Z, "a new matrix, Z untouched");
  }
  assert.ok(sigmoidMatrix(Z).allClose(Z.map(sigmoid), 0, 0));
  assert.equal(sigmoidMatrix(Matrix.zeros(0, 4)).shape(), "0×4");
});
