/**
 * What the browser test needs from a Jupyter frontend (the classic Notebook, JupyterLab): open a notebook, run
 * all its cells the way a learner does, read its errors, save it, close it. Implemented in classic.ts and lab.ts.
 */
import type { BrowserContext, Page } from "playwright-core";
import type { Server } from "./server";

/** How a run of all cells ended. */
export interface RunResult {
  /** Non-empty code cells. */
  total: number;
  /** Cells that finished. */
  ran: number;
  timedOut: boolean;
}

export interface Frontend {
  /** "classic", "lab", "lab+plotly": the name printed on every line. */
  name: string;
  server: Server;
  /** A new browser tab. */
  newPage(context: BrowserContext): Promise<Page>;
  /** Opens the notebook (a path from the server's root) and waits until its kernel is idle. */
  open(page: Page, path: string): Promise<{ pageSeconds: number; kernelSeconds: number }>;
  /** Reloads the page (the kernel keeps running) and waits until the notebook is back, its kernel idle. */
  reload(page: Page, path: string): Promise<void>;
  /**
   * Closes the notebook and opens it again, as a learner does: classic Notebook, the browser tab; JupyterLab,
   * the notebook's tab inside JupyterLab. Returns the page now showing it.
   */
  closeAndReopen(page: Page, path: string): Promise<Page>;
  /** Runs all cells (Run All) and waits until every one has finished, or an error stopped the run. */
  runAll(page: Page, timeoutMs: number): Promise<RunResult>;
  /** The kernel the open notebook is connected to. */
  kernelId(page: Page, path: string): Promise<string | null>;
  /** Error and stderr outputs, as "cell N: text". */
  errors(page: Page): Promise<string[]>;
  /** Saves the notebook (as File ▸ Save does). */
  save(page: Page, path: string): Promise<void>;
  /** Whether the notebook's outputs are trusted (scripts in them run). */
  trusted(page: Page, path: string): Promise<boolean>;
  /** A screenshot of the whole notebook. */
  screenshot(page: Page, file: string): Promise<void>;
}

/** Every chart on the page: the lib's HTML charts, and charts that plotly's JupyterLab extension rendered from its MIME type. */
export const CHART_SELECTOR = "div.lr2nn-chart, div.jp-RenderedPlotly";
