// scripts/site/render.mjs, the pure part of `npm run site`: markdown with math, outputs, exercise folding, the
// chapter list and the navigation. (test/site/check.ts checks the built site in Chromium.)
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  chapterIdeas,
  chapterInfo,
  chapterPage,
  foldExercise,
  indexPage,
  navigation,
  navHtml,
  protectMath,
  readmeIntro,
  renderMarkdown,
  renderOutputs,
  slugify,
} from "../../scripts/site/render.mjs";
import { incompleteRun } from "../../scripts/site.mjs";

/** The text a reader sees: tags removed, KaTeX's rendered math removed (its MathML keeps the TeX source). */
const visibleText = (html: string) =>
  html.replace(/<span class="katex">[\s\S]*?<\/annotation>/g, "").replace(/<[^>]+>/g, "");

test("protectMath takes out inline and display math, and leaves code and lone dollars alone", () => {
  const { text, math } = protectMath(
    "A sum $z = w_1 x_1 + b$ and\n\n$$\\sigma(z) = \\frac{1}{1+e^{-z}}$$\n\n``const s = `$x$` `` and ```\n$y$\n```\ncosts $ 5 or $6, and $0 \\cdot \\infty = $ NaN.",
  );
  assert.deepEqual(math, [
    { tex: "z = w_1 x_1 + b", display: false },
    { tex: "\\sigma(z) = \\frac{1}{1+e^{-z}}", display: true },
    { tex: "0 \\cdot \\infty = ", display: false },
  ]);
  assert.ok(
    text.includes("``const s = `$x$` ``") && text.includes("```\n$y$\n```"),
    "code keeps its dollars",
  );
  assert.ok(
    text.includes("costs $ 5 or $6, and \uE0002\uE001 NaN."),
    "a dollar before a space or a digit is not math",
  );
  assert.ok(!text.includes("w_1"), "markdown never sees the formula's underscores");
});

test("renderMarkdown renders math with KaTeX, keeps markdown emphasis apart from formula underscores", () => {
  const { html } = renderMarkdown(
    "The *weighted sum* $z = w_1 x_1 + w_2 x_2$ is **big**.\n\n$$J = -\\frac{1}{m}\\sum_i y_i$$",
  );
  assert.match(html, /<em>weighted sum<\/em>/);
  assert.match(html, /<strong>big<\/strong>/);
  assert.equal((html.match(/class="katex"/g) ?? []).length, 2);
  assert.match(html, /<div class="math-display"><span class="katex-display">/);
  assert.ok(!visibleText(html).includes("$"), "no raw $ in the visible text");
  assert.ok(!html.includes("katex-error"));
});

test("renderMarkdown: math inside a table cell with |…| does not break the table", () => {
  const { html } = renderMarkdown(
    "| symbol | meaning |\n|---|---|\n| $|z|$ | absolute value |\n| $w_1$ | `w[0]` |",
  );
  assert.equal((html.match(/<tr>/g) ?? []).length, 3);
  assert.equal((html.match(/class="katex"/g) ?? []).length, 2);
  assert.match(html, /<code>w\[0\]<\/code>/);
});

test("renderMarkdown: an unknown command becomes a KaTeX error span (which the site check refuses)", () => {
  assert.match(
    renderMarkdown("$\\notacommand{x}$").html,
    /<span class="katex-error" title="[^"]*Undefined control sequence[^"]*"[^>]*>\\notacommand\{x\}<\/span>/,
  );
  assert.match(renderMarkdown("$\\frac{1}{$").html, /katex-error/);
});

