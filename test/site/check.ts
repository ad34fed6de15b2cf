/**
 * The course website (`npm run site` → site/) checked in headless Chromium: `npm run test:site [DIR]`, or the
 * `site` stage of `npm test`. The site is served over HTTP on 127.0.0.1 (as a static host would serve it) and
 * every page is opened; each must:
 *   - draw every chart (plotly's `svg.main-svg`, with content, in every `div.lr2nn-chart`), with no script error;
 *   - show no raw math: no `$` left in the text outside code, and no KaTeX error (`.katex-error`);
 *   - link only to files that exist (HTTP 200) and anchors that exist (`#id` on the target page); every chapter
 *     page is linked from the index, and every chapter page has its contents / previous / next links;
 *   - show each exercise as the learner's stub (`throw notYet()`) with the solution folded (a closed <details>);
 *   - chapter 08: its animation plays (the slider moves and the heatmap changes when Play is pressed);
 *   - make no request that leaves the machine (test/browser/playground-checks.ts's `onMachine`);
 *   - a page with a playground (06, 08): its live trainer passes `expectLivePlayground` (costs equal to Node's,
 *     play / pause / a new learning rate + reset, ≥ 100 epochs in 3 s, ≥ 10 redraws a second, keyboard).
 * Screenshots go to test-artifacts/screenshots/site/. Then the checker checks itself: a small broken site (a chart
 * that cannot draw, raw `$…$`, a KaTeX error, a dead link, a missing anchor, an unfolded solution) must produce
 * exactly those complaints, so a checker that sees nothing cannot pass.
 * The browser: LR2NN_CHROMIUM, default Debian's /usr/bin/chromium (never downloaded).
 */
import { createServer, type Server } from "node:http";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve, sep } from "node:path";
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { expectPlayingAnimation } from "../browser/checks";
import { expectLivePlayground, onMachine } from "../browser/playground-checks";

const ROOT = resolve(__dirname, "..", "..");
const CHROMIUM = process.env.LR2NN_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const SCREENSHOTS = join(ROOT, "test-artifacts", "screenshots", "site");
const CHART_TIMEOUT_MS = Number(process.env.LR2NN_TIMEOUT ?? 180) * 1000;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json",
  ".woff2": "font/woff2", ".png": "image/png", ".svg": "image/svg+xml", ".ipynb": "application/x-ipynb+json",
};

