import { test } from "node:test";
import assert from "node:assert/strict";
import { activation } from "../../lib/src/learning/activations";
import { useEngine } from "../../lib/src/engine";
import { makeDataset, makeXor } from "../../lib/src/data/datasets";
import { gradientCheck } from "../../lib/src/learning/gradcheck";
import { LogisticRegression } from "../../lib/src/models/logistic";
import { crossEntropy } from "../../lib/src/learning/losses";
import { Matrix } from "../../lib/src/core/matrix";
import { accuracy } from "../../lib/src/learning/metrics";
import {
  backwardPass,
  createNetwork,
  fitNetwork,
  forwardPass,
  hiddenFeatures,
  initStd,
  networkCost,
  networkFromParameters,
  networkGradientCheck,
  NeuralNetwork,
} from "../../lib/src/models/network";
import { Rng } from "../../lib/src/core/random";
import { train, TrainingDivergedError } from "../../lib/src/models/train";

const data = makeDataset("moons", { m: 24, seed: 5 });

/** The smallest |z| over every hidden unit and example: how far the inputs sit from ReLU's kink at 0. */
function minHiddenAbsZ(net: NeuralNetwork, X: Matrix): number {
  const { Z } = forwardPass(net, X);
  let min = Infinity;
  for (const z of Z.slice(0, -1)) for (const v of z.data) min = Math.min(min, Math.abs(v));
  return min;
}

test("gradient check below 1e-7 for every hidden activation and depths 1–4 (with and without L2)", () => {
  const sizesByDepth = [
    [2, 1],
    [2, 5, 1],
    [2, 5, 4, 1],
    [2, 6, 5, 3, 1],
  ];
  const rows: string[] = [];
  for (const g of ["sigmoid", "tanh", "relu", "leakyRelu"]) {
    for (const layerSizes of sizesByDepth) {
      for (const lambda of [0, 0.7]) {
        // ReLU's derivative jumps at z = 0: finite differences that straddle the kink disagree with any slope.
        // So for ReLUs: a small positive bias, and the first seed whose every hidden z is at least 1e-3 from 0.
        const kinked = g === "relu" || g === "leakyRelu";
        let net = createNetwork({
          layerSizes,
          hiddenActivation: g,
          init: "lecun",
          seed: 3,
          lambda,
          biasInit: kinked ? 0.1 : 0,
        });
        for (
          let seed = 4;
          kinked && layerSizes.length > 2 && minHiddenAbsZ(net, data.X) < 1e-3;
          seed++
        ) {
          assert.ok(seed < 100, `${g} ${layerSizes}: no seed keeps z away from the kink`);
          net = createNetwork({
            layerSizes,
            hiddenActivation: g,
            init: "lecun",
            seed,
            lambda,
            biasInit: 0.1,
          });
        }
        const r = networkGradientCheck(net, data.X, data.y);
        rows.push(
          `${g.padEnd(9)} [${layerSizes.join(", ")}] λ=${lambda}: ${r.relativeDifference.toExponential(2)}`,
        );
        assert.ok(
          r.relativeDifference < 1e-7,
          `${g} ${JSON.stringify(layerSizes)} λ=${lambda}: relative difference ${r.relativeDifference}`,
        );
      }
    }
  }
  console.log(rows.join("\n"));
});

test("the gradient check notices a wrong gradient (so it is not vacuous)", () => {
  const net = createNetwork({ layerSizes: [2, 3, 1], seed: 1 });
  const { grads } = net.costAndGradients(data.X, data.y);
  (grads[0] as Matrix).data[2] = (grads[0] as Matrix).data[2]! * 1.1;
  const r = gradientCheck(() => networkCost(net, data.X, data.y), net.parameters(), grads);
  assert.ok(
    r.relativeDifference > 1e-4,
    `a 10% error in one entry gave only ${r.relativeDifference}`,
  );
});

