/**
 * The options of `playground()` (playground.ts): their names, defaults and checks, and the colours the trainer
 * draws with. Shared by the notebook (Node) and the page (lib/browser/playground-app.ts), so both refuse the same
 * values with the same messages. Imports only the core: the page's bundle stays small.
 */
import { checkNumber, describeValue, numberOr, RULES } from "../core/validate";

/** The 2-D sets the playground offers (lib/src/data/datasets.ts makes them). */
export const PLAYGROUND_DATA = ["circles", "xor", "moons", "flower", "spirals", "blobs"] as const;
/** Each set's default noise (datasets.ts's defaults): the noise a new set starts with. */
export const DEFAULT_NOISE: Record<string, number> = {
  circles: 0.1,
  xor: 0.05,
  moons: 0.1,
  flower: 0.2,
  spirals: 0.02,
  blobs: 0.5,
};
/** The input features: x₁, x₂ and, optionally, x₁², x₂², x₁x₂. */
export const PLAYGROUND_FEATURES = ["x1", "x2", "x1^2", "x2^2", "x1*x2"] as const;
/** The hidden units' activations offered. */
export const PLAYGROUND_ACTIVATIONS = ["tanh", "sigmoid", "relu"] as const;
/** The optimizers offered (learning/optimizers.ts). */
export const PLAYGROUND_OPTIMIZERS = ["gradientDescent", "momentum", "adam"] as const;
/** At most 4 hidden layers of 1–8 units. */
export const MAX_HIDDEN_LAYERS = 4;
export const MAX_UNITS = 8;

/** Options of `playground()`; every one has a default. */
export interface PlaygroundOptions {
  /** The data set: "circles" (default), "xor", "moons", "flower", "spirals" or "blobs". */
  data?: string;
  /** Standard deviation of the points' jitter (default: the set's own, see `DEFAULT_NOISE`). */
  noise?: number;
  /** Number of points, training and test (default 300). */
  points?: number;
  /** Share of the points held out as the test set (default 0.3). */
  testFraction?: number;
  /** The network's inputs, from "x1", "x2", "x1^2", "x2^2", "x1*x2" (default ["x1", "x2"]). */
  features?: string[];
  /** Units of each hidden layer: 0–4 layers of 1–8 units (default [4]; [] is logistic regression). */
  hidden?: number[];
  /** The hidden units' g: "tanh" (default), "sigmoid" or "relu". */
  activation?: string;
  /** The optimizer's learning rate (default 0.3). */
  learningRate?: number;
  /** "gradientDescent" (default), "momentum" or "adam". */
  optimizer?: string;
  /** L2 strength λ ≥ 0 (default 0). */
  lambda?: number;
  /** Examples per step; 0 (the default) for the whole training set. */
  batchSize?: number;
  /** Seed of the data, the split, the initial weights and the mini-batch shuffle (default 0). */
  seed?: number;
  /** Epochs per animation frame while playing (default 5; 0: as many as fit in 10 ms). */
  speed?: number;
  /** Epochs the kernel trains for the snapshot shown where the live trainer cannot run (default 1000). */
  snapshotEpochs?: number;
}

/** The options with every default filled in and checked. */
export type PlaygroundSettings = Required<Omit<PlaygroundOptions, "noise">> & { noise: number };

const KNOWN = [
  "data",
  "noise",
  "points",
  "testFraction",
  "features",
  "hidden",
  "activation",
  "learningRate",
  "optimizer",
  "lambda",
  "batchSize",
  "seed",
  "speed",
  "snapshotEpochs",
];

function oneOf(v: unknown, names: readonly string[], what: string): string {
  if (typeof v === "string" && names.includes(v)) return v;
  throw new Error(
    `playground: ${what} must be one of ${names.map((n) => `"${n}"`).join(", ")}, got ${describeValue(v)}`,
  );
}

