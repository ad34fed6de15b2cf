/**
 * Charts of images: a grid of small pictures, each drawn from one COLUMN of a matrix (a flattened
 * size×size image, e.g. a 784×m matrix of 28×28 digits), with an optional title over each picture
 * (its label, or the network's probability). All pictures go into ONE plotly heatmap, tiled with thin
 * gaps, so even 100 digits draw quickly.
 *
 * Two styles:
 *   "grey"       pixel values in [0, 1]: 0 white (paper), 1 black (ink) — for the digits themselves.
 *   "diverging"  signed values, each picture scaled to its own largest |value|: red positive, blue
 *                negative, white 0 — for weights, e.g. what a hidden unit of the first layer looks for.
 * Taught in: 09-image-classification.
 */
import type { Data, Layout } from "plotly.js";
import { Matrix, ShapeError } from "../core/matrix";
import { show, type ChartOptions, type Figure } from "./plot";

/** Options of `imageGridFigure` / `plotImages`. */
export interface ImageGridOptions extends ChartOptions {
  /** Pictures per row (default: up to 10). */
  cols?: number;
  /** A title over each picture (e.g. its label), in column order. */
  titles?: string[];
  /** "grey" (default: values in [0, 1], ink black) or "diverging" (signed values, red/blue). */
  style?: "grey" | "diverging";
  /** Side of each square picture in pixels (default √rows, e.g. 28 for 784 rows). */
  size?: number;
  /** Show at most this many pictures, the first columns (default 100). */
  max?: number;
  /** Screen pixels per picture (default 64). */
  cellSize?: number;
}

const GREY: [number, string][] = [
  [0, "#ffffff"],
  [1, "#000000"],
];
const DIVERGING: [number, string][] = [
  [0, "#2166ac"],
  [0.5, "#f7f7f7"],
  [1, "#b2182b"],
];

/** The side of the square images held in a matrix's columns (throws unless rows is a perfect square). */
function imageSide(images: Matrix, size?: number): number {
  const side = size ?? Math.round(Math.sqrt(images.rows));
  if (side * side !== images.rows) {
    throw new ShapeError(
      `images are ${images.shape()}: each column must be one flattened square image (e.g. 784 = 28×28 rows), ` +
        `but ${images.rows} is not ${size === undefined ? "a square number" : `${size}×${size}`}`,
    );
  }
  return side;
}

/** A grid of pictures, one per column of `images` (rows = size², values row by row). */
export function imageGridFigure(images: Matrix, o: ImageGridOptions = {}): Figure {
  const S = imageSide(images, o.size);
  const count = Math.min(images.cols, o.max ?? 100);
  if (count === 0)
    throw new ShapeError(`images is ${images.shape()}: there is no column (picture) to draw`);
  if (o.titles && o.titles.length < count)
    throw new RangeError(`${count} pictures but only ${o.titles.length} titles`);
  const cols = Math.max(1, Math.min(o.cols ?? 10, count));
  const rows = Math.ceil(count / cols);
  const gap = 2;
  const top = o.titles ? Math.round(S / 3) : gap; // room above each picture for its title
  const pitchX = S + gap;
  const pitchY = S + top;
  const width = cols * pitchX - gap;
  const height = rows * pitchY;
  const z: (number | null)[][] = Array.from({ length: height }, () =>
    new Array<number | null>(width).fill(null),
  );
  const diverging = o.style === "diverging";
  const m = images.cols;
  const v = images.data;
  for (let k = 0; k < count; k++) {
    const r0 = Math.floor(k / cols) * pitchY + top;
    const c0 = (k % cols) * pitchX;
    let scale = 1;
    if (diverging) {
      let big = 0;
      for (let p = 0; p < S * S; p++) big = Math.max(big, Math.abs(v[p * m + k] as number));
      scale = big > 0 ? 1 / big : 1;
    }
    for (let r = 0; r < S; r++) {
      const line = z[r0 + r] as (number | null)[];
      for (let c = 0; c < S; c++) line[c0 + c] = (v[(r * S + c) * m + k] as number) * scale;
    }
  }
  const trace: Data = {
    type: "heatmap",
    z: z as number[][],
    colorscale: diverging ? DIVERGING : GREY,
    zmin: diverging ? -1 : 0,
    zmax: 1,
    showscale: false,
    hoverongaps: false,
    hovertemplate: diverging
      ? "%{z:.2f} of the largest |w|<extra></extra>"
      : "%{z:.2f}<extra></extra>",
  };
  const axis = { visible: false, showgrid: false, zeroline: false, fixedrange: true };
  const cell = o.cellSize ?? 64;
  const layout: Partial<Layout> = {
    title: o.title ? { text: o.title } : undefined,
    xaxis: { ...axis, range: [-0.5, width - 0.5], constrain: "domain" },
    yaxis: { ...axis, autorange: "reversed", scaleanchor: "x", constrain: "domain" },
    height: o.height ?? Math.round(rows * cell * (pitchY / pitchX)) + (o.title ? 90 : 50),
    margin: { t: o.title ? 60 : 20, r: 10, b: 10, l: 10 },
    annotations: (o.titles ?? []).slice(0, count).map((text, k) => ({
      x: (k % cols) * pitchX + (S - 1) / 2,
      y: Math.floor(k / cols) * pitchY + top - 0.5,
      text,
      showarrow: false,
      yanchor: "bottom",
      font: { size: 11 },
    })),
    ...o.layout,
  };
  if (o.width) layout.width = o.width;
  return { data: [trace], layout };
}

/** Draws the pictures held in the columns of `images` (see `imageGridFigure`). */
export function plotImages(images: Matrix, o: ImageGridOptions = {}): void {
  show(imageGridFigure(images, o));
}

/**
 * Draws digits (columns of a 784×m X) with their labels as titles — or any titles, e.g. probabilities:
 * `plotDigits(X.sliceCols(0, 20), labels.slice(0, 20))`.
 */
export function plotDigits(
  X: Matrix,
  labels?: ArrayLike<number | string>,
  o: ImageGridOptions = {},
): void {
  const titles = o.titles ?? (labels ? Array.from(labels, (l) => String(l)) : undefined);
  show(imageGridFigure(X, { ...o, titles }));
}
