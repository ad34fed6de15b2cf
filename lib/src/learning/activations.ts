/**
 * Activation functions, each paired with its derivative (as in tensorflow/playground's `{ output, der }`).
 *
 * Every `der` here takes **z** (the pre-activation), not a = g(z): `der(z) = g′(z)`. (For the sigmoid the
 * same value is σ(z)(1 − σ(z)) = a(1 − a); `sigmoidDerFromA` is that a-form.) Taught in: 01-sigmoid
 * (sigmoid), 06-why-hidden-layers (all of them).
 */
import { Matrix } from "../core/matrix";

/**
 * σ(z) = 1 / (1 + e^(−z)), computed so that it never overflows: for z ≥ 0 use 1 / (1 + e^(−z)); for z < 0
 * use e^z / (1 + e^z) (same value; e^(−z) would overflow to Infinity for z < −709).
 */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** σ′(z) = σ(z)(1 − σ(z)), taking z. */
export function sigmoidDer(z: number): number {
  const s = sigmoid(z);
  return s * (1 - s);
}

/** σ′ written with a = σ(z): a(1 − a), taking a. */
export function sigmoidDerFromA(a: number): number {
  return a * (1 - a);
}

/** The logit, the inverse of σ: logit(p) = ln(p / (1 − p)), for 0 < p < 1. */
export function logit(p: number): number {
  if (!(p > 0 && p < 1))
    throw new RangeError(`logit: p must be strictly between 0 and 1, got ${p}`);
  return Math.log(p / (1 - p));
}

/** tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z)); range (−1, 1). */
export function tanh(z: number): number {
  return Math.tanh(z);
}

/** tanh′(z) = 1 − tanh²(z), taking z. */
export function tanhDer(z: number): number {
  const t = Math.tanh(z);
  return 1 - t * t;
}

/** ReLU(z) = max(0, z). */
export function relu(z: number): number {
  return z > 0 ? z : 0;
}

/** ReLU′(z) = 1 if z > 0 else 0 (we take 0 at z = 0), taking z. */
export function reluDer(z: number): number {
  return z > 0 ? 1 : 0;
}

/** The slope of leaky ReLU for z < 0. */
export const LEAKY_SLOPE = 0.01;

/** Leaky ReLU(z) = z if z > 0 else 0.01·z. */
export function leakyRelu(z: number): number {
  return z > 0 ? z : LEAKY_SLOPE * z;
}

/** Leaky ReLU′(z) = 1 if z > 0 else 0.01, taking z. */
export function leakyReluDer(z: number): number {
  return z > 0 ? 1 : LEAKY_SLOPE;
}

/** The names the lib knows. */
export const ACTIVATION_NAMES = ["sigmoid", "tanh", "relu", "leakyRelu", "linear"] as const;
export type ActivationName = (typeof ACTIVATION_NAMES)[number];

/** An activation g with its derivative; `forward`/`der` apply them elementwise to a matrix Z. */
export interface Activation {
  readonly name: ActivationName;
  /** g(z). */
  readonly output: (z: number) => number;
  /** g′(z) — takes z, not a. */
  readonly der: (z: number) => number;
  /** A = g(Z), elementwise. */
  forward(Z: Matrix): Matrix;
  /** g′(Z), elementwise (takes Z). */
  derivative(Z: Matrix): Matrix;
}

/** An elementwise loop over raw values: out[k] = f(Z[k]). */
type Loop = (Z: Float64Array, out: Float64Array) => void;

function makeActivation(
  name: ActivationName,
  output: (z: number) => number,
  der: (z: number) => number,
  loops: { forward: Loop; derivative: Loop },
): Activation {
  return {
    name,
    output,
    der,
    forward: (Z) => apply(Z, loops.forward),
    derivative: (Z) => apply(Z, loops.derivative),
  };
}

/** A new matrix shaped like Z, filled by one of the loops below. */
function apply(Z: Matrix, loop: Loop): Matrix {
  const out = new Matrix(Z.rows, Z.cols);
  loop(Z.data, out.data);
  return out;
}

// The matrix forms are the hot path of every forward and backward pass, so each activation gets its own loop
// with the formula written inline (the same formulas as the scalar functions above, giving the same values):
// calling a function value per element would cost more than ReLU itself. ReLU′ is branch-free: with random
// signs a branch mispredicts half the time, while +(z > 0) turns the comparison into 0 or 1 directly.

function sigmoidLoop(Z: Float64Array, out: Float64Array): void {
  for (let k = 0; k < Z.length; k++) {
    const z = Z[k] as number;
    if (z >= 0) out[k] = 1 / (1 + Math.exp(-z));
    else {
      const e = Math.exp(z);
      out[k] = e / (1 + e);
    }
  }
}

function sigmoidDerLoop(Z: Float64Array, out: Float64Array): void {
  sigmoidLoop(Z, out);
  for (let k = 0; k < out.length; k++) {
    const s = out[k] as number;
    out[k] = s * (1 - s);
  }
}

function tanhLoop(Z: Float64Array, out: Float64Array): void {
  for (let k = 0; k < Z.length; k++) out[k] = Math.tanh(Z[k] as number);
}

function tanhDerLoop(Z: Float64Array, out: Float64Array): void {
  for (let k = 0; k < Z.length; k++) {
    const t = Math.tanh(Z[k] as number);
    out[k] = 1 - t * t;
  }
}

function reluLoop(Z: Float64Array, out: Float64Array): void {
  for (let k = 0; k < Z.length; k++) {
    const z = Z[k] as number;
    out[k] = z > 0 ? z : 0;
  }
}

function reluDerLoop(Z: Float64Array, out: Float64Array): void {
  for (let k = 0; k < Z.length; k++) out[k] = +((Z[k] as number) > 0);
}

function leakyReluLoop(Z: Float64Array, out: Float64Array): void {
  for (let k = 0; k < Z.length; k++) {
    const z = Z[k] as number;
    out[k] = z > 0 ? z : LEAKY_SLOPE * z;
  }
}

function leakyReluDerLoop(Z: Float64Array, out: Float64Array): void {
  for (let k = 0; k < Z.length; k++) out[k] = (Z[k] as number) > 0 ? 1 : LEAKY_SLOPE;
}

/** Every activation by name. */
export const ACTIVATIONS: Readonly<Record<ActivationName, Activation>> = {
  sigmoid: makeActivation("sigmoid", sigmoid, sigmoidDer, {
    forward: sigmoidLoop,
    derivative: sigmoidDerLoop,
  }),
  tanh: makeActivation("tanh", tanh, tanhDer, { forward: tanhLoop, derivative: tanhDerLoop }),
  relu: makeActivation("relu", relu, reluDer, { forward: reluLoop, derivative: reluDerLoop }),
  leakyRelu: makeActivation("leakyRelu", leakyRelu, leakyReluDer, {
    forward: leakyReluLoop,
    derivative: leakyReluDerLoop,
  }),
  linear: makeActivation(
    "linear",
    (z) => z,
    () => 1,
    {
      forward: (Z, out) => out.set(Z),
      derivative: (_Z, out) => out.fill(1),
    },
  ),
};

/** Looks an activation up by name; an unknown name gets an error listing the known ones. */
export function activation(name: string): Activation {
  const found = (ACTIVATIONS as Record<string, Activation | undefined>)[name];
  if (!found) {
    throw new Error(
      `Unknown activation "${name}". Known activations: ${ACTIVATION_NAMES.join(", ")}`,
    );
  }
  return found;
}

/** σ applied to every element of Z: A = σ(Z). */
export function sigmoidMatrix(Z: Matrix): Matrix {
  return apply(Z, sigmoidLoop);
}
