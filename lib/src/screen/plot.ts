/**
 * Interactive charts in the notebook with plotly.js, offline.
 *
 * Each chart is ONE output carrying two representations, as plotly.py's `plotly_mimetype+notebook` renderer
 * sends them, and each frontend shows the one it renders best:
 * - `application/vnd.plotly.v1+json` (the figure as JSON): drawn natively by VS Code's notebooks and by
 *   JupyterLab with plotly's extension (pip `plotly` installs `jupyterlab-plotly`);
 * - `text/html` everywhere else (classic Notebook, JupyterLab without the extension, nbconvert): a
 *   `<div class="lr2nn-chart">` holding placeholder text, and a small `<script>` that draws into it with plotly.js.
 *
 * The HTML does not carry plotly.js (4.8 MB): each chart's script loads it once per page from the Jupyter
 * server that serves the notebook (`<base_url>files/<path from the server root>/node_modules/plotly.js-dist-min/
 * plotly.min.js`; the page's own login cookie authenticates it), so a chart draws after a page reload, in a
 * reopened notebook, in a second tab on the same kernel, and in a saved notebook opened later, and saved
 * notebooks stay small. Charts that render before plotly.js has arrived queue themselves in
 * `window.__lr2nnCharts` (a page that loads plotly.js itself, e.g. a static site, may set
 * `window.LR2NN_PLOTLY_URL` or load it first). Where scripts do not run (an untrusted notebook) the placeholder
 * says what to do; where plotly.js cannot be loaded the script replaces it with the cause and the fix.
 *
 * The `*Figure` functions build a figure (plain data: traces and layout, plotly's own types); the `plot*`
 * functions build and show it. Pass raw traces with `plot(data, layout)` or `show(figure)`.
 * This module sits at the edge: the math modules never import it.
 */
import { homedir } from "node:os";
import { isAbsolute, relative, sep } from "node:path";
import type { Config, Data, Frame, Layout } from "plotly.js";
import { showBundle, type MimeBundle } from "./display";
import { Matrix } from "../core/matrix";

export type { Config, Data, Frame, Layout };

/** A plotly figure: traces, layout, config and (for animations) frames. */
export interface Figure {
  data: Data[];
  layout?: Partial<Layout>;
  config?: Partial<Config>;
  frames?: Partial<Frame>[];
}

/** plotly's own MIME type for a figure as JSON (what plotly.py sends; VS Code and jupyterlab-plotly render it). */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/**
 * Text a learner sees where the chart's script did not run. (When the script runs but cannot load plotly.js, it
 * replaces this text with `NO_PLOTLY`.)
 */
export const PLACEHOLDER =
  "📈 This chart has not been drawn: its script did not run. Run this cell to draw it. (Charts are drawn by " +
  "JavaScript, which Jupyter runs only in trusted outputs: outputs of cells you ran in this session, or a notebook " +
  "you saved yourself. To draw the charts of a notebook you did not run, trust it: classic Notebook File ▸ Trust " +
  "Notebook, JupyterLab command palette ▸ Trust Notebook.)";

/** What the chart says when its script ran but no plotly.js could be loaded (the URLs it tried follow it). */
export const NO_PLOTLY =
  "📈 This chart could not be drawn: plotly.js, the library that draws it, could not be loaded from this Jupyter " +
  "server, which serves files only from the folder it was started in. Start Jupyter from the course folder with " +
  "`npm start` (it serves node_modules/plotly.js-dist-min), then reload this page.";

let chartCounter = 0;

/** The plotly.js bundle the charts load (plotly.js-dist-min), as an absolute file path. */
export function plotlyBundleFile(): string {
  return require.resolve("plotly.js-dist-min");
}

/**
 * The bundle's path as the chart's script receives it: "/"-separated, relative to the home folder when it lies
 * inside it (saved notebooks then do not carry the user's name), else absolute without the leading "/". The
 * script tries its tails from `node_modules/…` upwards as paths from the server's root.
 */
export function plotlyPath(file: string = plotlyBundleFile()): string {
  const home = homedir();
  const inHome = home && !relative(home, file).startsWith("..") && !isAbsolute(relative(home, file));
  const path = inHome ? relative(home, file) : file;
  return path.split(sep).join("/").replace(/^[A-Za-z]:/, "").replace(/^\/+/, "");
}

