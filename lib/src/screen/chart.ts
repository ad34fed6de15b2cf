/**
 * Charts in the notebook with plotly.js, offline: how a figure reaches the screen.
 *
 * Each chart is ONE output carrying two representations, as plotly.py's `plotly_mimetype+notebook` renderer
 * sends them, and each frontend shows the one it renders best:
 * - `application/vnd.plotly.v1+json` (the figure as JSON): drawn natively by VS Code's notebooks and by
 *   JupyterLab with plotly's extension (pip `plotly` installs `jupyterlab-plotly`);
 * - `text/html` everywhere else (classic Notebook, JupyterLab without the extension, nbconvert): a
 *   `<div class="lr2nn-chart">` holding placeholder text, and a small `<script>` that draws into it with plotly.js.
 *
 * The HTML does not carry plotly.js (4.8 MB): each chart's script loads it once per page from the Jupyter
 * server that serves the notebook (`<base_url>files/<path from the server root>/node_modules/plotly.js-dist-min/
 * plotly.min.js`; the page's own login cookie authenticates it), so a chart draws after a page reload, in a
 * reopened notebook, in a second tab on the same kernel, and in a saved notebook opened later, and saved
 * notebooks stay small. Charts that render before plotly.js has arrived queue themselves in
 * `window.__lr2nnCharts` (a page that loads plotly.js itself, e.g. a static site, may set
 * `window.LR2NN_PLOTLY_URL` or load it first). Where scripts do not run (an untrusted notebook) the placeholder
 * says what to do; where plotly.js cannot be loaded the script replaces it with the cause and the fix.
 *
 * Values travel packed: a trace's numeric x, y and z go as base64 float32 (`packValues`), as plotly.py sends
 * numpy arrays.
 *
 * This module is the charts' transport: it shows any figure (`show(figure)`, or raw traces with
 * `plot(data, layout)`). The helpers that build figures live in `figures` (curves, lines, heatmaps, bars),
 * `surfaces` (contours, 3-D surfaces, level surfaces) and `plane` (2-D data by class, probability maps, grids of
 * charts); `plot` gathers them all.
 * This module sits at the edge: the math modules never import it.
 */
import { homedir } from "node:os";
import { isAbsolute, relative, sep } from "node:path";
import type { ColorScale, Config, Data, Frame, Layout } from "plotly.js";
import { lastTrainingFailure } from "../models/divergence";
import { showBundle, type MimeBundle } from "./display";

export type { ColorScale, Config, Data, Frame, Layout };

/** A plotly figure: traces, layout, config and (for animations) frames. */
export interface Figure {
  data: Data[];
  layout?: Partial<Layout>;
  config?: Partial<Config>;
  frames?: Partial<Frame>[];
}

/** plotly's own MIME type for a figure as JSON (what plotly.py sends; VS Code and jupyterlab-plotly render it). */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/**
 * Text a learner sees where the chart's script did not run. (When the script runs but cannot load plotly.js, it
 * replaces this text with `NO_PLOTLY`.)
 */
export const PLACEHOLDER =
  "📈 This chart has not been drawn: its script did not run. Run this cell to draw it. (Charts are drawn by " +
  "JavaScript, which Jupyter runs only in trusted outputs: outputs of cells you ran in this session, or a notebook " +
  "you saved yourself. To draw the charts of a notebook you did not run, trust it: classic Notebook File ▸ Trust " +
  "Notebook, JupyterLab command palette ▸ Trust Notebook.)";

/** What the chart says when its script ran but no plotly.js could be loaded (the URLs it tried follow it). */
export const NO_PLOTLY =
  "📈 This chart could not be drawn: plotly.js, the library that draws it, could not be loaded from this Jupyter " +
  "server, which serves files only from the folder it was started in. Start Jupyter from the course folder with " +
  "`npm start` (it serves node_modules/plotly.js-dist-min), then reload this page.";

let chartCounter = 0;

/** The plotly.js bundle the charts load (plotly.js-dist-min), as an absolute file path. */
export function plotlyBundleFile(): string {
  return require.resolve("plotly.js-dist-min");
}

/**
 * The bundle's path as the chart's script receives it: "/"-separated, relative to the home folder when it lies
 * inside it (saved notebooks then do not carry the user's name), else absolute without the leading "/". The
 * script tries its tails from `node_modules/…` upwards as paths from the server's root.
 */
export function plotlyPath(file: string = plotlyBundleFile()): string {
  const home = homedir();
  const inHome =
    home && !relative(home, file).startsWith("..") && !isAbsolute(relative(home, file));
  const path = inHome ? relative(home, file) : file;
  return path
    .split(sep)
    .join("/")
    .replace(/^[A-Za-z]:/, "")
    .replace(/^\/+/, "");
}

