// The checkers of 07-backpropagation: each accepts the right code (✔), says "not yet" for an untouched stub,
// and rejects typical wrong answers with the hint that names the mistake.
import { test } from "node:test";
import { Matrix } from "../../lib/src/core/matrix";
import { sigmoid } from "../../lib/src/learning/activations";
import { notYet } from "../../lib/src/exercises/check";
import {
  checkForward,
  checkForwardBackward,
  checkNumericGradient,
} from "../../lib/src/exercises/ch07";
import { expectFail, expectNotYet, expectPass } from "./helpers";

const forward = (X: Matrix, W1: Matrix, b1: Matrix, W2: Matrix, b2: Matrix) =>
  W2.matmul(W1.matmul(X).add(b1).map(Math.tanh)).add(b2).map(sigmoid);

test("checkForward: σ(W2·tanh(W1·X + b1) + b2) passes; Z2, σ hidden and a forgotten b1 fail with their hint", () => {
  expectPass(checkForward, forward);
  expectNotYet(
    checkForward,
    () => {
      throw notYet();
    },
    "myForward",
  );
  const first = "X 2×5, W1 3×2, W2 1×3";
  expectFail(
    checkForward,
    (X, W1, b1, W2, b2) => W2.matmul(W1.matmul(X).add(b1).map(Math.tanh)).add(b2),
    first,
    /that is Z2/,
  );
  expectFail(
    checkForward,
    (X, W1, b1, W2, b2) => W2.matmul(W1.matmul(X).add(b1).map(sigmoid)).add(b2).map(sigmoid),
    first,
    /uses tanh here, not σ/,
  );
  expectFail(
    checkForward,
    (X, W1, _b1, W2, b2) => W2.matmul(W1.matmul(X).map(Math.tanh)).add(b2).map(sigmoid),
    first,
    /b1 is missing/,
  );
  expectFail(checkForward, (X, W1, b1) => W1.matmul(X).add(b1).map(Math.tanh), first, /that is A1/);
});

type FB = (
  X: Matrix,
  Y: Matrix,
  W1: Matrix,
  b1: Matrix,
  W2: Matrix,
  b2: Matrix,
) => Record<string, unknown>;
/** The right backward pass, with switches for the classic bugs. */
function backprop(
  bug:
    | ""
    | "no1/m"
    | "noG"
    | "transposeW2"
    | "sum0"
    | "Zprime"
    | "sign"
    | "naiveLog"
    | "pickedLog" = "",
): FB {
  return (X, Y, W1, b1, W2, b2) => {
    const m = X.cols;
    const k = bug === "no1/m" ? 1 : 1 / m;
    const Z1 = W1.matmul(X).add(b1);
    const A1 = Z1.map(Math.tanh);
    const Z2 = W2.matmul(A1).add(b2);
    const A2 = Z2.map(sigmoid);
    let J = 0;
    for (let j = 0; j < m; j++) {
      const [a, z, t] = [A2.get(0, j), Z2.get(0, j), Y.get(0, j)];
      J +=
        bug === "naiveLog"
          ? -(t * Math.log(a) + (1 - t) * Math.log(1 - a)) / m
          : bug === "pickedLog"
            ? -(t === 1 ? Math.log(a) : Math.log(1 - a)) / m
            : (Math.max(z, 0) - t * z + Math.log1p(Math.exp(-Math.abs(z)))) / m;
    }
    const dZ2 = bug === "sign" ? Y.sub(A2) : A2.sub(Y);
    const dW2 = bug === "transposeW2" ? A1.matmul(dZ2.T).scale(k) : dZ2.matmul(A1.T).scale(k);
    const db2 = (bug === "sum0" ? dZ2.sum(0) : dZ2.sum(1)).scale(k);
    const dA1 = W2.T.matmul(dZ2);
    const slope = bug === "Zprime" ? Z1.map((z) => 1 - z * z) : A1.map((a) => 1 - a * a);
    const dZ1 = bug === "noG" ? dA1 : dA1.mul(slope);
    return { J, dW1: dZ1.matmul(X.T).scale(k), db1: dZ1.sum(1).scale(k), dW2, db2 };
  };
}

