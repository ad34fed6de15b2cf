/**
 * The notebook's screen: a thin layer over tslab's display, so the rest of the lib can show HTML, markdown
 * and LaTeX, one output in several MIME types at once (a chart: plotly's JSON and HTML), and update one output
 * in place (live training progress). Outside a tslab kernel (unit tests, scripts) output goes to a sink set with
 * `setDisplaySink`, or is printed as text.
 */

/** What a displayed output carries: its main MIME type and content (and, for a bundle, every MIME type). */
export interface DisplayItem {
  mime: "text/html" | "text/markdown" | "text/latex" | "text/plain";
  content: string;
  /** Set when the output replaces an earlier one in place (same id). */
  displayId?: string;
  /** An output sent with `showBundle`: every MIME type it carries (`mime`/`content` repeat the HTML or text). */
  data?: MimeBundle;
}

/** One output in several representations, keyed by MIME type; the frontend shows the richest it can render. */
export type MimeBundle = Record<string, unknown>;

/** The display_data content tslab's kernel sends (Jupyter's message format). */
interface DisplayData {
  data: MimeBundle;
  metadata: Record<string, unknown>;
  transient: Record<string, unknown>;
}

/** tslab's internal writer of display_data messages: set while a cell runs, null outside a kernel. */
type WriteDisplayData = (content: DisplayData, update: boolean) => void;

/** Receives everything the lib displays; set one in tests to capture output. */
export type DisplaySink = (item: DisplayItem) => void;

interface TslabDisplay {
  html(s: string): void;
  markdown(s: string): void;
  latex(s: string): void;
  text(s: string): void;
}

interface TslabModule {
  display: TslabDisplay;
  newDisplay(): TslabDisplay;
}

let sink: DisplaySink | null = null;
let tslabCache: TslabModule | null = null;

/** Routes all display output to `fn` (or back to tslab with `null`). */
export function setDisplaySink(fn: DisplaySink | null): void {
  sink = fn;
}

/** True when running inside a tslab kernel that can show rich output. */
export function inNotebook(): boolean {
  return tslab() !== null;
}

function tslab(): TslabModule | null {
  // tslab's display throws "Not ready" outside a running kernel; its jupyter module says whether one runs.
  if (!tslabJupyter()?.lastWriteDisplayData) return null;
  try {
    // Required lazily so the lib also loads where tslab is absent (plain Node, tests).
    tslabCache ??= require("tslab") as TslabModule;
  } catch {
    return null;
  }
  return tslabCache;
}

/**
 * tslab's internal module `tslab/dist/jupyter` (tslab is pinned at 1.0.22): its `lastWriteDisplayData` sends one
 * display_data with any MIME types; tslab's public `display` sends one type per output. Null where it is missing.
 */
export function tslabJupyter(): { lastWriteDisplayData?: WriteDisplayData | null } | null {
  try {
    return require("tslab/dist/jupyter") as { lastWriteDisplayData?: WriteDisplayData | null };
  } catch {
    return null;
  }
}

function send(target: TslabDisplay | null, item: DisplayItem): void {
  if (sink) {
    sink(item);
    return;
  }
  if (target) {
    if (item.mime === "text/html") target.html(item.content);
    else if (item.mime === "text/markdown") target.markdown(item.content);
    else if (item.mime === "text/latex") target.latex(item.content);
    else target.text(item.content);
    return;
  }
  // Plain Node: print what a person can read.
  if (item.mime !== "text/html") console.log(item.content);
  else console.log(`[html output, ${item.content.length} characters]`);
}

/** Shows HTML in the notebook. */
export function showHtml(html: string): void {
  send(tslab()?.display ?? null, { mime: "text/html", content: html });
}

/**
 * Shows one output carrying several MIME types (e.g. plotly's JSON and HTML), as plotly.py does: each frontend
 * renders the richest type it knows. Needs `text/html` or `text/plain` as the fallback. Sent through tslab's
 * internal writer; where that is missing, only the HTML (or text) is shown.
 */
export function showBundle(data: MimeBundle): void {
  const html = data["text/html"];
  const text = data["text/plain"];
  const main: DisplayItem =
    typeof html === "string"
      ? { mime: "text/html", content: html }
      : { mime: "text/plain", content: String(text ?? "") };
  if (sink) {
    sink({ ...main, data });
    return;
  }
  const t = tslab();
  const write = t ? tslabJupyter()?.lastWriteDisplayData : null;
  if (typeof write === "function") {
    write({ data, metadata: {}, transient: {} }, false);
    return;
  }
  send(t?.display ?? null, main);
}

/** Shows markdown (with `$…$` LaTeX) in the notebook. */
export function showMarkdown(md: string): void {
  send(tslab()?.display ?? null, { mime: "text/markdown", content: md });
}

/** Shows a LaTeX formula (give it without surrounding `$$`). */
export function showLatex(tex: string): void {
  send(tslab()?.display ?? null, { mime: "text/latex", content: `$$${tex}$$` });
}

/** One output that can be replaced in place, e.g. a progress line updated every epoch. */
export interface LiveOutput {
  html(html: string): void;
  text(text: string): void;
}

let liveCounter = 0;

/** A new output area that each call overwrites (tslab's `newDisplay`). */
export function liveOutput(): LiveOutput {
  const t = tslab();
  const target = t ? t.newDisplay() : null;
  const displayId = `live-${++liveCounter}`;
  return {
    html: (html) => send(target, { mime: "text/html", content: html, displayId }),
    text: (text) => send(target, { mime: "text/plain", content: text, displayId }),
  };
}

/** Escapes text for safe inclusion in HTML. */
export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}

/** An HTML table from a header row and body rows (numbers formatted to `digits`). */
export function htmlTable(header: string[], rows: (string | number)[][], digits = 4): string {
  const cell = (v: string | number) => {
    if (typeof v !== "number") return escapeHtml(v);
    if (Number.isInteger(v)) return String(v);
    const text = v.toFixed(digits);
    return /^-0\.?0*$/.test(text) ? text.slice(1) : text; // −0.00001 rounds to "-0.0000": show "0.0000"
  };
  const head = `<tr>${header.map((h) => `<th style="text-align:right">${escapeHtml(h)}</th>`).join("")}</tr>`;
  const body = rows
    .map((r) => `<tr>${r.map((v) => `<td style="text-align:right">${cell(v)}</td>`).join("")}</tr>`)
    .join("");
  return `<table>${head}${body}</table>`;
}

/** Shows a table (see `htmlTable`). */
export function showTable(header: string[], rows: (string | number)[][], digits = 4): void {
  showHtml(htmlTable(header, rows, digits));
}
