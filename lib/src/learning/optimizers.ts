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
 * Taught in: 04-gradient-descent (gradient descent), 10-optimisation (the others).
 */
import { Matrix, ShapeError } from "../core/matrix";

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
}

function checkStep(name: string, params: Matrix[], grads: Matrix[]): void {
  if (params.length !== grads.length) throw new Error(`${name}: ${params.length} parameters but ${grads.length} gradients`);
  params.forEach((p, k) => {
    const g = grads[k] as Matrix;
    if (p.rows !== g.rows || p.cols !== g.cols) {
      throw new ShapeError(`${name}: parameter ${k} is ${p.shape()} but its gradient is ${g.shape()}`);
    }
  });
}

function checkLearningRate(lr: number): void {
  if (!(Number.isFinite(lr) && lr > 0)) throw new RangeError(`learningRate must be a positive number, got ${lr}`);
}

/** Plain gradient descent: θ ← θ − lr·g. */
export function gradientDescent(options: { learningRate: number }): Optimizer {
  checkLearningRate(options.learningRate);
  const opt: Optimizer = {
    name: `gradientDescent(lr=${options.learningRate})`,
    learningRate: options.learningRate,
    step(params, grads) {
      checkStep("gradientDescent", params, grads);
      const lr = opt.learningRate;
      params.forEach((p, k) => {
        const g = (grads[k] as Matrix).data;
        const d = p.data;
        for (let i = 0; i < d.length; i++) d[i] = (d[i] as number) - lr * (g[i] as number);
      });
    },
    reset() {},
  };
  return opt;
}

/** Momentum: v ← β·v + (1 − β)·g; θ ← θ − lr·v (an exponentially weighted average of gradients). */
export function momentum(options: { learningRate: number; beta?: number }): Optimizer {
  checkLearningRate(options.learningRate);
  const beta = options.beta ?? 0.9;
  let v: Float64Array[] = [];
  const opt: Optimizer = {
    name: `momentum(lr=${options.learningRate}, β=${beta})`,
    learningRate: options.learningRate,
    step(params, grads) {
      checkStep("momentum", params, grads);
      if (v.length !== params.length) v = params.map((p) => new Float64Array(p.size));
      const lr = opt.learningRate;
      params.forEach((p, k) => {
        const g = (grads[k] as Matrix).data;
        const vk = v[k] as Float64Array;
        const d = p.data;
        for (let i = 0; i < d.length; i++) {
          vk[i] = beta * (vk[i] as number) + (1 - beta) * (g[i] as number);
          d[i] = (d[i] as number) - lr * (vk[i] as number);
        }
      });
    },
    reset() {
      v = [];
    },
  };
  return opt;
}

/** RMSProp: s ← β·s + (1 − β)·g²; θ ← θ − lr·g/(√s + ε) (each parameter gets its own step size). */
export function rmsprop(options: { learningRate: number; beta?: number; epsilon?: number }): Optimizer {
  checkLearningRate(options.learningRate);
  const beta = options.beta ?? 0.9;
  const eps = options.epsilon ?? 1e-8;
  let s: Float64Array[] = [];
  const opt: Optimizer = {
    name: `rmsprop(lr=${options.learningRate}, β=${beta})`,
    learningRate: options.learningRate,
    step(params, grads) {
      checkStep("rmsprop", params, grads);
      if (s.length !== params.length) s = params.map((p) => new Float64Array(p.size));
      const lr = opt.learningRate;
      params.forEach((p, k) => {
        const g = (grads[k] as Matrix).data;
        const sk = s[k] as Float64Array;
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
    },
  };
  return opt;
}

/** Adam: momentum and RMSProp together, with bias correction v̂ = v/(1 − β₁ᵗ), ŝ = s/(1 − β₂ᵗ). */
export function adam(options: { learningRate: number; beta1?: number; beta2?: number; epsilon?: number }): Optimizer {
  checkLearningRate(options.learningRate);
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const eps = options.epsilon ?? 1e-8;
  let v: Float64Array[] = [];
  let s: Float64Array[] = [];
  let t = 0;
  const opt: Optimizer = {
    name: `adam(lr=${options.learningRate}, β₁=${beta1}, β₂=${beta2})`,
    learningRate: options.learningRate,
    step(params, grads) {
      checkStep("adam", params, grads);
      if (v.length !== params.length) {
        v = params.map((p) => new Float64Array(p.size));
        s = params.map((p) => new Float64Array(p.size));
        t = 0;
      }
      t += 1;
      const lr = opt.learningRate;
      const c1 = 1 - beta1 ** t;
      const c2 = 1 - beta2 ** t;
      params.forEach((p, k) => {
        const g = (grads[k] as Matrix).data;
        const vk = v[k] as Float64Array;
        const sk = s[k] as Float64Array;
        const d = p.data;
        for (let i = 0; i < d.length; i++) {
          const gi = g[i] as number;
          vk[i] = beta1 * (vk[i] as number) + (1 - beta1) * gi;
          sk[i] = beta2 * (sk[i] as number) + (1 - beta2) * gi * gi;
          d[i] = (d[i] as number) - (lr * ((vk[i] as number) / c1)) / (Math.sqrt((sk[i] as number) / c2) + eps);
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
}

/** The optimizer names, for options objects. */
export type OptimizerName = "gradientDescent" | "momentum" | "rmsprop" | "adam";

/** Builds an optimizer by name (an unknown name gets an error listing the known ones). */
export function makeOptimizer(name: string, learningRate: number): Optimizer {
  switch (name) {
    case "gradientDescent":
    case "sgd":
      return gradientDescent({ learningRate });
    case "momentum":
      return momentum({ learningRate });
    case "rmsprop":
      return rmsprop({ learningRate });
    case "adam":
      return adam({ learningRate });
    default:
      throw new Error(`Unknown optimizer "${name}". Known: gradientDescent, momentum, rmsprop, adam`);
  }
}
