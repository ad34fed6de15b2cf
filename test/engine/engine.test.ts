// The engine against the readable path: the same cases run through both (`useEngine(true)` and
// `useEngine(false)`) and must give the same numbers BIT FOR BIT — forward, cost, backward, a training step,
// and whole training runs. The two paths perform the same floating-point operations in the same order (the
// engine only reuses buffers, fuses loops and skips building transposes), so any difference is a bug.
// Equality is Object.is on every entry, which also tells −0 from 0.
// The engine's products run here on the plain WebAssembly kernel, "wasm-exact" (a multiply, then an add, as
// the reference loop of the readable path does). The default "wasm" kernel fuses them (one rounding, not two)
// and so moves the last bits: test/engine/matmul-fma.test.ts compares the engine on it to the readable path within 1e-12.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { engineInUse, useEngine } from "../../lib/src/engine";
import { ACTIVATION_NAMES } from "../../lib/src/learning/activations";
import { matmulKernels, useMatmulKernel } from "../../lib/src/core/matmul";
import { Matrix } from "../../lib/src/core/matrix";
import {
  adam,
  gradientDescent,
  momentum,
  rmsprop,
  type Optimizer,
} from "../../lib/src/learning/optimizers";
import { Rng } from "../../lib/src/core/random";
import { LogisticRegression } from "../../lib/src/models/logistic";
import { oneHot } from "../../lib/src/learning/softmax";
import {
  backwardPass,
  costFromCache,
  forwardPass,
  networkCost,
  networkGradientCheck,
} from "../../lib/src/models/backprop";
import { gradientCheck } from "../../lib/src/learning/gradcheck";
import { createNetwork, type NeuralNetwork } from "../../lib/src/models/network";
import { dropoutMasks } from "../../lib/src/models/dropout";
import { train, type TrainHistory } from "../../lib/src/models/train";

const ROOT = path.resolve(__dirname, "..", "..");

useMatmulKernel("wasm-exact");

/** Runs f on the engine and on the readable path (restoring the engine afterwards). */
function bothPaths<T>(f: () => T): { engine: T; readable: T } {
  assert.equal(engineInUse(), true, "the engine runs by default");
  const engine = f();
  useEngine(false);
  try {
    return { engine, readable: f() };
  } finally {
    useEngine(true);
  }
}

/** Every entry the same double (Object.is: NaN equals NaN, −0 differs from 0). */
function sameBits(a: Matrix, b: Matrix, what: string): void {
  assert.equal(a.shape(), b.shape(), `${what}: shapes`);
  for (let k = 0; k < a.data.length; k++) {
    if (!Object.is(a.data[k], b.data[k]))
      assert.fail(`${what}: entry ${k} differs: engine ${a.data[k]}, readable ${b.data[k]}`);
  }
}

function sameList(a: readonly Matrix[], b: readonly Matrix[], what: string): void {
  assert.equal(a.length, b.length, `${what}: counts`);
  a.forEach((m, k) => sameBits(m, b[k]!, `${what}[${k}]`));
}

function sameHistory(a: TrainHistory, b: TrainHistory, what: string): void {
  assert.equal(a.costs.length, b.costs.length);
  a.costs.forEach((c, e) =>
    assert.ok(
      Object.is(c, b.costs[e]),
      `${what}: cost of epoch ${e + 1}: engine ${c}, readable ${b.costs[e]}`,
    ),
  );
  assert.equal(a.iterations, b.iterations);
}

/** n×m inputs, about a third of them exactly 0 (as the digits' blank pixels: the kernels skip zeros), labels 0/1. */
function data(n: number, m: number, seed: number): { X: Matrix; Y: Matrix } {
  const rng = new Rng(seed);
  const X = Matrix.normal(n, m, rng).map((v) => (Math.abs(v) < 0.45 ? 0 : v));
  const Y = Matrix.row(
    Array.from({ length: m }, (_, j) =>
      X.get(0, j) + 0.5 * X.get(n - 1, j) + rng.normal(0, 0.5) > 0 ? 1 : 0,
    ),
  );
  return { X, Y };
}

const CASES: { layerSizes: number[]; lambda: number }[] = [
  { layerSizes: [6, 1], lambda: 0 },
  { layerSizes: [6, 9, 1], lambda: 0 },
  { layerSizes: [6, 9, 1], lambda: 0.3 },
  { layerSizes: [6, 12, 7, 1], lambda: 0.05 },
];

