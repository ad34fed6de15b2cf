import { test } from "node:test";
import assert from "node:assert/strict";
import { boundaryRecorder, withAnimationControls } from "../../lib/src/screen/animation";
import { planeGrid } from "../../lib/src/screen/plot";
import { makeDataset } from "../../lib/src/data/datasets";
import { Matrix } from "../../lib/src/core/matrix";
import { createNetwork } from "../../lib/src/models/network";
import { chartHtml } from "../../lib/src/screen/plot";
import { train } from "../../lib/src/models/train";

test("planeGrid: steps² points covering the data plus a margin, in plotly's z[i][j] order", () => {
  const X = Matrix.from([
    [0, 10],
    [-1, 1],
  ]);
  const g = planeGrid(X, { steps: 3 });
  assert.deepEqual(g.xs, [-1, 5, 11]);
  assert.deepEqual(
    g.ys.map((v) => +v.toFixed(10)),
    [-1.2, 0, 1.2],
  );
  assert.equal(g.points.shape(), "2×9");
  // column i·steps + j is (xs[j], ys[i])
  assert.equal(g.points.get(0, 1 * 3 + 2), 11);
  assert.equal(+g.points.get(1, 1 * 3 + 2).toFixed(10), 0);
  assert.throws(() => planeGrid(new Matrix(3, 4)), /X must be 2×m .* got 3×4/);
});

test("boundaryRecorder: one frame per snapshot, frames carry only the heatmap, controls match the frames", () => {
  const d = makeDataset("moons", { m: 100, seed: 1 });
  const net = createNetwork({ layerSizes: [2, 5, 1], seed: 1 });
  const rec = boundaryRecorder((P) => net.predictProba(P), d.X, d.y, { steps: 20 });
  assert.throws(() => rec.figure(), /no snapshots yet/);
  train(net, d.X, d.y, {
    epochs: 100,
    learningRate: 1,
    onProgress: (i) => {
      if (i.epoch % 10 === 0) rec.snapshot(String(i.epoch));
    },
  });
  assert.equal(rec.count, 10);
  assert.deepEqual(rec.labels, ["10", "20", "30", "40", "50", "60", "70", "80", "90", "100"]);
  const fig = rec.figure({ title: "t", frameMs: 100 });
  assert.equal(fig.frames?.length, 10);
  const first = fig.frames![0]!;
  assert.deepEqual(first.traces, [0]);
  const z = (first.data![0] as { z: number[][] }).z;
  assert.equal(z.length, 20);
  assert.equal(z[0]!.length, 20);
  // the base figure shows the first frame; the frames change over training
  assert.deepEqual((fig.data[0] as { z: number[][] }).z, z);
  const last = (fig.frames![9]!.data![0] as { z: number[][] }).z;
  assert.notDeepEqual(last, z);
  // values rounded to 3 decimals, within [0, 1]
  for (const row of last)
    for (const v of row)
      assert.ok(v >= 0 && v <= 1 && Math.abs(v * 1000 - Math.round(v * 1000)) < 1e-6);
  // the final frame is the trained network's probability map
  const grid = planeGrid(d.X, { steps: 20 });
  const p = net.predictProba(grid.points);
  assert.ok(Math.abs(last[3]![7]! - p.get(0, 3 * 20 + 7)) <= 0.0005 + 1e-12);
  // the data points are traces 1 and 2
  assert.equal(fig.data.length, 3);
  const slider = fig.layout!.sliders![0]!;
  assert.equal(slider.steps!.length, 10);
  assert.deepEqual(
    slider.steps!.map((s) => (s.args as unknown[][])[0]![0]),
    rec.labels,
  );
  const menu = fig.layout!.updatemenus![0]!;
  assert.deepEqual(
    menu.buttons!.map((b) => b.label),
    ["▶ Play", "❚❚ Pause"],
  );
  assert.equal(
    ((menu.buttons![0]!.args as unknown[])[1] as { frame: { duration: number } }).frame.duration,
    100,
  );
  // the chart's HTML carries the frames to plotly
  const html = chartHtml(fig, "x");
  assert.match(html, /"frames":\[\{"name":"10"/);
  // 25 frames of 50×50 stay a few hundred kB
  const big = boundaryRecorder((P) => net.predictProba(P), d.X, d.y, { steps: 50 });
  for (let k = 0; k < 25; k++) big.snapshot(String(k));
  assert.ok(
    chartHtml(big.figure(), "y").length < 600_000,
    `${chartHtml(big.figure(), "y").length} characters`,
  );
});

test("withAnimationControls needs frames; a wrong predictProba is reported", () => {
  assert.throws(() => withAnimationControls({ data: [] }), /has no frames/);
  const d = makeDataset("xor", { m: 10 });
  const rec = boundaryRecorder(() => new Matrix(1, 3), d.X, d.y, { steps: 10 });
  assert.throws(
    () => rec.snapshot("a"),
    /must return 1×100, one probability per point, but it returned 1×3/,
  );
  assert.throws(
    () => boundaryRecorder(() => new Matrix(1, 1), d.X, new Matrix(1, 9)),
    /X is 2×10 .* y is 1×9/,
  );
});

test("boundaryRecorder: a classifier returning the wrong shape is named, with the shape it must return", () => {
  const { X, y } = makeDataset("xor", { m: 20 });
  const rec = boundaryRecorder((P) => P, X, y, { steps: 5 });
  assert.throws(
    () => rec.snapshot("start"),
    /was given the 25 grid points as a 2×25 matrix \(one column per point\) and must return 1×25, one probability per point, but it returned 2×25/,
  );
});
