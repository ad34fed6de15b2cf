/**
 * The playground's drawing on <canvas> (2-D context): maps of values over a grid, points, a line, cost curves,
 * and the network view's nodes and edges. Canvas, not plotly: a frame redraws every map in a few milliseconds.
 * Colours come from lib/src/screen/playground-options.ts (the course's: network-view.ts's scale, the classes').
 */
import { mapColor, POINT_COLORS } from "../src/screen/playground-options";

/** `mapColor` at 256 levels (r, g, b for level k at 3k): a map's pixels are looked up, not computed. */
const LUT = new Uint8ClampedArray(3 * 256);
for (let k = 0; k < 256; k++) LUT.set(mapColor(k / 255), 3 * k);

/** A small offscreen canvas and its pixels, reused for the grid maps (one pixel per grid point). */
const scratch = new Map<number, { canvas: HTMLCanvasElement; image: ImageData }>();

function scratchCanvas(steps: number): { canvas: HTMLCanvasElement; image: ImageData } {
  let c = scratch.get(steps);
  if (!c) {
    const canvas = document.createElement("canvas");
    canvas.width = steps;
    canvas.height = steps;
    const image = (canvas.getContext("2d") as CanvasRenderingContext2D).createImageData(
      steps,
      steps,
    );
    image.data.fill(255);
    c = { canvas, image };
    scratch.set(steps, c);
  }
  return c;
}

/**
 * Draws `values` (steps × steps from `offset`, point r·steps + c at column c from the left, row r from the
 * BOTTOM) into the rectangle (x, y, w, h) of ctx, each value v coloured by `mapColor(scale(v))`, smoothed
 * between grid points.
 */
export function drawMap(
  ctx: CanvasRenderingContext2D,
  values: ArrayLike<number>,
  offset: number,
  steps: number,
  scale: (v: number) => number,
  x: number,
  y: number,
  w: number,
  h: number,
): void {
  const { canvas, image } = scratchCanvas(steps);
  const px = image.data;
  for (let r = 0; r < steps; r++)
    for (let col = 0; col < steps; col++) {
      const t = scale(values[offset + r * steps + col] as number);
      const level = t >= 0 && t <= 1 ? Math.round(t * 255) : t > 1 ? 255 : t < 0 ? 0 : 128;
      const k = 4 * ((steps - 1 - r) * steps + col);
      px[k] = LUT[3 * level] as number;
      px[k + 1] = LUT[3 * level + 1] as number;
      px[k + 2] = LUT[3 * level + 2] as number;
    }
  (canvas.getContext("2d") as CanvasRenderingContext2D).putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(canvas, x, y, w, h);
}

/**
 * The contour values = level of a steps × steps grid (xs, ys as in `drawMap`), by marching squares: in each
 * cell, the points where the level crosses its edges (linear interpolation), joined.
 */
export function drawContour(
  ctx: CanvasRenderingContext2D,
  v: View,
  values: ArrayLike<number>,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  level: number,
): void {
  const steps = xs.length;
  const cut = new Float64Array(8);
  const cx = [0, 1, 1, 0];
  const cy = [0, 0, 1, 1];
  ctx.beginPath();
  for (let r = 0; r + 1 < steps; r++)
    for (let c = 0; c + 1 < steps; c++) {
      let n = 0;
      for (let k = 0; k < 4; k++) {
        const k2 = (k + 1) & 3;
        const a = (values[(r + cy[k]!) * steps + c + cx[k]!] as number) - level;
        const b = (values[(r + cy[k2]!) * steps + c + cx[k2]!] as number) - level;
        if (a < 0 !== b < 0) {
          const f = a / (a - b);
          const x0 = xs[c + cx[k]!] as number;
          const y0 = ys[r + cy[k]!] as number;
          cut[n++] = x0 + f * ((xs[c + cx[k2]!] as number) - x0);
          cut[n++] = y0 + f * ((ys[r + cy[k2]!] as number) - y0);
        }
      }
      for (let k = 0; k + 3 < n; k += 4) {
        ctx.moveTo(v.x(cut[k]!), v.y(cut[k + 1]!));
        ctx.lineTo(v.x(cut[k + 2]!), v.y(cut[k + 3]!));
      }
    }
  ctx.stroke();
}

/** A map from data coordinates to the pixels of a w × h box at (left, top). */
export interface View {
  x: (v: number) => number;
  y: (v: number) => number;
}

export function view(
  xRange: [number, number],
  yRange: [number, number],
  left: number,
  top: number,
  w: number,
  h: number,
): View {
  return {
    x: (v) => left + ((v - xRange[0]) / (xRange[1] - xRange[0])) * w,
    y: (v) => top + (1 - (v - yRange[0]) / (yRange[1] - yRange[0])) * h,
  };
}

/** Points coloured by label; training points with a white rim, test points with a black one. */
export function drawPoints(
  ctx: CanvasRenderingContext2D,
  v: View,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  labels: ArrayLike<number>,
  test: boolean,
  radius = 3.2,
): void {
  ctx.lineWidth = test ? 1.2 : 0.8;
  ctx.strokeStyle = test ? "#000" : "#fff";
  for (const cls of [0, 1]) {
    ctx.fillStyle = POINT_COLORS[cls] as string;
    ctx.beginPath();
    for (let j = 0; j < xs.length; j++) {
      if ((labels[j] === 1 ? 1 : 0) !== cls) continue;
      const px = v.x(xs[j] as number);
      const py = v.y(ys[j] as number);
      ctx.moveTo(px + radius, py);
      ctx.arc(px, py, radius, 0, 2 * Math.PI);
    }
    ctx.fill();
    ctx.stroke();
  }
}

