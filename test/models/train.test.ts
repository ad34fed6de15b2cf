import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix, ShapeError } from "../../lib/src/core/matrix";
import { gradientDescent } from "../../lib/src/learning/optimizers";
import {
  TrainingDivergedError,
  train,
  type ProgressInfo,
  type Trainable,
} from "../../lib/src/models/train";
import { LogisticRegression } from "../../lib/src/models/logistic";

/**
 * θ (1×1) fitted to the mean of the examples: J = mean((θ − x)²), ∂J/∂θ = 2·mean(θ − x).
 * It records the examples (the values of X) of every batch it sees.
 */
class MeanModel implements Trainable {
  theta = Matrix.zeros(1, 1);
  batches: number[][] = [];
  parameters() {
    return [this.theta];
  }
  costAndGradients(X: Matrix, _Y: Matrix) {
    this.batches.push(X.toList());
    const t = this.theta.item();
    const d = X.map((x) => t - x);
    return { cost: d.mul(d).mean(), grads: [Matrix.full(1, 1, 2 * d.mean())] };
  }
}

const m = 10;
/** Example j has the value j, so a batch shows which examples it holds. */
const X = Matrix.row(Array.from({ length: m }, (_, j) => j));
const Y = Matrix.zeros(1, m);

test("full batch: one update per epoch on all m examples, in order", () => {
  const model = new MeanModel();
  const h = train(model, X, Y, { epochs: 3, learningRate: 0.1 });
  assert.equal(h.iterations, 3);
  assert.equal(h.costs.length, 3);
  assert.deepEqual(model.batches, [X.toList(), X.toList(), X.toList()]);
});

test("mini-batch: ⌈m/b⌉ updates per epoch, every example exactly once per epoch", () => {
  const model = new MeanModel();
  const h = train(model, X, Y, {
    epochs: 2,
    batchSize: 4,
    learningRate: 0.1,
    recordIterations: true,
  });
  assert.equal(h.iterations, 6);
  assert.deepEqual(
    model.batches.map((b) => b.length),
    [4, 4, 2, 4, 4, 2],
  );
  for (const epoch of [0, 1]) {
    const seen = model.batches
      .slice(3 * epoch, 3 * epoch + 3)
      .flat()
      .sort((a, b) => a - b);
    assert.deepEqual(seen, X.toList());
  }
  assert.equal(h.iterationCosts.length, 6);
  // The epoch's cost is the mean of its batches' costs.
  assert.ok(
    Math.abs((h.costs[0] as number) - h.iterationCosts.slice(0, 3).reduce((s, c) => s + c, 0) / 3) <
      1e-12,
  );
  // Shuffled: the first epoch's order is not 0, 1, 2, …
  assert.notDeepEqual(model.batches.slice(0, 3).flat(), X.toList());
});

test("stochastic (batchSize 1): m updates per epoch, one example each", () => {
  const model = new MeanModel();
  const h = train(model, X, Y, { epochs: 2, batchSize: 1, learningRate: 0.01 });
  assert.equal(h.iterations, 2 * m);
  assert.ok(model.batches.every((b) => b.length === 1));
  assert.deepEqual(
    model.batches
      .slice(0, m)
      .flat()
      .sort((a, b) => a - b),
    X.toList(),
  );
});

test("the seeded shuffle is reproducible, and another seed gives another order", () => {
  const run = (seed: number) => {
    const model = new MeanModel();
    train(model, X, Y, { epochs: 3, batchSize: 3, seed, learningRate: 0.1 });
    return { order: model.batches.flat(), theta: model.theta.item() };
  };
  const a = run(7);
  const b = run(7);
  const c = run(8);
  assert.deepEqual(a.order, b.order);
  assert.equal(a.theta, b.theta);
  assert.notDeepEqual(a.order, c.order);
});

test("a good learning rate converges (θ → mean of x = 4.5)", () => {
  const model = new MeanModel();
  const h = train(model, X, Y, { epochs: 100, learningRate: 0.25 });
  assert.ok(Math.abs(model.theta.item() - 4.5) < 1e-9);
  assert.ok((h.costs[99] as number) < (h.costs[0] as number));
});