/** The options checked, with their defaults; a bad one is refused with a message naming it and what it may be. */
export function checkPlaygroundOptions(o: PlaygroundOptions = {}): PlaygroundSettings {
  if (typeof o !== "object" || o === null || Array.isArray(o))
    throw new TypeError(
      `playground: options must be an object such as { data: "circles", hidden: [4] }, got ${describeValue(o)}`,
    );
  for (const key of Object.keys(o))
    if (!KNOWN.includes(key))
      throw new Error(`playground: unknown option "${key}"; known: ${KNOWN.join(", ")}`);
  const data = oneOf(o.data ?? "circles", PLAYGROUND_DATA, "data");
  const features = o.features ?? ["x1", "x2"];
  if (!Array.isArray(features) || features.length === 0)
    throw new TypeError(
      `playground: features must be a non-empty array such as ["x1", "x2"], got ${describeValue(features)}`,
    );
  features.forEach((f) => oneOf(f, PLAYGROUND_FEATURES, "each feature"));
  if (new Set(features).size !== features.length)
    throw new Error(`playground: features lists a feature twice: ${JSON.stringify(features)}`);
  const hidden = o.hidden ?? [4];
  if (!Array.isArray(hidden) || hidden.length > MAX_HIDDEN_LAYERS)
    throw new RangeError(
      `playground: hidden must be an array of 0 to ${MAX_HIDDEN_LAYERS} layer sizes such as [4] or [8, 4], got ${describeValue(hidden)}`,
    );
  hidden.forEach((n, k) =>
    checkNumber(n, `playground: hidden[${k}] (units of hidden layer ${k + 1})`, {
      whole: true,
      min: 1,
      max: MAX_UNITS,
    }),
  );
  return {
    data,
    noise: numberOr(o.noise, DEFAULT_NOISE[data] as number, "playground: noise", {
      min: 0,
      max: 2,
    }),
    points: numberOr(o.points, 300, "playground: points", { whole: true, min: 20, max: 2000 }),
    testFraction: numberOr(o.testFraction, 0.3, "playground: testFraction", {
      min: 0.05,
      max: 0.9,
    }),
    features: [...features],
    hidden: [...hidden],
    activation: oneOf(o.activation ?? "tanh", PLAYGROUND_ACTIVATIONS, "activation"),
    learningRate: numberOr(o.learningRate, 0.3, "playground: learningRate", RULES.positive),
    optimizer: oneOf(o.optimizer ?? "gradientDescent", PLAYGROUND_OPTIMIZERS, "optimizer"),
    lambda: numberOr(o.lambda, 0, "playground: lambda (the L2 strength λ)", RULES.nonNegative),
    batchSize: numberOr(o.batchSize, 0, "playground: batchSize (0: full batch)", RULES.count),
    seed: numberOr(o.seed, 0, "playground: seed", RULES.seed),
    speed: numberOr(o.speed, 5, "playground: speed (epochs per frame; 0: as many as fit)", {
      whole: true,
      min: 0,
      max: 10000,
    }),
    snapshotEpochs: numberOr(o.snapshotEpochs, 1000, "playground: snapshotEpochs", {
      whole: true,
      min: 0,
      max: 100000,
    }),
  };
}

/** How a feature name reads on screen: "x1^2" → "x₁²". */
export function featureLabel(name: string): string {
  const labels: Record<string, string> = {
    x1: "x₁",
    x2: "x₂",
    "x1^2": "x₁²",
    "x2^2": "x₂²",
    "x1*x2": "x₁x₂",
  };
  return labels[name] ?? name;
}

/** The classes' colours (figures.ts's CLASS_COLORS: blue for y = 0, orange for y = 1). */
export const POINT_COLORS = ["#1f77b4", "#ff7f0e"] as const;

/** The maps' scale (network-view.ts's): light blue (low) – white – light orange (high). */
export const MAP_SCALE: readonly [number, [number, number, number]][] = [
  [0, [0x9e, 0xca, 0xe1]],
  [0.5, [0xf7, 0xf7, 0xf7]],
  [1, [0xfd, 0xae, 0x6b]],
];

/** The colour of t ∈ [0, 1] on `MAP_SCALE` (t is clamped), as [r, g, b] in 0–255. */
export function mapColor(t: number): [number, number, number] {
  const u = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0.5;
  const k = u <= 0.5 ? 0 : 1;
  const [t0, c0] = MAP_SCALE[k] as [number, [number, number, number]];
  const [t1, c1] = MAP_SCALE[k + 1] as [number, [number, number, number]];
  const f = (u - t0) / (t1 - t0);
  return [0, 1, 2].map((i) =>
    Math.round((c0[i] as number) + f * ((c1[i] as number) - (c0[i] as number))),
  ) as [number, number, number];
}

/**
 * Where a hidden unit's output a sits on `MAP_SCALE`: tanh maps [−1, 1], sigmoid [0, 1], ReLU [−big, big]
 * (`big` the largest |a| on the map), so 0 is white for tanh and ReLU, 0.5 for sigmoid (as network-view.ts).
 */
export function unitScale(activation: string, a: number, big: number): number {
  if (activation === "sigmoid") return a;
  if (activation === "tanh") return (a + 1) / 2;
  return big > 0 ? (a / big + 1) / 2 : 0.5;
}
