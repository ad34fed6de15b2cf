// @ts-check
// The site's text: markdown with math (markdown-it; `$…$` and `$$…$$` are taken out before markdown sees them and
// rendered with KaTeX on the server, so pages need no script for math), and code highlighted with highlight.js.
import hljs from "highlight.js";
import katex from "katex";
import MarkdownIt from "markdown-it";

/** @typedef {{ level: number, id: string, html: string, text: string }} Heading */

/** Characters from Unicode's private use area mark where a formula was taken out (markdown leaves them alone). */
const OPEN = "\uE000";
const CLOSE = "\uE001";
const PLACEHOLDER = new RegExp(`${OPEN}(\\d+)${CLOSE}`, "g");

/**
 * Escapes text for HTML (element content and quoted attributes).
 * @param {string} s
 */
export function escapeHtml(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * Takes every formula out of a markdown text, leaving a placeholder, so markdown cannot read `_`, `*` or `|`
 * inside a formula. `$$…$$` is display math, `$…$` inline math: the opening `$` followed by a non-space, the
 * closing one the next `$` in the paragraph unless a digit follows it (Jupyter also reads `$0 \cdot \infty = $` as
 * math; "$5 or $6" stays money). Code (fenced blocks and backtick spans) and `\$` are left as they are.
 * @param {string} md
 * @returns {{ text: string, math: { tex: string, display: boolean }[] }}
 */
export function protectMath(md) {
  /** @type {{ tex: string, display: boolean }[]} */
  const math = [];
  let out = "";
  let i = 0;
  const n = md.length;
  const atLineStart = (/** @type {number} */ k) => k === 0 || md[k - 1] === "\n";
  while (i < n) {
    const c = md[i];
    // A fenced code block: copied up to and including its closing fence.
    if (atLineStart(i)) {
      const fence = /^ {0,3}(`{3,}|~{3,})[^\n]*/.exec(md.slice(i, i + 200));
      if (fence) {
        const marker = fence[1];
        const close = new RegExp(`\\n {0,3}${marker[0] === "`" ? "`" : "~"}{${marker.length},}[ \\t]*(?=\\n|$)`, "g");
        close.lastIndex = i + fence[0].length;
        const m = close.exec(md);
        const end = m ? m.index + m[0].length : n;
        out += md.slice(i, end);
        i = end;
        continue;
      }
    }
    if (c === "\\" && i + 1 < n) {
      out += md.slice(i, i + 2);
      i += 2;
      continue;
    }
    // A code span: a run of backticks up to the same run.
    if (c === "`") {
      let run = 1;
      while (md[i + run] === "`") run++;
      const ticks = "`".repeat(run);
      let j = md.indexOf(ticks, i + run);
      while (j >= 0 && md[j + run] === "`") j = md.indexOf(ticks, j + run + 1);
      const end = j < 0 ? i + run : j + run;
      out += md.slice(i, end);
      i = end;
      continue;
    }
    if (c === "$") {
      if (md[i + 1] === "$") {
        const j = md.indexOf("$$", i + 2);
        if (j > i + 2) {
          math.push({ tex: md.slice(i + 2, j).trim(), display: true });
          out += `${OPEN}${math.length - 1}${CLOSE}`;
          i = j + 2;
          continue;
        }
      } else if (i + 1 < n && !/\s/.test(md[i + 1])) {
        let j = i + 1;
        let found = -1;
        while (j < n) {
          if (md[j] === "\\") {
            j += 2;
            continue;
          }
          if (md[j] === "\n" && md[j + 1] === "\n") break; // a formula never spans paragraphs
          if (md[j] === "$") {
            if (!/\d/.test(md[j + 1] ?? "")) found = j;
            break;
          }
          j++;
        }
        if (found > 0) {
          math.push({ tex: md.slice(i + 1, found), display: false });
          out += `${OPEN}${math.length - 1}${CLOSE}`;
          i = found + 1;
          continue;
        }
      }
    }
    out += c;
    i++;
  }
  return { text: out, math };
}

/**
 * A formula as HTML, rendered by KaTeX (HTML and MathML). A formula KaTeX cannot read (a syntax error, or an
 * unknown command, which KaTeX's throwOnError: false would only colour red) becomes a `.katex-error` span showing
 * the TeX and the reason, which the build reports and the site's browser test refuses.
 * @param {string} tex
 * @param {boolean} display
 */
export function renderMath(tex, display) {
  try {
    return katex.renderToString(tex, { displayMode: display, throwOnError: true, strict: "ignore", output: "htmlAndMathml" });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return `<span class="katex-error" title="${escapeHtml(why)}" style="color:#cc0000">${escapeHtml(tex)}</span>`;
  }
}

/**
 * A heading's anchor: lower case, letters and digits kept (any script), the rest become single dashes.
 * @param {string} text
 */
export function slugify(text) {
  return (
    text
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^\p{L}\p{N}]+/gu, "-")
      .replace(/^-+|-+$/g, "") || "section"
  );
}

