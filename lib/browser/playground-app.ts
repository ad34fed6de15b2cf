/**
 * The playground in the page: the live trainer that `playground()` (lib/src/screen/playground.ts) mounts on its
 * output. Bundled by scripts/build-browser.mjs into lib/dist/browser/playground.js (global `lr2nnPlayground`),
 * with the lib's own training code from lib/src (`PlaygroundSession`: makeDataset, createNetwork, the network's
 * costAndGradients, the optimizers; the engine runs on the plain-loop product kernel here).
 *
 * Training never blocks the page: while playing, each animation frame runs `speed` epochs (at most ~10 ms of
 * them), then redraws every view. The root element keeps live attributes for tests and scripts: `data-epoch`,
 * `data-loss` (the last epoch's training cost), `data-test-loss`, `data-playing`, `data-redraws`; its
 * `lr2nnPlayground` property is the controller (`session()`, `play()`, `pause()`, `step(n)`, `reset()`).
 */
import { PlaygroundSession, type PlaneMaps } from "../src/screen/playground-session";
import {
  checkPlaygroundOptions,
  DEFAULT_NOISE,
  POINT_COLORS,
  unitScale,
  type PlaygroundOptions,
} from "../src/screen/playground-options";
import { buildControls, h, REBUILD, type Controls } from "./controls";
import {
  drawAxes,
  drawContour,
  drawCosts,
  drawLine,
  drawMap,
  drawPoints,
  edgeWidth,
  view,
} from "./draw";

/** Grid points per axis of every map. */
const STEPS = 40;
/** Milliseconds of training per frame at most. */
const BUDGET_MS = 10;
const MAIN = 300;
const SPACE = 260;
const NODE = 46;
const COLUMN = 92;
const ROW = 54;

const STYLE = `.lr2nn-pg{font-family:sans-serif;font-size:13px;color:#222;max-width:100%}
.lr2nn-pg-bar{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:4px 0}
.lr2nn-pg button{font-size:13px;padding:3px 10px;cursor:pointer}
.lr2nn-pg-row{display:flex;flex-wrap:wrap;gap:4px 14px;margin:3px 0;align-items:center}
.lr2nn-pg-field{display:inline-flex;gap:4px;align-items:center}
.lr2nn-pg-field input[type=number]{width:5.5em}
.lr2nn-pg-check{display:inline-flex;gap:2px;align-items:center}
.lr2nn-pg-views{display:flex;flex-wrap:wrap;gap:14px;margin-top:6px;align-items:flex-start}
.lr2nn-pg-views figure{margin:0}.lr2nn-pg-views figcaption{font-size:12px;color:#444;max-width:300px}
.lr2nn-pg-status{color:#a15c00;min-height:1em}.lr2nn-pg-epoch{font-variant-numeric:tabular-nums;min-width:7em}
.lr2nn-pg :focus-visible{outline:2px solid #1f77b4;outline-offset:1px}`;

/** The controller a mounted playground exposes on its root element. */
export interface PlaygroundController {
  session(): PlaygroundSession;
  play(): void;
  pause(): void;
  step(epochs?: number): void;
  reset(): void;
  /** Frames drawn, milliseconds spent training and drawing in them, the longest frame; `reset` starts anew. */
  stats(reset?: boolean): { frames: number; stepMs: number; drawMs: number; worstMs: number };
  destroy(): void;
}

type Root = HTMLElement & { lr2nnPlayground?: PlaygroundController };

let mounted = 0;

function canvas(w: number, h: number, label: string): HTMLCanvasElement {
  const c = document.createElement("canvas");
  c.setAttribute("role", "img");
  c.setAttribute("aria-label", label);
  size(c, w, h);
  return c;
}

