/**
 * Optimizers: rules that turn gradients into parameter updates. All share one interface, so the training
 * loop does not care which one it drives. Parameters are updated IN PLACE.
 *
 *   gradient descent  θ ← θ − lr·g
 *   momentum          v ← β·v + (1 − β)·g;             θ ← θ − lr·v
 *   RMSProp           s ← β·s + (1 − β)·g²;            θ ← θ − lr·g / (√s + ε)
 *   Adam              v ← β₁v + (1 − β₁)g;  s ← β₂s + (1 − β₂)g²;
 *                     v̂ = v/(1 − β₁ᵗ);  ŝ = s/(1 − β₂ᵗ);  θ ← θ − lr·v̂ / (√ŝ + ε)
 *
 * Each optimizer's memory (v, s and the step count t) is readable through `state`, as copies: Adam's
 * bias-corrected averages are v̂ = v/(1 − β₁ᵗ) and ŝ = s/(1 − β₂ᵗ), computed from `state.v`, `state.s`, `state.t`
 * and the optimizer's `beta1`, `beta2`.
 *
 * Taught in: 04-gradient-descent (gradient descent), 10-optimisation (the others).
 */
import { subtractScaledInPlace } from "../core/elementwise";
import { Matrix, ShapeError } from "../core/matrix";
import { checkNumber, numberOr, RULES } from "../core/validate";

/** One interface for every update rule. */
export interface Optimizer {
  /** e.g. "adam(lr=0.01)". */
  readonly name: string;
  /** The learning rate the next step uses (a schedule may change it). */
  learningRate: number;
  /** Updates each params[k] in place from grads[k] (same shapes). */
  step(params: Matrix[], grads: Matrix[]): void;
  /** Forgets accumulated state (velocities, step count). */
  reset(): void;
  /**
   * What the optimizer remembers between steps, read-only: copies taken when you read it (changing them
   * changes nothing). Every optimizer of the lib has it; one you write yourself may leave it out.
   */
  readonly state?: OptimizerState;
}

/** An optimizer's memory (copies). v and s hold one matrix per parameter, shaped like it; [] before the first step. */
export interface OptimizerState {
  /** t, the number of steps since the optimizer was made or reset. */
  readonly t: number;
  /** The exponentially weighted average of the gradients (momentum, Adam): v ← β·v + (1 − β)·g. */
  readonly v?: readonly Matrix[];
  /** The exponentially weighted average of the squared gradients (RMSProp, Adam): s ← β·s + (1 − β)·g². */
  readonly s?: readonly Matrix[];
}

/** Gradient descent: it remembers nothing but the step count. */
export interface GradientDescentOptimizer extends Optimizer {
  readonly state: { readonly t: number };
}

/** Momentum, with its β and its state: v (one matrix per parameter) and t. */
export interface MomentumOptimizer extends Optimizer {
  readonly beta: number;
  readonly state: { readonly t: number; readonly v: readonly Matrix[] };
}

/** RMSProp, with its β, ε and its state: s (one matrix per parameter) and t. */
export interface RmspropOptimizer extends Optimizer {
  readonly beta: number;
  readonly epsilon: number;
  readonly state: { readonly t: number; readonly s: readonly Matrix[] };
}

/**
 * Adam, with its β₁, β₂, ε and its state: v, s (one matrix per parameter) and t. The bias-corrected averages
 * of the step θ ← θ − lr·v̂/(√ŝ + ε) are v̂ = v/(1 − β₁ᵗ) and ŝ = s/(1 − β₂ᵗ), e.g.
 * `const { v, s, t } = opt.state; const vHat = v[0].scale(1 / (1 - opt.beta1 ** t));`.
 */
export interface AdamOptimizer extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly state: {
    readonly t: number;
    readonly v: readonly Matrix[];
    readonly s: readonly Matrix[];
  };
}

/** A parameter's shape, [rows, cols]. */
type Shape = [number, number];

/** Copies of the state arrays as matrices shaped like their parameters. */
function copies(arrays: Float64Array[], shapes: Shape[]): Matrix[] {
  return arrays.map((a, k) => new Matrix(shapes[k][0], shapes[k][1], a.slice()));
}

/** The parameters' shapes. */
function shapesOf(params: Matrix[]): Shape[] {
  return params.map((p) => [p.rows, p.cols]);
}