test("forward pass matches a per-example loop of the formulas", () => {
  const net = createNetwork({ layerSizes: [2, 3, 2, 1], hiddenActivation: "tanh", seed: 9 });
  const cache = forwardPass(net, data.X);
  assert.equal(cache.Z.length, 3);
  assert.equal(cache.A.length, 4);
  assert.equal(cache.A[0], data.X);
  for (let j = 0; j < data.X.cols; j++) {
    let a = [data.X.get(0, j), data.X.get(1, j)];
    for (let l = 1; l <= 3; l++) {
      const W = net.W[l - 1]!;
      const z = Array.from({ length: W.rows }, (_, i) =>
        a.reduce((s, ak, k) => s + W.get(i, k) * ak, net.b[l - 1]!.get(i, 0)),
      );
      z.forEach((zi, i) => assert.ok(Math.abs(zi - cache.Z[l - 1]!.get(i, j)) < 1e-14));
      a = z.map((zi) => (l < 3 ? Math.tanh(zi) : activation("sigmoid").output(zi)));
      a.forEach((ai, i) => assert.ok(Math.abs(ai - cache.A[l]!.get(i, j)) < 1e-14));
    }
  }
  // The cost from the logits equals the cross-entropy of the probabilities.
  assert.ok(Math.abs(networkCost(net, data.X, data.y) - crossEntropy(cache.A[3]!, data.y)) < 1e-14);
  // hiddenFeatures is A^[L−1] by default, and A^[l] for a given l.
  assert.ok(hiddenFeatures(net, data.X).allClose(cache.A[2]!, 0, 0));
  assert.ok(hiddenFeatures(net, data.X, 1).allClose(cache.A[1]!, 0, 0));
});

test("shapes: W^[l] is nˡ×nˡ⁻¹, b^[l] is nˡ×1, gradients alike; parameters in [W1, b1, W2, b2] order", () => {
  const net = createNetwork({ layerSizes: [3, 5, 2, 1] });
  assert.deepEqual(
    net.W.map((w) => w.shape()),
    ["5×3", "2×5", "1×2"],
  );
  assert.deepEqual(
    net.b.map((b) => b.shape()),
    ["5×1", "2×1", "1×1"],
  );
  assert.equal(net.numParameters, 5 * 3 + 5 + 2 * 5 + 2 + 2 + 1);
  assert.equal(net.numLayers, 3);
  const ps = net.parameters();
  assert.equal(ps[0], net.W[0]);
  assert.equal(ps[1], net.b[0]);
  assert.equal(ps[4], net.W[2]);
  const X = Matrix.normal(3, 7, new Rng(1));
  const Y = Matrix.row([0, 1, 1, 0, 1, 0, 0]);
  const g = backwardPass(net, forwardPass(net, X), Y);
  assert.deepEqual(
    g.dW.map((w) => w.shape()),
    ["5×3", "2×5", "1×2"],
  );
  assert.deepEqual(
    g.db.map((b) => b.shape()),
    ["5×1", "2×1", "1×1"],
  );
  assert.match(
    String(net),
    /NeuralNetwork \[3, 5, 2, 1\], tanh hidden, sigmoid output, 35 parameters/,
  );
});

test("initialisation: seeded, the right scale for each scheme, biases at biasInit", () => {
  const a = createNetwork({ layerSizes: [2, 4, 1], seed: 7 });
  const b = createNetwork({ layerSizes: [2, 4, 1], seed: 7 });
  const c = createNetwork({ layerSizes: [2, 4, 1], seed: 8 });
  assert.deepEqual(a.W[0]!.toList(), b.W[0]!.toList());
  assert.notDeepEqual(a.W[0]!.toList(), c.W[0]!.toList());
  const std = (M: Matrix) => Math.sqrt(M.data.reduce((s, v) => s + v * v, 0) / M.size);
  const nIn = 400;
  for (const [init, want] of [
    ["he", Math.sqrt(2 / nIn)],
    ["lecun", Math.sqrt(1 / nIn)],
    ["glorot", Math.sqrt(2 / (nIn + 200))],
    ["random", 0.01],
  ] as const) {
    const net = createNetwork({ layerSizes: [nIn, 200, 1], init, seed: 1 });
    const s = std(net.W[0]!);
    assert.ok(Math.abs(s / want - 1) < 0.02, `${init}: std ${s}, want ${want}`);
    assert.equal(initStd(init, nIn, 0.01, 200), want);
  }
  // "xavier" means LeCun's scale in some libraries and Glorot's in others: refused, naming both.
  assert.throws(
    () => createNetwork({ layerSizes: [2, 3, 1], init: "xavier" as never }),
    /init "xavier" is ambiguous: use "lecun" .* or "glorot"/,
  );
  assert.ok(
    std(createNetwork({ layerSizes: [nIn, 50, 1], init: "random", initScale: 10 }).W[0]!) > 9,
  );
  const z = createNetwork({ layerSizes: [2, 3, 1], init: "zeros", biasInit: -5 });
  assert.ok(z.W.every((w) => w.data.every((v) => v === 0)));
  assert.ok(z.b.every((v) => v.data.every((x) => x === -5)));
  // Default: He for ReLU, LeCun otherwise.
  const relu = createNetwork({ layerSizes: [nIn, 200, 1], hiddenActivation: "relu", seed: 1 });
  assert.ok(Math.abs(std(relu.W[0]!) / Math.sqrt(2 / nIn) - 1) < 0.02);
});

