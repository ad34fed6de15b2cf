/**
 * Browser test (`npm run test:browser`, part of `npm run test:all`): the chapters run the way a learner runs them,
 * in headless Chromium, JupyterLab first; then, on one chart-heavy chapter, the ways a learner comes back to a
 * notebook.
 *
 *   npm run test:browser [-- FILTER]      (FILTER: run only notebooks whose name contains it)
 *
 * Copies notebooks/*.ipynb to .test-run/browser-<pid>/notebooks/ (inside the project, so tslab still finds
 * node_modules, and Jupyter's autosave can never write outputs into notebooks/), starts each frontend's server
 * on 127.0.0.1 with a random token and the project-local kernel registry (.jupyter/), the kernels with strict prose
 * checks (LR2NN_PROSE_CHECKS=strict-text, as the notebook tests of learner copies: the hidden Try-it
 * re-training is left to the solutions' run), and per frontend:
 * - each of its chapters: Run All on a fresh kernel; fails on any error or stderr output, on any chart
 *   (`CHART_SELECTOR`) without a drawn plotly `svg.main-svg`, on the extra checks of test/browser/checks.ts, and,
 *   read from the saved copy, on anything the notebook tests would fail (test/browser/outputs.ts: a check cell
 *   that does not say "not yet", stderr). So a chapter run here needs no nbclient run besides.
 * - JupyterLab, on the scenario notebook (`02-`, when the filter selects it), in place of its plain run:
 *   reload     run all and save; reload the page (the kernel keeps running): the saved charts draw;
 *   two tabs   a second tab on the same kernel runs all: every chart drawn there, and still in the first tab;
 *   reopen     save, close the notebook and open it again (kernel kept): the saved charts draw;
 *   saved      with its kernel gone, open the saved notebook in a new page, run nothing: every chart drawn from
 *              the saved outputs (trusted: saved by the learner); reports its size on disk.
 *   That is two runs of the chapter: with its solution's nbclient run, three in `npm run test:all`.
 * Frontends (LR2NN_FRONTENDS, default `lab,lab+plotly,classic`) and their chapters: `lab` (plotly's JupyterLab
 * extension disabled: charts take the HTML path) every chapter; `lab+plotly` (only where the extension is
 * installed: charts drawn from plotly's MIME type) chapter `08-`; `classic` chapters `00-`, `05-` and `11-` (with a
 * FILTER, every chapter it selects). JupyterLab comes from scripts/tools.mjs's `provideJupyterLab` (found, or
 * installed into .venv/); where it cannot be had its lines are skipped (printed; the browser stage counts the
 * skip, never as passed). Screenshots go to test-artifacts/screenshots/<frontend>/<name>.png.
 * Environment: LR2NN_TIMEOUT (seconds per notebook run, default 300), LR2NN_CHROMIUM (default
 * /usr/bin/chromium).
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { NOTEBOOKS_DIR, ROOT, listNotebooks, testKernelEnv } from "../../scripts/jupyter.mjs";
import { ToolMissing, findTestPython, provideJupyterLab } from "../../scripts/tools.mjs";
import { charts, checksFor, type ChartInfo } from "./checks";
import { learnerOutputProblems } from "./outputs";
import { onMachine } from "./playground-checks";
import { classicNotebook } from "./classic";
import { CHART_SELECTOR, type Frontend } from "./frontend";
import { hasPlotlyExtension, jupyterLab } from "./lab";
import { deleteSessions, sessions, stopServer } from "./server";

// One scratch folder per run: two runs at once (two engineers, one tree) must not delete each other's copies.
const SCRATCH_NAME = `browser-${process.pid}`;
const SCRATCH = join(ROOT, ".test-run", SCRATCH_NAME);
const SCREENSHOTS = join(ROOT, "test-artifacts", "screenshots");
const NOTEBOOK_TIMEOUT_MS = Number(process.env.LR2NN_TIMEOUT ?? 300) * 1000;
const CHROMIUM = process.env.LR2NN_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const FRONTENDS = (process.env.LR2NN_FRONTENDS ?? "lab,lab+plotly,classic")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);
/** The chapter the reload / two tabs / reopen / saved scenarios run on (when selected). */
const SCENARIO_PREFIX = "02-";
/** Chapters run with plotly's JupyterLab extension (MIME path). */
const MIME_PREFIXES = ["08-"];
/** Chapters run in the classic Notebook when no filter is given (JupyterLab is what the course is for). */
const CLASSIC_PREFIXES = ["00-", "05-", "11-"];
const MIME_TYPE = "application/vnd.plotly.v1+json";

