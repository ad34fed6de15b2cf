/**
 * Functions of two and three variables: z = f(x, y) sampled on a grid, as contour lines or a 3-D surface, and
 * the level surface f(x, y, z) = c among 3-D points (e.g. a unit's decision boundary in a learned space).
 * Points with a surface among them: `surfaceWithPointsFigure` (a plane fitted by linear regression, 04).
 *
 * Figures are plain data, as in `figures`; the charts' transport is in `chart`.
 */
import type { Matrix } from "../core/matrix";
import { show, type ColorScale, type Data, type Figure, type Layout } from "./chart";
import { baseLayout, linspace, type ChartOptions, type ScaleOptions } from "./figures";

/** The trace fields for a colour scale (`fallback` when the options name none). */
function scaleFields(
  o: ScaleOptions,
  fallback: ColorScale,
): { colorscale: ColorScale; reversescale?: boolean } {
  const fields: { colorscale: ColorScale; reversescale?: boolean } = {
    colorscale: o.colorscale ?? fallback,
  };
  if (o.reverseScale !== undefined) fields.reversescale = o.reverseScale;
  return fields;
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

/** Options of the contour map. */
export interface ContourOptions extends ChartOptions, ScaleOptions {
  /** Grid points per axis (default 60). */
  steps?: number;
  /** Title of the colour bar (default "z"). */
  zTitle?: string;
  /** Number of contour lines (default 25). */
  levels?: number;
  /** 0 (transparent) to 1 (default), e.g. to let arrows or paths drawn on top stand out. */
  opacity?: number;
}

/** Contour lines of z = f(x, y), coloured by `o.colorscale` (default "Viridis"). */
export function contourFigure(
  f: (x: number, y: number) => number,
  xRange: [number, number],
  yRange: [number, number],
  o: ContourOptions = {},
): Figure {
  const { x, y, z } = sampleGrid(f, xRange, yRange, o.steps ?? 60);
  const trace: Data = {
    type: "contour",
    x,
    y,
    z,
    ncontours: o.levels ?? 25,
    ...scaleFields(o, "Viridis"),
    colorbar: { title: { text: o.zTitle ?? "z" } },
  };
  if (o.opacity !== undefined) trace.opacity = o.opacity;
  return { data: [trace], layout: baseLayout(o) };
}

/** Plots contour lines of z = f(x, y) (see `contourFigure`). */
export function plotContour(
  f: (x: number, y: number) => number,
  xRange: [number, number],
  yRange: [number, number],
  o: ContourOptions = {},
): void {
  show(contourFigure(f, xRange, yRange, o));
}

/** Options of the 3-D surface. */
export interface SurfaceOptions extends ChartOptions, ScaleOptions {
  /** Grid points per axis (default 50). */
  steps?: number;
  /** Title of the z axis (default "z"). */
  zTitle?: string;
  /** 0 (transparent) to 1 (default). */
  opacity?: number;
}

/** The 3-D scene's axis titles (x, y, z by default). */
function sceneAxes(o: ChartOptions & { zTitle?: string }): Partial<Layout>["scene"] {
  return {
    xaxis: { title: { text: o.xTitle ?? "x" } },
    yaxis: { title: { text: o.yTitle ?? "y" } },
    zaxis: { title: { text: o.zTitle ?? "z" } },
  };
}

/** A 3-D surface z = f(x, y) (drag to rotate), coloured by `o.colorscale` (default "Viridis"). */
export function surfaceFigure(
  f: (x: number, y: number) => number,
  xRange: [number, number],
  yRange: [number, number],
  o: SurfaceOptions = {},
): Figure {
  const { x, y, z } = sampleGrid(f, xRange, yRange, o.steps ?? 50);
  const layout = baseLayout({ height: 520, ...o });
  layout.scene = sceneAxes(o);
  const trace: Data = { type: "surface", x, y, z, ...scaleFields(o, "Viridis") };
  if (o.opacity !== undefined) trace.opacity = o.opacity;
  return { data: [trace], layout };
}

/** Plots a 3-D surface z = f(x, y) (see `surfaceFigure`). */
export function plotSurface(
  f: (x: number, y: number) => number,
  xRange: [number, number],
  yRange: [number, number],
  o: SurfaceOptions = {},
): void {
  show(surfaceFigure(f, xRange, yRange, o));
}

/** Options of a level surface f(x, y, z) = level. */
export interface IsosurfaceOptions extends ChartOptions, ScaleOptions {
  /** The value c of the surface f(x, y, z) = c (default 0, e.g. a unit's decision boundary w·a + b = 0). */
  level?: number;
  /** Grid points per axis (default 12: f is evaluated steps³ times). */
  steps?: number;
  /** Title of the z axis (default "z"). */
  zTitle?: string;
  /** 0 (transparent) to 1 (default 0.35, so points behind the surface stay visible). */
  opacity?: number;
  /** One colour for the whole surface, in place of a colour scale (and no colour bar). */
  color?: string;
  /** The trace's name in the legend. */
  name?: string;
}

/**
 * The surface f(x, y, z) = level inside the box xRange × yRange × zRange as one plotly isosurface trace:
 * f sampled on a steps × steps × steps grid (x varying fastest), the surface drawn without caps on the box's
 * sides. Add it to 3-D points (scatter3d traces) to show a plane or boundary among them.
 */
export function isosurfaceTrace(
  f: (x: number, y: number, z: number) => number,
  xRange: [number, number],
  yRange: [number, number],
  zRange: [number, number],
  o: IsosurfaceOptions = {},
): Data {
  const steps = o.steps ?? 12;
  if (!Number.isInteger(steps) || steps < 2) {
    throw new RangeError(`isosurfaceTrace: steps must be a whole number ≥ 2, got ${steps}`);
  }
  const [xs, ys, zs] = [xRange, yRange, zRange].map(([lo, hi]) => linspace(lo, hi, steps)) as [
    number[],
    number[],
    number[],
  ];
  const n = steps ** 3;
  const [x, y, z, value] = [
    new Array<number>(n),
    new Array<number>(n),
    new Array<number>(n),
    new Array<number>(n),
  ];
  for (let k = 0; k < steps; k++) {
    for (let j = 0; j < steps; j++) {
      for (let i = 0; i < steps; i++) {
        const at = (k * steps + j) * steps + i;
        [x[at], y[at], z[at]] = [xs[i] as number, ys[j] as number, zs[k] as number];
        value[at] = f(xs[i] as number, ys[j] as number, zs[k] as number);
      }
    }
  }
  const level = o.level ?? 0;
  const noCap = { show: false };
  // plotly's types have no isosurface fields (value, isomin, caps…): the trace is typed here and passed as Data.
  const trace: Record<string, unknown> = {
    type: "isosurface",
    x,
    y,
    z,
    value,
    isomin: level,
    isomax: level,
    surface: { count: 1 },
    caps: { x: noCap, y: noCap, z: noCap },
    opacity: o.opacity ?? 0.35,
    ...(o.color
      ? {
          colorscale: [
            [0, o.color],
            [1, o.color],
          ],
          showscale: false,
        }
      : scaleFields(o, "Viridis")),
  };
  if (o.name) trace.name = o.name;
  return trace as Data;
}

/** A 3-D chart of the level surface f(x, y, z) = level (see `isosurfaceTrace`; drag to rotate). */
export function isosurfaceFigure(
  f: (x: number, y: number, z: number) => number,
  xRange: [number, number],
  yRange: [number, number],
  zRange: [number, number],
  o: IsosurfaceOptions = {},
): Figure {
  const layout = baseLayout({ height: 520, ...o });
  layout.scene = sceneAxes(o);
  return { data: [isosurfaceTrace(f, xRange, yRange, zRange, o)], layout };
}

/** Plots the level surface f(x, y, z) = level (see `isosurfaceFigure`). */
export function plotIsosurface(
  f: (x: number, y: number, z: number) => number,
  xRange: [number, number],
  yRange: [number, number],
  zRange: [number, number],
  o: IsosurfaceOptions = {},
): void {
  show(isosurfaceFigure(f, xRange, yRange, zRange, o));
}

/**
 * Points (x, y, z) in 3-D with a surface z = f(x, y) among them (drag to rotate), e.g. a plane fitted to
 * data by linear regression: P is 2×m (the (x, y) of each point, one column each), z is 1×m. The surface is
 * sampled over the points' range (or xRange, yRange) and drawn half transparent, so points below show.
 */
export function surfaceWithPointsFigure(
  P: Matrix,
  z: Matrix,
  f: (x: number, y: number) => number,
  o: SurfaceOptions & { xRange?: [number, number]; yRange?: [number, number]; name?: string } = {},
): Figure {
  if (P.rows !== 2 || z.rows !== 1 || z.cols !== P.cols) {
    throw new Error(
      `surfaceWithPointsFigure: P must be 2×m (one column per point) and z 1×m, got P ${P.shape()} and z ${z.shape()}`,
    );
  }
  const span = (r: number): [number, number] => [P.row(r).min(), P.row(r).max()];
  const fig = surfaceFigure(f, o.xRange ?? span(0), o.yRange ?? span(1), {
    steps: 20,
    opacity: 0.6,
    ...o,
  });
  (fig.data[0] as Record<string, unknown>).showscale = false;
  (fig.data[0] as Record<string, unknown>).name = o.name ?? "surface";
  // A cube (not the data's proportions, which stretch a steep plane into a wall), seen from the front corner.
  fig.layout = {
    ...fig.layout,
    scene: {
      ...fig.layout?.scene,
      aspectmode: "cube",
      camera: { eye: { x: 1.6, y: -1.6, z: 0.6 } },
    },
  };
  fig.data.push({
    type: "scatter3d",
    mode: "markers",
    name: "data",
    x: P.row(0).toList(),
    y: P.row(1).toList(),
    z: z.toList(),
    marker: { size: 3, color: "#d62728" },
  });
  return fig;
}

/** Plots points in 3-D with a surface among them (see `surfaceWithPointsFigure`). */
export function plotSurfaceWithPoints(
  P: Matrix,
  z: Matrix,
  f: (x: number, y: number) => number,
  o: SurfaceOptions & { xRange?: [number, number]; yRange?: [number, number]; name?: string } = {},
): void {
  show(surfaceWithPointsFigure(P, z, f, o));
}
