import { test, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { homedir } from "node:os";
import { join } from "node:path";
import { existsSync } from "node:fs";
import { runInNewContext } from "node:vm";
import { setDisplaySink, type DisplayItem } from "../../lib/src/screen/display";
import { Matrix } from "../../lib/src/core/matrix";
import { rng } from "../../lib/src/core/random";
import {
  CLASS_COLORS,
  NO_PLOTLY,
  PLACEHOLDER,
  PACK_MIN_VALUES,
  PLOTLY_MIME,
  barFigure,
  chartBundle,
  chartHtml,
  chartText,
  classTraces,
  contourFigure,
  decisionBoundaryFigure,
  functionFigure,
  gridFigure,
  HEATMAP_BLUES,
  heatmapFigure,
  isosurfaceFigure,
  isosurfaceTrace,
  linesFigure,
  trainTestFigure,
  linspace,
  plot,
  plotDecisionBoundary,
  plotFunction,
  plotGrid,
  plotIsosurface,
  packFigure,
  packValues,
  plotlyBundleFile,
  plotlyPath,
  sampleGrid,
  scatterByClassFigure,
  show,
  surfaceFigure,
  type Figure,
} from "../../lib/src/screen/plot";

let items: DisplayItem[] = [];
beforeEach(() => {
  items = [];
  setDisplaySink((item) => items.push(item));
});
afterEach(() => setDisplaySink(null));

const CHART = /<div class="lr2nn-chart" id="([^"]+)"[^>]*>/g;
const count = (s: string, re: RegExp): number => (s.match(re) ?? []).length;

/** The figure a chart's script will draw (its JSON is escaped for <script>, but still JSON). */
function figureOf(html: string): {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
  config: Record<string, unknown>;
} {
  const start = html.lastIndexOf("var fig=") + "var fig=".length;
  const end = html.indexOf(";\nvar id=", start);
  return JSON.parse(html.slice(start, end));
}

/** A small 2-D dataset: X 2×m, y 1×m. */
function blobs(m = 40): { X: Matrix; y: Matrix } {
  const r = rng(7);
  const X = Matrix.normal(2, m, r);
  const y = Matrix.zeros(1, m).map((_v, _i, j) => j % 2);
  return { X: X.add(y.scale(3)), y };
}

// -------------------------------------------------------------------------------------------- the HTML

test("each chart is ONE output carrying plotly's JSON, the HTML that draws it, and a line of text", () => {
  plotFunction(Math.sin, [0, 3], { title: "sine" });
  plot([{ type: "bar", x: ["a"], y: [1] }]);
  assert.equal(items.length, 2);
  for (const it of items) {
    assert.equal(it.mime, "text/html");
    assert.deepEqual(
      Object.keys(it.data ?? {}).sort(),
      [PLOTLY_MIME, "text/html", "text/plain"].sort(),
    );
    assert.equal(it.data!["text/html"], it.content);
    // The JSON (for VS Code and jupyterlab-plotly) and the HTML (for the rest) draw the same figure.
    assert.deepEqual(it.data![PLOTLY_MIME], figureOf(it.content));
  }
  assert.equal(items[0]!.data!["text/plain"], "Chart: sine (1 trace: scatter)");
  assert.equal(
    chartText({ data: [{ type: "heatmap" }, { type: "contour" }, {}] }),
    "Chart (3 traces: heatmap, contour, scatter)",
  );
});

test("no chart carries plotly.js: every one is small, however many come first", () => {
  for (let i = 0; i < 3; i++) plotFunction(Math.sin, [0, 3]);
  for (const it of items) assert.ok(it.content.length < 20_000, `${it.content.length} characters`);
  assert.ok(!items[0]!.content.includes("Copyright 2012"), "no plotly.js source inline");
});

/** The float32 values of a packed array. */
function unpack(p: { dtype: string; bdata: string; shape: string }): Float32Array {
  assert.equal(p.dtype, "f4");
  const buf = Buffer.from(p.bdata, "base64");
  return new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
}

test("packValues: numeric vectors and matrices become base64 float32 with their shape; the rest stays as it is", () => {
  const v = linspace(-1, 1, 40);
  const pv = packValues(v) as { dtype: string; bdata: string; shape: string };
  assert.equal(pv.shape, "40");
  assert.deepEqual(Array.from(unpack(pv)), v.map(Math.fround));
  const z = [linspace(0, 1, 20), linspace(1, 2, 20), linspace(2, 3, 20)];
  const pz = packValues(z) as { dtype: string; bdata: string; shape: string };
  assert.equal(pz.shape, "3,20", "rows,cols");
  assert.deepEqual(Array.from(unpack(pz)), z.flat().map(Math.fround));
  const short = [1, 2, 3];
  assert.equal(packValues(short), short, `fewer than ${PACK_MIN_VALUES} values stay plain`);
  const words = Array.from({ length: 30 }, (_, i) => `w${i}`);
  assert.equal(packValues(words), words);
  // A gap (null) becomes NaN, which plotly also leaves as a gap (e.g. between the digits of an image grid).
  const withNull = [...v, null];
  const pn = packValues(withNull) as { dtype: string; bdata: string; shape: string };
  assert.deepEqual(Array.from(unpack(pn)), [...v.map(Math.fround), NaN]);
  const mixed = [...v, "a"];
  assert.equal(packValues(mixed), mixed);
  const ragged = [linspace(0, 1, 20), linspace(0, 1, 19)];
  assert.equal(packValues(ragged), ragged);
});