test("a network with no hidden layer ([n, 1]) is logistic regression, step for step", () => {
  const d = makeDataset("blobs", { m: 60, seed: 2, noise: 1.2 });
  for (const [lambda, batchSize] of [
    [0, undefined],
    [0.5, undefined],
    [0, 16],
  ] as const) {
    const lr = new LogisticRegression(2, { lambda });
    const net = createNetwork({ layerSizes: [2, 1], init: "zeros", lambda });
    // same start
    assert.deepEqual(net.W[0]!.toList(), lr.w.toList());
    assert.deepEqual(net.b[0]!.toList(), lr.b.toList());
    const h1 = train(lr, d.X, d.y, { epochs: 200, learningRate: 0.3, batchSize, seed: 4 });
    const h2 = train(net, d.X, d.y, { epochs: 200, learningRate: 0.3, batchSize, seed: 4 });
    assert.equal(h1.costs.length, 200);
    for (let e = 0; e < 200; e++) {
      assert.ok(
        Math.abs(h1.costs[e]! - h2.costs[e]!) < 1e-12,
        `λ=${lambda} batch=${batchSize} epoch ${e}: ${h1.costs[e]} vs ${h2.costs[e]}`,
      );
    }
    assert.ok(
      net.W[0]!.allClose(lr.w, 0, 1e-12),
      `weights ${net.W[0]!.toList()} vs ${lr.w.toList()}`,
    );
    assert.ok(Math.abs(net.b[0]!.item() - lr.b.item()) < 1e-12);
    // and it learned something: the cost went down
    assert.ok(h2.costs[199]! < h2.costs[0]! - 0.1);
    assert.ok(net.predictProba(d.X).allClose(lr.predictProba(d.X), 0, 1e-12));
  }
  // Gradients agree on a random (non-zero) point too.
  const lr = LogisticRegression.fromWeights([0.3, -1.2], 0.4, { lambda: 0.2 });
  const net = networkFromParameters({
    W: [Matrix.row([0.3, -1.2])],
    b: [Matrix.full(1, 1, 0.4)],
    lambda: 0.2,
  });
  const g1 = lr.costAndGradients(d.X, d.y);
  const g2 = net.costAndGradients(d.X, d.y);
  assert.ok(Math.abs(g1.cost - g2.cost) < 1e-14);
  g1.grads.forEach((g, k) => assert.ok(g.allClose(g2.grads[k]!, 0, 1e-15)));
});

test("zero initialisation never breaks symmetry: every hidden unit stays identical", () => {
  const d = makeXor({ m: 80 });
  const net = createNetwork({ layerSizes: [2, 4, 1], init: "zeros" });
  // a non-zero but symmetric start: all hidden units equal
  net.W[0]!.data.fill(0.3);
  train(net, d.X, d.y, { epochs: 100, learningRate: 0.5 });
  for (let i = 1; i < 4; i++) {
    assert.deepEqual(
      net.W[0]!.row(i).toList(),
      net.W[0]!.row(0).toList(),
      `unit ${i} differs from unit 0`,
    );
  }
  assert.ok(net.W[0]!.get(0, 0) !== 0.3, "the weights did move");
});

