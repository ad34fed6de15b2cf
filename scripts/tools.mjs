// @ts-check
// Find or provide the tools `npm start` and `npm test` need, in one place, with one set of messages:
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
//   LR2NN_ONLY_VENV_JUPYTER=1  ignore Jupyters outside the .venv (to try the install path)
//   LR2NN_CHROMIUM       the browser to use (must exist)
// pip itself honours PIP_INDEX_URL, PIP_CONFIG_FILE, PIP_FIND_LINKS… (a test points them at nothing to play
// "no index").

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import { delimiter, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isIP } from "node:net";

/** The project folder (this file lives in <root>/scripts). */
// @ts-ignore TS1343: the root tsconfig checks with module=commonjs, but this file is ESM and runs as such.
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Modules the notebook tests (nbclient) and tslab's kernel installer (jupyter_client, IPython) import. */
export const TEST_MODULES = ["nbclient", "nbformat", "jupyter_client", "IPython", "ipykernel"];
/** The same, as pip and as Debian name them. */
const TEST_PIP = ["nbclient", "nbformat", "jupyter_client", "ipython", "ipykernel"];
const TEST_APT = [
  "python3-nbclient",
  "python3-nbformat",
  "python3-jupyter-client",
  "python3-ipykernel",
];
/** pip options: fail within seconds where no index answers, instead of retrying for minutes. */
const PIP_FAST = ["--retries", "0", "--timeout", "3", "--disable-pip-version-check"];

/**
 * What a stage needs and cannot get; its message is the one line to print (no stack trace).
 */
export class ToolMissing extends Error {
  /**
   * @param {string} what    e.g. "a Python with nbclient, …"
   * @param {string} why     what was tried and why it failed, short
   * @param {string} command the exact command that provides it
   */
  constructor(what, why, command) {
    super(`missing: ${what} (${why}). To provide it, run: ${command}`);
    this.name = "ToolMissing";
    this.what = what;
    this.why = why;
    this.command = command;
  }
}

/** Progress lines, the same in `npm start` and `npm test`. */
export const say = {
  /** @param {string} msg */
  ok: (msg) => console.log(`✓ ${msg}`),
  /** @param {string} msg */
  doing: (msg) => console.log(`… ${msg}`),
  /** @param {string} msg */
  warn: (msg) => console.log(`⚠ ${msg}`),
};

/**
 * @typedef {{ status: number | null, stdout: string, stderr: string }} RunResult
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
    maxBuffer: 64 * 1024 * 1024,
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
  const r = spawnSync(cmd, args, {
    stdio: "inherit",
    env: opts.env ?? process.env,
    cwd: opts.cwd ?? ROOT,
  });
  return r.error ? null : r.status;
}

/** @param {string} p */
export const isFile = (p) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

/**
 * Full path of an executable on PATH (like `which`), or null.
 * @param {string} name
 */
export function which(name) {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    if (isFile(p)) return p;
  }
  return null;
}

/** A path as the user would type it from the project folder. */
const shown = (/** @type {string} */ p) => {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith("..") && rel.length < p.length ? rel : p;
};

/** The last meaningful line of a failed command's output (pip and apt put the reason last). */
const lastLine = (/** @type {RunResult} */ r) =>
  (r.stderr + "\n" + r.stdout)
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !/^WARNING: Location .* is ignored/.test(l))
    .pop()
    ?.slice(0, 200) ?? `exit status ${r.status}`;

const seconds = (/** @type {number} */ t0) => `${((Date.now() - t0) / 1000).toFixed(0)} s`;

// ── Pythons, the .venv and pip ──────────────────────────────────────────────────────────────────────────────

/** The project's virtual environment (LR2NN_VENV overrides). */
export const venvDir = () => resolve(process.env.LR2NN_VENV || join(ROOT, ".venv"));
/** @param {string} name */
const venvBin = (name) => join(venvDir(), "bin", name);

/** The Python that creates .venv/: LR2NN_SYSTEM_PYTHON, else Debian's /usr/bin/python3, else python3 on PATH. */
export function systemPython() {
  const env = process.env.LR2NN_SYSTEM_PYTHON;
  if (env) return isFile(env) ? env : null;
  return isFile("/usr/bin/python3") ? "/usr/bin/python3" : which("python3");
}

