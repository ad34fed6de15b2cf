// @ts-check
// The course as a static website (`npm run site`, scripts/site.mjs): the pure part, from executed notebooks to
// HTML strings. Markdown with math (markdown-it; `$…$` and `$$…$$` are taken out before markdown sees them and
// rendered with KaTeX on the server, so pages need no script for math), code highlighted with highlight.js,
// outputs (text, tables, LaTeX, images, and plotly charts drawn in the page by assets/site.js), exercises shown
// as the learner gets them with the solution folded away, and the navigation between chapters.
// No file system here: scripts/site.mjs reads, executes and writes; test/site/render.test.ts tests these functions.
// The text (markdown, math, code) is rendered by markdown.mjs; this file makes the outputs and the pages.

import { cutSolutions, sourceText, tagsOf } from "../learner.mjs";
import {
  codeBlock,
  escapeHtml,
  renderInlineMarkdown,
  renderMarkdown,
  renderMath,
  slugify,
} from "./markdown.mjs";

export {
  escapeHtml,
  highlight,
  protectMath,
  renderInlineMarkdown,
  renderMarkdown,
  renderMath,
  slugify,
} from "./markdown.mjs";

/** @typedef {import("../learner.mjs").Cell} Cell */
/** @typedef {import("./markdown.mjs").Heading} Heading */
/**
 * One chapter of the site.
 * @typedef {{ file: string, page: string, number: string, title: string, titleHtml: string, idea: string,
 *   sections: Heading[], exercises: number }} Chapter
 */
/**
 * One output of an executed code cell (nbformat 4).
 * @typedef {{ output_type: string, name?: string, text?: string | string[],
 *   data?: Record<string, unknown>, ename?: string, evalue?: string }} Output
 */

/** plotly's MIME type: the figure as JSON (lib/src/screen/plot.ts sends it with every chart). */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";


/**
 * An exercise cell split for the reader: the learner's version (each solution region replaced by the stub
 * `npm run learner` writes) and the solution (the cell without its BEGIN/END SOLUTION marker lines).
 * @param {string} source  the solution notebook's cell source
 * @param {string} where   for error messages, e.g. "04-gradient-descent.ipynb cell 12"
 */
export function foldExercise(source, where) {
  const learner = cutSolutions(source, where).text;
  const solution = source
    .split(/(?<=\n)/)
    .filter((line) => !/^\s*\/\/ (BEGIN|END) SOLUTION\b/.test(line))
    .join("");
  return { learner, solution };
}

/** @param {string | string[] | undefined} t */
const joined = (t) => (Array.isArray(t) ? t.join("") : (t ?? ""));

/** Terminal colour codes (some libraries print them) have no place on a page. */
// eslint-disable-next-line no-control-regex
const stripAnsi = (/** @type {string} */ s) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");

/**
 * A JSON text safe inside `<script type="application/json">`: `<`, `>` and `&` escaped as JSON escapes.
 * @param {unknown} value
 */