test("training solves XOR and the moons; predict applies the threshold", () => {
  const d = makeXor({ m: 200, seed: 1 });
  const { model, history } = fitNetwork(d.X, d.y, {
    layerSizes: [2, 4, 1],
    epochs: 1500,
    learningRate: 1,
    seed: 2,
  });
  assert.equal(accuracy(d.y, model.predict(d.X)), 1);
  assert.ok(history.costs[1499]! < 0.05, `final cost ${history.costs[1499]}`);
  const m = makeDataset("moons", { m: 200, seed: 1 });
  const net = createNetwork({ layerSizes: [2, 8, 8, 1], hiddenActivation: "relu", seed: 1 });
  train(net, m.X, m.y, { epochs: 300, optimizer: "adam", learningRate: 0.02 });
  assert.ok(accuracy(m.y, net.predict(m.X)) > 0.97);
  const p = net.predictProba(m.X);
  const strict = net.predict(m.X, 0.9);
  for (let j = 0; j < p.cols; j++) assert.equal(strict.data[j], p.data[j]! >= 0.9 ? 1 : 0);
  assert.throws(() => net.predict(m.X, 2), /threshold must be a number between 0 and 1, got 2/);
});

test("hand-chosen weights: a 2-2-1 sigmoid network computes XOR", () => {
  const net = networkFromParameters({
    W: [
      Matrix.from([
        [20, 20],
        [-20, -20],
      ]),
      Matrix.from([[20, 20]]),
    ],
    b: [Matrix.column([-10, 30]), Matrix.column([-30])],
    hiddenActivation: "sigmoid",
  });
  const corners = Matrix.from([
    [0, 0, 1, 1],
    [0, 1, 0, 1],
  ]);
  assert.deepEqual(net.predict(corners).toList(), [0, 1, 1, 0]);
});

test("dead ReLUs: a large negative bias makes z < 0 for every example, and their gradients are exactly 0", () => {
  const d = makeDataset("circles", { m: 100 });
  const net = createNetwork({
    layerSizes: [2, 6, 1],
    hiddenActivation: "relu",
    biasInit: -10,
    seed: 1,
  });
  const { Z } = forwardPass(net, d.X);
  assert.ok(Z[0]!.data.every((z) => z < 0));
  const { grads } = net.costAndGradients(d.X, d.y);
  assert.ok(grads[0]!.data.every((g) => g === 0) && grads[1]!.data.every((g) => g === 0));
});

