// @ts-check
// Which Jupyter `npm start` opens the course in. JupyterLab is what the course is written for: it is found
// (.venv/ first, then PATH) or installed into .venv/ with pip, even when a classic Notebook is already on PATH.
// The classic Notebook only by choice (`npm start -- --classic`) or when JupyterLab cannot be had; then the
// choice comes with a one-line banner saying why and the exact command that gets JupyterLab.
//
//   node scripts/choose-jupyter.mjs [--classic]   prints the choice as one JSON line (test/scripts/tools.test.ts)

import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ToolMissing, provideClassicNotebook, provideJupyterLab } from "./tools.mjs";

/**
 * @typedef {{ jupyter: import("./tools.mjs").ProvidedJupyter, banner: string | null }} Choice
 *   banner: null when the course opens in JupyterLab, else the one line to print above everything else
 */

/**
 * Finds or installs the Jupyter to open: JupyterLab unless `classic` is asked for or Lab cannot be had.
 * @param {{ classic?: boolean }} [opts]
 * @returns {Choice}
 * @throws {ToolMissing} when neither JupyterLab nor the classic Notebook can be had
 */
export function chooseJupyter({ classic = false } = {}) {
  if (classic) return { jupyter: provideClassicNotebook(), banner: null };
  /** @type {ToolMissing} */
  let lab;
  try {
    return { jupyter: provideJupyterLab(), banner: null };
  } catch (e) {
    if (!(e instanceof ToolMissing)) throw e;
    lab = e;
  }
  try {
    const jupyter = provideClassicNotebook();
    return {
      jupyter,
      banner:
        `⚠ Opening the classic Notebook: JupyterLab, which the course is written for, could not be had ` +
        `(${lab.why}). To get it: ${lab.command}`,
    };
  } catch (e) {
    if (!(e instanceof ToolMissing)) throw e;
    throw new ToolMissing(
      "a Jupyter",
      `JupyterLab: ${lab.why}; classic Notebook: ${e.why}`,
      `${lab.command}   or: ${e.command}`,
    );
  }
}

/**
 * The address of a notebook on a running server, made from the first server URL in Jupyter's log text
 * (`http://127.0.0.1:8888/lab?token=abc`, classic's `http://localhost:8888/?token=abc` or `/tree?token=…`,
 * with or without a base URL or a token), or null when the text holds none.
 * @param {string} log    text Jupyter printed
 * @param {"lab" | "notebook"} kind
 * @param {string} path   the notebook, relative to the server's root, e.g. notebooks/00-welcome.ipynb
 */
export function chapterUrl(log, kind, path) {
  for (const word of log.split(/\s+/)) {
    if (!/^https?:\/\/[^/]+/.test(word)) continue;
    let url;
    try {
      url = new URL(word);
    } catch {
      continue;
    }
    const base = url.pathname.replace(/(lab|tree)\/?$/, "").replace(/\/?$/, "/");
    const token = url.searchParams.get("token");
    const page = kind === "lab" ? `lab/tree/${path}` : `notebooks/${path}`;
    return `${url.origin}${base}${page}${token ? `?token=${token}` : ""}`;
  }
  return null;
}

// @ts-ignore TS1343 (import.meta in a checked .mjs)
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { jupyter, banner } = chooseJupyter({ classic: process.argv.includes("--classic") });
    console.log(JSON.stringify({ kind: jupyter.kind, command: jupyter.command, banner }));
  } catch (e) {
    if (!(e instanceof ToolMissing)) throw e;
    console.error(`✗ ${e.message}`);
    process.exit(1);
  }
}
