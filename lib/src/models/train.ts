/**
 * The training loop every model in the course shares — the four beats, repeated:
 *   forward (predict) → cost → backward (gradients) → update (the optimizer's step).
 * Full-batch, mini-batch and stochastic gradient descent differ only in `batchSize`:
 *   undefined (all m examples per step), b (m/b steps per epoch, examples shuffled each epoch with a
 *   seeded Rng), 1 (one example per step).
 * The batches are `X.selectCols(idx)`, or all of X, which the backend in use makes (backend.ts: the engine
 * copies them out faster, the same matrices, and keeps a full-batch X in its product kernel's memory). The checks of the options and the divergence guard live in named helpers
 * (`checkTrainOptions`, divergence.ts's `DivergenceGuard`), so the loop below reads as the four beats.
 * Taught in: 04-gradient-descent; used from 05 on.
 */
import { checkMatrix } from "../core/arguments";
import { Matrix, ShapeError } from "../core/matrix";
import { SparseMatrix, type Features } from "../core/sparse";
import { makeOptimizer, type Optimizer, type OptimizerName } from "../learning/optimizers";
import { clipGradients } from "../learning/clipping";
import { Rng } from "../core/random";
import { checkNumber, describeValue, follows, numberOr, RULES } from "../core/validate";
import { backend } from "./backend";
import { DivergenceGuard, recordTrainingEnd, type TrainHistory } from "./divergence";

export { DEFAULT_DIVERGENCE_FACTOR, TrainingDivergedError } from "./divergence";
export type { TrainHistory } from "./divergence";

/** Anything the loop can train: parameters it may update in place, and a cost with its gradients. */
export interface Trainable {
  /** The parameters, in a fixed order; the optimizer updates these matrices in place. */
  parameters(): Matrix[];
  /**
   * Forward + cost + backward on a batch: J(X, Y) and ∂J/∂θ for each parameter (same order and shapes).
   * `trainingExamples` is the size m of the whole training set, which an L2 term λ/(2m)·‖W‖² divides by, so a
   * mini-batch is regularised as much as the whole set (models without L2 may ignore it).
   */
  costAndGradients(
    X: Features,
    Y: Matrix,
    trainingExamples?: number,
  ): { cost: number; grads: Matrix[] };
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
  /**
   * Print the ⚠ line when a finished run's cost rose (see `TrainHistory.warning`, set either way); default true.
   * The course's hidden check cells pass false, so re-running an experiment there prints nothing.
   */
  warn?: boolean;
  /**
   * Gradient clipping by norm (14), off by default: before every update, when the global norm of the step's
   * gradients ‖g‖ = √(Σ_θ Σ_ij g_ij²), over every parameter θ, exceeds clipNorm, every gradient is scaled by
   * clipNorm/‖g‖ (`clipGradients`): same direction, norm clipNorm. A number > 0, e.g. 1.
   */
  clipNorm?: number;
}