function networks(): { name: string; net: NeuralNetwork }[] {
  return ACTIVATION_NAMES.flatMap((g) =>
    CASES.map(({ layerSizes, lambda }, c) => ({
      name: `${g} ${JSON.stringify(layerSizes)} λ=${lambda}`,
      net: createNetwork({ layerSizes, hiddenActivation: g, lambda, seed: 10 + c, biasInit: 0.05 }),
    })),
  );
}

test("forward pass: the same Z^[l] and A^[l], bit for bit, for every activation and depth; A[0] is X on both paths", () => {
  const { X } = data(6, 53, 1);
  for (const { name, net } of networks()) {
    const { engine, readable } = bothPaths(() => forwardPass(net, X));
    assert.equal(engine.A[0], X, `${name}: engine A[0] is X itself`);
    assert.equal(readable.A[0], X, `${name}: readable A[0] is X itself`);
    sameList(engine.Z, readable.Z, `${name} Z`);
    sameList(engine.A as Matrix[], readable.A as Matrix[], `${name} A`);
  }
});

test("cost: the same J, bit for bit, with and without L2 (from a cache and from X)", () => {
  const { X, Y } = data(6, 53, 2);
  for (const { name, net } of networks()) {
    const { engine, readable } = bothPaths(() => [
      networkCost(net, X, Y),
      costFromCache(net, forwardPass(net, X), Y),
    ]);
    assert.ok(
      Object.is(engine[0], readable[0]),
      `${name}: networkCost ${engine[0]} vs ${readable[0]}`,
    );
    assert.ok(
      Object.is(engine[1], readable[1]),
      `${name}: costFromCache ${engine[1]} vs ${readable[1]}`,
    );
  }
});

test("backward pass: the same dW^[l] and db^[l], bit for bit, for every activation and depth, with and without L2", () => {
  const { X, Y } = data(6, 53, 3);
  for (const { name, net } of networks()) {
    const { engine, readable } = bothPaths(() => backwardPass(net, forwardPass(net, X), Y));
    sameList(engine.dW, readable.dW, `${name} dW`);
    sameList(engine.db, readable.db, `${name} db`);
  }
});

test("a training step (costAndGradients on reused buffers) equals the readable step, bit for bit, for changing batch sizes", () => {
  const { X, Y } = data(6, 40, 4);
  for (const { name, net } of networks()) {
    for (const m of [40, 16, 40, 8, 16]) {
      const Xb = X.sliceCols(0, m);
      const Yb = Y.sliceCols(0, m);
      const { engine, readable } = bothPaths(() => net.costAndGradients(Xb, Yb));
      assert.ok(Object.is(engine.cost, readable.cost), `${name}, m=${m}: cost`);
      sameList(engine.grads, readable.grads, `${name}, m=${m}: grads`);
    }
  }
});

test("dropout (training mode): with the same masks, the same forward, cost and backward, bit for bit, for every activation; and the same training runs", () => {
  const { X, Y } = data(6, 53, 11);
  for (const g of ACTIVATION_NAMES) {
    for (const { layerSizes, keepProb, lambda } of [
      { layerSizes: [6, 9, 1], keepProb: [0.5], lambda: 0 },
      { layerSizes: [6, 12, 7, 1], keepProb: [0.8, 0.6], lambda: 0.05 },
      { layerSizes: [6, 12, 7, 1], keepProb: [1, 0.7], lambda: 0 },
    ]) {
      const name = `${g} ${JSON.stringify(layerSizes)} keepProb ${JSON.stringify(keepProb)} λ=${lambda}`;
      const net = createNetwork({ layerSizes, hiddenActivation: g, keepProb, lambda, seed: 7 });
      const masks = dropoutMasks(net, X.cols, new Rng(21));
      assert.equal(masks[0] === null, keepProb[0] === 1, `${name}: no mask where keepProb is 1`);
      const { engine, readable } = bothPaths(() => {
        const cache = forwardPass(net, X, masks);
        return { cache, cost: costFromCache(net, cache, Y), grads: backwardPass(net, cache, Y) };
      });
      sameList(engine.cache.Z, readable.cache.Z, `${name} Z`);
      sameList(engine.cache.A as Matrix[], readable.cache.A as Matrix[], `${name} A`);
      assert.ok(Object.is(engine.cost, readable.cost), `${name}: cost`);
      sameList(engine.grads.dW, readable.grads.dW, `${name} dW`);
      sameList(engine.grads.db, readable.grads.db, `${name} db`);
      const dropped = (engine.cache.A[1] as Matrix).data.filter((v) => v === 0).length;
      assert.ok(keepProb[0] === 1 || dropped > 0, `${name}: some units of layer 1 are dropped`);
      const run = bothPaths(() => {
        const fresh = createNetwork({ layerSizes, hiddenActivation: g, keepProb, lambda, seed: 7 });
        const history = train(fresh, X, Y, {
          epochs: 12,
          batchSize: 20,
          learningRate: 0.2,
          seed: 1,
        });
        return { history, params: fresh.parameters() };
      });
      sameHistory(run.engine.history, run.readable.history, `${name} training`);
      sameList(run.engine.params, run.readable.params, `${name} training: parameters`);
    }
  }
});

