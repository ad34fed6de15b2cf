/**
 * Checkers for 08-multi-layer-network's capstone: the learner's own backward pass and training loop for an
 * L-layer network (sigmoid output, cross-entropy cost), checked against the library's `backwardPass` and
 * `train`. Each recognises the typical mistakes: a forgotten g′, g′ of A instead of Z, a wrong transpose, a
 * missing 1/m, a g′ at the output, an update made before all gradients are computed, a step up the gradient.
 * Shapes: X n⁰×m, Y 1×m, W[k] = W^[k+1] (n^(k+1)×n^k), b[k] = b^[k+1] (n^(k+1)×1); cache.Z[k] = Z^[k+1] and
 * cache.A[k] = A^[k] (A[0] = X), as the library's `forwardPass` returns them.
 */
import { Matrix } from "../core/matrix";
import { Rng } from "../core/random";
import { relu, reluDer, sigmoid, tanh, tanhDer } from "../learning/activations";
import { crossEntropyFromLogits } from "../learning/losses";
import { backwardPass, createNetwork, forwardPass } from "../models/network";
import { train } from "../models/train";
import type { CheckResult, Mistake, Value } from "./check";
import { exerciseParts, makeChecker, type AnyChecker, type PartsCase } from "./parts";

type G = (z: number) => number;
/** The cache of a forward pass: Z[k] = Z^[k+1], A[k] = A^[k] (A[0] = X). */
export type LayerCache = { Z: Matrix[]; A: Matrix[] };
/** The gradients of every layer: dW[k] = dJ/dW^[k+1], db[k] = dJ/db^[k+1]. */
export type LayerGradients = { dW: Matrix[]; db: Matrix[] };

/** The forward pass with its cache, as 08 writes it: Zˡ = Wˡ·Aˡ⁻¹ + bˡ, Aˡ = g(Zˡ), σ at the output. */
function forwardCache(X: Matrix, W: Matrix[], b: Matrix[], g: G): LayerCache {
  const Z: Matrix[] = [];
  const A: Matrix[] = [X];
  for (let k = 0; k < W.length; k++) {
    Z.push((W[k] as Matrix).matmul(A[k] as Matrix).add(b[k] as Matrix));
    A.push((Z[k] as Matrix).map(k === W.length - 1 ? sigmoid : g));
  }
  return { Z, A };
}

type Bug =
  "" | "noG" | "gOfA" | "no1/m" | "gAtOutput" | "updateEarly" | "plus" | "costAfter" | "noB";

/** One layer's backward step: dZ = dA ⊙ g′(Z), dW = dZ·Aprevᵀ/m, db = Σⱼ dZ/m, dAprev = Wᵀ·dZ. */
function layerStep(dZ: Matrix, Aprev: Matrix, W: Matrix, m: number, bug: Bug) {
  const k = bug === "no1/m" ? 1 : 1 / m;
  return { dW: dZ.matmul(Aprev.T).scale(k), db: dZ.sum(1).scale(k), dAprev: W.T.matmul(dZ) };
}

/** The backward pass over all layers (a bug switch makes the typical mistakes, for the hints). */
function backward(
  cache: LayerCache,
  Y: Matrix,
  W: Matrix[],
  gPrime: G,
  bug: Bug = "",
): LayerGradients {
  const L = W.length;
  const m = Y.cols;
  const dW: Matrix[] = new Array<Matrix>(L);
  const db: Matrix[] = new Array<Matrix>(L);
  const AL = cache.A[L] as Matrix;
  let dZ = AL.sub(Y);
  if (bug === "gAtOutput") dZ = dZ.mul(AL.map((a) => a * (1 - a)));
  for (let k = L - 1; k >= 0; k--) {
    const step = layerStep(dZ, cache.A[k] as Matrix, W[k] as Matrix, m, bug);
    dW[k] = step.dW;
    db[k] = step.db;
    if (k === 0) break;
    const below = bug === "gOfA" ? (cache.A[k] as Matrix) : (cache.Z[k - 1] as Matrix);
    dZ = bug === "noG" ? step.dAprev : step.dAprev.mul(below.map(gPrime));
  }
  return { dW, db };
}

