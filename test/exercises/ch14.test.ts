// The checkers of 14-diagnose-and-tune: each accepts the right code (✔), says "not yet" for an untouched stub,
// and rejects typical wrong answers with the hint that names the mistake.
import { test } from "node:test";
import { Matrix } from "../../lib/src/core/matrix";
import { notYet } from "../../lib/src/exercises/check";
import { checkClipByNorm, checkKFoldSplits, checkLogUniform } from "../../lib/src/exercises/ch14";
import { clipGradients } from "../../lib/src/learning/clipping";
import { expectFail, expectNotYet, expectPass } from "./helpers";

const stub = () => {
  throw notYet();
};

test("checkLogUniform: 10^(log₁₀ lo + u·(log₁₀ hi − log₁₀ lo)) passes (and with ln); linear, exponents, e^ fail", () => {
  expectPass(checkLogUniform, (lo: number, hi: number, u: number) => {
    const a = Math.log10(lo);
    const b = Math.log10(hi);
    return 10 ** (a + u * (b - a));
  });
  expectPass(checkLogUniform, (lo: number, hi: number, u: number) =>
    Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo))),
  );
  expectPass(checkLogUniform, (lo: number, hi: number, u: number) => lo * (hi / lo) ** u);
  expectNotYet(checkLogUniform, stub, "myLogUniform");
  const first = "lo 0.0001, hi 1, u 0.5";
  expectFail(
    checkLogUniform,
    (lo: number, hi: number, u: number) => lo + u * (hi - lo),
    first,
    /uniform on \[lo, hi\], not on a log scale/,
  );
  expectFail(
    checkLogUniform,
    (lo: number, hi: number, u: number) => 10 ** (lo + u * (hi - lo)),
    first,
    /values, not exponents/,
  );
  expectFail(
    checkLogUniform,
    (lo: number, hi: number, u: number) => Math.log10(lo) + u * (Math.log10(hi) - Math.log10(lo)),
    first,
    /that is the exponent/,
  );
  expectFail(
    checkLogUniform,
    (lo: number, hi: number, u: number) =>
      Math.exp(Math.log10(lo) + u * (Math.log10(hi) - Math.log10(lo))),
    first,
    /the bases are mixed/,
  );
  expectFail(
    checkLogUniform,
    (lo: number, hi: number, u: number) =>
      10 ** (Math.log10(hi) + u * (Math.log10(lo) - Math.log10(hi))),
    "lo 0.001, hi 10, u 0.25",
    /u runs the wrong way/,
  );
});

const norm = (g: Matrix[]) => Math.sqrt(g.reduce((s, m) => s + m.mul(m).sum(), 0));

test("checkClipByNorm: global-norm clipping passes (by hand and the library's); per-matrix, always, upside down, no √, by value fail", () => {
  expectPass(checkClipByNorm, (grads: Matrix[], maxNorm: number) => {
    const n = norm(grads);
    return n > maxNorm ? grads.map((g) => g.scale(maxNorm / n)) : grads;
  });
  expectPass(checkClipByNorm, clipGradients);
  expectPass(checkClipByNorm, (grads: Matrix[], maxNorm: number) =>
    grads.map((g) => g.scale(Math.min(1, maxNorm / norm(grads)))),
  );
  expectNotYet(checkClipByNorm, stub, "myClipByNorm");
  const first = /^3 gradients, ‖g‖ = [\d.]+, maxNorm 5$/;
  const firstInput = (checkClipByNorm.spec.cases[0] as { input: string }).input;
  if (!first.test(firstInput)) throw new Error(firstInput);
  expectFail(
    checkClipByNorm,
    (grads: Matrix[], maxNorm: number) =>
      grads.map((g) => (norm([g]) > maxNorm ? g.scale(maxNorm / norm([g])) : g)),
    firstInput,
    /each matrix was clipped on its own/,
  );
  expectFail(
    checkClipByNorm,
    (grads: Matrix[], maxNorm: number) => grads.map((g) => g.scale(maxNorm / norm(grads))),
    (checkClipByNorm.spec.cases[1] as { input: string }).input,
    /below the cap were scaled too/,
  );
  expectFail(
    checkClipByNorm,
    (grads: Matrix[], maxNorm: number) => {
      const n = norm(grads);
      return n > maxNorm ? grads.map((g) => g.scale(n / maxNorm)) : grads;
    },
    firstInput,
    /upside down/,
  );
  expectFail(
    checkClipByNorm,
    (grads: Matrix[], maxNorm: number) => {
      const s = norm(grads) ** 2;
      return s > maxNorm ? grads.map((g) => g.scale(maxNorm / s)) : grads;
    },
    firstInput,
    /the square root is missing/,
  );
  expectFail(
    checkClipByNorm,
    (grads: Matrix[], maxNorm: number) =>
      grads.map((g) => g.map((v) => Math.max(-maxNorm, Math.min(maxNorm, v)))),
    firstInput,
    /clipping by value/,
  );
  expectFail(
    checkClipByNorm,
    (grads: Matrix[], maxNorm: number) => {
      const n = norm(grads);
      if (n > maxNorm)
        for (const g of grads) g.data.forEach((v, i) => (g.data[i] = (v * maxNorm) / n));
      return grads;
    },
    firstInput,
    /changed its input grads in place/,
  );
  expectFail(checkClipByNorm, (() => 3) as unknown as () => Matrix[], firstInput, /.+/);
});

