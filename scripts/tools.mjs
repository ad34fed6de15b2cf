// @ts-check
// Find or provide the tools `npm start` and `npm test` need, with one set of messages; one finder per file in
// scripts/tools/ (shell, install, test-python, jupyters, jupyterlab, classic-notebook, chromium, start-checks),
// all reached through this file:
//   provideTestPython()      a Python with nbclient, nbformat, jupyter_client, IPython, ipykernel (notebook tests)
//   provideJupyterLab()      JupyterLab (+ plotly's Lab extension) in the project's .venv/ (npm start, Lab tests)
//   provideClassicNotebook() the classic Notebook 6 (browser test)
//   provideChromium()        a Chrome or Chromium already installed, or Debian's chromium (browser test)
// Each first looks for what is there, then installs: Python packages into the project's `.venv/` with pip where a
// package index answers, else Debian packages with apt-get when running as root on Debian/Ubuntu. When neither
// works it throws a ToolMissing whose message is one line: what is missing and the exact command providing it.
// Nothing is ever downloaded from outside a package manager (no browser downloads).
//
// Plain JavaScript (checked by tsc through JSDoc) because `npm start` runs on a fresh clone, before any npm
// dependency exists. Environment overrides (read at each call, so a test can hide the machine's tools):
//   LR2NN_SYSTEM_PYTHON  the Python that creates .venv/ and is searched for packages (default /usr/bin/python3,
//                        else python3 on PATH); when set, no other system Python is searched
//   LR2NN_TEST_PYTHON    use exactly this Python for the notebook tests (no search, no install)
//   LR2NN_VENV           the virtual environment to use and create (default <project>/.venv)
//   LR2NN_NO_APT=1       never run apt-get (as if not root)
//   LR2NN_CHROMIUM       the browser to use (must exist)
// pip itself honours PIP_INDEX_URL, PIP_CONFIG_FILE, PIP_FIND_LINKS… (a test points them at nothing to play
// "no index").

import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ToolMissing } from "./tools/shell.mjs";
import { provideChromium } from "./tools/chromium.mjs";
import { provideClassicNotebook } from "./tools/classic-notebook.mjs";
import { provideJupyterLab } from "./tools/jupyterlab.mjs";
import { provideTestPython } from "./tools/test-python.mjs";

export { ROOT, ToolMissing, capture, isFile, run, say, which } from "./tools/shell.mjs";
export {
  aptInstall,
  canApt,
  pipInstall,
  pythonHas,
  systemPython,
  venvDir,
} from "./tools/install.mjs";
export { TEST_MODULES, findTestPython, provideTestPython } from "./tools/test-python.mjs";
export { provideJupyterLab } from "./tools/jupyterlab.mjs";
export { provideClassicNotebook } from "./tools/classic-notebook.mjs";
export { provideChromium } from "./tools/chromium.mjs";
export { checkIp, checkPort, missingDependencies } from "./tools/start-checks.mjs";
/** @typedef {import("./tools/jupyters.mjs").Jupyter} Jupyter */
/** @typedef {import("./tools/jupyters.mjs").ProvidedJupyter} ProvidedJupyter */

// ── Command line: `node scripts/tools.mjs [test-python|jupyterlab|classic-notebook|chromium]…` ────────────────
// Provides the named tools (all four without arguments) and prints each result as one JSON line; a missing tool
// prints its one-line message to stderr and exits 1. `npm test`'s own test of the set-up drives it this way.

/** @type {Record<string, () => unknown>} */
const PROVIDERS = {
  "test-python": () => ({ python: provideTestPython() }),
  jupyterlab: () => provideJupyterLab(),
  "classic-notebook": () => provideClassicNotebook(),
  chromium: () => provideChromium(),
};

// @ts-ignore TS1343: the root tsconfig checks with module=commonjs, but this file is ESM and runs as such.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2);
  const unknown = names.filter((n) => !(n in PROVIDERS));
  if (unknown.length) {
    console.error(`unknown tool ${unknown.join(", ")}: use ${Object.keys(PROVIDERS).join(", ")}`);
    process.exit(2);
  }
  try {
    for (const name of names.length ? names : Object.keys(PROVIDERS))
      console.log(JSON.stringify({ tool: name, .../** @type {object} */ (PROVIDERS[name]()) }));
  } catch (e) {
    if (!(e instanceof ToolMissing)) throw e;
    console.error(`✗ ${e.message}`);
    process.exit(1);
  }
}
