/**
 * Logistic regression: one sigmoid neuron trained with cross-entropy — the output layer of every network
 * later in the course.
 *
 *   forward    Z = w·X + b        (1×n)·(n×m) + (1×1) → 1×m logits
 *              A = σ(Z)           1×m probabilities P(y = 1 | x)
 *   cost       J = (1/m) Σ crossEntropyOfLogit(z, y) + (λ/(2m))·‖w‖²     (b is not penalised)
 *   gradients  dw = (A − Y)·Xᵀ/m + (λ/m)·w    (1×n)
 *              db = Σ(A − Y)/m                (1×1)
 *
 * Shapes follow the course: X is n×m (n features, one COLUMN per example), y is 1×m with values in {0, 1},
 * w is 1×n (one weight per feature), b is 1×1. X may be a dense `Matrix` or a `SparseMatrix` (a bag of words, 11):
 * `dot(w, X)` is w·X either way. The model implements `Trainable`, so the shared loop `train`
 * runs full-batch, mini-batch and stochastic gradient descent on it.
 * The step is written below as the formulas read (`forwardCostBackward`); `costAndGradients`, the training
 * loop's call, hands it to a backend (backend.ts): by default the engine (engine/logistic-engine.ts) runs the same
 * step in one loop, with the same numbers.
 * Taught in: 04-gradient-descent (the gradients), 05-logistic-regression-in-practice (the model).
 */
import { sigmoidMatrix } from "../learning/activations";
import { checkLabels, crossEntropyFromLogits } from "../learning/losses";
import { checkMatrix } from "../core/arguments";
import { Matrix, ShapeError } from "../core/matrix";
import { SparseMatrix, type Features } from "../core/sparse";
import { dot } from "../core/sparse-products";
import { checkNumber, RULES } from "../core/validate";
import { backend } from "./backend";
import { train, type TrainHistory, type TrainOptions, type Trainable } from "./train";

/** Options of a logistic-regression model. */
export interface LogisticRegressionOptions {
  /** L2 penalty strength λ ≥ 0 in (λ/(2m))·‖w‖²; default 0 (no penalty). */
  lambda?: number;
}

/** A model's parameters as plain data (JSON-friendly): w has one number per feature. */
export interface LogisticWeights {
  w: number[];
  b: number;
  lambda: number;
}

/** λ, checked the same way by the constructor and the setter. */
function checkLambda(lambda: unknown): number {
  return checkNumber(lambda, "lambda (the L2 strength λ)", RULES.nonNegative);
}

/**
 * Binary logistic regression P(y = 1 | x) = σ(w·x + b), with w 1×n and b 1×1 (start: all zeros — the cost
 * is convex, so the starting point does not change where gradient descent ends up).
 */
export class LogisticRegression implements Trainable {
  /** The weights, 1×n: one per feature (row of X). Updated in place by training. */
  readonly w: Matrix;
  /** The bias, 1×1. Updated in place by training. */
  readonly b: Matrix;
  private lambdaValue = 0;

  /** A model for `nFeatures` features with w = 0 and b = 0. */
  constructor(nFeatures: number, options: LogisticRegressionOptions = {}) {
    checkNumber(
      nFeatures,
      "LogisticRegression: the number of features (rows of X)",
      RULES.positiveCount,
    );
    this.w = Matrix.zeros(1, nFeatures);
    this.b = Matrix.zeros(1, 1);
    this.lambda = options.lambda ?? 0;
  }

  /** The L2 strength λ ≥ 0 (0 = no penalty); setting it is checked as the constructor checks it. */
  get lambda(): number {
    return this.lambdaValue;
  }

  set lambda(lambda: number) {
    this.lambdaValue = checkLambda(lambda);
  }

