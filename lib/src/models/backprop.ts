/**
 * The network's three passes, as chapter 07 writes them: the forward pass, the cost, the backward pass
 * (backpropagation), and the gradient check that proves the backward pass right. Taught in:
 * 07-backpropagation (and used by 06, 08).
 *
 * For layer l = 1…L, with A^[0] = X (n⁰×m), W^[l] nˡ×nˡ⁻¹, b^[l] nˡ×1:
 *   forward    Z^[l] = W^[l]·A^[l−1] + b^[l],   A^[l] = g(Z^[l]) (l < L),   A^[L] = σ(Z^[L]) = ŷ (1×m)
 *   cost       J = −(1/m) Σ [y ln ŷ + (1 − y) ln(1 − ŷ)]  (+ λ/(2m) Σ_l ‖W^[l]‖² with L2)
 *   backward   dZ^[L] = A^[L] − Y               (sigmoid + cross-entropy: the a(1 − a) factors cancel)
 *              dW^[l] = (1/m)·dZ^[l]·A^[l−1]ᵀ (+ (λ/m)·W^[l]),   db^[l] = (1/m)·Σ_examples dZ^[l]
 *              dA^[l−1] = W^[l]ᵀ·dZ^[l],   dZ^[l−1] = dA^[l−1] ⊙ g′(Z^[l−1])
 * With `output: "softmax"` (12-one-of-ten): A^[L] = softmax(Z^[L]) (K×m, column by column), Y one-hot K×m,
 * J = −(1/m) Σ Σ_k y_k ln a_k, and still dZ^[L] = A^[L] − Y.
 * With inverted dropout (training mode only, keepProb < 1; chapter 13): each hidden layer's A^[l] becomes
 * A^[l] ⊙ D^[l] / keepProb with a fresh 0/1 mask D^[l] (1 with probability keepProb), and the backward pass
 * multiplies dA^[l] by the same D^[l] / keepProb.
 *
 * Indexing: the math counts layers from 1, arrays from 0. So W[l − 1] holds W^[l] (and b, Z, dW, db likewise),
 * while the cache's A list starts with the input: A[0] = X, A[l] = A^[l] (as `activations` in Nielsen's
 * network.py, whose `zs` are one shorter).
 *
 * This file is only the readable code: calling `forwardPass` or `backwardPass` always runs the lines below. A
 * network's training step (`NeuralNetwork.costAndGradients`) and its predictions pick a backend (backend.ts):
 * by default the engine runs the same passes faster, with the same numbers; `forwardCostBackward` below is the
 * readable step it stands for.
 */
import { allFinite } from "../engine";
import { activation, sigmoidMatrix } from "../learning/activations";
import { gradientCheck, type GradCheckResult } from "../learning/gradcheck";
import { checkLabels, crossEntropyFromLogits } from "../learning/losses";
import {
  categoricalCrossEntropyFromLogits,
  checkClassLabels,
  checkOneHot,
  oneHot,
  softmaxMatrix,
} from "../learning/softmax";
import { checkMatrix } from "../core/arguments";
import { Matrix, ShapeError } from "../core/matrix";
import type { Features } from "../core/sparse";
import { dot } from "../core/sparse-products";
import type { ActivationName } from "../learning/activations";
import type { OutputName } from "../learning/softmax";
import { checkDropoutMasks, dropoutBackward, dropoutForward, type DropoutMasks } from "./dropout";

/**
 * What the passes need of a network (network.ts's `NeuralNetwork` has all of it): layer sizes [n⁰, …, nᴸ],
 * W[l−1] = W^[l] (nˡ×nˡ⁻¹) and b[l−1] = b^[l] (nˡ×1), the hidden layers' g, the output layer, λ and keepProb.
 */
export interface Network {
  readonly layerSizes: readonly number[];
  readonly hiddenActivation: ActivationName;
  readonly output: OutputName;
  readonly W: readonly Matrix[];
  readonly b: readonly Matrix[];
  readonly lambda: number;
  readonly keepProb: readonly number[];
  readonly numLayers: number;
  parameters(): Matrix[];
}