test("logistic regression: the same step, and the same whole training runs (full batch, mini-batch, L2), bit for bit", () => {
  const { X, Y } = data(9, 120, 5);
  for (const lambda of [0, 0.4]) {
    const model = LogisticRegression.fromWeights(
      [0.3, -0.2, 0.1, 0, 0.5, -0.4, 0.2, 0.1, -0.1],
      0.2,
      { lambda },
    );
    const step = bothPaths(() => model.costAndGradients(X, Y));
    assert.ok(Object.is(step.engine.cost, step.readable.cost), `λ=${lambda}: cost`);
    sameList(step.engine.grads, step.readable.grads, `λ=${lambda}: [dw, db]`);
    for (const batchSize of [undefined, 32, 1]) {
      const run = bothPaths(() => {
        const fresh = new LogisticRegression(9, { lambda });
        const history = train(fresh, X, Y, {
          epochs: batchSize === 1 ? 3 : 40,
          learningRate: 0.3,
          batchSize,
          seed: 2,
        });
        return { history, params: fresh.parameters() };
      });
      sameHistory(
        run.engine.history,
        run.readable.history,
        `logistic λ=${lambda} batch ${batchSize ?? "full"}`,
      );
      sameList(
        run.engine.params,
        run.readable.params,
        `logistic λ=${lambda} batch ${batchSize ?? "full"}: [w, b]`,
      );
    }
  }
});

test("networks: the same whole training runs, bit for bit — every activation, L2, mini-batches, momentum, RMSProp and Adam", () => {
  const { X, Y } = data(6, 90, 6);
  const optimizers: [string, () => Optimizer][] = [
    ["gradientDescent", () => gradientDescent({ learningRate: 0.5 })],
    ["momentum", () => momentum({ learningRate: 0.3 })],
    ["rmsprop", () => rmsprop({ learningRate: 0.01 })],
    ["adam", () => adam({ learningRate: 0.01 })],
  ];
  ACTIVATION_NAMES.forEach((g, i) => {
    const [optName, makeOpt] = optimizers[i % optimizers.length]!;
    for (const { layerSizes, lambda, batchSize } of [
      { layerSizes: [6, 10, 1], lambda: 0, batchSize: undefined },
      { layerSizes: [6, 10, 5, 1], lambda: 0.1, batchSize: 16 },
    ]) {
      const what = `${g} ${JSON.stringify(layerSizes)} λ=${lambda} batch ${batchSize ?? "full"} ${optName}`;
      const run = bothPaths(() => {
        const net = createNetwork({ layerSizes, hiddenActivation: g, lambda, seed: 3 });
        const history = train(net, X, Y, { epochs: 25, batchSize, optimizer: makeOpt(), seed: 4 });
        return { history, params: net.parameters() };
      });
      sameHistory(run.engine.history, run.readable.history, what);
      sameList(run.engine.params, run.readable.params, `${what}: parameters`);
    }
  });
});

test("digits-sized products (k > 256, the WebAssembly kernel's blocks): the same training run, bit for bit", () => {
  const { X, Y } = data(300, 200, 9); // 300 "pixels", a third of them 0
  const run = bothPaths(() => {
    const net = createNetwork({ layerSizes: [300, 40, 1], hiddenActivation: "relu", seed: 2 });
    const history = train(net, X, Y, {
      epochs: 2,
      batchSize: 64,
      optimizer: adam({ learningRate: 0.001 }),
    });
    const full = train(net, X, Y, { epochs: 2, learningRate: 0.1 });
    return { history, full, params: net.parameters() };
  });
  sameHistory(run.engine.history, run.readable.history, "digits-sized mini-batch Adam");
  sameHistory(run.engine.full, run.readable.full, "digits-sized full batch");
  sameList(run.engine.params, run.readable.params, "digits-sized parameters");
});