export function scriptJson(value) {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

/**
 * One chart: an empty div that assets/site.js fills with `Plotly.newPlot(div, figure)` (data, layout, config and
 * animation frames), and the figure beside it as JSON.
 * @param {Record<string, any>} fig  the plotly MIME output
 * @param {string} id
 */
export function chartHtml(fig, id) {
  const height = typeof fig.layout?.height === "number" ? fig.layout.height : 420;
  return (
    `<div class="lr2nn-chart" id="${id}" style="min-height:${height}px"><noscript>This interactive chart needs JavaScript.</noscript></div>` +
    `<script type="application/json" class="lr2nn-figure" data-for="${id}">${scriptJson(fig)}</script>`
  );
}

/**
 * A LaTeX output (`$$…$$`, `$…$`, or `\[…\]`) as display math.
 * @param {string} latex
 */
function latexOutput(latex) {
  const tex = latex.trim().replace(/^\$\$([\s\S]*)\$\$$|^\$([\s\S]*)\$$|^\\\[([\s\S]*)\\\]$/, (_, a, b, c) => a ?? b ?? c);
  return `<div class="math-display">${renderMath(tex.trim(), true)}</div>`;
}

/**
 * A code cell's outputs as HTML. Consecutive stream outputs of the same stream become one block. For rich outputs
 * the best MIME type wins: a plotly figure, HTML, an image, LaTeX, markdown, then plain text.
 * @param {Output[]} outputs
 * @param {() => string} nextChartId
 */
export function renderOutputs(outputs, nextChartId) {
  /** @type {string[]} */
  const parts = [];
  /** @type {{ name: string, text: string } | null} */
  let stream = null;
  const flush = () => {
    if (stream) parts.push(`<pre class="output stream ${stream.name}">${escapeHtml(stripAnsi(stream.text)).replace(/\n$/, "")}</pre>`);
    stream = null;
  };
  for (const out of outputs) {
    if (out.output_type === "stream") {
      const name = out.name ?? "stdout";
      if (stream && stream.name === name) stream.text += joined(out.text);
      else {
        flush();
        stream = { name, text: joined(out.text) };
      }
      continue;
    }
    flush();
    if (out.output_type === "error") {
      parts.push(`<pre class="output error">${escapeHtml(stripAnsi(`${out.ename}: ${out.evalue}`))}</pre>`);
      continue;
    }
    const data = out.data ?? {};
    const text = (/** @type {string} */ mime) => joined(/** @type {string | string[]} */ (data[mime]));
    if (data[PLOTLY_MIME]) parts.push(`<div class="output chart">${chartHtml(/** @type {any} */ (data[PLOTLY_MIME]), nextChartId())}</div>`);
    else if (data["text/html"]) parts.push(`<div class="output html">${text("text/html")}</div>`);
    else if (data["image/png"]) parts.push(`<div class="output image"><img alt="" src="data:image/png;base64,${text("image/png").trim()}"></div>`);
    else if (data["image/svg+xml"]) parts.push(`<div class="output image">${text("image/svg+xml")}</div>`);
    else if (data["text/latex"]) parts.push(`<div class="output latex">${latexOutput(text("text/latex"))}</div>`);
    else if (data["text/markdown"]) parts.push(`<div class="output markdown">${renderMarkdown(text("text/markdown")).html}</div>`);
    else if (data["text/plain"]) parts.push(`<pre class="output text">${escapeHtml(stripAnsi(text("text/plain")))}</pre>`);
  }
  flush();
  return parts.join("\n");
}

/**
 * A chapter's number, title and sections from its notebook: the number from the file name, the title from the
 * first `#` heading (without its "NN · " prefix), the sections from its `##` headings.
 * @param {{ cells: Cell[] }} nb
 * @param {string} file  e.g. "04-gradient-descent.ipynb"
 * @param {string} idea  what it teaches (markdown), from the README's chapter table
 * @returns {Chapter}
 */
export function chapterInfo(nb, file, idea) {
  const number = /^(\d+|[A-Z])(?=-)/.exec(file)?.[1] ?? "";
  /** @type {Heading[]} */
  const headings = [];
  const used = new Set();
  for (const cell of nb.cells)
    if (cell.cell_type === "markdown") headings.push(...renderMarkdown(sourceText(cell), used).headings);
  const h1 = headings.find((h) => h.level === 1);
  const strip = (/** @type {string} */ s) => s.replace(/^\s*(?:\d+|[A-Z])\s*·\s*/, "");
  return {
    file,
    page: file.replace(/\.ipynb$/, ".html"),
    number,
    title: strip(h1?.text ?? file),
    titleHtml: strip(h1?.html ?? escapeHtml(file)),
    idea,
    sections: headings.filter((h) => h.level === 2),
    exercises: nb.cells.filter((c) => c.cell_type === "code" && tagsOf(c).includes("exercise")).length,
  };
}

/**
 * The README's chapter table (`| 04 | \`notebooks/04-….ipynb\` | the idea |`) as number → idea (markdown).
 * @param {string} readme
 * @returns {Map<string, string>}
 */
export function chapterIdeas(readme) {
  const ideas = new Map();
  for (const m of readme.matchAll(/^\|\s*(\d+|[A-Z])\s*\|\s*`[^`]*\.ipynb`\s*\|\s*(.*?)\s*\|\s*$/gm)) ideas.set(m[1], m[2]);
  return ideas;
}

/**
 * The README's first paragraph (the course in a few sentences), for the index page.
 * @param {string} readme
 */
export function readmeIntro(readme) {
  const body = readme.replace(/^#[^\n]*\n+/, "");
  return body.split(/\n\s*\n/)[0].trim();
}

/**
 * Previous, next and contents links for the chapter at `index` (null at either end).
 * @param {Pick<Chapter, "page" | "number" | "title">[]} chapters  in order
 * @param {number} index
 */
export function navigation(chapters, index) {
  const link = (/** @type {Pick<Chapter, "page" | "number" | "title"> | undefined} */ c) =>
    c ? { href: c.page, label: `${c.number} · ${c.title}` } : null;
  return { contents: { href: "index.html", label: "Contents" }, prev: link(chapters[index - 1]), next: link(chapters[index + 1]) };
}

/**
 * The navigation bar of a chapter page (top and bottom).
 * @param {ReturnType<typeof navigation>} nav
 */
export function navHtml(nav) {
  const prev = nav.prev ? `<a class="prev" rel="prev" href="${nav.prev.href}">← ${escapeHtml(nav.prev.label)}</a>` : `<span class="prev"></span>`;
  const next = nav.next ? `<a class="next" rel="next" href="${nav.next.href}">${escapeHtml(nav.next.label)} →</a>` : `<span class="next"></span>`;
  return `<nav class="chapter-nav">${prev}<a class="contents" href="${nav.contents.href}">${nav.contents.label}</a>${next}</nav>`;
}

/** Where a page finds the playground's bundle (lib/dist/browser/playground.js, copied by scripts/site.mjs). */
export const PLAYGROUND_ASSET = "assets/playground.js";

/**
 * A whole HTML page around a body. A body with a playground (lib/src/screen/playground.ts: its output's root has
 * `data-playground`) gets `window.LR2NN_PLAYGROUND_URL`, set before the output's script asks for the bundle.
 * @param {{ title: string, body: string, charts: boolean }} page
 */
export function pageHtml({ title, body, charts }) {
  const playground = body.includes("data-playground")
    ? `\n<script>window.LR2NN_PLAYGROUND_URL = ${JSON.stringify(PLAYGROUND_ASSET)};</script>`
    : "";
  const scripts =
    (charts ? `\n<script src="assets/plotly.min.js" defer></script>\n<script src="assets/site.js" defer></script>` : "") + playground;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="assets/katex/katex.min.css">
<link rel="stylesheet" href="assets/highlight-github.min.css">
<link rel="stylesheet" href="assets/site.css">${scripts}
</head>
<body>
${body}
</body>
</html>
`;
}

/**
 * One chapter's page: navigation, the section list, then every cell in order: markdown rendered, code highlighted
 * with its outputs; an exercise shows the learner's stub, its solution folded in a <details>.
 * @param {{ cells: (Cell & { outputs?: Output[] })[] }} executed  the executed solution notebook
 * @param {Chapter} chapter
 * @param {ReturnType<typeof navigation>} nav
 * @param {string} courseTitle
 */
export function chapterPage(executed, chapter, nav, courseTitle) {
  const used = new Set();
  let charts = 0;
  const nextChartId = () => `chart-${++charts}`;
  /** @type {string[]} */
  const cells = [];
  executed.cells.forEach((cell, i) => {
    const source = sourceText(cell);
    if (cell.cell_type === "markdown") {
      cells.push(`<section class="cell markdown">${renderMarkdown(source, used).html}</section>`);
      return;
    }
    if (cell.cell_type !== "code") return;
    // Cells Jupyter shows collapsed (the prose checks: source_hidden) stay out of the reader's way here too.
    const hidden = /** @type {{ source_hidden?: boolean, outputs_hidden?: boolean } | undefined} */ (cell.metadata?.jupyter);
    const outputs = hidden?.outputs_hidden ? "" : renderOutputs(cell.outputs ?? [], nextChartId);
    const outs = outputs ? `\n<div class="outputs">${outputs}</div>` : "";
    if (tagsOf(cell).includes("exercise")) {
      const { learner, solution } = foldExercise(source, `${chapter.file} cell ${i}`);
      cells.push(
        `<section class="cell code exercise"><div class="cell-label">Exercise: your code goes here</div>\n${codeBlock(learner)}\n` +
          `<details class="solution"><summary>Solution</summary>\n${codeBlock(solution)}\n</details>${outs}</section>`,
      );
      return;
    }
    if ((hidden?.source_hidden || !source.trim()) && !outputs) return;
    const check = tagsOf(cell).includes("check") ? " check" : "";
    const code = source.trim() && !hidden?.source_hidden ? codeBlock(source) : "";
    cells.push(`<section class="cell code${check}">${code}${outs}</section>`);
  });
  const toc = chapter.sections.map((s) => `<li><a href="#${s.id}">${s.html}</a></li>`).join("\n");
  const notebook = `notebooks/${chapter.file}`;
  const body = `<header class="site-header"><a href="index.html">${escapeHtml(courseTitle)}</a></header>
${navHtml(nav)}
<div class="layout">
<aside class="toc"><div class="toc-title">Chapter ${chapter.number}</div>
<ol>
${toc}
</ol>
<p class="download"><a href="${notebook}" download>Download the notebook</a> (with the exercises to do)</p>
</aside>
<main class="chapter">
${cells.join("\n")}
</main>
</div>
${navHtml(nav)}`;
  return { html: pageHtml({ title: `${chapter.number} · ${chapter.title} — ${courseTitle}`, body, charts: charts > 0 }), charts };
}

/**
 * The index: the course's title and introduction, then every chapter with what it teaches and its sections.
 * @param {Chapter[]} chapters
 * @param {{ title: string, intro: string }} course  intro in markdown
 */
export function indexPage(chapters, course) {
  const items = chapters
    .map((c) => {
      const exercises = c.exercises ? ` <span class="badge">${c.exercises} exercise${c.exercises === 1 ? "" : "s"}</span>` : "";
      const sections = c.sections.map((s) => `<a href="${c.page}#${s.id}">${s.html}</a>`).join(" · ");
      return `<li class="chapter-item"><div class="chapter-title"><span class="num">${c.number}</span> <a href="${c.page}">${c.titleHtml}</a>${exercises}</div>
<p class="idea">${renderInlineMarkdown(c.idea)}</p>
<p class="sections">${sections}</p></li>`;
    })
    .join("\n");
  const body = `<header class="site-header"><a href="index.html">${escapeHtml(course.title)}</a></header>
<main class="index">
<h1>${escapeHtml(course.title)}</h1>
${renderMarkdown(course.intro).html}
<p class="how">Each chapter is a Jupyter notebook, shown here run from top to bottom: the text, the code and what it
printed, with interactive charts (hover, zoom, and in chapter 08 press Play). Exercises show the code you write, with
the solution folded away. To run and change the code yourself, get the course and run <code>npm start</code>.</p>
<h2 id="chapters">Chapters</h2>
<ol class="chapters">
${items}
</ol>
</main>`;
  return pageHtml({ title: course.title, body, charts: false });
}

