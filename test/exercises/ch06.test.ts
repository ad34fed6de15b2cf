// The checkers of 06-why-hidden-layers: each accepts the right code (✔), says "not yet" for an untouched stub,
// and rejects typical wrong answers with the hint that names the mistake.
import { test } from "node:test";
import { sigmoid } from "../../lib/src/learning/activations";
import { notYet } from "../../lib/src/exercises/check";
import {
  checkRelu,
  checkReluDer,
  checkTanhDer,
  checkXorByHand,
} from "../../lib/src/exercises/ch06";
import { expectFail, expectNotYet, expectPass } from "./helpers";

const stub = (_z: number): number => {
  throw notYet();
};

test("checkTanhDer: 1 − tanh² passes; 1 − tanh, 1 − z², σ's a(1 − a) and 1 + tanh² fail with their hint", () => {
  expectPass(checkTanhDer, (z) => 1 - Math.tanh(z) ** 2);
  expectNotYet(checkTanhDer, stub, "myTanhDer");
  expectFail(checkTanhDer, (z) => 1 - Math.tanh(z), "z = 0.7", /the tanh must be squared/);
  expectFail(checkTanhDer, (z) => 1 - z * z, "z = 0.7", /you squared z where tanh\(z\) belongs/);
  expectFail(
    checkTanhDer,
    (z) => Math.tanh(z) * (1 - Math.tanh(z)),
    "z = 0.7",
    /sigmoid's a\(1 − a\)/,
  );
  expectFail(checkTanhDer, (z) => 1 + Math.tanh(z) ** 2, "z = 0.7", /with a minus/);
});

test("checkRelu: max(0, z) passes; min(0, z), |z| and the identity fail with their hint", () => {
  expectPass(checkRelu, (z) => Math.max(0, z));
  expectNotYet(checkRelu, stub, "myRelu");
  expectFail(
    checkRelu,
    (z) => Math.min(0, z),
    "z = 3.5",
    /Math\.min\(0, z\)\? ReLU is Math\.max\(0, z\)/,
  );
  expectFail(checkRelu, (z) => Math.abs(z), "z = -4", /that is \|z\|/);
  expectFail(checkRelu, (z) => z, "z = -4", /came back unchanged/);
  expectFail(checkRelu, (z) => (z > 0 ? 1 : 0), "z = 3.5", /ReLU's slope/);
});

test("checkReluDer: the 0/1 slope passes; z >= 0, ReLU itself and a flipped slope fail with their hint", () => {
  expectPass(checkReluDer, (z) => (z > 0 ? 1 : 0));
  expectNotYet(checkReluDer, stub, "myReluDer");
  expectFail(checkReluDer, (z) => (z >= 0 ? 1 : 0), "z = 0", /test z > 0, not z >= 0/);
  expectFail(checkReluDer, (z) => Math.max(0, z), "z = 3.5", /ReLU\(z\) itself/);
  expectFail(checkReluDer, (z) => (z > 0 ? 0 : 1), "z = 3.5", /the slope is flipped/);
  expectFail(
    checkReluDer,
    ((z: number) => z > 0) as unknown as (z: number) => number,
    "z = 3.5",
    /should be a number, not true/,
  );
});

test("checkXorByHand: the three units pass; a missing σ, h₁ alone, a wrong NAND and an OR on top fail", () => {
  const h = (x1: number, x2: number) =>
    [sigmoid(20 * x1 + 20 * x2 - 10), sigmoid(-20 * x1 - 20 * x2 + 30)] as const;
  expectPass(checkXorByHand, (x1, x2) => {
    const [h1, h2] = h(x1, x2);
    return sigmoid(20 * h1 + 20 * h2 - 30);
  });
  expectNotYet(
    checkXorByHand,
    (_a, _b) => {
      throw notYet();
    },
    "xorByHand",
  );
  expectFail(
    checkXorByHand,
    (x1, x2) => {
      const [h1, h2] = h(x1, x2);
      return 20 * h1 + 20 * h2 - 30;
    },
    "x₁ = 0, x₂ = 0",
    /apply σ to it/,
  );
  expectFail(checkXorByHand, (x1, x2) => h(x1, x2)[0], "x₁ = 0, x₂ = 0", /that is h₁, the OR unit/);
  expectFail(
    checkXorByHand,
    (x1, x2) => {
      const h1 = sigmoid(20 * x1 + 20 * x2 - 10),
        h2 = sigmoid(20 * x1 + 20 * x2 + 30);
      return sigmoid(20 * h1 + 20 * h2 - 30);
    },
    "x₁ = 0, x₂ = 1",
    /weights −20 and bias \+30/,
  );
  expectFail(
    checkXorByHand,
    (x1, x2) => {
      const [h1, h2] = h(x1, x2);
      return sigmoid(20 * h1 + 20 * h2 - 10);
    },
    "x₁ = 0, x₂ = 0",
    /its bias is −30/,
  );
});
