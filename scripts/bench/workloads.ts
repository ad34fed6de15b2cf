/**
 * The training workloads, by workload: what a chapter's training cell runs (the planar networks, the
 * breast-cancer logistic regression, the digits networks), with the data, initial weights and mini-batch orders
 * the NumPy twin reads too; and one timed run of each by the lib.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { makeFlower, makeMoons } from "../../lib/src/data/datasets";
import { digitTask } from "../../lib/src/data/mnist";
import { Matrix } from "../../lib/src/core/matrix";
import { Rng } from "../../lib/src/core/random";
import { adam, gradientDescent, type Optimizer } from "../../lib/src/learning/optimizers";
import { fitStandardizer } from "../../lib/src/learning/preprocess";
import { LogisticRegression } from "../../lib/src/models/logistic";
import { createNetwork, networkFromParameters } from "../../lib/src/models/network";
import { train, type Trainable } from "../../lib/src/models/train";
import { batchGatherer } from "../../lib/src/engine/batches";
import { now, QUICK } from "./report";

const ROOT = path.resolve(__dirname, "..", "..");

export interface Workload {
  name: string;
  /** What a chapter's training cell would run. */
  note: string;
  kind: "network" | "logistic";
  X: Matrix;
  Y: Matrix;
  epochs: number;
  batchSize?: number;
  optimizer: { name: "gradientDescent" | "adam"; learningRate: number };
  /** network: layer sizes and hidden activation; the initial weights come from createNetwork(seed 1). */
  layerSizes?: number[];
  activation?: "tanh" | "relu";
  repeats: number;
  /** A small planar network: per-step overhead dominates (its own, looser target). */
  planar?: boolean;
}

export function makeOptimizer(o: Workload["optimizer"]): Optimizer {
  return o.name === "adam"
    ? adam({ learningRate: o.learningRate })
    : gradientDescent({ learningRate: o.learningRate });
}

export function breastCancer(): { X: Matrix; y: Matrix } {
  const lines = readFileSync(path.join(ROOT, "data", "breast-cancer-wisconsin.csv"), "utf8")
    .trim()
    .split("\n");
  const rows = lines.slice(1).map((l) => l.split(","));
  const X = Matrix.from(rows.map((r) => r.slice(2).map(Number))).transpose(); // 30×569
  const y = Matrix.row(rows.map((r) => (r[1] === "M" ? 1 : 0)));
  return { X: fitStandardizer(X).transform(X), y };
}

export function workloads(): Workload[] {
  const flower = makeFlower({ m: 400, seed: 0 });
  const moons = makeMoons({ m: 400, seed: 0 });
  const bc = breastCancer();
  const sevens = digitTask({ positive: 7, seed: 0 });
  // Dense digits: every pixel plus noise in [0.01, 0.02), so no value is 0 — the kernel's skipping of rows of
  // zeros (most pixel rows of the real digits) cannot carry the result.
  const noise = new Rng(7);
  const dense = sevens.XTrain.map((v) => v + 0.01 + 0.01 * noise.uniform());
  const reps = QUICK ? 1 : 3;
  const gd = (learningRate: number) => ({ name: "gradientDescent" as const, learningRate });
  /** A 784-64-1 ReLU network on the sevens (or on `X`, same labels): only what differs is written out. */
  const digits = (
    name: string,
    note: string,
    epochs: number,
    rest: Partial<Workload>,
  ): Workload => ({
    name,
    note,
    kind: "network",
    X: sevens.XTrain,
    Y: sevens.yTrain,
    epochs,
    optimizer: gd(0.1),
    layerSizes: [784, 64, 1],
    activation: "relu",
    repeats: reps,
    ...rest,
  });
  return [
    {
      name: "planar 2-6-1 tanh, flower 400, full batch",
      note: "2000 epochs GD",
      kind: "network",
      X: flower.X,
      Y: flower.y,
      epochs: 2000,
      optimizer: gd(1.2),
      layerSizes: [2, 6, 1],
      activation: "tanh",
      repeats: reps,
      planar: true,
    },
    {
      name: "planar 2-20-1 relu, moons 400, full batch",
      note: "1000 epochs GD",
      kind: "network",
      X: moons.X,
      Y: moons.y,
      epochs: 1000,
      optimizer: gd(0.5),
      layerSizes: [2, 20, 1],
      activation: "relu",
      repeats: reps,
      planar: true,
    },
    {
      name: "breast-cancer logistic regression 30×569",
      note: "1000 epochs GD",
      kind: "logistic",
      X: bc.X,
      Y: bc.y,
      epochs: 1000,
      optimizer: gd(0.1),
      repeats: reps,
    },
    digits("digits 784-64-1 relu, mini-batch 64", "3 epochs × 125 steps, GD", 3, { batchSize: 64 }),
    digits("digits 784-64-1 relu, mini-batch 64, Adam", "3 epochs × 125 steps", 3, {
      batchSize: 64,
      optimizer: { name: "adam", learningRate: 0.001 },
    }),
    digits(
      "dense digits (pixels + noise, no zeros) 784-64-1 relu, mini-batch 64",
      "3 epochs × 125 steps, GD",
      3,
      { X: dense, batchSize: 64 },
    ),
    digits(
      "dense digits (pixels + noise, no zeros) 784-64-1 relu, full batch",
      "10 epochs GD",
      10,
      {
        X: dense,
        optimizer: gd(0.5),
      },
    ),
    digits("digits 784-64-1 relu, full batch", "20 epochs GD", 20, { optimizer: gd(0.5) }),
  ];
}