test("renderMarkdown gives headings unique ids and collects them; raw HTML is shown as text", () => {
  const used = new Set<string>();
  const a = renderMarkdown(
    "# 07 · Backpropagation\n\n## All $m$ examples at once\n\nWrite <date and time>.",
    used,
  );
  const b = renderMarkdown("## Summary\n\n## Summary", used);
  assert.deepEqual(
    a.headings.map((h) => [h.level, h.id, h.text]),
    [
      [1, "07-backpropagation", "07 · Backpropagation"],
      [2, "all-m-examples-at-once", "All m examples at once"],
    ],
  );
  assert.match(a.headings[1].html, /class="katex"/);
  assert.match(a.html, /<h2 id="all-m-examples-at-once">/);
  assert.match(a.html, /&lt;date and time&gt;/);
  assert.deepEqual(
    b.headings.map((h) => h.id),
    ["summary", "summary-2"],
  );
  assert.equal(slugify("Deriving ∂J/∂w, with mathjs"), "deriving-j-w-with-mathjs");
});

test("renderMarkdown points links to a chapter's notebook at its page", () => {
  const { html } = renderMarkdown(
    "See [chapter 03](03-cost-functions.ipynb#summary), [danfo](https://danfo.jsdata.org).",
  );
  assert.match(html, /href="03-cost-functions\.html#summary"/);
  assert.match(html, /href="https:\/\/danfo\.jsdata\.org"/);
});

const EXERCISE = [
  "/** σ(z) = 1 / (1 + e^(−z)). */\n",
  "function mySigmoid(z: number): number {\n",
  "  // BEGIN SOLUTION: return σ(z).\n",
  "  return 1 / (1 + Math.exp(-z));\n",
  "  // END SOLUTION\n",
  "}",
].join("");

test("foldExercise: the learner's stub as npm run learner makes it, and the solution without its markers", () => {
  const { learner, solution } = foldExercise(EXERCISE, "test cell");
  assert.equal(
    learner,
    "/** σ(z) = 1 / (1 + e^(−z)). */\nfunction mySigmoid(z: number): number {\n  // ✎ Your code here: return σ(z).\n  throw notYet();\n}",
  );
  assert.equal(
    solution,
    "/** σ(z) = 1 / (1 + e^(−z)). */\nfunction mySigmoid(z: number): number {\n  return 1 / (1 + Math.exp(-z));\n}",
  );
  assert.throws(() => foldExercise("// BEGIN SOLUTION\nx = 1;\n", "bad cell"), /never closed/);
});

test("renderOutputs: merged streams, HTML tables as is, LaTeX with KaTeX, plotly figures as chart divs", () => {
  let k = 0;
  const fig = {
    data: [{ x: [1, 2], y: [3, 4], type: "scatter" }],
    layout: { height: 300, title: { text: "a </script> title" } },
  };
  const html = renderOutputs(
    [
      { output_type: "stream", name: "stdout", text: ["a < b\n"] },
      { output_type: "stream", name: "stdout", text: "\u001b[32mgreen\u001b[0m\n" },
      {
        output_type: "display_data",
        data: { "text/html": "<table><tr><td>1</td></tr></table>", "text/plain": "t" },
      },
      { output_type: "display_data", data: { "text/latex": "$$\\frac{d}{dz}\\sigma(z)$$" } },
      {
        output_type: "display_data",
        data: {
          "application/vnd.plotly.v1+json": fig,
          "text/html": "<div>old</div>",
          "text/plain": "Chart",
        },
      },
    ],
    () => `chart-${++k}`,
  );
  assert.match(html, /<pre class="output stream stdout">a &lt; b\ngreen<\/pre>/);
  assert.match(html, /<div class="output html"><table>/);
  assert.match(
    html,
    /<div class="output latex"><div class="math-display"><span class="katex-display">/,
  );
  assert.match(html, /<div class="lr2nn-chart" id="chart-1" style="min-height:300px">/);
  assert.ok(
    !html.includes("<div>old</div>"),
    "the figure is drawn from its JSON, not the notebook's HTML",
  );
  const json =
    /<script type="application\/json" class="lr2nn-figure" data-for="chart-1">(.*?)<\/script>/.exec(
      html,
    )?.[1];
  assert.ok(json, "the figure's JSON sits beside its div");
  assert.deepEqual(JSON.parse(json), fig, "the JSON is the figure, with </script> escaped");
});

