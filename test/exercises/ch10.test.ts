// The checkers of 10-optimisation: each accepts the right code (✔), says "not yet" for an untouched stub, and
// rejects typical wrong answers with the hint that names the mistake.
import { test } from "node:test";
import { Matrix } from "../../lib/src/core/matrix";
import { adam, momentum, Optimizer } from "../../lib/src/learning/optimizers";
import { notYet } from "../../lib/src/exercises/check";
import { checkAdam, checkInverseDecay, checkMomentum } from "../../lib/src/exercises/ch10";
import { expectFail, expectNotYet, expectPass } from "./helpers";

/** The notebook's myMomentum, with switches for the classic bugs. */
function makeMomentum(bug: "" | "noOneMinus" | "plus" | "freshV" = "") {
  return (learningRate: number, beta = 0.9): Optimizer => {
    let v: Matrix[] = [];
    const opt: Optimizer = {
      name: "myMomentum",
      learningRate,
      step(params, grads) {
        if (v.length === 0 || bug === "freshV") v = params.map((p) => Matrix.zeros(p.rows, p.cols));
        params.forEach((p, k) => {
          v[k] = v[k].scale(beta).add(bug === "noOneMinus" ? grads[k] : grads[k].scale(1 - beta));
          p.data.set(
            (bug === "plus"
              ? p.add(v[k].scale(opt.learningRate))
              : p.sub(v[k].scale(opt.learningRate))
            ).data,
          );
        });
      },
      reset() {
        v = [];
      },
    };
    return opt;
  };
}

const stubOptimizer = (learningRate: number): Optimizer => ({
  name: "stub",
  learningRate,
  step() {
    throw notYet();
  },
  reset() {},
});

test("checkMomentum: the notebook's version and the library's pass; βv + g, θ + αv and a fresh v fail", () => {
  expectPass(checkMomentum, makeMomentum());
  expectPass(checkMomentum, (learningRate: number, beta?: number) =>
    momentum({ learningRate, beta }),
  );
  expectNotYet(checkMomentum, stubOptimizer, "myMomentum");
  const at = (what: string) => `myMomentum(0.1, 0.9), ${what} on a 2×2 and a 3×1 parameter`;
  expectFail(checkMomentum, makeMomentum("noOneMinus"), at("one step"), /weighted by \(1 − β\)/);
  expectFail(checkMomentum, makeMomentum("plus"), at("one step"), /the step goes uphill/);
  expectFail(checkMomentum, makeMomentum("freshV"), at("5 steps"), /v starts from 0 at every step/);
});

/** An Adam written out, with switches for the classic bugs. */
function makeAdam(bug: "" | "noCorrection" | "tPerParam" | "onlyV" = "") {
  return (learningRate: number, beta1 = 0.9, beta2 = 0.999, eps = 1e-8): Optimizer => {
    let v: Float64Array[] = [],
      s: Float64Array[] = [],
      t = 0;
    const opt: Optimizer = {
      name: "myAdam",
      learningRate,
      step(params, grads) {
        if (v.length === 0) {
          v = params.map((p) => new Float64Array(p.size));
          s = params.map((p) => new Float64Array(p.size));
        }
        if (bug !== "tPerParam") t++;
        params.forEach((p, k) => {
          if (bug === "tPerParam") t++;
          for (let i = 0; i < p.size; i++) {
            const g = grads[k].data[i];
            v[k][i] = beta1 * v[k][i] + (1 - beta1) * g;
            s[k][i] = beta2 * s[k][i] + (1 - beta2) * g * g;
            const vHat = bug === "noCorrection" ? v[k][i] : v[k][i] / (1 - beta1 ** t);
            const sHat =
              bug === "noCorrection" || bug === "onlyV" ? s[k][i] : s[k][i] / (1 - beta2 ** t);
            p.data[i] -= (opt.learningRate * vHat) / (Math.sqrt(sHat) + eps);
          }
        });
      },
      reset() {
        v = [];
        s = [];
        t = 0;
      },
    };
    return opt;
  };
}

test("checkAdam: a written-out Adam and the library's pass; no correction, half a correction and t per parameter fail", () => {
  expectPass(checkAdam, makeAdam());
  expectPass(checkAdam, (learningRate: number, beta1?: number, beta2?: number, epsilon?: number) =>
    adam({ learningRate, beta1, beta2, epsilon }),
  );
  expectNotYet(checkAdam, stubOptimizer, "myAdam");
  const at = "myAdam(0.1, 0.9, 0.999, 1e-8), one step on a 2×2 and a 3×1 parameter";
  expectFail(checkAdam, makeAdam("noCorrection"), at, /no bias correction/);
  expectFail(checkAdam, makeAdam("onlyV"), at, /only v is corrected/);
  expectFail(
    checkAdam,
    makeAdam("tPerParam"),
    at,
    /once per call of step\(\), not once per parameter/,
  );
});

test("checkInverseDecay: α₀/(1 + k·e) passes; missing parentheses, α₀/(k·e) and epochs from 1 fail", () => {
  expectPass(checkInverseDecay, (e, lr0, k) => lr0 / (1 + k * e));
  expectNotYet(
    checkInverseDecay,
    () => {
      throw notYet();
    },
    "myInverseDecay",
  );
  expectFail(
    checkInverseDecay,
    (e, lr0, k) => (lr0 / (1 + k)) * e,
    "epoch = 0, initialRate = 1, k = 0.05",
    /missing parentheses/,
  );
  expectFail(
    checkInverseDecay,
    (e, lr0, k) => lr0 / (k * e),
    "epoch = 0, initialRate = 1, k = 0.05",
    /the 1 is missing/,
  );
  expectFail(
    checkInverseDecay,
    (e, lr0, k) => lr0 / (1 + k * (e + 1)),
    "epoch = 0, initialRate = 1, k = 0.05",
    /the epochs count from 0/,
  );
});