test("bad input: sizes that do not match the data, a last size ≠ 1, an unknown activation, non-finite parameters", () => {
  const net = createNetwork({ layerSizes: [2, 4, 1] });
  const X3 = new Matrix(3, 400);
  assert.throws(
    () => forwardPass(net, X3),
    /first layer takes 2 features \(layerSizes\[0\] = 2\) but X is 3×400 \(3 features × 400 examples\)/,
  );
  assert.throws(() => net.predict(X3), /X is 3×400/);
  assert.throws(() => train(net, X3, new Matrix(1, 400), { epochs: 1 }), /X is 3×400/);
  // a transposed X gets a hint
  assert.throws(
    () => forwardPass(net, new Matrix(400, 2)),
    /X is 400×2 .*did you forget to transpose X/,
  );
  assert.throws(
    () => createNetwork({ layerSizes: [2, 4, 3] }),
    /the last layer size is 3 but must be 1 .*\[2,4,3\]; e\.g\. \[2, 4, 1\]/,
  );
  assert.throws(() => createNetwork({ layerSizes: [2] }), /at least two sizes/);
  assert.throws(
    () => createNetwork({ layerSizes: [2, 0, 1] }),
    /layerSizes\[1\] \(units of layer 1; layerSizes = \[2,0,1\]\) must be a whole number ≥ 1, got 0/,
  );
  assert.throws(
    () => createNetwork({ layerSizes: [2, 4, 1], hiddenActivation: "reLU" }),
    /Unknown activation "reLU"\. Known activations: sigmoid, tanh, relu, leakyRelu, linear/,
  );
  assert.throws(
    () => createNetwork({ layerSizes: [2, 4, 1], init: "glorrot" as never }),
    /unknown init "glorrot". Known schemes: zeros, random, lecun, glorot, he/,
  );
  assert.throws(() => createNetwork({ layerSizes: [2, 4, 1], lambda: -1 }), /lambda .* got -1/);
  // Y must be 1×m with labels 0/1
  const d = makeXor({ m: 10 });
  assert.throws(() => net.costAndGradients(d.X, new Matrix(1, 9)), /Y is 1×9 but X is 2×10/);
  assert.throws(
    () => net.costAndGradients(d.X, Matrix.full(1, 10, 2)),
    /value 2 at example 0: labels must be 0 or 1/,
  );
  // a non-finite parameter
  const bad = createNetwork({ layerSizes: [2, 4, 1] });
  bad.W[1]!.data[2] = NaN;
  assert.throws(
    () => forwardPass(bad, d.X),
    /W\^\[2\] \(W\[1\], 1×4\) holds NaN at row 0, column 2: every parameter must be a finite number/,
  );
  assert.throws(() => bad.predictProba(d.X), /holds NaN/);
  assert.throws(() => networkCost(bad, d.X, d.y), /holds NaN/);
  bad.W[1]!.data[2] = 0;
  bad.b[0]!.data[3] = Infinity;
  assert.throws(
    () => forwardPass(bad, d.X),
    /b\^\[1\] \(b\[0\], 4×1\) holds Infinity at row 3, column 0/,
  );
  // in the training loop a non-finite parameter stops training with the loop's divergence advice
  assert.throws(
    () => train(bad, d.X, d.y, { epochs: 3 }),
    (e: unknown) => e instanceof TrainingDivergedError && /cost became NaN/.test(e.message),
  );
  // networkFromParameters: shapes must chain
  assert.throws(
    () =>
      networkFromParameters({
        W: [new Matrix(3, 2), new Matrix(1, 4)],
        b: [new Matrix(3, 1), new Matrix(1, 1)],
      }),
    /W\[1\] \(W\^\[2\]\) is 1×4 but layer 1 has 3 units: it must be 1×3/,
  );
  assert.throws(
    () => networkFromParameters({ W: [new Matrix(3, 2)], b: [new Matrix(3, 2)] }),
    /b\[0\] \(b\^\[1\]\) is 3×2 but W\[0\] is 3×2: b must be 3×1/,
  );
  assert.throws(
    () => networkFromParameters({ W: [new Matrix(3, 2)], b: [new Matrix(3, 1)] }),
    /the last layer size is 3 but must be 1/,
  );
  assert.throws(
    () => networkFromParameters({ W: [Matrix.row([1, NaN])], b: [new Matrix(1, 1)] }),
    /W\^\[1\] \(W\[0\], 1×2\) holds NaN at row 0, column 1/,
  );
});

test("a huge learning rate (10⁶) makes the cost overflow: training stops with the loop's TrainingDivergedError, never silently NaN", () => {
  const d = makeDataset("flower", { m: 100 });
  const net = createNetwork({ layerSizes: [2, 5, 1], hiddenActivation: "relu", seed: 1 });
  assert.throws(
    () => train(net, d.X, d.y, { epochs: 50, learningRate: 1e6, divergenceFactor: false }),
    (e: unknown) => {
      assert.ok(e instanceof TrainingDivergedError, String(e));
      assert.match(
        e.message,
        /the cost became (Infinity|NaN) at epoch \d+, iteration \d+\. The learning rate 1000000 is probably too large/,
      );
      // the epochs before were finite, and the cost grew by many orders of magnitude before it overflowed
      const costs = e.history.costs;
      assert.ok(
        costs.length >= 2 && costs.every(Number.isFinite),
        `finite costs before the overflow: ${costs}`,
      );
      assert.ok(
        costs[costs.length - 1]! > 1e6 * costs[0]!,
        `the cost grew: ${costs[0]} → ${costs[costs.length - 1]}`,
      );
      return true;
    },
  );
});

test("predict: 1 only where ŷ > threshold, as scikit-learn (ŷ = threshold exactly gives 0; all-zero weights give ŷ = 0.5 → 0)", () => {
  const d = makeDataset("moons", { m: 30, seed: 2 });
  const zeros = createNetwork({ layerSizes: [2, 3, 1], init: "zeros" });
  assert.ok(
    zeros
      .predictProba(d.X)
      .toList()
      .every((p) => p === 0.5),
  );
  assert.deepEqual(zeros.predict(d.X).toList(), new Array(30).fill(0));
  assert.deepEqual(zeros.predict(d.X, 0.4999).toList(), new Array(30).fill(1));
  const net = createNetwork({ layerSizes: [2, 4, 1], seed: 3 });
  const p = net.predictProba(d.X).toList();
  const t = p[7]!; // a threshold equal to one example's ŷ: that example is 0, the larger ones 1
  assert.deepEqual(
    net.predict(d.X, t).toList(),
    p.map((v) => (v > t ? 1 : 0)),
  );
  assert.equal(net.predict(d.X, t).get(0, 7), 0);
  assert.ok(p.some((v) => v > t) && p.some((v) => v < t), "the check has examples on both sides");
});