const kFold = (order: number[], k: number) => {
  const m = order.length;
  return Array.from({ length: k }, (_, i) => {
    const start = Math.floor((i * m) / k);
    const end = Math.floor(((i + 1) * m) / k);
    return {
      trainIndex: [...order.slice(0, start), ...order.slice(end)],
      validationIndex: order.slice(start, end),
    };
  });
};

test("checkKFoldSplits: ⌊i·m/k⌋ cuts pass; equal ⌊m/k⌋ sizes, ⌈m/k⌉ sizes, fold left in train, end included fail", () => {
  expectPass(checkKFoldSplits, kFold);
  expectPass(checkKFoldSplits, (order: number[], k: number) => {
    const folds = [];
    for (let i = 0; i < k; i++) {
      const start = Math.floor((i * order.length) / k);
      const end = Math.floor(((i + 1) * order.length) / k);
      folds.push({
        validationIndex: order.filter((_, p) => p >= start && p < end),
        trainIndex: order.filter((_, p) => p < start || p >= end),
      });
    }
    return folds;
  });
  expectNotYet(checkKFoldSplits, stub, "myKFoldSplits");
  const first = (checkKFoldSplits.spec.cases[0] as { input: string }).input;
  const cut = (order: number[], k: number, at: (i: number) => number) =>
    Array.from({ length: k }, (_, i) => ({
      validationIndex: order.slice(at(i), at(i + 1)),
      trainIndex: [...order.slice(0, at(i)), ...order.slice(at(i + 1))],
    }));
  const line = expectFail(
    checkKFoldSplits,
    (order: number[], k: number) => cut(order, k, (i) => i * Math.floor(order.length / k)),
    first,
    /the last 1 of order are never validated on/,
  );
  if (!line.includes("fold 3 validationIndex")) throw new Error(line);
  expectFail(
    checkKFoldSplits,
    (order: number[], k: number) =>
      cut(order, k, (i) => Math.min(i * Math.ceil(order.length / k), order.length)),
    first,
    /the last fold is short/,
  );
  expectFail(
    checkKFoldSplits,
    (order: number[], k: number) =>
      kFold(order, k).map((f) => ({ validationIndex: f.validationIndex, trainIndex: [...order] })),
    first,
    /still holds the validation fold/,
  );
  expectFail(
    checkKFoldSplits,
    (order: number[], k: number) =>
      kFold(order, k).map((f, i) => ({
        validationIndex: order.slice(
          Math.floor((i * order.length) / k),
          Math.floor(((i + 1) * order.length) / k) + 1,
        ),
        trainIndex: f.trainIndex,
      })),
    first,
    /the fold's end is included/,
  );
  expectFail(
    checkKFoldSplits,
    (order: number[], k: number) =>
      kFold(order, k).map((f) => ({
        validationIndex: [...f.validationIndex].sort((a, b) => a - b),
        trainIndex: [...f.trainIndex].sort((a, b) => a - b),
      })),
    first,
    /keep them in the order of `order`/,
  );
  expectFail(
    checkKFoldSplits,
    ((order: number[], k: number) =>
      kFold(order, k).map((f) => ({
        validation: f.validationIndex,
        train: f.trainIndex,
      }))) as never,
    first,
    /.+/,
  );
});
