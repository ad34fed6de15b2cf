import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { setDisplaySink, type DisplayItem } from "../../lib/src/screen/display";
import { Matrix } from "../../lib/src/core/matrix";
import { liveTraining, trainWithProgress } from "../../lib/src/screen/progress";
import {
  TrainingDivergedError,
  type ProgressInfo,
  type TrainHistory,
  type Trainable,
} from "../../lib/src/models/train";

afterEach(() => setDisplaySink(null));

function capture(): DisplayItem[] {
  const items: DisplayItem[] = [];
  setDisplaySink((item) => items.push(item));
  return items;
}

const info = (epoch: number, epochs: number, cost: number, seconds = 0): ProgressInfo => ({
  epoch,
  epochs,
  iteration: epoch,
  cost,
  learningRate: 0.1,
  seconds,
});

/** θ fitted to the mean of X, J = mean((θ − x)²). */
class MeanModel implements Trainable {
  theta = Matrix.zeros(1, 1);
  parameters() {
    return [this.theta];
  }
  costAndGradients(X: Matrix) {
    const d = X.map((x) => this.theta.item() - x);
    return { cost: d.mul(d).mean(), grads: [Matrix.full(1, 1, 2 * d.mean())] };
  }
}

test("throttled: 1000 epochs in 1 s of (fake) time redraw the line at most ~11 times, in one output", () => {
  const items = capture();
  let clock = 0;
  const live = liveTraining({ title: "demo", now: () => clock, chart: false });
  for (let e = 1; e <= 1000; e++) {
    clock += 1; // 1 ms per epoch
    live.onProgress(info(e, 1000, 1 / e, clock / 1000));
  }
  assert.ok(live.redraws >= 9 && live.redraws <= 11, `${live.redraws} redraws`);
  assert.equal(items.length, live.redraws);
  assert.equal(
    new Set(items.map((i) => i.displayId)).size,
    1,
    "every redraw replaces the same output",
  );
  const last = items.at(-1) as DisplayItem;
  assert.match(last.content, /<b>demo<\/b>/);
  assert.match(last.content, /epoch \d+\/1000 · iteration \d+ · cost 0\.\d+ · 0\.\d\d s/);
  assert.match(last.content, /<svg/); // the sparkline
});

test("done: the final line always shows, then one loss-curve chart", () => {
  const items = capture();
  let clock = 0;
  const live = liveTraining({ title: "fit", now: () => clock });
  live.onProgress(info(1, 2, 0.7));
  live.onProgress(info(2, 2, 0.5)); // within 100 ms: not redrawn
  assert.equal(live.redraws, 1);
  const history: TrainHistory = {
    costs: [0.7, 0.5],
    iterationCosts: [],
    epochs: 2,
    iterations: 2,
    seconds: 0.01,
    optimizer: "gradientDescent(lr=0.1)",
  };
  live.done(history);
  const done = items.find((i) =>
    /done: 2 epochs · 2 iterations · final cost 0\.500000/.test(i.content),
  );
  assert.ok(done, "a final line");
  const charts = items.filter((i) => i.content.includes('class="lr2nn-chart"'));
  assert.equal(charts.length, 1);
  assert.match((charts[0] as DisplayItem).content, /fit: cost per epoch/);
});

test("trainWithProgress trains any Trainable and returns the history", () => {
  const items = capture();
  const model = new MeanModel();
  const seen: number[] = [];
  const h = trainWithProgress(model, Matrix.row([1, 2, 3]), Matrix.zeros(1, 3), {
    epochs: 50,
    learningRate: 0.25,
    title: "mean",
    onProgress: (i) => seen.push(i.epoch),
  });
  assert.equal(h.epochs, 50);
  assert.equal(seen.length, 50, "the caller's own onProgress still runs");
  assert.ok(Math.abs(model.theta.item() - 2) < 1e-9);
  assert.ok(items.some((i) => i.content.includes("done: 50 epochs")));
});

test("divergence: the message (epoch, iteration, smaller rate) replaces the progress line, then the error is thrown on", () => {
  const items = capture();
  assert.throws(
    () =>
      trainWithProgress(new MeanModel(), Matrix.row([1, 2, 3]), Matrix.zeros(1, 3), {
        epochs: 100,
        learningRate: 1.5,
        divergenceFactor: 10,
        title: "too fast",
      }),
    TrainingDivergedError,
  );
  const msg = items.find((i) => i.content.includes("✗"));
  assert.ok(msg, "an error line");
  assert.match(msg.content, /Training diverged: the cost rose from .* at epoch \d+, iteration \d+/);
  assert.match(msg.content, /Try a smaller one, e\.g\. 0\.15/);
  assert.ok(
    items.some((i) => i.content.includes("until training stopped")),
    "the curve so far",
  );
});

test("fail shows any other error's message too (HTML-escaped)", () => {
  const items = capture();
  liveTraining({ chart: false }).fail(new Error("X is 2×3 <oops>"));
  assert.match((items.at(-1) as DisplayItem).content, /X is 2×3 &lt;oops&gt;/);
});
