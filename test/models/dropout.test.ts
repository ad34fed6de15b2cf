// Inverted dropout and L2 on networks (chapter 13): gradients with fixed masks against finite differences,
// prediction mode without dropout, the 1/keepProb scaling keeping the expected activation, keepProb 1 giving
// exactly the numbers without dropout, the gradient check's refusal of a random cost, and the errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useEngine } from "../../lib/src/engine";
import { makeDataset } from "../../lib/src/data/datasets";
import { gradientCheck } from "../../lib/src/learning/gradcheck";
import { Matrix } from "../../lib/src/core/matrix";
import { Rng } from "../../lib/src/core/random";
import {
  backwardPass,
  createNetwork,
  dropoutMasks,
  forwardPass,
  networkCost,
  networkFromParameters,
  networkGradientCheck,
  type NeuralNetwork,
} from "../../lib/src/models/network";
import { train } from "../../lib/src/models/train";

const data = makeDataset("moons", { m: 20, seed: 3 });

/** Runs f on the engine and on the readable path. */
function onBothPaths(f: (path: string) => void): void {
  f("engine");
  useEngine(false);
  try {
    f("readable");
  } finally {
    useEngine(true);
  }
}

test("with fixed masks, dropout's gradients match finite differences below 1e-7 (every activation, L2 on and off, both paths)", () => {
  onBothPaths((path) => {
    for (const g of ["sigmoid", "tanh", "relu", "leakyRelu"]) {
      for (const lambda of [0, 0.6]) {
        const net = createNetwork({
          layerSizes: [2, 6, 5, 1],
          hiddenActivation: g,
          keepProb: [0.7, 0.5],
          lambda,
          seed: 4,
          biasInit: 0.1,
        });
        const masks = dropoutMasks(net, data.X.cols, new Rng(9));
        const dropped = masks.reduce((s, D) => s + (D ? D.size - D.sum() : 0), 0);
        assert.ok(dropped > 0, "the masks drop some units");
        const r = networkGradientCheck(net, data.X, data.y, 1e-5, masks);
        assert.equal(r.note, undefined, "with masks given, no note");
        assert.ok(
          r.relativeDifference < 1e-7,
          `${path} ${g} λ=${lambda}: relative difference ${r.relativeDifference}`,
        );
      }
    }
  });
});

test("the dropped-out forward pass of one example equals the plain pass of a network whose next-layer weight columns are scaled by D/keepProb", () => {
  // An independent formula: dropping unit i of layer l (and scaling the kept ones by 1/p) for one example is
  // the same as multiplying column i of W^[l+1] by D_i/p.
  const net = createNetwork({
    layerSizes: [2, 5, 4, 1],
    hiddenActivation: "tanh",
    keepProb: [0.6, 0.8],
    seed: 2,
  });
  const m = data.X.cols;
  const masks = dropoutMasks(net, m, new Rng(5));
  const out = forwardPass(net, data.X, masks).A[3] as Matrix;
  for (let j = 0; j < m; j++) {
    const W = net.W.map((w, k) => {
      if (k === 0) return w.clone();
      const D = masks[k - 1] as Matrix;
      const p = net.keepProb[k - 1] as number;
      return w.map((v, _i, c) => (v * D.get(c, j)) / p);
    });
    const plain = networkFromParameters({ W, b: net.b, hiddenActivation: "tanh" });
    const yHat = plain.predictProba(data.X.sliceCols(j, j + 1)).get(0, 0);
    assert.ok(Math.abs(yHat - out.get(0, j)) < 1e-12, `example ${j}: ${yHat} vs ${out.get(0, j)}`);
  }
});

test("the backward pass multiplies dA by the same masks: a dropped unit's incoming weights get no gradient from the data", () => {
  const net = createNetwork({ layerSizes: [2, 6, 1], keepProb: 0.5, seed: 1 });
  const X = data.X.sliceCols(0, 1); // one example: a dropped unit is dropped for every example of the batch
  const Y = data.y.sliceCols(0, 1);
  const masks = dropoutMasks(net, 1, new Rng(3));
  const D = masks[0] as Matrix;
  assert.ok(D.sum() > 0 && D.sum() < 6, "some units kept, some dropped");
  const { dW, db } = backwardPass(net, forwardPass(net, X, masks), Y);
  for (let i = 0; i < 6; i++) {
    const zero = D.get(i, 0) === 0;
    assert.equal(dW[0]!.get(i, 0) === 0 && dW[0]!.get(i, 1) === 0 && db[0]!.get(i, 0) === 0, zero);
    assert.equal(dW[1]!.get(0, i) === 0, zero, `output weight from unit ${i}`);
  }
});

