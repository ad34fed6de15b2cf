/**
 * Gradient checking: compare analytic gradients with centred finite differences.
 *
 *   numeric ∂J/∂θᵢ ≈ (J(θ + ε·eᵢ) − J(θ − ε·eᵢ)) / (2ε)        (error O(ε²))
 *   relative difference = ‖g_analytic − g_numeric‖ / (‖g_analytic‖ + ‖g_numeric‖)
 *
 * Below ~1e-7 the gradients agree; above ~1e-3 one of them is wrong. Taught in: 04-gradient-descent,
 * 07-backpropagation.
 */
import { Matrix } from "../core/matrix";
import { checkNumber, RULES } from "../core/validate";

/** The outcome of a gradient check. */
export interface GradCheckResult {
  /** ‖g_a − g_n‖ / (‖g_a‖ + ‖g_n‖) over every parameter together (0 when both are exactly zero). */
  relativeDifference: number;
  /** The numeric gradients, one matrix per parameter (same shapes). */
  numeric: Matrix[];
  /** The single entry where analytic and numeric differ most. */
  worst: { param: number; row: number; col: number; analytic: number; numeric: number };
}

/**
 * Checks `analytic` (one gradient per parameter, same shapes) against centred differences of `cost`.
 * `cost()` must read the parameters' current values: each entry of each param is nudged in place by ±ε
 * and restored afterwards.
 */
export function gradientCheck(
  cost: () => number,
  params: Matrix[],
  analytic: Matrix[],
  epsilon = 1e-5,
): GradCheckResult {
  checkNumber(epsilon, "gradientCheck: epsilon (ε)", RULES.positive);
  if (params.length !== analytic.length) {
    throw new Error(`gradientCheck: ${params.length} parameters but ${analytic.length} gradients`);
  }
  params.forEach((p, k) => {
    const g = analytic[k] as Matrix;
    if (g.rows !== p.rows || g.cols !== p.cols) {
      throw new Error(
        `gradientCheck: parameter ${k} is ${p.shape()} but its gradient is ${g.shape()}`,
      );
    }
  });
  analytic.forEach((g, k) =>
    g.assertFinite(`gradientCheck: the analytic gradient of parameter ${k}`),
  );
  checkDeterministic(cost);
  /** J after nudging entry idx of parameter k by `sign`·ε: a finite number, or an error saying where it was not. */
  const nudged = (k: number, idx: number, sign: string): number => {
    const J: unknown = cost();
    if (typeof J === "number" && Number.isFinite(J)) return J;
    const p = params[k] as Matrix;
    throw new RangeError(
      `gradientCheck: the cost function returned ${String(J)} with parameter ${k} (${p.shape()}) nudged by ${sign}ε at ` +
        `row ${Math.floor(idx / p.cols)}, column ${idx % p.cols}: it must return a finite number (does it compute ` +
        `log(0), or read something undefined?)`,
    );
  };
  let diff2 = 0;
  let a2 = 0;
  let n2 = 0;
  let worst = { param: -1, row: 0, col: 0, analytic: 0, numeric: 0 };
  let worstGap = -1;
  const numeric = params.map((p, k) => {
    const out = new Matrix(p.rows, p.cols);
    const g = analytic[k] as Matrix;
    for (let idx = 0; idx < p.data.length; idx++) {
      const saved = p.data[idx] as number;
      p.data[idx] = saved + epsilon;
      let plus: number, minus: number;
      try {
        plus = nudged(k, idx, "+");
        p.data[idx] = saved - epsilon;
        minus = nudged(k, idx, "−");
      } finally {
        p.data[idx] = saved;
      }
      const num = (plus - minus) / (2 * epsilon);
      out.data[idx] = num;
      const ana = g.data[idx] as number;
      diff2 += (ana - num) ** 2;
      a2 += ana ** 2;
      n2 += num ** 2;
      const gap = Math.abs(ana - num);
      if (gap > worstGap) {
        worstGap = gap;
        worst = {
          param: k,
          row: Math.floor(idx / p.cols),
          col: idx % p.cols,
          analytic: ana,
          numeric: num,
        };
      }
    }
    return out;
  });
  const denom = Math.sqrt(a2) + Math.sqrt(n2);
  const relativeDifference = denom === 0 ? 0 : Math.sqrt(diff2) / denom;
  return { relativeDifference, numeric, worst };
}

/**
 * Throws when `cost()` gives two different values for the same parameters: a random cost (dropout draws new
 * masks at every evaluation) makes (J(θ+ε) − J(θ−ε))/2ε measure its noise, divided by a tiny 2ε.
 */
function checkDeterministic(cost: () => number): void {
  const first: unknown = cost();
  const second: unknown = cost();
  if (typeof first !== "number" || typeof second !== "number" || Object.is(first, second)) return;
  throw new Error(
    `gradientCheck: the cost function returned ${first} and then ${second} for the same parameters: it is random, ` +
      `so finite differences would measure its noise (divided by 2ε), not its slope. With dropout each evaluation ` +
      `draws new masks: check the gradients with dropout off (keepProb 1), or with the masks held fixed ` +
      `(networkGradientCheck(net, X, Y, 1e-5, masks)).`,
  );
}

/** The centred-difference slope of a function of one number: (f(x+ε) − f(x−ε)) / 2ε. */
export function numericDerivative(f: (x: number) => number, x: number, epsilon = 1e-5): number {
  return (f(x + epsilon) - f(x - epsilon)) / (2 * epsilon);
}
