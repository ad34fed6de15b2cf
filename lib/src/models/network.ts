/**
 * A fully connected neural network for binary classification: L layers of weights, hidden units with an
 * activation g chosen by name, and ONE sigmoid output unit — a logistic regression deciding on the features
 * the hidden layers learned. Taught in: 06-why-hidden-layers, 07-backpropagation, 08-multi-layer-network.
 * With `output: "softmax"` the output layer has K ≥ 2 units, one per class, and the cost is categorical
 * cross-entropy (12-one-of-ten); [n, K] with a softmax output is softmax regression.
 *
 * Layer sizes [n⁰, n¹, …, nᴸ] (n⁰ = features, nᴸ = 1); W^[l] is nˡ×nˡ⁻¹ and b^[l] nˡ×1, stored at W[l − 1]
 * and b[l − 1]. The passes (forward, cost, backward — the formulas of chapter 07) are in backprop.ts.
 *
 * The network is plain data (layer sizes, activation name, W and b as matrices) driven by free functions
 * (`forwardPass`, `backwardPass`, `networkCost`), as in tensorflow/playground's nn.ts; the class only adds
 * the two methods the shared training loop needs (`Trainable`), so `train(net, X, Y, …)` works, plus
 * `predictProba`/`predict`.
 */
import { allFinite } from "../engine";
import { activation, type ActivationName } from "../learning/activations";
import { argmaxColumns, checkOutputName, type OutputName } from "../learning/softmax";
import { Matrix, ShapeError } from "../core/matrix";
import type { Features } from "../core/sparse";
import { checkNumber, numberOr, RULES } from "../core/validate";
import { Rng } from "../core/random";
import {
  networkCost,
  checkNetworkInput,
  checkNetworkParameters,
  forwardPass,
  networkTargets,
  type ForwardCache,
} from "./backprop";
import { backend } from "./backend";
import { checkKeepProb, dropoutMasks } from "./dropout";
import { checkLayerSizes, INIT_NAMES, initStd, unknownInitMessage, type InitName } from "./layers";
import { train, type TrainHistory, type TrainOptions, type Trainable } from "./train";

/** Options of `createNetwork`. */
export interface NetworkOptions {
  /** [n⁰ (features), hidden sizes…, 1], e.g. [2, 4, 1]; [n, 1] is a network without hidden layers. */
  layerSizes: number[];
  /** The hidden layers' g: "sigmoid", "tanh", "relu", "leakyRelu" or "linear" (default "tanh"). */
  hiddenActivation?: string;
  /** Weight initialisation (default "he" for relu/leakyRelu, else "lecun"). See `InitName`. */
  init?: InitName;
  /** The multiplier of N(0, 1) for init "random" (default 0.01); ignored by the other schemes. */
  initScale?: number;
  /** Every bias starts at this value (default 0); e.g. −5 to make ReLUs start dead (06). */
  biasInit?: number;
  /** Seed of the initial weights (default 0). */
  seed?: number;
  /** L2 strength λ: J gains λ/(2m) Σ‖W‖² and dW gains (λ/m)·W (default 0). */
  lambda?: number;
  /**
   * The output layer (default "sigmoid": one unit, P(y = 1 | x), binary cross-entropy); "softmax": K ≥ 2
   * units, P(class k | x) for k = 0…K−1, categorical cross-entropy, labels 0…K−1 or one-hot K×m (12).
   */
  output?: OutputName;
  /**
   * Inverted dropout (13): the probability of keeping each hidden unit during training, one number for every
   * hidden layer or one per hidden layer; in (0, 1], default 1 (no dropout). Prediction never drops units.
   */
  keepProb?: number | readonly number[];
  /** Seed of the dropout masks drawn in training (default: seed + 1, its own stream). */
  dropoutSeed?: number;
}

/**
 * A network: layer sizes, hidden activation, parameters W[l−1] = W^[l] (nˡ×nˡ⁻¹) and b[l−1] = b^[l] (nˡ×1),
 * and the L2 strength λ. Implements `Trainable`: `train(net, X, Y, { epochs, learningRate })` updates W and b
 * in place. Build one with `createNetwork` or `networkFromParameters`.
 */