/**
 * What the forward pass keeps for the backward pass: Z[l−1] = Z^[l] (L of them), A[l] = A^[l] (A[0] = X, a
 * dense `Matrix` or a `SparseMatrix`; every later A^[l] is dense).
 */
export interface ForwardCache {
  Z: Matrix[];
  A: [Features, ...Matrix[]];
  /** The dropout masks D[l−1] = D^[l] this pass applied (training mode), for the backward pass; absent: none. */
  D?: DropoutMasks;
}

/** ∂J/∂W^[l] and ∂J/∂b^[l], at dW[l−1] and db[l−1] (same shapes as W and b). */
export interface Gradients {
  dW: Matrix[];
  db: Matrix[];
}

// ------------------------------------------------------------------------------------------ forward

/**
 * The forward pass: Z^[l] = W^[l]·A^[l−1] + b^[l], A^[l] = g(Z^[l]) (σ at the output), for l = 1…L.
 * Returns the cache: Z[l−1] = Z^[l] and A[l] = A^[l] (nˡ×m), with A[0] = X itself (not a copy) and
 * A[L] = ŷ (1×m). Throws if X does not have layerSizes[0] rows, or if a parameter is NaN/Infinity.
 * With `masks` (training mode, see dropout.ts's `dropoutMasks`), each hidden A^[l] is A^[l] ⊙ D^[l] / keepProb;
 * without them (prediction mode, the default) no unit is dropped.
 */
export function forwardPass(net: Network, X: Features, masks?: DropoutMasks): ForwardCache {
  checkNetworkInput(net, X, "forwardPass");
  checkNetworkParameters(net, "forwardPass");
  if (masks !== undefined) checkDropoutMasks(net, masks, X.cols, "forwardPass");
  return forward(net, X, masks);
}

/** The forward pass without checks. */
function forward(net: Network, X: Features, masks?: DropoutMasks): ForwardCache {
  const L = net.numLayers;
  const g = activation(net.hiddenActivation);
  const Z: Matrix[] = [];
  const A: [Features, ...Matrix[]] = [X]; // A^[0] = X
  for (let l = 1; l <= L; l++) {
    const W = net.W[l - 1];
    const b = net.b[l - 1];
    const Zl = dot(W, A[l - 1] as Features).add(b); // Z^[l] = W^[l]·A^[l−1] + b^[l]   (b added to every column)
    Z.push(Zl);
    A.push(l < L ? g.forward(Zl) : outputActivation(net, Zl)); // A^[l] = g(Z^[l]); σ or softmax at the output
    const D = l < L ? masks?.[l - 1] : null;
    if (D) A[l] = dropoutForward(A[l] as Matrix, D, net.keepProb[l - 1] as number); // A^[l] ⊙ D^[l] / keepProb
  }
  return masks ? { Z, A, D: masks } : { Z, A };
}

/** The output layer's A^[L] from Z^[L]: σ elementwise (1×m), or softmax column by column (K×m). */
function outputActivation(net: Network, ZL: Matrix): Matrix {
  return net.output === "softmax" ? softmaxMatrix(ZL) : sigmoidMatrix(ZL);
}

/**
 * The activations of layer `layer` (default L − 1, the last hidden layer): the learned features the output
 * unit's logistic regression decides on (nˡ×m). Layer 0 is X itself.
 */
export function hiddenFeatures(net: Network, X: Matrix, layer = net.numLayers - 1): Matrix {
  if (!Number.isInteger(layer) || layer < 0 || layer > net.numLayers) {
    throw new RangeError(
      `hiddenFeatures: layer must be a whole number from 0 (the input) to ${net.numLayers} (the output), got ${layer}`,
    );
  }
  return forwardPass(net, X).A[layer] as Matrix;
}

// ------------------------------------------------------------------------------------------ cost

