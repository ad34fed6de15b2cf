/**
 * Checkers for 10-optimisation: the momentum optimizer, the Adam optimizer with bias correction, and the
 * learning-rate decay α₀/(1 + k·e). An optimizer is checked by driving it: make it, take a few steps on known
 * gradients (two parameters of different shapes), reset it, step again, and compare the parameters.
 */
import { Matrix } from "../core/matrix";
import { Optimizer } from "../learning/optimizers";
import { Case, exercise } from "./check";
import { drivenExercise } from "./parts";

/** A scenario: the optimizer's settings, two parameters and the gradients of each step (a reset before the last `afterReset`). */
interface Scenario {
  settings: number[];
  steps: number;
  afterReset: number;
}

const start = () => [
  Matrix.from([
    [1, -2],
    [0.5, 3],
  ]),
  Matrix.column([0.2, -0.4, 1]),
];
/** The gradient of step s for each parameter: steady in some entries, flipping sign in others. */
const gradsAt = (s: number) => [
  Matrix.from([
    [0.5, -1 + 0.1 * s],
    [2 * (-1) ** s, 0.01],
  ]),
  Matrix.column([3 * (-1) ** s, 0.2 + 0.05 * s, -0.7]),
];

/** Runs a scenario: make, `steps` steps, then reset and `afterReset` more steps; all parameter entries, in order. */
function run(make: (settings: number[]) => Optimizer, sc: Scenario): number[] {
  const opt = make(sc.settings);
  const params = start();
  for (let s = 0; s < sc.steps; s++) opt.step(params, gradsAt(s));
  if (sc.afterReset > 0) {
    opt.reset();
    for (let s = 0; s < sc.afterReset; s++) opt.step(params, gradsAt(s));
  }
  return params.flatMap((p) => Array.from(p.data));
}

/** A plain-loop optimizer from a per-entry rule with state (v, s) and the step count t. */
function ruleOptimizer(
  settings: number[],
  rule: (g: number, st: { v: number; s: number; t: number }, lr: number) => number,
  perParamT = false,
): Optimizer {
  let state: { v: number; s: number }[][] = [];
  let t = 0;
  const opt: Optimizer = {
    name: "reference",
    learningRate: settings[0] as number,
    step(params, grads) {
      if (state.length === 0) state = params.map((p) => Array.from(p.data, () => ({ v: 0, s: 0 })));
      if (!perParamT) t++;
      params.forEach((p, k) => {
        if (perParamT) t++;
        const g = (grads[k] as Matrix).data;
        for (let i = 0; i < p.data.length; i++) {
          const st = (state[k] as { v: number; s: number }[])[i] as { v: number; s: number };
          const full = { ...st, t };
          p.data[i] = (p.data[i] as number) - rule(g[i] as number, full, opt.learningRate);
          st.v = full.v;
          st.s = full.s;
        }
      });
    },
    reset() {
      state = [];
      t = 0;
    },
  };
  return opt;
}

const scenarios: [string, Scenario][] = [
  ["one step", { settings: [], steps: 1, afterReset: 0 }],
  ["5 steps", { settings: [], steps: 5, afterReset: 0 }],
  ["4 steps, reset(), 2 steps", { settings: [], steps: 4, afterReset: 2 }],
];

type Rule = (g: number, st: { v: number; s: number; t: number }, lr: number) => number;