/** Gradient descent with the backward pass above, in place; costs[e] is the cost before update e. */
function trainLoop(
  X: Matrix,
  Y: Matrix,
  W: Matrix[],
  b: Matrix[],
  g: G,
  gPrime: G,
  lr: number,
  epochs: number,
  bug: Bug,
) {
  const costs: number[] = [];
  const cost = () => crossEntropyFromLogits(forwardCache(X, W, b, g).Z[W.length - 1] as Matrix, Y);
  for (let e = 0; e < epochs; e++) {
    const cache = forwardCache(X, W, b, g);
    if (bug !== "costAfter") costs.push(crossEntropyFromLogits(cache.Z[W.length - 1] as Matrix, Y));
    const sign = bug === "plus" ? -1 : 1;
    if (bug === "updateEarly") {
      // each layer updated as soon as its gradient is known, before the layer below has used its W
      let dZ = (cache.A[W.length] as Matrix).sub(Y);
      for (let k = W.length - 1; k >= 0; k--) {
        const step = layerStep(dZ, cache.A[k] as Matrix, W[k] as Matrix, Y.cols, "");
        W[k] = (W[k] as Matrix).sub(step.dW.scale(lr));
        b[k] = (b[k] as Matrix).sub(step.db.scale(lr));
        if (k > 0) dZ = (W[k] as Matrix).T.matmul(dZ).mul((cache.Z[k - 1] as Matrix).map(gPrime));
      }
    } else {
      const grads = backward(cache, Y, W, gPrime);
      for (let k = 0; k < W.length; k++) {
        W[k] = (W[k] as Matrix).sub((grads.dW[k] as Matrix).scale(sign * lr));
        if (bug !== "noB") b[k] = (b[k] as Matrix).sub((grads.db[k] as Matrix).scale(sign * lr));
      }
    }
    if (bug === "costAfter") costs.push(cost());
  }
  return costs;
}

/** Seeded data and a network: X n⁰×m, Y 1×m with both labels, biases 0.1 so no ReLU sits on its kink. */
function setting(seed: number, layerSizes: number[], m: number, activation: "tanh" | "relu") {
  const r = new Rng(seed);
  const X = Matrix.normal(layerSizes[0] as number, m, r);
  const Y = Matrix.row(Array.from({ length: m }, (_, j) => ((j * 7 + seed) % 3 === 0 ? 1 : j % 2)));
  const net = createNetwork({ layerSizes, hiddenActivation: activation, seed, biasInit: 0.1 });
  const [g, gPrime] = activation === "tanh" ? [tanh, tanhDer] : [relu, reluDer];
  const label = `layer sizes [${layerSizes.join(", ")}], g = ${activation}, m = ${m}`;
  return { X, Y, net, g, gPrime, label };
}

type LayerArgs = [Matrix, Matrix, Matrix, Matrix, G];

