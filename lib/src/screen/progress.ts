/**
 * Training that shows itself in the notebook: one line that updates in place while the loop runs
 * (epoch, iteration, cost, elapsed time, a small cost sparkline), redrawn at most ~10 times a second so the
 * output is never flooded, then the loss curve as a chart when training ends. If training diverges, the same
 * place shows why (the epoch, the iteration, and what to try).
 *
 * Works with any `Trainable` through `train`'s `onProgress`:
 *
 *   const live = liveTraining({ title: "logistic regression" });
 *   const history = train(model, X, y, { epochs: 300, onProgress: live.onProgress });
 *   live.done(history);
 *
 * or in one call, `trainWithProgress(model, X, y, { epochs: 300, title: "…" })`.
 * An edge module (imports display and plot); the math never imports it. Taught in: 05 (used from there on).
 */
import { escapeHtml, liveOutput } from "./display";
import type { Matrix } from "../core/matrix";
import { plotLines } from "./plot";
import type { Features } from "../core/sparse";
import {
  train,
  TrainingDivergedError,
  type ProgressInfo,
  type TrainHistory,
  type TrainOptions,
  type Trainable,
} from "../models/train";

/** Options of `liveTraining`. */
export interface LiveTrainingOptions {
  /** Shown above the progress line and on the loss curve. */
  title?: string;
  /** Least time between two redraws of the progress line, in ms; default 100 (at most ~10 redraws a second). */
  minIntervalMs?: number;
  /** Draw the loss curve when training ends (default true). */
  chart?: boolean;
  /** Cost axis of the loss curve on a log scale (default false). */
  logY?: boolean;
  /** The clock, in ms (default `Date.now`); tests pass a fake one. */
  now?: () => number;
}

/** A live training display: pass `onProgress` to `train`, then call `done` (or `fail`). */
export interface LiveTraining {
  /** Give this to `train` (it records the cost and redraws the line when enough time has passed). */
  readonly onProgress: (info: ProgressInfo) => void;
  /** Training finished: the final line, then the loss curve. */
  done(history: TrainHistory): void;
  /** Training stopped with an error: the line shows the message (a divergence also shows the curve so far). */
  fail(error: unknown): void;
  /** How many times the progress line has been drawn so far. */
  readonly redraws: number;
}

/** Up to `max` evenly spaced values of `ys` (keeping the last), for a sparkline. */
function downsample(ys: number[], max: number): number[] {
  if (ys.length <= max) return ys;
  const out: number[] = [];
  for (let k = 0; k < max; k++)
    out.push(ys[Math.round((k * (ys.length - 1)) / (max - 1))] as number);
  return out;
}

/** A tiny inline SVG line of the costs so far (no scripts, so it shows even in an untrusted notebook). */
function sparkline(costs: number[], width = 160, height = 28): string {
  const ys = downsample(costs.filter(Number.isFinite), 120);
  if (ys.length < 2) return "";
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  const span = hi - lo || 1;
  const pts = ys
    .map(
      (y, k) =>
        `${((k / (ys.length - 1)) * width).toFixed(1)},${(height - 2 - ((y - lo) / span) * (height - 4)).toFixed(1)}`,
    )
    .join(" ");
  return `<svg width="${width}" height="${height}" style="vertical-align:middle;margin-left:10px"><polyline fill="none" stroke="#1f77b4" stroke-width="1.5" points="${pts}"/></svg>`;
}

function fmtCost(c: number): string {
  if (!Number.isFinite(c)) return String(c);
  return Math.abs(c) >= 1e4 || (c !== 0 && Math.abs(c) < 1e-4) ? c.toExponential(4) : c.toFixed(6);
}

function fmtSeconds(s: number): string {
  return s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`;
}

/** A live progress line for one training run (see the module comment for the three-line pattern). */
export function liveTraining(options: LiveTrainingOptions = {}): LiveTraining {
  const out = liveOutput();
  const now = options.now ?? Date.now;
  const minInterval = options.minIntervalMs ?? 100;
  const title = options.title ? `<b>${escapeHtml(options.title)}</b><br>` : "";
  const costs: number[] = [];
  let lastDraw = -Infinity;
  let redraws = 0;

  const draw = (body: string) => {
    out.html(
      `<div style="font-family:monospace;font-size:13px;line-height:1.6">${title}${body}</div>`,
    );
    redraws++;
  };
  const line = (info: ProgressInfo, state: string) =>
    `${state} epoch ${info.epoch}/${info.epochs} · iteration ${info.iteration} · cost ${fmtCost(info.cost)} · ` +
    `${fmtSeconds(info.seconds)}${sparkline(costs)}`;

  const live: LiveTraining = {
    onProgress(info) {
      costs.push(info.cost);
      const t = now();
      if (t - lastDraw < minInterval) return;
      lastDraw = t;
      const pct = info.epochs > 0 ? Math.round((100 * info.epoch) / info.epochs) : 100;
      draw(
        `<progress value="${pct}" max="100" style="width:160px;vertical-align:middle"></progress> ${line(info, "")}`,
      );
    },
    done(history) {
      const last = history.costs[history.costs.length - 1];
      costs.length = 0;
      costs.push(...history.costs);
      draw(
        `✓ done: ${history.epochs} epochs · ${history.iterations} iterations · final cost ${last === undefined ? "–" : fmtCost(last)} · ` +
          `${fmtSeconds(history.seconds)} · ${escapeHtml(history.optimizer)}${sparkline(costs)}`,
      );
      if ((options.chart ?? true) && history.costs.length > 0) {
        plotLines([{ name: "cost J", x: history.costs.map((_, k) => k + 1), y: history.costs }], {
          title: options.title ? `${options.title}: cost per epoch` : "Cost per epoch",
          xTitle: "epoch",
          yTitle: "cost J",
          height: 320,
          logY: options.logY,
        });
      }
    },
    fail(error) {
      const message = error instanceof Error ? error.message : String(error);
      draw(
        `<div style="color:#b00020;border-left:4px solid #b00020;padding:4px 10px;background:#fff4f4">✗ ${escapeHtml(message)}</div>`,
      );
      if (
        error instanceof TrainingDivergedError &&
        (options.chart ?? true) &&
        error.history.costs.length > 1
      ) {
        plotLines(
          [{ name: "cost J", x: error.history.costs.map((_, k) => k + 1), y: error.history.costs }],
          {
            title: "Cost per epoch until training stopped",
            xTitle: "epoch",
            yTitle: "cost J",
            height: 300,
          },
        );
      }
    },
    get redraws() {
      return redraws;
    },
  };
  return live;
}

/**
 * `train(model, X, Y, options)` with a live progress line and the loss curve at the end. If training
 * diverges, the message (epoch, iteration, a smaller learning rate to try) is shown in place of the progress
 * line, and the error is thrown on so the cells after it do not use a broken model.
 */
export function trainWithProgress(
  model: Trainable,
  X: Features,
  Y: Matrix,
  options: TrainOptions & LiveTrainingOptions,
): TrainHistory {
  const live = liveTraining(options);
  const userHook = options.onProgress;
  try {
    const history = train(model, X, Y, {
      ...options,
      onProgress: (info) => {
        live.onProgress(info);
        userHook?.(info);
      },
    });
    live.done(history);
    return history;
  } catch (err) {
    live.fail(err);
    throw err;
  }
}
