/**
 * JupyterLab (4.x) as the browser test drives it (see frontend.ts). The server exposes the app to the page
 * (`expose_app_in_browser`), so the test runs Lab's own commands (Run ▸ Run All Cells is
 * `notebook:run-all-cells`) and reads cell state from its models. Settings for scripted runs go to a settings
 * folder of the test's own: windowing off (cells off screen stay in the DOM, so their charts can be checked),
 * no autosave, no news. With `plotlyExtension: false`, plotly's JupyterLab extension (if installed) is disabled,
 * so charts take the HTML path; with `true` it must be installed and renders plotly's MIME type.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { ROOT } from "../../scripts/jupyter.mjs";
import type { Frontend, RunResult } from "./frontend";
import { sleep, startServer } from "./server";

/** Whether plotly's JupyterLab extension is installed beside this JupyterLab (pip `plotly` installs it). */
export function hasPlotlyExtension(labCommand: string): boolean {
  return existsSync(
    join(dirname(dirname(labCommand)), "share", "jupyter", "labextensions", "jupyterlab-plotly"),
  );
}

function writeJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value, null, 1));
}

/** Lab's state of one open notebook, found by its path. */
interface LabState {
  found: boolean;
  total: number;
  ran: number;
  running: number;
  idle: boolean;
  errors: number;
}

// The functions below run in the page. `app` is JupyterLab's application object.
/* eslint-disable @typescript-eslint/no-explicit-any */
const PANEL_JS = `function panelOf(path){var app=window.jupyterapp;if(!app)return null;
var ws=Array.from(app.shell.widgets("main"));for(var i=0;i<ws.length;i++){var w=ws[i];
if(w.context&&w.context.path===path&&w.content&&w.content.widgets)return w;}return null;}`;

async function evalPanel<T>(page: Page, path: string, body: string): Promise<T> {
  return page.evaluate(
    `(async () => { ${PANEL_JS}; const panel = panelOf(${JSON.stringify(path)}); const app = window.jupyterapp; ${body} })()`,
  ) as Promise<T>;
}

function readState(page: Page, path: string): Promise<LabState> {
  return evalPanel<LabState>(
    page,
    path,
    `
    if (!panel) return { found: false, total: 0, ran: 0, running: 0, idle: false, errors: 0 };
    const cells = panel.content.widgets.filter((c) => c.model.type === "code" && c.model.sharedModel.getSource().trim() !== "");
    const state = (c) => c.model.executionState ?? (/\\[\\*\\]/.test(c.node.querySelector(".jp-InputPrompt")?.textContent ?? "") ? "running" : "idle");
    const kernel = panel.sessionContext.session?.kernel;
    return {
      found: true,
      total: cells.length,
      ran: cells.filter((c) => c.model.executionCount != null && state(c) !== "running").length,
      running: cells.filter((c) => state(c) === "running").length,
      idle: kernel?.status === "idle",
      errors: panel.node.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]').length,
    };`,
  );
}

/** Waits until the notebook at `path` is open in Lab, loaded, and its kernel connected and idle. */
async function waitReady(page: Page, path: string): Promise<number> {
  await page.waitForFunction(
    `(() => { ${PANEL_JS}; const p = panelOf(${JSON.stringify(path)}); return !!p && p.context.isReady; })()`,
    undefined,
    { timeout: 90_000, polling: 100 },
  );
  const t = Date.now();
  await page.waitForFunction(
    `(() => { ${PANEL_JS}; const k = panelOf(${JSON.stringify(path)}).sessionContext.session?.kernel;
    return !!k && k.connectionStatus === "connected" && k.status === "idle"; })()`,
    undefined,
    { timeout: 90_000, polling: 100 },
  );
  return (Date.now() - t) / 1000;
}