/** dZ = dA ⊙ g′(Z), dW = dZ·Aprevᵀ/m, db = Σⱼ dZ/m, dAprev = Wᵀ·dZ; recognises no g′, a transpose, no 1/m, Wᵀ·dA. */
export const checkLayerBackward = exerciseParts<LayerArgs>({
  name: "myLayerBackward",
  verified:
    "myLayerBackward gives dW, db and dA_prev of one layer (tanh: 3 units, 4 inputs, m = 5; ReLU: 2 units, 3 inputs, m = 4)",
  params: ["dA", "Z", "Aprev", "W", "gPrime"],
  parts: ["dW", "db", "dAprev"],
  hint: "dZ = dA ⊙ g′(Z) first (mul, and Z.map(gPrime)); then dW = dZ·Aprevᵀ/m, db = dZ.sum(1)/m, dAprev = Wᵀ·dZ",
  cases: (
    [
      [11, 3, 4, 5, "tanh"],
      [12, 2, 3, 4, "relu"],
    ] as const
  ).map(([seed, n, nPrev, m, act]): PartsCase<LayerArgs> => {
    const r = new Rng(seed);
    const [dA, Z, Aprev, W] = [
      Matrix.normal(n, m, r),
      Matrix.normal(n, m, r),
      Matrix.normal(nPrev, m, r),
      Matrix.normal(n, nPrev, r),
    ];
    const gPrime = act === "tanh" ? tanhDer : reluDer;
    const dZ = dA.mul(Z.map(gPrime));
    const right = layerStep(dZ, Aprev, W, m, "");
    return {
      input: `${act}: dA ${n}×${m}, W ${n}×${nPrev}`,
      args: () => [dA.clone(), Z.clone(), Aprev.clone(), W.clone(), gPrime],
      expected: { dW: right.dW, db: right.db, dAprev: right.dAprev },
      mistakes: {
        dW: [
          {
            value: dA.matmul(Aprev.T).scale(1 / m),
            hint: "g′ is missing: dZ = dA ⊙ g′(Z) comes first",
          },
          {
            value: right.dW.scale(m),
            hint: `the 1/m is missing: your dW is m = ${m} times too large`,
          },
        ],
        db: [
          { value: dA.sum(1).scale(1 / m), hint: "g′ is missing: db sums dZ = dA ⊙ g′(Z), not dA" },
          {
            value: right.db.scale(m),
            hint: `the 1/m is missing: your db is m = ${m} times too large`,
          },
        ],
        dAprev: [
          { value: W.T.matmul(dA), hint: "dA_prev = Wᵀ·dZ, with dZ (after g′), not dA" },
          {
            value: right.dAprev.scale(1 / m),
            hint: "no 1/m in dA_prev: only the parameter gradients are averaged",
          },
        ],
      },
    };
  }),
});

/** The settings of the backward-pass and training checks: deep tanh, ReLU, and no hidden layer at all. */
const SETTINGS = [
  setting(21, [3, 4, 3, 1], 6, "tanh"),
  setting(22, [2, 5, 1], 7, "relu"),
  setting(23, [2, 1], 5, "tanh"),
];

type BackArgs = [LayerCache, Matrix, Matrix[], G];
type BackFn = (cache: LayerCache, Y: Matrix, W: Matrix[], gPrime: G) => LayerGradients;

/** Flattens { dW: [...], db: [...] } into { "dW^[3]": …, "db^[3]": …, … } (last layer first), for the parts checker. */
function flat(
  grads: LayerGradients | { dW: Value[]; db: Value[] },
  L: number,
): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (let l = L; l >= 1; l--) {
    out[`dW^[${l}]`] = grads.dW[l - 1] as Value;
    out[`db^[${l}]`] = grads.db[l - 1] as Value;
  }
  return out;
}

function wrapped<F>(
  name: string,
  perSetting: ((f: F) => CheckResult)[],
  verified: string,
  spec: unknown,
): AnyChecker<F> {
  const result = (f: F): CheckResult => {
    for (const one of perSetting) {
      const r = one(f);
      if (r.verdict !== "pass") return r;
    }
    return { verdict: "pass", text: `✔ ${verified}` };
  };
  return makeChecker(result, name, spec);
}