/** One printed line: a frontend, a check, its verdict and what it saw. */
interface Line {
  ok: boolean;
  text: string;
  problems: string[];
}

const lines: Line[] = [];
function report(frontend: string, check: string, problems: string[], detail: string): void {
  const line = { ok: problems.length === 0, text: `${frontend} ${check}: ${detail}`, problems };
  lines.push(line);
  console.log(`${line.ok ? "✓" : "✗"} ${line.text}`);
  for (const p of problems) console.log(`    ${p.replace(/\n/g, "\n    ")}`);
}

/** Whether the source asks for charts (the lib's plot* / show calls, or a hand-made lr2nn-chart). */
function expectsCharts(file: string): boolean {
  const nb = JSON.parse(readFileSync(file, "utf8")) as {
    cells: { cell_type: string; source: string | string[] }[];
  };
  return nb.cells.some((c) => {
    const src = Array.isArray(c.source) ? c.source.join("") : c.source;
    return c.cell_type === "code" && /\bplot\w*\s*\(|\bshow\s*\(|lr2nn-chart/.test(src);
  });
}

/** Waits (up to `ms`) until every chart on the page has drawn; returns what the page shows then. */
async function drawnCharts(page: Page, ms = 15_000): Promise<ChartInfo[]> {
  await page
    .waitForFunction(
      (sel) =>
        Array.from(document.querySelectorAll(sel)).every(
          (d) => (d.querySelector("svg.main-svg")?.childElementCount ?? 0) > 0,
        ),
      CHART_SELECTOR,
      { timeout: ms, polling: 200 },
    )
    .catch(() => {});
  return charts(page);
}

/** Problems with the charts: any not drawn (with what it says instead), none at all, or the wrong kind. */
function chartProblems(list: ChartInfo[], fe: Frontend, expected: number | null): string[] {
  const problems: string[] = [];
  for (const c of list)
    if (!c.drawn)
      problems.push(`chart ${c.id} was not drawn${c.message ? `; it says: ${c.message}` : ""}`);
  if (expected !== null && list.length !== expected)
    problems.push(`${list.length} charts on the page, expected ${expected}`);
  // With plotly's extension every chart must come from the MIME type; without it, from the HTML.
  const want = fe.name === "lab+plotly" ? "mime" : "html";
  const wrong = list.filter((c) => c.kind !== want);
  if (wrong.length)
    problems.push(
      `${wrong.length} charts rendered from ${wrong[0]!.kind === "html" ? "HTML" : "plotly's MIME type"}, expected ${want === "html" ? "HTML" : "the MIME type"}`,
    );
  return problems;
}

const drawnText = (list: ChartInfo[]) =>
  `charts drawn ${list.filter((c) => c.drawn).length}/${list.length}`;
const secs = (t0: number) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

/** A new tab that records page errors into `problems` and never lets a dialog block the run. */
async function tab(fe: Frontend, context: BrowserContext, problems: string[]): Promise<Page> {
  const page = await fe.newPage(context);
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  // Offline: no request may leave the machine (no CDN; issue #24).
  page.on("request", (r) => {
    if (!onMachine(r.url())) problems.push(`request off the machine: ${r.url()}`);
  });
  // "Leave page?" on reload: leave. Anything else: dismiss.
  page.on("dialog", (d) => void (d.type() === "beforeunload" ? d.accept() : d.dismiss()));
  return page;
}

/** Runs all cells and adds the problems: cells that did not run, error outputs. */
async function runAll(fe: Frontend, page: Page, problems: string[]): Promise<number> {
  const r = await fe.runAll(page, NOTEBOOK_TIMEOUT_MS);
  if (r.timedOut)
    problems.push(`timed out after ${NOTEBOOK_TIMEOUT_MS / 1000} s: ${r.ran}/${r.total} cells ran`);
  else if (r.ran < r.total)
    problems.push(`${r.total - r.ran} of ${r.total} code cells did not run`);
  problems.push(...(await fe.errors(page)).map((b) => `error output in ${b}`));
  return r.total;
}

/**
 * The chapter's extra checks (test/browser/checks.ts), their failures added to `problems`; returns what the
 * passing ones measured ("" when they say nothing), to print beside the chapter's line.
 */
async function extraChecks(
  page: Page,
  name: string,
  problems: string[],
  reload?: () => Promise<void>,
): Promise<string> {
  const said: string[] = [];
  for (const check of checksFor(name)) {
    try {
      const detail = await check(page, { reload });
      if (detail) said.push(detail);
    } catch (e) {
      problems.push(`extra check: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return said.map((s) => `; ${s}`).join("");
}

/**
 * Saves the notebook and adds what the notebook tests would fail in the saved copy (test/browser/outputs.ts);
 * returns how many check cells said "not yet".
 */
async function savedOutputProblems(
  fe: Frontend,
  page: Page,
  path: string,
  file: string,
  problems: string[],
): Promise<number> {
  await fe.save(page, path);
  const r = learnerOutputProblems(file);
  problems.push(...r.problems);
  return r.checks;
}

/** Every notebook, on a fresh kernel each. */
async function testNotebook(fe: Frontend, context: BrowserContext, name: string): Promise<void> {
  const t0 = Date.now();
  const problems: string[] = [];
  let page = await tab(fe, context, problems);
  const path = `.test-run/${SCRATCH_NAME}/notebooks/${name}`;
  let detail = "";
  let retried = "";
  try {
    let opened: Awaited<ReturnType<Frontend["open"]>>;
    try {
      opened = await fe.open(page, path);
    } catch (e) {
      // A kernel that never became idle (seen once in many runs, on a busy machine): one more try in a new
      // tab on a new kernel, said on the chapter's line. Nothing has run yet, so nothing is hidden.
      retried = ` (opened on the second try: ${e instanceof Error ? e.message.split("\n")[0] : String(e)})`;
      await page.close().catch(() => {});
      await deleteSessions(fe.server).catch(() => {});
      page = await tab(fe, context, problems);
      opened = await fe.open(page, path);
    }
    const cells = await runAll(fe, page, problems);
    const list = await drawnCharts(page);
    problems.push(...chartProblems(list, fe, null));
    if (!list.length && expectsCharts(join(SCRATCH, "notebooks", name)))
      problems.push("the notebook plots, but no chart appeared");
    // a check may save and reload the page (the kernel keeps running), as a learner's browser does
    const measured = await extraChecks(page, name, problems, async () => {
      await fe.save(page, path);
      await fe.reload(page, path);
    });
    const checks = await savedOutputProblems(
      fe,
      page,
      path,
      join(SCRATCH, "notebooks", name),
      problems,
    );
    detail =
      `${cells} cells, ${drawnText(list)}, ${checks} checks "not yet", ${secs(t0)} ` +
      `(page ${opened.pageSeconds.toFixed(1)} s, kernel start ${opened.kernelSeconds.toFixed(1)} s)${measured}` +
      retried;
  } catch (e) {
    problems.push(e instanceof Error ? e.message.split("\n")[0]! : String(e));
  } finally {
    mkdirSync(join(SCREENSHOTS, fe.name), { recursive: true });
    await fe
      .screenshot(page, join(SCREENSHOTS, fe.name, name.replace(/\.ipynb$/, ".png")))
      .catch((e) => problems.push(`screenshot failed: ${e}`));
    await page.close().catch(() => {});
    await deleteSessions(fe.server).catch(() => {});
  }
  report(fe.name, name, problems, detail || secs(t0));
}

/** The chart outputs of a saved notebook: how many, and how many carry plotly's MIME type and HTML together. */
function savedCharts(file: string): { charts: number; bundled: number } {
  const nb = JSON.parse(readFileSync(file, "utf8")) as {
    cells: { outputs?: { output_type: string; data?: Record<string, unknown> }[] }[];
  };
  const outs = nb.cells
    .flatMap((c) => c.outputs ?? [])
    .filter((o) => {
      const html = o.data?.["text/html"];
      return (
        (Array.isArray(html) ? html.join("") : String(html ?? "")).includes(
          'class="lr2nn-chart"',
        ) || !!o.data?.[MIME_TYPE]
      );
    });
  return {
    charts: outs.length,
    bundled: outs.filter(
      (o) => o.output_type === "display_data" && o.data?.[MIME_TYPE] && o.data?.["text/html"],
    ).length,
  };
}

/** Reload, two tabs, reopen, saved: on one notebook, one kernel (until `saved`). */
async function scenarios(fe: Frontend, context: BrowserContext, name: string): Promise<void> {
  // Its own copy: the scenarios save it.
  const copy = `scenario-${name}`;
  copyFileSync(join(NOTEBOOKS_DIR, name), join(SCRATCH, "notebooks", copy));
  const path = `.test-run/${SCRATCH_NAME}/notebooks/${copy}`;
  const file = join(SCRATCH, "notebooks", copy);
  const pages: Page[] = [];
  let expected = 0;
  const step = async (check: string, body: (problems: string[]) => Promise<string>) => {
    const t0 = Date.now();
    const problems: string[] = [];
    let detail = "";
    try {
      detail = await body(problems);
    } catch (e) {
      problems.push(e instanceof Error ? e.message.split("\n")[0]! : String(e));
    }
    report(fe.name, `${check} (${name})`, problems, `${detail}${detail ? ", " : ""}${secs(t0)}`);
    return problems.length === 0;
  };
  try {
    let kernel: string | null = null;
    let a!: Page;
    await step("reload", async (problems) => {
      a = await tab(fe, context, problems);
      pages.push(a);
      await fe.open(a, path);
      const cells = await runAll(fe, a, problems);
      const first = await drawnCharts(a);
      expected = first.length;
      if (!expected) problems.push("the first run drew no chart at all");
      problems.push(...chartProblems(first, fe, null).map((p) => `first run: ${p}`));
      // The chapter's own run: everything testNotebook checks.
      await extraChecks(a, name, problems);
      const checks = await savedOutputProblems(fe, a, path, file, problems);
      kernel = await fe.kernelId(a, path);
      await fe.reload(a, path);
      if ((await fe.kernelId(a, path)) !== kernel)
        problems.push("the reloaded page is on another kernel");
      const list = await drawnCharts(a);
      problems.push(...chartProblems(list, fe, expected).map((p) => `reloaded: ${p}`));
      return (
        `${cells} cells, first run ${drawnText(first)}, ${checks} checks "not yet"; ` +
        `reloaded (same kernel): ${drawnText(list)}`
      );
    });
    await step("two tabs", async (problems) => {
      const b = await tab(fe, context, problems);
      pages.push(b);
      await fe.open(b, path);
      if ((await fe.kernelId(b, path)) !== kernel)
        problems.push("the second tab is on another kernel");
      await runAll(fe, b, problems);
      const list = await drawnCharts(b);
      problems.push(...chartProblems(list, fe, expected));
      const inA = await drawnCharts(a, 2000);
      problems.push(...chartProblems(inA, fe, expected).map((p) => `first tab: ${p}`));
      // The second tab saves: the reopen and saved checks read this file.
      await fe.save(b, path);
      return `second tab, same kernel: ${drawnText(list)}; first tab still ${drawnText(inA)}`;
    });
    await step("reopen", async (problems) => {
      for (const p of pages.splice(0)) await p.close();
      let c = await tab(fe, context, problems);
      pages.push(c);
      await fe.open(c, path);
      const saved = await drawnCharts(c);
      problems.push(...chartProblems(saved, fe, expected).map((p) => `saved outputs: ${p}`));
      c = await fe.closeAndReopen(c, path);
      pages.splice(0, pages.length, c);
      c.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
      if ((await fe.kernelId(c, path)) !== kernel)
        problems.push("the reopened notebook is on another kernel");
      const reopened = await drawnCharts(c);
      problems.push(
        ...chartProblems(reopened, fe, expected).map((p) => `reopened, saved outputs: ${p}`),
      );
      return `saved outputs ${drawnText(saved)}; closed and reopened (same kernel): ${drawnText(reopened)}`;
    });
    await step("saved", async (problems) => {
      for (const p of pages.splice(0)) await p.close();
      await deleteSessions(fe.server);
      if ((await sessions(fe.server)).length) problems.push("a kernel is still running");
      const bytes = statSync(file).size;
      const onDisk = savedCharts(file);
      if (onDisk.charts !== expected)
        problems.push(`the saved file holds ${onDisk.charts} chart outputs, expected ${expected}`);
      if (onDisk.bundled !== onDisk.charts)
        problems.push(
          `${onDisk.charts - onDisk.bundled} saved chart outputs lack plotly's MIME type and HTML in one display_data`,
        );
      const d = await tab(fe, context, problems);
      pages.push(d);
      await fe.open(d, path);
      if (!(await fe.trusted(d, path))) problems.push("the saved notebook opened untrusted");
      const list = await drawnCharts(d);
      problems.push(...chartProblems(list, fe, expected));
      return (
        `${(bytes / 1e6).toFixed(2)} MB on disk, ${onDisk.bundled}/${onDisk.charts} chart outputs with MIME + HTML; ` +
        `opened in a new page on a fresh kernel, nothing run: ${drawnText(list)}`
      );
    });
  } finally {
    for (const p of pages) await p.close().catch(() => {});
    await deleteSessions(fe.server).catch(() => {});
  }
}

/** JupyterLab's server command and its Python (found, or installed into .venv/), or why there is none. */
function findJupyterLab():
  { command: string; python: string } | { missing: string; skip: boolean } {
  try {
    const lab = provideJupyterLab({ plotly: true });
    // The server is started as one program: `jupyter` + ["lab"] becomes the `jupyter-lab` beside it.
    const command = lab.args.length ? join(dirname(lab.command), "jupyter-lab") : lab.command;
    return existsSync(command)
      ? { command, python: lab.python }
      : { missing: `${command} (from ${lab.command} ${lab.args.join(" ")})`, skip: false };
  } catch (e) {
    if (e instanceof ToolMissing) return { missing: e.message, skip: true };
    throw e;
  }
}

/** Starts the named frontend, or returns why it cannot run (`skip`: JupyterLab cannot be had here). */
async function startFrontend(
  which: string,
  env: NodeJS.ProcessEnv,
  python: string,
): Promise<Frontend | string | { skip: string }> {
  if (which === "classic")
    return classicNotebook(python, { ...env, LR2NN_PROSE_CHECKS: "strict-text" });
  const lab = findJupyterLab();
  if ("missing" in lab)
    return lab.skip ? { skip: lab.missing } : `JupyterLab not found at ${lab.missing}`;
  // The kernel registered for Lab's own Python, as for the classic Notebook's.
  const labEnv = { ...testKernelEnv(lab.python), LR2NN_PROSE_CHECKS: "strict-text" };
  if (which === "lab") return jupyterLab(lab.command, labEnv, SCRATCH, { plotlyExtension: false });
  if (!hasPlotlyExtension(lab.command))
    return `plotly's JupyterLab extension is not installed beside ${lab.command} (pip install plotly)`;
  return jupyterLab(lab.command, labEnv, SCRATCH, { plotlyExtension: true });
}

async function main(): Promise<number> {
  const filter = process.argv[2] ?? "";
  const names = listNotebooks(filter);
  if (!names.length) {
    console.log(
      filter
        ? `no notebook in ${NOTEBOOKS_DIR} matches "${filter}"`
        : `no notebooks in ${NOTEBOOKS_DIR}`,
    );
    return filter ? 1 : 0;
  }
  const python = findTestPython(["notebook"]);
  if (!python) {
    console.error(
      "✗ no Python with the classic Notebook and nbclient (Debian: apt-get install jupyter-notebook python3-nbclient)",
    );
    return 1;
  }
  // Scratch copies, with data/ linked beside them so relative paths behave as in notebooks/.
  mkdirSync(join(SCRATCH, "notebooks"), { recursive: true });
  symlinkSync(join(ROOT, "data"), join(SCRATCH, "data"));
  for (const n of names) copyFileSync(join(NOTEBOOKS_DIR, n), join(SCRATCH, "notebooks", n));
  const plotting = names.filter((n) => expectsCharts(join(NOTEBOOKS_DIR, n)));
  const scenarioNotebook = plotting.find((n) => n.startsWith(SCENARIO_PREFIX));

  let fe: Frontend | undefined;
  let browser: Browser | undefined;
  const cleanup = async () => {
    await browser?.close().catch(() => {});
    if (fe) await stopServer(fe.server);
    rmSync(SCRATCH, { recursive: true, force: true });
  };
  const onSignal = () => void cleanup().finally(() => process.exit(130));
  process.once("SIGINT", onSignal).once("SIGTERM", onSignal);
  const tAll = Date.now();
  try {
    const env = testKernelEnv(python);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    const times: string[] = [];
    for (const which of FRONTENDS) {
      const t0 = Date.now();
      const only = (prefixes: string[]) =>
        names.filter((n) => prefixes.some((p) => n.startsWith(p)));
      // The scenarios replace the scenario chapter's plain run in JupyterLab.
      const scenario = which === "lab" ? scenarioNotebook : undefined;
      const selected = (
        which === "lab+plotly"
          ? only(MIME_PREFIXES).filter((n) => plotting.includes(n))
          : which === "classic" && !filter
            ? only(CLASSIC_PREFIXES)
            : names
      ).filter((n) => n !== scenario);
      if (!selected.length && !scenario) {
        console.log(`- ${which}: not run (none of its chapters is selected)`);
        continue;
      }
      const started = await startFrontend(which, env, python).catch((e: unknown) =>
        e instanceof Error ? e.message : String(e),
      );
      if (typeof started === "object" && "skip" in started) {
        console.log(`- ${which}: SKIPPED (no JupyterLab): ${started.skip}`);
        continue;
      }
      if (typeof started === "string") {
        report(which, "server", [started], "could not start");
        continue;
      }
      fe = started;
      console.log(`${which}: server up in ${secs(t0)} (${fe.server.url})`);
      // A fresh browser context per frontend: its own cookies and storage, as a different browser would have.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      for (const name of selected) await testNotebook(fe, context, name);
      if (scenario) await scenarios(fe, context, scenario);
      await context.close();
      await stopServer(fe.server);
      fe = undefined;
      times.push(`${which} ${secs(t0)}`);
    }
    const failed = lines.filter((l) => !l.ok).length;
    console.log(`screenshots: ${SCREENSHOTS}`);
    console.log(`time: ${times.join(", ")}; total ${secs(tAll)}`);
    console.log(`browser: ${lines.length - failed} passed, ${failed} failed`);
    return failed || !lines.length ? 1 : 0;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`✗ browser test: ${e instanceof Error ? e.stack : e}`);
    process.exit(1);
  },
);