  /** A model with the given weights (w: n numbers or a 1×n matrix) and bias. */
  static fromWeights(
    w: ArrayLike<number> | Matrix,
    b: number,
    options: LogisticRegressionOptions = {},
  ): LogisticRegression {
    const values = w instanceof Matrix ? w.data : Float64Array.from(w);
    if (w instanceof Matrix && w.rows !== 1)
      throw new ShapeError(
        `fromWeights: w must be 1×n (a row, one weight per feature), got ${w.shape()}`,
      );
    const model = new LogisticRegression(values.length, options);
    model.w.data.set(values);
    model.b.data[0] = checkNumber(b, "LogisticRegression.fromWeights: b");
    model.w.assertFinite("LogisticRegression.fromWeights: w");
    return model;
  }

  /** Number of features n the model expects (rows of X). */
  get nFeatures(): number {
    return this.w.cols;
  }

  private checkX(X: Features): void {
    if (X instanceof SparseMatrix && X.rows !== this.w.cols) {
      throw new ShapeError(
        `X was vectorised with ${X.rows} features (a vocabulary of ${X.rows} words?) but the model has ` +
          `${this.w.cols} weights, one per feature it was trained on (w is ${this.w.shape()}, X is ${X.shape()}): ` +
          `vectorise with the same vectorizer (vocabulary) that made the training matrix`,
      );
    }
    if (X.rows !== this.w.cols) {
      throw new ShapeError(
        `w is ${this.w.shape()} but X is ${X.shape()}: the model expects ${this.w.cols} features (rows of X), ` +
          `got ${X.rows}. X needs one row per feature and one column per example (transpose it?)`,
      );
    }
  }

  private checkY(X: Features, Y: Matrix): void {
    checkMatrix(Y, "y", "Matrix.row([...]) (one label per example)");
    if (Y.rows !== 1 || Y.cols !== X.cols) {
      // y as long as X has rows: either y is wrong or X came with one row per example; name both
      const maybeTransposed = Y.rows === 1 && Y.cols === X.rows && X.cols !== X.rows;
      throw new ShapeError(
        `X is ${X.shape()} (${X.cols} examples) but y is ${Y.shape()}: y must be 1×${X.cols}, one label per example` +
          (maybeTransposed
            ? `; or, if there are ${Y.cols} examples, X is transposed: pass X.T (one column per example) to a ` +
              `model made for ${X.cols} features`
            : ""),
      );
    }
    if (X.cols === 0) throw new ShapeError(`X is ${X.shape()}: there are no examples`);
    checkLabels(Y);
  }

  /** The logits Z = w·X + b (1×m); X must hold finite numbers (a NaN would give a meaningless prediction). */
  logits(X: Features): Matrix {
    this.checkX(X);
    X.assertFinite("X");
    return dot(this.w, X).add(this.b);
  }

  /** The forward pass: Z = w·X + b and A = σ(Z), both 1×m. */
  forward(X: Features): { Z: Matrix; A: Matrix } {
    const Z = this.logits(X);
    return { Z, A: sigmoidMatrix(Z) };
  }

  /** P(y = 1 | x) for each example: A = σ(w·X + b), 1×m. */
  predictProba(X: Features): Matrix {
    return this.forward(X).A;
  }

  /**
   * Class predictions 1×m: 1 where P(y = 1 | x) > threshold (default 0.5), else 0 — strictly greater, as
   * scikit-learn decides (so with w = 0 and b = 0, where every P is 0.5, every prediction is 0).
   */
  predict(X: Features, threshold = 0.5): Matrix {
    checkNumber(threshold, "threshold", RULES.probability);
    return this.predictProba(X).map((a) => (a > threshold ? 1 : 0));
  }

  /** The L2 penalty (λ/(2m))·‖w‖² for m examples (b is not penalised). */
  penalty(m: number): number {
    if (this.lambda === 0) return 0;
    return (this.lambda / (2 * m)) * this.w.norm() ** 2;
  }