/**
 * The line cx·x + cy·y + c0 = 0 clipped to the view's ranges (nothing when it misses them), drawn dark.
 */
export function drawLine(
  ctx: CanvasRenderingContext2D,
  v: View,
  xRange: [number, number],
  yRange: [number, number],
  cx: number,
  cy: number,
  c0: number,
): void {
  const pts: [number, number][] = [];
  if (Math.abs(cy) > 1e-12) for (const x of xRange) pts.push([x, -(cx * x + c0) / cy]);
  if (Math.abs(cx) > 1e-12) for (const y of yRange) pts.push([-(cy * y + c0) / cx, y]);
  const inside = pts.filter(
    ([x, y]) =>
      x >= xRange[0] - 1e-9 &&
      x <= xRange[1] + 1e-9 &&
      y >= yRange[0] - 1e-9 &&
      y <= yRange[1] + 1e-9,
  );
  if (inside.length < 2) return;
  const [a, b] = [inside[0] as [number, number], inside[inside.length - 1] as [number, number]];
  ctx.save();
  ctx.strokeStyle = "#222";
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(v.x(a[0]), v.y(a[1]));
  ctx.lineTo(v.x(b[0]), v.y(b[1]));
  ctx.stroke();
  ctx.restore();
}

/** Axis labels at the bottom and left of a box, and the ranges' ends as ticks. */
export function drawAxes(
  ctx: CanvasRenderingContext2D,
  left: number,
  top: number,
  w: number,
  h: number,
  xLabel: string,
  yLabel: string,
  xRange: [number, number],
  yRange: [number, number],
): void {
  ctx.save();
  ctx.strokeStyle = "#999";
  ctx.lineWidth = 1;
  ctx.strokeRect(left + 0.5, top + 0.5, w - 1, h - 1);
  ctx.fillStyle = "#333";
  ctx.font = "11px sans-serif";
  ctx.textBaseline = "top";
  ctx.textAlign = "left";
  ctx.fillText(fmt(xRange[0]), left, top + h + 2);
  ctx.textAlign = "right";
  ctx.fillText(fmt(xRange[1]), left + w, top + h + 2);
  ctx.textAlign = "center";
  ctx.fillText(xLabel, left + w / 2, top + h + 2);
  ctx.translate(left - 3, top + h / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "bottom";
  ctx.fillText(yLabel, 0, 0);
  ctx.textAlign = "left";
  ctx.fillText(fmt(yRange[0]), -h / 2, 0);
  ctx.textAlign = "right";
  ctx.fillText(fmt(yRange[1]), h / 2, 0);
  ctx.restore();
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1);
}

/** The cost curves: training (solid, dark) and test (dashed, orange) against the epoch, from 0 up. */
export function drawCosts(
  ctx: CanvasRenderingContext2D,
  train: readonly number[],
  test: readonly number[],
  w: number,
  h: number,
): void {
  const left = 34;
  const top = 6;
  const pw = w - left - 6;
  const ph = h - top - 18;
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, w, h);
  let hi = 0;
  for (const c of [train, test])
    for (let i = 0; i < Math.min(c.length, 5); i++)
      if (Number.isFinite(c[i])) hi = Math.max(hi, c[i] as number);
  for (const c of [train, test]) {
    const last = c[c.length - 1];
    if (last !== undefined && Number.isFinite(last)) hi = Math.max(hi, last);
  }
  hi = hi > 0 ? hi * 1.05 : 1;
  ctx.strokeStyle = "#bbb";
  ctx.strokeRect(left + 0.5, top + 0.5, pw, ph);
  ctx.fillStyle = "#333";
  ctx.font = "11px sans-serif";
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  ctx.fillText(hi.toFixed(2), left - 3, top + 4);
  ctx.fillText("0", left - 3, top + ph);
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.fillText(`epochs (${train.length})`, left + pw / 2, top + ph + 3);
  const n = train.length;
  if (n < 1) return;
  const curve = (c: readonly number[], color: string, dash: number[]) => {
    ctx.save();
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.6;
    ctx.setLineDash(dash);
    ctx.beginPath();
    const stride = Math.max(1, Math.floor(c.length / pw));
    for (let i = 0; i < c.length; i += stride) {
      const px = left + (n === 1 ? 0 : (i / (n - 1)) * pw);
      const py = top + ph - (Math.min(c[i] as number, hi) / hi) * ph;
      if (i === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    const j = c.length - 1;
    ctx.lineTo(
      left + (n === 1 ? 0 : (j / (n - 1)) * pw),
      top + ph - (Math.min(c[j] as number, hi) / hi) * ph,
    );
    ctx.stroke();
    ctx.restore();
  };
  curve(test, POINT_COLORS[1], [4, 3]);
  curve(train, "#333", []);
}

/** The width of an edge of weight w when the largest |w| is maxAbs (network-view.ts's `edgeWidth`). */
export function edgeWidth(w: number, maxAbs: number): number {
  return maxAbs > 0 ? 0.5 + (7.5 * Math.abs(w)) / maxAbs : 0.5;
}