test("prediction mode uses no dropout: predictProba, predict, cost and forwardPass are those of the same weights with keepProb 1", () => {
  onBothPaths((path) => {
    const withDropout = createNetwork({ layerSizes: [2, 8, 1], keepProb: 0.5, seed: 6 });
    const without = createNetwork({ layerSizes: [2, 8, 1], seed: 6 });
    withDropout.costAndGradients(data.X, data.y); // a training step draws masks; prediction must not
    assert.deepEqual(
      [...withDropout.predictProba(data.X).data],
      [...without.predictProba(data.X).data],
      path,
    );
    assert.deepEqual(
      [...withDropout.predictProba(data.X).data],
      [...without.predictProba(data.X).data],
    );
    assert.deepEqual([...withDropout.predict(data.X).data], [...without.predict(data.X).data]);
    assert.equal(withDropout.cost(data.X, data.y), without.cost(data.X, data.y));
    assert.equal(networkCost(withDropout, data.X, data.y), without.cost(data.X, data.y));
    const A1 = forwardPass(withDropout, data.X).A[1] as Matrix;
    assert.ok(
      A1.data.every((v) => v !== 0),
      "no hidden unit is zeroed in prediction (tanh is 0 only at z = 0)",
    );
  });
});

test("training mode draws a new mask each step, reproducibly: the same seeds give the same run, another dropoutSeed another", () => {
  const run = (dropoutSeed?: number) => {
    const net = createNetwork({ layerSizes: [2, 10, 1], keepProb: 0.6, seed: 2, dropoutSeed });
    const h = train(net, data.X, data.y, { epochs: 15, learningRate: 0.5 });
    return { costs: h.costs, W: [...net.W[0]!.data] };
  };
  const a = run();
  const b = run();
  assert.deepEqual(a, b, "same seeds: same masks, same run");
  assert.notDeepEqual(run(77).costs, a.costs, "another dropout seed: other masks");
  const net = createNetwork({ layerSizes: [2, 10, 1], keepProb: 0.6, seed: 2 });
  const c1 = net.costAndGradients(data.X, data.y).cost;
  const c2 = net.costAndGradients(data.X, data.y).cost;
  assert.notEqual(c1, c2, "same parameters, two steps: two masks, two costs");
  net.seedDropout(3);
  const d1 = net.costAndGradients(data.X, data.y).cost;
  net.seedDropout(3);
  assert.equal(net.costAndGradients(data.X, data.y).cost, d1, "seedDropout restarts the stream");
});

test("keepProb 1 gives exactly the numbers without dropout (a training run, bit for bit, both paths)", () => {
  onBothPaths((path) => {
    const run = (keepProb?: number | number[]) => {
      const net = createNetwork({ layerSizes: [2, 7, 5, 1], keepProb, seed: 8, lambda: 0.1 });
      const h = train(net, data.X, data.y, { epochs: 20, batchSize: 7, learningRate: 0.3 });
      return { costs: h.costs, params: net.parameters().map((p) => [...p.data]) };
    };
    const none = run();
    assert.deepEqual(run(1), none, `${path}: keepProb 1`);
    assert.deepEqual(run([1, 1]), none, `${path}: keepProb [1, 1]`);
    assert.notDeepEqual(run(0.9), none, `${path}: keepProb 0.9 does change the run`);
  });
});

test("inverted scaling keeps the expected activation: the mean of A ⊙ D / keepProb over many masks is A (without the 1/keepProb it would be keepProb·A)", () => {
  const net = createNetwork({ layerSizes: [2, 4, 1], keepProb: 0.7, seed: 1, biasInit: 0.3 });
  const X = data.X.sliceCols(0, 3);
  const A = forwardPass(net, X).A[1] as Matrix; // prediction mode: no dropout
  const rng = new Rng(12);
  const draws = 20000;
  const sum = new Matrix(A.rows, A.cols);
  for (let t = 0; t < draws; t++) {
    const Ad = forwardPass(net, X, dropoutMasks(net, 3, rng)).A[1] as Matrix;
    for (let k = 0; k < sum.size; k++) sum.data[k] = sum.data[k]! + Ad.data[k]!;
  }
  const p = 0.7;
  for (let k = 0; k < A.size; k++) {
    const a = A.data[k]!;
    const mean = sum.data[k]! / draws;
    // each draw is a/p with probability p, else 0: standard deviation |a|·√((1 − p)/p), over √draws
    const se = (Math.abs(a) * Math.sqrt((1 - p) / p)) / Math.sqrt(draws);
    assert.ok(Math.abs(mean - a) < 5 * se + 1e-15, `entry ${k}: mean ${mean} vs A ${a} (se ${se})`);
    if (Math.abs(a) > 0.05) assert.ok(Math.abs(mean - p * a) > 5 * se, "tells A from keepProb·A");
  }
  const D = dropoutMasks(net, 50000, new Rng(1))[0] as Matrix;
  const kept = D.sum() / D.size;
  assert.ok(Math.abs(kept - p) < 0.005, `the masks keep a fraction ${kept} ≈ keepProb ${p}`);
});