test("forwardPass and networkCost never copy X: A[0] is X, and nothing as large as X is allocated (on both paths)", () => {
  // a wide input and a narrow network: every honest buffer (Z, A, dZ: nˡ×m) is far smaller than X (n⁰×m)
  const X = Matrix.normal(60, 50, new Rng(1));
  const Y = Matrix.row(Array.from({ length: 50 }, (_, j) => j % 2));
  const net = createNetwork({ layerSizes: [60, 3, 1], seed: 1 });
  const Original = globalThis.Float64Array;
  let inputSized = 0;
  const counting = class extends Original {
    constructor(...args: unknown[]) {
      super(...(args as [number]));
      if (typeof args[0] === "number" && args[0] >= X.size) inputSized += 1;
    }
  };
  const count = (f: () => unknown): number => {
    inputSized = 0;
    globalThis.Float64Array = counting as unknown as Float64ArrayConstructor;
    try {
      f();
    } finally {
      globalThis.Float64Array = Original;
    }
    return inputSized;
  };
  for (const engine of [true, false]) {
    useEngine(engine);
    try {
      const path = engine ? "engine" : "readable path";
      assert.equal(forwardPass(net, X).A[0], X, `${path}: A[0] is X itself`);
      assert.equal(
        count(() => forwardPass(net, X)),
        0,
        `${path}: forwardPass allocated an input-sized array`,
      );
      assert.equal(
        count(() => networkCost(net, X, Y)),
        0,
        `${path}: networkCost allocated an input-sized array`,
      );
      assert.equal(
        count(() => net.predictProba(X)),
        0,
        `${path}: predictProba allocated an input-sized array`,
      );
      // the engine's training step too (its buffers are made on the first call for a batch size)
      if (engine)
        assert.equal(
          count(() => new NeuralNetwork([60, 3, 1], "tanh", net.W, net.b).costAndGradients(X, Y)),
          0,
          "costAndGradients",
        );
    } finally {
      useEngine(true);
    }
  }
  // the counter does count: Xᵀ is a new input-sized matrix
  assert.equal(
    count(() => X.T),
    1,
  );
});

test("costAndGradients reuses its buffers safely: fresh gradients each call, any batch size, same numbers as forward/backwardPass", () => {
  const d = makeDataset("flower", { m: 50, seed: 2 });
  const net = createNetwork({
    layerSizes: [2, 7, 3, 1],
    hiddenActivation: "relu",
    seed: 4,
    lambda: 0.1,
  });
  const first = net.costAndGradients(d.X, d.y);
  const kept = first.grads.map((g) => g.clone());
  for (const m of [50, 17, 50, 3, 17]) {
    const X = d.X.sliceCols(0, m);
    const Y = d.y.sliceCols(0, m);
    const got = net.costAndGradients(X, Y);
    const cache = forwardPass(net, X);
    const want = backwardPass(net, cache, Y);
    assert.ok(Math.abs(got.cost - networkCost(net, X, Y)) < 1e-15, `cost for m=${m}`);
    want.dW.forEach((w, k) =>
      assert.ok(got.grads[2 * k]!.allClose(w, 0, 1e-15), `dW[${k}] for m=${m}`),
    );
    want.db.forEach((w, k) =>
      assert.ok(got.grads[2 * k + 1]!.allClose(w, 0, 1e-15), `db[${k}] for m=${m}`),
    );
  }
  // the gradients returned by the first call were not overwritten by the later ones
  first.grads.forEach((g, k) => assert.deepEqual(g.toList(), kept[k]!.toList()));
  // a wide input layer takes the other transpose branch: check it against finite differences too
  const wideX = Matrix.normal(30, 12, new Rng(3));
  const wideY = Matrix.row([0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0]);
  const wideNet = createNetwork({ layerSizes: [30, 4, 1], seed: 2 });
  assert.ok(networkGradientCheck(wideNet, wideX, wideY).relativeDifference < 1e-7);
});