/** Sets a canvas's size in CSS pixels, with the device's pixel ratio behind it. */
function size(c: HTMLCanvasElement, w: number, h: number): CanvasRenderingContext2D {
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

/** Mounts a live trainer on `root` (replacing what it shows), with the options of `playground()`. */
export function mount(root: Root, options: PlaygroundOptions = {}): PlaygroundController {
  root.lr2nnPlayground?.destroy();
  if (!document.getElementById("lr2nn-playground-style"))
    document.head.append(h("style", { id: "lr2nn-playground-style" }, STYLE));
  const prefix = root.id || `lr2nn-pg-${++mounted}`;
  let session = new PlaygroundSession(options);
  const controls: Controls = buildControls(prefix);
  controls.write(session.settings);

  const epochText = h("span", { class: "lr2nn-pg-epoch", "aria-label": "epochs trained" });
  const costText = h("span", {});
  const status = h("div", { class: "lr2nn-pg-status", role: "status", "aria-live": "polite" });
  const mainCanvas = canvas(MAIN, MAIN, "decision map ŷ over the plane with the points");
  const costCanvas = canvas(MAIN, 110, "training and test cost against the epoch");
  const netCanvas = canvas(COLUMN * 2, ROW, "each unit's output over the plane");
  const spaceCanvas = canvas(
    SPACE,
    SPACE,
    "the last hidden layer's feature space and the output unit's line",
  );
  const spaceCaption = h("figcaption", {});
  const views = h(
    "div",
    { class: "lr2nn-pg-views" },
    h(
      "figure",
      {},
      netCanvas,
      h(
        "figcaption",
        {},
        "The network: each unit's output over the plane (blue low, orange high); edges: weights (orange +, blue −, wider = larger).",
      ),
    ),
    h(
      "figure",
      {},
      mainCanvas,
      h(
        "figcaption",
        {},
        "ŷ = P(y = 1 | x) over the plane, the boundary ŷ = 0.5 (black), training points (white rim) and test points (black rim).",
      ),
      costCanvas,
      h("figcaption", {}, "Cost J per epoch: training (solid), test (dashed)."),
    ),
    h("figure", {}, spaceCanvas, spaceCaption),
  );
  const bar = h(
    "div",
    { class: "lr2nn-pg-bar" },
    controls.reset,
    controls.play,
    controls.step,
    epochText,
    costText,
  );
  root.replaceChildren(h("div", { class: "lr2nn-pg" }, bar, controls.element, status, views));
  root.setAttribute("data-playground", "");
  root.setAttribute("data-state", "live");

  let playing = false;
  let raf = 0;
  let redraws = 0;
  let detachedSince = 0;
  const stats = { frames: 0, stepMs: 0, drawMs: 0, worstMs: 0 };

  const setPlaying = (on: boolean) => {
    playing = on;
    controls.play.textContent = on ? "‖ Pause" : "▶ Play";
    controls.play.setAttribute("data-action", on ? "pause" : "play");
    controls.play.setAttribute("aria-pressed", String(on));
    root.setAttribute("data-playing", String(on));
    if (on && !raf) raf = requestAnimationFrame(frame);
  };

  function frame(): void {
    raf = 0;
    if (root.lr2nnPlayground !== controller) return; // destroyed, or mounted again
    if (!root.isConnected) {
      // Gone from the page (the cell re-ran or the output was cleared): wait a while, then stop for good.
      detachedSince ||= Date.now();
      if (Date.now() - detachedSince < 60_000)
        setTimeout(() => !raf && (raf = requestAnimationFrame(frame)), 1000);
      return;
    }
    detachedSince = 0;
    const t0 = performance.now();
    if (playing) {
      const speed = session.settings.speed;
      session.step(speed > 0 ? speed : 1e9, t0 + BUDGET_MS, () => performance.now());
      if (session.failure) {
        status.textContent = `Training stopped: ${session.failure}`;
        setPlaying(false);
      }
    }
    const t1 = performance.now();
    draw();
    const t2 = performance.now();
    stats.frames += 1;
    stats.stepMs += t1 - t0;
    stats.drawMs += t2 - t1;
    stats.worstMs = Math.max(stats.worstMs, t2 - t0);
    if (playing) raf = requestAnimationFrame(frame);
  }

  const later = () => {
    if (!raf) raf = requestAnimationFrame(frame);
  };

  function draw(): void {
    const maps = session.planeMaps(STEPS);
    const L = session.net.numLayers;
    drawDecision(maps);
    drawNetwork(maps.A.map((A) => A.data));
    drawSpace();
    drawCosts(size(costCanvas, MAIN, 110), session.trainCosts, session.testCosts, MAIN, 110);
    const test = session.testCosts[session.testCosts.length - 1];
    epochText.textContent = `Epoch ${session.epoch}`;
    costText.textContent = session.epoch
      ? `cost: training ${session.cost.toFixed(4)}, test ${(test as number).toFixed(4)}`
      : "cost: not trained yet";
    redraws += 1;
    root.setAttribute("data-epoch", String(session.epoch));
    root.setAttribute("data-loss", String(session.cost));
    root.setAttribute("data-test-loss", String(test ?? NaN));
    root.setAttribute("data-redraws", String(redraws));
  }

  function drawDecision(maps: PlaneMaps): void {
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

  function drawNetwork(A: Float64Array[]): void {
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

  function drawSpace(): void {
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

  function rebuild(): void {
    let opts;
    try {
      opts = checkPlaygroundOptions(controls.read());
    } catch (e) {
      status.textContent = e instanceof Error ? e.message.replace(/^playground: /, "") : String(e);
      return;
    }
    session = new PlaygroundSession(opts);
    status.textContent = "";
    later();
  }

  function live(name: string): void {
    const o = controls.read();
    try {
      if (name === "learningRate") session.setLearningRate(o.learningRate as number);
      else if (name === "lambda") session.setLambda(o.lambda as number);
      else if (name === "optimizer") session.setOptimizer(o.optimizer as string);
      else if (name === "batchSize") session.setBatchSize(o.batchSize as number);
      else if (name === "speed") session.settings.speed = checkPlaygroundOptions(o).speed;
      status.textContent = "";
    } catch (e) {
      status.textContent = e instanceof Error ? e.message.replace(/^playground: /, "") : String(e);
    }
  }

  for (const [name, el] of controls.inputs)
    el.addEventListener(el.tagName === "SELECT" ? "change" : "input", () => {
      if (name === "data")
        (controls.inputs.get("noise") as HTMLInputElement).value = String(
          DEFAULT_NOISE[controls.inputs.get("data")!.value] ?? 0.1,
        );
      if (REBUILD.includes(name)) rebuild();
      else live(name);
    });
  for (const box of controls.features.values()) box.addEventListener("change", rebuild);
  controls.play.addEventListener("click", () => setPlaying(!playing));
  controls.step.addEventListener("click", () => controller.step(1));
  controls.reset.addEventListener("click", () => controller.reset());

  const controller: PlaygroundController = {
    session: () => session,
    play: () => setPlaying(true),
    pause: () => setPlaying(false),
    step(epochs = 1) {
      session.step(epochs);
      if (session.failure) status.textContent = `Training stopped: ${session.failure}`;
      later();
    },
    reset: rebuild,
    stats(reset = false) {
      const copy = { ...stats };
      if (reset) Object.assign(stats, { frames: 0, stepMs: 0, drawMs: 0, worstMs: 0 });
      return copy;
    },
    destroy() {
      playing = false;
      if (raf) cancelAnimationFrame(raf);
      raf = 0;
      if (root.lr2nnPlayground === controller) delete root.lr2nnPlayground;
    },
  };
  root.lr2nnPlayground = controller;
  setPlaying(false);
  draw();
  return controller;
}

/** The bundle's version, for a page that wants to know which trainer it loaded. */
export const version = "1";
