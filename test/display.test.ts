import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import {
  escapeHtml,
  htmlTable,
  inNotebook,
  liveOutput,
  setDisplaySink,
  showHtml,
  showLatex,
  showMarkdown,
  showTable,
  type DisplayItem,
} from "../lib/src/screen/display";

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
  assert.equal(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`), "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  assert.equal(escapeHtml("plain"), "plain");
});

test("htmlTable: a header row, body rows, numbers to `digits`, integers as they are, text escaped", () => {
  const html = htmlTable(["z", "σ(z)", "note"], [[0, 0.5, "<half>"], [2, 0.880797077, "ok"]], 3);
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