/**
 * Whether a Python can import all the given modules.
 * @param {string} python
 * @param {string[]} modules
 */
export function pythonHas(python, modules) {
  return (
    capture(python, ["-c", `import ${modules.join(", ")}`], { timeoutMs: 60_000 }).status === 0
  );
}

/**
 * Installs pip packages into the .venv, creating it first (from systemPython()) when absent. Quiet; returns
 * null when done, else the reason (e.g. pip's "No matching distribution found for …" where no index answers).
 * A .venv this call created is removed again when the install fails, so no empty environment is left behind.
 * @param {string[]} packages
 * @returns {string | null}
 */
export function pipInstall(packages) {
  const dir = venvDir();
  const py = venvBin("python");
  const created = !existsSync(dir);
  if (created) {
    const base = systemPython();
    if (!base) return "no python3 to create the virtual environment with";
    const r = capture(base, ["-m", "venv", dir], { timeoutMs: 300_000 });
    if (r.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      return `${base} -m venv failed: ${lastLine(r)}`;
    }
  } else if (!isFile(py))
    return `${shown(dir)} exists but has no bin/python (remove it and try again)`;
  const r = capture(py, ["-m", "pip", "install", "-q", ...PIP_FAST, ...packages], {
    timeoutMs: 900_000,
  });
  if (r.status === 0) return null;
  if (created) rmSync(dir, { recursive: true, force: true });
  // "(from versions: none)": pip saw no release at all, i.e. no index (or mirror) answered.
  return `pip: ${/from versions: none/.test(r.stderr) ? "no package index answered, " : ""}${lastLine(r)}`;
}

/** The exact command that installs packages into .venv/ by hand. */
const pipCommand = (/** @type {string[]} */ packages) => {
  const dir = shown(venvDir());
  const quoted = packages.map((p) => (/[<>=]/.test(p) ? `"${p}"` : p)).join(" ");
  // The same fast-failing options as pipInstall: where no package index answers, pip stops in seconds.
  return `${existsSync(dir) ? "" : `/usr/bin/python3 -m venv ${dir} && `}${dir}/bin/pip install ${quoted} --retries 0 --timeout 3`;
};

// ── apt (Debian/Ubuntu, as root) ────────────────────────────────────────────────────────────────────────────

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;
const isDebian = () => existsSync("/etc/debian_version");
/** Why this process may not install Debian packages itself, or null when it may. */
const noApt = () =>
  !isDebian()
    ? "not Debian/Ubuntu, so no apt-get"
    : !isRoot()
      ? "not root, so no apt-get"
      : process.env.LR2NN_NO_APT === "1"
        ? "apt-get disabled by LR2NN_NO_APT=1"
        : !which("apt-get")
          ? "no apt-get on PATH"
          : null;
/** Whether this process may install Debian packages itself (root on Debian/Ubuntu, LR2NN_NO_APT unset). */
export const canApt = () => noApt() === null;

let aptUpdated = false;
/**
 * apt-get install, after one `apt-get update` per process (a fresh machine's package lists are empty or old,
 * and an install from stale lists fails). Waits for another apt to release its lock. Quiet; returns null when
 * done, else the reason.
 * @param {string[]} packages
 * @returns {string | null}
 */
export function aptInstall(packages) {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const lock = ["-o", "DPkg::Lock::Timeout=300"];
  if (!aptUpdated) {
    const u = capture("apt-get", [...lock, "-q", "update"], { env, timeoutMs: 600_000 });
    if (u.status !== 0) return `apt-get update: ${lastLine(u)}`;
    aptUpdated = true;
  }
  const r = capture(
    "apt-get",
    [...lock, "-q", "install", "-y", "--no-install-recommends", ...packages],
    { env, timeoutMs: 1_800_000 },
  );
  return r.status === 0 ? null : `apt-get install: ${lastLine(r)}`;
}

/** The exact apt command for a user (sudo unless root). */
const aptCommand = (/** @type {string[]} */ packages) =>
  `${isRoot() ? "" : "sudo "}apt-get update && ${isRoot() ? "" : "sudo "}apt-get install -y ${packages.join(" ")}`;

