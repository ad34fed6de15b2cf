/**
 * Interactive charts in the notebook with plotly.js, offline.
 *
 * How it renders everywhere (classic Notebook, JupyterLab, nbconvert HTML): the first chart of a kernel
 * session carries the whole plotly.js bundle inline in a `<script>`; every chart is a
 * `<div class="lr2nn-chart">` holding placeholder text plus a `<script>` that draws it as soon as
 * `window.Plotly` exists, or queues itself until the bundle has run (frontends may render a later output
 * first). Where a frontend strips scripts (an untrusted notebook), the placeholder tells the learner what to do.
 *
 * The `*Figure` functions build a figure (plain data: traces and layout, plotly's own types); the `plot*`
 * functions build and show it. Pass raw traces with `plot(data, layout)` or `show(figure)`.
 * This module sits at the edge: the math modules never import it.
 */
import { readFileSync } from "node:fs";
import type { Config, Data, Frame, Layout } from "plotly.js";
import { showHtml } from "./display";
import { Matrix } from "../core/matrix";

export type { Config, Data, Frame, Layout };

/** A plotly figure: traces, layout, config and (for animations) frames. */
export interface Figure {
  data: Data[];
  layout?: Partial<Layout>;
  config?: Partial<Config>;
  frames?: Partial<Frame>[];
}

/** Text a learner sees where the chart's script did not run. */
export const PLACEHOLDER =
  "📈 This chart has not been drawn. Run this cell to draw it. (Charts are JavaScript: a notebook you did not run " +
  "yourself is untrusted, so its scripts are blocked — run the cell, or trust the notebook: classic Notebook " +
  "File ▸ Trust Notebook, JupyterLab command palette ▸ Trust Notebook.)";

let bundleCache: string | null = null;
let loadedThisSession = false;
let chartCounter = 0;

/** The minified plotly.js bundle (plotly.js-dist-min), with `</script` escaped for inlining. */
export function plotlyBundle(): string {
  if (bundleCache === null) {
    const file = require.resolve("plotly.js-dist-min");
    bundleCache = readFileSync(file, "utf8").replace(/<\/script/gi, "<\\/script");
  }
  return bundleCache;
}

/** The loader: plotly.js inline, then every chart that queued itself before plotly existed is drawn. */
export function loaderHtml(): string {
  return (
    `<script type="text/javascript">\n${plotlyBundle()}\n;` +
    `(function(){var q=window.__lr2nnCharts||[];window.__lr2nnCharts=[];for(var i=0;i<q.length;i++){try{q[i]();}catch(e){console.error(e);}}})();\n` +
    `</script>`
  );
}

/** JSON that is safe inside a `<script>` (no `</script>`, no HTML comment openers). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

/** The HTML of one chart: a div with placeholder text, and the script that draws into it. */
export function chartHtml(fig: Figure, id: string = `lr2nn-chart-${Date.now().toString(36)}-${++chartCounter}`): string {
  const height = typeof fig.layout?.height === "number" ? fig.layout.height : 420;
  const full = {
    data: fig.data,
    layout: { height, margin: { t: 50, r: 30, b: 50, l: 60 }, ...fig.layout },
    config: { responsive: true, displaylogo: false, ...fig.config },
    frames: fig.frames,
  };
  return (
    `<div class="lr2nn-chart" id="${id}" style="width:100%;min-height:${height}px">` +
    `<p style="color:#a15c00;font-family:sans-serif;padding:8px;border:1px dashed #a15c00">${PLACEHOLDER}</p></div>\n` +
    `<script type="text/javascript">(function(){\n` +
    `var fig=${scriptJson(full)};\n` +
    `var tries=0;\n` +
    `function draw(){var el=document.getElementById(${JSON.stringify(id)});` +
    `if(!el){if(tries++<100){setTimeout(draw,50);}return;}` +
    `el.innerHTML="";window.Plotly.newPlot(el,fig);}\n` +
    `if(window.Plotly){draw();}else{(window.__lr2nnCharts=window.__lr2nnCharts||[]).push(draw);}\n` +
    `})();</script>`
  );
}

