/**
 * What a run of `train` leaves behind (`TrainHistory`), and the loop's divergence guard: training stops with a `TrainingDivergedError` when the cost stops
 * being a finite number, when an epoch's mean cost grows past `divergenceFactor` times the first epoch's
 * (default 1000; `false` turns that check off), or when a parameter ends up NaN or ±Infinity. The message
 * says when, names the likely cause (the learning rate, a schedule that raised it, a λ too strong for it; with
 * the optimizer's β) and what to try. Taught in: 04-gradient-descent (learning rates that overshoot).
 */
import type { Matrix } from "../core/matrix";
import { numberOr } from "../core/validate";
import type { Optimizer } from "../learning/optimizers";

/** What the guard reads of `train`'s options. */
interface GuardOptions {
  divergenceFactor?: number | false;
  warn?: boolean;
  learningRateSchedule?: unknown;
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
  /** Set when the run finished with a cost that ended above its start or kept rising (see `warnIfRising`). */
  warning?: string;
}

/** The warning looks at the last RISING_WINDOW epochs and speaks when the cost rose in RISING_SHARE of them. */
const RISING_WINDOW = 10;
const RISING_SHARE = 0.8;

/** The last training run that did not finish (its error), until a run finishes; null when the last one did. */
let failedRun: Error | null = null;
/** Whether that error reached the learner (their cell failed with it), rather than being caught by code. */
let failedRunShown = false;

/**
 * Why the last call of `train` (or `fit`) did not finish, when its error failed the learner's cell (a failure a
 * cell catches on purpose, as chapter 04's divergence demo does, does not count); null when the last run
 * finished. Cells that show a training run's results (charts, the checks of the numbers the text quotes) then say
 * so instead of quietly showing an earlier run's.
 */
export function lastTrainingFailure(): Error | null {
  return failedRunShown ? failedRun : null;
}

/** Records how the last training run ended (`train` calls it): null when it finished. */
export function recordTrainingEnd(error: unknown): void {
  failedRun = error === null ? null : error instanceof Error ? error : new Error(String(error));
  failedRunShown = false;
}

/** Called when an error is shown to the learner as a failed cell (screen/errors.ts). */
export function errorShown(e: Error): void {
  if (e === failedRun) failedRunShown = true;
}

/** The default `divergenceFactor`: a cost 1000 times its first epoch's is no longer learning. */
export const DEFAULT_DIVERGENCE_FACTOR = 1000;

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

/** Watches one run of `train` (its history) and throws a `TrainingDivergedError` when it diverges. */
export class DivergenceGuard {
  /** The learning rate the run started with (a schedule starts from it). */
  readonly initialLr: number;
  private readonly factor: number;
  private readonly start = Date.now();

  constructor(
    /** The model (its λ, when it has one, may be the cause). */
    private readonly model: object,
    private readonly optimizer: Optimizer,
    private readonly options: GuardOptions,
    /** The training set's size m (for λ's weight decay 1 − lr·λ/m at every step). */
    private readonly m: number,
    private readonly history: TrainHistory,
  ) {
    this.initialLr = optimizer.learningRate;
    this.factor =
      options.divergenceFactor === false
        ? Infinity
        : numberOr(
            options.divergenceFactor,
            DEFAULT_DIVERGENCE_FACTOR,
            "divergenceFactor (or false to turn the check off)",
            { min: 1, minOpen: true },
          );
  }

  /** Seconds since the run started. */
  seconds(): number {
    return (Date.now() - this.start) / 1000;
  }

  /** After a step: a NaN or infinite cost always stops training. */
  checkStep(cost: number, epoch: number): void {
    if (Number.isFinite(cost)) return;
    const iteration = this.history.iterations + 1;
    throw this.diverged(
      `the cost became ${cost} at epoch ${epoch + 1}, iteration ${iteration}`,
      epoch + 1,
      iteration,
      false,
    );
  }

  /** After an epoch: its mean cost must stay within `divergenceFactor` times the first epoch's. */
  checkEpoch(epoch: number): void {
    const costs = this.history.costs;
    const first = costs[0] as number;
    const cost = costs[costs.length - 1] as number;
    if (epoch === 0 || !(cost > this.factor * first)) return;
    const what =
      `the cost rose from ${first.toPrecision(4)} (epoch 1) to ${cost.toPrecision(4)} at epoch ${epoch + 1}, ` +
      `iteration ${this.history.iterations} — more than ${this.factor}× where it started`;
    throw this.diverged(what, epoch + 1, this.history.iterations, true);
  }

  /**
   * After the run: a cost that ends above where it started, or that rose in most of the last epochs, is not an
   * error (the run finished) but a warning: it is recorded in the history and printed as one line, naming the
   * learning rate. Returns the warning, or null.
   */
  warnIfRising(): string | null {
    const costs = this.history.costs;
    const n = costs.length;
    if (n < 2) return null;
    const first = costs[0] as number;
    const last = costs[n - 1] as number;
    const window = Math.min(RISING_WINDOW, n - 1);
    let rises = 0;
    for (let k = n - window; k < n; k++)
      if ((costs[k] as number) > (costs[k - 1] as number)) rises++;
    const endedHigher = last > first;
    const rising =
      rises >= Math.ceil(RISING_SHARE * window) && last > (costs[n - 1 - window] as number);
    if (!endedHigher && !rising) return null;
    const lr = this.optimizer.learningRate;
    const what = endedHigher
      ? `the cost ended higher than it started (${first.toPrecision(4)} at epoch 1, ${last.toPrecision(4)} at epoch ${n})`
      : `the cost rose in ${rises} of the last ${window} epochs (to ${last.toPrecision(4)} at epoch ${n})`;
    const warning =
      `⚠ Training finished, but ${what}: the learning rate ${lr} (${this.optimizer.name}) is probably too large ` +
      `(the steps overshoot the minimum). Try a smaller one, e.g. ${lr / 10}.`;
    this.history.warning = warning;
    if (this.options.warn !== false) console.log(warning);
    return warning;
  }

  /** After the run: every parameter must be a finite number. */
  checkParameters(params: readonly Matrix[]): void {
    for (const [k, p] of params.entries()) {
      const i = p.data.findIndex((v) => !Number.isFinite(v));
      if (i < 0) continue;
      const { epochs, iterations } = this.history;
      const what = `parameter ${k} (${p.shape()}) holds ${p.data[i]} after ${iterations} iterations`;
      throw this.diverged(what, epochs, iterations, false);
    }
  }

  private diverged(what: string, epoch: number, iteration: number, offSwitch: boolean) {
    this.history.seconds = this.seconds();
    const cause = likelyCause(
      this.model,
      this.optimizer,
      this.initialLr,
      this.options.learningRateSchedule !== undefined,
      this.m,
    );
    const off = offSwitch
      ? ` To let it run anyway (to watch a divergence), pass { divergenceFactor: false }.`
      : "";
    return new TrainingDivergedError(
      `Training diverged: ${what}. ${cause}${off}`,
      epoch,
      iteration,
      this.history,
    );
  }
}

/**
 * Which setting most likely made training diverge, with its value and what to try: a schedule that raised the
 * learning rate, an L2 strength λ so large that the weight decay 1 − lr·λ/m overshoots, or (most often) the
 * learning rate itself, with the optimizer's β when it has one.
 */
function likelyCause(
  model: object,
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
      `${(1 - (lr * lambda) / m).toPrecision(3)} (m = ${m} training examples), which overshoots zero. Try a smaller λ, e.g. ${lambda / 100}.`
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