export async function jupyterLab(
  labCommand: string,
  env: NodeJS.ProcessEnv,
  scratch: string,
  opts: { plotlyExtension: boolean },
): Promise<Frontend> {
  const name = opts.plotlyExtension ? "lab+plotly" : "lab";
  const dir = join(scratch, name.replace("+", "-"));
  const settings = join(dir, "user-settings");
  writeJson(join(settings, "@jupyterlab", "notebook-extension", "tracker.jupyterlab-settings"), {
    windowingMode: "none",
  });
  writeJson(join(settings, "@jupyterlab", "docmanager-extension", "plugin.jupyterlab-settings"), {
    autosave: false,
  });
  writeJson(
    join(settings, "@jupyterlab", "apputils-extension", "notification.jupyterlab-settings"),
    { fetchNews: "false", checkForUpdates: false },
  );
  // Lab reads disabled extensions from labconfig/page_config.json in its config folders, this one first.
  const config = join(dir, "config");
  // Its plugin id differs from its package name: name both. The debugger is off too: tslab has no debugger,
  // and Lab's debugger extension throws "No active debugger session" into the page for such kernels.
  writeJson(join(config, "labconfig", "page_config.json"), {
    disabledExtensions: {
      "jupyterlab-plotly": !opts.plotlyExtension,
      "@jupyterlab/plotly-extension:factory": !opts.plotlyExtension,
      "@jupyterlab/debugger-extension": true,
    },
  });
  const labEnv = {
    ...env,
    JUPYTER_CONFIG_DIR: config,
    JUPYTERLAB_SETTINGS_DIR: settings,
    JUPYTERLAB_WORKSPACES_DIR: join(dir, "workspaces"),
  };
  const server = await startServer(
    name,
    labCommand,
    (port, token) => [
      "--no-browser",
      "--ip=127.0.0.1",
      `--port=${port}`,
      "--ServerApp.port_retries=0",
      `--IdentityProvider.token=${token}`,
      `--ServerApp.root_dir=${ROOT}`,
      // The scratch copies live under .test-run/, a hidden folder.
      "--ContentsManager.allow_hidden=True",
      "--LabApp.expose_app_in_browser=True",
      "--LabApp.news_url=",
      "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
      ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
    ],
    labEnv,
  );
  let workspaces = 0;
  const labUrl = (path: string) =>
    // A workspace per tab: two tabs on one workspace would make Lab clone it and ask questions.
    `${server.url}/lab/workspaces/t${++workspaces}/tree/${path.split("/").map(encodeURIComponent).join("/")}` +
    `?reset&token=${server.token}`;

  const fe: Frontend = {
    name,
    server,
    newPage: (context: BrowserContext) => context.newPage(),
    async open(page, path) {
      const t0 = Date.now();
      const response = await page.goto(labUrl(path));
      if (!response?.ok()) throw new Error(`the server answered ${response?.status()} for ${path}`);
      const kernelSeconds = await waitReady(page, path);
      return { pageSeconds: (Date.now() - t0) / 1000 - kernelSeconds, kernelSeconds };
    },
    async reload(page, path) {
      await page.reload();
      await waitReady(page, path);
    },
    async closeAndReopen(page, path) {
      // Close the notebook's tab (its changes need no saving: the copy is scratch), then open it again the way
      // the file browser does. The kernel keeps running.
      await evalPanel(page, path, `panel.context.model.dirty = false; panel.close();`);
      await page.waitForFunction(
        `(() => { ${PANEL_JS}; return !panelOf(${JSON.stringify(path)}); })()`,
        undefined,
        { timeout: 30_000 },
      );
      await evalPanel(
        page,
        path,
        `await app.commands.execute("docmanager:open", { path: ${JSON.stringify(path)} });`,
      );
      await waitReady(page, path);
      return page;
    },
    async runAll(page, timeoutMs): Promise<RunResult> {
      const t0 = Date.now();
      const path = (await page.evaluate(
        `(() => window.jupyterapp.shell.currentWidget?.context?.path)()`,
      )) as string;
      await evalPanel(
        page,
        path,
        `app.shell.activateById(panel.id); app.commands.execute("notebook:run-all-cells"); return true;`,
      );
      await sleep(300);
      let state = await readState(page, path);
      let idleWithErrorsSince = 0;
      for (;;) {
        if (state.ran === state.total && state.running === 0) break;
        if (state.errors > 0 && state.idle) {
          idleWithErrorsSince ||= Date.now();
          if (Date.now() - idleWithErrorsSince > 2000) break;
        } else idleWithErrorsSince = 0;
        if (Date.now() - t0 > timeoutMs)
          return { total: state.total, ran: state.ran, timedOut: true };
        await sleep(250);
        state = await readState(page, path);
      }
      return { total: state.total, ran: state.ran, timedOut: false };
    },
    kernelId: (page, path) =>
      evalPanel(page, path, `return panel?.sessionContext.session?.kernel?.id ?? null;`),
    async errors(page) {
      const bad = await page.$$eval(
        '.jp-NotebookPanel [data-mime-type="application/vnd.jupyter.stderr"]',
        (els) =>
          els.map((el) => {
            const cell = el.closest(".jp-Cell");
            const index = cell
              ? Array.from(cell.parentElement?.children ?? [])
                  .filter((c) => c.classList.contains("jp-Cell"))
                  .indexOf(cell)
              : -1;
            return `cell ${index}: ${(el.textContent ?? "").trim().slice(0, 2000)}`;
          }),
      );
      return [...new Set(bad)];
    },
    async save(page, path) {
      await evalPanel(page, path, `await panel.context.save(); return true;`);
    },
    trusted: (page, path) =>
      evalPanel(
        page,
        path,
        `return panel.content.widgets.every((c) => c.model.type !== "code" || c.model.trusted);`,
      ),
    async screenshot(page, file) {
      // Lab scrolls inside the notebook: make the window as tall as the notebook (Chromium caps a capture near
      // 16,000 px), take the picture, and restore the size.
      const size = page.viewportSize() ?? { width: 1280, height: 900 };
      const height = await page.evaluate(
        () =>
          document.querySelector(".jp-NotebookPanel .jp-WindowedPanel-outer")?.scrollHeight ?? 0,
      );
      await page.setViewportSize({
        width: size.width,
        height: Math.min(16_000, Math.max(size.height, height + 150)),
      });
      await sleep(500);
      await page.evaluate(() =>
        document.querySelector(".jp-NotebookPanel .jp-WindowedPanel-outer")?.scrollTo(0, 0),
      );
      await sleep(300);
      await page.screenshot({ path: file });
      await page.setViewportSize(size);
    },
  };
  return fe;
}
