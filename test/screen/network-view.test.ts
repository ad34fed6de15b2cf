import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "../../lib/src/core/matrix";
import { createNetwork } from "../../lib/src/models/network";
import { forwardPass } from "../../lib/src/models/backprop";
import { makeDataset } from "../../lib/src/data/datasets";
import { linspace } from "../../lib/src/screen/figures";
import {
  EDGE_COLORS,
  MAX_EDGE_WIDTH,
  MIN_EDGE_WIDTH,
  edgeWidth,
  networkViewFigure,
} from "../../lib/src/screen/network-view";

type Trace = {
  type: string;
  name: string;
  x: number[];
  y: number[];
  z: number[][];
  line: { width: number; color: string };
};

const data = makeDataset("moons", { m: 60, seed: 0 });
const view = { xRange: [-1.5, 2.5] as [number, number], yRange: [-1, 1.5] as [number, number] };

for (const g of ["tanh", "relu", "sigmoid"]) {
  test(`network view of a [2, 3, 4, 1] ${g} network: one edge per weight, one heatmap per unit`, () => {
    const net = createNetwork({ layerSizes: [2, 3, 4, 1], hiddenActivation: g, seed: 5 });
    const steps = 9;
    const fig = networkViewFigure(net, { ...view, steps, X: data.X, y: data.y });
    const traces = fig.data as unknown as Trace[];
    const edges = traces.filter((t) => t.name.startsWith("W^["));
    assert.equal(edges.length, 2 * 3 + 3 * 4 + 4 * 1);
    let maxAbs = 0;
    net.W.forEach((W) => W.data.forEach((w) => (maxAbs = Math.max(maxAbs, Math.abs(w)))));
    const byWeight = edges.map((e) => {
      const [, l, i, j] = /^W\^\[(\d)\] (\d),(\d)$/.exec(e.name)!.map(Number) as number[];
      const w = net.W[l! - 1]!.get(i! - 1, j! - 1);
      // colour by sign
      assert.equal(e.line.color, w >= 0 ? EDGE_COLORS.positive : EDGE_COLORS.negative, e.name);
      return { w, width: e.line.width };
    });
    // widths grow with |w|: sorted by |w|, they never decrease; the largest |w| gets the widest line
    byWeight.sort((a, b) => Math.abs(a.w) - Math.abs(b.w));
    for (let k = 1; k < byWeight.length; k++) {
      assert.ok(byWeight[k]!.width >= byWeight[k - 1]!.width);
    }
    assert.ok(Math.abs(byWeight[byWeight.length - 1]!.width - MAX_EDGE_WIDTH) < 1e-12);
    assert.ok(byWeight[0]!.width > MIN_EDGE_WIDTH && byWeight[0]!.width < MAX_EDGE_WIDTH);
    assert.ok(new Set(byWeight.map((e) => Math.sign(e.w))).size === 2, "both signs occur");

    // one heatmap per unit (2 inputs, 3 + 4 hidden, 1 output), each the unit's activation over the plane
    const maps = traces.filter((t) => t.type === "heatmap");
    assert.equal(maps.length, 2 + 3 + 4 + 1);
    const xs = linspace(...view.xRange, steps);
    const ys = linspace(...view.yRange, steps);
    for (const [l, n] of [
      [1, 3],
      [2, 4],
      [3, 1],
    ] as const) {
      for (let i = 0; i < n; i++) {
        const map = maps.find((t) => t.name === `layer ${l}, unit ${i + 1}`)!;
        assert.ok(map, `heatmap of layer ${l}, unit ${i + 1}`);
        assert.equal(map.z.length, steps);
        for (const [r, c] of [
          [0, 0],
          [3, 7],
          [8, 2],
          [8, 8],
        ] as const) {
          const a = forwardPass(net, Matrix.column([xs[c]!, ys[r]!])).A[l]!.get(i, 0);
          assert.ok(
            Math.abs(map.z[r]![c]! - a) < 1e-12,
            `layer ${l} unit ${i + 1} at (${r}, ${c})`,
          );
        }
      }
    }
    // the output node carries the boundary ŷ = 0.5 and the data
    assert.ok(traces.some((t) => t.type === "contour"));
    assert.equal(traces.filter((t) => t.type === "scatter" && !t.name.startsWith("W^[")).length, 2);
  });
}

test("edgeWidth is monotone in |w| and the view refuses a network that does not take a point", () => {
  assert.equal(edgeWidth(0, 2), MIN_EDGE_WIDTH);
  assert.equal(edgeWidth(-2, 2), MAX_EDGE_WIDTH);
  assert.ok(edgeWidth(0.5, 2) < edgeWidth(-1, 2));
  assert.equal(edgeWidth(1, 0), MIN_EDGE_WIDTH);
  assert.throws(
    () => networkViewFigure(createNetwork({ layerSizes: [3, 2, 1] }), view),
    /must take 2 inputs.*\[3, 2, 1\]/,
  );
  assert.throws(
    () => networkViewFigure(createNetwork({ layerSizes: [2, 2, 1] }), { ...view, xRange: [1, -1] }),
    /low to high/,
  );
});