// ── Python for the notebook tests ───────────────────────────────────────────────────────────────────────────

/**
 * A Python that can run the notebook tests (nbclient) and the tslab installer (jupyter_client, IPython): the
 * .venv's, then the system's. Only looks; LR2NN_TEST_PYTHON chooses one.
 * @param {string[]} [extra] more modules it must have (e.g. "notebook" for the browser test)
 * @returns {string | null}
 */
export function findTestPython(extra = []) {
  const modules = [...TEST_MODULES, ...extra];
  const env = process.env.LR2NN_TEST_PYTHON;
  const candidates = env
    ? [env]
    : [
        venvBin("python"),
        systemPython(),
        ...(process.env.LR2NN_SYSTEM_PYTHON ? [] : [which("python3"), which("python")]),
      ];
  for (const py of candidates) if (py && isFile(py) && pythonHas(py, modules)) return py;
  return null;
}

/**
 * Finds or provides the Python for the notebook tests: found; else pip into .venv/; else apt as root on Debian.
 * @returns {string} the python
 * @throws {ToolMissing}
 */
export function provideTestPython() {
  const what = `a Python with ${TEST_MODULES.join(", ")}`;
  const found = findTestPython();
  if (found) return found;
  if (process.env.LR2NN_TEST_PYTHON)
    throw new ToolMissing(
      what,
      `LR2NN_TEST_PYTHON=${process.env.LR2NN_TEST_PYTHON} cannot import them`,
      `${process.env.LR2NN_TEST_PYTHON} -m pip install ${TEST_PIP.join(" ")}`,
    );
  const tried = [];
  const pipPossible = existsSync(venvDir()) || systemPython() !== null;
  const needs = `${TEST_MODULES.join(", ")} not found in any Python`;
  if (pipPossible)
    say.doing(
      `${needs}: installing them into ${shown(venvDir())}/ with pip (first run only, under a minute)`,
    );
  let t0 = Date.now();
  const pipWhy = pipInstall(TEST_PIP);
  if (!pipWhy && pythonHas(venvBin("python"), TEST_MODULES)) {
    say.ok(`installed ${TEST_PIP.join(" ")} into ${shown(venvDir())}/ (${seconds(t0)})`);
    return venvBin("python");
  }
  tried.push(pipWhy ?? "pip installed them, yet they do not import");
  if (canApt()) {
    say.doing(
      `${pipPossible ? `pip could not (${tried[0]})` : needs}: installing Debian's ${TEST_APT.join(" ")} with apt-get`,
    );
    t0 = Date.now();
    const aptWhy = aptInstall(TEST_APT);
    const py = findTestPython();
    if (!aptWhy && py) {
      say.ok(`installed ${TEST_APT.join(" ")} with apt-get (${seconds(t0)})`);
      return py;
    }
    tried.push(aptWhy ?? `apt installed them, yet no Python found imports them`);
  } else tried.push(String(noApt()));
  throw new ToolMissing(
    what,
    tried.join("; "),
    `${pipCommand(TEST_PIP)}${isDebian() ? `   or: ${aptCommand(TEST_APT)}` : ""}`,
  );
}

// ── Jupyter: JupyterLab and the classic Notebook ────────────────────────────────────────────────────────────

/**
 * @typedef {{ kind: "lab" | "notebook", label: string, version: string, command: string, args: string[],
 *             script: string }} Jupyter
 *   command + args start it (e.g. `jupyter-lab`, or `jupyter` + `["lab"]`); script is the file to read the
 *   shebang from.
 * @typedef {Jupyter & { python: string, plotly: boolean }} ProvidedJupyter
 *   python: the interpreter it runs on (register tslab for it); plotly: whether that Python has plotly (whose
 *   JupyterLab extension renders application/vnd.plotly.v1+json)
 */

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
 * The interpreter named in a script's shebang (resolving `/usr/bin/env x`), or null.
 * @param {string} script
 */
function shebangPython(script) {
  try {
    const first = readFileSync(script, "utf8").split("\n", 1)[0];
    if (!first.startsWith("#!")) return null;
    const parts = first.slice(2).trim().split(/\s+/);
    return parts[0].endsWith("/env") ? which(parts[1] ?? "") : parts[0];
  } catch {
    return null;
  }
}

