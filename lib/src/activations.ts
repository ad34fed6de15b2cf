/**
 * Activation functions, each paired with its derivative (as in tensorflow/playground's `{ output, der }`).
 *
 * Every `der` here takes **z** (the pre-activation), not a = g(z): `der(z) = g′(z)`. (For the sigmoid the
 * same value is σ(z)(1 − σ(z)) = a(1 − a); `sigmoidDerFromA` is that a-form.) Taught in: 01-sigmoid
 * (sigmoid), 06-why-hidden-layers (all of them).
 */
import { Matrix } from "./matrix";

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
  if (!(p > 0 && p < 1)) throw new RangeError(`logit: p must be strictly between 0 and 1, got ${p}`);
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

function makeActivation(name: ActivationName, output: (z: number) => number, der: (z: number) => number): Activation {
  return {
    name,
    output,
    der,
    forward: (Z) => mapInto(Z, output),
    derivative: (Z) => mapInto(Z, der),
  };
}

/** Elementwise f without the (value, i, j) bookkeeping of Matrix.map: the hot path of every forward pass. */
function mapInto(Z: Matrix, f: (z: number) => number): Matrix {
  const out = new Matrix(Z.rows, Z.cols);
  const src = Z.data;
  const dst = out.data;
  for (let k = 0; k < src.length; k++) dst[k] = f(src[k] as number);
  return out;
}

/** Every activation by name. */
export const ACTIVATIONS: Readonly<Record<ActivationName, Activation>> = {
  sigmoid: makeActivation("sigmoid", sigmoid, sigmoidDer),
  tanh: makeActivation("tanh", tanh, tanhDer),
  relu: makeActivation("relu", relu, reluDer),
  leakyRelu: makeActivation("leakyRelu", leakyRelu, leakyReluDer),
  linear: makeActivation("linear", (z) => z, () => 1),
};

/** Looks an activation up by name; an unknown name gets an error listing the known ones. */
export function activation(name: string): Activation {
  const found = (ACTIVATIONS as Record<string, Activation | undefined>)[name];
  if (!found) {
    throw new Error(`Unknown activation "${name}". Known activations: ${ACTIVATION_NAMES.join(", ")}`);
  }
  return found;
}

/** σ applied to every element of Z: A = σ(Z). */
export function sigmoidMatrix(Z: Matrix): Matrix {
  return mapInto(Z, sigmoid);
}
