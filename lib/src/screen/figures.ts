/**
 * Figures from functions and arrays: curves y = f(x), line series (cost curves), train and test curves, heatmaps
 * of matrices, bar charts; and what every helper shares (`ChartOptions`, `baseLayout`, `ScaleOptions`, `linspace`).
 *
 * Each `*Figure` function builds a figure (plain data: traces and layout, plotly's own types) that a notebook
 * may change before showing it with `show`; each `plot*` function builds and shows it. The charts' transport is
 * in `chart`; functions of two and three variables are in `surfaces`; 2-D data by class and probability maps
 * are in `plane`.
 */
import { Matrix } from "../core/matrix";
import { show, type ColorScale, type Data, type Figure, type Layout } from "./chart";

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

/**
 * The layout every helper starts from: the title, the axis titles and the height (default 420 px) of the
 * options, then `o.layout` merged over them.
 */
export function baseLayout(o: ChartOptions): Partial<Layout> {
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
export function plotFunction(
  fns: ((x: number) => number) | NamedFunction[],
  range: [number, number],
  o: ChartOptions & { points?: number } = {},
): void {
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

/** One run's curves over training: a quantity (cost, accuracy) on the training set and on the test set, at epochs x. */
export interface TrainTestCurves {
  name: string;
  x: ArrayLike<number>;
  train: ArrayLike<number>;
  test: ArrayLike<number>;
}

/** plotly's default colours, one per run of `trainTestFigure`. */
const RUN_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"];

/**
 * Train and test curves of several runs in one chart (13): one colour per run, a solid line on the training
 * set and a dashed one on the test set, so the gap between a run's two lines is how much it overfits.
 */
export function trainTestFigure(
  runs: TrainTestCurves[],
  o: ChartOptions & { logY?: boolean } = {},
): Figure {
  const data: Data[] = runs.flatMap((r, k) => {
    if (r.train.length !== r.x.length || r.test.length !== r.x.length) {
      throw new RangeError(
        `trainTestFigure: run "${r.name}" has ${r.x.length} x values, ${r.train.length} train values and ${r.test.length} test values: they must have one value per x`,
      );
    }
    const color = RUN_COLORS[k % RUN_COLORS.length] as string;
    return (["train", "test"] as const).map((set): Data => ({
      type: "scatter",
      mode: "lines",
      name: `${r.name}, ${set}`,
      legendgroup: r.name,
      x: Array.from(r.x),
      y: Array.from(r[set]),
      line: { color, dash: set === "train" ? "solid" : "dash" },
    }));
  });
  const layout = baseLayout(o);
  if (o.logY) layout.yaxis = { ...layout.yaxis, type: "log" };
  return { data, layout };
}

/** Plots train and test curves of several runs (see `trainTestFigure`). */
export function plotTrainTest(
  runs: TrainTestCurves[],
  o: ChartOptions & { logY?: boolean } = {},
): void {
  show(trainTestFigure(runs, o));
}

/** Default colours of class 0 and class 1 (colour-blind safe). */
export const CLASS_COLORS = ["#1f77b4", "#ff7f0e"] as const;

/** How a helper colours values: plotly's colour scale, by name ("Viridis", "Greys", …) or as [position, colour] stops. */
export interface ScaleOptions {
  /** The colour scale (each helper names its default). */
  colorscale?: ColorScale;
  /** Run the scale the other way (e.g. "Greys" reversed: light for low values, dark for high). */
  reverseScale?: boolean;
}

/** The default heatmap colours: white-ish for the lowest value, dark blue for the highest. */
export const HEATMAP_BLUES: [number, string][] = [
  [0, "#f7fbff"],
  [0.25, "#c6dbef"],
  [0.5, "#6baed6"],
  [0.75, "#2171b5"],
  [1, "#08306b"],
];

/** Options of the heatmap. */
export interface HeatmapOptions extends ChartOptions, ScaleOptions {
  /** Labels of the columns (left to right) and rows (top to bottom). */
  xLabels?: string[];
  yLabels?: string[];
  /** Write each value in its cell. */
  annotate?: boolean;
  /** The values at the ends of the colour scale (default: the smallest and largest value). */
  zmin?: number;
  zmax?: number;
}

/**
 * A heatmap of a matrix (rows top to bottom), e.g. a confusion matrix or an image, coloured by `o.colorscale`
 * (default `HEATMAP_BLUES`).
 */
export function heatmapFigure(values: Matrix | number[][], o: HeatmapOptions = {}): Figure {
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
        font: {
          size: 16,
          color:
            !o.colorscale && !o.reverseScale && hi > lo && (v - lo) / (hi - lo) > 0.5
              ? "white"
              : "#222",
        },
      })),
    );
  }
  // Default: light (low) to dark blue (high). (plotly's own "Blues" runs the other way: dark for low values.)
  const trace: Data = { type: "heatmap", z, colorscale: o.colorscale ?? HEATMAP_BLUES };
  if (o.reverseScale !== undefined) trace.reversescale = o.reverseScale;
  if (o.xLabels) trace.x = o.xLabels;
  if (o.yLabels) trace.y = o.yLabels;
  if (o.zmin !== undefined) trace.zmin = o.zmin;
  if (o.zmax !== undefined) trace.zmax = o.zmax;
  return { data: [trace], layout };
}

/** Plots a heatmap of a matrix (see `heatmapFigure`). */
export function plotHeatmap(values: Matrix | number[][], o: HeatmapOptions = {}): void {
  show(heatmapFigure(values, o));
}

/** A bar chart of named values (e.g. learned weights). */
export function barFigure(
  labels: string[],
  values: ArrayLike<number>,
  o: ChartOptions & { horizontal?: boolean } = {},
): Figure {
  const v = Array.from(values);
  if (v.length !== labels.length)
    throw new Error(`barFigure: ${labels.length} labels but ${v.length} values`);
  const data: Data[] = [
    o.horizontal
      ? {
          type: "bar",
          orientation: "h",
          x: v,
          y: labels,
          marker: { color: v.map((x) => (x >= 0 ? CLASS_COLORS[1] : CLASS_COLORS[0])) },
        }
      : {
          type: "bar",
          x: labels,
          y: v,
          marker: { color: v.map((x) => (x >= 0 ? CLASS_COLORS[1] : CLASS_COLORS[0])) },
        },
  ];
  return { data, layout: baseLayout(o) };
}

/** Plots a bar chart. */
export function plotBar(
  labels: string[],
  values: ArrayLike<number>,
  o: ChartOptions & { horizontal?: boolean } = {},
): void {
  show(barFigure(labels, values, o));
}
