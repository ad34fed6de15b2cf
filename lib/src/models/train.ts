/**
 * The training loop every model in the course shares — the four beats, repeated:
 *   forward (predict) → cost → backward (gradients) → update (the optimizer's step).
 * Full-batch, mini-batch and stochastic gradient descent differ only in `batchSize`:
 *   undefined (all m examples per step), b (m/b steps per epoch, examples shuffled each epoch with a
 *   seeded Rng), 1 (one example per step).
 * The batches are `X.selectCols(idx)`; by default the engine copies them out faster (engine/batches.ts, the
 * same matrices), and `useEngine(false)` makes the loop call `X.selectCols(idx)` itself.
 * Taught in: 04-gradient-descent; used from 05 on.
 */
import { batchGatherer, engineInUse } from "../engine";
import { Matrix, ShapeError } from "../core/matrix";
import type { Features } from "../core/sparse";
import { makeOptimizer, type Optimizer, type OptimizerName } from "../learning/optimizers";
import { Rng } from "../core/random";

/** Anything the loop can train: parameters it may update in place, and a cost with its gradients. */
export interface Trainable {
  /** The parameters, in a fixed order; the optimizer updates these matrices in place. */
  parameters(): Matrix[];
  /** Forward + cost + backward on a batch: J(X, Y) and ∂J/∂θ for each parameter (same order and shapes). */
  costAndGradients(X: Features, Y: Matrix): { cost: number; grads: Matrix[] };
}

/** What the loop reports after each epoch. */
export interface ProgressInfo {
  epoch: number;
  epochs: number;
  /** Parameter updates so far. */
  iteration: number;
  /** Mean cost over the epoch's batches. */
  cost: number;
  learningRate: number;
  /** Seconds since training started. */
  seconds: number;
}

/** Options of `train`. */
export interface TrainOptions {
  /** Passes over the data. */
  epochs: number;
  /** Step size for the default optimizer (plain gradient descent); default 0.1. */
  learningRate?: number;
  /** An optimizer object or name ("gradientDescent", "momentum", "rmsprop", "adam"). */
  optimizer?: Optimizer | OptimizerName;
  /** Examples per step: omit for full batch, 1 for stochastic gradient descent. */
  batchSize?: number;
  /** Seed of the per-epoch shuffle (mini-batch and stochastic); default 0. */
  seed?: number;
  /** Learning rate for epoch e (0-based) given the initial one, e.g. `(e, lr0) => lr0 / (1 + 0.01 * e)`. */
  learningRateSchedule?: (epoch: number, initial: number) => number;
  /** Called after every epoch (see `liveTraining` in lr2nn/progress for a live chart). */
  onProgress?: (info: ProgressInfo) => void;
  /** Also record the cost of every single update in `history.iterationCosts` (default false). */
  recordIterations?: boolean;
  /** Called after every epoch; return true to stop (early stopping on a validation set, for example). */
  shouldStop?: (info: ProgressInfo) => boolean;
  /**
   * The "cost exploded" check (off by default): stop with a `TrainingDivergedError` as soon as an epoch's mean
   * cost is more than `divergenceFactor` times the first epoch's (e.g. 10). A NaN or infinite cost always
   * stops training; this also catches a cost that grows but stays finite — as with cross-entropy computed
   * from logits, which grows like |z| instead of overflowing when the learning rate is too large.
   */
  divergenceFactor?: number;
}

/** What training leaves behind. */
export interface TrainHistory {
  /** Mean cost of each epoch. */
  costs: number[];
  /** The cost of each update (only with `recordIterations`). */
  iterationCosts: number[];
  epochs: number;
  iterations: number;
  seconds: number;
  optimizer: string;
}

/** Thrown when the cost stops being a finite number; the message says when and what to try. */
export class TrainingDivergedError extends Error {
  constructor(
    message: string,
    readonly epoch: number,
    readonly iteration: number,
    readonly history: TrainHistory,
  ) {
    super(message);
    this.name = "TrainingDivergedError";
  }
}

/** Checks the data before a long loop: same number of examples, something to learn from, finite values. */
export function checkTrainingData(X: Features, Y: Matrix): void {
  if (X.cols !== Y.cols) {
    throw new ShapeError(
      `X is ${X.shape()} (${X.cols} examples) but y is ${Y.shape()} (${Y.cols} examples): ` +
        `they need one column per example each (did you forget to transpose X?)`,
    );
  }
  if (X.cols === 0) throw new ShapeError(`X is ${X.shape()}: there are no examples to train on`);
  X.assertFinite("X");
  Y.assertFinite("y");
}

/**
 * Runs the loop: updates `model`'s parameters in place and returns the cost history. With mini-batches, the
 * X and Y a step passes to `costAndGradients` are buffers reused by the next step of the same size: use them
 * during the call (copy them to keep them).
 */
