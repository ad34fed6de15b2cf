/**
 * Getting data ready for training: a seeded (stratified) train/test split, standardisation, and the
 * k-fold splits of cross-validation (kFoldSplits, taught in 14-diagnose-and-tune).
 * Shapes follow the course: X is n×m (n features, one COLUMN per example), y is 1×m.
 *
 *   standardise   x′ = (x − μ)/σ per feature (row), with μ, σ the mean and standard deviation over the
 *                 TRAINING examples only (population σ, dividing by m), then applied unchanged to the test set.
 *
 * Taught in: 05-logistic-regression-in-practice.
 */
import { checkLabels } from "./losses";
import { Matrix, ShapeError } from "../core/matrix";
import { Rng } from "../core/random";
import { checkNumber, numberOr, RULES } from "../core/validate";

/** Options of `trainTestSplit`. */
export interface SplitOptions {
  /** Share of the examples that go to the test set, strictly between 0 and 1; default 0.2. */
  testFraction?: number;
  /** Seed of the shuffle; default 0. */
  seed?: number;
  /** Keep each class's share the same in both sets (needs labels 0/1); default true. */
  stratify?: boolean;
}

/** The two sets, and which original columns (examples) went where (ascending). */
export interface Split {
  XTrain: Matrix;
  yTrain: Matrix;
  XTest: Matrix;
  yTest: Matrix;
  trainIndex: number[];
  testIndex: number[];
}

/**
 * Splits the examples (columns of X, entries of y) into a training and a test set, at random with a seeded
 * Rng. Stratified (the default), each class is shuffled and split on its own, so both sets keep the class
 * balance: class c with m_c examples puts round(testFraction·m_c) of them in the test set.
 */
export function trainTestSplit(X: Matrix, y: Matrix, options: SplitOptions = {}): Split {
  const testFraction = options.testFraction ?? 0.2;
  const stratify = options.stratify ?? true;
  checkNumber(testFraction, "testFraction", {
    min: 0,
    max: 1,
    minOpen: true,
    maxOpen: true,
    label: "a number strictly between 0 and 1",
  });
  if (y.rows !== 1 || y.cols !== X.cols) {
    throw new ShapeError(
      `X is ${X.shape()} (${X.cols} examples) but y is ${y.shape()}: y must be 1×${X.cols}, one label per example`,
    );
  }
  if (X.cols < 2) throw new ShapeError(`X is ${X.shape()}: a split needs at least 2 examples`);
  const rng = new Rng(numberOr(options.seed, 0, "trainTestSplit: seed", RULES.seed));
  const groups: number[][] = [];
  if (stratify) {
    checkLabels(y);
    for (const cls of [0, 1])
      groups.push(Array.from({ length: y.cols }, (_, j) => j).filter((j) => y.data[j] === cls));
  } else {
    groups.push(Array.from({ length: y.cols }, (_, j) => j));
  }
  const test: number[] = [];
  const trainIdx: number[] = [];
  for (const g of groups) {
    rng.shuffle(g);
    const k = Math.round(testFraction * g.length);
    test.push(...g.slice(0, k));
    trainIdx.push(...g.slice(k));
  }
  if (test.length === 0 || trainIdx.length === 0) {
    throw new RangeError(
      `trainTestSplit: testFraction ${testFraction} of ${X.cols} examples leaves an empty ${test.length === 0 ? "test" : "training"} set`,
    );
  }
  test.sort((a, b) => a - b);
  trainIdx.sort((a, b) => a - b);
  return {
    XTrain: X.selectCols(trainIdx),
    yTrain: y.selectCols(trainIdx),
    XTest: X.selectCols(test),
    yTest: y.selectCols(test),
    trainIndex: trainIdx,
    testIndex: test,
  };
}

/** Per-feature means and standard deviations fitted on a training set; `transform` applies them. */
export interface Standardizer {
  /** μ, n×1: the mean of each feature over the training examples. */
  mean: Matrix;
  /** σ, n×1: the standard deviation of each feature (population: divides by m). */
  std: Matrix;
  /** (X − μ)/σ feature by feature (X: n×k, any number of examples). */
  transform(X: Matrix): Matrix;
}

