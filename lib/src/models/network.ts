/**
 * A fully connected neural network for binary classification: L layers of weights, hidden units with an
 * activation g chosen by name, and ONE sigmoid output unit — a logistic regression deciding on the features
 * the hidden layers learned. Taught in: 06-why-hidden-layers, 07-backpropagation, 08-multi-layer-network.
 *
 * Layer sizes [n⁰, n¹, …, nᴸ] (n⁰ = features, nᴸ = 1). For layer l = 1…L:
 *   Z^[l] = W^[l]·A^[l−1] + b^[l]     W^[l] is nˡ×nˡ⁻¹, b^[l] is nˡ×1, A^[0] = X (n⁰×m)
 *   A^[l] = g(Z^[l]) for l < L,       A^[L] = σ(Z^[L]) = ŷ (1×m)
 *   J = −(1/m) Σ [y ln ŷ + (1 − y) ln(1 − ŷ)]  (+ λ/(2m) Σ_l ‖W^[l]‖² with L2)
 * Backward, from the output down:
 *   dZ^[L] = A^[L] − Y                          (sigmoid + cross-entropy: the a(1 − a) factors cancel)
 *   dW^[l] = (1/m) dZ^[l]·A^[l−1]ᵀ (+ (λ/m) W^[l]),  db^[l] = (1/m) Σ_examples dZ^[l]
 *   dA^[l−1] = W^[l]ᵀ·dZ^[l],  dZ^[l−1] = dA^[l−1] ⊙ g′(Z^[l−1])
 *
 * Indexing: the math counts layers from 1, arrays from 0. So W[l − 1] holds W^[l] (and b, Z, dW, db
 * likewise), while the cache's A list starts with the input: A[0] = X, A[l] = A^[l] (as `activations` in
 * Nielsen's network.py, whose `zs` are one shorter).
 *
 * The network is plain data (layer sizes, activation name, W and b as matrices) driven by free functions
 * (`forwardPass`, `backwardPass`, `networkCost`), as in tensorflow/playground's nn.ts; the class only adds
 * the two methods the shared training loop needs (`Trainable`), so `train(net, X, Y, …)` works, plus
 * `predictProba`/`predict`.
 */
import "../engine"; // registers the fast product kernel before any model multiplies
import { activation, LEAKY_SLOPE, type ActivationName } from "../learning/activations";
import { gradientCheck, type GradCheckResult } from "../learning/gradcheck";
import { checkLabels, crossEntropyOfLogit } from "../learning/losses";
import { matmulInto, matmulTransposedInto } from "../core/matmul";
import { Matrix, ShapeError, transposeInto } from "../core/matrix";
import { Rng } from "../core/random";
import { train, type TrainHistory, type TrainOptions, type Trainable } from "./train";

/** Weight initialisation schemes (biases always start at `biasInit`, default 0). */
export const INIT_NAMES = ["zeros", "random", "xavier", "he"] as const;
/**
 * "zeros": W = 0 (never breaks symmetry — see 08); "random": N(0, 1)·initScale (default 0.01, "small random");
 * "xavier": N(0, 1)·√(1/nˡ⁻¹); "he": N(0, 1)·√(2/nˡ⁻¹) (for ReLU).
 */
export type InitName = (typeof INIT_NAMES)[number];

/** Options of `createNetwork`. */
export interface NetworkOptions {
  /** [n⁰ (features), hidden sizes…, 1], e.g. [2, 4, 1]; [n, 1] is a network without hidden layers. */
  layerSizes: number[];
  /** The hidden layers' g: "sigmoid", "tanh", "relu", "leakyRelu" or "linear" (default "tanh"). */
  hiddenActivation?: string;
  /** Weight initialisation (default "he" for relu/leakyRelu, else "xavier"). */
  init?: InitName;
  /** The multiplier of N(0, 1) for init "random" (default 0.01); ignored by the other schemes. */
  initScale?: number;
  /** Every bias starts at this value (default 0); e.g. −5 to make ReLUs start dead (06). */
  biasInit?: number;
  /** Seed of the initial weights (default 0). */
  seed?: number;
  /** L2 strength λ: J gains λ/(2m) Σ‖W‖² and dW gains (λ/m)·W (default 0). */
  lambda?: number;
}