export class NeuralNetwork implements Trainable {
  /** [n⁰, n¹, …, nᴸ]. */
  readonly layerSizes: readonly number[];
  /** g of every hidden layer (the output is a sigmoid, or a softmax: see `output`). */
  readonly hiddenActivation: ActivationName;
  /** W[l−1] = W^[l], nˡ×nˡ⁻¹. */
  readonly W: Matrix[];
  /** b[l−1] = b^[l], nˡ×1. */
  readonly b: Matrix[];
  private lambdaValue = 0;
  /** The output layer: "sigmoid" (1 unit) or "softmax" (K ≥ 2 units, one per class). */
  readonly output: OutputName;
  private keepProbValue: readonly number[] | null = null; // null: 1 for every hidden layer
  private dropoutRng = new Rng(1);

  constructor(
    layerSizes: readonly number[],
    hiddenActivation: ActivationName,
    W: Matrix[],
    b: Matrix[],
    lambda = 0,
    output: OutputName = "sigmoid",
  ) {
    this.output = output;
    this.layerSizes = Object.freeze([...layerSizes]);
    this.hiddenActivation = hiddenActivation;
    this.W = W;
    this.b = b;
    this.lambda = lambda;
  }

  /** L2 strength λ ≥ 0 (0: no regularisation); setting it is checked as `createNetwork` checks it. */
  get lambda(): number {
    return this.lambdaValue;
  }

  set lambda(lambda: number) {
    this.lambdaValue = checkNumber(lambda, "lambda (the L2 strength λ)", RULES.nonNegative);
  }

  /**
   * Inverted dropout: keepProb[l−1] is the probability of keeping a unit of hidden layer l in training
   * (1 = no dropout, the default). Set it to one number for every hidden layer, or to one per hidden layer.
   */
  get keepProb(): readonly number[] {
    return (this.keepProbValue ??= Object.freeze(new Array<number>(this.numLayers - 1).fill(1)));
  }

  set keepProb(keepProb: number | readonly number[]) {
    this.keepProbValue = Object.freeze(checkKeepProb(keepProb, this.layerSizes, "keepProb"));
  }

  /** Restarts the stream of dropout masks from `seed`: the same seed, the same masks in the same order. */
  seedDropout(seed: number): void {
    this.dropoutRng = new Rng(checkNumber(seed, "dropout seed", RULES.seed));
  }

  /** L, the number of layers with weights (hidden layers + the output layer). */
  get numLayers(): number {
    return this.W.length;
  }

  /** How many numbers the network learns: Σ_l nˡ·nˡ⁻¹ + nˡ. */
  get numParameters(): number {
    return this.W.reduce((s, w, k) => s + w.size + this.b[k].size, 0);
  }

  /** The parameters in the order [W^[1], b^[1], W^[2], b^[2], …] (the optimizer updates them in place). */
  parameters(): Matrix[] {
    return this.W.flatMap((w, k) => [w, this.b[k] as Matrix]);
  }

  /**
   * Forward, cost and backward on a batch, for the training loop: J and the gradients in `parameters()`
   * order. When a parameter is not a finite number it returns cost NaN (the loop then stops with its
   * "training diverged" advice) instead of gradients computed from garbage. This is training mode: with
   * keepProb < 1 each call draws fresh dropout masks, and J is the cost of the dropped-out network.
   */
  costAndGradients(X: Features, Y: Matrix, l2Examples?: number): { cost: number; grads: Matrix[] } {
    checkNetworkInput(this, X, "costAndGradients");
    Y = networkTargets(this, X, Y, "costAndGradients");
    if (!allFinite(this.parameters())) {
      return { cost: NaN, grads: this.parameters().map((p) => new Matrix(p.rows, p.cols)) };
    }
    const masks = this.keepProb.some((p) => p < 1)
      ? dropoutMasks(this, X.cols, this.dropoutRng) // training mode: fresh D^[l] for this step
      : undefined;
    // forward, cost, backward: backprop.ts's forwardCostBackward, or the engine's same step (backend.ts)
    return backend().networkStep(this, X, Y, masks, l2Examples);
  }

  /** The forward pass (see `forwardPass`): the cache of Z^[l] and A^[l]. */
  forward(X: Features): ForwardCache {
    return forwardPass(this, X);
  }

  /** The cost J(X, Y) (see `networkCost`). */
  cost(X: Features, Y: Matrix): number {
    return networkCost(this, X, Y);
  }

  /**
   * Trains on X (n⁰×m) and y with the shared loop `train`; W and b are updated in place. y is 1×m labels
   * 0/1 (sigmoid output), or labels 0…K−1 (1×m) or one-hot Y (K×m) for a softmax output.
   */
  fit(X: Features, y: Matrix, options: TrainOptions): TrainHistory {
    checkNetworkInput(this, X, "fit");
    return train(this, X, networkTargets(this, X, y, "fit"), options);
  }

