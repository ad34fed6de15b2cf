/**
 * One of K classes with yes/no models: one-vs-rest. For each class k, a logistic regression learns
 * "is it k?" (y = 1 for class k, 0 for every other class); a new example gets the class whose model is the
 * most sure: ĉ = argmax_k P_k(y = 1 | x) (the predicted class). The K probabilities need not sum to 1 — each model answered its own
 * question — which is what softmax (learning/softmax.ts, a network's `output: "softmax"`) fixes.
 * Taught in: 12-one-of-ten.
 */
import { Matrix } from "../core/matrix";
import type { Features } from "../core/sparse";
import { argmaxColumns, checkClassLabels } from "../learning/softmax";
import { fitLogisticRegression, type FitLogisticOptions, LogisticRegression } from "./logistic";
import type { TrainHistory } from "./train";

/** K logistic regressions, one per class, and how they decide together. */
export class OneVsRest {
  /** models[k] answers "is it class k?". */
  readonly models: LogisticRegression[];

  constructor(models: LogisticRegression[]) {
    if (models.length < 2)
      throw new RangeError(`OneVsRest: needs a model per class, at least 2, got ${models.length}`);
    this.models = models;
  }

  /** K, the number of classes. */
  get numClasses(): number {
    return this.models.length;
  }

  /** P_k(y = 1 | x) of every model k for every column of X: K×m (row k = model k; columns need not sum to 1). */
  predictProba(X: Features): Matrix {
    return Matrix.vstack(this.models.map((model) => model.predictProba(X)));
  }

  /** The class of the most sure model for each column of X: argmax_k P_k (m class numbers). */
  predict(X: Features): number[] {
    return argmaxColumns(this.predictProba(X));
  }
}

/**
 * Trains one-vs-rest on X (n×m) and labels (m class numbers 0…K−1): for k = 0…K−1, `fitLogisticRegression`
 * on y_k = [label = k] with the same options. Returns the K models together and their cost histories.
 */
export function fitOneVsRest(
  X: Features,
  labels: ArrayLike<number>,
  K: number,
  options: FitLogisticOptions = {},
): { model: OneVsRest; histories: TrainHistory[] } {
  if (!(Number.isInteger(K) && K >= 2))
    throw new RangeError(
      `fitOneVsRest: K (the number of classes) must be a whole number ≥ 2, got ${K}`,
    );
  checkClassLabels(labels, K, "fitOneVsRest: labels");
  const models: LogisticRegression[] = [];
  const histories: TrainHistory[] = [];
  for (let k = 0; k < K; k++) {
    const yk = Matrix.row(Array.from(labels, (label) => (label === k ? 1 : 0))); // "is it k?"
    const { model, history } = fitLogisticRegression(X, yk, options);
    models.push(model);
    histories.push(history);
  }
  return { model: new OneVsRest(models), histories };
}
