// @ts-check
// Shared helpers for `npm start` and `npm test`: find a Jupyter, find the Python it runs on, and register the
// tslab kernel with it. Plain JavaScript (checked by tsc through JSDoc) because `npm start` must run on a fresh
// clone, before any npm dependency exists.

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The project folder (this file lives in <root>/scripts). */
// @ts-ignore TS1343: the root tsconfig checks with module=commonjs, but this file is ESM and runs as such.
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** Project-local kernel registry for tests, so the user's own registry is never touched. */
export const TEST_JUPYTER_DIR = join(ROOT, ".jupyter");
/** The course notebooks. LR2NN_NOTEBOOKS_DIR points the tests elsewhere (to test the tests themselves). */
export const NOTEBOOKS_DIR = process.env.LR2NN_NOTEBOOKS_DIR ? resolve(process.env.LR2NN_NOTEBOOKS_DIR)
  : join(ROOT, "notebooks");
const VENV_BIN = join(ROOT, ".venv", "bin");
const TSLAB = join(ROOT, "node_modules", ".bin", process.platform === "win32" ? "tslab.cmd" : "tslab");

/**
 * @typedef {{ status: number | null, stdout: string, stderr: string }} RunResult
 * @typedef {{ kind: "lab" | "notebook", label: string, version: string, command: string, args: string[],
 *             script: string }} Jupyter
 *   command + args start it (e.g. `jupyter-lab`, or `jupyter` + `["lab"]`); script is the file to read the
 *   shebang from.
 */

/**
 * Runs a command and captures its output; never throws (a missing program gives status null).
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ timeoutMs?: number, env?: NodeJS.ProcessEnv, cwd?: string }} [opts]
 * @returns {RunResult}
 */
export function capture(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, {
    encoding: "utf8",
    timeout: opts.timeoutMs ?? 60_000,
    env: opts.env ?? process.env,
    cwd: opts.cwd ?? ROOT,
  });
  return { status: r.error ? null : r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/**
 * Runs a command with the terminal attached; returns its exit status (null if it could not start).
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string }} [opts]
 */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env: opts.env ?? process.env, cwd: opts.cwd ?? ROOT });
  return r.error ? null : r.status;
}

/**
 * Full path of an executable on PATH (like `which`), or null.
 * @param {string} name
 */