/** What the forward pass keeps for the backward pass: Z[l−1] = Z^[l] (L of them), A[l] = A^[l] (A[0] = X). */
export interface ForwardCache {
  Z: Matrix[];
  A: Matrix[];
}

/** Buffers reused by training steps on batches of m examples. */
interface Workspace extends BackwardBuffers {
  m: number;
  cache: ForwardCache;
}

/** ∂J/∂W^[l] and ∂J/∂b^[l], at dW[l−1] and db[l−1] (same shapes as W and b). */
export interface Gradients {
  dW: Matrix[];
  db: Matrix[];
}

/**
 * A network: layer sizes, hidden activation, parameters W[l−1] = W^[l] (nˡ×nˡ⁻¹) and b[l−1] = b^[l] (nˡ×1),
 * and the L2 strength λ. Implements `Trainable`: `train(net, X, Y, { epochs, learningRate })` updates W and b
 * in place. Build one with `createNetwork` or `networkFromParameters`.
 */
export class NeuralNetwork implements Trainable {
  /** [n⁰, n¹, …, nᴸ]. */
  readonly layerSizes: readonly number[];
  /** g of every hidden layer (the output is always a sigmoid). */
  readonly hiddenActivation: ActivationName;
  /** W[l−1] = W^[l], nˡ×nˡ⁻¹. */
  readonly W: Matrix[];
  /** b[l−1] = b^[l], nˡ×1. */
  readonly b: Matrix[];
  /** L2 strength λ (0: no regularisation). */
  lambda: number;

  constructor(layerSizes: readonly number[], hiddenActivation: ActivationName, W: Matrix[], b: Matrix[], lambda = 0) {
    this.layerSizes = Object.freeze([...layerSizes]);
    this.hiddenActivation = hiddenActivation;
    this.W = W;
    this.b = b;
    this.lambda = lambda;
  }

  /** L, the number of layers with weights (hidden layers + the output layer). */
  get numLayers(): number {
    return this.W.length;
  }

  /** How many numbers the network learns: Σ_l nˡ·nˡ⁻¹ + nˡ. */
  get numParameters(): number {
    return this.W.reduce((s, w, k) => s + w.size + (this.b[k] as Matrix).size, 0);
  }

  /** The parameters in the order [W^[1], b^[1], W^[2], b^[2], …] (the optimizer updates them in place). */
  parameters(): Matrix[] {
    return this.W.flatMap((w, k) => [w, this.b[k] as Matrix]);
  }

  /**
   * Forward, cost and backward on a batch, for the training loop: J and the gradients in `parameters()`
   * order. When a parameter is not a finite number it returns cost NaN (the loop then stops with its
   * "training diverged" advice) instead of gradients computed from garbage.
   */
  costAndGradients(X: Matrix, Y: Matrix): { cost: number; grads: Matrix[] } {
    checkInput(this, X, "costAndGradients");
    checkTargets(X, Y);
    if (!parametersFinite(this)) {
      return { cost: NaN, grads: this.parameters().map((p) => new Matrix(p.rows, p.cols)) };
    }
    // The activation-sized matrices (Z, A, dZ) are reused from step to step: on small networks, allocating
    // them anew costs as much as the arithmetic. Only the gradients are fresh (they are returned).
    const ws = this.workspace(X.cols);
    const cache = forwardInto(this, X, ws.cache);
    const cost = costFromCache(this, cache, Y);
    const { dW, db } = backwardInto(this, cache, Y, ws);
    return { cost, grads: dW.flatMap((d, k) => [d, db[k] as Matrix]) };
  }

  /** The forward pass (see `forwardPass`): the cache of Z^[l] and A^[l]. */
  forward(X: Matrix): ForwardCache {
    return forwardPass(this, X);
  }

  /** The cost J(X, Y) (see `networkCost`). */
  cost(X: Matrix, Y: Matrix): number {
    return networkCost(this, X, Y);
  }

  /** Trains on X (n⁰×m), y (1×m) with the shared loop `train`; W and b are updated in place. */
  fit(X: Matrix, y: Matrix, options: TrainOptions): TrainHistory {
    checkInput(this, X, "fit");
    checkTargets(X, y);
    return train(this, X, y, options);
  }