/** λ/(2m) Σ_l ‖W^[l]‖² (0 when λ = 0). */
function l2Penalty(net: Network, m: number): number {
  if (net.lambda === 0) return 0;
  const sumOfSquares = net.W.reduce((s, W) => s + W.mul(W).sum(), 0);
  return (net.lambda / (2 * m)) * sumOfSquares;
}

/**
 * The cost of a forward pass's output: J = (1/m) Σ crossEntropyOfLogit(z^[L], y) (+ the L2 penalty),
 * computed from the logits Z^[L] (1×m) so it stays finite even when ŷ rounds to exactly 0 or 1.
 */
export function costFromCache(
  net: Network,
  cache: ForwardCache,
  Y: Matrix,
  l2Examples?: number,
): number {
  const ZL = cache.Z[cache.Z.length - 1];
  if (Y.rows !== ZL.rows || Y.cols !== ZL.cols) {
    const want = net.output === "softmax" ? "one-hot Y (one row per class)" : "one row of labels";
    throw new ShapeError(
      `Y is ${Y.shape()} but the network's output is ${ZL.shape()}: Y needs ${want} with one column per example`,
    );
  }
  if (net.output === "softmax") checkOneHot(Y);
  else checkLabels(Y);
  if (net.output === "softmax")
    return categoricalCrossEntropyFromLogits(ZL, Y) + l2Penalty(net, l2Examples ?? ZL.cols); // K classes
  return crossEntropyFromLogits(ZL, Y) + l2Penalty(net, l2Examples ?? ZL.cols);
}

/** J(X, Y): a forward pass and the cross-entropy of its output (+ λ/(2m) Σ‖W‖²). */
export function networkCost(net: Network, X: Features, Y: Matrix): number {
  checkNetworkInput(net, X, "networkCost");
  Y = networkTargets(net, X, Y, "networkCost");
  checkNetworkParameters(net, "networkCost");
  return costFromCache(net, forward(net, X), Y);
}

// ------------------------------------------------------------------------------------------ backward

/**
 * The backward pass (backpropagation) for sigmoid output + cross-entropy (or softmax + categorical
 * cross-entropy, whose dZ^[L] is the same), from a forward pass's cache: dZ^[L] = A^[L] − Y; then for
 * l = L…1: dW^[l] = (1/m)·dZ^[l]·A^[l−1]ᵀ (+ (λ/m)·W^[l]),
 * db^[l] = (1/m)·Σ_examples dZ^[l], and (if l > 1) dZ^[l−1] = (W^[l]ᵀ·dZ^[l]) ⊙ g′(Z^[l−1]).
 * Returns dW[l−1] = ∂J/∂W^[l] (nˡ×nˡ⁻¹) and db[l−1] = ∂J/∂b^[l] (nˡ×1).
 */
export function backwardPass(net: Network, cache: ForwardCache, Y: Matrix): Gradients {
  const L = net.numLayers;
  if (cache.Z.length !== L || cache.A.length !== L + 1) {
    throw new ShapeError(
      `backwardPass: the cache holds ${cache.Z.length} Z's and ${cache.A.length} A's but this network has ${L} layers (needs ${L} and ${L + 1})`,
    );
  }
  const AL = cache.A[L] as Matrix;
  checkMatrix(Y, "backwardPass: Y", "Matrix.row([...]) (one label per example)");
  if (Y.rows !== AL.rows || Y.cols !== AL.cols) {
    throw new ShapeError(
      `backwardPass: Y is ${Y.shape()} but the network's output A^[${L}] is ${AL.shape()}: they must have the same shape`,
    );
  }
  // the same labels the cost accepts: 0/1 (sigmoid output) or one-hot columns (softmax)
  if (net.output === "softmax") checkOneHot(Y, "backwardPass: Y");
  else checkLabels(Y, "backwardPass: Y");
  return backward(net, cache, Y);
}

