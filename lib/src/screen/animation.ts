/**
 * Animated charts: a classifier's probability map recorded during training and played back in the notebook
 * (plotly frames, a Play/Pause button and a slider over the snapshots).
 *
 *   const rec = boundaryRecorder((P) => net.predictProba(P), X, y, { steps: 50 });
 *   train(net, X, y, { epochs: 2000, onProgress: (i) => { if (i.epoch % 80 === 0) rec.snapshot(`epoch ${i.epoch}`); } });
 *   show(rec.figure({ title: "The boundary while training" }));
 *
 * Each snapshot stores only the heatmap's z values (rounded, so 25 frames of a 50×50 grid stay a few hundred
 * kilobytes); the data points and axes are drawn once. An edge module (imports plot); the math never imports
 * it. Taught in: 08-multi-layer-network.
 */
import type { Data, Frame, Layout } from "plotly.js";
import { Matrix } from "../core/matrix";
import { classTraces, planeGrid, type ChartOptions, type Figure, type GridOptions } from "./plot";

/** Records probability maps during training and turns them into an animated figure. */
export interface BoundaryRecorder {
  /** Evaluates the classifier on the grid now and stores it as a frame named `label` (e.g. "epoch 200"). */
  snapshot(label: string): void;
  /** How many frames are stored. */
  readonly count: number;
  /** The frame labels, in order. */
  readonly labels: string[];
  /**
   * The animated figure: the first frame drawn, Play/Pause buttons and a slider over all frames (`prefix`
   * goes before the frame's label above the slider, e.g. "epoch "; `frameMs` is the time per frame).
   */
  figure(
    o?: ChartOptions & { frameMs?: number; prefix?: string; names?: [string, string] },
  ): Figure;
}

/** Options of `boundaryRecorder`. */
export interface RecorderOptions extends GridOptions {
  /** Decimals kept of each probability (default 3): smaller charts, no visible difference. */
  decimals?: number;
}

/**
 * A recorder of `predictProba` (2×k points → 1×k probabilities) over a grid around X (2×m), with the data
 * X, y drawn on top of every frame. Call `snapshot` while training, then `figure()`.
 */
export function boundaryRecorder(
  predictProba: (points: Matrix) => Matrix,
  X: Matrix,
  y: Matrix,
  o: RecorderOptions = {},
): BoundaryRecorder {
  const grid = planeGrid(X, o);
  const steps = grid.xs.length;
  const scale = 10 ** (o.decimals ?? 3);
  const frames: { label: string; z: number[][] }[] = [];
  const points = classTraces(X, y); // checks the shapes now, not after training
  return {
    snapshot(label) {
      const p = predictProba(grid.points);
      if (p.size !== steps * steps) {
        throw new Error(
          `boundaryRecorder: predictProba was given the ${steps * steps} grid points as a ${grid.points.shape()} matrix (one column per point) and must return 1×${steps * steps}, one probability per point, but it returned ${p.shape()}`,
        );
      }
      const z: number[][] = [];
      for (let i = 0; i < steps; i++) {
        const row: number[] = [];
        for (let j = 0; j < steps; j++)
          row.push(Math.round((p.data[i * steps + j] as number) * scale) / scale);
        z.push(row);
      }
      frames.push({ label, z });
    },
    get count() {
      return frames.length;
    },
    get labels() {
      return frames.map((f) => f.label);
    },
    figure(fo = {}) {
      if (frames.length === 0)
        throw new Error(
          "boundaryRecorder: no snapshots yet — call snapshot(label) during training first",
        );
      const first = frames[0] as { label: string; z: number[][] };
      const heatmap: Data = {
        type: "heatmap",
        x: grid.xs,
        y: grid.ys,
        z: first.z,
        zmin: 0,
        zmax: 1,
        colorscale: [
          [0, "#9ecae1"],
          [0.47, "#f7f7f7"],
          [0.5, "#636363"],
          [0.53, "#f7f7f7"],
          [1, "#fdae6b"],
        ],
        colorbar: { title: { text: "P(y=1)" } },
        hovertemplate: "x₁=%{x:.2f}<br>x₂=%{y:.2f}<br>P(y=1)=%{z:.3f}<extra></extra>",
        name: "P(y=1)",
      };
      const traces = fo.names ? classTraces(X, y, fo.names) : points;
      const fig: Figure = {
        data: [heatmap, ...traces],
        layout: {
          title: fo.title ? { text: fo.title } : undefined,
          xaxis: {
            title: { text: fo.xTitle ?? "x₁" },
            range: [grid.xs[0] as number, grid.xs[steps - 1] as number],
          },
          yaxis: {
            title: { text: fo.yTitle ?? "x₂" },
            range: [grid.ys[0] as number, grid.ys[steps - 1] as number],
          },
          height: fo.height ?? 560,
          // the legend above the plot, clear of the colour bar
          legend: { orientation: "h", x: 0, y: 1.02, xanchor: "left", yanchor: "bottom" },
          ...(fo.width ? { width: fo.width } : {}),
          ...fo.layout,
        },
        frames: frames.map((f) => ({ name: f.label, data: [{ z: f.z } as Data], traces: [0] })),
      };
      return withAnimationControls(fig, { frameMs: fo.frameMs, prefix: fo.prefix });
    },
  };
}

/**
 * Adds a Play/Pause button pair and a slider with one step per frame (in order) to a figure that has
 * `frames`. Playing moves the slider along; dragging the slider shows that frame. `frameMs` is the time per
 * frame while playing (default 150 ms).
 */
export function withAnimationControls(
  fig: Figure,
  o: { frameMs?: number; prefix?: string } = {},
): Figure {
  const frames = fig.frames ?? [];
  if (frames.length === 0)
    throw new Error("withAnimationControls: the figure has no frames to animate");
  const names = frames.map((f, k) => f.name ?? String(k));
  const still = {
    mode: "immediate",
    frame: { duration: 0, redraw: true },
    transition: { duration: 0 },
  };
  const layout: Partial<Layout> = {
    ...fig.layout,
    margin: { t: 60, r: 30, b: 140, l: 60, ...fig.layout?.margin },
    updatemenus: [
      {
        type: "buttons",
        direction: "left",
        showactive: false,
        x: 0,
        y: -0.12,
        xanchor: "left",
        yanchor: "top",
        pad: { t: 30, r: 10 },
        buttons: [
          {
            label: "▶ Play",
            method: "animate",
            args: [
              null,
              {
                mode: "immediate",
                fromcurrent: true,
                frame: { duration: o.frameMs ?? 150, redraw: true },
                transition: { duration: 0 },
              },
            ],
          },
          {
            label: "❚❚ Pause",
            method: "animate",
            args: [[null], { ...still, frame: { duration: 0, redraw: false } }],
          },
        ],
      },
    ],
    sliders: [
      {
        active: 0,
        x: 0.2,
        y: -0.12,
        len: 0.8,
        xanchor: "left",
        yanchor: "top",
        pad: { t: 30 },
        currentvalue: { prefix: o.prefix ?? "", visible: true, xanchor: "right" },
        steps: names.map((name) => ({ label: name, method: "animate", args: [[name], still] })),
      },
    ],
  };
  const named: Partial<Frame>[] = frames.map((f, k) => ({ ...f, name: names[k] as string }));
  return { ...fig, layout, frames: named };
}