/** Checks the data before a long loop: same number of examples, something to learn from, finite values. */
export function checkTrainingData(X: Features, Y: Matrix): void {
  if (!(X instanceof Matrix) && !(X instanceof SparseMatrix)) checkMatrix(X, "X");
  checkMatrix(Y, "y", "Matrix.row([...]) (one label per example)");
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
  let runOver = (): void => {}; // when the run ends: the backend lets go of what it kept for it
  try {
    checkTrainingData(X, Y);
    const { epochs, batchSize, optimizer, schedule, seed, clipNorm } = checkTrainOptions(
      options,
      X.cols,
    );
    const m = X.cols;
    const batchOf = backend().batches(X, Y); // idx ↦ X.selectCols(idx), Y.selectCols(idx)
    runOver = batchOf.done;
    const whole = batchSize >= m ? batchOf.whole() : null; // full batch: all of X and Y, every step
    const order = Array.from({ length: m }, (_, i) => i);
    const rng = new Rng(seed);
    const history = newHistory(optimizer);
    const guard = new DivergenceGuard(model, optimizer, options, m, history);
    const params = model.parameters();

    for (let epoch = 0; epoch < epochs; epoch++) {
      if (schedule) optimizer.learningRate = scheduledRate(schedule, epoch, guard.initialLr);
      if (!whole) rng.shuffle(order);
      let sum = 0;
      let batches = 0;
      for (let begin = 0; begin < m; begin += batchSize) {
        // the batch: all of X, or the next batchSize examples of the shuffled order
        const batch = whole ?? batchOf(order.slice(begin, begin + batchSize));
        // 1–3. forward, cost, backward: J and ∂J/∂θ on the batch
        const { cost, grads } = model.costAndGradients(batch.X, batch.Y, m);
        guard.checkStep(cost, epoch);
        // 4. update: θ ← θ − lr·∂J/∂θ (or the optimizer's rule), in place
        optimizer.step(params, clipNorm === undefined ? grads : clipGradients(grads, clipNorm));
        history.iterations += 1;
        if (options.recordIterations) history.iterationCosts.push(cost);
        sum += cost;
        batches += 1;
      }
      history.costs.push(sum / batches); // the epoch's mean cost
      history.epochs = epoch + 1;
      guard.checkEpoch(epoch);
      const info: ProgressInfo = {
        epoch: epoch + 1,
        epochs,
        iteration: history.iterations,
        cost: sum / batches,
        learningRate: optimizer.learningRate,
        seconds: guard.seconds(),
      };
      options.onProgress?.(info);
      if (options.shouldStop?.(info)) break;
    }
    guard.checkParameters(params);
    guard.warnIfRising(); // a finished run whose cost went up: one ⚠ line, naming the learning rate
    history.seconds = guard.seconds();
    recordTrainingEnd(null); // it finished
    return history;
  } catch (e) {
    recordTrainingEnd(e); // cells that show this run's results will say it did not finish
    throw e;
  } finally {
    runOver();
  }
}

/** An empty history for `optimizer`'s run. */
function newHistory(optimizer: Optimizer): TrainHistory {
  return {
    costs: [],
    iterationCosts: [],
    epochs: 0,
    iterations: 0,
    seconds: 0,
    optimizer: optimizer.name,
  };
}

/** `train`'s options, checked, with their defaults: each bad one refused with a message naming it. */
function checkTrainOptions(options: TrainOptions, m: number) {
  if (typeof options !== "object" || options === null)
    throw new TypeError(
      `train: options must be an object such as { epochs: 100 }, got ${describeValue(options)}`,
    );
  const epochs = checkNumber(options.epochs, "epochs", RULES.count);
  const batchSize = numberOr(options.batchSize, m, "batchSize", RULES.positiveCount);
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
  const seed = numberOr(options.seed, 0, "seed", RULES.seed);
  const clipNorm =
    options.clipNorm === undefined
      ? undefined
      : checkNumber(options.clipNorm, "clipNorm", {
          ...RULES.positive,
          label:
            "a number > 0, the largest norm ‖g‖ a step's gradients may have (e.g. clipNorm: 1)",
        });
  for (const name of ["onProgress", "shouldStop"] as const) {
    const f: unknown = options[name];
    if (f !== undefined && typeof f !== "function")
      throw new TypeError(
        `${name} must be a function of the epoch's info, e.g. (info) => console.log(info.cost); got ${describeValue(f)}`,
      );
  }
  const o = optimizer as unknown as Record<string, unknown>;
  if (typeof o.step !== "function" || typeof o.learningRate !== "number")
    throw new TypeError(
      `optimizer must be a name ("gradientDescent", "momentum", "rmsprop", "adam") or an optimizer made by ` +
        `one of those functions, e.g. adam({ learningRate: 0.01 }); got ${describeValue(options.optimizer)} ` +
        `without ${typeof o.step !== "function" ? "a step() method" : "a learningRate"}`,
    );
  return { epochs, batchSize, optimizer, schedule, seed, clipNorm };
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