/** A static file server for `dir` on 127.0.0.1 (a random free port), as any static host serves a site. */
export async function serve(dir: string): Promise<{ server: Server; url: string }> {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(join(root, path));
    if ((file !== root && !file.startsWith(root + sep)) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(req.method === "HEAD" ? undefined : readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("the site server has no port");
  return { server, url: `http://127.0.0.1:${address.port}/` };
}

/** What one page showed. */
interface PageFacts {
  figures: number;
  charts: { id: string; drawn: boolean; message: string }[];
  rawMath: string[];
  katexErrors: string[];
  links: string[];
  anchors: string[];
  exercises: { stub: boolean; folded: boolean; solution: boolean }[];
  nav: { contents: boolean; prev: boolean; next: boolean };
}

/** Checks every page of a site; returns one line per page with its problems. */
export async function checkSite(
  dir: string,
  context: BrowserContext,
  opts: { screenshots?: string; quiet?: boolean } = {},
): Promise<{ page: string; problems: string[]; detail: string }[]> {
  const { server, url } = await serve(dir);
  const results: { page: string; problems: string[]; detail: string }[] = [];
  /** Target files fetched once: status and body. */
  const fetched = new Map<string, Promise<{ status: number; body: string }>>();
  const get = (target: string) => {
    if (!fetched.has(target))
      fetched.set(target, fetch(target).then(async (r) => ({ status: r.status, body: r.headers.get("content-type")?.startsWith("text/html") ? await r.text() : "" })));
    return fetched.get(target)!;
  };
  try {
    const pages = readdirSync(dir).filter((f) => f.endsWith(".html")).sort((a, b) => (a === "index.html" ? -1 : b === "index.html" ? 1 : a.localeCompare(b)));
    const chapterPages = pages.filter((p) => p !== "index.html");
    for (const name of pages) {
      const problems: string[] = [];
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
      page.on("console", (m) => { if (m.type() === "error") errors.push(`console error: ${m.text()}`); });
      page.on("response", (r) => {
        if (r.status() >= 400) errors.push(`HTTP ${r.status()} for ${r.url()}`);
      });
      page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
      // Offline: no request may leave the machine (no CDN, no font service).
      page.on("request", (r) => {
        if (!onMachine(r.url())) errors.push(`request off the machine: ${r.url()}`);
      });
      const t0 = Date.now();
      const response = await page.goto(url + name, { waitUntil: "load" });
      if (response?.status() !== 200) problems.push(`HTTP ${response?.status()}`);
      const figures = await page.locator("script.lr2nn-figure").count();
      if (figures)
        await page.waitForSelector("body[data-charts-drawn]", { timeout: CHART_TIMEOUT_MS }).catch(() => problems.push(`the charts were not all drawn within ${CHART_TIMEOUT_MS / 1000} s`));
      const facts: PageFacts = await page.evaluate(() => {
        const charts = Array.from(document.querySelectorAll<HTMLElement>("div.lr2nn-chart")).map((div) => {
          const svg = div.querySelector("svg.main-svg");
          return { id: div.id, drawn: !!svg && svg.childElementCount > 0, message: svg ? "" : (div.textContent ?? "").slice(0, 200) };
        });
        // The text a reader sees outside code and rendered math: any `$` there is math that was not rendered.
        const clone = document.body.cloneNode(true) as HTMLElement;
        clone.querySelectorAll("pre, code, script, style, .katex").forEach((e) => e.remove());
        const rawMath: string[] = [];
        const walker = document.createTreeWalker(clone, NodeFilter.SHOW_ELEMENT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const el = n as HTMLElement;
          // The innermost block holding a `$`: report its text.
          if (el.textContent?.includes("$") && !Array.from(el.children).some((c) => c.textContent?.includes("$")))
            rawMath.push(el.textContent.trim().replace(/\s+/g, " ").slice(0, 160));
        }
        const katexErrors = Array.from(document.querySelectorAll(".katex-error")).map((e) => (e.getAttribute("title") ?? e.textContent ?? "").slice(0, 160));
        const links = [
          ...Array.from(document.querySelectorAll("a[href]")).map((a) => (a as HTMLAnchorElement).href),
          ...Array.from(document.querySelectorAll("link[href]")).map((l) => (l as HTMLLinkElement).href),
          ...Array.from(document.querySelectorAll("script[src], img[src]")).map((s) => (s as HTMLScriptElement).src),
        ].filter((h) => !h.startsWith("data:"));
        const anchors = Array.from(document.querySelectorAll("[id]")).map((e) => e.id);
        const exercises = Array.from(document.querySelectorAll(".cell.exercise")).map((ex) => {
          const details = ex.querySelector("details.solution");
          return {
            stub: /throw notYet\(\)/.test(ex.querySelector(":scope > pre.code")?.textContent ?? ""),
            folded: !!details && !(details as HTMLDetailsElement).open,
            solution: !!details?.querySelector("pre.code") && !/throw notYet\(\)/.test(details.textContent ?? ""),
          };
        });
        const nav = {
          contents: !!document.querySelector('.chapter-nav a.contents[href="index.html"]'),
          prev: !!document.querySelector('.chapter-nav a[rel="prev"]'),
          next: !!document.querySelector('.chapter-nav a[rel="next"]'),
        };
        return { figures: document.querySelectorAll("script.lr2nn-figure").length, charts, rawMath, katexErrors, links, anchors, exercises, nav };
      });
      const drawn = facts.charts.filter((c) => c.drawn).length;
      for (const c of facts.charts.filter((c) => !c.drawn)) problems.push(`chart ${c.id} not drawn${c.message ? `: ${c.message}` : ""}`);
      if (facts.charts.length !== facts.figures) problems.push(`${facts.figures} figures but ${facts.charts.length} chart divs`);
      for (const t of facts.rawMath) problems.push(`raw math (a "$" outside code): ${t}`);
      for (const t of facts.katexErrors) problems.push(`KaTeX error: ${t}`);
      // Links: same-origin targets must answer 200; an anchor must exist on its page.
      let external = 0;
      const checked = new Set<string>();
      for (const href of facts.links) {
        const u = new URL(href);
        if (u.origin !== new URL(url).origin) {
          external++;
          continue;
        }
        if (checked.has(href)) continue;
        checked.add(href);
        const target = u.origin + u.pathname;
        const self = target === url + name;
        const r = self ? { status: 200, body: "" } : await get(target);
        if (r.status !== 200) {
          problems.push(`dead link: ${u.pathname}${u.hash} (HTTP ${r.status})`);
          continue;
        }
        const id = decodeURIComponent(u.hash.slice(1));
        if (id && !(self ? facts.anchors.includes(id) : r.body.includes(`id="${id}"`))) problems.push(`missing anchor: ${u.pathname}${u.hash}`);
      }
      facts.exercises.forEach((e, k) => {
        if (!e.stub) problems.push(`exercise ${k + 1}: the learner's stub (throw notYet()) is not shown`);
        if (!e.folded) problems.push(`exercise ${k + 1}: the solution is not folded away`);
        if (!e.solution) problems.push(`exercise ${k + 1}: no solution in the folded block`);
      });
      if (name === "index.html") {
        const linked = new Set(facts.links.map((h) => new URL(h).pathname.slice(1)));
        for (const p of chapterPages) if (!linked.has(p)) problems.push(`the index does not link to ${p}`);
      } else {
        const k = chapterPages.indexOf(name);
        if (!facts.nav.contents) problems.push("no link to the contents");
        if (k > 0 && !facts.nav.prev) problems.push("no link to the previous chapter");
        if (k < chapterPages.length - 1 && !facts.nav.next) problems.push("no link to the next chapter");
      }
      if (name.startsWith("08-"))
        await expectPlayingAnimation(page, { minFrames: 20 }).catch((e: unknown) => problems.push(`animation: ${e instanceof Error ? e.message : e}`));
      // The live trainer (issue #24): the page's costs equal Node's, play/pause/reset, speeds, keyboard.
      let playground = "";
      if (await page.locator("[data-playground]").count())
        playground = await expectLivePlayground(page, {
          screenshot: opts.screenshots ? join(opts.screenshots, name.replace(/\.html$/, "-playground.png")) : undefined,
        }).catch((e: unknown) => {
          problems.push(`playground: ${e instanceof Error ? e.message : e}`);
          return "";
        });
      problems.push(...errors);
      if (opts.screenshots) {
        mkdirSync(opts.screenshots, { recursive: true });
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: join(opts.screenshots, name.replace(/\.html$/, ".png")) });
        const first = page.locator("div.lr2nn-chart").first();
        if (await first.count()) {
          await first.scrollIntoViewIfNeeded();
          await first.screenshot({ path: join(opts.screenshots, name.replace(/\.html$/, "-chart1.png")) });
        }
      }
      const detail = `${drawn}/${facts.figures} charts drawn, ${checked.size} internal links${external ? ` (+${external} external, not followed)` : ""}` +
        `${facts.exercises.length ? `, ${facts.exercises.length} exercises folded` : ""}${playground ? `; ${playground}` : ""} (${((Date.now() - t0) / 1000).toFixed(1)} s)`;
      results.push({ page: name, problems, detail });
      if (!opts.quiet) console.log(`${problems.length ? "✗" : "✓"} ${name}: ${detail}${problems.map((p) => `\n    ${p}`).join("")}`);
      await page.close();
    }
  } finally {
    await new Promise((ok) => server.close(ok));
  }
  return results;
}

