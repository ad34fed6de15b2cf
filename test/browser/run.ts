/**
 * Browser test: every notebook runs in the classic Notebook in headless Chromium, the way a learner sees it.
 *
 *   npm run test:browser [-- FILTER]      (FILTER: run only notebooks whose name contains it)
 *
 * Copies notebooks/*.ipynb to .test-run/browser-<pid>/notebooks/ (inside the project, so tslab still finds
 * node_modules, and Jupyter's autosave can never write outputs into notebooks/), starts a Notebook server on
 * 127.0.0.1 with a random token and the project-local kernel registry (.jupyter/), runs all cells of each
 * notebook, and fails when any output is an error or stderr, or any chart (`div.lr2nn-chart`) has no drawn
 * plotly `svg.main-svg`. Screenshots go to test-artifacts/screenshots/<name>.png. Per-notebook extra checks
 * live in test/browser/checks.ts. Environment: LR2NN_BROWSER_TIMEOUT (seconds per notebook, default 300),
 * LR2NN_CHROMIUM (default /usr/bin/chromium).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { NOTEBOOKS_DIR, ROOT, findTestPython, listNotebooks, testKernelEnv } from "../../scripts/jupyter.mjs";
import { charts, checksFor } from "./checks";

// One scratch folder per run: two runs at once (two engineers, one tree) must not delete each other's copies.
const SCRATCH_NAME = `browser-${process.pid}`;
const SCRATCH = join(ROOT, ".test-run", SCRATCH_NAME);
const SCREENSHOTS = join(ROOT, "test-artifacts", "screenshots");
const NOTEBOOK_TIMEOUT_MS = Number(process.env.LR2NN_BROWSER_TIMEOUT ?? 300) * 1000;
const CHROMIUM = process.env.LR2NN_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

interface Server { url: string; token: string; proc: ChildProcess }
interface Result { name: string; ok: boolean; cells: number; charts: number; drawn: number; seconds: number;
  pageSeconds: number; kernelSeconds: number; problems: string[] }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A free TCP port on 127.0.0.1 (asks the OS, then releases it for the server). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

/** Starts the classic Notebook server and waits until its API answers. */
async function startServer(env: NodeJS.ProcessEnv, python: string): Promise<Server> {
  const port = await freePort();
  const token = randomBytes(24).toString("hex");
  const cmd = existsSync("/usr/bin/jupyter-notebook") ? ["/usr/bin/jupyter-notebook"] : [python, "-m", "notebook"];
  const args = [...cmd.slice(1), "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--port-retries=0",
    `--NotebookApp.token=${token}`, `--notebook-dir=${ROOT}`,
    // The scratch copies live under .test-run/, a hidden folder the Notebook would otherwise refuse to open.
    "--ContentsManager.allow_hidden=True"];
  if (process.getuid?.() === 0) args.push("--allow-root");
  // detached: its own process group, so it can be killed whole; kernels are stopped through the API first.
  const proc = spawn(cmd[0], args, { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  proc.stdout?.on("data", (d) => (log += d));
  proc.stderr?.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`the Notebook server exited (${proc.exitCode}):\n${log}`);
    try {
      if ((await fetch(`${url}/api/status?token=${token}`)).ok) return { url, token, proc };
    } catch {
      /* not listening yet */
    }
    await sleep(200);
  }
  proc.kill("SIGKILL");
  throw new Error(`the Notebook server did not answer within 60 s:\n${log}`);
}

/** Shuts down every kernel (they run in their own process groups), then the server itself. */
async function stopServer(server: Server): Promise<void> {
  await deleteSessions(server).catch(() => {});
  const pid = server.proc.pid;
  if (pid === undefined || server.proc.exitCode !== null) return;
  const exited = new Promise((r) => server.proc.once("exit", r));
  process.kill(-pid, "SIGTERM");
  if (await Promise.race([exited.then(() => true), sleep(5000).then(() => false)])) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    /* already gone */
  }
}

/** Deletes all sessions (each one's kernel with it), so every notebook gets a fresh kernel. */
async function deleteSessions(server: Server): Promise<void> {
  const headers = { Authorization: `token ${server.token}` };
  const sessions = (await (await fetch(`${server.url}/api/sessions`, { headers })).json()) as { id: string }[];
  for (const s of sessions) await fetch(`${server.url}/api/sessions/${s.id}`, { method: "DELETE", headers });
}

/** The notebook's state as the classic Notebook's frontend sees it. */
interface RunState { total: number; pending: number; numbered: number; finished: number; idle: boolean;
  errors: number }