test("the gradient check with dropout on runs with dropout off and says why; a random cost is refused by gradientCheck", () => {
  const net = createNetwork({ layerSizes: [2, 5, 1], keepProb: 0.5, seed: 3, lambda: 0.2 });
  const r = networkGradientCheck(net, data.X, data.y);
  assert.ok(r.relativeDifference < 1e-7, `dropout off: ${r.relativeDifference}`);
  assert.match(r.note ?? "", /dropout was off/);
  assert.match(r.note ?? "", /new mask/);
  assert.equal(
    networkGradientCheck(createNetwork({ layerSizes: [2, 5, 1] }), data.X, data.y).note,
    undefined,
  );
  // what a learner might try: the training-mode cost as the function to differentiate
  const { grads } = net.costAndGradients(data.X, data.y);
  assert.throws(
    () => gradientCheck(() => net.costAndGradients(data.X, data.y).cost, net.parameters(), grads),
    (e: Error) =>
      /returned .* and then .* for the same parameters: it is random/.test(e.message) &&
      /dropout/.test(e.message),
  );
});

test("L2 on networks: J gains exactly λ/(2m) Σ‖W^[l]‖² (summed by loops), and the gradient check passes with λ > 0", () => {
  const lambda = 0.8;
  const plain = createNetwork({ layerSizes: [2, 6, 3, 1], seed: 5 });
  const reg = createNetwork({ layerSizes: [2, 6, 3, 1], seed: 5, lambda });
  let sumSq = 0;
  for (const W of reg.W) for (const v of W.data) sumSq += v * v;
  const m = data.X.cols;
  const gap = reg.cost(data.X, data.y) - plain.cost(data.X, data.y);
  assert.ok(Math.abs(gap - (lambda / (2 * m)) * sumSq) < 1e-14, `penalty ${gap}`);
  const gPlain = plain.costAndGradients(data.X, data.y).grads;
  const gReg = reg.costAndGradients(data.X, data.y).grads;
  reg.W.forEach((W, k) => {
    const extra = gReg[2 * k]!.sub(gPlain[2 * k]!);
    for (let i = 0; i < W.size; i++)
      assert.ok(Math.abs(extra.data[i]! - (lambda / m) * W.data[i]!) < 1e-14, "dW gains (λ/m)·W");
    assert.deepEqual([...gReg[2 * k + 1]!.data], [...gPlain[2 * k + 1]!.data], "db unchanged");
  });
  onBothPaths((path) => {
    const r = networkGradientCheck(reg, data.X, data.y);
    assert.ok(r.relativeDifference < 1e-7, `${path}: ${r.relativeDifference}`);
  });
});

test("keepProb and masks are checked, with errors that name the value and the layers", () => {
  const mk = (keepProb: unknown, layerSizes = [2, 4, 3, 1]) =>
    createNetwork({ layerSizes, keepProb: keepProb as number });
  assert.throws(
    () => mk(0),
    /keepProb \(the probability of keeping a hidden unit\) must be a number > 0 and ≤ 1.*got 0/,
  );
  assert.throws(() => mk(1.5), /got 1\.5/);
  assert.throws(() => mk("0.5"), /"0\.5" \(a string\)/);
  assert.throws(() => mk([0.5]), /has 1 entries but the network has 2 hidden layers/);
  assert.throws(() => mk([0.5, -1]), /keepProb\[1\].*got -1/);
  assert.throws(() => mk(0.5, [2, 1]), /no hidden layer to drop units from/);
  assert.deepEqual(mk(1, [2, 1]).keepProb, []);
  assert.deepEqual(mk(0.5).keepProb, [0.5, 0.5]);
  const net: NeuralNetwork = mk([0.9, 0.6]);
  assert.match(String(net), /keepProb \[0\.9,0\.6\]/);
  assert.deepEqual(net.clone().keepProb, [0.9, 0.6]);
  assert.throws(() => {
    net.keepProb = 0;
  }, /keepProb/);
  const X = data.X;
  assert.throws(
    () => forwardPass(net, X, [null]),
    /one mask D\^\[l\] \(or null\) per hidden layer: this network has 2, got 1/,
  );
  assert.throws(
    () => forwardPass(net, X, [new Matrix(4, 3), null]),
    /D\^\[1\] \(masks\[0\]\) is 4×3 but layer 1 has 4 units and X has 20 examples: it must be 4×20/,
  );
  assert.throws(
    () => forwardPass(net, X, [Matrix.full(4, 20, 2), null]),
    /holds 2 at row 0, column 0: a mask holds only 0 \(dropped\) and 1 \(kept\)/,
  );
  assert.throws(() => net.seedDropout(0.5), /dropout seed must be an integer/);
});