/** JSON text that is safe inside a `<script>` (no `</script>`, no HTML comment openers). */
function scriptJson(json: string): string {
  return json.replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

/**
 * The page-wide loader, shared by every chart (the first chart to run defines it): loads plotly.js once per page
 * with a `<script src>`, trying `window.LR2NN_PLOTLY_URL`, then the URL that worked last time on this server
 * (localStorage), then `<base_url>files/<tail of path>` for each tail of the bundle's path; then runs the
 * queued charts. When every URL fails, each queued chart shows `NO_PLOTLY` and the URLs tried.
 */
const LOADER = `function(path,noPlotly){
var w=window;if(w.__lr2nnLoading)return;w.__lr2nnLoading=true;
var base="/";try{var c=document.getElementById("jupyter-config-data");
if(c&&JSON.parse(c.textContent).baseUrl){base=JSON.parse(c.textContent).baseUrl;}
else if(document.body&&document.body.getAttribute("data-base-url")){base=document.body.getAttribute("data-base-url");}}catch(e){}
if(base.charAt(base.length-1)!=="/"){base+="/";}
var urls=[],key="lr2nn.plotlyUrl",seg=path.split("/"),i=seg.lastIndexOf("node_modules");
function add(u){if(u&&urls.indexOf(u)<0){urls.push(u);}}
add(w.LR2NN_PLOTLY_URL);try{add(w.localStorage.getItem(key));}catch(e){}
for(i=(i<0?seg.length-1:i);i>=0;i--){add(base+"files/"+seg.slice(i).map(encodeURIComponent).join("/"));}
function run(){var q=w.__lr2nnCharts||[];w.__lr2nnCharts=[];for(var j=0;j<q.length;j++){try{q[j]();}catch(e){console.error(e);}}}
function fail(){w.__lr2nnLoading=false;var q=w.__lr2nnCharts||[];w.__lr2nnCharts=[];
for(var j=0;j<q.length;j++){var d=document.getElementById(q[j].lr2nnId);if(d){var p=document.createElement("p");
p.style.cssText="color:#a15c00;font-family:sans-serif;padding:8px;border:1px dashed #a15c00";
p.textContent=noPlotly+" (Tried: "+urls.join(", ")+")";d.innerHTML="";d.appendChild(p);}}}
var k=0;function next(){if(w.Plotly){w.__lr2nnLoading=false;run();return;}
if(k>=urls.length){fail();return;}var url=urls[k++],s=document.createElement("script");s.src=url;
s.onload=function(){if(w.Plotly){try{w.localStorage.setItem(key,url);}catch(e){}w.__lr2nnLoading=false;run();}else{next();}};
s.onerror=function(){if(s.parentNode){s.parentNode.removeChild(s);}next();};document.head.appendChild(s);}
next();}`.replace(/\n/g, "");

/** The complete figure a chart draws: its data, and the layout and config with the course's defaults. */
function fullFigure(fig: Figure): Figure & { layout: Partial<Layout> } {
  const height = typeof fig.layout?.height === "number" ? fig.layout.height : 420;
  const full: Figure & { layout: Partial<Layout> } = {
    data: fig.data,
    layout: { height, margin: { t: 50, r: 30, b: 50, l: 60 }, ...fig.layout },
    config: { responsive: true, displaylogo: false, ...fig.config },
  };
  if (fig.frames) full.frames = fig.frames;
  return full;
}

/** A numeric array in plotly's typed-array form (plotly.js ≥ 2.28 decodes it; plotly.py sends numpy arrays so). */
export interface PackedArray {
  dtype: "f4";
  /** The values as little-endian float32, base64. */
  bdata: string;
  /** "n", or "rows,cols" for a matrix (row-major). */
  shape: string;
}

/** Arrays shorter than this stay plain JSON (readable, and not worth packing). */
export const PACK_MIN_VALUES = 16;

/** Numbers, with null for a gap (plotly leaves a gap for null, and for NaN in a typed array). */
const isNumberArray = (v: unknown): v is (number | null)[] =>
  Array.isArray(v) && v.every((x) => typeof x === "number" || x === null);

/**
 * A trace's x, y or z values as base64 float32 when they are numbers (a vector, or z as a matrix of equal rows)
 * with at least `PACK_MIN_VALUES` values; anything else unchanged. A null (a gap) becomes NaN, also a gap. A chart needs no more than float32's 7
 * significant digits, and a saved notebook stores about 5 characters per value instead of about 20 (nbformat
 * writes plain JSON arrays one number per indented line).
 */
export function packValues(v: unknown): unknown {
  if (!Array.isArray(v) || v.length === 0) return v;
  let flat: (number | null)[];
  let shape: string;
  if (isNumberArray(v)) {
    flat = v;
    shape = String(v.length);
  } else if (v.every((row) => isNumberArray(row) && row.length === (v[0] as number[]).length)) {
    flat = (v as (number | null)[][]).flat();
    shape = `${v.length},${(v[0] as number[]).length}`;
  } else return v;
  if (flat.length < PACK_MIN_VALUES) return v;
  const f32 = Float32Array.from(flat, (x) => (x === null ? NaN : x));
  const bdata = Buffer.from(f32.buffer, f32.byteOffset, f32.byteLength).toString("base64");
  const packed: PackedArray = { dtype: "f4", bdata, shape };
  return packed;
}

/** A figure with every trace's (and every animation frame's) x, y and z packed (see `packValues`). */
export function packFigure<F extends Figure>(fig: F): F {
  const packTrace = (t: Data): Data => {
    const out: Record<string, unknown> = { ...(t as Record<string, unknown>) };
    for (const key of ["x", "y", "z"]) if (key in out) out[key] = packValues(out[key]);
    return out as Data;
  };
  const packed: F = { ...fig, data: fig.data.map(packTrace) };
  if (fig.frames) packed.frames = fig.frames.map((f) => (f.data ? { ...f, data: f.data.map(packTrace) } : f));
  return packed;
}

/**
 * The HTML of one chart: a div with placeholder text, and the script that draws into it (loading plotly.js from
 * the Jupyter server first when the page has none).
 */
export function chartHtml(fig: Figure, id?: string): string {
  const full = fullFigure(fig);
  return htmlOf(JSON.stringify(packFigure(full)), full.layout.height as number, id);
}

function htmlOf(json: string, height: number, id = `lr2nn-chart-${Date.now().toString(36)}-${++chartCounter}`): string {
  return (
    `<div class="lr2nn-chart" id="${id}" style="width:100%;min-height:${height}px">` +
    `<p style="color:#a15c00;font-family:sans-serif;padding:8px;border:1px dashed #a15c00">${PLACEHOLDER}</p></div>\n` +
    `<script type="text/javascript">(function(){\n` +
    `var fig=${scriptJson(json)};\n` +
    `var id=${JSON.stringify(id)},tries=0;\n` +
    `function draw(){var el=document.getElementById(id);` +
    `if(!el){if(tries++<100){setTimeout(draw,50);}return;}` +
    `el.innerHTML="";window.Plotly.newPlot(el,fig);}\n` +
    `draw.lr2nnId=id;\n` +
    `if(window.Plotly){draw();return;}\n` +
    `(window.__lr2nnCharts=window.__lr2nnCharts||[]).push(draw);\n` +
    `(window.__lr2nnLoad=window.__lr2nnLoad||${LOADER})(${JSON.stringify(plotlyPath())},${JSON.stringify(NO_PLOTLY)});\n` +
    `})();</script>`
  );
}

/** A one-line description of a figure, for text-only views: "Chart: title (2 traces: heatmap, scatter)". */
export function chartText(fig: Figure): string {
  const title = fig.layout?.title;
  const text = typeof title === "string" ? title : title?.text;
  const types = [...new Set(fig.data.map((t) => (t as { type?: string }).type ?? "scatter"))];
  const n = fig.data.length;
  return `Chart${text ? `: ${text}` : ""} (${n} trace${n === 1 ? "" : "s"}: ${types.join(", ")})`;
}

/**
 * The output of one chart: plotly's JSON (`PLOTLY_MIME`, for frontends that render it natively), the HTML with
 * its drawing script (for the others), and a line of text. Both carry the figure with its values packed
 * (`packFigure`), so a saved chart costs about 10 characters per value in all.
 */
export function chartBundle(fig: Figure): MimeBundle {
  const full = fullFigure(fig);
  const json = JSON.stringify(packFigure(full));
  return {
    // Parsed back from the same text, so both carry exactly what is sent (e.g. no undefined fields).
    [PLOTLY_MIME]: JSON.parse(json) as unknown,
    "text/html": htmlOf(json, full.layout.height as number),
    "text/plain": chartText(fig),
  };
}

/** Shows a figure in the notebook: one output that every frontend can draw (see the module's comment). */
export function show(fig: Figure): void {
  showBundle(chartBundle(fig));
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
