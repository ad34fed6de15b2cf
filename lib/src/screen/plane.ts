/**
 * Charts of the plane where 2-D classification happens: data points coloured by their label, a grid of points
 * over the plane, a classifier's probability map with its decision boundary, and several such charts side by
 * side (a grid of subplots).
 *
 * Figures are plain data, as in `figures`; the charts' transport is in `chart`.
 */
import { Matrix } from "../core/matrix";
import { show, type Data, type Figure, type Layout } from "./chart";
import { CLASS_COLORS, baseLayout, linspace, type ChartOptions } from "./figures";

function checkPoints(X: Matrix, y: Matrix, who: string): void {
  if (X.rows < 2)
    throw new Error(`${who}: X must have 2 rows (features × examples), got ${X.shape()}`);
  if (y.size !== X.cols) {
    throw new Error(
      `${who}: X is ${X.shape()} (${X.cols} examples) but y is ${y.shape()} (${y.size} labels): they must match`,
    );
  }
}

/**
 * Scatter traces of 2-D points coloured by their 0/1 label (X: 2×m, y: 1×m). `markerSize` above 6 also gives
 * the dots a dark rim, so a few large points stay visible on a background of their own colour.
 */
export function classTraces(
  X: Matrix,
  y: Matrix,
  names: [string, string] = ["y = 0", "y = 1"],
  markerSize = 6,
): Data[] {
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
export function scatterByClassFigure(
  X: Matrix,
  y: Matrix,
  o: ChartOptions & { names?: [string, string] } = {},
): Figure {
  return {
    data: classTraces(X, y, o.names),
    layout: baseLayout({ xTitle: "x₁", yTitle: "x₂", ...o }),
  };
}

/** Plots a 2-D dataset coloured by class (X: 2×m, y: 1×m). */
export function plotScatterByClass(
  X: Matrix,
  y: Matrix,
  o: ChartOptions & { names?: [string, string] } = {},
): void {
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
  if (X.rows !== 2)
    throw new Error(
      `planeGrid: X must be 2×m (two features, one column per example), got ${X.shape()}`,
    );
  const steps = o.steps ?? 50;
  if (!Number.isInteger(steps) || steps < 2)
    throw new RangeError(`planeGrid: steps must be a whole number ≥ 2, got ${steps}`);
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
    throw new Error(
      `decisionBoundaryFigure: predictProba was given the ${steps * steps} grid points as a ${grid.shape()} matrix (one column per point) and must return 1×${steps * steps}, one probability per point, but it returned ${p.shape()}`,
    );
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
export function plotDecisionBoundary(
  predictProba: (points: Matrix) => Matrix,
  X: Matrix,
  y: Matrix,
  o: BoundaryOptions = {},
): void {
  show(decisionBoundaryFigure(predictProba, X, y, o));
}

/**
 * Several figures side by side in one chart (a grid of subplots, each with its own axes), e.g. decision
 * boundaries for several settings. Colour bars and repeated legend entries are hidden.
 */
export function gridFigure(
  figs: Figure[],
  o: ChartOptions & { cols?: number; titles?: string[]; cellHeight?: number } = {},
): Figure {
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
export function plotGrid(
  figs: Figure[],
  o: ChartOptions & { cols?: number; titles?: string[]; cellHeight?: number } = {},
): void {
  show(gridFigure(figs, o));
}