function optimizerChecker(
  name: string,
  verified: string,
  hint: string,
  settingsList: number[][],
  describe: (s: number[]) => string,
  right: (s: number[]) => Rule,
  mistakes: [(s: number[]) => Rule, string, boolean?][],
) {
  const cases = settingsList.flatMap((settings) =>
    scenarios.map(([what, sc]): Case<[Scenario]> => {
      const scenario = { ...sc, settings };
      return {
        input: `${name}(${describe(settings)}), ${what} on a 2×2 and a 3×1 parameter`,
        args: () => [scenario],
        expected: run((s) => ruleOptimizer(s, right(s)), scenario),
        rtol: 1e-9,
        atol: 1e-12,
        mistakes: mistakes.map(([rule, h, perParamT]) => ({
          value: run((s) => ruleOptimizer(s, rule(s), perParamT), scenario),
          hint: h,
        })),
      };
    }),
  );
  const inner = exercise<[Scenario], number[]>({
    name,
    verified,
    params: ["scenario"],
    hint,
    cases,
  });
  return drivenExercise(
    inner,
    (make: (...settings: number[]) => Optimizer) => (sc: Scenario) => run((s) => make(...s), sc),
  );
}

/** Momentum: v ← βv + (1 − β)g, θ ← θ − αv. Recognises v ← βv + g, swapped weights, θ + αv, plain GD, v not kept. */
export const checkMomentum = optimizerChecker(
  "myMomentum",
  "myMomentum(α, β) follows v ← βv + (1 − β)g, θ ← θ − αv with one v per parameter, over 1 and 5 steps, forgets v on reset(), for (α, β) = (0.1, 0.9) and (0.5, 0.5)",
  "in step: for each parameter k and entry i, v = β·v + (1 − β)·g, then θ = θ − α·v; keep v between steps (one array per parameter), and empty it in reset()",
  [
    [0.1, 0.9],
    [0.5, 0.5],
  ],
  ([lr, b]) => `${lr}, ${b}`,
  ([, b]) =>
    (g, st, lr) => {
      st.v = (b as number) * st.v + (1 - (b as number)) * g;
      return lr * st.v;
    },
  [
    [
      ([, b]) =>
        (g, st, lr) => {
          st.v = (b as number) * st.v + g;
          return lr * st.v;
        },
      "the new gradient is weighted by (1 − β): v ← βv + (1 − β)g, not βv + g",
    ],
    [
      ([, b]) =>
        (g, st, lr) => {
          st.v = (1 - (b as number)) * st.v + (b as number) * g;
          return lr * st.v;
        },
      "the weights are swapped: the old v keeps β (0.9 by default), the new gradient gets 1 − β",
    ],
    [
      ([, b]) =>
        (g, st, lr) => {
          st.v = (b as number) * st.v + (1 - (b as number)) * g;
          return -lr * st.v;
        },
      "the step goes uphill: θ ← θ − αv, with a minus",
    ],
    [
      () => (g, _st, lr) => lr * g,
      "that is plain gradient descent, θ − αg: step along the average v instead of g",
    ],
    [
      ([, b]) =>
        (g, _st, lr) =>
          lr * (1 - (b as number)) * g,
      "v starts from 0 at every step: create the velocities once (at the first step) and keep them between steps",
    ],
  ],
);

/**
 * Adam: v ← β₁v + (1 − β₁)g, s ← β₂s + (1 − β₂)g², v̂ = v/(1 − β₁ᵗ), ŝ = s/(1 − β₂ᵗ), θ ← θ − αv̂/(√ŝ + ε).
 * Recognises no bias correction, a correction of one average only, g for g², t counted per parameter, and t not reset.
 */