test("a NaN/Infinity cost stops training with an error naming epoch and iteration and suggesting a smaller rate", () => {
  // lr = 1.5 multiplies θ − 4.5 by (1 − 2·1.5) = −2 each step: the cost grows 4× per step until it overflows.
  const model = new MeanModel();
  let progressCalls = 0;
  const err = (() => {
    try {
      train(model, X, Y, {
        epochs: 5000,
        learningRate: 1.5,
        divergenceFactor: false,
        onProgress: () => progressCalls++,
      });
    } catch (e) {
      return e;
    }
    return null;
  })();
  assert.ok(err instanceof TrainingDivergedError, "expected a TrainingDivergedError");
  assert.match(err.message, /cost became (Infinity|NaN) at epoch (\d+), iteration (\d+)/);
  assert.match(err.message, /learning rate 1\.5 is probably too large/);
  assert.match(err.message, /smaller one, e\.g\. 0\.15/);
  const [, epoch, iteration] = /epoch (\d+), iteration (\d+)/.exec(err.message) ?? [];
  assert.equal(err.epoch, Number(epoch));
  assert.equal(err.iteration, Number(iteration));
  assert.ok(
    err.epoch > 500 && err.epoch < 600,
    `overflow after ~512 doublings, got epoch ${err.epoch}`,
  );
  assert.equal(err.history.costs.length, err.epoch - 1);
  assert.equal(progressCalls, err.epoch - 1);
});

test("divergenceFactor: a finite but exploding cost stops training too (on by default, false turns it off)", () => {
  // J = 8.25 + (θ − 4.5)², and θ − 4.5 goes −4.5, 9, −18, …: costs 28.5, 89.25, 332.25 — the third epoch's
  // cost is more than 10× the first's.
  const model = new MeanModel();
  assert.throws(
    () => train(model, X, Y, { epochs: 50, learningRate: 1.5, divergenceFactor: 10 }),
    (e: unknown) =>
      e instanceof TrainingDivergedError &&
      e.epoch === 3 &&
      e.iteration === 3 &&
      /rose from 28\.50 \(epoch 1\) to 332\.3 at epoch 3, iteration 3/.test(e.message) &&
      /Try a smaller one, e\.g\. 0\.15/.test(e.message),
  );
  // By default (1000×) the same run stops at epoch 7: 28.5·4^(e−1) + 8.25 first passes 28 500 there.
  assert.throws(
    () => train(new MeanModel(), X, Y, { epochs: 50, learningRate: 1.5 }),
    (e: unknown) =>
      e instanceof TrainingDivergedError &&
      e.epoch === 7 &&
      /more than 1000× where it started\. The learning rate 1\.5 is probably too large/.test(
        e.message,
      ) &&
      /pass \{ divergenceFactor: false \}/.test(e.message),
  );
  // With the check off the same run just keeps going (50 epochs stay finite).
  const h = train(new MeanModel(), X, Y, {
    epochs: 50,
    learningRate: 1.5,
    divergenceFactor: false,
  });
  assert.equal(h.epochs, 50);
  // A factor that is not a number > 1 is refused.
  assert.throws(
    () => train(new MeanModel(), X, Y, { epochs: 1, divergenceFactor: 0.5 }),
    /divergenceFactor \(or false to turn the check off\) must be a number > 1, got 0\.5/,
  );
});

test("X and y with different numbers of examples: a clear error naming both shapes", () => {
  assert.throws(
    () => train(new MeanModel(), Matrix.zeros(2, 5), Matrix.zeros(1, 4), { epochs: 1 }),
    (e: Error) =>
      e instanceof ShapeError &&
      /X is 2×5 \(5 examples\) but y is 1×4 \(4 examples\)/.test(e.message),
  );
  assert.throws(
    () => train(new MeanModel(), Matrix.zeros(2, 0), Matrix.zeros(1, 0), { epochs: 1 }),
    /no examples/,
  );
  assert.throws(
    () => train(new MeanModel(), Matrix.row([1, NaN]), Matrix.zeros(1, 2), { epochs: 1 }),
    /X \(1×2\) has NaN at row 0, column 1/,
  );
  assert.throws(
    () => train(new MeanModel(), X, Y, { epochs: 1, batchSize: 0 }),
    /batchSize must be a whole number ≥ 1/,
  );
  assert.throws(
    () => train(new MeanModel(), X, Y, { epochs: -1 }),
    /epochs must be a whole number/,
  );
});