test("packFigure packs x, y, z of traces and frames, leaves layout and text alone, and does not change its input", () => {
  const xs = linspace(0, 1, 50);
  const fig: Figure = {
    data: [{ type: "scatter", x: xs, y: xs, text: xs.map(String) }],
    layout: { xaxis: { range: [0, 1] } },
    frames: [{ name: "f", data: [{ y: xs }] }],
  };
  const packed = packFigure(fig);
  assert.equal((packed.data[0] as { x: { dtype: string } }).x.dtype, "f4");
  assert.equal((packed.frames![0]!.data![0] as { y: { dtype: string } }).y.dtype, "f4");
  assert.deepEqual((packed.data[0] as { text: string[] }).text, xs.map(String));
  assert.deepEqual(packed.layout, fig.layout);
  assert.equal((fig.data[0] as { x: number[] }).x, xs, "the caller's figure keeps its arrays");
  // A decision boundary (80×80 grid, twice) costs a fraction of its plain JSON.
  const { X, y } = blobs();
  const big = decisionBoundaryFigure(
    (p) => Matrix.zeros(1, p.cols).map((_v, _i, j) => (j % 7) / 7 + 1e-9 * j),
    X,
    y,
  );
  const plain = JSON.stringify(big).length;
  const small = JSON.stringify(packFigure(big)).length;
  assert.ok(small < plain / 3, `packed ${small} vs plain ${plain} characters`);
});

test("plotlyPath: the bundle's path from the home folder (no user name), or from / outside it", () => {
  assert.ok(existsSync(plotlyBundleFile()));
  assert.match(plotlyPath(), /(^|\/)node_modules\/plotly\.js-dist-min\/plotly\.min\.js$/);
  assert.ok(!plotlyPath().startsWith("/"));
  const inHome = join(homedir(), "course", "node_modules", "plotly.js-dist-min", "plotly.min.js");
  assert.equal(plotlyPath(inHome), "course/node_modules/plotly.js-dist-min/plotly.min.js");
  if (!homedir().startsWith("/opt")) {
    assert.equal(
      plotlyPath("/opt/c/node_modules/plotly.js-dist-min/plotly.min.js"),
      "opt/c/node_modules/plotly.js-dist-min/plotly.min.js",
    );
  }
});

/** A minimal page to run a chart's script in: which URLs it requested, what it drew, what each div says. */
interface FakePage {
  requested: string[];
  drawn: string[];
  text: Record<string, string>;
  window: Record<string, unknown>;
  run(html: string): void;
}

/**
 * `serves`: the one URL the fake server answers with plotly.js (null: none). `baseUrl` goes where JupyterLab
 * keeps it (#jupyter-config-data) or, with `classic`, where the classic Notebook does (body data-base-url).
 */
function fakePage(o: {
  serves: string | null;
  baseUrl?: string;
  classic?: boolean;
  stored?: string;
  plotly?: boolean;
}): FakePage {
  const page: FakePage = { requested: [], drawn: [], text: {}, window: {}, run: () => {} };
  const storage = new Map<string, string>(o.stored ? [["lr2nn.plotlyUrl", o.stored]] : []);
  const fakePlotly = { newPlot: (el: { id: string }) => void page.drawn.push(el.id) };
  if (o.plotly) page.window.Plotly = fakePlotly;
  const elements = new Map<
    string,
    { id: string; innerHTML: string; appendChild(p: { textContent: string }): void }
  >();
  const element = (id: string) => {
    if (!elements.has(id))
      elements.set(id, {
        id,
        innerHTML: "",
        appendChild: (p) => void (page.text[id] = p.textContent),
      });
    return elements.get(id)!;
  };
  const base = o.baseUrl ?? "/";
  const document = {
    getElementById: (id: string) =>
      id === "jupyter-config-data"
        ? o.classic
          ? null
          : { textContent: JSON.stringify({ baseUrl: base }) }
        : element(id),
    body: { getAttribute: (name: string) => (o.classic && name === "data-base-url" ? base : null) },
    createElement: () => ({ style: {}, textContent: "", src: "", parentNode: null }),
    head: {
      appendChild(s: { src: string; onload(): void; onerror(): void }) {
        page.requested.push(s.src);
        if (s.src === o.serves) {
          page.window.Plotly = fakePlotly;
          s.onload();
        } else s.onerror();
      },
    },
  };
  page.window.localStorage = {
    getItem: (k: string) => storage.get(k) ?? null,
    setItem: (k: string, v: string) => void storage.set(k, v),
  };
  page.run = (html) => {
    const script = html.slice(
      html.indexOf('<script type="text/javascript">') + 31,
      html.lastIndexOf("</script>"),
    );
    runInNewContext(script, { window: page.window, document, console, setTimeout });
  };
  return page;
}

