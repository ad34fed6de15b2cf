/**
 * The playground's three views, drawn on canvases from a session (lib/src/screen/playground-session.ts): the
 * decision map ŷ over the plane with its boundary and the points; the network, every unit's output over the plane
 * with the weights as edges (as chapter 07's network view); and the last hidden layer's feature space with the
 * output unit's line (playground-features.ts: exact in every case).
 */
import type { PlaneMaps, PlaygroundSession } from "../src/screen/playground-session";
import { POINT_COLORS, unitScale } from "../src/screen/playground-options";
import { drawAxes, drawContour, drawLine, drawMap, drawPoints, edgeWidth, view } from "./draw";

/** Grid points per axis of every map. */
export const STEPS = 40;
/** Sizes in CSS pixels: the decision map, the feature space, a unit's node, the network's columns and rows. */
export const MAIN = 270;
export const SPACE = 240;
const NODE = 46;
const COLUMN = 92;
const ROW = 54;

/** Sets a canvas's size in CSS pixels, with the device's pixel ratio behind it; returns its context. */
export function size(c: HTMLCanvasElement, w: number, h: number): CanvasRenderingContext2D {
  const dpr = Math.min(2, window.devicePixelRatio || 1);
  if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) {
    c.width = Math.round(w * dpr);
    c.height = Math.round(h * dpr);
    c.style.width = `${w}px`;
    c.style.height = `${h}px`;
  }
  const ctx = c.getContext("2d") as CanvasRenderingContext2D;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

export function drawDecision(
  mainCanvas: HTMLCanvasElement,
  session: PlaygroundSession,
  maps: PlaneMaps,
): void {
  const yHat = maps.A[maps.A.length - 1]!.data;
  const ctx = size(mainCanvas, MAIN, MAIN);
  drawMap(ctx, yHat, 0, STEPS, (p) => p, 0, 0, MAIN, MAIN);
  const v = view(session.xRange, session.yRange, 0, 0, MAIN, MAIN);
  // The boundary ŷ = 0.5.
  ctx.strokeStyle = "#000";
  ctx.lineWidth = 1.5;
  drawContour(ctx, v, yHat, maps.xs, maps.ys, 0.5);
  drawPoints(
    ctx,
    v,
    session.XTrain.data.subarray(0, session.XTrain.cols),
    session.XTrain.data.subarray(session.XTrain.cols),
    session.yTrain.data,
    false,
  );
  drawPoints(
    ctx,
    v,
    session.XTest.data.subarray(0, session.XTest.cols),
    session.XTest.data.subarray(session.XTest.cols),
    session.yTest.data,
    true,
  );
}

export function drawNetwork(
  netCanvas: HTMLCanvasElement,
  session: PlaygroundSession,
  A: Float64Array[],
): void {
  const sizes = session.net.layerSizes;
  const L = sizes.length - 1;
  const most = Math.max(...sizes);
  const w = COLUMN * L + NODE + 16;
  const hgt = most * ROW + 22;
  const ctx = size(netCanvas, w, hgt);
  ctx.clearRect(0, 0, w, hgt);
  const at = (l: number, i: number): [number, number] => [
    8 + l * COLUMN,
    20 + ((most - sizes[l]!) / 2 + i) * ROW,
  ];
  const maxAbs = Math.max(
    0,
    ...session.net.W.map((W) => W.data.reduce((m, x) => Math.max(m, Math.abs(x)), 0)),
  );
  for (let l = 1; l <= L; l++) {
    const W = session.net.W[l - 1]!;
    for (let i = 0; i < W.rows; i++)
      for (let j = 0; j < W.cols; j++) {
        const wij = W.data[i * W.cols + j]!;
        const [xa, ya] = at(l - 1, j);
        const [xb, yb] = at(l, i);
        ctx.strokeStyle = wij >= 0 ? POINT_COLORS[1] : POINT_COLORS[0];
        ctx.globalAlpha = 0.75;
        ctx.lineWidth = edgeWidth(wij, maxAbs);
        ctx.beginPath();
        ctx.moveTo(xa + NODE, ya + NODE / 2);
        ctx.lineTo(xb, yb + NODE / 2);
        ctx.stroke();
      }
  }
  ctx.globalAlpha = 1;
  ctx.font = "11px sans-serif";
  ctx.fillStyle = "#333";
  ctx.textBaseline = "top";
  const n = STEPS * STEPS;
  for (let l = 0; l <= L; l++) {
    ctx.fillText(l === 0 ? "inputs" : l === L ? "output ŷ" : `hidden ${l}`, at(l, 0)[0], 2);
    const values = A[l]!;
    for (let i = 0; i < sizes[l]!; i++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let k = i * n; k < (i + 1) * n; k++) {
        lo = Math.min(lo, values[k]!);
        hi = Math.max(hi, values[k]!);
      }
      const big = Math.max(Math.abs(lo), Math.abs(hi));
      const scale =
        l === 0
          ? (v: number) => (hi > lo ? (v - lo) / (hi - lo) : 0.5)
          : l === L
            ? (v: number) => v
            : (v: number) => unitScale(session.settings.activation, v, big);
      const [x, y] = at(l, i);
      drawMap(ctx, values, i * n, STEPS, scale, x, y, NODE, NODE);
      ctx.strokeStyle = "#777";
      ctx.lineWidth = 1;
      ctx.strokeRect(x + 0.5, y + 0.5, NODE - 1, NODE - 1);
    }
  }
}

