/**
 * Linear regression with the mean squared error: the model MSE is made for (a number to predict, not a
 * yes/no), fitted two ways that must agree — gradient descent with the shared loop, and the closed form.
 *
 *   forward    ŷ = w·X + b             (1×n)·(n×m) + (1×1) → 1×m predictions
 *   cost       J = (1/m) Σ (ŷ − y)²    (the course's `meanSquaredError`)
 *   gradients  dw = (2/m)·(ŷ − Y)·Xᵀ   (1×n)
 *              db = (2/m)·Σ(ŷ − Y)     (1×1)
 *   closed form: J is a convex quadratic in θ = (w, b), so its minimum is where the gradient is 0: with
 *              X̃ = [X; 1…1] ((n+1)×m, a row of ones for b), the normal equations (X̃·X̃ᵀ)·θᵀ = X̃·Yᵀ,
 *              an (n+1)×(n+1) system, solved here by Cholesky (X̃·X̃ᵀ is symmetric positive definite).
 *
 * Shapes follow the course: X is n×m (one COLUMN per example), y is 1×m (any real numbers), w is 1×n, b 1×1.
 * Taught in: 04-gradient-descent (regression with MSE); the cost itself in 03-cost-functions.
 */
import { Matrix, ShapeError } from "../core/matrix";
import { checkNumber, RULES } from "../core/validate";
import { train, type TrainHistory, type TrainOptions, type Trainable } from "./train";

/** Throws unless X is n×m and Y is 1×m (m ≥ 1) with finite numbers, naming the shapes or value at fault. */
export function checkRegressionData(X: Matrix, Y: Matrix, who: string): void {
  if (Y.rows !== 1 || Y.cols !== X.cols) {
    throw new ShapeError(
      `${who}: X is ${X.shape()} (${X.cols} examples) but y is ${Y.shape()}: y must be 1×${X.cols}, one target per example`,
    );
  }
  if (X.cols === 0) throw new ShapeError(`${who}: X is ${X.shape()}: there are no examples`);
  X.assertFinite(`${who}: X`);
  Y.assertFinite(`${who}: y`);
}

/** ŷ = w·X + b (1×m) for w 1×n, b 1×1, X n×m. */
export class LinearRegression implements Trainable {
  /** The weights, 1×n (start: 0). Updated in place by training. */
  readonly w: Matrix;
  /** The bias, 1×1 (start: 0). Updated in place by training. */
  readonly b: Matrix;

  /** A model for `nFeatures` features (rows of X) with w = 0, b = 0. */
  constructor(nFeatures: number) {
    checkNumber(
      nFeatures,
      "LinearRegression: the number of features (rows of X)",
      RULES.positiveCount,
    );
    this.w = Matrix.zeros(1, nFeatures);
    this.b = Matrix.zeros(1, 1);
  }

  /** A model with the given weights (n numbers) and bias. */
  static fromWeights(w: ArrayLike<number>, b: number): LinearRegression {
    const model = new LinearRegression(w.length);
    model.w.data.set(Float64Array.from(w));
    model.b.data[0] = checkNumber(b, "LinearRegression.fromWeights: b");
    model.w.assertFinite("LinearRegression.fromWeights: w");
    model.b.assertFinite("LinearRegression.fromWeights: b");
    return model;
  }

  private checkX(X: Matrix, who: string): void {
    if (X.rows !== this.w.cols) {
      const hint = X.cols === this.w.cols ? " (transpose it? X needs one column per example)" : "";
      throw new ShapeError(
        `${who}: w is ${this.w.shape()} but X is ${X.shape()}: the model expects ${this.w.cols} features (rows of X), got ${X.rows}${hint}`,
      );
    }
  }

  /** ŷ = w·X + b, 1×m. X must be n×m with finite numbers. */
  predict(X: Matrix): Matrix {
    this.checkX(X, "predict");
    X.assertFinite("predict: X");
    return this.w.matmul(X).add(this.b);
  }

  /** J = (1/m) Σ (ŷ − y)². */
  cost(X: Matrix, Y: Matrix): number {
    return this.costAndGradients(X, Y).cost;
  }

  /**
   * Forward, cost and backward (what `train` calls): J = (1/m) Σ (ŷ − y)², and [dw, db] with
   * dw = (2/m)·(ŷ − Y)·Xᵀ (1×n), db = (2/m)·Σ(ŷ − Y) (1×1).
   */
  costAndGradients(X: Matrix, Y: Matrix): { cost: number; grads: Matrix[] } {
    this.checkX(X, "costAndGradients");
    checkRegressionData(X, Y, "costAndGradients");
    const m = X.cols;
    const E = this.w.matmul(X).add(this.b).sub(Y); // forward: the errors ŷ − Y (1×m)
    const cost = E.mul(E).sum() / m; // cost
    const dw = E.matmul(X.T).scale(2 / m); // backward: dw = (2/m)·(ŷ − Y)·Xᵀ
    const db = E.sum(1).scale(2 / m); //           db = (2/m)·Σ(ŷ − Y)
    return { cost, grads: [dw, db] };
  }