/** Shows a figure in the notebook (inlining plotly.js with the session's first chart). */
export function show(fig: Figure): void {
  const html = chartHtml(fig);
  if (!loadedThisSession) {
    loadedThisSession = true;
    showHtml(loaderHtml() + "\n" + html);
  } else {
    showHtml(html);
  }
}

/** Forgets that plotly.js was sent, so the next chart inlines it again (e.g. after reloading the page). */
export function resendPlotly(): void {
  loadedThisSession = false;
}

/** Shows raw plotly traces and layout. */
export function plot(data: Data[], layout: Partial<Layout> = {}, config: Partial<Config> = {}): void {
  show({ data, layout, config });
}

// ------------------------------------------------------------------------------------------------ helpers

/** Common options of the helpers. */
export interface ChartOptions {
  title?: string;
  xTitle?: string;
  yTitle?: string;
  height?: number;
  width?: number;
  /** Extra layout merged over the helper's own. */
  layout?: Partial<Layout>;
}

function baseLayout(o: ChartOptions): Partial<Layout> {
  const layout: Partial<Layout> = {
    title: o.title ? { text: o.title } : undefined,
    xaxis: { title: o.xTitle ? { text: o.xTitle } : undefined },
    yaxis: { title: o.yTitle ? { text: o.yTitle } : undefined },
    height: o.height ?? 420,
  };
  if (o.width) layout.width = o.width;
  return { ...layout, ...o.layout };
}

/** n evenly spaced values from lo to hi inclusive. */
export function linspace(lo: number, hi: number, n: number): number[] {
  if (n < 2) return [lo];
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

/** A named curve y = f(x). */
export interface NamedFunction {
  name: string;
  f: (x: number) => number;
  dash?: "solid" | "dash" | "dot" | "dashdot";
}

/** Curves y = f(x) over [lo, hi]: one function, or several named ones on the same axes. */
export function functionFigure(
  fns: ((x: number) => number) | NamedFunction[],
  range: [number, number],
  o: ChartOptions & { points?: number } = {},
): Figure {
  const xs = linspace(range[0], range[1], o.points ?? 201);
  const list: NamedFunction[] = typeof fns === "function" ? [{ name: "f(x)", f: fns }] : fns;
  const data: Data[] = list.map((fn) => ({
    type: "scatter",
    mode: "lines",
    name: fn.name,
    x: xs,
    y: xs.map(fn.f),
    line: { dash: fn.dash ?? "solid" },
  }));
  return { data, layout: baseLayout({ xTitle: "x", ...o }) };
}

/** Plots functions (see `functionFigure`). */
export function plotFunction(fns: ((x: number) => number) | NamedFunction[], range: [number, number], o: ChartOptions & { points?: number } = {}): void {
  show(functionFigure(fns, range, o));
}

/** A named series of points joined by lines. */
export interface Series {
  name: string;
  x?: ArrayLike<number>;
  y: ArrayLike<number>;
  mode?: "lines" | "markers" | "lines+markers";
}

/** Line plots of several series (x defaults to 0, 1, 2, …), e.g. cost curves. */
export function linesFigure(series: Series[], o: ChartOptions & { logY?: boolean } = {}): Figure {
  const data: Data[] = series.map((s) => ({
    type: "scatter",
    mode: s.mode ?? "lines",
    name: s.name,
    x: s.x ? Array.from(s.x) : Array.from({ length: s.y.length }, (_, i) => i),
    y: Array.from(s.y),
  }));
  const layout = baseLayout(o);
  if (o.logY) layout.yaxis = { ...layout.yaxis, type: "log" };
  return { data, layout };
}

/** Plots line series (see `linesFigure`). */
export function plotLines(series: Series[], o: ChartOptions & { logY?: boolean } = {}): void {
  show(linesFigure(series, o));
}

/** Default colours of class 0 and class 1 (colour-blind safe). */
export const CLASS_COLORS = ["#1f77b4", "#ff7f0e"] as const;

function checkPoints(X: Matrix, y: Matrix, who: string): void {
  if (X.rows < 2) throw new Error(`${who}: X must have 2 rows (features × examples), got ${X.shape()}`);
  if (y.size !== X.cols) {
    throw new Error(`${who}: X is ${X.shape()} (${X.cols} examples) but y is ${y.shape()} (${y.size} labels): they must match`);
  }
}

/**
 * Scatter traces of 2-D points coloured by their 0/1 label (X: 2×m, y: 1×m). `markerSize` above 6 also gives
 * the dots a dark rim, so a few large points stay visible on a background of their own colour.
 */
export function classTraces(X: Matrix, y: Matrix, names: [string, string] = ["y = 0", "y = 1"], markerSize = 6): Data[] {
  checkPoints(X, y, "classTraces");
  const traces: Data[] = [];
  for (const cls of [0, 1]) {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let j = 0; j < X.cols; j++) {
      if ((y.data[j] as number) === cls) {
        xs.push(X.data[j] as number);
        ys.push(X.data[X.cols + j] as number);
      }
    }
    traces.push({
      type: "scatter",
      mode: "markers",
      name: names[cls] as string,
      x: xs,
      y: ys,
      marker: {
        color: CLASS_COLORS[cls],
        size: markerSize,
        line: markerSize > 6 ? { color: "black", width: 1.5 } : { color: "white", width: 0.5 },
      },
    });
  }
  return traces;
}

