import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import {
  escapeHtml,
  htmlTable,
  inNotebook,
  liveOutput,
  setDisplaySink,
  showBundle,
  showHtml,
  showLatex,
  showMarkdown,
  showTable,
  type DisplayItem,
} from "../../lib/src/screen/display";

afterEach(() => setDisplaySink(null));

function capture(): DisplayItem[] {
  const items: DisplayItem[] = [];
  setDisplaySink((item) => items.push(item));
  return items;
}

test("outside a kernel there is no notebook", () => {
  assert.equal(inNotebook(), false);
});

test("a sink receives every output with its MIME type", () => {
  const items = capture();
  showHtml("<b>hi</b>");
  showMarkdown("**hi** $x$");
  showLatex("\\sigma(z)");
  assert.deepEqual(items, [
    { mime: "text/html", content: "<b>hi</b>" },
    { mime: "text/markdown", content: "**hi** $x$" },
    { mime: "text/latex", content: "$$\\sigma(z)$$" },
  ]);
});

test("a live output keeps one display id across updates; two live outputs differ", () => {
  const items = capture();
  const a = liveOutput();
  const b = liveOutput();
  a.text("epoch 1");
  a.html("<i>epoch 2</i>");
  b.text("other");
  assert.equal(items.length, 3);
  assert.equal(items[0]!.mime, "text/plain");
  assert.equal(items[1]!.mime, "text/html");
  assert.ok(items[0]!.displayId);
  assert.equal(items[0]!.displayId, items[1]!.displayId);
  assert.notEqual(items[2]!.displayId, items[0]!.displayId);
});

test("with no sink and no kernel, output is printed as text (HTML as a short note)", () => {
  const printed: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => void printed.push(args.join(" "));
  try {
    showMarkdown("# Title");
    showHtml("<div>" + "x".repeat(50) + "</div>");
  } finally {
    console.log = original;
  }
  assert.deepEqual(printed, ["# Title", "[html output, 61 characters]"]);
});

test("escapeHtml escapes the five special characters", () => {
  assert.equal(
    escapeHtml(`<a href="x">Tom & 'Jerry'</a>`),
    "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;",
  );
  assert.equal(escapeHtml("plain"), "plain");
});

test("htmlTable: a header row, body rows, numbers to `digits`, integers as they are, text escaped", () => {
  const html = htmlTable(
    ["z", "σ(z)", "note"],
    [
      [0, 0.5, "<half>"],
      [2, 0.880797077, "ok"],
    ],
    3,
  );
  assert.match(html, /^<table><tr>(<th[^>]*>[^<]*<\/th>){3}<\/tr>/);
  assert.equal((html.match(/<tr>/g) ?? []).length, 3);
  assert.ok(html.includes(">0.500<") && html.includes(">0.881<"), html);
  assert.ok(html.includes(">2<") && html.includes(">0<"));
  assert.ok(html.includes("&lt;half&gt;") && !html.includes("<half>"));
  const items = capture();
  showTable(["a"], [[1.23456]]);
  assert.equal(items.length, 1);
  assert.equal(items[0]!.mime, "text/html");
  assert.ok(items[0]!.content.includes(">1.2346<"));
});

test("htmlTable: a tiny negative that rounds to zero prints as 0, not -0", () => {
  const html = htmlTable(["v"], [[-0.00001], [-0.5]], 4);
  assert.ok(html.includes(">0.0000<"), html);
  assert.ok(!html.includes("-0.0000"), html);
  assert.ok(html.includes(">-0.5000<"), html);
});

test("showBundle: one output with several MIME types; a sink gets the HTML as its content and every type in data", () => {
  const items = capture();
  const data = {
    "text/html": "<b>chart</b>",
    "application/vnd.plotly.v1+json": { data: [] },
    "text/plain": "Chart",
  };
  showBundle(data);
  showBundle({ "text/plain": "only text" });
  assert.deepEqual(items, [
    { mime: "text/html", content: "<b>chart</b>", data },
    { mime: "text/plain", content: "only text", data: { "text/plain": "only text" } },
  ]);
});

// tslab's public display sends one MIME type per output; charts need plotly's JSON and HTML in ONE output, which
// only tslab's internal writer `lastWriteDisplayData` can send. tslab is pinned; this test fails if an upgrade
// moves or changes that internal (then display.ts falls back to HTML only: update it).
test("tslab 1.0.22's internal display writer exists, is what tslab's own display uses, and carries a whole bundle", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  assert.equal((require("tslab/package.json") as { version: string }).version, "1.0.22");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: unknown };
  assert.ok("lastWriteDisplayData" in jupyter, "tslab/dist/jupyter exports lastWriteDisplayData");
  assert.equal(jupyter.lastWriteDisplayData, null, "outside a kernel no cell is running");
  assert.equal(inNotebook(), false);
  const sent: { content: unknown; update: unknown }[] = [];
  jupyter.lastWriteDisplayData = (content: unknown, update: unknown) =>
    void sent.push({ content, update });
  try {
    assert.equal(inNotebook(), true, "a running cell's writer means a kernel");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require("tslab") as { display: { html(s: string): void } }).display.html("<i>public</i>");
    const data = {
      "text/html": "<b>chart</b>",
      "application/vnd.plotly.v1+json": { data: [{ y: [1] }] },
      "text/plain": "Chart",
    };
    showBundle(data);
    assert.equal(sent.length, 2);
    assert.deepEqual((sent[0]!.content as { data: unknown }).data, {
      "text/html": "<i>public</i>",
    });
    assert.deepEqual(sent[1], { content: { data, metadata: {}, transient: {} }, update: false });
  } finally {
    jupyter.lastWriteDisplayData = null;
  }
  assert.equal(inNotebook(), false);
});