export function train(model: Trainable, X: Features, Y: Matrix, options: TrainOptions): TrainHistory {
  checkTrainingData(X, Y);
  const { epochs } = options;
  if (!Number.isInteger(epochs) || epochs < 0) throw new RangeError(`epochs must be a whole number ≥ 0, got ${epochs}`);
  const m = X.cols;
  const batchSize = options.batchSize ?? m;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a whole number ≥ 1, got ${batchSize}`);
  const optimizer =
    typeof options.optimizer === "object" ? options.optimizer : makeOptimizer(options.optimizer ?? "gradientDescent", options.learningRate ?? 0.1);
  const initialLr = optimizer.learningRate;
  const rng = new Rng(options.seed ?? 0);
  const fullBatch = batchSize >= m;
  const order = Array.from({ length: m }, (_, i) => i);
  // The engine's gatherer returns the same matrices as X.selectCols(idx), faster (see engine/batches.ts).
  const gather = fullBatch || !engineInUse() ? null : { X: batchGatherer(X), Y: batchGatherer(Y) };
  const history: TrainHistory = { costs: [], iterationCosts: [], epochs: 0, iterations: 0, seconds: 0, optimizer: optimizer.name };
  const start = Date.now();
  const params = model.parameters();

  for (let epoch = 0; epoch < epochs; epoch++) {
    if (options.learningRateSchedule) optimizer.learningRate = options.learningRateSchedule(epoch, initialLr);
    if (!fullBatch) rng.shuffle(order);
    let sum = 0;
    let batches = 0;
    for (let begin = 0; begin < m; begin += batchSize) {
      // the batch: all of X, or the next batchSize examples of the shuffled order
      let Xb: Features = X;
      let Yb = Y;
      if (!fullBatch) {
        const idx = order.slice(begin, begin + batchSize); // which examples
        Xb = gather ? gather.X(idx) : X.selectCols(idx);
        Yb = gather ? gather.Y(idx) : Y.selectCols(idx);
      }
      // forward, cost, backward: J and ∂J/∂θ on the batch
      const { cost, grads } = model.costAndGradients(Xb, Yb);
      if (!Number.isFinite(cost)) {
        history.seconds = (Date.now() - start) / 1000;
        throw new TrainingDivergedError(
          `Training diverged: the cost became ${cost} at epoch ${epoch + 1}, iteration ${history.iterations + 1}. ` +
            `The learning rate ${optimizer.learningRate} is probably too large: the steps overshoot the minimum and grow. ` +
            `Try a smaller one, e.g. ${optimizer.learningRate / 10}.`,
          epoch + 1,
          history.iterations + 1,
          history,
        );
      }
      // update: θ ← θ − lr·∂J/∂θ (or the optimizer's rule), in place
      optimizer.step(params, grads);
      history.iterations += 1;
      if (options.recordIterations) history.iterationCosts.push(cost);
      sum += cost;
      batches += 1;
    }
    const cost = sum / batches;
    history.costs.push(cost);
    history.epochs = epoch + 1;
    const first = history.costs[0] as number;
    if (options.divergenceFactor !== undefined && epoch > 0 && cost > options.divergenceFactor * first) {
      history.seconds = (Date.now() - start) / 1000;
      throw new TrainingDivergedError(
        `Training diverged: the cost rose from ${first.toPrecision(4)} (epoch 1) to ${cost.toPrecision(4)} at epoch ${epoch + 1}, ` +
          `iteration ${history.iterations} — more than ${options.divergenceFactor}× where it started. ` +
          `The learning rate ${optimizer.learningRate} is probably too large: the steps overshoot the minimum. ` +
          `Try a smaller one, e.g. ${optimizer.learningRate / 10}.`,
        epoch + 1,
        history.iterations,
        history,
      );
    }
    const info: ProgressInfo = {
      epoch: epoch + 1,
      epochs,
      iteration: history.iterations,
      cost,
      learningRate: optimizer.learningRate,
      seconds: (Date.now() - start) / 1000,
    };
    options.onProgress?.(info);
    if (options.shouldStop?.(info)) break;
  }
  for (const [k, p] of params.entries()) {
    for (let i = 0; i < p.data.length; i++) {
      if (!Number.isFinite(p.data[i] as number)) {
        throw new TrainingDivergedError(
          `Training diverged: parameter ${k} (${p.shape()}) holds ${p.data[i]} after ${history.iterations} iterations. ` +
            `Try a smaller learning rate than ${optimizer.learningRate}.`,
          history.epochs,
          history.iterations,
          history,
        );
      }
    }
  }
  history.seconds = (Date.now() - start) / 1000;
  return history;
}