/** Points of a 2-D dataset coloured by class. */
export function scatterByClassFigure(X: Matrix, y: Matrix, o: ChartOptions & { names?: [string, string] } = {}): Figure {
  return { data: classTraces(X, y, o.names), layout: baseLayout({ xTitle: "x₁", yTitle: "x₂", ...o }) };
}

/** Plots a 2-D dataset coloured by class (X: 2×m, y: 1×m). */
export function plotScatterByClass(X: Matrix, y: Matrix, o: ChartOptions & { names?: [string, string] } = {}): void {
  show(scatterByClassFigure(X, y, o));
}

/** A square grid of points over the plane: xs and ys (steps each), and the points as a 2×steps² matrix. */
export interface PlaneGrid {
  xs: number[];
  ys: number[];
  /** Column i·steps + j is the point (xs[j], ys[i]) — the row-major order of plotly's z[i][j]. */
  points: Matrix;
}

/** Where a grid goes: explicit ranges, or the data's range plus a margin. */
export interface GridOptions {
  /** Points per axis (default 50). */
  steps?: number;
  /** Margin around the data (default 10% of its range). */
  padding?: number;
  xRange?: [number, number];
  yRange?: [number, number];
}

/** A steps×steps grid covering the 2×m data X (plus a margin), for probability maps. */
export function planeGrid(X: Matrix, o: GridOptions = {}): PlaneGrid {
  if (X.rows !== 2) throw new Error(`planeGrid: X must be 2×m (two features, one column per example), got ${X.shape()}`);
  const steps = o.steps ?? 50;
  if (!Number.isInteger(steps) || steps < 2) throw new RangeError(`planeGrid: steps must be a whole number ≥ 2, got ${steps}`);
  const range = (row: number): [number, number] => {
    const r = X.row(row);
    const lo = r.min();
    const hi = r.max();
    const pad = o.padding ?? 0.1 * (hi - lo || 1);
    return [lo - pad, hi + pad];
  };
  const xs = linspace(...(o.xRange ?? range(0)), steps);
  const ys = linspace(...(o.yRange ?? range(1)), steps);
  const points = new Matrix(2, steps * steps);
  for (let i = 0; i < steps; i++) {
    for (let j = 0; j < steps; j++) {
      points.data[i * steps + j] = xs[j] as number;
      points.data[steps * steps + i * steps + j] = ys[i] as number;
    }
  }
  return { xs, ys, points };
}