  /** The cost J = cross-entropy from the logits + (λ/(2m))·‖w‖², computed stably (no log of 0). */
  cost(X: Features, Y: Matrix): number {
    const Z = this.logits(X);
    this.checkY(X, Y);
    return crossEntropyFromLogits(Z, Y) + this.penalty(X.cols);
  }

  /** dw = (A − Y)·Xᵀ/m + (λ/m)·w (1×n) and db = Σ(A − Y)/m (1×1). */
  gradients(X: Features, Y: Matrix): { dw: Matrix; db: Matrix } {
    const [dw, db] = this.costAndGradients(X, Y).grads as [Matrix, Matrix];
    return { dw, db };
  }

  /**
   * Forward, cost and backward in one step (what `train` calls): J and [dw, db], checked, then run by the backend
   * in use (backend.ts): `forwardCostBackward` below, or the engine's same step.
   */
  costAndGradients(X: Features, Y: Matrix, l2Examples?: number): { cost: number; grads: Matrix[] } {
    this.checkX(X);
    this.checkY(X, Y);
    return backend().logisticStep(this, X, Y, l2Examples);
  }

  /**
   * The step as the formulas read: J and [dw, db].
   *   forward   Z = w·X + b, A = σ(Z)                      (1×m)
   *   cost      J = cross-entropy from the logits + (λ/(2m))·‖w‖²
   *   backward  dZ = A − Y (the sigmoid + cross-entropy shortcut), dw = dZ·Xᵀ/m (+ (λ/m)·w) (1×n),
   *             db = Σ dZ/m (1×1)
   */
  forwardCostBackward(
    X: Features,
    Y: Matrix,
    l2Examples?: number,
  ): { cost: number; grads: Matrix[] } {
    this.checkY(X, Y);
    const m = X.cols;
    const mL2 = l2Examples ?? m; // the L2 term's m: the training set's size in `train`
    const { Z, A } = this.forward(X); // forward
    const cost = crossEntropyFromLogits(Z, Y) + this.penalty(mL2); // cost
    const dZ = A.sub(Y); // backward: dZ = A − Y
    let dw = dot(dZ, X.T).scale(1 / m); // dw = (A − Y)·Xᵀ/m
    if (this.lambda > 0) dw = dw.add(this.w.scale(this.lambda / mL2)); //   + (λ/m)·w
    const db = dZ.sum(1).scale(1 / m); // db = Σ(A − Y)/m
    return { cost, grads: [dw, db] };
  }

  /** [w, b], the matrices the optimizer updates in place. */
  parameters(): Matrix[] {
    return [this.w, this.b];
  }

  /** Trains on X (n×m), y (1×m) with the shared loop `train` (gradient descent by default). */
  fit(X: Features, y: Matrix, options: TrainOptions): TrainHistory {
    this.checkX(X);
    this.checkY(X, y);
    return train(this, X, y, options);
  }

  /** The parameters as plain data: `{ w: [...], b, lambda }`. */
  toJSON(): LogisticWeights {
    return { w: this.w.toList(), b: this.b.item(), lambda: this.lambda };
  }
}

/** Options of `fitLogisticRegression`: the training options plus the L2 strength. */
export interface FitLogisticOptions extends Partial<TrainOptions>, LogisticRegressionOptions {}

/**
 * Creates a logistic-regression model for X (n×m) and y (1×m, labels 0/1) and trains it with `train`
 * (defaults: 1000 epochs of full-batch gradient descent with learningRate 0.1; set `batchSize` for
 * mini-batch or stochastic gradient descent, `lambda` for L2). Returns the model and its cost history.
 */
export function fitLogisticRegression(
  X: Features,
  y: Matrix,
  options: FitLogisticOptions = {},
): { model: LogisticRegression; history: TrainHistory } {
  const model = new LogisticRegression(X.rows, { lambda: options.lambda ?? 0 });
  const history = model.fit(X, y, { ...options, epochs: options.epochs ?? 1000 });
  return { model, history };
}