function checkStep(name: string, params: Matrix[], grads: Matrix[]): void {
  if (params.length !== grads.length)
    throw new Error(`${name}: ${params.length} parameters but ${grads.length} gradients`);
  params.forEach((p, k) => {
    const g = grads[k] as Matrix;
    if (p.rows !== g.rows || p.cols !== g.cols) {
      throw new ShapeError(
        `${name}: parameter ${k} is ${p.shape()} but its gradient is ${g.shape()}`,
      );
    }
  });
}

/** The learning rate α: a number > 0 ("momentum: learningRate must be a number > 0, got -1"). */
function checkLearningRate(lr: unknown, who: string): number {
  return checkNumber(lr, `${who}: learningRate`, RULES.positive);
}

/** A decay rate β of an average, 0 ≤ β < 1 (β = 1 would never let a gradient in), default `fallback`. */
function decayRate(beta: unknown, fallback: number, name: string): number {
  return numberOr(beta, fallback, name, RULES.decay);
}

/**
 * Gives `opt` the `learningRate` property every optimizer shares: read by each step, set by `train`'s
 * schedule or by hand, and checked when set exactly as when the optimizer was made. Returns `opt`.
 */
function withLearningRate<T extends Optimizer>(opt: T, who: string, initial: unknown): T {
  let lr = checkLearningRate(initial, who);
  return Object.defineProperty(opt, "learningRate", {
    enumerable: true,
    get: () => lr,
    set: (v: unknown) => {
      lr = checkLearningRate(v, who);
    },
  });
}

/** Plain gradient descent: θ ← θ − lr·g. */
export function gradientDescent(options: { learningRate: number }): GradientDescentOptimizer {
  const lr0 = checkLearningRate(options?.learningRate, "gradientDescent");
  let t = 0;
  const opt: GradientDescentOptimizer = {
    name: `gradientDescent(lr=${options.learningRate})`,
    learningRate: lr0,
    step(params, grads) {
      checkStep("gradientDescent", params, grads);
      t += 1;
      const lr = opt.learningRate;
      // θ ← θ − lr·g for each parameter (core/elementwise.ts: the same subtraction per element, unrolled)
      params.forEach((p, k) => subtractScaledInPlace(p.data, lr, grads[k].data));
    },
    reset() {
      t = 0;
    },
    get state() {
      return { t };
    },
  };
  return withLearningRate(opt, "gradientDescent", lr0);
}

/** One zero array per parameter, as long as it. */
function zerosLike(params: Matrix[]): Float64Array[] {
  return params.map((p) => new Float64Array(p.size));
}

/** Momentum: v ← β·v + (1 − β)·g; θ ← θ − lr·v (an exponentially weighted average of gradients). */
export function momentum(options: { learningRate: number; beta?: number }): MomentumOptimizer {
  const lr0 = checkLearningRate(options?.learningRate, "momentum");
  const beta = decayRate(options.beta, 0.9, "momentum: beta (β)");
  let v: Float64Array[] = [];
  let shapes: Shape[] = [];
  let t = 0;
  const opt: MomentumOptimizer = {
    name: `momentum(lr=${options.learningRate}, β=${beta})`,
    learningRate: lr0,
    beta,
    step(params, grads) {
      checkStep("momentum", params, grads);
      if (v.length !== params.length) {
        v = zerosLike(params);
        shapes = shapesOf(params);
      }
      t += 1;
      const lr = opt.learningRate;
      params.forEach((p, k) => {
        const g = grads[k].data;
        const vk = v[k];
        const d = p.data;
        for (let i = 0; i < d.length; i++) {
          vk[i] = beta * (vk[i] as number) + (1 - beta) * (g[i] as number);
          d[i] = (d[i] as number) - lr * (vk[i] as number);
        }
      });
    },
    reset() {
      v = [];
      t = 0;
    },
    get state() {
      return { t, v: copies(v, shapes) };
    },
  };
  return withLearningRate(opt, "momentum", lr0);
}