/** Options of the probability map. */
export interface BoundaryOptions extends ChartOptions {
  /** Grid points per axis (default 80). */
  steps?: number;
  /** Margin around the data (default 10% of the range). */
  padding?: number;
  /** Where to draw the decision boundary (default 0.5). */
  threshold?: number;
  /** Override the plotted region. */
  xRange?: [number, number];
  yRange?: [number, number];
  names?: [string, string];
  showScale?: boolean;
  /** Size of the data points (default 6; larger ones get a dark rim), e.g. 14 for the four corners of XOR. */
  markerSize?: number;
}

/**
 * A classifier's probability P(y=1 | x) over the plane as a heatmap, its decision boundary (the contour at
 * `threshold`), and the data on top. `predictProba` maps a 2×k matrix of points to a 1×k matrix of
 * probabilities — any classifier: a neuron, logistic regression, a network.
 */
export function decisionBoundaryFigure(
  predictProba: (points: Matrix) => Matrix,
  X: Matrix,
  y: Matrix,
  o: BoundaryOptions = {},
): Figure {
  checkPoints(X, y, "decisionBoundaryFigure");
  const steps = o.steps ?? 80;
  const { xs, ys, points: grid } = planeGrid(X, { ...o, steps });
  const [x0, x1] = [xs[0] as number, xs[steps - 1] as number];
  const [y0, y1] = [ys[0] as number, ys[steps - 1] as number];
  const p = predictProba(grid);
  if (p.size !== steps * steps) {
    throw new Error(`decisionBoundaryFigure: predictProba got ${grid.shape()} points but returned ${p.shape()}; it must return 1×${steps * steps}`);
  }
  const z: number[][] = [];
  for (let i = 0; i < steps; i++) z.push(Array.from(p.data.subarray(i * steps, (i + 1) * steps)));
  const t = o.threshold ?? 0.5;
  const data: Data[] = [
    {
      type: "heatmap",
      x: xs,
      y: ys,
      z,
      zmin: 0,
      zmax: 1,
      colorscale: [
        [0, "#9ecae1"],
        [0.5, "#f7f7f7"],
        [1, "#fdae6b"],
      ],
      showscale: o.showScale ?? true,
      // The colour bar fills the lower part of the right margin; the legend sits above it (they overlapped).
      colorbar: { title: { text: "P(y=1)" }, len: 0.65, y: 0, yanchor: "bottom" },
      hovertemplate: "x₁=%{x:.2f}<br>x₂=%{y:.2f}<br>P(y=1)=%{z:.3f}<extra></extra>",
      name: "P(y=1)",
    },
    {
      type: "contour",
      x: xs,
      y: ys,
      z,
      showscale: false,
      contours: { start: t, end: t, size: 1, coloring: "none", showlabels: false },
      line: { color: "black", width: 2 },
      hoverinfo: "skip",
      name: `P = ${t}`,
    },
    ...classTraces(X, y, o.names, o.markerSize),
  ];
  // Ranges are merged into the axes (replacing the axes would drop their titles); o.layout still wins.
  const layout = baseLayout({ xTitle: "x₁", yTitle: "x₂", ...o, layout: undefined });
  layout.xaxis = { ...layout.xaxis, range: [x0, x1] };
  layout.yaxis = { ...layout.yaxis, range: [y0, y1] };
  layout.legend = { x: 1.02, xanchor: "left", y: 1, yanchor: "top" };
  return { data, layout: { ...layout, ...o.layout } };
}

/** Plots a classifier's probability map and decision boundary (see `decisionBoundaryFigure`). */
export function plotDecisionBoundary(predictProba: (points: Matrix) => Matrix, X: Matrix, y: Matrix, o: BoundaryOptions = {}): void {
  show(decisionBoundaryFigure(predictProba, X, y, o));
}