type Output = {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
};
const notebook = (
  cells: { cell_type: string; source: string; tags?: string[]; outputs?: Output[] }[],
) => ({
  cells: cells.map((c) => ({
    cell_type: c.cell_type,
    source: c.source,
    metadata: { tags: c.tags ?? [] },
    outputs: c.outputs ?? [],
    execution_count: c.cell_type === "code" ? 1 : (null as number | null),
  })),
});

test("chapterInfo and chapterPage: title, sections, exercise folded, check output, navigation", () => {
  const nb = notebook([
    {
      cell_type: "markdown",
      source: "# 01 · The sigmoid\n\nIntro $\\sigma$.\n\n## Write it yourself",
    },
    { cell_type: "code", source: EXERCISE, tags: ["exercise"] },
    {
      cell_type: "code",
      source: "check(mySigmoid);",
      tags: ["check"],
      outputs: [{ output_type: "stream", name: "stdout", text: "✔ right\n" }],
    },
    { cell_type: "markdown", source: "## Summary" },
  ]);
  const info = chapterInfo(nb, "01-sigmoid.ipynb", "The sigmoid $\\sigma(z)$");
  assert.deepEqual(
    [info.number, info.page, info.title, info.exercises],
    ["01", "01-sigmoid.html", "The sigmoid", 1],
  );
  assert.deepEqual(
    info.sections.map((s) => s.id),
    ["write-it-yourself", "summary"],
  );
  const chapters = [
    { page: "00-welcome.html", number: "00", title: "Welcome" },
    info,
    { page: "02-single-neuron.html", number: "02", title: "A single neuron" },
  ];
  const { html, charts } = chapterPage(nb, info, navigation(chapters, 1), "The course");
  assert.equal(charts, 0);
  assert.match(html, /<details class="solution"><summary>Solution<\/summary>/);
  assert.ok(!/<details[^>]* open/.test(html), "the solution is folded");
  const [before, folded] = html.split('<details class="solution">');
  assert.match(before, /throw<\/span> <span class="hljs-title function_">notYet/);
  assert.match(folded, /Math<\/span>\.<span class="hljs-title function_">exp/);
  assert.match(html, /<pre class="output stream stdout">✔ right<\/pre>/);
  assert.match(html, /<a href="#write-it-yourself">Write it yourself<\/a>/);
  assert.match(html, /rel="prev" href="00-welcome\.html">← 00 · Welcome/);
  assert.match(html, /rel="next" href="02-single-neuron\.html">02 · A single neuron →/);
  assert.ok(!html.includes("plotly.min.js"), "a page without charts does not load plotly.js");
});

test("navigation: no previous link on the first chapter, no next on the last, contents everywhere", () => {
  const chapters = ["00", "01", "02"].map((n) => ({
    page: `${n}-x.html`,
    number: n,
    title: `T${n}`,
  }));
  assert.deepEqual(navigation(chapters, 0), {
    contents: { href: "index.html", label: "Contents" },
    prev: null,
    next: { href: "01-x.html", label: "01 · T01" },
  });
  assert.equal(navigation(chapters, 2).next, null);
  assert.equal(navigation(chapters, 2).prev?.href, "01-x.html");
  const bar = navHtml(navigation(chapters, 0));
  assert.ok(
    !bar.includes('rel="prev"') && bar.includes('rel="next"') && bar.includes('href="index.html"'),
  );
});