const backwardCheckers = SETTINGS.map((s) => {
  const L = s.net.W.length;
  const cache = forwardPass(s.net, s.X) as LayerCache;
  const W = s.net.W;
  const parts = Array.from({ length: L }, (_, i) => L - i).flatMap((l) => [
    `dW^[${l}]`,
    `db^[${l}]`,
  ]);
  const bugs: [Bug, string][] = [
    ["noG", "g′ is missing: dZ^[l] = dA^[l] ⊙ g′(Z^[l]) for every hidden layer"],
    ["gOfA", "gPrime takes Z: use g′(Z^[l]) = gPrime of cache.Z[l − 1], not of A^[l]"],
    [
      "gAtOutput",
      "at the output, dZ^[L] = A^[L] − Y already includes σ′ (chapter 07's shortcut): no g′ there",
    ],
    ["no1/m", "the 1/m is missing: dW^[l] = dZ^[l]·A^[l−1]ᵀ/m and db^[l] = Σⱼ dZ^[l]/m"],
  ];
  const checker = exerciseParts<BackArgs>({
    name: "myBackwardPass",
    verified: "",
    params: ["cache", "Y", "W", "gPrime"],
    parts,
    hint: "start with dZ = A^[L] − Y, then for l = L … 1: dW^[l] = dZ·A^[l−1]ᵀ/m, db^[l] = dZ.sum(1)/m, and below the first layer stop; else dZ = (W^[l]ᵀ·dZ) ⊙ g′(Z^[l−1])",
    partHints: Object.fromEntries(
      parts.map((p) => [
        p,
        `${p} is wrong: layer l's input is A^[l−1] = cache.A[l − 1] (cache.A[0] is X) and its weighted sums Z^[l] = cache.Z[l − 1]`,
      ]),
    ),
    cases: [
      {
        input: s.label,
        args: () => [
          { Z: cache.Z.map((z) => z.clone()), A: cache.A.map((a) => (a as Matrix).clone()) },
          s.Y.clone(),
          W.map((w) => w.clone()),
          s.gPrime,
        ],
        expected: flat(backwardPass(s.net, forwardPass(s.net, s.X), s.Y), L),
        mistakes: Object.fromEntries(
          parts.map((p) => [
            p,
            bugs
              .map(([bug, hint]): Mistake => ({
                value: flat(backward(cache, s.Y, W, s.gPrime, bug), L)[p] as Value,
                hint,
              }))
              .filter(
                (mk) =>
                  !sameAsRight(
                    mk.value,
                    flat(backwardPass(s.net, cache as never, s.Y), L)[p] as Value,
                  ),
              ),
          ]),
        ),
      },
    ],
  });
  return (f: BackFn) =>
    checker.result((...a: BackArgs) => {
      const r = f(...a) as unknown;
      const g = r as Partial<LayerGradients> | undefined;
      return (
        g && Array.isArray(g.dW) && Array.isArray(g.db) ? flat(g as LayerGradients, L) : r
      ) as never;
    });
});

function sameAsRight(a: Value, b: Value): boolean {
  return a instanceof Matrix && b instanceof Matrix && a.allClose(b, 1e-12, 1e-15);
}

/** The backward pass over all layers, checked against the library's backwardPass on three networks. */
export const checkBackwardPass: AnyChecker<BackFn> = wrapped(
  "myBackwardPass",
  backwardCheckers,
  "myBackwardPass gives every dW^[l] and db^[l] of the library's backwardPass: [3, 4, 3, 1] tanh, [2, 5, 1] ReLU and [2, 1] (no hidden layer)",
  { name: "myBackwardPass" },
);

type TrainFn = (
  X: Matrix,
  Y: Matrix,
  W: Matrix[],
  b: Matrix[],
  g: G,
  gPrime: G,
  learningRate: number,
  epochs: number,
) => number[];
type TrainArgs = Parameters<TrainFn>;

/** What the caller reads after training: the first layer's W and b (the last to get their gradients). */
const AFTER = ["W^[1] after training", "b^[1] after training"] as const;
const after = (W: Matrix[], b: Matrix[]) => ({
  [AFTER[0]]: W[0] as Matrix,
  [AFTER[1]]: b[0] as Matrix,
});
const UPDATE_IN_PLACE =
  "update the matrices in W and b themselves (W[k] = W[k].sub(…) puts the new matrix in the list the caller passed): the caller reads its W and b after training";