/** z = f(x, y) sampled on a grid: the z rows go with y, the columns with x (plotly's convention). */
export function sampleGrid(
  f: (x: number, y: number) => number,
  xRange: [number, number],
  yRange: [number, number],
  steps = 60,
): { x: number[]; y: number[]; z: number[][] } {
  const x = linspace(xRange[0], xRange[1], steps);
  const y = linspace(yRange[0], yRange[1], steps);
  const z = y.map((yv) => x.map((xv) => f(xv, yv)));
  return { x, y, z };
}

/** Contour lines of z = f(x, y). */
export function contourFigure(
  f: (x: number, y: number) => number,
  xRange: [number, number],
  yRange: [number, number],
  o: ChartOptions & { steps?: number; zTitle?: string; levels?: number } = {},
): Figure {
  const { x, y, z } = sampleGrid(f, xRange, yRange, o.steps ?? 60);
  return {
    data: [{ type: "contour", x, y, z, ncontours: o.levels ?? 25, colorscale: "Viridis", colorbar: { title: { text: o.zTitle ?? "z" } } }],
    layout: baseLayout(o),
  };
}

/** Plots contour lines of z = f(x, y). */
export function plotContour(f: (x: number, y: number) => number, xRange: [number, number], yRange: [number, number], o: ChartOptions & { steps?: number; zTitle?: string; levels?: number } = {}): void {
  show(contourFigure(f, xRange, yRange, o));
}

/** A 3-D surface z = f(x, y) (drag to rotate). */
export function surfaceFigure(
  f: (x: number, y: number) => number,
  xRange: [number, number],
  yRange: [number, number],
  o: ChartOptions & { steps?: number; zTitle?: string } = {},
): Figure {
  const { x, y, z } = sampleGrid(f, xRange, yRange, o.steps ?? 50);
  const layout = baseLayout({ height: 520, ...o });
  layout.scene = {
    xaxis: { title: { text: o.xTitle ?? "x" } },
    yaxis: { title: { text: o.yTitle ?? "y" } },
    zaxis: { title: { text: o.zTitle ?? "z" } },
  };
  return { data: [{ type: "surface", x, y, z, colorscale: "Viridis" }], layout };
}

/** Plots a 3-D surface z = f(x, y). */
export function plotSurface(f: (x: number, y: number) => number, xRange: [number, number], yRange: [number, number], o: ChartOptions & { steps?: number; zTitle?: string } = {}): void {
  show(surfaceFigure(f, xRange, yRange, o));
}

/** The default heatmap colours: white-ish for the lowest value, dark blue for the highest. */
export const HEATMAP_BLUES: [number, string][] = [
  [0, "#f7fbff"],
  [0.25, "#c6dbef"],
  [0.5, "#6baed6"],
  [0.75, "#2171b5"],
  [1, "#08306b"],
];

/** A heatmap of a matrix (rows top to bottom), e.g. a confusion matrix or an image. */
export function heatmapFigure(
  values: Matrix | number[][],
  o: ChartOptions & { xLabels?: string[]; yLabels?: string[]; colorscale?: string; annotate?: boolean; zmin?: number; zmax?: number } = {},
): Figure {
  const z = values instanceof Matrix ? values.toArray() : values;
  const layout = baseLayout(o);
  layout.yaxis = { ...layout.yaxis, autorange: "reversed" };
  if (o.annotate) {
    const flat = z.flat();
    const lo = o.zmin ?? Math.min(...flat);
    const hi = o.zmax ?? Math.max(...flat);
    layout.annotations = z.flatMap((row, i) =>
      row.map((v, j) => ({
        x: o.xLabels ? o.xLabels[j] : j,
        y: o.yLabels ? o.yLabels[i] : i,
        text: Number.isInteger(v) ? String(v) : v.toFixed(3),
        showarrow: false,
        // White text on the dark half of the default scale, so every number stays readable.
        font: { size: 16, color: !o.colorscale && hi > lo && (v - lo) / (hi - lo) > 0.5 ? "white" : "#222" },
      })),
    );
  }
  // Default: light (low) to dark blue (high). (plotly's own "Blues" runs the other way: dark for low values.)
  const trace: Data = { type: "heatmap", z, colorscale: o.colorscale ?? HEATMAP_BLUES };
  if (o.xLabels) trace.x = o.xLabels;
  if (o.yLabels) trace.y = o.yLabels;
  if (o.zmin !== undefined) trace.zmin = o.zmin;
  if (o.zmax !== undefined) trace.zmax = o.zmax;
  return { data: [trace], layout };
}