test("onProgress once per epoch; shouldStop stops early; a schedule sets the rate per epoch", () => {
  const infos: ProgressInfo[] = [];
  const opt = gradientDescent({ learningRate: 0.2 });
  const h = train(new MeanModel(), X, Y, {
    epochs: 10,
    optimizer: opt,
    learningRateSchedule: (e, lr0) => lr0 / (1 + e),
    onProgress: (i) => infos.push(i),
    shouldStop: (i) => i.epoch === 4,
  });
  assert.equal(h.epochs, 4);
  assert.deepEqual(
    infos.map((i) => i.epoch),
    [1, 2, 3, 4],
  );
  assert.deepEqual(
    infos.map((i) => i.learningRate),
    [0.2, 0.1, 0.2 / 3, 0.05],
  );
  assert.ok(infos.every((i) => i.epochs === 10 && i.iteration === i.epoch));
});

test("L2 divides by the training set's m whatever the batch size: a mini-batch regularises as the whole set does", () => {
  const X = Matrix.from([
    [0.5, -1, 2, 0.3, -0.7, 1.1, 0.2, -0.4],
    [1, 0.2, -0.5, 0.8, 0.1, -1.2, 0.6, 0.9],
  ]);
  const y = Matrix.row([1, 0, 1, 1, 0, 0, 1, 0]);
  const m = X.cols;
  const withL2 = new LogisticRegression(2, { lambda: 3 });
  withL2.w.data.set([0.4, -0.6]);
  const without = new LogisticRegression(2);
  without.w.data.set([0.4, -0.6]);
  const idx = [1, 4, 6];
  const [Xb, Yb] = [X.selectCols(idx), y.selectCols(idx)];
  // the L2 part of the batch's gradient is (λ/m)·w with m = 8, not the batch's 3
  const g1 = withL2.costAndGradients(Xb, Yb, m).grads[0]!;
  const g0 = without.costAndGradients(Xb, Yb, m).grads[0]!;
  for (let k = 0; k < 2; k++)
    assert.ok(Math.abs(g1.data[k]! - g0.data[k]! - (3 / m) * withL2.w.data[k]!) < 1e-15);
  // and train passes the training set's size to every step, full batch or not
  const seen: number[] = [];
  const spy = {
    parameters: () => without.parameters(),
    costAndGradients: (Xs: Matrix, Ys: Matrix, examples?: number) => {
      seen.push(examples ?? -1);
      return without.costAndGradients(Xs, Ys, examples);
    },
  };
  train(spy, X, y, { epochs: 2, batchSize: 3 });
  assert.deepEqual([...new Set(seen)], [m]);
});

test("a finished run whose cost went up gets a one-line warning naming the learning rate; a good run none", () => {
  // unscaled features and labels no line separates: a large step overshoots and the cost climbs
  const X = Matrix.from([
    [0, 10, 20, 30, 40, 50],
    [10, 0, 10, 0, 10, 0],
  ]);
  const y = Matrix.row([0, 1, 0, 1, 1, 0]);
  const printed: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void printed.push(a.join(" "));
  try {
    const bad = train(new LogisticRegression(2), X, y, {
      epochs: 200,
      learningRate: 50,
      divergenceFactor: false,
    });
    assert.match(
      bad.warning ?? "",
      /^⚠ Training finished, but the cost .*the learning rate 50 \(gradientDescent.*\) is probably too large.*e\.g\. 5\.$/,
    );
    assert.deepEqual(printed, [bad.warning]);
    printed.length = 0;
    const good = train(new LogisticRegression(2), X, y, { epochs: 200, learningRate: 0.001 });
    assert.equal(good.warning, undefined);
    assert.deepEqual(printed, []);
  } finally {
    console.log = log;
  }
});