test("the readable path's gradients pass the finite-difference check on their own (every activation, L2, logistic regression)", () => {
  const { X, Y } = data(4, 15, 8);
  useEngine(false);
  try {
    for (const g of ACTIVATION_NAMES) {
      const net = createNetwork({
        layerSizes: [4, 5, 3, 1],
        hiddenActivation: g,
        lambda: 0.2,
        seed: 5,
        biasInit: 0.1,
      });
      const check = networkGradientCheck(net, X, Y);
      assert.ok(
        check.relativeDifference < 1e-7,
        `${g}: relative difference ${check.relativeDifference}`,
      );
    }
    const model = LogisticRegression.fromWeights([0.2, -0.1, 0.4, 0.3], -0.2, { lambda: 0.5 });
    const [dw, db] = model.costAndGradients(X, Y).grads as [Matrix, Matrix];
    const check = gradientCheck(() => model.cost(X, Y), [model.w, model.b], [dw, db]);
    assert.ok(
      check.relativeDifference < 1e-8,
      `logistic: relative difference ${check.relativeDifference}`,
    );
  } finally {
    useEngine(true);
  }
});

test("the switch: useEngine(false) runs the readable path (X.selectCols batches, the reference product kernel); useEngine(true) restores the engine", () => {
  const { X, Y } = data(6, 30, 7);
  const kernelBefore = matmulKernels().active;
  const original = Matrix.prototype.selectCols;
  let selectColsCalls = 0;
  let kernelSeen = "";
  Matrix.prototype.selectCols = function (this: Matrix, idx: ArrayLike<number>) {
    selectColsCalls += 1;
    return original.call(this, idx);
  };
  const spy = {
    net: createNetwork({ layerSizes: [6, 4, 1], seed: 1 }),
    parameters() {
      return this.net.parameters();
    },
    costAndGradients(Xb: Matrix, Yb: Matrix) {
      kernelSeen = matmulKernels().active;
      return this.net.costAndGradients(Xb, Yb);
    },
  };
  try {
    train(spy, X, Y, { epochs: 2, batchSize: 10 });
    assert.equal(selectColsCalls, 0, "the engine gathers its batches itself");
    assert.equal(kernelSeen, kernelBefore);
    assert.equal(useEngine(false), true, "useEngine returns the previous setting");
    assert.equal(engineInUse(), false);
    assert.equal(matmulKernels().active, "reference");
    train(spy, X, Y, { epochs: 2, batchSize: 10 });
    assert.equal(
      selectColsCalls,
      12,
      "3 batches of 10 per epoch for X and for Y, 2 epochs: X.selectCols(idx) each time",
    );
    assert.equal(kernelSeen, "reference");
    assert.equal(useEngine(false), false, "switching to the same setting changes nothing");
  } finally {
    Matrix.prototype.selectCols = original;
    assert.equal(useEngine(true), false);
  }
  assert.equal(engineInUse(), true);
  assert.equal(matmulKernels().active, kernelBefore, "the kernel active before comes back");
});

test("LR2NN_READABLE=1 starts the lib on the readable path", () => {
  const script = `
    const { engineInUse } = require(${JSON.stringify(path.join(ROOT, "lib", "src", "engine", "index.ts"))});
    const { matmulKernels } = require(${JSON.stringify(path.join(ROOT, "lib", "src", "core", "matmul.ts"))});
    process.stdout.write(JSON.stringify({ engine: engineInUse(), kernel: matmulKernels().active }));
  `;
  const run = (env: Record<string, string>) =>
    JSON.parse(
      execFileSync(process.execPath, ["--import", "tsx", "-e", script], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        encoding: "utf8",
      }),
    );
  assert.deepEqual(run({ LR2NN_READABLE: "1" }), { engine: false, kernel: "reference" });
  assert.equal(run({ LR2NN_READABLE: "0" }).engine, true);
});

/** n×m inputs (a third exactly 0) and labels 0…K−1 (1×m) that depend on the inputs, for the softmax output. */
function classData(n: number, m: number, K: number, seed: number): { X: Matrix; y: Matrix } {
  const rng = new Rng(seed);
  const X = Matrix.normal(n, m, rng).map((v) => (Math.abs(v) < 0.45 ? 0 : v));
  const y = Matrix.row(
    Array.from({ length: m }, (_, j) => {
      const s = X.get(0, j) - 0.7 * X.get(n - 1, j) + rng.normal(0, 0.3);
      return Math.min(K - 1, Math.max(0, Math.floor(s + K / 2)));
    }),
  );
  return { X, y };
}