const TAIL = "node_modules/plotly.js-dist-min/plotly.min.js";
/** The URLs a chart tries, in order, below a base URL: the bundle's path tails from node_modules upwards. */
function tails(base: string): string[] {
  const seg = plotlyPath().split("/");
  const urls: string[] = [];
  for (let i = seg.lastIndexOf("node_modules"); i >= 0; i--)
    urls.push(base + "files/" + seg.slice(i).join("/"));
  return urls;
}

test("a chart loads plotly.js from the server rooted at the project (npm start) with one request, then draws", () => {
  const page = fakePage({ serves: `/files/${TAIL}` });
  page.run(chartHtml({ data: [] }, "c1"));
  assert.deepEqual(page.requested, [`/files/${TAIL}`]);
  assert.deepEqual(page.drawn, ["c1"]);
  // The next chart on the page finds window.Plotly: no request.
  page.run(chartHtml({ data: [] }, "c2"));
  assert.equal(page.requested.length, 1);
  assert.deepEqual(page.drawn, ["c1", "c2"]);
  assert.equal(
    (page.window.localStorage as { getItem(k: string): string }).getItem("lr2nn.plotlyUrl"),
    `/files/${TAIL}`,
  );
});

test("a server rooted above the project: the chart tries longer tails of the path until one answers", () => {
  const urls = tails("/user/ann/");
  const good = urls[Math.min(1, urls.length - 1)]!;
  const page = fakePage({ serves: good, baseUrl: "/user/ann/" });
  page.run(chartHtml({ data: [] }, "c1"));
  assert.deepEqual(page.requested, urls.slice(0, urls.indexOf(good) + 1));
  assert.deepEqual(page.drawn, ["c1"]);
});

test("classic Notebook: the base URL comes from the body's data-base-url", () => {
  const page = fakePage({ serves: `/nb/files/${TAIL}`, baseUrl: "/nb", classic: true });
  page.run(chartHtml({ data: [] }, "c1"));
  assert.deepEqual(page.requested, [`/nb/files/${TAIL}`]);
  assert.deepEqual(page.drawn, ["c1"]);
});

test("the URL that worked on this server before (localStorage) is tried first; window.Plotly needs no request", () => {
  const page = fakePage({ serves: "/files/x/plotly.min.js", stored: "/files/x/plotly.min.js" });
  page.run(chartHtml({ data: [] }, "c1"));
  assert.deepEqual(page.requested, ["/files/x/plotly.min.js"]);
  const ready = fakePage({ serves: null, plotly: true });
  ready.run(chartHtml({ data: [] }, "c1"));
  assert.deepEqual(ready.requested, []);
  assert.deepEqual(ready.drawn, ["c1"]);
});

test("charts queued while plotly.js loads are all drawn once it arrives", () => {
  const page = fakePage({ serves: `/files/${TAIL}` });
  page.window.__lr2nnCharts = [];
  page.window.__lr2nnLoading = true; // as if a load were in flight
  page.run(chartHtml({ data: [] }, "a"));
  page.run(chartHtml({ data: [] }, "b"));
  assert.deepEqual(page.requested, [], "no second load while one is in flight");
  page.window.__lr2nnLoading = false;
  page.run(chartHtml({ data: [] }, "c"));
  assert.deepEqual(page.drawn, ["a", "b", "c"]);
});

test("no server serves plotly.js: every queued chart says why and what to do, naming the URLs tried", () => {
  const page = fakePage({ serves: null });
  page.run(chartHtml({ data: [] }, "c1"));
  assert.deepEqual(page.requested, tails("/"));
  assert.deepEqual(page.drawn, []);
  assert.ok(page.text.c1!.startsWith(NO_PLOTLY), page.text.c1);
  assert.match(NO_PLOTLY, /npm start/);
  assert.ok(page.text.c1!.includes(tails("/")[0]!));
});