/**
 * A Jupyter script's version, asked of the Python in its shebang (package metadata: no Jupyter start-up, which
 * takes seconds); failing that, of the command itself (`--version`).
 * @param {string} command
 * @param {string[]} args
 * @param {"lab" | "notebook"} kind
 */
function jupyterVersion(command, args, kind) {
  const py = args.length ? null : shebangPython(command);
  if (py) {
    const code = `import importlib.metadata as m; print(m.version("${kind === "lab" ? "jupyterlab" : "notebook"}"))`;
    const r = capture(py, ["-c", code], { timeoutMs: 30_000 });
    const v = r.stdout.trim();
    if (r.status === 0 && /^\d+\.\d+/.test(v)) return v;
  }
  return versionOf(command, args);
}

/**
 * Installed Jupyters of the given kinds, in that order, the .venv's before PATH's; lazily, since asking each
 * for its version takes a second. Set LR2NN_ONLY_VENV_JUPYTER=1 to ignore the system's.
 * @param {Array<"lab" | "notebook">} kinds
 * @returns {Generator<Jupyter>}
 */
function* findJupyters(kinds) {
  const onlyVenv = process.env.LR2NN_ONLY_VENV_JUPYTER === "1";
  /** @param {string} name @returns {[string, string]} the .venv's copy, then PATH's ("" where absent) */
  const places = (name) => {
    const local = venvBin(name);
    const onPath = onlyVenv ? null : which(name);
    return [isFile(local) ? local : "", onPath && onPath !== local ? onPath : ""];
  };
  for (const kind of kinds) {
    // `jupyter-lab` and `jupyter lab` are the same program; the second form covers installs that only put the
    // `jupyter` dispatcher on PATH.
    // The dispatcher runs whichever `jupyter-<kind>` it finds (its own folder, then PATH), so the direct
    // scripts come first: `.venv/bin/jupyter notebook` may well be /usr/bin/jupyter-notebook in disguise.
    const [venvDirect, pathDirect] = places(`jupyter-${kind}`);
    const [venvDispatcher, pathDispatcher] = places("jupyter");
    /** @type {Array<[string, string[]]>} */
    const tries = [
      [venvDirect, []],
      [pathDirect, []],
      [venvDispatcher, [kind]],
      [pathDispatcher, [kind]],
    ];
    for (const [command, args] of tries) {
      if (!command) continue;
      const version = jupyterVersion(command, args, kind);
      if (!version) continue;
      const major = version.split(".").slice(0, 2).join(".");
      const label =
        kind === "lab"
          ? `JupyterLab ${major}`
          : Number(major.split(".")[0]) < 7
            ? `classic Notebook ${major}`
            : `Notebook ${major}`;
      yield { kind, label, version, command, args, script: command };
    }
  }
}

/**
 * Finds a Jupyter to open the course with: JupyterLab first, then the classic Notebook; the .venv's before PATH.
 * @returns {Jupyter | null}
 */