  /** Reusable buffers for batches of m examples (the last two batch sizes seen: full batch, or mini-batches + a shorter last one). */
  private readonly workspaces: Workspace[] = [];

  private workspace(m: number): Workspace {
    let ws = this.workspaces.find((w) => w.m === m);
    if (!ws) {
      ws = { m, cache: newCache(this, m), ...newBackwardBuffers(this, m) };
      this.workspaces.unshift(ws);
      this.workspaces.length = Math.min(this.workspaces.length, 2);
    }
    return ws;
  }

  /** ŷ = A^[L] = P(y = 1 | x) for each column of X (1×m). */
  predictProba(X: Matrix): Matrix {
    const cache = forwardPass(this, X);
    return cache.A[cache.A.length - 1] as Matrix;
  }

  /** 1 where ŷ ≥ threshold (default 0.5), else 0 (1×m). */
  predict(X: Matrix, threshold = 0.5): Matrix {
    if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`threshold must be between 0 and 1, got ${threshold}`);
    const p = this.predictProba(X);
    const out = new Matrix(1, p.cols);
    for (let j = 0; j < p.cols; j++) out.data[j] = (p.data[j] as number) >= threshold ? 1 : 0;
    return out;
  }

  /** An independent copy (same sizes, activation, λ; copied W and b). */
  clone(): NeuralNetwork {
    return new NeuralNetwork(this.layerSizes, this.hiddenActivation, this.W.map((w) => w.clone()), this.b.map((v) => v.clone()), this.lambda);
  }

  /** A one-line summary, e.g. "NeuralNetwork [2, 4, 1], tanh hidden, sigmoid output, 17 parameters". */
  toString(): string {
    const reg = this.lambda ? `, λ = ${this.lambda}` : "";
    const hidden = this.numLayers > 1 ? `${this.hiddenActivation} hidden, ` : "no hidden layer, ";
    return `NeuralNetwork [${this.layerSizes.join(", ")}], ${hidden}sigmoid output, ${this.numParameters} parameters${reg}`;
  }

  /** How console.log (and tslab's cell output) prints a network: the summary line. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

// ------------------------------------------------------------------------------------------ building

function checkLayerSizes(layerSizes: readonly number[], who: string): void {
  if (!Array.isArray(layerSizes) || layerSizes.length < 2) {
    throw new RangeError(`${who}: layerSizes needs at least two sizes, [features, …, 1], got ${JSON.stringify(layerSizes)}`);
  }
  layerSizes.forEach((n, k) => {
    if (!Number.isInteger(n) || n < 1) {
      throw new RangeError(`${who}: layerSizes[${k}] is ${n}; every layer needs a whole number ≥ 1 of units (layerSizes = ${JSON.stringify(layerSizes)})`);
    }
  });
  const last = layerSizes[layerSizes.length - 1];
  if (last !== 1) {
    throw new RangeError(
      `${who}: the last layer size is ${last} but must be 1 — one sigmoid output unit giving P(y = 1 | x) ` +
        `(layerSizes = ${JSON.stringify(layerSizes)}; e.g. [${layerSizes.slice(0, -1).join(", ")}, 1])`,
    );
  }
}

function checkActivationName(name: string): ActivationName {
  return activation(name).name;
}

/** The standard deviation each scheme draws W^[l] with, for nˡ⁻¹ inputs. */
export function initStd(init: InitName, nIn: number, initScale = 0.01): number {
  switch (init) {
    case "zeros":
      return 0;
    case "random":
      return initScale;
    case "xavier":
      return Math.sqrt(1 / nIn);
    case "he":
      return Math.sqrt(2 / nIn);
    default:
      throw new Error(`Unknown init "${String(init)}". Known schemes: ${INIT_NAMES.join(", ")}`);
  }
}

/**
 * A new network with seeded initial weights: W^[l] ~ N(0, 1)·std (std by `init`: see `InitName`), drawn
 * layer by layer, row by row; b^[l] = biasInit (default 0).
 */