/** JSON text that is safe inside a `<script>` (no `</script>`, no HTML comment openers). */
function scriptJson(json: string): string {
  return json.replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

/**
 * The page-wide loader, shared by every chart (the first chart to run defines it): loads plotly.js once per page
 * with a `<script src>`, trying `window.LR2NN_PLOTLY_URL`, then the URL that worked last time on this server
 * (localStorage), then `<base_url>files/<tail of path>` for each tail of the bundle's path; then runs the
 * queued charts. When every URL fails, each queued chart shows `NO_PLOTLY` and the URLs tried.
 */
const LOADER = `function(path,noPlotly){
var w=window;if(w.__lr2nnLoading)return;w.__lr2nnLoading=true;
var base="/";try{var c=document.getElementById("jupyter-config-data");
if(c&&JSON.parse(c.textContent).baseUrl){base=JSON.parse(c.textContent).baseUrl;}
else if(document.body&&document.body.getAttribute("data-base-url")){base=document.body.getAttribute("data-base-url");}}catch(e){}
if(base.charAt(base.length-1)!=="/"){base+="/";}
var urls=[],key="lr2nn.plotlyUrl",seg=path.split("/"),i=seg.lastIndexOf("node_modules");
function add(u){if(u&&urls.indexOf(u)<0){urls.push(u);}}
add(w.LR2NN_PLOTLY_URL);try{add(w.localStorage.getItem(key));}catch(e){}
for(i=(i<0?seg.length-1:i);i>=0;i--){add(base+"files/"+seg.slice(i).map(encodeURIComponent).join("/"));}
function run(){var q=w.__lr2nnCharts||[];w.__lr2nnCharts=[];for(var j=0;j<q.length;j++){try{q[j]();}catch(e){console.error(e);}}}
function fail(){w.__lr2nnLoading=false;var q=w.__lr2nnCharts||[];w.__lr2nnCharts=[];
for(var j=0;j<q.length;j++){var d=document.getElementById(q[j].lr2nnId);if(d){var p=document.createElement("p");
p.style.cssText="color:#a15c00;font-family:sans-serif;padding:8px;border:1px dashed #a15c00";
p.textContent=noPlotly+" (Tried: "+urls.join(", ")+")";d.innerHTML="";d.appendChild(p);}}}
var k=0;function next(){if(w.Plotly){w.__lr2nnLoading=false;run();return;}
if(k>=urls.length){fail();return;}var url=urls[k++],s=document.createElement("script");s.src=url;
s.onload=function(){if(w.Plotly){try{w.localStorage.setItem(key,url);}catch(e){}w.__lr2nnLoading=false;run();}else{next();}};
s.onerror=function(){if(s.parentNode){s.parentNode.removeChild(s);}next();};document.head.appendChild(s);}
next();}`.replace(/\n/g, "");

/** The complete figure a chart draws: its data, and the layout and config with the course's defaults. */
function fullFigure(fig: Figure): Figure & { layout: Partial<Layout> } {
  const height = typeof fig.layout?.height === "number" ? fig.layout.height : 420;
  const full: Figure & { layout: Partial<Layout> } = {
    data: fig.data,
    layout: { height, margin: { t: 50, r: 30, b: 50, l: 60 }, ...fig.layout },
    config: { responsive: true, displaylogo: false, ...fig.config },
  };
  if (fig.frames) full.frames = fig.frames;
  return full;
}

/** A numeric array in plotly's typed-array form (plotly.js ≥ 2.28 decodes it; plotly.py sends numpy arrays so). */
export interface PackedArray {
  dtype: "f4";
  /** The values as little-endian float32, base64. */
  bdata: string;
  /** "n", or "rows,cols" for a matrix (row-major). */
  shape: string;
}

/** Arrays shorter than this stay plain JSON (readable, and not worth packing). */
export const PACK_MIN_VALUES = 16;

/** Numbers, with null for a gap (plotly leaves a gap for null, and for NaN in a typed array). */
const isNumberArray = (v: unknown): v is (number | null)[] =>
  Array.isArray(v) && v.every((x) => typeof x === "number" || x === null);

/**
 * A trace's x, y or z values as base64 float32 when they are numbers (a vector, or z as a matrix of equal rows)
 * with at least `PACK_MIN_VALUES` values; anything else unchanged. A null (a gap) becomes NaN, also a gap. A chart needs no more than float32's 7
 * significant digits, and a saved notebook stores about 5 characters per value instead of about 20 (nbformat
 * writes plain JSON arrays one number per indented line).
 */
export function packValues(v: unknown): unknown {
  if (!Array.isArray(v) || v.length === 0) return v;
  let flat: (number | null)[];
  let shape: string;
  if (isNumberArray(v)) {
    flat = v;
    shape = String(v.length);
  } else if (v.every((row) => isNumberArray(row) && row.length === (v[0] as number[]).length)) {
    flat = (v as (number | null)[][]).flat();
    shape = `${v.length},${(v[0] as number[]).length}`;
  } else return v;
  if (flat.length < PACK_MIN_VALUES) return v;
  const f32 = Float32Array.from(flat, (x) => (x === null ? NaN : x));
  const bdata = Buffer.from(f32.buffer, f32.byteOffset, f32.byteLength).toString("base64");
  const packed: PackedArray = { dtype: "f4", bdata, shape };
  return packed;
}

/** A figure with every trace's (and every animation frame's) x, y and z packed (see `packValues`). */
export function packFigure<F extends Figure>(fig: F): F {
  const packTrace = (t: Data): Data => {
    const out: Record<string, unknown> = { ...(t as Record<string, unknown>) };
    for (const key of ["x", "y", "z"]) if (key in out) out[key] = packValues(out[key]);
    return out as Data;
  };
  const packed: F = { ...fig, data: fig.data.map(packTrace) };
  if (fig.frames)
    packed.frames = fig.frames.map((f) => (f.data ? { ...f, data: f.data.map(packTrace) } : f));
  return packed;
}

/**
 * The HTML of one chart: a div with placeholder text, and the script that draws into it (loading plotly.js from
 * the Jupyter server first when the page has none).
 */
export function chartHtml(fig: Figure, id?: string): string {
  const full = fullFigure(fig);
  return htmlOf(JSON.stringify(packFigure(full)), full.layout.height as number, id);
}

function htmlOf(
  json: string,
  height: number,
  id = `lr2nn-chart-${Date.now().toString(36)}-${++chartCounter}`,
): string {
  return (
    `<div class="lr2nn-chart" id="${id}" style="width:100%;min-height:${height}px">` +
    `<p style="color:#a15c00;font-family:sans-serif;padding:8px;border:1px dashed #a15c00">${PLACEHOLDER}</p></div>\n` +
    `<script type="text/javascript">(function(){\n` +
    `var fig=${scriptJson(json)};\n` +
    `var id=${JSON.stringify(id)},tries=0;\n` +
    `function draw(){var el=document.getElementById(id);` +
    `if(!el){if(tries++<100){setTimeout(draw,50);}return;}` +
    `el.innerHTML="";window.Plotly.newPlot(el,fig);}\n` +
    `draw.lr2nnId=id;\n` +
    `if(window.Plotly){draw();return;}\n` +
    `(window.__lr2nnCharts=window.__lr2nnCharts||[]).push(draw);\n` +
    `(window.__lr2nnLoad=window.__lr2nnLoad||${LOADER})(${JSON.stringify(plotlyPath())},${JSON.stringify(NO_PLOTLY)});\n` +
    `})();</script>`
  );
}

/** A one-line description of a figure, for text-only views: "Chart: title (2 traces: heatmap, scatter)". */
export function chartText(fig: Figure): string {
  const title = fig.layout?.title;
  const text = typeof title === "string" ? title : title?.text;
  const types = [...new Set(fig.data.map((t) => (t as { type?: string }).type ?? "scatter"))];
  const n = fig.data.length;
  return `Chart${text ? `: ${text}` : ""} (${n} trace${n === 1 ? "" : "s"}: ${types.join(", ")})`;
}

/**
 * The output of one chart: plotly's JSON (`PLOTLY_MIME`, for frontends that render it natively), the HTML with
 * its drawing script (for the others), and a line of text. Both carry the figure with its values packed
 * (`packFigure`), so a saved chart costs about 10 characters per value in all.
 */
export function chartBundle(fig: Figure): MimeBundle {
  const full = fullFigure(fig);
  const json = JSON.stringify(packFigure(full));
  return {
    // Parsed back from the same text, so both carry exactly what is sent (e.g. no undefined fields).
    [PLOTLY_MIME]: JSON.parse(json) as unknown,
    "text/html": htmlOf(json, full.layout.height as number),
    "text/plain": chartText(fig),
  };
}

/** Shows a figure in the notebook: one output that every frontend can draw (see the module's comment). */
export function show(fig: Figure): void {
  const failed = lastTrainingFailure();
  if (failed)
    console.log(
      `ℹ the last training run did not finish (${failed.name}: ${failed.message.slice(0, 80)}…): ` +
        "if this chart shows its results, they are from an earlier run or empty; fix that cell and run it again",
    );
  showBundle(chartBundle(fig));
}

/** Shows raw plotly traces and layout. */
export function plot(
  data: Data[],
  layout: Partial<Layout> = {},
  config: Partial<Config> = {},
): void {
  show({ data, layout, config });
}