function readState(page: Page): Promise<RunState> {
  return page.evaluate(() => {
    const J = (window as any).Jupyter;
    // Empty code cells are never sent to the kernel (their prompt stays blank): don't wait for them.
    const cells = J.notebook.get_cells().filter((c: any) => c.cell_type === "code" && c.get_text().trim() !== "");
    return {
      total: cells.length,
      pending: cells.filter((c: any) => c.input_prompt_number === "*").length,
      numbered: cells.filter((c: any) => typeof c.input_prompt_number === "number").length,
      finished: (window as any).__lr2nnFinished as number,
      idle: !!document.querySelector("#kernel_indicator_icon.kernel_idle_icon"),
      errors: document.querySelectorAll(".output_stderr, .output_error, .js-error").length,
    };
  });
}

/** Whether the source asks for charts (the lib's plot* / show calls, or a hand-made lr2nn-chart). */
function expectsCharts(file: string): boolean {
  const nb = JSON.parse(readFileSync(file, "utf8")) as { cells: { cell_type: string; source: string | string[] }[] };
  return nb.cells.some((c) => {
    const src = Array.isArray(c.source) ? c.source.join("") : c.source;
    return c.cell_type === "code" && /\bplot\w*\s*\(|\bshow\s*\(|lr2nn-chart/.test(src);
  });
}

async function testNotebook(browser: Browser, server: Server, name: string): Promise<Result> {
  const t0 = Date.now();
  const result: Result = { name, ok: false, cells: 0, charts: 0, drawn: 0, seconds: 0, pageSeconds: 0,
    kernelSeconds: 0, problems: [] };
  const problems = result.problems;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("dialog", (d) => void d.dismiss()); // e.g. "leave page?": never let a dialog block the run
  try {
    const path = `.test-run/${SCRATCH_NAME}/notebooks/${encodeURIComponent(name)}`;
    const response = await page.goto(`${server.url}/notebooks/${path}?token=${server.token}`);
    if (!response?.ok()) throw new Error(`the server answered ${response?.status()} for /notebooks/${path}`);
    await page.waitForFunction(() => (window as any).Jupyter?.notebook?._fully_loaded, undefined,
      { timeout: 60_000, polling: 100 });
    const tLoaded = Date.now();
    result.pageSeconds = (tLoaded - t0) / 1000;
    // The kernel is ready when connected and its indicator shows idle (it has answered kernel_info).
    await page.waitForFunction(() => (window as any).Jupyter.notebook.kernel?.is_connected() &&
      !!document.querySelector("#kernel_indicator_icon.kernel_idle_icon"), undefined, { timeout: 60_000, polling: 100 });
    result.kernelSeconds = (Date.now() - tLoaded) / 1000;
    const untrustedOutputs = await page.evaluate(() => {
      const nb = (window as any).Jupyter.notebook;
      nb.set_autosave_interval(0); // the copy needs no saving; nothing else gets written
      // Outputs made in this session are always trusted. Outputs loaded with an untrusted file are not (their
      // scripts were stripped); hygiene keeps source notebooks output-free, so this is only a safety net.
      const stale = nb.get_cells().filter((c: any) => c.output_area && !c.output_area.trusted && c.output_area.outputs.length);
      stale.forEach((c: any) => (c.output_area.trusted = true));
      // A cell is finished when the kernel's idle status for its request has arrived, i.e. after all its
      // outputs: its prompt number comes with the shell reply, which can overtake a large output (the first
      // chart carries the 4.8 MB plotly bundle).
      (window as any).__lr2nnFinished = 0;
      nb.events.on("finished_execute.CodeCell", () => (window as any).__lr2nnFinished++);
      nb.execute_all_cells();
      return stale.length;
    });
    if (untrustedOutputs) console.log(`  (${name}: ${untrustedOutputs} cells had untrusted outputs; marked trusted)`);

    // Done when every non-empty code cell has its number and has finished (see above). After an error tslab
    // drops the requests that follow, so their prompts stay "*": an error while the kernel stays idle ends it.
    let state = await readState(page);
    let idleWithErrorsSince = 0;
    for (;;) {
      if (state.numbered === state.total && state.finished >= state.total && state.pending === 0) break;
      if (state.errors > 0 && state.idle) {
        idleWithErrorsSince ||= Date.now();
        if (Date.now() - idleWithErrorsSince > 2000) break;
      } else idleWithErrorsSince = 0;
      if (Date.now() - t0 > NOTEBOOK_TIMEOUT_MS) {
        problems.push(`timed out after ${NOTEBOOK_TIMEOUT_MS / 1000} s: ${state.numbered}/${state.total} cells ran`);
        break;
      }
      await sleep(250);
      state = await readState(page);
    }
    result.cells = state.total;
    if (state.numbered < state.total && !problems.length)
      problems.push(`${state.total - state.numbered} of ${state.total} code cells did not run`);

    // Charts draw asynchronously (plotly.newPlot); give them a moment.
    await page
      .waitForFunction(() => Array.from(document.querySelectorAll("div.lr2nn-chart")).every((d) =>
        (d.querySelector("svg.main-svg")?.childElementCount ?? 0) > 0), undefined, { timeout: 15_000, polling: 200 })
      .catch(() => {});

    const bad = await page.$$eval(".output_stderr, .output_error, .js-error", (els) => els.map((el) => {
      const cell = el.closest(".cell");
      const index = cell ? Array.from(document.querySelectorAll("#notebook-container > .cell")).indexOf(cell) : -1;
      return `cell ${index}: ${(el.textContent ?? "").trim().slice(0, 2000)}`;
    }));
    // .js-error repeats per line of one message: report each cell once per text.
    problems.push(...[...new Set(bad)].map((b) => `error output in ${b}`));

    const list = await charts(page);
    result.charts = list.length;
    result.drawn = list.filter((c) => c.drawn).length;
    for (const c of list) if (!c.drawn) problems.push(`chart ${c.id} was not drawn`);
    if (!list.length && expectsCharts(join(SCRATCH, "notebooks", name)))
      problems.push("the notebook plots, but no div.lr2nn-chart appeared");

    for (const check of checksFor(name)) {
      try {
        await check(page);
      } catch (e) {
        problems.push(`extra check: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  } catch (e) {
    problems.push(e instanceof Error ? e.message.split("\n")[0] : String(e));
  } finally {
    await screenshot(page, name).catch((e) => problems.push(`screenshot failed: ${e}`));
    await page.close().catch(() => {});
    await deleteSessions(server).catch(() => {});
  }
  result.seconds = (Date.now() - t0) / 1000;
  result.ok = problems.length === 0;
  return result;
}

/** Full-page screenshot: the classic Notebook scrolls inside #site, so let the page grow to full height. */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.addStyleTag({ content: "html, body, #site { height: auto !important; overflow: visible !important; }" });
  await page.screenshot({ path: join(SCREENSHOTS, name.replace(/\.ipynb$/, ".png")), fullPage: true });
}

async function main(): Promise<number> {
  const filter = process.argv[2] ?? "";
  const names = listNotebooks(filter);
  if (!names.length) {
    console.log(filter ? `no notebook in ${NOTEBOOKS_DIR} matches "${filter}"` : `no notebooks in ${NOTEBOOKS_DIR}`);
    return filter ? 1 : 0;
  }
  const python = findTestPython(["notebook"]);
  if (!python) {
    console.error("✗ no Python with the classic Notebook and nbclient (Debian: apt-get install jupyter-notebook python3-nbclient)");
    return 1;
  }
  // Scratch copies, with data/ linked beside them so relative paths behave as in notebooks/.
  mkdirSync(join(SCRATCH, "notebooks"), { recursive: true });
  symlinkSync(join(ROOT, "data"), join(SCRATCH, "data"));
  for (const n of names) copyFileSync(join(NOTEBOOKS_DIR, n), join(SCRATCH, "notebooks", n));
  mkdirSync(SCREENSHOTS, { recursive: true });

  let server: Server | undefined;
  let browser: Browser | undefined;
  const cleanup = async () => {
    await browser?.close().catch(() => {});
    if (server) await stopServer(server);
    rmSync(SCRATCH, { recursive: true, force: true });
  };
  const onSignal = () => void cleanup().finally(() => process.exit(130));
  process.once("SIGINT", onSignal).once("SIGTERM", onSignal);
  try {
    const t0 = Date.now();
    server = await startServer(testKernelEnv(python), python);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    console.log(`Notebook server and Chromium up in ${((Date.now() - t0) / 1000).toFixed(1)} s (${server.url})`);
    const results: Result[] = [];
    for (const name of names) {
      const r = await testNotebook(browser, server, name);
      results.push(r);
      console.log(`${r.ok ? "✓" : "✗"} ${name}: ${r.cells} cells, charts drawn ${r.drawn}/${r.charts}, ` +
        `${r.seconds.toFixed(1)} s (page ${r.pageSeconds.toFixed(1)} s, kernel start ${r.kernelSeconds.toFixed(1)} s)`);
      for (const p of r.problems) console.log(`    ${p.replace(/\n/g, "\n    ")}`);
    }
    const failed = results.filter((r) => !r.ok).length;
    console.log(`screenshots: ${SCREENSHOTS}`);
    console.log(`browser: ${results.length - failed} passed, ${failed} failed`);
    return failed ? 1 : 0;
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
