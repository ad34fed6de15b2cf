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
import { PlaygroundSession } from "../src/screen/playground-session";
import {
  checkPlaygroundOptions,
  DEFAULT_NOISE,
  type PlaygroundOptions,
} from "../src/screen/playground-options";
import { buildControls, h, REBUILD, type Controls } from "./controls";
import { drawCosts } from "./draw";
import { drawDecision, drawNetwork, drawSpace, MAIN, SPACE, size, STEPS } from "./views";

/** Milliseconds of training per frame at most. */
const BUDGET_MS = 10;
/** A frame this long or longer counts as slow in `stats()` (a smooth animation needs about 17 ms). */
const SLOW_FRAME_MS = 50;

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
  stats(reset?: boolean): {
    frames: number;
    stepMs: number;
    drawMs: number;
    worstMs: number;
    /** Frames that took 50 ms or more (a page that blocks would have many; a preempted one has a few). */
    slowFrames: number;
  };
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
  const netCanvas = canvas(200, 60, "each unit's output over the plane");
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
  const stats = { frames: 0, stepMs: 0, drawMs: 0, worstMs: 0, slowFrames: 0 };

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
    if (t2 - t0 >= SLOW_FRAME_MS) stats.slowFrames += 1;
    if (playing) raf = requestAnimationFrame(frame);
  }

  const later = () => {
    if (!raf) raf = requestAnimationFrame(frame);
  };

  function draw(): void {
    const maps = session.planeMaps(STEPS);
    const L = session.net.numLayers;
    drawDecision(mainCanvas, session, maps);
    drawNetwork(
      netCanvas,
      session,
      maps.A.map((A) => A.data),
    );
    drawSpace(spaceCanvas, spaceCaption, session);
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

  /** Applies a change of an option that needs no new network; an empty box waits for a value. */
  function live(name: string): void {
    const o = controls.read();
    if (o[name as keyof PlaygroundOptions] === undefined) return;
    try {
      if (name === "learningRate") session.setLearningRate(o.learningRate as number);
      else if (name === "lambda") session.setLambda(o.lambda as number);
      else if (name === "optimizer") session.setOptimizer(o.optimizer as string);
      else if (name === "batchSize") session.setBatchSize(o.batchSize as number);
      else if (name === "speed")
        session.settings.speed = checkPlaygroundOptions({ speed: o.speed }).speed;
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
      if (reset)
        Object.assign(stats, { frames: 0, stepMs: 0, drawMs: 0, worstMs: 0, slowFrames: 0 });
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