  /**
   * ŷ = A^[L] for each column of X: P(y = 1 | x) (1×m) with a sigmoid output, P(class k | x) (K×m, each
   * column summing to 1) with a softmax output; X must hold finite numbers.
   */
  predictProba(X: Features): Matrix {
    checkNetworkInput(this, X, "predictProba");
    X.assertFinite("X");
    checkNetworkParameters(this, "predictProba");
    return backend().networkOutput(this, X); // A^[L] of forwardPass, or the engine's same forward pass
  }

  /**
   * Class predictions 1×m: 1 where ŷ > threshold (default 0.5), else 0 — strictly greater, as scikit-learn
   * decides (so ŷ = 0.5 exactly, e.g. from all-zero weights, predicts 0). With a softmax output: the class
   * of largest probability (argmax of each column; the threshold is not used).
   */
  predict(X: Features, threshold = 0.5): Matrix {
    checkNumber(threshold, "threshold", RULES.probability);
    if (this.output === "softmax") return Matrix.row(argmaxColumns(this.predictProba(X)));
    return this.predictProba(X).map((p) => (p > threshold ? 1 : 0));
  }

  /** An independent copy (same sizes, activation, λ, keepProb; copied W and b; its own dropout stream, seed 1). */
  clone(): NeuralNetwork {
    const copy = new NeuralNetwork(
      this.layerSizes,
      this.hiddenActivation,
      this.W.map((w) => w.clone()),
      this.b.map((v) => v.clone()),
      this.lambda,
      this.output,
    );
    copy.keepProb = this.keepProb;
    return copy;
  }

  /** A one-line summary, e.g. "NeuralNetwork [2, 4, 1], tanh hidden, sigmoid output, 17 parameters". */
  toString(): string {
    const reg =
      (this.lambda ? `, λ = ${this.lambda}` : "") +
      (this.keepProb.some((p) => p < 1) ? `, keepProb ${JSON.stringify(this.keepProb)}` : "");
    const hidden = this.numLayers > 1 ? `${this.hiddenActivation} hidden, ` : "no hidden layer, ";
    return `NeuralNetwork [${this.layerSizes.join(", ")}], ${hidden}${this.output} output, ${this.numParameters} parameters${reg}`;
  }