/** Plots a heatmap of a matrix. */
export function plotHeatmap(values: Matrix | number[][], o: ChartOptions & { xLabels?: string[]; yLabels?: string[]; colorscale?: string; annotate?: boolean; zmin?: number; zmax?: number } = {}): void {
  show(heatmapFigure(values, o));
}

/** A bar chart of named values (e.g. learned weights). */
export function barFigure(labels: string[], values: ArrayLike<number>, o: ChartOptions & { horizontal?: boolean } = {}): Figure {
  const v = Array.from(values);
  if (v.length !== labels.length) throw new Error(`barFigure: ${labels.length} labels but ${v.length} values`);
  const data: Data[] = [
    o.horizontal
      ? { type: "bar", orientation: "h", x: v, y: labels, marker: { color: v.map((x) => (x >= 0 ? CLASS_COLORS[1] : CLASS_COLORS[0])) } }
      : { type: "bar", x: labels, y: v, marker: { color: v.map((x) => (x >= 0 ? CLASS_COLORS[1] : CLASS_COLORS[0])) } },
  ];
  return { data, layout: baseLayout(o) };
}

/** Plots a bar chart. */
export function plotBar(labels: string[], values: ArrayLike<number>, o: ChartOptions & { horizontal?: boolean } = {}): void {
  show(barFigure(labels, values, o));
}

/**
 * Several figures side by side in one chart (a grid of subplots, each with its own axes), e.g. decision
 * boundaries for several settings. Colour bars and repeated legend entries are hidden.
 */
export function gridFigure(figs: Figure[], o: ChartOptions & { cols?: number; titles?: string[]; cellHeight?: number } = {}): Figure {
  const cols = Math.max(1, Math.min(o.cols ?? 3, figs.length));
  const rows = Math.ceil(figs.length / cols);
  const data: Data[] = [];
  const layout: Partial<Layout> & Record<string, unknown> = {
    ...baseLayout({ height: rows * (o.cellHeight ?? 300) + 60, ...o }),
    grid: { rows, columns: cols, pattern: "independent" },
    showlegend: false,
    annotations: [],
  };
  figs.forEach((fig, k) => {
    const suffix = k === 0 ? "" : String(k + 1);
    for (const trace of fig.data) {
      const t = { ...trace, xaxis: `x${suffix}`, yaxis: `y${suffix}` } as Record<string, unknown>;
      if (t.type === "heatmap" || t.type === "contour") t.showscale = false;
      data.push(t as Data);
    }
    const src = fig.layout ?? {};
    layout[`xaxis${suffix}`] = { ...(src.xaxis ?? {}), title: undefined };
    layout[`yaxis${suffix}`] = { ...(src.yaxis ?? {}), title: undefined };
    const title = o.titles?.[k];
    if (title) {
      (layout.annotations as unknown[]).push({
        text: title,
        xref: `x${suffix} domain`,
        yref: `y${suffix} domain`,
        x: 0.5,
        y: 1.12,
        showarrow: false,
        font: { size: 13 },
      });
    }
  });
  return { data, layout: layout as Partial<Layout> };
}

/** Shows several figures as a grid of subplots (see `gridFigure`). */
export function plotGrid(figs: Figure[], o: ChartOptions & { cols?: number; titles?: string[]; cellHeight?: number } = {}): void {
  show(gridFigure(figs, o));
}
