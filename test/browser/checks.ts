/**
 * Per-notebook extra checks for the browser test (test/browser/run.ts), run after every cell has executed
 * and every chart has drawn. Add an entry keyed by the notebook's file name or its number prefix ("07-"); the
 * function receives the playwright Page of the open notebook and throws to fail the test.
 */
import type { Page } from "playwright-core";
import { CHART_SELECTOR } from "./frontend";
import { expectLivePlayground, expectPlaygroundShown } from "./playground-checks";

/**
 * Throws to fail; may return what it measured (printed beside the chapter's line). `reload`, where the run
 * offers it, saves the notebook and reloads the page (the kernel keeps running).
 */
export type NotebookCheck = (
  page: Page,
  ctx?: { reload?: () => Promise<void> },
) => Promise<void | string>;

/** Notebook name (or prefix) → extra check. */
export const extraChecks: Record<string, NotebookCheck> = {
  // "07-": (page) => expectAnimation(page, { minFrames: 10 }),
  // 06 and 08: the live trainer (issue #24) — the page's costs equal Node's, play / pause / a new learning
  // rate + reset, the speeds, the keyboard (test/browser/playground-checks.ts).
  // After a save and a reload the output is never a blank box: the trainer comes back, or its snapshot shows.
  "06-": async (page, ctx) => {
    const live = await expectLivePlayground(page);
    if (!ctx?.reload) return live;
    await ctx.reload();
    return `${live}; after a reload: ${await expectPlaygroundShown(page)}`;
  },
  // 08: the decision boundary animated over training — frames exist, Play moves the slider and the heatmap.
  "08-": async (page) => {
    await expectPlayingAnimation(page, { minFrames: 20 });
    return expectLivePlayground(page);
  },
};

/** The checks that apply to a notebook: every key that its name starts with. */
export function checksFor(notebook: string): NotebookCheck[] {
  return Object.entries(extraChecks)
    .filter(([key]) => notebook.startsWith(key))
    .map(([, check]) => check);
}

/** What the page knows about one drawn chart. */
export interface ChartInfo {
  id: string;
  /** plotly drew it: `svg.main-svg` with child elements. */
  drawn: boolean;
  /** Number of animation frames plotly holds for it. */
  frames: number;
  /** Whether it has a slider (plotly's `g.slider-container`). */
  slider: boolean;
  /** "html": the lib's div.lr2nn-chart; "mime": drawn by plotly's JupyterLab extension from the MIME type. */
  kind: "html" | "mime";
  /** The text it shows instead of a chart (the placeholder, or why plotly.js could not be loaded). */
  message: string;
}

/** Every chart on the page (`CHART_SELECTOR`), in order. Charts without an id get one (`lr2nn-mime-chart-k`). */
export async function charts(page: Page): Promise<ChartInfo[]> {
  return page.$$eval(CHART_SELECTOR, (divs) =>
    divs.map((div, k) => {
      if (!div.id) div.id = `lr2nn-mime-chart-${k}`;
      const svg = div.querySelector("svg.main-svg");
      // plotly keeps an animation's frames on the div (_transitionData._frames).
      const gd = div as HTMLElement & { _transitionData?: { _frames?: unknown[] } };
      return {
        id: div.id,
        drawn: !!svg && svg.childElementCount > 0,
        frames: gd._transitionData?._frames?.length ?? 0,
        slider: !!div.querySelector("g.slider-container"),
        kind: div.classList.contains("lr2nn-chart") ? ("html" as const) : ("mime" as const),
        message: svg ? "" : (div.querySelector("p")?.textContent ?? "").slice(0, 300),
      };
    }),
  );
}

/**
 * Fails unless some chart is an animation: at least `minFrames` plotly frames and a slider. With `play`,
 * also presses its first Play button and checks that the slider moves.
 */
export async function expectAnimation(
  page: Page,
  opts: { minFrames?: number; play?: boolean } = {},
): Promise<void> {
  const minFrames = opts.minFrames ?? 2;
  const list = await charts(page);
  const anim = list.find((c) => c.frames >= minFrames && c.slider);
  if (!anim) {
    const seen = list
      .map((c) => `${c.id}: ${c.frames} frames${c.slider ? ", slider" : ""}`)
      .join("; ");
    throw new Error(
      `no animated chart with ≥ ${minFrames} frames and a slider (charts: ${seen || "none"})`,
    );
  }
  if (!opts.play) return;
  const chart = page.locator(`[id="${anim.id}"]`);
  const gripX = () =>
    chart
      .locator("g.slider-grip, rect.slider-grip-rect")
      .first()
      .boundingBox()
      .then((b) => b?.x ?? 0);
  const before = await gripX();
  await chart.locator("g.updatemenu-button").first().click();
  await page.waitForTimeout(1500);
  if ((await gripX()) === before)
    throw new Error(`chart ${anim.id}: pressing Play did not move the slider`);
}

/** What an animated chart shows right now: its frame count, the slider's active step, and a digest of the heatmap. */
interface AnimationState {
  id: string;
  frames: number;
  active: number;
  zSum: number;
}

async function animationStates(page: Page): Promise<AnimationState[]> {
  return page.$$eval(CHART_SELECTOR, (divs) =>
    divs
      .map((div) => {
        const gd = div as HTMLElement & {
          _transitionData?: { _frames?: unknown[] };
          layout?: { sliders?: { active?: number }[] };
          // plotly's decoded copy of the data: packed (base64) arrays come out as typed arrays.
          _fullData?: { type?: string; z?: ArrayLike<number>[] }[];
        };
        const z = gd._fullData?.find((t) => t.type === "heatmap")?.z ?? [];
        let zSum = 0;
        for (const row of Array.from(z)) for (const v of Array.from(row)) zSum += v;
        return {
          id: div.id,
          frames: gd._transitionData?._frames?.length ?? 0,
          active: gd.layout?.sliders?.[0]?.active ?? -1,
          zSum,
        };
      })
      .filter((s) => s.frames > 0),
  );
}

/**
 * Fails unless some chart holds at least `minFrames` plotly frames and a slider, and pressing its Play button
 * moves the slider's active step AND changes the heatmap being shown (the animation really plays).
 */
export async function expectPlayingAnimation(
  page: Page,
  opts: { minFrames?: number } = {},
): Promise<void> {
  const minFrames = opts.minFrames ?? 2;
  const before = (await animationStates(page)).find((s) => s.frames >= minFrames && s.active >= 0);
  if (!before) {
    const seen = (await animationStates(page))
      .map((s) => `${s.id}: ${s.frames} frames, slider ${s.active}`)
      .join("; ");
    throw new Error(
      `no chart with ≥ ${minFrames} animation frames and a slider (animated charts: ${seen || "none"})`,
    );
  }
  const chart = page.locator(`[id="${before.id}"]`);
  await chart.scrollIntoViewIfNeeded();
  await chart.locator("g.updatemenu-button").first().click();
  await page.waitForTimeout(2000);
  const after = (await animationStates(page)).find((s) => s.id === before.id);
  if (!after || after.active === before.active) {
    throw new Error(
      `chart ${before.id}: pressing Play left the slider at step ${before.active} (of ${before.frames})`,
    );
  }
  if (after.zSum === before.zSum)
    throw new Error(`chart ${before.id}: the slider moved but the heatmap did not change`);
}
