/**
 * The playground's trainer without a screen: the data, the network and the training loop of `playground()`
 * (playground.ts), which the page runs (lib/browser/playground-app.ts, bundled from this very file) and Node runs
 * for the snapshot and the tests. Everything that learns is the lib's own code: `makeDataset`, `trainTestSplit`,
 * `createNetwork`, the network's `costAndGradients` (the engine's step in the page too, on the plain-loop
 * product kernel there), the optimizers of `makeOptimizer` and the backend's mini-batches.
 *
 * The loop is `train`'s (models/train.ts), cut into pieces the page can run between two frames: per epoch the
 * examples are shuffled with the same seeded Rng (mini-batches only), each batch takes one step
 *   forward → cost → backward (`costAndGradients`) → update (`optimizer.step`),
 * and the epoch's cost is the mean of its batches' costs. So `step(n)` run in any chunks gives, epoch for epoch,
 * the costs `train(net, XTrain, yTrain, { epochs, learningRate, optimizer, batchSize, seed })` returns (a test
 * holds it to that bit for bit; test/screen/playground.test.ts).
 *
 * What the screen shows is computed here too: the network's output ŷ and every hidden unit's output over a grid
 * of the plane (one forward pass), and the last hidden layer's feature space, where the output unit — a
 * logistic regression on the learned features — draws its line.
 */
import { Matrix } from "../core/matrix";
import { Rng } from "../core/random";
import { makeOptimizer, type Optimizer, type OptimizerName } from "../learning/optimizers";
import { trainTestSplit } from "../learning/preprocess";
import { costFromCache, forwardPass } from "../models/backprop";
import { backend } from "../models/backend";
import { DEFAULT_DIVERGENCE_FACTOR } from "../models/divergence";
import { createNetwork, type NeuralNetwork } from "../models/network";
import { makeDataset } from "../data/datasets";
import { featureSpace, paddedRangeOf, type FeatureSpace } from "./playground-features";
import {
  checkPlaygroundOptions,
  featureLabel,
  type PlaygroundOptions,
  type PlaygroundSettings,
} from "./playground-options";

/** The playground's input features of 2-D points X (2×m): one row per name of `features`, in that order. */
export function featureRows(X: Matrix, features: readonly string[]): Matrix {
  const m = X.cols;
  const F = new Matrix(features.length, m);
  features.forEach((name, r) => {
    for (let j = 0; j < m; j++) {
      const a = X.data[j] as number;
      const b = X.data[m + j] as number;
      F.data[r * m + j] =
        name === "x1"
          ? a
          : name === "x2"
            ? b
            : name === "x1^2"
              ? a * a
              : name === "x2^2"
                ? b * b
                : a * b;
    }
  });
  return F;
}

/** The network's maps over a grid of the plane: xs (columns) and ys (rows), and A^[l] at each point. */
export interface PlaneMaps {
  xs: Float64Array;
  ys: Float64Array;
  /**
   * A[l] = A^[l] (nˡ × steps²) for l = 0…L: A[0] the input features, A[L] = ŷ; point r·steps + c is
   * (xs[c], ys[r]).
   */
  A: Matrix[];
}

/** One playground run: its data, its network, its optimizer, and the costs so far. */
export class PlaygroundSession {
  readonly settings: PlaygroundSettings;
  /** The 2-D points (2×m) and their labels (1×m). */
  readonly XTrain: Matrix;
  readonly yTrain: Matrix;
  readonly XTest: Matrix;
  readonly yTest: Matrix;
  /** The network's inputs: `featureRows` of the points. */
  readonly FTrain: Matrix;
  readonly FTest: Matrix;
  /** The part of the plane drawn: the points' extent, padded. */
  readonly xRange: [number, number];
  readonly yRange: [number, number];
  readonly net: NeuralNetwork;
  optimizer: Optimizer;
  /** Epochs run, and the cost J after each: the epoch's mean batch cost (as `train`) and J on the test set. */
  epoch = 0;
  readonly trainCosts: number[] = [];
  readonly testCosts: number[] = [];
  /** Why training stopped by itself (a cost that is not a finite number, or exploded), or null. */
  failure: string | null = null;
  private readonly rng: Rng;
  private readonly order: number[];
  private batchOf: ((idx: number[]) => { X: Matrix; Y: Matrix }) | null = null;
  private gridCache: { steps: number; points: Matrix; xs: Float64Array; ys: Float64Array } | null =
    null;
  private previousAxis: Float64Array | null = null;

