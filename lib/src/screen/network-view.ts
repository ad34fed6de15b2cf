/**
 * A view inside a small network on 2-D data, as TensorFlow Playground draws it: every unit is a node showing
 * its output over the input plane (a small heatmap), every weight an edge whose width grows with |w| and
 * whose colour is its sign; the output node shows the decision surface ŷ with the boundary ŷ = 0.5 and the
 * data. Taught in: 07-backpropagation (a trained [2, 3, 1] network), after 06's hand-built XOR units.
 *
 * Figures are plain data, as in `figures`; the charts' transport is in `chart`.
 */
import { Matrix } from "../core/matrix";
import { forwardPass } from "../models/backprop";
import type { NeuralNetwork } from "../models/network";
import { show, type Data, type Figure, type Layout } from "./chart";
import { CLASS_COLORS, baseLayout, linspace, type ChartOptions } from "./figures";
import { classTraces, planeGrid } from "./plane";

/** Options of the network view. */
export interface NetworkViewOptions extends ChartOptions {
  /** The input plane each node is drawn over: x₁ from xRange[0] to xRange[1], x₂ likewise. */
  xRange: [number, number];
  yRange: [number, number];
  /** Grid points per axis in each node's heatmap (default 25). */
  steps?: number;
  /** Data drawn on the output node (X: 2×m, y: 1×m), optional. */
  X?: Matrix;
  y?: Matrix;
}

/** Colour of an edge: orange for w ≥ 0, blue for w < 0 (as `barFigure` colours signs). */
export const EDGE_COLORS = { positive: CLASS_COLORS[1], negative: CLASS_COLORS[0] } as const;
/** Edge widths in px: MIN_EDGE_WIDTH for w = 0, growing linearly to MAX_EDGE_WIDTH at the largest |w|. */
export const MIN_EDGE_WIDTH = 0.5;
export const MAX_EDGE_WIDTH = 8;

/** The blue (low) – white – orange (high) scale of `decisionBoundaryFigure`. */
const NODE_SCALE: [number, string][] = [
  [0, "#9ecae1"],
  [0.5, "#f7f7f7"],
  [1, "#fdae6b"],
];

const COLUMN_GAP = 3.2; // between the centres of two layers' nodes
const ROW_GAP = 1.9; // between the centres of two units of a layer
const NODE = 1.4; // side of an input or hidden node
const OUTPUT_NODE = 2.6; // side of the output node

/** The width of an edge of weight w when the largest |w| in the network is maxAbs. */
export function edgeWidth(w: number, maxAbs: number): number {
  if (!(maxAbs > 0)) return MIN_EDGE_WIDTH;
  return MIN_EDGE_WIDTH + ((MAX_EDGE_WIDTH - MIN_EDGE_WIDTH) * Math.abs(w)) / maxAbs;
}

/**
 * The figure of `net` (layer sizes [2, …, 1]) over the plane xRange × yRange: node (l, i) is unit i of layer l
 * (layer 0 = the inputs x₁, x₂), drawn as a heatmap trace named "layer l, unit i+1" whose z[r][c] is that
 * unit's activation A^[l]ᵢ at the input point (xs[c], ys[r]), xs and ys being `steps` evenly spaced values
 * over xRange and yRange. Each weight W^[l]ᵢⱼ is one line trace named "W^[l] i+1,j+1" from node (l−1, j) to
 * node (l, i), of width `edgeWidth(w, max |w|)` and colour by sign (`EDGE_COLORS`).
 */