  /** [w, b], the matrices the optimizer updates in place. */
  parameters(): Matrix[] {
    return [this.w, this.b];
  }

  /** Trains on X (n×m), y (1×m) with the shared loop `train` (gradient descent by default). */
  fit(X: Matrix, y: Matrix, options: TrainOptions): TrainHistory {
    this.checkX(X, "fit");
    checkRegressionData(X, y, "fit");
    return train(this, X, y, options);
  }
}

/**
 * Creates a linear regression for X (n×m), y (1×m) and trains it by gradient descent with `train` (defaults:
 * 1000 epochs, learningRate 0.1). Returns the model and its cost history.
 */
export function fitLinearRegression(
  X: Matrix,
  y: Matrix,
  options: Partial<TrainOptions> = {},
): { model: LinearRegression; history: TrainHistory } {
  const model = new LinearRegression(X.rows);
  const history = model.fit(X, y, { ...options, epochs: options.epochs ?? 1000 });
  return { model, history };
}

/**
 * The normal equations of linear regression: A = X̃·X̃ᵀ ((n+1)×(n+1)) and c = X̃·Yᵀ ((n+1)×1), with
 * X̃ = [X; 1…1]. Their solution θ = (w₁ … wₙ, b) is where ∇J = (2/m)(θ·X̃ − Y)·X̃ᵀ = 0.
 */
export function normalEquations(X: Matrix, Y: Matrix): { A: Matrix; c: Matrix } {
  checkRegressionData(X, Y, "normalEquations");
  const Xt = Matrix.vstack([X, Matrix.ones(1, X.cols)]); // X̃: (n+1)×m
  return { A: Xt.matmul(Xt.T), c: Xt.matmul(Y.T) };
}

/**
 * Solves A·x = c for a symmetric positive definite A (k×k) and c (k×1) by Cholesky, A = L·Lᵀ: forward then
 * back substitution. Throws when A is not positive definite (for the normal equations: a feature that is
 * constant, or a copy of another, so the best fit is not unique).
 */
export function solveSymmetric(A: Matrix, c: Matrix): Matrix {
  const k = A.rows;
  if (A.cols !== k || c.rows !== k || c.cols !== 1) {
    throw new ShapeError(
      `solveSymmetric: A must be k×k and c k×1, got A ${A.shape()} and c ${c.shape()}`,
    );
  }
  const L = new Matrix(k, k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A.get(i, j);
      for (let q = 0; q < j; q++) s -= L.get(i, q) * L.get(j, q);
      if (i === j) {
        if (!(s > 1e-12 * Math.max(1, Math.abs(A.get(i, i))))) {
          throw new RangeError(
            `solveSymmetric: the matrix is not positive definite (pivot ${i} is ${s.toExponential(2)}): ` +
              `for linear regression, a feature is constant or a combination of the others, so no unique best fit exists`,
          );
        }
        L.set(i, i, Math.sqrt(s));
      } else {
        L.set(i, j, s / L.get(j, j));
      }
    }
  }
  const z = new Matrix(k, 1); // L·z = c
  for (let i = 0; i < k; i++) {
    let s = c.get(i, 0);
    for (let q = 0; q < i; q++) s -= L.get(i, q) * z.get(q, 0);
    z.set(i, 0, s / L.get(i, i));
  }
  const x = new Matrix(k, 1); // Lᵀ·x = z
  for (let i = k - 1; i >= 0; i--) {
    let s = z.get(i, 0);
    for (let q = i + 1; q < k; q++) s -= L.get(q, i) * x.get(q, 0);
    x.set(i, 0, s / L.get(i, i));
  }
  return x;
}

/**
 * The closed-form least-squares fit: θ = (w, b) from the normal equations (X̃·X̃ᵀ)·θᵀ = X̃·Yᵀ (see
 * `normalEquations`), returned as a model. Needs m ≥ n + 1 examples whose features are not constant or
 * combinations of each other.
 */
export function closedFormLinearRegression(X: Matrix, Y: Matrix): LinearRegression {
  const { A, c } = normalEquations(X, Y);
  const theta = solveSymmetric(A, c).toList();
  return LinearRegression.fromWeights(theta.slice(0, X.rows), theta[X.rows] as number);
}