export function drawSpace(
  spaceCanvas: HTMLCanvasElement,
  spaceCaption: HTMLElement,
  session: PlaygroundSession,
): void {
  const fs = session.featureSpace();
  const ctx = size(spaceCanvas, SPACE, SPACE);
  ctx.clearRect(0, 0, SPACE, SPACE);
  const [left, top, w, hh] = [18, 4, SPACE - 22, SPACE - 22];
  const z = new Float64Array(STEPS * STEPS);
  for (let r = 0; r < STEPS; r++)
    for (let c = 0; c < STEPS; c++) {
      const x = fs.xRange[0] + ((fs.xRange[1] - fs.xRange[0]) * c) / (STEPS - 1);
      const y = fs.yRange[0] + ((fs.yRange[1] - fs.yRange[0]) * r) / (STEPS - 1);
      z[r * STEPS + c] = 1 / (1 + Math.exp(-(fs.cx * x + fs.cy * y + fs.c0)));
    }
  drawMap(ctx, z, 0, STEPS, (p) => p, left, top, w, hh);
  const v = view(fs.xRange, fs.yRange, left, top, w, hh);
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, w, hh);
  ctx.clip();
  if (fs.yIsOutput) {
    ctx.strokeStyle = "#666";
    ctx.beginPath();
    for (let k = 0; k <= 60; k++) {
      const x = fs.xRange[0] + ((fs.xRange[1] - fs.xRange[0]) * k) / 60;
      const p = 1 / (1 + Math.exp(-(fs.cx * x + fs.c0)));
      if (k === 0) ctx.moveTo(v.x(x), v.y(p));
      else ctx.lineTo(v.x(x), v.y(p));
    }
    ctx.stroke();
  }
  drawLine(ctx, v, fs.xRange, fs.yRange, fs.cx, fs.cy, fs.c0);
  drawPoints(ctx, v, fs.train.x, fs.train.y, session.yTrain.data, false, 2.8);
  drawPoints(ctx, v, fs.test.x, fs.test.y, session.yTest.data, true, 2.8);
  ctx.restore();
  drawAxes(ctx, left, top, w, hh, fs.xLabel, fs.yLabel, fs.xRange, fs.yRange);
  const L = session.net.numLayers;
  spaceCaption.textContent =
    L === 1
      ? "No hidden layer: the output unit is logistic regression on the inputs, its line w·x + b = 0."
      : `The last hidden layer's features a = A^[${L - 1}] of every point, and the output unit's line ` +
        "w·a + b = 0: a logistic regression on the features the hidden layers learned. When they make the " +
        "classes linearly separable here, the boundary over the plane can curve.";
}