/** Options of `fitStandardizer`. */
export interface StandardizerOptions {
  /** Feature names (one per row of X), used in error messages. */
  featureNames?: string[];
  /**
   * What to do with a feature that has the same value in every training example (σ = 0, so (x − μ)/σ would
   * divide by zero): "error" (default) throws naming it; "keep" uses σ = 1, which maps it to 0 everywhere.
   */
  constant?: "error" | "keep";
}

/**
 * Fits μ and σ per feature (row) of the TRAINING matrix X (n×m): μ = mean over examples, σ = √(mean of
 * (x − μ)²). Apply the same μ and σ to the test set with `transform`, so no test information leaks in.
 */
export function fitStandardizer(X: Matrix, options: StandardizerOptions = {}): Standardizer {
  if (X.cols === 0 || X.rows === 0)
    throw new ShapeError(`fitStandardizer: X is ${X.shape()}, there is nothing to fit`);
  X.assertFinite("X");
  const names = options.featureNames;
  if (names && names.length !== X.rows)
    throw new ShapeError(
      `fitStandardizer: ${names.length} feature names for ${X.rows} features (rows of X)`,
    );
  const mean = X.mean(1);
  const std = new Matrix(X.rows, 1);
  for (let i = 0; i < X.rows; i++) {
    const mu = mean.data[i] as number;
    let s = 0;
    for (let j = 0; j < X.cols; j++) s += ((X.data[i * X.cols + j] as number) - mu) ** 2;
    const sigma = Math.sqrt(s / X.cols);
    if (sigma === 0) {
      if (options.constant !== "keep") {
        const name = names ? `"${names[i]}" (row ${i})` : `row ${i}`;
        throw new RangeError(
          `fitStandardizer: feature ${name} has the same value ${mu} in all ${X.cols} training examples, so its ` +
            `standard deviation is 0 and (x − μ)/σ would divide by zero. It carries no information: drop it, ` +
            `or pass { constant: "keep" } to map it to 0.`,
        );
      }
      std.data[i] = 1;
    } else {
      std.data[i] = sigma;
    }
  }
  return {
    mean,
    std,
    transform(Xs: Matrix): Matrix {
      if (Xs.rows !== mean.rows) {
        throw new ShapeError(
          `standardise: fitted on ${mean.rows} features but X is ${Xs.shape()} (${Xs.rows} features)`,
        );
      }
      Xs.assertFinite("X");
      return Xs.sub(mean).div(std);
    },
  };
}

/** One fold of k-fold cross-validation: the examples to train on and the ones to score on (ascending). */
export interface Fold {
  trainIndex: number[];
  validationIndex: number[];
}

/**
 * k-fold cross-validation's splits of m examples: the examples are shuffled once (seeded), then cut into k
 * folds of sizes ⌊m/k⌋ or ⌈m/k⌉ — fold i holds positions ⌊i·m/k⌋ to ⌊(i+1)·m/k⌋ − 1 of the shuffled order.
 * Fold i validates on its own examples and trains on the other k − 1 folds; every example is validated on
 * exactly once. 2 ≤ k ≤ m. Not stratified: with classes of very different sizes, check each fold's labels.
 */
export function kFoldSplits(m: number, k: number, options: { seed?: number } = {}): Fold[] {
  checkNumber(m, "kFoldSplits: m", RULES.positiveCount);
  checkNumber(k, "kFoldSplits: k", {
    whole: true,
    min: 2,
    max: m,
    label: `a whole number from 2 to m = ${m}`,
  });
  const order = new Rng(numberOr(options.seed, 0, "kFoldSplits: seed", RULES.seed)).permutation(m);
  const ascending = (a: number, b: number) => a - b;
  return Array.from({ length: k }, (_, i) => {
    const start = Math.floor((i * m) / k);
    const end = Math.floor(((i + 1) * m) / k);
    return {
      trainIndex: [...order.slice(0, start), ...order.slice(end)].sort(ascending),
      validationIndex: order.slice(start, end).sort(ascending),
    };
  });
}
