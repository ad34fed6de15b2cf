/** The classic Notebook (6.x) as the browser test drives it (see frontend.ts). */
import { existsSync } from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { ROOT } from "../../scripts/jupyter.mjs";
import type { Frontend, RunResult } from "./frontend";
import { sleep, startServer } from "./server";

interface RunState {
  total: number;
  pending: number;
  numbered: number;
  finished: number;
  idle: boolean;
  errors: number;
}

function readState(page: Page): Promise<RunState> {
  return page.evaluate(() => {
    const J = (window as any).Jupyter;
    // Empty code cells are never sent to the kernel (their prompt stays blank): don't wait for them.
    const cells = J.notebook
      .get_cells()
      .filter((c: any) => c.cell_type === "code" && c.get_text().trim() !== "");
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

async function waitReady(page: Page): Promise<number> {
  await page.waitForFunction(() => (window as any).Jupyter?.notebook?._fully_loaded, undefined, {
    timeout: 60_000,
    polling: 100,
  });
  const t = Date.now();
  // The kernel is ready when connected and its indicator shows idle (it has answered kernel_info).
  await page.waitForFunction(
    () =>
      (window as any).Jupyter.notebook.kernel?.is_connected() &&
      !!document.querySelector("#kernel_indicator_icon.kernel_idle_icon"),
    undefined,
    { timeout: 60_000, polling: 100 },
  );
  // The copies need no saving unless the test saves them; nothing else gets written.
  await page.evaluate(() => (window as any).Jupyter.notebook.set_autosave_interval(0));
  return (Date.now() - t) / 1000;
}

export async function classicNotebook(python: string, env: NodeJS.ProcessEnv): Promise<Frontend> {
  const cmd = existsSync("/usr/bin/jupyter-notebook")
    ? ["/usr/bin/jupyter-notebook"]
    : [python, "-m", "notebook"];
  const server = await startServer(
    "classic Notebook",
    cmd[0]!,
    (port, token) => {
      const args = [
        ...cmd.slice(1),
        "--no-browser",
        "--ip=127.0.0.1",
        `--port=${port}`,
        "--port-retries=0",
        `--NotebookApp.token=${token}`,
        `--notebook-dir=${ROOT}`,
        // The scratch copies live under .test-run/, a hidden folder the Notebook would otherwise refuse to open.
        "--ContentsManager.allow_hidden=True",
      ];
      if (process.getuid?.() === 0) args.push("--allow-root");
      return args;
    },
    env,
  );
  const notebookUrl = (path: string) =>
    `${server.url}/notebooks/${path.split("/").map(encodeURIComponent).join("/")}?token=${server.token}`;

  const fe: Frontend = {
    name: "classic",
    server,
    newPage: (context: BrowserContext) => context.newPage(),
    async open(page, path) {
      const t0 = Date.now();
      const response = await page.goto(notebookUrl(path));
      if (!response?.ok()) throw new Error(`the server answered ${response?.status()} for ${path}`);
      const kernelSeconds = await waitReady(page);
      return { pageSeconds: (Date.now() - t0) / 1000 - kernelSeconds, kernelSeconds };
    },
    async reload(page) {
      await page.reload();
      await waitReady(page);
    },
    async closeAndReopen(page, path) {
      const context = page.context();
      await page.close();
      const again = await context.newPage();
      await fe.open(again, path);
      return again;
    },
    async runAll(page, timeoutMs): Promise<RunResult> {
      const t0 = Date.now();
      await page.evaluate(() => {
        const w = window as any;
        const nb = w.Jupyter.notebook;
        // A cell is finished when the kernel's idle status for its request has arrived, i.e. after all its
        // outputs: its prompt number comes with the shell reply, which can overtake a large output.
        w.__lr2nnFinished = 0;
        if (!w.__lr2nnHooked) nb.events.on("finished_execute.CodeCell", () => w.__lr2nnFinished++);
        w.__lr2nnHooked = true;
        nb.execute_all_cells();
      });
      // Done when every non-empty code cell has its number and has finished. After an error tslab drops the
      // requests that follow, so their prompts stay "*": an error while the kernel stays idle ends it.
      let state = await readState(page);
      let idleWithErrorsSince = 0;
      for (;;) {
        if (state.numbered === state.total && state.finished >= state.total && state.pending === 0)
          break;
        if (state.errors > 0 && state.idle) {
          idleWithErrorsSince ||= Date.now();
          if (Date.now() - idleWithErrorsSince > 2000) break;
        } else idleWithErrorsSince = 0;
        if (Date.now() - t0 > timeoutMs)
          return { total: state.total, ran: state.numbered, timedOut: true };
        await sleep(250);
        state = await readState(page);
      }
      return { total: state.total, ran: state.numbered, timedOut: false };
    },
    kernelId: (page) => page.evaluate(() => (window as any).Jupyter.notebook.kernel?.id ?? null),
    async errors(page) {
      const bad = await page.$$eval(".output_stderr, .output_error, .js-error", (els) =>
        els.map((el) => {
          const cell = el.closest(".cell");
          const index = cell
            ? Array.from(document.querySelectorAll("#notebook-container > .cell")).indexOf(cell)
            : -1;
          return `cell ${index}: ${(el.textContent ?? "").trim().slice(0, 2000)}`;
        }),
      );
      return [...new Set(bad)]; // .js-error repeats per line of one message
    },
    async save(page) {
      await page.evaluate(() => (window as any).Jupyter.notebook.save_notebook());
      await page.waitForFunction(() => !(window as any).Jupyter.notebook.dirty, undefined, {
        timeout: 30_000,
      });
    },
    trusted: (page) => page.evaluate(() => !!(window as any).Jupyter.notebook.trusted),
    async screenshot(page, file) {
      // The classic Notebook scrolls inside #site: let the page grow to full height.
      await page.addStyleTag({
        content: "html, body, #site { height: auto !important; overflow: visible !important; }",
      });
      await page.screenshot({ path: file, fullPage: true });
    },
  };
  return fe;
}