test("every chart is a div.lr2nn-chart with the placeholder text and a script; ids are unique", () => {
  for (let i = 0; i < 4; i++) plotFunction((x) => x * i, [0, 1]);
  const ids: string[] = [];
  for (const { content } of items) {
    const found = [...content.matchAll(CHART)];
    assert.equal(found.length, 1, "one chart per output");
    ids.push(found[0]![1]!);
    assert.ok(content.includes(PLACEHOLDER));
    assert.match(PLACEHOLDER, /Run this cell/);
    assert.match(content, /^<div class="lr2nn-chart"/);
    assert.match(
      content,
      /<\/div>\n<script type="text\/javascript">\(function\(\)\{[\s\S]*\}\)\(\);<\/script>$/,
    );
    assert.ok(
      content.includes(`var id=${JSON.stringify(found[0]![1])}`),
      "the script draws into its own div",
    );
    assert.ok(content.includes("window.Plotly.newPlot"));
    assert.equal(count(content, /<script/gi), 1);
    assert.equal(count(content, /<\/script/gi), 1);
  }
  assert.equal(new Set(ids).size, ids.length);
});

test("</script inside titles or data cannot break out of the chart's script", () => {
  const evil = `</script><script>alert("x")</script><!-- & </SCRIPT >`;
  plotFunction([{ name: evil, f: (x) => x }], [0, 1], { title: evil, xTitle: "a</script>b" });
  show({
    data: [{ type: "scatter", x: [1], y: [2], text: [evil] }],
    layout: { title: { text: evil } },
  });
  for (const { content } of items) {
    const chart = content.slice(content.indexOf('<div class="lr2nn-chart"'));
    assert.equal(count(chart, /<script/gi), 1, "only the chart's own script opens");
    assert.equal(count(chart, /<\/script/gi), 1, "only the chart's own script closes");
    assert.equal(count(chart, /<!--/g), 0);
  }
  // The text survives intact for plotly.
  const fig1 = figureOf(items[0]!.content);
  assert.equal((fig1.layout.title as { text: string }).text, evil);
  assert.equal(fig1.data[0]!.name, evil);
  const fig2 = figureOf(items[1]!.content);
  assert.deepEqual(fig2.data[0]!.text, [evil]);
});

test("chartHtml keeps the figure's layout, height and config", () => {
  const html = chartHtml(
    {
      data: [{ type: "scatter", y: [1, 2] }],
      layout: { height: 250 },
      config: { staticPlot: true },
    },
    "my-id",
  );
  assert.match(html, /^<div class="lr2nn-chart" id="my-id" style="width:100%;min-height:250px">/);
  const fig = figureOf(html);
  assert.equal(fig.layout.height, 250);
  assert.equal(fig.config.staticPlot, true);
  assert.equal(fig.config.displaylogo, false);
});

// -------------------------------------------------------------------------------------------- builders

