/**
 * Checkers for 14-diagnose-and-tune: a log-uniform sampler (random search on a log scale), gradient clipping
 * by global norm, and the k-fold splits of cross-validation.
 */
import { Matrix } from "../core/matrix";
import { Rng } from "../core/random";
import {
  type Case,
  type Checker,
  type CheckResult,
  type ExerciseSpec,
  exercise,
  runExercise,
  sameDefinitionNote,
  type Value,
} from "./check";

/**
 * A checker whose learner function returns a list (of matrices, of folds): `flatten` turns the answer into a
 * record the framework compares field by field ("g[2]", "fold 1 validation"), so a ✘ names the first wrong
 * item. Anything that is not a list is passed on unchanged (the framework then says what is wrong with it).
 */
function listExercise<A extends unknown[], R>(
  spec: ExerciseSpec<A>,
  flatten: (answer: unknown[]) => Value,
): Checker<A, R> {
  const wrap = (f: (...args: A) => R) =>
    typeof f !== "function"
      ? f
      : (...args: A) => {
          const got: unknown = f(...args);
          return Array.isArray(got) ? flatten(got) : got;
        };
  const result = (f: (...args: A) => R): CheckResult => runExercise(spec, wrap(f));
  let graded: unknown = null;
  const check = ((f: (...args: A) => R): void => {
    const again = typeof f === "function" && f === graded;
    graded = f;
    let r: CheckResult;
    try {
      r = result(f);
    } catch (e) {
      r = {
        verdict: "fail",
        text: `✘ ${spec.name}: the checker itself failed (${String(e)}). Hint: tell the course authors`,
      };
    }
    console.log(again ? `${r.text} ${sameDefinitionNote(spec.name)}` : r.text);
  }) as Checker<A, R>;
  check.result = result;
  Object.defineProperty(check, "spec", { value: spec });
  return check;
}

// ---------------------------------------------------------------------------------------------------------
// 1. A log-uniform sample: 10^(log₁₀ lo + u·(log₁₀ hi − log₁₀ lo))

const logUniform = (lo: number, hi: number, u: number) =>
  10 ** (Math.log10(lo) + u * (Math.log10(hi) - Math.log10(lo)));

/** 10^(log₁₀ lo + u·(log₁₀ hi − log₁₀ lo)); recognises linear, exponents as values, the exponent alone, e^. */
export const checkLogUniform = exercise<[number, number, number], number>({
  name: "myLogUniform",
  verified:
    "myLogUniform(lo, hi, u) = 10^(log₁₀ lo + u·(log₁₀ hi − log₁₀ lo)): u = 0 gives lo, u = 1 gives hi, u = ½ the geometric mean, on 5 cases",
  params: ["lo", "hi", "u"],
  hint: "three steps: a = Math.log10(lo), b = Math.log10(hi), then return 10 ** (a + u * (b - a))",
  cases: (
    [
      [1e-4, 1, 0.5],
      [1e-3, 10, 0.25],
      [2, 64, 0.8],
      [0.001, 0.1, 0],
      [0.5, 50, 1],
    ] as [number, number, number][]
  ).map(([lo, hi, u]): Case<[number, number, number]> => ({
    input: `lo ${lo}, hi ${hi}, u ${u}`,
    args: () => [lo, hi, u],
    expected: logUniform(lo, hi, u),
    mistakes: [
      {
        value: lo + u * (hi - lo),
        hint: "that is uniform on [lo, hi], not on a log scale: draw the EXPONENT uniformly, between log₁₀ lo and log₁₀ hi, then raise 10 to it",
      },
      {
        value: 10 ** (lo + u * (hi - lo)),
        hint: "lo and hi are values, not exponents: take their logarithms first, a = Math.log10(lo), b = Math.log10(hi), then 10 ** (a + u * (b - a))",
      },
      {
        value: Math.log10(lo) + u * (Math.log10(hi) - Math.log10(lo)),
        hint: "that is the exponent: return 10 raised to it, 10 ** (…)",
      },
      {
        value: Math.exp(Math.log10(lo) + u * (Math.log10(hi) - Math.log10(lo))),
        hint: "the bases are mixed: the exponent is in base 10 (Math.log10), so raise 10 to it (10 ** …), not e (Math.exp)",
      },
      {
        value: logUniform(lo, hi, 1 - u),
        hint: "u runs the wrong way: u = 0 should give lo and u = 1 should give hi",
      },
    ],
  })),
});