test("checkForwardBackward: the right backward pass passes; each classic bug fails on its part with its hint", () => {
  expectPass(checkForwardBackward, backprop());
  expectNotYet(
    checkForwardBackward,
    () => {
      throw notYet();
    },
    "myForwardBackward",
  );
  const at = (part: string) => `X 2×5, W1 3×2, W2 1×3, ${part}`;
  expectFail(checkForwardBackward, backprop("no1/m"), at("dW2"), /the 1\/m is missing/);
  expectFail(
    checkForwardBackward,
    backprop("transposeW2"),
    at("dW2"),
    /that is A1·dZ2ᵀ, the transpose/,
  );
  expectFail(checkForwardBackward, backprop("sign"), at("dW2"), /dZ2 = A2 − Y, not Y − A2/);
  expectFail(
    checkForwardBackward,
    backprop("sum0"),
    at("db2"),
    /sums over the units \(sum\(0\)\)|your matrix is 1×5/,
  );
  expectFail(checkForwardBackward, backprop("noG"), at("dW1"), /g′ is missing/);
  expectFail(checkForwardBackward, backprop("Zprime"), at("dW1"), /you used 1 − Z1²/);
  // ln(a) and ln(1 − a) pass the ordinary cases but not the confident one, where σ(Z2) rounds to 1.
  expectFail(
    checkForwardBackward,
    backprop("naiveLog"),
    "X 2×6, W1 3×2, W2 1×3, J",
    /σ\(Z2\) rounds to exactly 1 .* compute the cost from the logits Z2/,
  );
  // ln(a) where y = 1 and ln(1 − a) where y = 0: Infinity rather than NaN, the same hint
  expectFail(
    checkForwardBackward,
    backprop("pickedLog"),
    "X 2×6, W1 3×2, W2 1×3, J",
    /σ\(Z2\) rounds to exactly 1 .* compute the cost from the logits Z2/,
  );
  const r = checkForwardBackward.result(((
    X: Matrix,
    Y: Matrix,
    W1: Matrix,
    b1: Matrix,
    W2: Matrix,
    b2: Matrix,
  ) => {
    const { dW1, db1, dW2, db2 } = backprop()(X, Y, W1, b1, W2, b2);
    return { dW1, db1, dW2, db2 };
  }) as FB);
  if (!/^✘ .*expected an object \{ J, dW2, db2, dW1, db1 \}, got one without J/.test(r.text))
    throw new Error(r.text);
});

const numeric = (J: (P: Matrix) => number, P: Matrix, eps: number) => {
  const G = new Matrix(P.rows, P.cols);
  for (let i = 0; i < P.rows; i++) {
    for (let j = 0; j < P.cols; j++) {
      const up = P.clone().set(i, j, P.get(i, j) + eps);
      const down = P.clone().set(i, j, P.get(i, j) - eps);
      G.set(i, j, (J(up) - J(down)) / (2 * eps));
    }
  }
  return G;
};

test("checkNumericGradient: the centred difference passes; one-sided, a missing 2 and nudging in place fail", () => {
  expectPass(checkNumericGradient, numeric);
  expectNotYet(
    checkNumericGradient,
    () => {
      throw notYet();
    },
    "myNumericGradient",
  );
  const first = "J(P) = Σ p³, P 2×3, eps = 1e-4";
  expectFail(
    checkNumericGradient,
    (J, P, eps) => {
      const G = new Matrix(P.rows, P.cols);
      for (let k = 0; k < P.size; k++) {
        const up = P.clone();
        up.data[k] += eps;
        G.data[k] = (J(up) - J(P)) / eps;
      }
      return G;
    },
    first,
    /one-sided difference/,
  );
  expectFail(
    checkNumericGradient,
    (J, P, eps) => numeric(J, P, eps).scale(2),
    first,
    /divide by 2·eps/,
  );
  expectFail(
    checkNumericGradient,
    (J, P, eps) => {
      const G = new Matrix(P.rows, P.cols);
      for (let k = 0; k < P.size; k++) {
        const v = P.data[k];
        P.data[k] = v + eps;
        const up = J(P);
        P.data[k] = v - eps;
        G.data[k] = (up - J(P)) / (2 * eps);
      }
      return G;
    },
    first,
    /changed its input P in place/,
  );
});
