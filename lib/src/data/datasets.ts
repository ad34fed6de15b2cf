/**
 * Small seeded 2-D datasets for classification, in the course's layout: X is 2×m (one column per point),
 * y is 1×m with labels in {0, 1}. Each generator makes exactly ⌊m/2⌋ points of class 0 and ⌈m/2⌉ of class 1,
 * shuffled (seeded), so a slice of the columns is a fair sample. `noise` is the standard deviation of the
 * Gaussian jitter added to each point: 0 gives the clean shape, larger values blur the classes together.
 *
 * Shapes, in the spirit of tensorflow/playground's `dataset.ts` and Andrew Ng's "planar data":
 *   xor      four quadrants: y = 1 where x₁ and x₂ have opposite signs          (not linearly separable)
 *   circles  a ring (y = 0) around a disc-like inner ring (y = 1)               (not linearly separable)
 *   moons    two interleaving half circles                                      (almost, not quite)
 *   spirals  two spirals winding around each other                             (hard)
 *   flower   an eight-petal flower r = 4·sin(4t), petals alternating in class   (Ng's planar data)
 *   blobs    two Gaussian clouds                                                (linearly separable)
 * Taught in: 06-why-hidden-layers (logistic regression fails on most of them), 08-multi-layer-network.
 */
import { checkNumber, numberOr, RULES } from "../core/validate";
import { Matrix } from "../core/matrix";
import { Rng } from "../core/random";

/** A labelled 2-D dataset: X is 2×m (features × examples), y is 1×m with values in {0, 1}. */
export interface Dataset {
  /** The generator's name, e.g. "moons". */
  name: string;
  X: Matrix;
  y: Matrix;
}

/** Options every generator takes. */
export interface DatasetOptions {
  /** Number of examples m (default 400); half are class 0, half class 1 (class 1 gets the odd one). */
  m?: number;
  /** Seed of the generator (default 0): the same seed gives the same points. */
  seed?: number;
  /** Standard deviation of the Gaussian jitter added to every point (each generator has its own default). */
  noise?: number;
}

/** The generators' names. */
export const DATASET_NAMES = ["xor", "circles", "moons", "spirals", "flower", "blobs"] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

interface Resolved {
  m: number;
  rng: Rng;
  noise: number;
  /** Examples of class 0 (the first n0 generated). */
  n0: number;
}

function resolve(who: string, o: DatasetOptions, defaultNoise: number): Resolved {
  const m = numberOr(o.m, 400, `${who}: m (the number of examples)`, { whole: true, min: 2 });
  const noise = numberOr(o.noise, defaultNoise, `${who}: noise`, RULES.nonNegative);
  const seed = numberOr(o.seed, 0, `${who}: seed`, RULES.seed);
  return { m, rng: new Rng(seed), noise, n0: Math.floor(m / 2) };
}

/**
 * Builds the dataset from a point generator: `point(label, k, count)` returns the clean k-th point of its
 * class (k = 0…count−1); jitter is added here, then the columns are shuffled.
 */
function build(
  name: string,
  r: Resolved,
  point: (label: 0 | 1, k: number, count: number) => [number, number],
): Dataset {
  const { m, rng, noise, n0 } = r;
  const xs = new Float64Array(m);
  const ys = new Float64Array(m);
  const labels = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const label: 0 | 1 = j < n0 ? 0 : 1;
    const k = label === 0 ? j : j - n0;
    const count = label === 0 ? n0 : m - n0;
    const [a, b] = point(label, k, count);
    xs[j] = noise > 0 ? a + rng.normal(0, noise) : a;
    ys[j] = noise > 0 ? b + rng.normal(0, noise) : b;
    labels[j] = label;
  }
  const order = rng.permutation(m);
  const X = new Matrix(2, m);
  const y = new Matrix(1, m);
  order.forEach((src, dst) => {
    X.data[dst] = xs[src] as number;
    X.data[m + dst] = ys[src] as number;
    y.data[dst] = labels[src] as number;
  });
  return { name, X, y };
}

/**
 * XOR: points uniform in the square [−1, 1]² (kept at least `margin` = 0.1 away from the axes), y = 1 when
 * x₁ and x₂ have opposite signs — the exclusive or of "x₁ > 0" and "x₂ > 0". Default noise 0.05.
 */
export function makeXor(o: DatasetOptions = {}): Dataset {
  const r = resolve("makeXor", o, 0.05);
  const margin = 0.1;
  const coord = (sign: number) => sign * (margin + (1 - margin) * r.rng.uniform());
  return build("xor", r, (label) => {
    const s1 = r.rng.uniform() < 0.5 ? -1 : 1;
    // opposite signs for class 1, equal signs for class 0
    const s2 = label === 1 ? -s1 : s1;
    return [coord(s1), coord(s2)];
  });
}