test("linspace and sampleGrid (rows of z go with y, columns with x)", () => {
  assert.deepEqual(linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(linspace(2, 9, 1), [2]);
  const g = sampleGrid((x, y) => 10 * x + y, [0, 2], [0, 1], 3);
  assert.deepEqual(g.x, [0, 1, 2]);
  assert.deepEqual(g.y, [0, 0.5, 1]);
  assert.equal(g.z.length, 3);
  assert.deepEqual(g.z[1], [0.5, 10.5, 20.5]);
});

test("functionFigure: one line per function, sampled over the range", () => {
  const one = functionFigure(Math.exp, [-1, 1]);
  assert.equal(one.data.length, 1);
  const t = one.data[0] as { type: string; mode: string; x: number[]; y: number[] };
  assert.equal(t.type, "scatter");
  assert.equal(t.mode, "lines");
  assert.equal(t.x.length, 201);
  assert.equal(t.x[0], -1);
  assert.equal(t.x[200], 1);
  assert.equal(t.y[200], Math.E);
  const two = functionFigure(
    [
      { name: "a", f: (x) => x },
      { name: "b", f: (x) => -x, dash: "dash" },
    ],
    [0, 1],
    { points: 11, title: "T" },
  );
  assert.equal(two.data.length, 2);
  assert.deepEqual(
    two.data.map((d) => d.name),
    ["a", "b"],
  );
  assert.equal((two.data[1] as { line: { dash: string } }).line.dash, "dash");
  assert.equal((two.data[0] as { x: number[] }).x.length, 11);
  assert.deepEqual(two.layout?.title, { text: "T" });
});

test("linesFigure: x defaults to 0, 1, 2, …; logY makes a log axis", () => {
  const f = linesFigure(
    [
      { name: "cost", y: [3, 2, 1] },
      { name: "b", x: [5, 6], y: Float64Array.of(1, 2), mode: "markers" },
    ],
    { logY: true },
  );
  assert.deepEqual((f.data[0] as { x: number[] }).x, [0, 1, 2]);
  assert.deepEqual((f.data[1] as { y: number[] }).y, [1, 2]);
  assert.equal((f.data[1] as { mode: string }).mode, "markers");
  assert.equal((f.layout?.yaxis as { type: string }).type, "log");
});

test("trainTestFigure: two lines per run (solid train, dashed test) in the run's own colour; mismatched lengths are named", () => {
  const f = trainTestFigure(
    [
      {
        name: "none",
        x: [0, 10, 20],
        train: [0.6, 0.3, 0.1],
        test: Float64Array.of(0.6, 0.4, 0.5),
      },
      { name: "L2", x: [0, 10, 20], train: [0.6, 0.4, 0.3], test: [0.6, 0.4, 0.35] },
    ],
    { title: "cost", logY: true },
  );
  const t = f.data as {
    name: string;
    y: number[];
    x: number[];
    line: { color: string; dash: string };
  }[];
  assert.deepEqual(
    t.map((d) => d.name),
    ["none, train", "none, test", "L2, train", "L2, test"],
  );
  assert.deepEqual(t[1]!.y, [0.6, 0.4, 0.5]);
  assert.deepEqual(t[2]!.x, [0, 10, 20]);
  assert.deepEqual(
    t.map((d) => d.line.dash),
    ["solid", "dash", "solid", "dash"],
  );
  assert.equal(t[0]!.line.color, t[1]!.line.color);
  assert.notEqual(t[0]!.line.color, t[2]!.line.color);
  assert.equal((f.layout?.yaxis as { type: string }).type, "log");
  assert.throws(
    () => trainTestFigure([{ name: "bad", x: [0, 1], train: [1, 2], test: [1] }]),
    /run "bad" has 2 x values, 2 train values and 1 test values/,
  );
});

test("classTraces / scatterByClassFigure: one marker trace per class with the right points", () => {
  const X = Matrix.from([
    [1, 2, 3, 4],
    [10, 20, 30, 40],
  ]);
  const y = Matrix.row([0, 1, 1, 0]);
  const traces = classTraces(X, y) as {
    type: string;
    mode: string;
    x: number[];
    y: number[];
    name: string;
    marker: { color: string };
  }[];
  assert.equal(traces.length, 2);
  assert.deepEqual(traces[0]!.x, [1, 4]);
  assert.deepEqual(traces[0]!.y, [10, 40]);
  assert.deepEqual(traces[1]!.x, [2, 3]);
  assert.deepEqual(traces[1]!.y, [20, 30]);
  assert.equal(traces[1]!.marker.color, CLASS_COLORS[1]);
  assert.deepEqual(
    traces.map((t) => t.name),
    ["y = 0", "y = 1"],
  );
  const f = scatterByClassFigure(X, y, { names: ["benign", "malignant"] });
  assert.deepEqual(
    f.data.map((d) => d.name),
    ["benign", "malignant"],
  );
});

test("mismatched X and y are refused, naming both shapes", () => {
  const X = Matrix.zeros(2, 5);
  assert.throws(
    () => classTraces(X, Matrix.zeros(1, 4)),
    /X is 2×5 \(5 examples\) but y is 1×4 \(4 labels\)/,
  );
  assert.throws(
    () => decisionBoundaryFigure(() => Matrix.zeros(1, 1), X, Matrix.zeros(1, 6)),
    /decisionBoundaryFigure: X is 2×5 .* y is 1×6/,
  );
  assert.throws(
    () => scatterByClassFigure(Matrix.zeros(1, 5), Matrix.zeros(1, 5)),
    /X must have 2 rows \(features × examples\), got 1×5/,
  );
});

test("decisionBoundaryFigure calls the classifier once with a 2×(steps²) grid and maps its answer", () => {
  const { X, y } = blobs();
  const calls: string[] = [];
  const steps = 30;
  const predict = (P: Matrix): Matrix => {
    calls.push(P.shape());
    return P.row(0).map((v) => 1 / (1 + Math.exp(-(v - 1.5))));
  };
  const fig = decisionBoundaryFigure(predict, X, y, { steps, threshold: 0.3 });
  assert.deepEqual(calls, [`2×${steps * steps}`]);
  assert.deepEqual(
    fig.data.map((d) => d.type),
    ["heatmap", "contour", "scatter", "scatter"],
  );
  const heat = fig.data[0] as {
    x: number[];
    y: number[];
    z: number[][];
    zmin: number;
    zmax: number;
  };
  assert.equal(heat.x.length, steps);
  assert.equal(heat.y.length, steps);
  assert.equal(heat.z.length, steps);
  assert.equal(heat.z[0]!.length, steps);
  assert.equal(heat.zmin, 0);
  assert.equal(heat.zmax, 1);
  // z[i][j] is the probability at (x[j], y[i]): this classifier depends on x only.
  for (const [i, j] of [
    [0, 0],
    [3, 17],
    [29, 29],
  ] as const) {
    assert.ok(Math.abs(heat.z[i]![j]! - 1 / (1 + Math.exp(-(heat.x[j]! - 1.5)))) < 1e-12);
  }
  // The range covers the data with a margin.
  assert.ok(heat.x[0]! < X.row(0).min() && heat.x[steps - 1]! > X.row(0).max());
  assert.ok(heat.y[0]! < X.row(1).min() && heat.y[steps - 1]! > X.row(1).max());
  const contour = fig.data[1] as { contours: { start: number; end: number } };
  assert.equal(contour.contours.start, 0.3);
  assert.equal(contour.contours.end, 0.3);
  // The axes keep their titles next to the fixed ranges; the legend sits above the colour bar, not on it.
  const layout = fig.layout as {
    xaxis: { title: { text: string }; range: number[] };
    yaxis: { title: { text: string } };
    legend: { y: number; yanchor: string };
  };
  assert.equal(layout.xaxis.title.text, "x₁");
  assert.equal(layout.yaxis.title.text, "x₂");
  assert.deepEqual(layout.xaxis.range, [heat.x[0], heat.x[steps - 1]]);
  const bar = (fig.data[0] as { colorbar: { len: number; y: number; yanchor: string } }).colorbar;
  assert.ok(
    layout.legend.y === 1 &&
      layout.legend.yanchor === "top" &&
      bar.yanchor === "bottom" &&
      bar.y + bar.len <= 0.7,
  );
  const points = fig.data.slice(2) as { x: number[] }[];
  assert.equal(points[0]!.x.length + points[1]!.x.length, X.cols);
});

test("decisionBoundaryFigure: default 80 steps, ranges can be fixed, a wrong-sized answer is refused", () => {
  const { X, y } = blobs(10);
  let shape = "";
  decisionBoundaryFigure((P) => ((shape = P.shape()), Matrix.zeros(1, P.cols)), X, y, {
    xRange: [-1, 1],
    yRange: [0, 2],
  });
  assert.equal(shape, "2×6400");
  const f = decisionBoundaryFigure((P) => Matrix.zeros(1, P.cols), X, y, {
    steps: 5,
    xRange: [-1, 1],
    yRange: [0, 2],
  });
  assert.deepEqual((f.data[0] as { x: number[] }).x, [-1, -0.5, 0, 0.5, 1]);
  assert.deepEqual((f.data[0] as { y: number[] }).y, [0, 0.5, 1, 1.5, 2]);
  const custom = decisionBoundaryFigure((P) => Matrix.zeros(1, P.cols), X, y, {
    steps: 5,
    xTitle: "radius",
    layout: { xaxis: { range: [0, 9] } },
  });
  assert.deepEqual(custom.layout?.xaxis?.range, [0, 9], "o.layout still overrides");
  assert.deepEqual((custom.layout?.yaxis?.title as { text: string }).text, "x₂");
  assert.throws(
    () => decisionBoundaryFigure(() => Matrix.zeros(1, 3), X, y, { steps: 5 }),
    /was given the 25 grid points as a 2×25 matrix \(one column per point\) and must return 1×25, one probability per point, but it returned 1×3/,
  );
  plotDecisionBoundary((P) => Matrix.zeros(1, P.cols), X, y, { steps: 5 });
  assert.equal(items.length, 1);
  assert.equal(figureOf(items[0]!.content).data.length, 4);
});

test("contour, surface, heatmap and bar figures have the expected traces and sizes", () => {
  const c = contourFigure((x, y) => x * y, [0, 1], [0, 2], { steps: 7, levels: 9 });
  assert.equal(c.data[0]!.type, "contour");
  assert.equal((c.data[0] as { z: number[][] }).z.length, 7);
  assert.equal((c.data[0] as { ncontours: number }).ncontours, 9);
  const s = surfaceFigure((x, y) => x + y, [0, 1], [0, 1], { steps: 4, zTitle: "J" });
  assert.equal(s.data[0]!.type, "surface");
  assert.equal((s.data[0] as { z: number[][] }).z.length, 4);
  assert.deepEqual(s.layout?.scene?.zaxis?.title, { text: "J" });
  const h = heatmapFigure(
    Matrix.from([
      [1, 2, 3],
      [4, 5, 6],
    ]),
    { annotate: true, xLabels: ["a", "b", "c"], zmin: 0, zmax: 10 },
  );
  assert.equal(h.data[0]!.type, "heatmap");
  assert.deepEqual((h.data[0] as { z: number[][] }).z, [
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.equal((h.data[0] as { zmax: number }).zmax, 10);
  assert.equal(h.layout?.yaxis?.autorange, "reversed", "row 0 at the top, like the matrix");
  assert.equal(h.layout?.annotations?.length, 6);
  const b = barFigure(["w1", "w2"], [0.5, -2]);
  assert.equal(b.data[0]!.type, "bar");
  assert.deepEqual((b.data[0] as { marker: { color: string[] } }).marker.color, [
    CLASS_COLORS[1],
    CLASS_COLORS[0],
  ]);
  assert.equal(
    (barFigure(["a"], [1], { horizontal: true }).data[0] as { orientation: string }).orientation,
    "h",
  );
  assert.throws(() => barFigure(["a", "b"], [1]), /2 labels but 1 values/);
});

test("gridFigure puts each figure on its own axes, hides colour bars, adds titles", () => {
  const { X, y } = blobs(10);
  const figs: Figure[] = [0, 1, 2, 3].map((k) =>
    decisionBoundaryFigure((P) => P.row(0).map((v) => (v > k ? 1 : 0)), X, y, { steps: 6 }),
  );
  const g = gridFigure(figs, { cols: 2, titles: ["a", "b", "c", "d"], cellHeight: 200 });
  assert.equal(g.data.length, 16);
  const axes = g.data.map(
    (d) => `${(d as { xaxis: string }).xaxis}/${(d as { yaxis: string }).yaxis}`,
  );
  assert.deepEqual([...new Set(axes)], ["x/y", "x2/y2", "x3/y3", "x4/y4"]);
  for (const d of g.data)
    if (d.type === "heatmap" || d.type === "contour")
      assert.equal((d as { showscale: boolean }).showscale, false);
  const layout = g.layout as Record<string, unknown> & {
    grid: { rows: number; columns: number };
    height: number;
    annotations: { text: string }[];
  };
  assert.deepEqual(layout.grid, { rows: 2, columns: 2, pattern: "independent" });
  assert.equal(layout.height, 2 * 200 + 60);
  assert.deepEqual(
    layout.annotations.map((a) => a.text),
    ["a", "b", "c", "d"],
  );
  assert.ok(layout.xaxis4, "each subplot has its own x axis");
  plotGrid(figs, { cols: 4 });
  assert.equal(figureOf(items[0]!.content).data.length, 16);
});

test("markerSize: large dots get a dark rim; the default stays small with a white rim", () => {
  const X = Matrix.from([
    [0, 1, 0, 1],
    [0, 0, 1, 1],
  ]);
  const y = Matrix.row([0, 1, 1, 0]);
  const big = decisionBoundaryFigure(() => Matrix.full(1, 100, 0.5), X, y, {
    steps: 10,
    markerSize: 14,
  });
  const small = decisionBoundaryFigure(() => Matrix.full(1, 100, 0.5), X, y, { steps: 10 });
  const dots = (f: Figure) =>
    f.data.filter((t) => t.type === "scatter") as {
      marker: { size: number; line: { color: string } };
    }[];
  assert.deepEqual(
    dots(big).map((t) => [t.marker.size, t.marker.line.color]),
    [
      [14, "black"],
      [14, "black"],
    ],
  );
  assert.deepEqual(
    dots(small).map((t) => [t.marker.size, t.marker.line.color]),
    [
      [6, "white"],
      [6, "white"],
    ],
  );
});

test("colorscale options: contour, surface and heatmap traces carry the scale (reversed on request) to the chart", () => {
  const f = (x: number, y: number) => x * y;
  const plain = contourFigure(f, [0, 1], [0, 1], { steps: 4 }).data[0] as Record<string, unknown>;
  assert.equal(plain.colorscale, "Viridis", "contour's default scale");
  assert.ok(
    !("reversescale" in plain) && !("opacity" in plain),
    "no reversescale or opacity unless asked",
  );
  const grey = contourFigure(f, [0, 1], [0, 1], {
    steps: 4,
    colorscale: "Greys",
    reverseScale: true,
    opacity: 0.75,
  });
  const sent = chartBundle(grey)[PLOTLY_MIME] as { data: Record<string, unknown>[] };
  assert.equal(sent.data[0]!.colorscale, "Greys");
  assert.equal(sent.data[0]!.reversescale, true);
  assert.equal(sent.data[0]!.opacity, 0.75);
  assert.equal(
    figureOf(chartHtml(grey)).data[0]!.colorscale,
    "Greys",
    "the HTML draws the same scale",
  );

  const stops: [number, string][] = [
    [0, "#000"],
    [1, "#fff"],
  ];
  const s = surfaceFigure(f, [0, 1], [0, 1], { steps: 3, colorscale: stops, opacity: 0.5 })
    .data[0] as Record<string, unknown>;
  assert.deepEqual(s.colorscale, stops);
  assert.equal(s.opacity, 0.5);
  assert.equal(
    (surfaceFigure(f, [0, 1], [0, 1], { steps: 3 }).data[0] as Record<string, unknown>).colorscale,
    "Viridis",
  );

  const values = [
    [0, 1],
    [2, 3],
  ];
  assert.deepEqual(
    (heatmapFigure(values).data[0] as Record<string, unknown>).colorscale,
    HEATMAP_BLUES,
  );
  const h = heatmapFigure(values, { colorscale: "Greys", reverseScale: false, annotate: true });
  assert.equal((h.data[0] as Record<string, unknown>).colorscale, "Greys");
  assert.equal((h.data[0] as Record<string, unknown>).reversescale, false);
  const fonts = (h.layout?.annotations ?? []).map((a) => (a.font as { color: string }).color);
  assert.deepEqual(
    fonts,
    ["#222", "#222", "#222", "#222"],
    "white text only on the default scale's dark half",
  );
});

test("isosurfaceTrace: f sampled on a steps³ grid (x fastest), drawn only at the level, without caps", () => {
  const f = (x: number, y: number, z: number) => x + 2 * y - z - 0.5;
  const t = isosurfaceTrace(f, [0, 1], [-1, 1], [2, 4], {
    steps: 3,
    level: 0.25,
    name: "the plane",
  }) as Record<string, unknown> & { x: number[]; y: number[]; z: number[]; value: number[] };
  assert.equal(t.type, "isosurface");
  assert.equal(t.name, "the plane");
  for (const key of ["x", "y", "z", "value"] as const)
    assert.equal(t[key].length, 27, `${key} has 3³ values`);
  assert.deepEqual(t.x.slice(0, 3), [0, 0.5, 1], "x varies fastest");
  assert.deepEqual([t.y[0], t.y[3], t.y[6]], [-1, 0, 1], "then y");
  assert.deepEqual([t.z[0], t.z[9], t.z[18]], [2, 3, 4], "then z");
  const corners = new Set(t.x.map((x, k) => `${x},${t.y[k]},${t.z[k]}`));
  assert.equal(corners.size, 27, "every grid point once");
  t.value.forEach((v, k) =>
    assert.equal(v, f(t.x[k]!, t.y[k]!, t.z[k]!), `value[${k}] is f at the point`),
  );
  assert.equal(t.isomin, 0.25);
  assert.equal(t.isomax, 0.25);
  assert.deepEqual(t.surface, { count: 1 });
  assert.deepEqual(t.caps, { x: { show: false }, y: { show: false }, z: { show: false } });
  assert.equal(t.opacity, 0.35);
  assert.equal(t.colorscale, "Viridis");

  const grey = isosurfaceTrace(f, [0, 1], [0, 1], [0, 1], {
    color: "#444",
    opacity: 0.6,
  }) as Record<string, unknown> & {
    x: number[];
  };
  assert.equal(grey.x.length, 12 ** 3, "12 steps per axis by default");
  assert.deepEqual(grey.colorscale, [
    [0, "#444"],
    [1, "#444"],
  ]);
  assert.equal(grey.showscale, false);
  assert.equal(grey.opacity, 0.6);
  assert.equal(
    (isosurfaceTrace(f, [0, 1], [0, 1], [0, 1], { steps: 2 }) as Record<string, unknown>).isomin,
    0,
    "level 0 by default",
  );
  assert.throws(
    () => isosurfaceTrace(f, [0, 1], [0, 1], [0, 1], { steps: 1 }),
    /steps must be a whole number ≥ 2, got 1/,
  );
});

test("isosurfaceFigure / plotIsosurface: a 3-D scene with the axis titles; the chart carries the trace", () => {
  const f = (a1: number, a2: number, a3: number) => a1 - a2 + a3;
  const fig = isosurfaceFigure(f, [-1, 1], [-1, 1], [-1, 1], {
    steps: 4,
    xTitle: "a₁",
    yTitle: "a₂",
    zTitle: "a₃",
  });
  assert.equal(fig.data.length, 1);
  assert.equal(fig.data[0]!.type, "isosurface");
  assert.deepEqual(fig.layout?.scene?.zaxis?.title, { text: "a₃" });
  assert.deepEqual(fig.layout?.scene?.xaxis?.title, { text: "a₁" });
  assert.equal(fig.layout?.height, 520);
  plotIsosurface(f, [-1, 1], [-1, 1], [-1, 1], { steps: 4 });
  assert.equal(items.length, 1);
  const drawn = figureOf(items[0]!.content).data[0]!;
  assert.equal(drawn.type, "isosurface");
  assert.equal((drawn.value as number[]).length, 64);
  assert.deepEqual(drawn.caps, { x: { show: false }, y: { show: false }, z: { show: false } });
});