/** RMSProp: s ← β·s + (1 − β)·g²; θ ← θ − lr·g/(√s + ε) (each parameter gets its own step size). */
export function rmsprop(options: {
  learningRate: number;
  beta?: number;
  epsilon?: number;
}): RmspropOptimizer {
  const lr0 = checkLearningRate(options?.learningRate, "rmsprop");
  const beta = decayRate(options.beta, 0.9, "rmsprop: beta (β)");
  const eps = numberOr(options.epsilon, 1e-8, "rmsprop: epsilon (ε)", RULES.positive);
  let s: Float64Array[] = [];
  let shapes: Shape[] = [];
  let t = 0;
  const opt: RmspropOptimizer = {
    name: `rmsprop(lr=${options.learningRate}, β=${beta})`,
    learningRate: lr0,
    beta,
    epsilon: eps,
    step(params, grads) {
      checkStep("rmsprop", params, grads);
      if (s.length !== params.length) {
        s = zerosLike(params);
        shapes = shapesOf(params);
      }
      t += 1;
      const lr = opt.learningRate;
      params.forEach((p, k) => {
        const g = grads[k].data;
        const sk = s[k];
        const d = p.data;
        for (let i = 0; i < d.length; i++) {
          const gi = g[i] as number;
          sk[i] = beta * (sk[i] as number) + (1 - beta) * gi * gi;
          d[i] = (d[i] as number) - (lr * gi) / (Math.sqrt(sk[i] as number) + eps);
        }
      });
    },
    reset() {
      s = [];
      t = 0;
    },
    get state() {
      return { t, s: copies(s, shapes) };
    },
  };
  return withLearningRate(opt, "rmsprop", lr0);
}

/** Adam: momentum and RMSProp together, with bias correction v̂ = v/(1 − β₁ᵗ), ŝ = s/(1 − β₂ᵗ). */
export function adam(options: {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}): AdamOptimizer {
  const lr0 = checkLearningRate(options?.learningRate, "adam");
  const beta1 = decayRate(options.beta1, 0.9, "adam: beta1 (β₁)");
  const beta2 = decayRate(options.beta2, 0.999, "adam: beta2 (β₂)");
  const eps = numberOr(options.epsilon, 1e-8, "adam: epsilon (ε)", RULES.positive);
  let v: Float64Array[] = [];
  let s: Float64Array[] = [];
  let shapes: Shape[] = [];
  let t = 0;
  const opt: AdamOptimizer = {
    name: `adam(lr=${options.learningRate}, β₁=${beta1}, β₂=${beta2})`,
    learningRate: lr0,
    beta1,
    beta2,
    epsilon: eps,
    step(params, grads) {
      checkStep("adam", params, grads);
      if (v.length !== params.length) {
        v = zerosLike(params);
        s = zerosLike(params);
        shapes = shapesOf(params);
        t = 0;
      }
      t += 1;
      const lr = opt.learningRate;
      const c1 = 1 - beta1 ** t;
      const c2 = 1 - beta2 ** t;
      params.forEach((p, k) => {
        const g = grads[k].data;
        const vk = v[k];
        const sk = s[k];
        const d = p.data;
        for (let i = 0; i < d.length; i++) {
          const gi = g[i] as number;
          vk[i] = beta1 * (vk[i] as number) + (1 - beta1) * gi;
          sk[i] = beta2 * (sk[i] as number) + (1 - beta2) * gi * gi;
          d[i] =
            (d[i] as number) -
            (lr * ((vk[i] as number) / c1)) / (Math.sqrt((sk[i] as number) / c2) + eps);
        }
      });
    },
    reset() {
      v = [];
      s = [];
      t = 0;
    },
    get state() {
      return { t, v: copies(v, shapes), s: copies(s, shapes) };
    },
  };
  return withLearningRate(opt, "adam", lr0);
}

/** The names `makeOptimizer` (and `train`'s `optimizer` option) know. */
export const OPTIMIZER_NAMES = ["gradientDescent", "momentum", "rmsprop", "adam"] as const;
/** "gradientDescent" | "momentum" | "rmsprop" | "adam". */
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/**
 * Builds an optimizer by name with its default settings (an unknown name gets an error listing the known ones).
 * There is no "sgd": in this course stochastic and mini-batch gradient descent are gradient descent with a
 * `batchSize` (chapter 04), so "sgd" gets an error saying so.
 */
export function makeOptimizer(name: OptimizerName, learningRate: number): Optimizer {
  switch (name) {
    case "gradientDescent":
      return gradientDescent({ learningRate });
    case "momentum":
      return momentum({ learningRate });
    case "rmsprop":
      return rmsprop({ learningRate });
    case "adam":
      return adam({ learningRate });
    default: {
      const unknown = String(name);
      const hint =
        unknown.toLowerCase() === "sgd"
          ? ` (stochastic or mini-batch gradient descent is "gradientDescent" with a batchSize, e.g. { optimizer: "gradientDescent", batchSize: 1 })`
          : "";
      throw new Error(
        `Unknown optimizer "${unknown}". Known: ${OPTIMIZER_NAMES.join(", ")}${hint}`,
      );
    }
  }
}