  constructor(options: PlaygroundOptions = {}) {
    const s = checkPlaygroundOptions(options);
    this.settings = s;
    const data = makeDataset(s.data, { m: s.points, noise: s.noise, seed: s.seed });
    const split = trainTestSplit(data.X, data.y, { testFraction: s.testFraction, seed: s.seed });
    this.XTrain = split.XTrain;
    this.yTrain = split.yTrain;
    this.XTest = split.XTest;
    this.yTest = split.yTest;
    this.FTrain = featureRows(this.XTrain, s.features);
    this.FTest = featureRows(this.XTest, s.features);
    this.xRange = paddedRangeOf([data.X.row(0).data]);
    this.yRange = paddedRangeOf([data.X.row(1).data]);
    this.net = createNetwork({
      layerSizes: [s.features.length, ...s.hidden, 1],
      hiddenActivation: s.activation,
      lambda: s.lambda,
      seed: s.seed,
    });
    this.optimizer = makeOptimizer(s.optimizer as OptimizerName, s.learningRate);
    this.rng = new Rng(s.seed);
    this.order = Array.from({ length: this.FTrain.cols }, (_, i) => i);
  }

  /** Examples per step (the whole training set for full batch). */
  get batchSize(): number {
    const m = this.FTrain.cols;
    return this.settings.batchSize > 0 ? Math.min(this.settings.batchSize, m) : m;
  }

  /** Changes the learning rate from the next step on (the optimizer keeps its memory). */
  setLearningRate(lr: number): void {
    const checked = checkPlaygroundOptions({ ...this.settings, learningRate: lr }).learningRate;
    this.optimizer.learningRate = checked;
    this.settings.learningRate = checked;
  }

  /** Changes λ from the next step on. */
  setLambda(lambda: number): void {
    this.net.lambda = checkPlaygroundOptions({ ...this.settings, lambda }).lambda;
    this.settings.lambda = this.net.lambda;
  }

  /** A new optimizer from the next step on (a new one remembers nothing: momentum and Adam start afresh). */
  setOptimizer(name: string): void {
    const s = checkPlaygroundOptions({ ...this.settings, optimizer: name });
    this.optimizer = makeOptimizer(s.optimizer as OptimizerName, s.learningRate);
    this.settings.optimizer = s.optimizer;
  }

  /** A new batch size from the next epoch on (0: full batch). */
  setBatchSize(batchSize: number): void {
    this.settings.batchSize = checkPlaygroundOptions({ ...this.settings, batchSize }).batchSize;
  }