export function createNetwork(options: NetworkOptions): NeuralNetwork {
  const { layerSizes } = options;
  checkLayerSizes(layerSizes, "createNetwork");
  const g = checkActivationName(options.hiddenActivation ?? "tanh");
  const init = options.init ?? (g === "relu" || g === "leakyRelu" ? "he" : "xavier");
  if (!(INIT_NAMES as readonly string[]).includes(init)) {
    throw new Error(`createNetwork: unknown init "${init}". Known schemes: ${INIT_NAMES.join(", ")}`);
  }
  const initScale = options.initScale ?? 0.01;
  const biasInit = options.biasInit ?? 0;
  const lambda = options.lambda ?? 0;
  if (!(Number.isFinite(initScale) && initScale >= 0)) throw new RangeError(`createNetwork: initScale must be a number ≥ 0, got ${initScale}`);
  if (!Number.isFinite(biasInit)) throw new RangeError(`createNetwork: biasInit must be a finite number, got ${biasInit}`);
  if (!(Number.isFinite(lambda) && lambda >= 0)) throw new RangeError(`createNetwork: lambda (the L2 strength λ) must be a number ≥ 0, got ${lambda}`);
  const rng = new Rng(options.seed ?? 0);
  const W: Matrix[] = [];
  const b: Matrix[] = [];
  for (let l = 1; l < layerSizes.length; l++) {
    const nIn = layerSizes[l - 1] as number;
    const nOut = layerSizes[l] as number;
    const std = initStd(init, nIn, initScale);
    W.push(std === 0 ? new Matrix(nOut, nIn) : Matrix.normal(nOut, nIn, rng, 0, std));
    b.push(Matrix.full(nOut, 1, biasInit));
  }
  return new NeuralNetwork(layerSizes, g, W, b, lambda);
}

/**
 * A network from given weights, e.g. chosen by hand (06's XOR network): W[l−1] = W^[l], b[l−1] = b^[l].
 * The shapes must chain (W^[l] is nˡ×nˡ⁻¹, b^[l] is nˡ×1) and the last layer must have one unit. The
 * matrices are copied.
 */
export function networkFromParameters(p: { W: Matrix[]; b: Matrix[]; hiddenActivation?: string; lambda?: number }): NeuralNetwork {
  const g = checkActivationName(p.hiddenActivation ?? "tanh");
  if (p.W.length === 0 || p.W.length !== p.b.length) {
    throw new ShapeError(`networkFromParameters: got ${p.W.length} weight matrices and ${p.b.length} bias vectors; a network needs one of each per layer (at least one layer)`);
  }
  const sizes = [(p.W[0] as Matrix).cols];
  p.W.forEach((w, k) => {
    const bk = p.b[k] as Matrix;
    const prev = sizes[k] as number;
    if (w.cols !== prev) {
      throw new ShapeError(`networkFromParameters: W[${k}] (W^[${k + 1}]) is ${w.shape()} but layer ${k} has ${prev} units: it must be ${w.rows}×${prev}`);
    }
    if (bk.rows !== w.rows || bk.cols !== 1) {
      throw new ShapeError(`networkFromParameters: b[${k}] (b^[${k + 1}]) is ${bk.shape()} but W[${k}] is ${w.shape()}: b must be ${w.rows}×1`);
    }
    sizes.push(w.rows);
  });
  checkLayerSizes(sizes, "networkFromParameters");
  const net = new NeuralNetwork(sizes, g, p.W.map((w) => w.clone()), p.b.map((v) => v.clone()), p.lambda ?? 0);
  checkParametersFinite(net, "networkFromParameters");
  return net;
}

// ------------------------------------------------------------------------------------------ checks

/** X must be n⁰×m with n⁰ = layerSizes[0]. */
function checkInput(net: NeuralNetwork, X: Matrix, who: string): void {
  const n0 = net.layerSizes[0] as number;
  if (X.rows !== n0) {
    const hint = X.cols === n0 ? " (did you forget to transpose X? It needs one column per example)" : "";
    throw new ShapeError(
      `${who}: the network's first layer takes ${n0} features (layerSizes[0] = ${n0}) but X is ${X.shape()} ` +
        `(${X.rows} features × ${X.cols} examples)${hint}`,
    );
  }
}

/** Y must be 1×m for X with m columns, labels 0/1. */
function checkTargets(X: Matrix, Y: Matrix): void {
  if (Y.rows !== 1 || Y.cols !== X.cols) {
    throw new ShapeError(`Y is ${Y.shape()} but X is ${X.shape()}: Y needs one row of labels with one column per example (1×${X.cols})`);
  }
  checkLabels(Y);
}