test("softmax output: the same forward pass, cost, backward pass and whole training runs on both paths, bit for bit", () => {
  const K = 4;
  const { X, y } = classData(6, 70, K, 11);
  const Y = oneHot(y, K);
  assert.ok(new Set(y.data).size === K, "every class occurs");
  const cases = [
    { layerSizes: [6, K], hiddenActivation: "tanh", lambda: 0 },
    { layerSizes: [6, 9, K], hiddenActivation: "relu", lambda: 0.2 },
    { layerSizes: [6, 8, 5, K], hiddenActivation: "sigmoid", lambda: 0.05 },
  ];
  for (const c of cases) {
    const what = `softmax ${JSON.stringify(c.layerSizes)} ${c.hiddenActivation} λ=${c.lambda}`;
    const make = () => createNetwork({ ...c, output: "softmax", seed: 6, biasInit: 0.05 });
    const net = make();
    const pass = bothPaths(() => {
      const cache = forwardPass(net, X);
      return {
        cache,
        cost: costFromCache(net, cache, Y),
        fromLabels: networkCost(net, X, y),
        grads: backwardPass(net, cache, Y),
      };
    });
    sameList(pass.engine.cache.Z, pass.readable.cache.Z, `${what} Z`);
    sameList(
      pass.engine.cache.A.slice(1) as Matrix[],
      pass.readable.cache.A.slice(1) as Matrix[],
      `${what} A`,
    );
    assert.ok(
      Object.is(pass.engine.cost, pass.readable.cost),
      `${what}: cost ${pass.engine.cost} vs ${pass.readable.cost}`,
    );
    assert.ok(
      Object.is(pass.engine.fromLabels, pass.engine.cost),
      `${what}: labels and one-hot Y give the same J`,
    );
    sameList(pass.engine.grads.dW, pass.readable.grads.dW, `${what} dW`);
    sameList(pass.engine.grads.db, pass.readable.grads.db, `${what} db`);
    const AL = pass.engine.cache.A[c.layerSizes.length - 1] as Matrix;
    assert.equal(AL.shape(), `${K}×70`);
    const colSums = AL.sum(0);
    colSums.data.forEach((s, j) =>
      assert.ok(Math.abs(s - 1) < 1e-12, `${what}: column ${j} sums to ${s}`),
    );
    for (const batchSize of [undefined, 16]) {
      const run = bothPaths(() => {
        const fresh = make();
        const history = fresh.fit(X, y, {
          epochs: 15,
          batchSize,
          optimizer: adam({ learningRate: 0.02 }),
          seed: 2,
        });
        return { history, params: fresh.parameters() };
      });
      sameHistory(run.engine.history, run.readable.history, `${what} batch ${batchSize ?? "full"}`);
      sameList(
        run.engine.params,
        run.readable.params,
        `${what} batch ${batchSize ?? "full"}: parameters`,
      );
    }
  }
});

test("softmax output: the gradients pass the finite-difference check on each path (< 1e-7)", () => {
  const K = 3;
  const { X, y } = classData(4, 15, K, 12);
  for (const on of [true, false]) {
    useEngine(on);
    try {
      for (const layerSizes of [
        [4, K],
        [4, 5, K],
      ]) {
        const net = createNetwork({
          layerSizes,
          output: "softmax",
          lambda: 0.2,
          seed: 5,
          biasInit: 0.1,
        });
        const check = networkGradientCheck(net, X, y);
        assert.ok(
          check.relativeDifference < 1e-7,
          `${on ? "engine" : "readable"} ${JSON.stringify(layerSizes)}: relative difference ${check.relativeDifference}`,
        );
      }
    } finally {
      useEngine(true);
    }
  }
});

test("softmax output with dropout: the same training runs on both paths, bit for bit, and the gradient check with fixed masks passes", () => {
  const K = 3;
  const { X, y } = classData(6, 40, K, 13);
  const make = () =>
    createNetwork({
      layerSizes: [6, 8, 5, K],
      hiddenActivation: "relu",
      output: "softmax",
      keepProb: [0.8, 0.6],
      seed: 4,
      biasInit: 0.05,
    });
  const run = bothPaths(() => {
    const net = make();
    const history = net.fit(X, y, { epochs: 12, batchSize: 16, seed: 3, learningRate: 0.3 });
    return { history, params: net.parameters() };
  });
  sameHistory(run.engine.history, run.readable.history, "softmax + dropout");
  sameList(run.engine.params, run.readable.params, "softmax + dropout: parameters");
  const net = make();
  const masks = dropoutMasks(net, X.cols, new Rng(21));
  const check = networkGradientCheck(net, X, y, 1e-5, masks);
  assert.ok(check.relativeDifference < 1e-7, `relative difference ${check.relativeDifference}`);
});