export function findJupyter() {
  for (const j of findJupyters(["lab", "notebook"])) return j;
  return null;
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
  const exe = shebangPython(jupyter.script);
  if (exe) candidates.push(exe);
  candidates.push(
    venvBin("python"),
    "/usr/bin/python3",
    which("python3") ?? "",
    which("python") ?? "",
  );
  for (const py of candidates) {
    if (!py) continue;
    // find_spec, not import: importing jupyterlab takes seconds.
    const code = `import importlib.util as u, sys; assert u.find_spec("${pkg}"); print(sys.executable)`;
    const r = capture(py, ["-c", code], { timeoutMs: 60_000 });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return null;
}

/**
 * The first found Jupyter of a kind that `accept`s, with its Python (which must have jupyter_client and IPython
 * for tslab's installer).
 * @param {"lab" | "notebook"} kind
 * @param {(j: Jupyter) => boolean} [accept]
 * @returns {ProvidedJupyter | null}
 */
function findUsable(kind, accept = () => true) {
  for (const j of findJupyters([kind])) {
    if (!accept(j)) continue;
    const python = jupyterPython(j);
    if (!python) continue;
    const code =
      'import jupyter_client, IPython, importlib.util as u; print(u.find_spec("plotly") is not None)';
    const r = capture(python, ["-c", code], { timeoutMs: 60_000 });
    if (r.status === 0) return { ...j, python, plotly: r.stdout.trim() === "True" };
  }
  return null;
}

const LAB_PIP = ["jupyterlab"];

/**
 * Finds or provides JupyterLab: found (the .venv's first); else pip into .venv/. Debian 12 does not package
 * JupyterLab, so there is no apt route. With `plotly` (the default), a .venv JupyterLab also gets the `plotly`
 * Python package, whose JupyterLab extension renders plotly's MIME type.
 * @param {{ plotly?: boolean }} [opts]
 * @returns {ProvidedJupyter}
 * @throws {ToolMissing}
 */
export function provideJupyterLab({ plotly = true } = {}) {
  const inVenv = (/** @type {Jupyter} */ j) => j.command.startsWith(venvDir() + "/");
  let lab = findUsable("lab");
  if (lab && plotly && !lab.plotly && inVenv(lab)) {
    say.doing(`installing plotly's JupyterLab extension into ${shown(venvDir())}/ with pip`);
    const why = pipInstall(["plotly"]);
    if (why)
      say.warn(`plotly not installed (${why}): JupyterLab will not render plotly's own MIME type`);
    else lab.plotly = true;
  }
  if (lab) return lab;
  const packages = plotly ? [...LAB_PIP, "plotly"] : LAB_PIP;
  say.doing(
    `no JupyterLab: installing ${packages.join(" and ")} into ${shown(venvDir())}/ with pip (first run only, about a minute)`,
  );
  const t0 = Date.now();
  const why = pipInstall(packages);
  lab = why ? null : findUsable("lab", inVenv);
  if (lab) {
    say.ok(`installed ${packages.join(" ")} into ${shown(venvDir())}/ (${seconds(t0)})`);
    return lab;
  }
  throw new ToolMissing(
    "JupyterLab",
    `${why ?? "pip installed it, yet it does not start"}; Debian has no JupyterLab package`,
    pipCommand(packages),
  );
}

/**
 * Finds or provides the classic Notebook (version 6, which the browser test drives through `window.Jupyter`):
 * found; else Debian's jupyter-notebook with apt as root; else `notebook<7` with pip into .venv/. Its Python also
 * gets the notebook-test modules (the browser test registers tslab with it).
 * @returns {ProvidedJupyter}
 * @throws {ToolMissing}
 */
export function provideClassicNotebook() {
  const classic = (/** @type {Jupyter} */ j) => Number(j.version.split(".")[0]) < 7;
  const usable = () => {
    const nb = findUsable("notebook", classic);
    return nb && pythonHas(nb.python, TEST_MODULES) ? nb : null;
  };
  let nb = usable();
  if (nb) return nb;
  const apt = ["jupyter-notebook", ...TEST_APT];
  const pip = ["notebook<7", ...TEST_PIP];
  const tried = [];
  if (canApt()) {
    say.doing(`no classic Notebook: installing Debian's ${apt.join(" ")} with apt-get`);
    const t0 = Date.now();
    const why = aptInstall(apt);
    nb = why ? null : usable();
    if (nb) {
      say.ok(`installed ${apt.join(" ")} with apt-get (${seconds(t0)})`);
      return nb;
    }
    tried.push(why ?? "apt installed it, yet it does not start");
  } else tried.push(String(noApt()));
  say.doing(`no classic Notebook: installing notebook<7 into ${shown(venvDir())}/ with pip`);
  const t0 = Date.now();
  const why = pipInstall(pip);
  nb = why ? null : usable();
  if (nb) {
    say.ok(`installed ${pip.join(" ")} into ${shown(venvDir())}/ (${seconds(t0)})`);
    return nb;
  }
  tried.push(why ?? "pip installed it, yet it does not start");
  throw new ToolMissing(
    "the classic Notebook (version 6)",
    tried.join("; "),
    `${isDebian() ? `${aptCommand(apt)}   or: ` : ""}${pipCommand(pip)}`,
  );
}

// ── Chromium ────────────────────────────────────────────────────────────────────────────────────────────────

/** Browser names tried on PATH, in order. */
const CHROMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/**
 * The version line of a browser, or null when it does not run (e.g. Ubuntu's chromium-browser stub without
 * the snap behind it).
 * @param {string} exe
 */
function browserVersion(exe) {
  const r = capture(exe, ["--version"], { timeoutMs: 30_000 });
  const v = r.stdout.trim().split("\n").pop() ?? "";
  return r.status === 0 && /\d+\.\d+/.test(v) ? v : null;
}

/**
 * Finds or provides a headless-capable Chrome/Chromium: LR2NN_CHROMIUM; else the first of chromium,
 * chromium-browser, google-chrome, google-chrome-stable that runs; else Debian's chromium with apt as root.
 * Never downloads a browser.
 * @returns {{ path: string, version: string }}
 * @throws {ToolMissing}
 */
export function provideChromium() {
  const env = process.env.LR2NN_CHROMIUM;
  if (env) {
    const version = isFile(env) ? browserVersion(env) : null;
    if (version) return { path: env, version };
    throw new ToolMissing(
      "Chromium",
      `LR2NN_CHROMIUM=${env} ${isFile(env) ? "does not run" : "does not exist"}`,
      `unset LR2NN_CHROMIUM, or point it at a Chrome or Chromium`,
    );
  }
  const find = () => {
    for (const name of CHROMES) {
      const path = which(name);
      const version = path ? browserVersion(path) : null;
      if (path && version) return { path, version };
    }
    return null;
  };
  const found = find();
  if (found) return found;
  let why = String(noApt());
  if (canApt()) {
    say.doing(
      "no Chrome or Chromium: installing Debian's chromium with apt-get (first run only, ~1 min)",
    );
    const t0 = Date.now();
    const aptWhy = aptInstall(["chromium"]);
    const got = aptWhy ? null : find();
    if (got) {
      say.ok(`installed chromium with apt-get (${seconds(t0)})`);
      return got;
    }
    why = aptWhy ?? "apt installed chromium, yet it does not run";
  }
  throw new ToolMissing(
    `Chrome or Chromium (looked for ${CHROMES.join(", ")} on PATH)`,
    why,
    `${isDebian() ? aptCommand(["chromium"]) : "install Chromium with your package manager"}` +
      "   or: LR2NN_CHROMIUM=/path/to/chrome npm test",
  );
}

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

// @ts-ignore TS1343 (see ROOT)
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

// ------------------------------------------------------------------ npm start's own checks

/**
 * The `--port` value as a number, or an error message: a whole number from 1 to 65535 (Jupyter would print
 * port 99999 and quietly listen on another).
 * @param {string} value
 * @returns {{ port: number } | { error: string }}
 */
export function checkPort(value) {
  const port = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (Number.isInteger(port) && port >= 1 && port <= 65535) return { port };
  return {
    error: `--port must be a whole number from 1 to 65535, got "${value}" (e.g. --port 8899)`,
  };
}

/**
 * The `--ip` value, or an error message: an IPv4 or IPv6 address (127.0.0.1, 0.0.0.0, ::1), or a host name
 * (localhost). Dotted numbers must be a real IPv4 address: 999.1.1.1 used to end in a 70-line Python traceback.
 * @param {string} value
 * @returns {{ ip: string } | { error: string }}
 */
export function checkIp(value) {
  const v = value.trim();
  const hint = "e.g. --ip 127.0.0.1 (this machine only) or --ip 0.0.0.0 (every network interface)";
  if (isIP(v)) return { ip: v };
  if (/^[\d.]+$/.test(v))
    return {
      error: `--ip "${value}" is not an IPv4 address: four numbers from 0 to 255 joined by dots; ${hint}`,
    };
  const label = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
  if (v.length > 0 && v.length <= 253 && v.split(".").every((l) => label.test(l))) return { ip: v };
  return { error: `--ip must be an IP address or a host name, got "${value}"; ${hint}` };
}

/**
 * The dependencies of package.json (those the course runs with) that are not installed under
 * `root`/node_modules: a folder deleted by hand would otherwise show only at the first chart.
 * @param {string} [root]
 * @returns {string[]}
 */
export function missingDependencies(root = ROOT) {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  return Object.keys(pkg.dependencies ?? {}).filter(
    (name) => !isFile(join(root, "node_modules", name, "package.json")),
  );
}