  /** How console.log (and tslab's cell output) prints a network: the summary line. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

// ------------------------------------------------------------------------------------------ building

function checkActivationName(name: string): ActivationName {
  return activation(name).name;
}

/**
 * A new network with seeded initial weights: W^[l] ~ N(0, 1)·std (std by `init`: see `InitName`), drawn
 * layer by layer, row by row; b^[l] = biasInit (default 0).
 */
export function createNetwork(options: NetworkOptions): NeuralNetwork {
  const { layerSizes } = options;
  const output = checkOutputName(options.output ?? "sigmoid", "createNetwork");
  checkLayerSizes(layerSizes, "createNetwork", output);
  const g = checkActivationName(options.hiddenActivation ?? "tanh");
  const init = options.init ?? (g === "relu" || g === "leakyRelu" ? "he" : "lecun");
  if (!(INIT_NAMES as readonly string[]).includes(init)) {
    throw new Error(unknownInitMessage("createNetwork", init));
  }
  const initScale = numberOr(
    options.initScale,
    0.01,
    "createNetwork: initScale",
    RULES.nonNegative,
  );
  const biasInit = numberOr(options.biasInit, 0, "createNetwork: biasInit");
  const lambda = numberOr(
    options.lambda,
    0,
    "createNetwork: lambda (the L2 strength λ)",
    RULES.nonNegative,
  );
  const seed = numberOr(options.seed, 0, "createNetwork: seed", RULES.seed);
  const rng = new Rng(seed);
  const W: Matrix[] = [];
  const b: Matrix[] = [];
  for (let l = 1; l < layerSizes.length; l++) {
    const nIn = layerSizes[l - 1] as number;
    const nOut = layerSizes[l] as number;
    const std = initStd(init, nIn, initScale, nOut);
    W.push(std === 0 ? new Matrix(nOut, nIn) : Matrix.normal(nOut, nIn, rng, 0, std));
    b.push(Matrix.full(nOut, 1, biasInit));
  }
  return withDropout(new NeuralNetwork(layerSizes, g, W, b, lambda, output), options, seed);
}

/** Sets keepProb (default 1) and seeds the dropout masks (default seed + 1) from createNetwork's options. */
function withDropout(net: NeuralNetwork, options: NetworkOptions, seed: number): NeuralNetwork {
  net.keepProb = checkKeepProb(options.keepProb ?? 1, net.layerSizes, "createNetwork: keepProb");
  const next = seed < Number.MAX_SAFE_INTEGER ? seed + 1 : seed - 1;
  net.seedDropout(numberOr(options.dropoutSeed, next, "createNetwork: dropoutSeed", RULES.seed));
  return net;
}

/**
 * A network from given weights, e.g. chosen by hand (06's XOR network): W[l−1] = W^[l], b[l−1] = b^[l].
 * The shapes must chain (W^[l] is nˡ×nˡ⁻¹, b^[l] is nˡ×1); the last layer has one unit with the default
 * sigmoid output, K ≥ 2 with `output: "softmax"`. The matrices are copied.
 */
export function networkFromParameters(p: {
  W: Matrix[];
  b: Matrix[];
  hiddenActivation?: string;
  lambda?: number;
  output?: OutputName;
}): NeuralNetwork {
  const g = checkActivationName(p.hiddenActivation ?? "tanh");
  const output = checkOutputName(p.output ?? "sigmoid", "networkFromParameters");
  if (p.W.length === 0 || p.W.length !== p.b.length) {
    throw new ShapeError(
      `networkFromParameters: got ${p.W.length} weight matrices and ${p.b.length} bias vectors; a network needs one of each per layer (at least one layer)`,
    );
  }
  const sizes = [(p.W[0] as Matrix).cols];
  p.W.forEach((w, k) => {
    const bk = p.b[k] as Matrix;
    const prev = sizes[k] as number;
    if (w.cols !== prev) {
      throw new ShapeError(
        `networkFromParameters: W[${k}] (W^[${k + 1}]) is ${w.shape()} but layer ${k} has ${prev} units: it must be ${w.rows}×${prev}`,
      );
    }
    if (bk.rows !== w.rows || bk.cols !== 1) {
      throw new ShapeError(
        `networkFromParameters: b[${k}] (b^[${k + 1}]) is ${bk.shape()} but W[${k}] is ${w.shape()}: b must be ${w.rows}×1`,
      );
    }
    sizes.push(w.rows);
  });
  checkLayerSizes(sizes, "networkFromParameters", output);
  const net = new NeuralNetwork(
    sizes,
    g,
    p.W.map((w) => w.clone()),
    p.b.map((v) => v.clone()),
    p.lambda ?? 0,
    output,
  );
  checkNetworkParameters(net, "networkFromParameters");
  return net;
}

// ------------------------------------------------------------------------------------------ one call

/**
 * Options of `fitNetwork`: the network's (layerSizes defaults to [n, 4, 1]) and the training loop's; `seed`
 * seeds both the initial weights and the mini-batch shuffle.
 */
export interface FitNetworkOptions
  extends Omit<NetworkOptions, "layerSizes">, Partial<TrainOptions> {
  layerSizes?: number[];
}

/**
 * Creates a network for X (n×m) and y (1×m, labels 0/1) and trains it with `train` (defaults: layer sizes
 * [n, 4, 1], tanh hidden units, 1000 epochs of full-batch gradient descent with learningRate 0.1).
 * Returns the network and its cost history — the counterpart of `fitLogisticRegression`.
 */
export function fitNetwork(
  X: Features,
  y: Matrix,
  options: FitNetworkOptions = {},
): { model: NeuralNetwork; history: TrainHistory } {
  const model = createNetwork({ ...options, layerSizes: options.layerSizes ?? [X.rows, 4, 1] });
  const history = model.fit(X, y, { ...options, epochs: options.epochs ?? 1000 });
  return { model, history };
}

// The passes live in backprop.ts; "lr2nn/network" offers them too, as it always has.
export {
  backwardPass,
  costFromCache,
  forwardPass,
  hiddenFeatures,
  networkCost,
  networkGradientCheck,
} from "./backprop";
export type { ForwardCache, Gradients, NetworkGradCheckResult } from "./backprop";
export { dropoutMasks } from "./dropout";
export { INIT_NAMES, initStd } from "./layers";
export type { InitName } from "./layers";
export type { DropoutMasks } from "./dropout";
