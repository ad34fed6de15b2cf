// The checkers of 01-sigmoid: each accepts the right code (✔), says "not yet" for an untouched stub, and
// rejects typical wrong answers with the hint that names the mistake.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sigmoid } from "../../lib/src/learning/activations";
import { notYet } from "../../lib/src/exercises/check";
import { checkSigmoid, checkSigmoidDer, checkStableSigmoid } from "../../lib/src/exercises/ch01";
import { expectFail, expectNotYet, expectPass } from "./helpers";

const stub = (_z: number): number => {
  throw notYet();
};

test("checkSigmoid: the formula passes, the stub is not yet", () => {
  expectPass(checkSigmoid, (z) => 1 / (1 + Math.exp(-z)));
  expectNotYet(checkSigmoid, stub, "mySigmoid");
});

test("checkSigmoid names the mistake: flipped sign, missing parentheses, minus for plus, e^z form", () => {
  expectFail(
    checkSigmoid,
    (z) => 1 / (1 + Math.exp(z)),
    "z = 2",
    /σ\(−z\), the sign of the exponent is flipped/,
  );
  expectFail(
    checkSigmoid,
    (z) => 1 / 1 + Math.exp(-z),
    "z = 0",
    /put the denominator in parentheses/,
  );
  expectFail(
    checkSigmoid,
    (z) => 1 / (1 - Math.exp(-z)),
    "z = 0",
    /with a plus: you wrote 1 − e\^\(−z\)/,
  );
  expectFail(checkSigmoid, (z) => Math.exp(z) / (1 + Math.exp(z)), "z = 800", /Infinity\/Infinity/);
  expectFail(
    checkSigmoid,
    (z) => {
      throw new Error(`oops at ${z}`);
    },
    "z = 0",
    /threw instead of returning/,
  );
  expectFail(
    checkSigmoid,
    ((z: number) => {
      void z;
    }) as unknown as (z: number) => number,
    "z = 0",
    /is a `return` missing/,
  );
});

test("checkSigmoidDer: a(1 − a) passes; z(1 − z), σ alone, σ(1 + σ) and the quotient form fail with their hint", () => {
  expectPass(checkSigmoidDer, (z) => sigmoid(z) * (1 - sigmoid(z)));
  expectNotYet(checkSigmoidDer, stub, "mySigmoidDer");
  expectFail(
    checkSigmoidDer,
    (z) => z * (1 - z),
    "z = 0",
    /you used z in the formula where a = σ\(z\) belongs/,
  );
  expectFail(checkSigmoidDer, (z) => sigmoid(z), "z = 0", /that is σ\(z\) itself/);
  expectFail(
    checkSigmoidDer,
    (z) => sigmoid(z) * (1 + sigmoid(z)),
    "z = 0",
    /you wrote \(1 \+ σ\(z\)\)/,
  );
  expectFail(
    checkSigmoidDer,
    (z) => Math.exp(-z) / (1 + Math.exp(-z)) ** 2,
    "z = -800",
    /quotient .* Infinity\/Infinity/,
  );
});

test("checkStableSigmoid: two branches pass; the plain formula and the e^z form fail at the edges", () => {
  expectPass(checkStableSigmoid, (z) =>
    z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)),
  );
  expectNotYet(checkStableSigmoid, stub, "myStableSigmoid");
  expectFail(
    checkStableSigmoid,
    (z) => 1 / (1 + Math.exp(-z)),
    "z = -720",
    /e\^720 overflowed to Infinity/,
  );
  expectFail(
    checkStableSigmoid,
    (z) => Math.exp(z) / (1 + Math.exp(z)),
    "z = 800",
    /NaN at z = 800/,
  );
  expectFail(
    checkStableSigmoid,
    (z) => (z < 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z))),
    "z = 800",
    /NaN at z = 800/,
  );
});