/**
 * The checker on a broken site: a copy of the real site's assets and two pages with one defect each of the kinds
 * it must catch. Returns the defects it failed to report (empty when it caught them all).
 */
async function selfTest(site: string, context: BrowserContext): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "lr2nn-site-selftest-"));
  try {
    cpSync(join(site, "assets"), join(dir, "assets"), { recursive: true });
    const head = `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="assets/katex/katex.min.css">` +
      `<script src="assets/plotly.min.js" defer></script><script src="assets/site.js" defer></script></head><body>`;
    writeFileSync(join(dir, "index.html"), `${head}<a href="01-a.html">01</a></body></html>`);
    writeFileSync(join(dir, "01-a.html"), `${head}<nav class="chapter-nav"><a class="contents" href="index.html">Contents</a></nav>
<div class="lr2nn-chart" id="chart-1"></div><script type="application/json" class="lr2nn-figure" data-for="chart-1">{"data": [{"x": [1, 2], "y": [3, 4]}]}</script>
<div class="lr2nn-chart" id="chart-2"></div><script type="application/json" class="lr2nn-figure" data-for="chart-2">{"data": [ broken json</script>
<p>The sigmoid $\\sigma(z)$ left raw.</p><p><span class="katex-error" title="ParseError: Undefined control sequence: \\sigmaa">\\sigmaa</span></p>
<a href="02-missing.html">next</a> <a href="index.html#nowhere">contents</a>
<section class="cell code exercise"><pre class="code">throw notYet();</pre><details class="solution" open><summary>Solution</summary><pre class="code">return 1;</pre></details></section>
</body></html>`);
    const results = await checkSite(dir, context, { quiet: true });
    const all = results.flatMap((r) => r.problems.map((p) => `${r.page}: ${p}`));
    const expected: [string, RegExp][] = [
      ["an undrawn chart", /01-a\.html: chart chart-2 not drawn/],
      ["raw $…$", /01-a\.html: raw math .*\$\\sigma\(z\)\$/],
      ["a KaTeX error", /01-a\.html: KaTeX error/],
      ["a dead link", /01-a\.html: dead link: \/02-missing\.html/],
      ["a missing anchor", /01-a\.html: missing anchor: \/index\.html#nowhere/],
      ["an unfolded solution", /01-a\.html: exercise 1: the solution is not folded/],
    ];
    const missed = expected.filter(([, re]) => !all.some((p) => re.test(p))).map(([what]) => what);
    // The one healthy chart must not be reported.
    if (all.some((p) => /chart chart-1 not drawn/.test(p))) missed.push("a healthy chart was reported as undrawn");
    if (missed.length) console.log(`  the checker reported:\n    ${all.join("\n    ")}`);
    return missed;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const dir = resolve(process.argv[2] ?? join(ROOT, "site"));
  if (!existsSync(join(dir, "index.html"))) {
    console.log(`✗ ${dir}/index.html is missing: build the site first (npm run site)`);
    return 1;
  }
  const t0 = Date.now();
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const results = await checkSite(dir, context, { screenshots: SCREENSHOTS });
    const missed = await selfTest(dir, context);
    console.log(missed.length ? `✗ self-test: the checker missed ${missed.join(", ")}` : "✓ self-test: the checker caught an undrawn chart, raw $…$, a KaTeX error, a dead link, a missing anchor and an unfolded solution");
    const failed = results.filter((r) => r.problems.length).length + (missed.length ? 1 : 0);
    const passed = results.length + 1 - failed;
    console.log(`screenshots: ${SCREENSHOTS}\ntime: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    console.log(`site: ${passed} passed, ${failed} failed`);
    return failed ? 1 : 0;
  } finally {
    await browser?.close().catch(() => {});
  }
}

if (require.main === module) main().then((code) => process.exit(code), (e) => { console.error(`✗ ${e instanceof Error ? e.stack : e}`); process.exit(1); });