// ---------------------------------------------------------------------------------------------------------
// 2. Clipping by global norm

const globalNorm = (g: Matrix[]) => Math.sqrt(g.reduce((s, m) => s + m.mul(m).sum(), 0));
const asRecord = (list: unknown[]): Value =>
  Object.fromEntries(list.map((g, k) => [`g[${k + 1}]`, g as Value]));
const scaled = (g: Matrix[], f: number) => g.map((m) => m.scale(f));

interface ClipCase {
  what: string;
  grads: Matrix[];
  maxNorm: number;
}

/** Three lists of gradients: far above the cap, below it, and one where a per-matrix cap would differ. */
function clipCases(): ClipCase[] {
  const r = new Rng(14);
  const big = [
    Matrix.normal(3, 2, r).scale(4),
    Matrix.normal(3, 1, r),
    Matrix.normal(1, 3, r).scale(2),
  ];
  const small = [Matrix.normal(2, 2, r).scale(0.1), Matrix.normal(2, 1, r).scale(0.1)];
  const uneven = [Matrix.from([[30, -40]]), Matrix.from([[0.3], [-0.4]])];
  return [
    { what: `3 gradients, ‖g‖ = ${globalNorm(big).toFixed(2)}, maxNorm 5`, grads: big, maxNorm: 5 },
    {
      what: `2 gradients, ‖g‖ = ${globalNorm(small).toFixed(3)}, maxNorm 1`,
      grads: small,
      maxNorm: 1,
    },
    { what: "[[30, −40]] and [[0.3], [−0.4]], maxNorm 1", grads: uneven, maxNorm: 1 },
  ];
}

/** g·maxNorm/‖g‖ when ‖g‖ > maxNorm; recognises per-matrix norms, always scaling, the inverted factor, … */
export const checkClipByNorm = listExercise<[Matrix[], number], Matrix[]>(
  {
    name: "myClipByNorm",
    verified:
      "myClipByNorm(grads, maxNorm) scales every gradient by maxNorm/‖g‖ when the global norm ‖g‖ = √(Σ g²) over all of them exceeds maxNorm, and leaves them as they are otherwise",
    params: ["grads", "maxNorm"],
    hint: "norm = Math.sqrt(sum over every matrix of g.mul(g).sum()); if norm > maxNorm return grads.map((g) => g.scale(maxNorm / norm)); else return grads",
    cases: clipCases().map(({ what, grads, maxNorm }): Case<[Matrix[], number]> => {
      const norm = globalNorm(grads);
      const f = maxNorm / norm;
      const right = norm > maxNorm ? scaled(grads, f) : grads;
      const mistakes = [
        {
          value: grads.map((m) => {
            const n = Math.sqrt(m.mul(m).sum());
            return n > maxNorm ? m.scale(maxNorm / n) : m;
          }),
          hint: "each matrix was clipped on its own: the norm is global, √(Σ g²) over the entries of ALL the gradients together, and one factor maxNorm/‖g‖ scales them all (so the step keeps its direction)",
        },
        {
          value: scaled(grads, f),
          hint: "gradients below the cap were scaled too (stretched up to maxNorm): clip only when ‖g‖ > maxNorm, otherwise return them unchanged",
        },
        {
          value: scaled(grads, norm / maxNorm),
          hint: "the factor is upside down: multiply by maxNorm/‖g‖ (< 1 when clipping), not ‖g‖/maxNorm",
        },
        {
          value: (() => {
            const s = norm * norm;
            return s > maxNorm ? scaled(grads, maxNorm / s) : grads;
          })(),
          hint: "the square root is missing: ‖g‖ = Math.sqrt(Σ g²), not Σ g²",
        },
        {
          value: grads.map((m) => m.map((v) => Math.max(-maxNorm, Math.min(maxNorm, v)))),
          hint: "that clips each entry to [−maxNorm, maxNorm] (clipping by value): clipping by norm scales the whole list by maxNorm/‖g‖, keeping its direction",
        },
      ];
      return {
        input: what,
        args: () => [grads.map((m) => m.clone()), maxNorm],
        expected: asRecord(right),
        mistakes: mistakes.map((m) => ({ value: asRecord(m.value), hint: m.hint })),
      };
    }),
  },
  asRecord,
);

