// @ts-check
// Shared helpers for `npm start` and `npm test`: register the tslab kernel with a Jupyter's Python, list the
// notebooks, tell whether the lib needs building. Finding or installing the tools themselves (Python packages,
// JupyterLab, the classic Notebook, Chromium) lives in tools.mjs (one finder per file in tools/). Plain JavaScript (checked by tsc through JSDoc) because
// `npm start` must run on a fresh clone, before any npm dependency exists.

import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { ROOT, capture } from "./tools.mjs";

export { ROOT };
/** @typedef {import("./tools.mjs").Jupyter} Jupyter */

/** Project-local kernel registry for tests, so the user's own registry is never touched. */
export const TEST_JUPYTER_DIR = join(ROOT, ".jupyter");
/** The course notebooks. LR2NN_NOTEBOOKS_DIR points the tests elsewhere (to test the tests themselves). */
export const NOTEBOOKS_DIR = process.env.LR2NN_NOTEBOOKS_DIR
  ? resolve(process.env.LR2NN_NOTEBOOKS_DIR)
  : join(ROOT, "notebooks");
const TSLAB = join(
  ROOT,
  "node_modules",
  ".bin",
  process.platform === "win32" ? "tslab.cmd" : "tslab",
);

/**
 * Registers the tslab kernel (`tslab install`) for a Python's Jupyter. With `prefix`, into
 * `<prefix>/share/jupyter/kernels/`; otherwise into the user's registry (`--user`), which JupyterLab, the
 * classic Notebook and VS Code all read. The binary is absolute so the kernel starts from any folder.
 * @param {{ python: string, prefix?: string, quiet?: boolean }} opts
 */
export function installKernel({ python, prefix, quiet = false }) {
  if (!existsSync(TSLAB)) throw new Error(`${TSLAB} is missing: run npm install first`);
  const args = [
    "install",
    `--python=${python}`,
    `--binary=${TSLAB}`,
    prefix ? `--prefix=${prefix}` : "--user",
  ];
  const r = capture(TSLAB, args, { timeoutMs: 120_000 });
  if (r.status !== 0) {
    const why = (r.stderr + r.stdout).trim();
    const hint = /jupyter is not installed/.test(why)
      ? `\n  ${python} lacks jupyter_client/IPython (Debian: apt-get install python3-jupyter-client python3-ipython)`
      : "";
    throw new Error(`tslab install failed (${TSLAB} ${args.join(" ")}):\n${why}${hint}`);
  }
  if (!quiet) process.stdout.write(r.stdout);
}

/**
 * Registers tslab into the project-local `.jupyter/` and returns the environment that makes Jupyter use it
 * (JUPYTER_PATH first in the kernel search) and keeps config, data (trust database) and runtime files there
 * too, so tests neither read nor change the user's Jupyter setup.
 * @param {string} python
 * @returns {NodeJS.ProcessEnv}
 */
export function testKernelEnv(python) {
  installKernel({ python, prefix: TEST_JUPYTER_DIR, quiet: true });
  return {
    ...process.env,
    JUPYTER_PATH: join(TEST_JUPYTER_DIR, "share", "jupyter"),
    JUPYTER_CONFIG_DIR: join(TEST_JUPYTER_DIR, "config"),
    JUPYTER_DATA_DIR: join(TEST_JUPYTER_DIR, "data"),
    JUPYTER_RUNTIME_DIR: join(TEST_JUPYTER_DIR, "runtime"),
  };
}

/**
 * Newest modification time (ms) among the files under a folder, recursively; 0 when none.
 * @param {string} dir
 * @param {(name: string) => boolean} [keep]
 * @returns {number}
 */
function newestMtime(dir, keep = () => true) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    const t = entry.isDirectory()
      ? newestMtime(p, keep)
      : keep(entry.name)
        ? statSync(p).mtimeMs
        : 0;
    if (t > newest) newest = t;
  }
  return newest;
}

/**
 * Whether lib/dist is missing or older than lib/src (or lib's tsconfig). Only tsc's own output (the .js
 * files) counts: lib/tsconfig.json has `noEmitOnError`, so a lib that fails to compile writes none and stays
 * stale until it compiles — the WebAssembly kernel that `npm run build` assembles before tsc runs does not
 * make a broken build look up to date.
 * @param {string} [root] the project folder (tests pass a scratch copy)
 */
export function libIsStale(root = ROOT) {
  const dist = join(root, "lib", "dist");
  if (!existsSync(join(dist, "index.js"))) return true;
  // The playground's page bundle (scripts/build-browser.mjs) is built from lib/src and lib/browser.
  const pageCode = join(root, "lib", "browser");
  if (existsSync(pageCode) && !existsSync(join(dist, "browser", "playground.js"))) return true;
  const src = Math.max(
    newestMtime(join(root, "lib", "src")),
    existsSync(pageCode) ? newestMtime(pageCode) : 0,
    statSync(join(root, "lib", "tsconfig.json")).mtimeMs,
  );
  return src > newestMtime(dist, (name) => name.endsWith(".js"));
}

/** Sorted notebook file names in NOTEBOOKS_DIR, optionally only those whose name contains `filter`. */
export function listNotebooks(filter = "") {
  if (!existsSync(NOTEBOOKS_DIR)) return [];
  return readdirSync(NOTEBOOKS_DIR)
    .filter((n) => n.endsWith(".ipynb") && n.includes(filter))
    .sort();
}