export function which(name) {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      if (statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return null;
}

/** @param {string} p */
const isFile = (p) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

/**
 * Asks a Jupyter command for its version; null when it does not run (e.g. a pyenv shim with nothing behind it,
 * or `jupyter lab` without JupyterLab installed).
 * @param {string} command
 * @param {string[]} args
 */
function versionOf(command, args) {
  const r = capture(command, [...args, "--version"], { timeoutMs: 30_000 });
  if (r.status !== 0) return null;
  const v = r.stdout.trim().split("\n").pop()?.trim() ?? "";
  return /^\d+\.\d+/.test(v) ? v : null;
}

/**
 * Finds a Jupyter to open the course with: JupyterLab first, then the classic Notebook; the project's own
 * `.venv` before PATH. Set LR2NN_ONLY_VENV_JUPYTER=1 to ignore the system's (to try the provisioning path).
 * @returns {Jupyter | null}
 */
export function findJupyter() {
  const onlyVenv = process.env.LR2NN_ONLY_VENV_JUPYTER === "1";
  /** @param {string} name @returns {[string, string]} the .venv's copy, then PATH's ("" where absent) */
  const places = (name) => {
    const local = join(VENV_BIN, name);
    const onPath = onlyVenv ? null : which(name);
    return [isFile(local) ? local : "", onPath && onPath !== local ? onPath : ""];
  };
  // `jupyter-lab` and `jupyter lab` are the same program; the second form covers installs that only put the
  // `jupyter` dispatcher on PATH.
  /** @type {Array<[Jupyter["kind"], string, string[]]>} */
  const candidates = [];
  for (const [kind, sub] of /** @type {const} */ ([["lab", "lab"], ["notebook", "notebook"]])) {
    const direct = places(`jupyter-${sub}`);
    const viaDispatcher = places("jupyter");
    for (const i of [0, 1]) {
      if (direct[i]) candidates.push([kind, direct[i], []]);
      if (viaDispatcher[i]) candidates.push([kind, viaDispatcher[i], [sub]]);
    }
  }
  for (const [kind, command, args] of candidates) {
    const version = versionOf(command, args);
    if (!version) continue;
    const major = version.split(".").slice(0, 2).join(".");
    const label = kind === "lab" ? `JupyterLab ${major}`
      : Number(major.split(".")[0]) < 7 ? `classic Notebook ${major}` : `Notebook ${major}`;
    return { kind, label, version, command, args, script: command };
  }
  return null;
}

/**
 * Whether a Python can import all the given modules.
 * @param {string} python
 * @param {string[]} modules
 */
export function pythonHas(python, modules) {
  return capture(python, ["-c", `import ${modules.join(", ")}`], { timeoutMs: 60_000 }).status === 0;
}

/**
 * The Python a Jupyter runs on: the interpreter named in the script's shebang (resolving `/usr/bin/env x`);
 * failing that, the first candidate Python that imports the Jupyter's own package. Returns `sys.executable`.
 * @param {Jupyter} jupyter
 * @returns {string | null}
 */
export function jupyterPython(jupyter) {
  const pkg = jupyter.kind === "lab" ? "jupyterlab" : "notebook";
  /** @type {string[]} */
  const candidates = [];
  try {
    const first = readFileSync(jupyter.script, "utf8").split("\n", 1)[0];
    if (first.startsWith("#!")) {
      const parts = first.slice(2).trim().split(/\s+/);
      const exe = parts[0].endsWith("/env") ? which(parts[1] ?? "") : parts[0];
      if (exe) candidates.push(exe);
    }
  } catch {
    /* unreadable: fall through to guessing */
  }
  candidates.push(join(VENV_BIN, "python"), "/usr/bin/python3", which("python3") ?? "", which("python") ?? "");
  for (const py of candidates) {
    if (!py) continue;
    const r = capture(py, ["-c", `import ${pkg}, sys; print(sys.executable)`], { timeoutMs: 60_000 });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return null;
}

/**
 * A Python that can run the notebook tests (nbclient) and the tslab installer (jupyter_client, IPython).
 * Set LR2NN_TEST_PYTHON to choose one.
 * @param {string[]} [extra] more modules it must have (e.g. "notebook" for the browser test)
 * @returns {string | null}
 */
export function findTestPython(extra = []) {
  const modules = ["nbclient", "nbformat", "jupyter_client", "IPython", ...extra];
  const env = process.env.LR2NN_TEST_PYTHON;
  const candidates = env ? [env] : [join(VENV_BIN, "python"), "/usr/bin/python3", which("python3"), which("python")];
  for (const py of candidates) if (py && pythonHas(py, modules)) return py;
  return null;
}

/**
 * Registers the tslab kernel (`tslab install`) for a Python's Jupyter. With `prefix`, into
 * `<prefix>/share/jupyter/kernels/`; otherwise into the user's registry (`--user`), which JupyterLab, the
 * classic Notebook and VS Code all read. The binary is absolute so the kernel starts from any folder.
 * @param {{ python: string, prefix?: string, quiet?: boolean }} opts
 */
export function installKernel({ python, prefix, quiet = false }) {
  if (!existsSync(TSLAB)) throw new Error(`${TSLAB} is missing: run npm install first`);
  const args = ["install", `--python=${python}`, `--binary=${TSLAB}`, prefix ? `--prefix=${prefix}` : "--user"];
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
    const t = entry.isDirectory() ? newestMtime(p, keep) : keep(entry.name) ? statSync(p).mtimeMs : 0;
    if (t > newest) newest = t;
  }
  return newest;
}

/** Whether lib/dist is missing or older than lib/src (or lib's tsconfig). */
export function libIsStale() {
  const dist = join(ROOT, "lib", "dist");
  if (!existsSync(join(dist, "index.js"))) return true;
  const src = Math.max(newestMtime(join(ROOT, "lib", "src")), statSync(join(ROOT, "lib", "tsconfig.json")).mtimeMs);
  return src > newestMtime(dist);
}

/** Sorted notebook file names in NOTEBOOKS_DIR, optionally only those whose name contains `filter`. */
export function listNotebooks(filter = "") {
  if (!existsSync(NOTEBOOKS_DIR)) return [];
  return readdirSync(NOTEBOOKS_DIR)
    .filter((n) => n.endsWith(".ipynb") && n.includes(filter))
    .sort();
}