/** The backward pass without checks. */
function backward(net: Network, cache: ForwardCache, Y: Matrix, l2Examples?: number): Gradients {
  const { Z, A } = cache;
  const L = net.numLayers;
  const m = Y.cols;
  const g = activation(net.hiddenActivation);
  const dW: Matrix[] = [];
  const db: Matrix[] = [];
  let dZ = (A[L] as Matrix).sub(Y); // dZ^[L] = A^[L] − Y   (sigmoid + cross-entropy, or softmax + its cross-entropy)
  for (let l = L; l >= 1; l--) {
    const W = net.W[l - 1];
    const Aprev = A[l - 1] as Features;
    let dWl = dot(dZ, Aprev.T).scale(1 / m); // dW^[l] = (1/m)·dZ^[l]·A^[l−1]ᵀ
    if (net.lambda > 0) dWl = dWl.add(W.scale(net.lambda / (l2Examples ?? m))); //   + (λ/m)·W^[l]
    dW[l - 1] = dWl;
    db[l - 1] = dZ.sum(1).scale(1 / m); // db^[l] = (1/m)·Σ over the examples (columns) of dZ^[l]
    if (l > 1) {
      const Zprev = Z[l - 2]; // Z^[l−1]
      let dAprev = W.T.matmul(dZ); // dA^[l−1] = W^[l]ᵀ·dZ^[l]
      const D = cache.D?.[l - 2];
      if (D) dAprev = dropoutBackward(dAprev, D, net.keepProb[l - 2] as number); // dA^[l−1] ⊙ D^[l−1] / keepProb
      dZ = dAprev.mul(g.derivative(Zprev)); // dZ^[l−1] = dA^[l−1] ⊙ g′(Z^[l−1])
    }
  }
  return { dW, db };
}

// ------------------------------------------------------------------------------------------ a training step

/**
 * One training step's forward, cost and backward, as chapter 07 writes them: J and the gradients in the order
 * [dW^[1], db^[1], dW^[2], …]. With `masks`, training mode (inverted dropout: J of the dropped-out network).
 * `l2Examples` is the m of the L2 term λ/(2m)·Σ‖W‖² and its gradient (λ/m)·W: the training set's size, which
 * `train` passes so a mini-batch regularises as much as the whole set (default: the batch's own m).
 * No checks: `NeuralNetwork.costAndGradients` checks X, Y and the parameters, then hands the step to a backend
 * (backend.ts); this is the readable one.
 */
export function forwardCostBackward(
  net: Network,
  X: Features,
  Y: Matrix,
  masks?: DropoutMasks,
  l2Examples?: number,
): { cost: number; grads: Matrix[] } {
  const cache = forward(net, X, masks); // forward
  const cost = costFromCache(net, cache, Y, l2Examples); // cost
  const { dW, db } = backward(net, cache, Y, l2Examples); // backward
  return { cost, grads: dW.flatMap((dWl, k) => [dWl, db[k] as Matrix]) };
}

// ------------------------------------------------------------------------------------------ checking

/** A gradient check's result, with `note` saying why dropout was off when the network has dropout. */
export interface NetworkGradCheckResult extends GradCheckResult {
  note?: string;
}

/**
 * Gradient check of every parameter: backprop's gradients against centred finite differences of J
 * (see gradcheck.ts). Below ~1e-7 relative difference, backprop is right. Each parameter costs two forward
 * passes, so use a small network and few examples.
 * Dropout: J with dropout is random (each evaluation would draw a new mask), so finite differences would
 * measure noise. Without `masks` the check runs with dropout off (and says so in `note`); with fixed `masks`
 * it checks the training-mode gradients for those masks, on a cost that is then a plain function of θ.
 */