  /**
   * Runs up to `epochs` epochs of `train`'s loop (see the module's comment), or until `deadline` (a time of
   * `now()`, e.g. performance.now() + 8 in the page) has passed after an epoch. Returns the epochs run.
   * Stops, setting `failure`, when a cost is not a finite number, or (as `train`'s divergence guard) when an
   * epoch's cost is more than 1000 times the first epoch's.
   */
  step(epochs = 1, deadline = Infinity, now: () => number = () => 0): number {
    const X = this.FTrain;
    const Y = this.yTrain;
    const m = X.cols;
    const params = this.net.parameters();
    let ran = 0;
    while (ran < epochs && !this.failure) {
      const batchSize = this.batchSize;
      const fullBatch = batchSize >= m;
      if (!fullBatch) {
        this.batchOf ??= backend().batches(X, Y) as (idx: number[]) => { X: Matrix; Y: Matrix };
        this.rng.shuffle(this.order);
      }
      let sum = 0;
      let batches = 0;
      for (let begin = 0; begin < m; begin += batchSize) {
        const batch =
          fullBatch || !this.batchOf
            ? { X, Y }
            : this.batchOf(this.order.slice(begin, begin + batchSize));
        const { cost, grads } = this.net.costAndGradients(batch.X, batch.Y, m);
        if (!Number.isFinite(cost)) {
          this.failure =
            `the cost became ${cost} at epoch ${this.epoch + 1}: the steps are too large. ` +
            `Lower the learning rate (now ${this.optimizer.learningRate}) and press Reset.`;
          break;
        }
        this.optimizer.step(params, grads);
        sum += cost;
        batches += 1;
      }
      if (this.failure) break;
      const first = this.trainCosts[0];
      if (first !== undefined && sum / batches > DEFAULT_DIVERGENCE_FACTOR * first) {
        // train's divergence guard: a cost this much above the first epoch's will not come back down
        this.failure =
          `the cost grew from ${first.toFixed(3)} to ${(sum / batches).toPrecision(3)} by epoch ` +
          `${this.epoch + 1}: the steps are too large. Lower the learning rate (now ` +
          `${this.optimizer.learningRate}) and press Reset.`;
      }
      this.trainCosts.push(sum / batches);
      this.testCosts.push(this.testCost());
      this.epoch += 1;
      ran += 1;
      if (now() >= deadline) break;
    }
    return ran;
  }

  /** J on the test set: cross-entropy (+ the same L2 term as training, λ/(2m)·Σ‖W‖² with m training examples). */
  testCost(): number {
    const cost = costFromCache(
      this.net,
      forwardPass(this.net, this.FTest),
      this.yTest,
      this.FTrain.cols,
    );
    return cost;
  }

  /** The last epoch's training cost (NaN before the first epoch). */
  get cost(): number {
    return this.trainCosts.length ? (this.trainCosts[this.trainCosts.length - 1] as number) : NaN;
  }

  /** Share of the test points classified right (ĉ = 1 when ŷ > 0.5). */
  testAccuracy(): number {
    const p = this.net.predict(this.FTest);
    let right = 0;
    for (let j = 0; j < p.cols; j++) if (p.data[j] === this.yTest.data[j]) right++;
    return right / p.cols;
  }

  /** ŷ and every hidden unit's output over a steps × steps grid of the drawn plane (one forward pass). */
  planeMaps(steps = 40): PlaneMaps {
    if (!this.gridCache || this.gridCache.steps !== steps) {
      const xs = linspace(this.xRange, steps);
      const ys = linspace(this.yRange, steps);
      const P = new Matrix(2, steps * steps);
      for (let r = 0; r < steps; r++)
        for (let c = 0; c < steps; c++) {
          P.data[r * steps + c] = xs[c] as number;
          P.data[steps * steps + r * steps + c] = ys[r] as number;
        }
      this.gridCache = { steps, points: featureRows(P, this.settings.features), xs, ys };
    }
    const { A } = forwardPass(this.net, this.gridCache.points);
    return { xs: this.gridCache.xs, ys: this.gridCache.ys, A: A as Matrix[] };
  }

  /** The last hidden layer's features of the points, and the output unit's line among them (see `featureSpace`). */
  featureSpace(): FeatureSpace {
    const L = this.net.numLayers;
    const last = (F: Matrix): Matrix => forwardPass(this.net, F).A[L - 1] as Matrix;
    const view = featureSpace(
      last(this.FTrain),
      last(this.FTest),
      this.net.W[L - 1] as Matrix,
      (this.net.b[L - 1] as Matrix).data[0] as number,
      L === 1 ? this.settings.features.map(featureLabel) : null,
      this.previousAxis,
    );
    this.previousAxis = view.axis;
    return view;
  }
}

/** n evenly spaced values from range[0] to range[1]. */
function linspace(range: [number, number], n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = range[0] + ((range[1] - range[0]) * i) / (n - 1);
  return out;
}