/**
 * Circles (as scikit-learn's make_circles): class 0 on the unit circle, class 1 on a circle of radius
 * `factor` (default 0.5) inside it, angles uniform. Default noise 0.1.
 */
export function makeCircles(o: DatasetOptions & { factor?: number } = {}): Dataset {
  const r = resolve("makeCircles", o, 0.1);
  const factor = o.factor ?? 0.5;
  if (!(factor > 0 && factor < 1))
    throw new RangeError(
      `makeCircles: factor (inner radius / outer radius) must be between 0 and 1, got ${factor}`,
    );
  return build("circles", r, (label) => {
    const t = r.rng.uniform(0, 2 * Math.PI);
    const radius = label === 1 ? factor : 1;
    return [radius * Math.cos(t), radius * Math.sin(t)];
  });
}

/**
 * Moons (as scikit-learn's make_moons): class 0 on the upper half circle (cos t, sin t), class 1 on the
 * lower one shifted, (1 − cos t, 0.5 − sin t), t uniform in [0, π]. Default noise 0.1.
 */
export function makeMoons(o: DatasetOptions = {}): Dataset {
  const r = resolve("makeMoons", o, 0.1);
  return build("moons", r, (label) => {
    const t = r.rng.uniform(0, Math.PI);
    return label === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
  });
}

/**
 * Two spirals (as tensorflow/playground's): point k of a class sits at radius ρ = k/count and angle
 * θ = 1.75·2π·ρ (+ π for class 1), i.e. (ρ sin θ, ρ cos θ); the two arms wind around each other one and
 * three-quarter times. Default noise 0.02 (the arms are close together near the centre).
 */
export function makeSpirals(o: DatasetOptions = {}): Dataset {
  const r = resolve("makeSpirals", o, 0.02);
  return build("spirals", r, (label, k, count) => {
    const rho = (k + 0.5) / count;
    const theta = 1.75 * 2 * Math.PI * rho + (label === 1 ? Math.PI : 0);
    return [rho * Math.sin(theta), rho * Math.cos(theta)];
  });
}

/**
 * The "flower" of Andrew Ng's planar-data exercise: class j takes angles t evenly spaced over
 * [3.12·j, 3.12·(j+1)], radius r = a·sin(4t) (a = `petalLength`, default 4), point (r sin t, r cos t) —
 * eight petals alternating in class. Here `noise` (default 0.2, as in the original) jitters both the angle
 * and the radius before the point is placed, so it bends the petals rather than shaking the points.
 */
export function makeFlower(o: DatasetOptions & { petalLength?: number } = {}): Dataset {
  const r = resolve("makeFlower", o, 0.2);
  const a = o.petalLength ?? 4;
  checkNumber(a, "makeFlower: petalLength", RULES.positive);
  // The jitter goes into t and the radius here, so build() gets noise 0.
  const clean: Resolved = { ...r, noise: 0 };
  return build("flower", clean, (label, k, count) => {
    const span = 3.12;
    const t =
      span * label +
      (count > 1 ? (span * k) / (count - 1) : 0) +
      (r.noise > 0 ? r.rng.normal(0, r.noise) : 0);
    const radius = a * Math.sin(4 * t) + (r.noise > 0 ? r.rng.normal(0, r.noise) : 0);
    return [radius * Math.sin(t), radius * Math.cos(t)];
  });
}

/**
 * Two Gaussian blobs: class 0 around `centers[0]` (default (−1, −1)), class 1 around `centers[1]` (default
 * (1, 1)); `noise` is each blob's standard deviation (default 0.5). Linearly separable when noise is small.
 */
export function makeBlobs(
  o: DatasetOptions & { centers?: [[number, number], [number, number]] } = {},
): Dataset {
  const r = resolve("makeBlobs", o, 0.5);
  const centers = o.centers ?? [
    [-1, -1],
    [1, 1],
  ];
  return build("blobs", r, (label) => centers[label] as [number, number]);
}

/** Any of the generators by name, e.g. `makeDataset("moons", { m: 300, noise: 0.2, seed: 1 })`. */
export function makeDataset(name: string, o: DatasetOptions = {}): Dataset {
  switch (name) {
    case "xor":
      return makeXor(o);
    case "circles":
      return makeCircles(o);
    case "moons":
      return makeMoons(o);
    case "spirals":
      return makeSpirals(o);
    case "flower":
      return makeFlower(o);
    case "blobs":
      return makeBlobs(o);
    default:
      throw new Error(`Unknown dataset "${name}". Known datasets: ${DATASET_NAMES.join(", ")}`);
  }
}
