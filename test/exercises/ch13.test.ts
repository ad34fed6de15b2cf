// The checkers of 13-overfitting-l2-and-dropout: each accepts the right code (✔), says "not yet" for an
// untouched stub, and rejects typical wrong answers with the hint that names the mistake.
import { test } from "node:test";
import { Matrix } from "../../lib/src/core/matrix";
import { notYet } from "../../lib/src/exercises/check";
import {
  checkDropoutBackward,
  checkDropoutForward,
  checkL2Cost,
} from "../../lib/src/exercises/ch13";
import { dropoutBackward, dropoutForward } from "../../lib/src/models/dropout";
import { expectFail, expectNotYet, expectPass } from "./helpers";

const stub = () => {
  throw notYet();
};

test("checkDropoutForward: A ⊙ (U < keepProb) / keepProb passes (by hand and with the library's step); no scaling, ×keepProb, the flipped mask and no mask fail", () => {
  const mask = (U: Matrix, p: number) => U.map((u) => (u < p ? 1 : 0));
  expectPass(checkDropoutForward, (A: Matrix, U: Matrix, p: number) =>
    A.mul(mask(U, p)).scale(1 / p),
  );
  expectPass(checkDropoutForward, (A: Matrix, U: Matrix, p: number) =>
    dropoutForward(A, mask(U, p), p),
  );
  expectPass(checkDropoutForward, (A: Matrix, U: Matrix, p: number) =>
    A.map((a, i, j) => (U.get(i, j) < p ? a / p : 0)),
  );
  expectNotYet(checkDropoutForward, stub, "myDropoutForward");
  const first = "A 3×4, U 3×4, keepProb 0.8";
  expectFail(
    checkDropoutForward,
    (A: Matrix, U: Matrix, p: number) => A.mul(mask(U, p)),
    first,
    /not scaled: divide by keepProb/,
  );
  expectFail(
    checkDropoutForward,
    (A: Matrix, U: Matrix, p: number) => A.mul(mask(U, p)).scale(p),
    first,
    /multiplies by keepProb/,
  );
  expectFail(
    checkDropoutForward,
    (A: Matrix, U: Matrix, p: number) => A.mul(U.map((u) => (u > p ? 1 : 0))).scale(1 / p),
    first,
    /the mask is the wrong way round/,
  );
  expectFail(
    checkDropoutForward,
    (A: Matrix, _U: Matrix, p: number) => A.scale(1 / p),
    first,
    /no unit was dropped/,
  );
});

test("checkDropoutBackward: dA ⊙ D / keepProb passes; no scaling, no mask, ×keepProb and dA unchanged fail", () => {
  expectPass(checkDropoutBackward, (dA: Matrix, D: Matrix, p: number) => dA.mul(D).scale(1 / p));
  expectPass(checkDropoutBackward, dropoutBackward);
  expectNotYet(checkDropoutBackward, stub, "myDropoutBackward");
  const first = "dA 3×4, D 3×4, keepProb 0.8";
  expectFail(
    checkDropoutBackward,
    (dA: Matrix, D: Matrix) => dA.mul(D),
    first,
    /the scaling is missing/,
  );
  expectFail(
    checkDropoutBackward,
    (dA: Matrix, _D: Matrix, p: number) => dA.scale(1 / p),
    first,
    /the mask is missing/,
  );
  expectFail(
    checkDropoutBackward,
    (dA: Matrix, D: Matrix, p: number) => dA.mul(D).scale(p),
    first,
    /multiplies by keepProb/,
  );
  expectFail(checkDropoutBackward, (dA: Matrix) => dA, first, /unchanged/);
});

test("checkL2Cost: λ/(2m) Σ‖W‖² passes; λ/m, λ/2, L1 and the first layer only fail", () => {
  const sq = (W: Matrix[]) => W.reduce((s, w) => s + w.mul(w).sum(), 0);
  expectPass(checkL2Cost, (W: Matrix[], lambda: number, m: number) => (lambda / (2 * m)) * sq(W));
  expectNotYet(checkL2Cost, stub, "myL2Cost");
  const first = "W = [3×3, 2×3], lambda 0.7, m 10";
  expectFail(
    checkL2Cost,
    (W: Matrix[], lambda: number, m: number) => (lambda / m) * sq(W),
    first,
    /the ½ is missing/,
  );
  expectFail(
    checkL2Cost,
    (W: Matrix[], lambda: number) => (lambda / 2) * sq(W),
    first,
    /the 1\/m is missing/,
  );
  expectFail(
    checkL2Cost,
    (W: Matrix[], lambda: number, m: number) =>
      (lambda / (2 * m)) * W.reduce((s, w) => s + w.map(Math.abs).sum(), 0),
    first,
    /\(L1\)/,
  );
  expectFail(
    checkL2Cost,
    (W: Matrix[], lambda: number, m: number) => (lambda / (2 * m)) * sq(W.slice(0, 1)),
    first,
    /only W\^\[1\] was counted/,
  );
});