/**
 * The markdown renderer: CommonMark + tables, raw HTML shown as text (as the notebooks' `<date and time>` must
 * be), links opened as written, and an id on every heading (collected in `env.headings`).
 */
function markdownIt() {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  // A link to another chapter's notebook goes to its page.
  md.core.ruler.push("chapter_links", (state) => {
    for (const block of state.tokens)
      for (const t of block.children ?? []) {
        const href = t.type === "link_open" ? t.attrGet("href") : null;
        const m = href && /^(?:\.{1,2}\/)*(?:notebooks\/|solutions\/)?((?:\d+|[A-Z])-[\w.-]+)\.ipynb(#.*)?$/.exec(href);
        if (m) t.attrSet("href", `${m[1]}.html${m[2] ?? ""}`);
      }
  });
  md.core.ruler.push("heading_ids", (state) => {
    /** @type {{ headings?: Heading[], math?: { tex: string }[], usedIds?: Set<string> }} */
    const env = state.env;
    const used = (env.usedIds ??= new Set());
    const tokens = state.tokens;
    for (let k = 0; k < tokens.length; k++) {
      if (tokens[k].type !== "heading_open") continue;
      const inline = tokens[k + 1];
      const plain = inline.content.replace(PLACEHOLDER, (_, m) => env.math?.[Number(m)]?.tex.replace(/\\/g, "") ?? "");
      let id = slugify(plain);
      for (let s = 2; used.has(id); s++) id = `${slugify(plain)}-${s}`;
      used.add(id);
      tokens[k].attrSet("id", id);
      (env.headings ??= []).push({
        level: Number(tokens[k].tag.slice(1)),
        id,
        html: md.renderer.renderInline(inline.children ?? [], md.options, env),
        text: inline.content,
      });
    }
  });
  return md;
}
const MD = markdownIt();

/**
 * Puts the rendered formulas back in place of their placeholders; a display formula that is a paragraph of its own
 * becomes a block.
 * @param {string} html
 * @param {{ tex: string, display: boolean }[]} math
 */
function restoreMath(html, math) {
  const rendered = math.map((m) => renderMath(m.tex, m.display));
  return html
    .replace(new RegExp(`<p>${OPEN}(\\d+)${CLOSE}</p>`, "g"), (all, k) =>
      math[Number(k)].display ? `<div class="math-display">${rendered[Number(k)]}</div>` : all,
    )
    .replace(PLACEHOLDER, (_, k) => rendered[Number(k)]);
}

/**
 * Markdown with `$…$` / `$$…$$` math to HTML, and its headings (with their ids, as HTML and as text).
 * @param {string} source
 * @param {Set<string>} [usedIds]  ids already taken on the page (updated), so anchors stay unique across cells
 * @returns {{ html: string, headings: Heading[] }}
 */
export function renderMarkdown(source, usedIds = new Set()) {
  const { text, math } = protectMath(source);
  /** @type {{ headings: Heading[], math: typeof math, usedIds: Set<string> }} */
  const env = { headings: [], math, usedIds };
  const html = MD.render(text, env);
  const plainMath = (/** @type {string} */ s) => s.replace(PLACEHOLDER, (_, k) => math[Number(k)].tex);
  return {
    html: restoreMath(html, math),
    headings: env.headings.map((h) => ({ ...h, html: restoreMath(h.html, math), text: plainMath(h.text) })),
  };
}

/**
 * Markdown rendered inline (no surrounding paragraph), with math: for one-line texts such as a chapter's idea.
 * @param {string} source
 */
export function renderInlineMarkdown(source) {
  const { text, math } = protectMath(source);
  return restoreMath(MD.renderInline(text), math);
}

/**
 * TypeScript code, highlighted (highlight.js classes, styled by its github theme).
 * @param {string} code
 */
export function highlight(code) {
  return hljs.highlight(code, { language: "typescript", ignoreIllegals: true }).value;
}

/** @param {string} code */
export const codeBlock = (code) => `<pre class="code"><code class="hljs language-typescript">${highlight(code.replace(/\n+$/, ""))}</code></pre>`;