/** The first parameter entry that is NaN or ±Infinity, or null. */
function firstNonFinite(net: NeuralNetwork): { name: string; layer: number; shape: string; row: number; col: number; value: number } | null {
  for (let k = 0; k < net.W.length; k++) {
    for (const [name, p] of [["W", net.W[k] as Matrix], ["b", net.b[k] as Matrix]] as const) {
      for (let i = 0; i < p.data.length; i++) {
        const v = p.data[i] as number;
        if (!Number.isFinite(v)) return { name, layer: k + 1, shape: p.shape(), row: Math.floor(i / p.cols), col: i % p.cols, value: v };
      }
    }
  }
  return null;
}

/**
 * True when every parameter is a finite number. Fast, for every training step: x·0 is 0 for a finite x and
 * NaN for NaN or ±Infinity, so one sum without branches tells (`firstNonFinite` then finds where).
 */
function parametersFinite(net: NeuralNetwork): boolean {
  for (const p of [...net.W, ...net.b]) {
    const v = p.data;
    // four independent sums, so each addition need not wait for the one before
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let i = 0;
    for (; i + 4 <= v.length; i += 4) {
      s0 += (v[i] as number) * 0;
      s1 += (v[i + 1] as number) * 0;
      s2 += (v[i + 2] as number) * 0;
      s3 += (v[i + 3] as number) * 0;
    }
    for (; i < v.length; i++) s0 += (v[i] as number) * 0;
    if (s0 + s1 + s2 + s3 !== 0) return false;
  }
  return true;
}

function checkParametersFinite(net: NeuralNetwork, who: string): void {
  const bad = firstNonFinite(net);
  if (bad) {
    throw new RangeError(
      `${who}: ${bad.name}^[${bad.layer}] (${bad.name}[${bad.layer - 1}], ${bad.shape}) holds ${bad.value} at row ${bad.row}, column ${bad.col}: ` +
        `every parameter must be a finite number. If training put it there, the learning rate was too large and training diverged.`,
    );
  }
}

// ------------------------------------------------------------------------------------------ forward

/**
 * A = g(Z) elementwise into `out`, with one tight loop per activation (the hot path: a call through a
 * function value per element would cost more than ReLU itself). Same formulas as activations.ts.
 */
function applyActivation(name: ActivationName, Z: Float64Array, out: Float64Array): void {
  const n = Z.length;
  switch (name) {
    case "sigmoid":
      for (let k = 0; k < n; k++) {
        const z = Z[k] as number;
        // the overflow-safe form of 1 / (1 + e^(−z)), as in activations.sigmoid
        if (z >= 0) out[k] = 1 / (1 + Math.exp(-z));
        else {
          const e = Math.exp(z);
          out[k] = e / (1 + e);
        }
      }
      return;
    case "tanh":
      for (let k = 0; k < n; k++) out[k] = Math.tanh(Z[k] as number);
      return;
    case "relu":
      for (let k = 0; k < n; k++) {
        const z = Z[k] as number;
        out[k] = z > 0 ? z : 0;
      }
      return;
    case "leakyRelu":
      for (let k = 0; k < n; k++) {
        const z = Z[k] as number;
        out[k] = z > 0 ? z : LEAKY_SLOPE * z;
      }
      return;
    case "linear":
      out.set(Z);
      return;
  }
}

/** dA ⊙ g′(Z), in place in dA (g′ takes z; tanh and sigmoid reuse A = g(Z) from the cache). */
function multiplyByDerivative(name: ActivationName, dA: Float64Array, Z: Float64Array, A: Float64Array): void {
  const n = dA.length;
  switch (name) {
    case "sigmoid":
      // σ′(z) = σ(z)(1 − σ(z)) = a(1 − a)
      for (let k = 0; k < n; k++) {
        const a = A[k] as number;
        dA[k] = (dA[k] as number) * a * (1 - a);
      }
      return;
    case "tanh":
      // tanh′(z) = 1 − tanh²(z) = 1 − a²
      for (let k = 0; k < n; k++) {
        const a = A[k] as number;
        dA[k] = (dA[k] as number) * (1 - a * a);
      }
      return;
    case "relu":
      for (let k = 0; k < n; k++) if (!((Z[k] as number) > 0)) dA[k] = 0;
      return;
    case "leakyRelu":
      for (let k = 0; k < n; k++) if (!((Z[k] as number) > 0)) dA[k] = (dA[k] as number) * LEAKY_SLOPE;
      return;
    case "linear":
      return;
  }
}