const trainCheckers = SETTINGS.slice(0, 2).map((s, i) => {
  const [lr, epochs] = i === 0 ? [0.5, 12] : [0.3, 10];
  const libNet = s.net.clone();
  const history = train(libNet, s.X, s.Y, { epochs, learningRate: lr });
  const start = () => ({ W: s.net.W.map((w) => w.clone()), b: s.net.b.map((v) => v.clone()) });
  const run = (bug: Bug) => {
    const p = start();
    const costs = trainLoop(s.X, s.Y, p.W, p.b, s.g, s.gPrime, lr, epochs, bug);
    return { costs, ...after(p.W, p.b) };
  };
  const bugs: [Bug, string][] = [
    [
      "updateEarly",
      "a layer was updated before the layers below used its W: run the whole backward pass with the old weights first, then update every W and b",
    ],
    [
      "plus",
      "the cost rises: gradient descent steps against the gradient, W ← W − α·dW (and b ← b − α·db)",
    ],
    [
      "costAfter",
      "costs[e] is the cost before epoch e's update: costs[0] is the cost of the starting weights",
    ],
    ["noB", "b is never updated: b^[l] ← b^[l] − α·db^[l] too"],
  ];
  const expected = { costs: history.costs.slice(0, epochs), ...after(libNet.W, libNet.b) };
  const checker = exerciseParts<TrainArgs>({
    name: "myTrain",
    verified: "",
    params: ["X", "Y", "W", "b", "g", "gPrime", "learningRate", "epochs"],
    parts: ["costs", ...AFTER],
    hint: "each epoch: forward (forwardCache), cost from the logits of the last layer, myBackwardPass, then W[k] ← W[k] − α·dW[k] and b[k] ← b[k] − α·db[k] for every layer (if myBackwardPass has not passed its check, fix it first)",
    partHints: Object.fromEntries(AFTER.map((k) => [k, UPDATE_IN_PLACE])),
    cases: [
      {
        input: `${s.label}, α = ${lr}, ${epochs} epochs`,
        args: () => {
          const p = start();
          return [s.X.clone(), s.Y.clone(), p.W, p.b, s.g, s.gPrime, lr, epochs];
        },
        expected,
        rtol: 1e-9,
        atol: 1e-12,
        mistakes: Object.fromEntries(
          (["costs", ...AFTER] as const).map((k) => [
            k,
            // a b left at its start is caught by the costs first; here it is a b updated in a copy
            bugs
              .filter(([bug]) => k !== AFTER[1] || bug !== "noB")
              .map(([bug, hint]) => ({ value: run(bug)[k], hint })),
          ]),
        ),
      },
    ],
  });
  return (f: TrainFn) =>
    checker.result((...a: TrainArgs) => {
      // the learner's loop changes W and b in place: give it copies, so the checker's inputs stay as they were
      const [X, Y, W, b, ...rest] = a;
      const Wt = W.map((w) => w.clone());
      const bt = b.map((v) => v.clone());
      const costs = f(X, Y, Wt, bt, ...rest) as unknown;
      return (Array.isArray(costs) ? { costs, ...after(Wt, bt) } : costs) as never;
    });
});

/** The training loop: costs per epoch and the trained W^[1], b^[1], against the library's `train` (plain gradient descent). */
export const checkTrain: AnyChecker<TrainFn> = wrapped(
  "myTrain",
  trainCheckers,
  "myTrain gives the library's train costs, epoch by epoch, and its trained W^[1] and b^[1]: [3, 4, 3, 1] tanh (12 epochs) and [2, 5, 1] ReLU (10)",
  { name: "myTrain" },
);

/** For the tests: the readable references behind the checks (equal to the library's, see test/exercises). */
export const capstoneReference = { forwardCache, backward, trainLoop };