test("a page with charts loads plotly.js once, from the shared file", () => {
  const fig = { data: [{ y: [1, 2, 3] }] };
  const plot = { output_type: "display_data", data: { "application/vnd.plotly.v1+json": fig } };
  const nb = notebook([
    { cell_type: "markdown", source: "# 02 · Charts" },
    { cell_type: "code", source: "a", outputs: [plot] },
    { cell_type: "code", source: "b", outputs: [plot] },
  ]);
  const info = chapterInfo(nb, "02-charts.ipynb", "");
  const { html, charts } = chapterPage(nb, info, navigation([info], 0), "C");
  assert.equal(charts, 2);
  assert.equal((html.match(/<script src="assets\/plotly\.min\.js"/g) ?? []).length, 1);
  assert.ok(
    !/Plotly\.newPlot|function\s*\(/.test(
      html.replace(/<script type="application\/json"[\s\S]*?<\/script>/g, ""),
    ),
    "no plotly code inlined",
  );
});

test("the README's chapter table and intro feed the index", () => {
  const readme =
    "# Course\n\nA course about **networks**.\nSecond line.\n\n## Chapters\n\n| # | Notebook | The idea |\n|---|---|---|\n" +
    "| 00 | `notebooks/00-welcome.ipynb` | The thesis |\n| 01 | `notebooks/01-sigmoid.ipynb` | The sigmoid, its derivative σ(1−σ) |\n";
  assert.deepEqual(
    [...chapterIdeas(readme)],
    [
      ["00", "The thesis"],
      ["01", "The sigmoid, its derivative σ(1−σ)"],
    ],
  );
  assert.equal(readmeIntro(readme), "A course about **networks**.\nSecond line.");
  const nb = notebook([
    { cell_type: "markdown", source: "# 01 · The sigmoid\n\n## Write it" },
    { cell_type: "code", source: EXERCISE, tags: ["exercise"] },
  ]);
  const html = indexPage([chapterInfo(nb, "01-sigmoid.ipynb", "The sigmoid $\\sigma$")], {
    title: "Course",
    intro: readmeIntro(readme),
  });
  assert.match(
    html,
    /<a href="01-sigmoid\.html">The sigmoid<\/a> <span class="badge">1 exercise<\/span>/,
  );
  assert.match(html, /<a href="01-sigmoid\.html#write-it">Write it<\/a>/);
  assert.match(html, /<strong>networks<\/strong>/);
  assert.ok(!visibleText(html).includes("$"));
});

test("incompleteRun refuses a partial or failed executed copy", () => {
  const ok = notebook([
    {
      cell_type: "code",
      source: "1",
      tags: ["check"],
      outputs: [{ output_type: "stream", name: "stdout", text: "✔ yes" }],
    },
  ]);
  assert.equal(incompleteRun(ok), null);
  const notRun = notebook([{ cell_type: "code", source: "1" }]);
  notRun.cells[0].execution_count = null;
  assert.match(String(incompleteRun(notRun)), /not executed/);
  assert.match(
    String(
      incompleteRun(
        notebook([
          {
            cell_type: "code",
            source: "1",
            outputs: [{ output_type: "stream", name: "stderr", text: "boom" }],
          },
        ]),
      ),
    ),
    /failed/,
  );
  assert.match(
    String(
      incompleteRun(
        notebook([
          {
            cell_type: "code",
            source: "1",
            tags: ["check"],
            outputs: [{ output_type: "stream", name: "stdout", text: "… not yet" }],
          },
        ]),
      ),
    ),
    /did not print ✔/,
  );
});

test("cells Jupyter shows collapsed (source_hidden: the prose checks) are left out, their outputs kept", () => {
  const nb = notebook([
    { cell_type: "markdown", source: "# 03 · Costs" },
    { cell_type: "code", source: 'expectClose(J, 0.69, 0.01, "the cost");', tags: ["prose-check"] },
    {
      cell_type: "code",
      source: "showNote();",
      outputs: [{ output_type: "stream", name: "stdout", text: "a note\n" }],
    },
  ]);
  for (const c of nb.cells.slice(1))
    (c.metadata as Record<string, unknown>).jupyter = { source_hidden: true };
  const info = chapterInfo(nb, "03-costs.ipynb", "");
  const { html } = chapterPage(nb, info, navigation([info], 0), "C");
  assert.ok(
    !html.includes("expectClose") && !html.includes("showNote"),
    "hidden code is not shown",
  );
  assert.match(html, /<pre class="output stream stdout">a note<\/pre>/);
});