/** A forward cache with freshly allocated Z^[l] and A^[l] (nˡ×m each) for m examples; A[0] is set per call. */
function newCache(net: NeuralNetwork, m: number): ForwardCache {
  const Z: Matrix[] = [];
  const A: Matrix[] = [new Matrix(net.layerSizes[0] as number, m)];
  for (let l = 1; l < net.layerSizes.length; l++) {
    Z.push(new Matrix(net.layerSizes[l] as number, m));
    A.push(new Matrix(net.layerSizes[l] as number, m));
  }
  return { Z, A };
}

/**
 * The forward pass into the cache's matrices (no checks: callers have checked X and the parameters).
 * Every product goes through `matmulInto`, the lib's one matrix-product kernel.
 */
function forwardInto(net: NeuralNetwork, X: Matrix, cache: ForwardCache): ForwardCache {
  const L = net.W.length;
  const m = X.cols;
  cache.A[0] = X;
  for (let l = 1; l <= L; l++) {
    const W = net.W[l - 1] as Matrix;
    const b = net.b[l - 1] as Matrix;
    const Zl = cache.Z[l - 1] as Matrix;
    const z = Zl.data;
    matmulInto(W.data, (cache.A[l - 1] as Matrix).data, z, W.rows, W.cols, m); // W^[l]·A^[l−1], nˡ×m
    for (let i = 0; i < W.rows; i++) {
      const bi = b.data[i] as number; // + b^[l], the same bias for every example (column)
      const row = i * m;
      for (let j = 0; j < m; j++) z[row + j] = (z[row + j] as number) + bi;
    }
    applyActivation(l < L ? net.hiddenActivation : "sigmoid", z, (cache.A[l] as Matrix).data);
  }
  return cache;
}

/** The forward pass into a new cache (no checks). */
function forwardUnchecked(net: NeuralNetwork, X: Matrix): ForwardCache {
  return forwardInto(net, X, newCache(net, X.cols));
}

/**
 * The forward pass: Z^[l] = W^[l]·A^[l−1] + b^[l], A^[l] = g(Z^[l]) (σ at the output), for l = 1…L.
 * Returns the cache: Z[l−1] = Z^[l] and A[l] = A^[l], with A[0] = X and A[L] = ŷ (1×m).
 * Throws if X does not have layerSizes[0] rows, or if a parameter is NaN/Infinity.
 */
export function forwardPass(net: NeuralNetwork, X: Matrix): ForwardCache {
  checkInput(net, X, "forwardPass");
  checkParametersFinite(net, "forwardPass");
  return forwardUnchecked(net, X);
}

/**
 * The activations of layer `layer` (default L − 1, the last hidden layer): the learned features the output
 * unit's logistic regression decides on (nˡ×m). Layer 0 is X itself.
 */
export function hiddenFeatures(net: NeuralNetwork, X: Matrix, layer = net.numLayers - 1): Matrix {
  if (!Number.isInteger(layer) || layer < 0 || layer > net.numLayers) {
    throw new RangeError(`hiddenFeatures: layer must be a whole number from 0 (the input) to ${net.numLayers} (the output), got ${layer}`);
  }
  return forwardPass(net, X).A[layer] as Matrix;
}

// ------------------------------------------------------------------------------------------ cost

/** λ/(2m) Σ_l ‖W^[l]‖² (0 when λ = 0). */
function l2Penalty(net: NeuralNetwork, m: number): number {
  if (net.lambda === 0) return 0;
  let s = 0;
  for (const W of net.W) {
    const w = W.data;
    for (let k = 0; k < w.length; k++) s += (w[k] as number) * (w[k] as number);
  }
  return (net.lambda / (2 * m)) * s;
}