// ---------------------------------------------------------------------------------------------------------
// 3. k-fold splits

interface FoldLists {
  trainIndex: number[];
  validationIndex: number[];
}

/** Fold i validates on positions ⌊i·m/k⌋ … ⌊(i+1)·m/k⌋ − 1 of `order` and trains on the rest, in order. */
function folds(order: number[], k: number, cut: (i: number) => number): FoldLists[] {
  return Array.from({ length: k }, (_, i) => ({
    validationIndex: order.slice(cut(i), cut(i + 1)),
    trainIndex: [...order.slice(0, cut(i)), ...order.slice(cut(i + 1))],
  }));
}

const foldsRecord = (list: unknown[]): Value =>
  Object.fromEntries(
    list.flatMap((fold, i) => {
      const f = (fold ?? {}) as Record<string, unknown>;
      return [
        [`fold ${i + 1} validationIndex`, f.validationIndex as Value],
        [`fold ${i + 1} trainIndex`, f.trainIndex as Value],
      ];
    }),
  );

/** The k folds of `order`; recognises equal ⌊m/k⌋ or ⌈m/k⌉ sizes, the validation fold left in train, … */
export const checkKFoldSplits = listExercise<[number[], number], FoldLists[]>(
  {
    name: "myKFoldSplits",
    verified:
      "myKFoldSplits(order, k): fold i validates on positions ⌊i·m/k⌋ to ⌊(i+1)·m/k⌋ − 1 of order and trains on all the others, every example validated on exactly once (m = 10, k = 3; m = 12, k = 4; m = 5, k = 5)",
    params: ["order", "k"],
    hint: "for i from 0 to k − 1: start = Math.floor((i * m) / k), end = Math.floor(((i + 1) * m) / k); validationIndex = order.slice(start, end), trainIndex = [...order.slice(0, start), ...order.slice(end)]",
    cases: (
      [
        [10, 3, 1],
        [12, 4, 2],
        [5, 5, 3],
      ] as [number, number, number][]
    ).map(([m, k, seed]): Case<[number[], number]> => {
      const order = new Rng(seed).permutation(m);
      const right = folds(order, k, (i) => Math.floor((i * m) / k));
      const size = Math.floor(m / k);
      const big = Math.ceil(m / k);
      return {
        input: `order = [${order.join(", ")}], k = ${k}`,
        args: () => [[...order], k],
        expected: foldsRecord(right),
        mistakes: [
          {
            value: foldsRecord(folds(order, k, (i) => i * size)),
            hint: `every fold has ⌊m/k⌋ = ${size} examples, so the last ${m - k * size} of order are never validated on: cut at ⌊i·m/k⌋, which spreads the remainder over the folds`,
          },
          {
            value: foldsRecord(folds(order, k, (i) => Math.min(i * big, m))),
            hint: `with ⌈m/k⌉ = ${big} examples per fold the last fold is short: cut at ⌊i·m/k⌋ (sizes ⌊m/k⌋ or ⌈m/k⌉)`,
          },
          {
            value: foldsRecord(
              right.map((f) => ({ validationIndex: f.validationIndex, trainIndex: [...order] })),
            ),
            hint: "the training set still holds the validation fold: train on every example EXCEPT the fold's, or the score measures memory, not generalisation",
          },
          {
            value: foldsRecord(
              folds(order, k, (i) => Math.floor((i * m) / k)).map((f, i) => ({
                validationIndex: order.slice(
                  Math.floor((i * m) / k),
                  Math.floor(((i + 1) * m) / k) + 1,
                ),
                trainIndex: f.trainIndex,
              })),
            ),
            hint: "the fold's end is included: order.slice(start, end) stops BEFORE end, and the next fold starts at end",
          },
          {
            value: foldsRecord(
              right.map((f) => ({
                validationIndex: [...f.validationIndex].sort((a, b) => a - b),
                trainIndex: [...f.trainIndex].sort((a, b) => a - b),
              })),
            ),
            hint: "the right examples, sorted: keep them in the order of `order` (the library's kFoldSplits sorts its lists; this exercise does not)",
          },
        ],
      };
    }),
  },
  foldsRecord,
);