export interface Timing {
  seconds: number;
  finalCost: number;
}

export interface WorkloadResult {
  wl: Workload;
  /** The lib on 1 thread and on all cores. */
  one: Timing;
  all: Timing;
  /** NumPy with its BLAS on 1 thread and on all cores. */
  numpyOne?: Timing;
  numpyAll?: Timing;
  /** The highest 1-minute load average seen at the start of its rounds. */
  load: number;
}

export function initialModel(wl: Workload): Trainable & { parameters(): Matrix[] } {
  if (wl.kind === "logistic") return new LogisticRegression(wl.X.rows);
  return createNetwork({
    layerSizes: wl.layerSizes as number[],
    hiddenActivation: wl.activation,
    seed: 1,
  });
}

/** One timed training run of the workload by the lib, from createNetwork(seed 1)'s weights (`start`). */
export function runLibOnce(wl: Workload, start: Trainable): Timing {
  const model =
    wl.kind === "logistic"
      ? new LogisticRegression(wl.X.rows)
      : (() => {
          const net = start as ReturnType<typeof createNetwork>;
          return networkFromParameters({
            W: net.W,
            b: net.b,
            hiddenActivation: net.hiddenActivation,
          });
        })();
  const t = now();
  const h = train(model, wl.X, wl.Y, {
    epochs: wl.epochs,
    batchSize: wl.batchSize,
    optimizer: makeOptimizer(wl.optimizer),
  });
  return { seconds: now() - t, finalCost: h.costs[h.costs.length - 1] as number };
}

/** The best (minimum) of several timings of the same run; the final cost of the last. */
export function best(runs: Timing[]): Timing | undefined {
  if (runs.length === 0) return undefined;
  return {
    seconds: Math.min(...runs.map((r) => r.seconds)),
    finalCost: (runs[runs.length - 1] as Timing).finalCost,
  };
}

/**
 * The start of a mini-batch run on the digits, in this process: `X.transpose()` into a fresh buffer (what the
 * engine's gatherer did before it kept one buffer between runs) against `batchGatherer(X)` after a first run
 * (scripts/bench/NOTES.md: a fresh 50 MB buffer pays its page faults). Minimum of five each, alternating.
 */
export function benchGathererStart(): void {
  const X = digitTask({ positive: 7, seed: 0 }).XTrain;
  batchGatherer(X)([0]); // the first run makes the buffer it then lends
  let fresh = Infinity;
  let lent = Infinity;
  for (let r = 0; r < 5; r++) {
    let t = now();
    X.transpose();
    fresh = Math.min(fresh, now() - t);
    t = now();
    batchGatherer(X)([0]);
    lent = Math.min(lent, now() - t);
  }
  console.log(
    `Mini-batch start on the ${X.shape()} digits: Xᵀ into a fresh buffer ${(fresh * 1000).toFixed(0)} ms, ` +
      `into the buffer kept between runs ${(lent * 1000).toFixed(0)} ms (${(fresh / lent).toFixed(1)}× faster)`,
  );
}