export function networkGradientCheck(
  net: Network,
  X: Features,
  Y: Matrix,
  epsilon = 1e-5,
  masks?: DropoutMasks,
): NetworkGradCheckResult {
  checkNetworkInput(net, X, "networkGradientCheck");
  Y = networkTargets(net, X, Y, "networkGradientCheck");
  checkNetworkParameters(net, "networkGradientCheck");
  if (masks !== undefined) checkDropoutMasks(net, masks, X.cols, "networkGradientCheck");
  const { dW, db } = backward(net, forward(net, X, masks), Y);
  const result: NetworkGradCheckResult = gradientCheck(
    () => costFromCache(net, forward(net, X, masks), Y),
    net.parameters(),
    dW.flatMap((dWl, k) => [dWl, db[k] as Matrix]),
    epsilon,
  );
  if (masks === undefined && net.keepProb.some((p) => p < 1)) {
    result.note =
      `dropout was off for this check (keepProb ${JSON.stringify(net.keepProb)}): with dropout on, every ` +
      `evaluation of J draws a new mask, so J(θ + ε) and J(θ − ε) come from different networks and their ` +
      `difference measures the noise of the masks, not the slope. Dropout's backward step multiplies dA by ` +
      `the same D/keepProb as the forward step; to check it, hold the masks fixed: ` +
      `networkGradientCheck(net, X, Y, 1e-5, dropoutMasks(net, m, rng)).`;
  }
  return result;
}

/** Throws unless X is n⁰×m with n⁰ = layerSizes[0] (one column per example), naming both shapes. */
export function checkNetworkInput(net: Network, X: Features, who: string): void {
  const n0 = net.layerSizes[0];
  if (X.rows !== n0) {
    const hint =
      X.cols === n0 ? " (did you forget to transpose X? It needs one column per example)" : "";
    throw new ShapeError(
      `${who}: the network's first layer takes ${n0} features (layerSizes[0] = ${n0}) but X is ${X.shape()} ` +
        `(${X.rows} features × ${X.cols} examples)${hint}`,
    );
  }
}

/** Throws unless Y is 1×m for X with m columns, with labels 0/1. */
export function checkNetworkTargets(X: Features, Y: Matrix): void {
  if (Y.rows !== 1 || Y.cols !== X.cols) {
    throw new ShapeError(
      `Y is ${Y.shape()} but X is ${X.shape()}: Y needs one row of labels with one column per example (1×${X.cols})`,
    );
  }
  checkLabels(Y);
}

/**
 * The targets in the form the output layer needs, checked: for a sigmoid output y itself (1×m, labels 0/1);
 * for a softmax output with K units, labels 1×m in 0…K−1 become one-hot Y (K×m), and a one-hot K×m Y is
 * checked and kept. Throws naming the shape or the value at fault.
 */
export function networkTargets(net: Network, X: Features, y: Matrix, who: string): Matrix {
  checkMatrix(y, `${who}: y`, "Matrix.row([...]) (one label per example)");
  if (net.output !== "softmax") {
    checkNetworkTargets(X, y);
    return y;
  }
  const K = net.layerSizes[net.layerSizes.length - 1] as number;
  if (y.cols !== X.cols || (y.rows !== 1 && y.rows !== K)) {
    throw new ShapeError(
      `${who}: y is ${y.shape()} but X is ${X.shape()}: a softmax network with ${K} classes takes labels ` +
        `1×${X.cols} (class numbers 0 to ${K - 1}) or a one-hot Y ${K}×${X.cols}, one column per example`,
    );
  }
  if (y.rows === K) {
    checkOneHot(y, `${who}: Y`);
    return y;
  }
  checkClassLabels(y.data, K, `${who}: y`);
  return oneHot(y, K);
}

/** Throws a learner-readable error naming the first parameter entry that is NaN or ±Infinity. */
export function checkNetworkParameters(net: Network, who: string): void {
  if (allFinite(net.parameters())) return;
  for (let k = 0; k < net.W.length; k++) {
    for (const [name, p] of [
      ["W", net.W[k]],
      ["b", net.b[k]],
    ] as const) {
      const i = p.data.findIndex((v) => !Number.isFinite(v));
      if (i < 0) continue;
      throw new RangeError(
        `${who}: ${name}^[${k + 1}] (${name}[${k}], ${p.shape()}) holds ${p.data[i]} at row ${Math.floor(i / p.cols)}, column ${i % p.cols}: ` +
          `every parameter must be a finite number. If training put it there, the learning rate was too large and training diverged.`,
      );
    }
  }
}