/**
 * The cost of a forward pass's output: J = (1/m) Σ crossEntropyOfLogit(z^[L], y) (+ the L2 penalty),
 * computed from the logits Z^[L] so it stays finite even when ŷ rounds to exactly 0 or 1.
 */
export function costFromCache(net: NeuralNetwork, cache: ForwardCache, Y: Matrix): number {
  const ZL = cache.Z[cache.Z.length - 1] as Matrix;
  if (Y.rows !== 1 || Y.cols !== ZL.cols) {
    throw new ShapeError(`Y is ${Y.shape()} but the network's output is ${ZL.shape()}: Y needs one row of labels with one column per example`);
  }
  const m = ZL.cols;
  let s = 0;
  for (let j = 0; j < m; j++) s += crossEntropyOfLogit(ZL.data[j] as number, Y.data[j] as number);
  return s / m + l2Penalty(net, m);
}

/** J(X, Y): a forward pass and the cross-entropy of its output (+ λ/(2m) Σ‖W‖²). */
export function networkCost(net: NeuralNetwork, X: Matrix, Y: Matrix): number {
  checkInput(net, X, "networkCost");
  checkTargets(X, Y);
  checkParametersFinite(net, "networkCost");
  return costFromCache(net, forwardUnchecked(net, X), Y);
}

// ------------------------------------------------------------------------------------------ backward


/**
 * dW^[l] = (1/m) dZ^[l]·A^[l−1]ᵀ + (λ/m) W^[l]. The product takes A^[l−1] as it is (`matmulTransposedInto`
 * multiplies by its transpose without building it: for dW^[1] of a wide input such as 784 pixels, moving X
 * around each step would cost more than the arithmetic).
 */
function weightGradient(dZ: Matrix, Aprev: Matrix, W: Matrix, lambda: number): Matrix {
  const m = dZ.cols;
  const dW = new Matrix(dZ.rows, Aprev.rows);
  matmulTransposedInto(dZ.data, Aprev.data, dW.data, dZ.rows, m, Aprev.rows); // dZ^[l]·A^[l−1]ᵀ, nˡ×nˡ⁻¹
  const reg = lambda / m;
  for (let k = 0; k < dW.data.length; k++) dW.data[k] = (dW.data[k] as number) / m + reg * (W.data[k] as number);
  return dW;
}

/**
 * The backward pass with the dZ^[l] written into `buffers.dZ` (nˡ×m each, overwritten) and the other buffers as
 * scratch. Returns fresh gradient matrices.
 */
function backwardInto(net: NeuralNetwork, cache: ForwardCache, Y: Matrix, buffers: BackwardBuffers): Gradients {
  const { dZ, WT } = buffers;
  const L = net.W.length;
  const AL = cache.A[L] as Matrix;
  const m = AL.cols;
  const dW: Matrix[] = new Array<Matrix>(L);
  const db: Matrix[] = new Array<Matrix>(L);

  // dZ^[L] = A^[L] − Y
  const dZL = (dZ[L - 1] as Matrix).data;
  for (let j = 0; j < m; j++) dZL[j] = (AL.data[j] as number) - (Y.data[j] as number);

  for (let l = L; l >= 1; l--) {
    const W = net.W[l - 1] as Matrix;
    const dZl = dZ[l - 1] as Matrix;

    // dW^[l] = (1/m) dZ^[l]·A^[l−1]ᵀ  (+ (λ/m) W^[l])
    dW[l - 1] = weightGradient(dZl, cache.A[l - 1] as Matrix, W, net.lambda);

    // db^[l] = (1/m) Σ over examples of dZ^[l]
    const dbl = new Matrix(dZl.rows, 1);
    for (let i = 0; i < dZl.rows; i++) {
      let s = 0;
      const row = i * m;
      for (let j = 0; j < m; j++) s += dZl.data[row + j] as number;
      dbl.data[i] = s / m;
    }
    db[l - 1] = dbl;

    if (l > 1) {
      // dA^[l−1] = W^[l]ᵀ·dZ^[l], written straight into dZ^[l−1]; then dZ^[l−1] = dA^[l−1] ⊙ g′(Z^[l−1]) in place
      const dZprev = dZ[l - 2] as Matrix;
      transposeInto(W.data, W.rows, W.cols, WT); // W^[l]ᵀ, nˡ⁻¹×nˡ
      matmulInto(WT, dZl.data, dZprev.data, W.cols, W.rows, m);
      multiplyByDerivative(net.hiddenActivation, dZprev.data, (cache.Z[l - 2] as Matrix).data, (cache.A[l - 1] as Matrix).data);
    }
  }
  return { dW, db };
}