export const checkAdam = optimizerChecker(
  "myAdam",
  "myAdam(α, β₁, β₂, ε) follows Adam with bias correction v̂ = v/(1 − β₁ᵗ), ŝ = s/(1 − β₂ᵗ) and one t per step, over 1 and 5 steps, restarts t on reset(), for two settings",
  "t += 1 once per step; for each entry: v = β₁v + (1 − β₁)g, s = β₂s + (1 − β₂)g², vHat = v/(1 − β₁^t), sHat = s/(1 − β₂^t), θ = θ − α·vHat/(√sHat + ε)",
  [
    [0.1, 0.9, 0.999, 1e-8],
    [0.05, 0.8, 0.99, 1e-8],
  ],
  ([lr, b1, b2, e]) => `${lr}, ${b1}, ${b2}, ${e}`,
  ([, b1, b2, eps]) =>
    (g, st, lr) => {
      st.v = (b1 as number) * st.v + (1 - (b1 as number)) * g;
      st.s = (b2 as number) * st.s + (1 - (b2 as number)) * g * g;
      return (
        (lr * (st.v / (1 - (b1 as number) ** st.t))) /
        (Math.sqrt(st.s / (1 - (b2 as number) ** st.t)) + (eps as number))
      );
    },
  (() => {
    const adamLike =
      (corrV: boolean, corrS: boolean, square = true) =>
      ([, b1, b2, eps]: number[]): Rule =>
      (g, st, lr) => {
        st.v = (b1 as number) * st.v + (1 - (b1 as number)) * g;
        st.s = (b2 as number) * st.s + (1 - (b2 as number)) * (square ? g * g : g);
        const v = corrV ? st.v / (1 - (b1 as number) ** st.t) : st.v;
        const s = corrS ? st.s / (1 - (b2 as number) ** st.t) : st.s;
        return (lr * v) / (Math.sqrt(s) + (eps as number));
      };
    return [
      [
        adamLike(false, false),
        "no bias correction: divide v by 1 − β₁^t and s by 1 − β₂^t before the step (at t = 1 the uncorrected step is √1000/10 ≈ 3.16 times too long)",
      ],
      [adamLike(true, false), "only v is corrected: ŝ = s/(1 − β₂^t) needs its correction too"],
      [adamLike(false, true), "only s is corrected: v̂ = v/(1 − β₁^t) needs its correction too"],
      [
        adamLike(true, true),
        "t counts the steps, once per call of step(), not once per parameter: increase it before the loop over the parameters",
        true,
      ],
    ] as [(s: number[]) => Rule, string, boolean?][];
  })(),
);

/** α₀/(1 + k·e); recognises α₀/(1 + k)·e, α₀·(1 − k·e), α₀/(k·e), an epoch counted from 1, and α₀·kᵉ. */
export const checkInverseDecay = exercise<[number, number, number], number>({
  name: "myInverseDecay",
  verified:
    "myInverseDecay(e, α₀, k) = α₀/(1 + k·e) at 6 epochs from 0 to 200, with α₀ itself at e = 0",
  params: ["epoch", "initialRate", "k"],
  hint: "return initialRate / (1 + k * epoch)",
  cases: [
    [0, 1, 0.05],
    [1, 1, 0.05],
    [10, 0.5, 0.05],
    [99, 1, 0.05],
    [20, 0.1, 0.5],
    [200, 0.3, 0.01],
  ].map(([e, lr0, k]): Case<[number, number, number]> => {
    const [E, A, K] = [e as number, lr0 as number, k as number];
    return {
      input: `epoch = ${E}, initialRate = ${A}, k = ${K}`,
      args: () => [E, A, K],
      expected: A / (1 + K * E),
      mistakes: [
        ...(E !== 1
          ? [
              {
                value: (A / (1 + K)) * E,
                hint: "missing parentheses: α₀ / (1 + k·e) divides by the whole 1 + k·e; `lr0 / 1 + k * e` or `lr0 / (1 + k) * e` do not",
              },
            ]
          : []),
        {
          value: A * (1 - K * E),
          hint: "that is α₀(1 − k·e), a straight line that turns negative: the schedule divides, α₀/(1 + k·e)",
        },
        {
          value: A / (K * E),
          hint: "the 1 is missing: α₀/(1 + k·e), so that epoch 0 gives α₀ (and not a division by 0)",
        },
        {
          value: A / (1 + K * (E + 1)),
          hint: "the epochs count from 0: at epoch e use 1 + k·e, so that epoch 0 gives α₀",
        },
        ...(E !== 0
          ? [
              {
                value: A * K ** E,
                hint: "that is α₀·kᵉ, an exponential decay: this schedule is α₀/(1 + k·e)",
              },
            ]
          : []),
      ],
    };
  }),
});
