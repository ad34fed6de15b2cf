// train's clipNorm option: each step's gradients clipped by global norm right before the optimizer's update.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "../../lib/src/core/matrix";
import { clipGradients, globalGradientNorm } from "../../lib/src/learning/clipping";
import { gradientDescent } from "../../lib/src/learning/optimizers";
import { createNetwork } from "../../lib/src/models/network";
import { train } from "../../lib/src/models/train";
import { makeDataset } from "../../lib/src/data/datasets";

const data = makeDataset("moons", { m: 60, seed: 3, noise: 0.2 });
/** A network whose first gradients are far above the cap: large initial weights. */
const fresh = () =>
  createNetwork({
    layerSizes: [2, 6, 6, 1],
    hiddenActivation: "relu",
    init: "random",
    initScale: 2,
    seed: 5,
  });

test("train with clipNorm matches a hand loop that clips before each step", () => {
  const byTrain = fresh();
  const h = train(byTrain, data.X, data.y, {
    epochs: 25,
    learningRate: 0.05,
    clipNorm: 1,
    warn: false,
  });
  const byHand = fresh();
  const opt = gradientDescent({ learningRate: 0.05 });
  const costs: number[] = [];
  let clipped = 0;
  for (let e = 0; e < 25; e++) {
    const { cost, grads } = byHand.costAndGradients(data.X, data.y, data.X.cols);
    if (globalGradientNorm(grads) > 1) clipped++;
    opt.step(byHand.parameters(), clipGradients(grads, 1));
    costs.push(cost);
  }
  assert.ok(clipped > 5, `the cap should bite in this test (${clipped} steps clipped)`);
  h.costs.forEach((c, k) => assert.ok(Math.abs(c - (costs[k] as number)) < 1e-12));
  byTrain.parameters().forEach((p, k) => {
    const q = byHand.parameters()[k] as Matrix;
    p.data.forEach((v, i) => assert.ok(Math.abs(v - (q.data[i] as number)) < 1e-12));
  });
  // and differs from the run without clipping
  const plain = fresh();
  const hp = train(plain, data.X, data.y, { epochs: 25, learningRate: 0.05, warn: false });
  assert.notEqual(hp.costs[24], h.costs[24]);
});

test("with mini-batches too: a cap no step reaches changes nothing", () => {
  const a = fresh();
  const b = fresh();
  const options = { epochs: 3, learningRate: 0.001, batchSize: 16, seed: 2, warn: false };
  const ha = train(a, data.X, data.y, options);
  const hb = train(b, data.X, data.y, { ...options, clipNorm: 1e9 });
  assert.deepEqual(hb.costs, ha.costs);
});

test("a bad clipNorm gets a clear message naming the option", () => {
  for (const bad of [0, -1, Number.NaN, Infinity]) {
    assert.throws(
      () => train(fresh(), data.X, data.y, { epochs: 1, clipNorm: bad }),
      (e: Error) =>
        e instanceof RangeError &&
        /^clipNorm must be a number > 0, the largest norm ‖g‖ a step's gradients may have \(e\.g\. clipNorm: 1\), got/.test(
          e.message,
        ),
    );
  }
  assert.throws(
    () => train(fresh(), data.X, data.y, { epochs: 1, clipNorm: "1" as unknown as number }),
    /clipNorm must be .*got "1" \(a string\): write it without quotes, 1/,
  );
});