/** Scratch of the backward pass for m examples. */
interface BackwardBuffers {
  /** dZ^[l] for each layer (nˡ×m). */
  dZ: Matrix[];
  /** W^[l]ᵀ (nˡ⁻¹×nˡ), for dA^[l−1] = W^[l]ᵀ·dZ^[l]. */
  WT: Float64Array;
}

function newBackwardBuffers(net: NeuralNetwork, m: number): BackwardBuffers {
  return {
    dZ: net.layerSizes.slice(1).map((n) => new Matrix(n, m)),
    WT: new Float64Array(Math.max(...net.W.map((w) => w.size))),
  };
}

/**
 * The backward pass (backpropagation) for sigmoid output + cross-entropy, from a forward pass's cache:
 * dZ^[L] = A^[L] − Y; then for l = L…1: dW^[l] = (1/m) dZ^[l]·A^[l−1]ᵀ (+ (λ/m) W^[l]),
 * db^[l] = (1/m) Σ_examples dZ^[l], and (if l > 1) dZ^[l−1] = (W^[l]ᵀ·dZ^[l]) ⊙ g′(Z^[l−1]).
 * Returns dW[l−1] = ∂J/∂W^[l] and db[l−1] = ∂J/∂b^[l].
 */
export function backwardPass(net: NeuralNetwork, cache: ForwardCache, Y: Matrix): Gradients {
  const L = net.W.length;
  if (cache.Z.length !== L || cache.A.length !== L + 1) {
    throw new ShapeError(`backwardPass: the cache holds ${cache.Z.length} Z's and ${cache.A.length} A's but this network has ${L} layers (needs ${L} and ${L + 1})`);
  }
  const AL = cache.A[L] as Matrix;
  if (Y.rows !== 1 || Y.cols !== AL.cols) {
    throw new ShapeError(`backwardPass: Y is ${Y.shape()} but the network's output A^[${L}] is ${AL.shape()}: they must have the same shape`);
  }
  return backwardInto(net, cache, Y, newBackwardBuffers(net, AL.cols));
}

// ------------------------------------------------------------------------------------------ checking

/**
 * Gradient check of every parameter: backprop's gradients against centred finite differences of J
 * (see gradcheck.ts). Below ~1e-7 relative difference, backprop is right. Each parameter costs two forward
 * passes, so use a small network and few examples.
 */
export function networkGradientCheck(net: NeuralNetwork, X: Matrix, Y: Matrix, epsilon = 1e-5): GradCheckResult {
  const { grads } = net.costAndGradients(X, Y);
  checkParametersFinite(net, "networkGradientCheck");
  return gradientCheck(() => costFromCache(net, forwardUnchecked(net, X), Y), net.parameters(), grads, epsilon);
}

// ------------------------------------------------------------------------------------------ one call

/**
 * Options of `fitNetwork`: the network's (layerSizes defaults to [n, 4, 1]) and the training loop's; `seed`
 * seeds both the initial weights and the mini-batch shuffle.
 */
export interface FitNetworkOptions extends Omit<NetworkOptions, "layerSizes">, Partial<TrainOptions> {
  layerSizes?: number[];
}

/**
 * Creates a network for X (n×m) and y (1×m, labels 0/1) and trains it with `train` (defaults: layer sizes
 * [n, 4, 1], tanh hidden units, 1000 epochs of full-batch gradient descent with learningRate 0.1).
 * Returns the network and its cost history — the counterpart of `fitLogisticRegression`.
 */
export function fitNetwork(X: Matrix, y: Matrix, options: FitNetworkOptions = {}): { model: NeuralNetwork; history: TrainHistory } {
  const model = createNetwork({ ...options, layerSizes: options.layerSizes ?? [X.rows, 4, 1] });
  const history = model.fit(X, y, { ...options, epochs: options.epochs ?? 1000 });
  return { model, history };
}