export function networkViewFigure(net: NeuralNetwork, o: NetworkViewOptions): Figure {
  if (net.layerSizes[0] !== 2) {
    throw new RangeError(
      `networkViewFigure: the network must take 2 inputs (a point of the plane), but its layer sizes are [${net.layerSizes.join(", ")}]`,
    );
  }
  const steps = o.steps ?? 25;
  const [x0, x1] = o.xRange;
  const [y0, y1] = o.yRange;
  if (!(x1 > x0) || !(y1 > y0)) {
    throw new RangeError(
      `networkViewFigure: xRange and yRange must each go from low to high, got [${o.xRange}] and [${o.yRange}]`,
    );
  }
  const { points } = planeGrid(new Matrix(2, 1), { steps, xRange: o.xRange, yRange: o.yRange });
  const { A } = forwardPass(net, points);
  const L = net.numLayers;
  const sizes = net.layerSizes;
  const side = (l: number): number => (l === L ? OUTPUT_NODE : NODE);
  const centre = (l: number, i: number): [number, number] => [
    l * COLUMN_GAP + (l === L ? (OUTPUT_NODE - NODE) / 2 : 0),
    (((sizes[l] as number) - 1) / 2 - i) * ROW_GAP,
  ];

  const maxAbs = Math.max(0, ...net.W.map((W) => W.map(Math.abs).max()));
  const edges: Data[] = [];
  for (let l = 1; l <= L; l++) {
    const W = net.W[l - 1] as Matrix;
    for (let i = 0; i < W.rows; i++) {
      for (let j = 0; j < W.cols; j++) {
        const w = W.get(i, j);
        const [xa, ya] = centre(l - 1, j);
        const [xb, yb] = centre(l, i);
        edges.push({
          type: "scatter",
          mode: "lines",
          name: `W^[${l}] ${i + 1},${j + 1}`,
          x: [xa + side(l - 1) / 2, xb - side(l) / 2],
          y: [ya, yb],
          line: {
            width: edgeWidth(w, maxAbs),
            color: w >= 0 ? EDGE_COLORS.positive : EDGE_COLORS.negative,
          },
          text: [0, 1].map(() => `W^[${l}] row ${i + 1}, column ${j + 1}: ${w.toFixed(3)}`),
          hoverinfo: "text",
          showlegend: false,
        });
      }
    }
  }

  const nodes: Data[] = [];
  const labels: Partial<Layout>["annotations"] = [];
  for (let l = 0; l <= L; l++) {
    const Al = A[l] as Matrix;
    for (let i = 0; i < (sizes[l] as number); i++) {
      const [cx, cy] = centre(l, i);
      const s = side(l);
      const z: number[][] = [];
      for (let r = 0; r < steps; r++) {
        z.push(Array.from({ length: steps }, (_, c) => Al.get(i, r * steps + c)));
      }
      let [zmin, zmax] = [0, 1]; // sigmoid units and the output: 0.5 is white
      if (l === 0) [zmin, zmax] = i === 0 ? [x0, x1] : [y0, y1];
      else if (l < L && net.hiddenActivation !== "sigmoid") {
        const big = Math.max(1e-12, ...z.flat().map(Math.abs)); // tanh, ReLU…: 0 is white
        [zmin, zmax] = net.hiddenActivation === "tanh" ? [-1, 1] : [-big, big];
      }
      const what = l === 0 ? `x${i === 0 ? "₁" : "₂"}` : l === L ? "ŷ" : `a`;
      nodes.push({
        type: "heatmap",
        name: `layer ${l}, unit ${i + 1}`,
        x: linspace(cx - s / 2, cx + s / 2, steps),
        y: linspace(cy - s / 2, cy + s / 2, steps),
        z,
        zmin,
        zmax,
        colorscale: NODE_SCALE,
        showscale: false,
        hovertemplate: `layer ${l}, unit ${i + 1}: ${what} = %{z:.3f}<extra></extra>`,
      });
      const b = l > 0 ? (net.b[l - 1] as Matrix).get(i, 0) : undefined;
      labels.push({
        x: cx,
        y: cy - s / 2,
        yanchor: "top",
        text: l === 0 ? what : l === L ? `ŷ, b = ${b?.toFixed(2)}` : `b = ${b?.toFixed(2)}`,
        showarrow: false,
        font: { size: 11 },
      });
    }
    const top = Math.max(...Array.from({ length: sizes[l] as number }, (_, i) => centre(l, i)[1]));
    labels.push({
      x: centre(l, 0)[0],
      y: top + side(l) / 2 + 0.15,
      yanchor: "bottom",
      text: l === 0 ? "inputs" : l === L ? "output σ" : `hidden ${l} (${net.hiddenActivation})`,
      showarrow: false,
      font: { size: 13 },
    });
  }

  const extras: Data[] = [];
  const [ox, oy] = centre(L, 0);
  const toNode = (v: number, lo: number, hi: number, c: number): number =>
    c - OUTPUT_NODE / 2 + ((v - lo) / (hi - lo)) * OUTPUT_NODE;
  extras.push({
    type: "contour",
    name: "ŷ = 0.5",
    x: linspace(ox - OUTPUT_NODE / 2, ox + OUTPUT_NODE / 2, steps),
    y: linspace(oy - OUTPUT_NODE / 2, oy + OUTPUT_NODE / 2, steps),
    z: (nodes[nodes.length - 1] as { z: number[][] }).z,
    showscale: false,
    contours: { start: 0.5, end: 0.5, size: 1, coloring: "none", showlabels: false },
    line: { color: "black", width: 1.5 },
    hoverinfo: "skip",
  });
  if (o.X && o.y) {
    const inside: number[] = [];
    for (let j = 0; j < o.X.cols; j++) {
      const [u, v] = [o.X.get(0, j), o.X.get(1, j)];
      if (u >= x0 && u <= x1 && v >= y0 && v <= y1) inside.push(j);
    }
    const Xn = o.X.selectCols(inside);
    const mapped = Matrix.from([
      Xn.row(0)
        .toList()
        .map((u) => toNode(u, x0, x1, ox)),
      Xn.row(1)
        .toList()
        .map((v) => toNode(v, y0, y1, oy)),
    ]);
    for (const t of classTraces(mapped, o.y.selectCols(inside), undefined, 3)) {
      extras.push({ ...t, hoverinfo: "skip", showlegend: false } as Data);
    }
  }

  const maxUnits = Math.max(...sizes);
  const rows = (maxUnits - 1) * ROW_GAP + OUTPUT_NODE + 1.2;
  const layout = baseLayout({ height: Math.round(70 * rows + 80), ...o, layout: undefined });
  const hidden = { visible: false, showgrid: false, zeroline: false };
  layout.xaxis = { ...hidden };
  layout.yaxis = { ...hidden, scaleanchor: "x", scaleratio: 1 };
  layout.showlegend = false;
  layout.annotations = labels;
  layout.margin = { l: 20, r: 20, t: o.title ? 60 : 20, b: 20 };
  return { data: [...edges, ...nodes, ...extras], layout: { ...layout, ...o.layout } };
}

/** Plots the view inside a network (see `networkViewFigure`). */
export function plotNetworkView(net: NeuralNetwork, o: NetworkViewOptions): void {
  show(networkViewFigure(net, o));
}
