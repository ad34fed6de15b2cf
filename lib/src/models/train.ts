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
import { checkNumber, describeValue, follows, numberOr, RULES } from "../core/validate";

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
   * The "cost exploded" check, on by default: training stops with a `TrainingDivergedError` as soon as an
   * epoch's mean cost is more than `divergenceFactor` times the first epoch's (default 1000; a number > 1).
   * `false` turns it off, to watch a divergence on purpose. A NaN or infinite cost always stops training;
   * this also catches a cost that grows but stays finite — as with cross-entropy computed from logits,
   * which grows like |z| instead of overflowing when the learning rate is too large.
   */
  divergenceFactor?: number | false;
}

/** The default `divergenceFactor`: a cost 1000 times its first epoch's is no longer learning. */
export const DEFAULT_DIVERGENCE_FACTOR = 1000;

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

/**
 * Thrown when the cost stops being a finite number, or grows past `divergenceFactor` times its start; the message
 * says when, names the likely cause (learning rate, schedule, λ; with the optimizer's β) and what to try.
 */
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
export function train(
  model: Trainable,
  X: Features,
  Y: Matrix,
  options: TrainOptions,
): TrainHistory {
  checkTrainingData(X, Y);
  if (typeof options !== "object" || options === null)
    throw new TypeError(
      `train: options must be an object such as { epochs: 100 }, got ${describeValue(options)}`,
    );
  const epochs = checkNumber(options.epochs, "epochs", RULES.count);
  const m = X.cols;
  const batchSize = numberOr(options.batchSize, m, "batchSize", RULES.positiveCount);
  const divergenceFactor =
    options.divergenceFactor === false
      ? Infinity
      : numberOr(
          options.divergenceFactor,
          DEFAULT_DIVERGENCE_FACTOR,
          "divergenceFactor (or false to turn the check off)",
          { min: 1, minOpen: true },
        );
  const schedule = options.learningRateSchedule;
  if (schedule !== undefined && typeof schedule !== "function") {
    throw new TypeError(
      `learningRateSchedule must be a function (epoch, initial) => rate, e.g. (e, lr0) => lr0 / (1 + 0.01 * e); got ${describeValue(schedule)}`,
    );
  }
  const optimizer =
    typeof options.optimizer === "object"
      ? options.optimizer
      : makeOptimizer(
          options.optimizer ?? "gradientDescent",
          numberOr(options.learningRate, 0.1, "learningRate", RULES.positive),
        );
  const initialLr = optimizer.learningRate;
  const rng = new Rng(numberOr(options.seed, 0, "seed", RULES.seed));
  const diverged = (what: string, epoch: number, iteration: number, offSwitch: boolean) => {
    history.seconds = (Date.now() - start) / 1000;
    const cause = likelyCause(
      model,
      optimizer,
      initialLr,
      schedule !== undefined,
      Math.min(batchSize, m),
    );
    const off = offSwitch
      ? ` To let it run anyway (to watch a divergence), pass { divergenceFactor: false }.`
      : "";
    return new TrainingDivergedError(
      `Training diverged: ${what}. ${cause}${off}`,
      epoch,
      iteration,
      history,
    );
  };
  const fullBatch = batchSize >= m;
  const order = Array.from({ length: m }, (_, i) => i);
  // The engine's gatherer returns the same matrices as X.selectCols(idx), faster (see engine/batches.ts).
  const gather = fullBatch || !engineInUse() ? null : { X: batchGatherer(X), Y: batchGatherer(Y) };
  const history: TrainHistory = {
    costs: [],
    iterationCosts: [],
    epochs: 0,
    iterations: 0,
    seconds: 0,
    optimizer: optimizer.name,
  };
  const start = Date.now();
  const params = model.parameters();

  for (let epoch = 0; epoch < epochs; epoch++) {
    if (schedule) optimizer.learningRate = scheduledRate(schedule, epoch, initialLr);
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
        throw diverged(
          `the cost became ${cost} at epoch ${epoch + 1}, iteration ${history.iterations + 1}`,
          epoch + 1,
          history.iterations + 1,
          false,
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
    if (epoch > 0 && cost > divergenceFactor * first) {
      const what =
        `the cost rose from ${first.toPrecision(4)} (epoch 1) to ${cost.toPrecision(4)} at epoch ${epoch + 1}, ` +
        `iteration ${history.iterations} — more than ${divergenceFactor}× where it started`;
      throw diverged(what, epoch + 1, history.iterations, true);
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
        throw diverged(
          `parameter ${k} (${p.shape()}) holds ${p.data[i]} after ${history.iterations} iterations`,
          history.epochs,
          history.iterations,
          false,
        );
      }
    }
  }
  history.seconds = (Date.now() - start) / 1000;
  return history;
}

/** The schedule's rate for `epoch`, checked: a schedule that returns −0.5 or NaN is named, not the learning rate. */
function scheduledRate(
  schedule: (epoch: number, initial: number) => number,
  epoch: number,
  initialLr: number,
): number {
  const lr: unknown = schedule(epoch, initialLr);
  if (follows(lr, RULES.positive)) return lr;
  throw new RangeError(
    `learningRateSchedule returned ${describeValue(lr)} for epoch ${epoch} (0-based; initial learning rate ${initialLr}): ` +
      `a learning rate must be a number > 0 (a negative one climbs the cost instead of descending). ` +
      `Check the schedule's formula, e.g. (e, lr0) => lr0 / (1 + 0.01 * e).`,
  );
}

/**
 * Which setting most likely made training diverge, with its value and what to try: a schedule that raised the
 * learning rate, an L2 strength λ so large that the weight decay 1 − lr·λ/m overshoots, or (most often) the
 * learning rate itself, with the optimizer's β when it has one.
 */
function likelyCause(
  model: Trainable,
  optimizer: Optimizer,
  initialLr: number,
  scheduled: boolean,
  m: number,
): string {
  const lr = optimizer.learningRate;
  if (scheduled && lr > initialLr) {
    return `The learning-rate schedule raised the learning rate from ${initialLr} to ${lr}: a schedule should lower it, e.g. (e, lr0) => lr0 / (1 + 0.01 * e).`;
  }
  const lambda = (model as { lambda?: unknown }).lambda;
  if (typeof lambda === "number" && lambda > 0 && (lr * lambda) / m > 1) {
    return (
      `λ = ${lambda} is too strong for the learning rate ${lr}: each step multiplies the weights by 1 − lr·λ/m = ` +
      `${(1 - (lr * lambda) / m).toPrecision(3)} (m = ${m} examples per step), which overshoots zero. Try a smaller λ, e.g. ${lambda / 100}.`
    );
  }
  const o = optimizer as { beta?: number; beta1?: number; beta2?: number };
  const kind = optimizer.name.split("(")[0];
  const betas =
    o.beta !== undefined
      ? ` (with ${kind}, β = ${o.beta})`
      : o.beta1 !== undefined
        ? ` (with ${kind}, β₁ = ${o.beta1}, β₂ = ${o.beta2})`
        : "";
  const from = scheduled && lr !== initialLr ? ` (scheduled from ${initialLr})` : "";
  return (
    `The learning rate ${lr}${from} is probably too large${betas}: the steps overshoot the minimum and grow. ` +
    `Try a smaller one, e.g. ${lr / 10}.`
  );
}
