// @ts-check
// `npm start`: from a fresh clone to the first chapter open in Jupyter.
//   1. npm dependencies (npm ci with the lockfile), 2. the course library (lib/dist), 3. a Jupyter (found, or
//   installed into .venv with pip, or with apt as root on Debian), 4. the tslab kernel registered for that
//   Jupyter's Python (user registry, so VS Code sees it too), 5. Jupyter opened on notebooks/00-welcome.ipynb.
//
// Options after `--` (or environment variables):
//   --no-browser   LR2NN_NO_BROWSER=1   don't open a browser tab (print the URL instead)
//   --port N       LR2NN_PORT=N         serve on port N (default: Jupyter's, 8888 or the next free one)
//   --ip ADDR      LR2NN_IP=ADDR        listen on ADDR (default: Jupyter's, localhost)
// Any other option is passed to Jupyter as is, e.g. `npm start -- --NotebookApp.token=abc`.
// This script only installs and registers things; it never writes to notebooks/ or data/.

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ROOT, capture, findJupyter, installKernel, jupyterPython, libIsStale, run, which,
} from "./jupyter.mjs";

const FIRST_CHAPTER = "notebooks/00-welcome.ipynb";
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

/** @param {string} msg */
const ok = (msg) => console.log(`✓ ${msg}`);
/** @param {string} msg */
const doing = (msg) => console.log(`… ${msg}`);
/** @param {string} msg @returns {never} */
function die(msg) {
  console.error(`✗ ${msg}`);
  process.exit(1);
}

/** Reads --no-browser / --port / --ip (and their env twins); everything else goes to Jupyter untouched. */
function parseOptions(argv = process.argv.slice(2)) {
  const jupyterArgs = [];
  let noBrowser = process.env.LR2NN_NO_BROWSER === "1";
  let port = process.env.LR2NN_PORT ?? "";
  let ip = process.env.LR2NN_IP ?? "";
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i] ?? die(`${flag} needs a value`);
    if (a === "--no-browser") noBrowser = true;
    else if (flag === "--port") port = value();
    else if (flag === "--ip") ip = value();
    else if (a === "-h" || a === "--help") {
      console.log("usage: npm start [-- --no-browser] [--port N] [--ip ADDR] [other Jupyter options]");
      process.exit(0);
    } else jupyterArgs.push(a);
  }
  if (port && !/^\d+$/.test(port)) die(`--port must be a number, got "${port}"`);
  if (noBrowser) jupyterArgs.unshift("--no-browser");
  if (port) jupyterArgs.unshift(`--port=${port}`);
  if (ip) jupyterArgs.unshift(`--ip=${ip}`);
  return { jupyterArgs, noBrowser };
}

function ensureDependencies() {
  if (existsSync(join(ROOT, "node_modules", ".bin", "tslab"))) return ok("dependencies");
  const useCi = existsSync(join(ROOT, "package-lock.json"));
  doing(`installing npm dependencies (${useCi ? "npm ci" : "npm install"})`);
  // npm ci reproduces the lockfile exactly; if the lockfile no longer matches package.json, fall back.
  if (run("npm", [useCi ? "ci" : "install"]) !== 0 && (!useCi || run("npm", ["install"]) !== 0))
    die("npm could not install the dependencies (see above)");
  ok("dependencies installed");
}

function ensureLib() {
  if (!libIsStale()) return ok("lib up to date");
  doing("building the course library (npm run build)");
  if (run("npm", ["run", "build"]) !== 0) die("the library does not compile (see above)");
  ok("lib built");
}

/** Whether pip can fetch JupyterLab from its index (or a local mirror): a quick no-deps download. */
function pipCanReach(/** @type {string} */ python) {
  const dest = mkdtempSync(join(tmpdir(), "lr2nn-pip-"));
  try {
    const args = ["-m", "pip", "download", "--no-deps", "-q", "--dest", dest, "--timeout", "5", "--retries", "0",
      "jupyterlab"];
    return capture(python, args, { timeoutMs: 90_000 }).status === 0;
  } finally {
    rmSync(dest, { recursive: true, force: true });
  }
}

/** Installs a Jupyter when none is found: JupyterLab into .venv via pip, else apt as root, else explain. */
function provisionJupyter() {
  const venv = join(ROOT, ".venv");
  const base = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : which("python3");
  if (base) {
    const hadVenv = existsSync(venv);
    if (hadVenv || run(base, ["-m", "venv", venv]) === 0) {
      const py = join(venv, "bin", "python");
      doing("checking whether pip can reach a package index");
      if (pipCanReach(py)) {
        doing("installing JupyterLab into .venv (pip install jupyterlab)");
        // Few retries: where only a local mirror answers, pip's default 5 retries per unreachable index and
        // package add minutes.
        if (run(py, ["-m", "pip", "install", "--retries", "1", "jupyterlab"]) === 0) return;
        console.error("pip install jupyterlab failed; trying the system's packages next");
      }
      if (!hadVenv) rmSync(venv, { recursive: true, force: true }); // don't leave an empty venv behind
    }
  }
  const aptPackages = ["jupyter-notebook", "python3-ipykernel", "python3-jupyter-client"];
  if (existsSync("/etc/debian_version") && isRoot) {
    doing(`installing the classic Notebook with apt-get (${aptPackages.join(" ")})`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    if (run("apt-get", ["update"], { env }) === 0 && run("apt-get", ["install", "-y", ...aptPackages], { env }) === 0)
      return;
  }
  const apt = existsSync("/etc/debian_version")
    ? `  sudo apt-get install -y ${aptPackages.join(" ")}\nor:\n` : "";
  die(`no Jupyter found and none could be installed automatically. Install one, then run npm start again:\n${apt}` +
    "  python3 -m venv .venv && .venv/bin/pip install jupyterlab");
}

const { jupyterArgs, noBrowser } = parseOptions();
ensureDependencies();
ensureLib();

let jupyter = findJupyter();
if (!jupyter) {
  doing("no Jupyter found: installing one");
  provisionJupyter();
  jupyter = findJupyter() ?? die("Jupyter was installed but cannot be found; see the messages above");
}
ok(`Jupyter: ${jupyter.label} (${[jupyter.command, ...jupyter.args].join(" ")})`);

const python = jupyterPython(jupyter) ?? die(`cannot tell which Python ${jupyter.command} runs on`);
try {
  installKernel({ python, quiet: true });
} catch (e) {
  die(e instanceof Error ? e.message : String(e));
}
ok(`kernel tslab registered for ${python}`);

// The server's root is the project folder (a file argument alone would make it notebooks/), so data/ and
// the README are reachable from the file browser too.
const hasFirst = existsSync(join(ROOT, FIRST_CHAPTER));
if (!hasFirst) console.log(`(${FIRST_CHAPTER} not found: opening the project folder)`);
// The classic Notebook opens a browser for a file argument even with --no-browser: then only say where it is.
const target = hasFirst && !noBrowser ? [FIRST_CHAPTER] : [];
if (hasFirst && noBrowser)
  console.log(`First chapter: the URL printed below, then ${jupyter.kind === "lab" ? "/lab/tree/" : "/notebooks/"}${FIRST_CHAPTER}`);
// Jupyter refuses to run as root without --allow-root (root is normal in containers and CI machines).
const asRoot = isRoot ? ["--allow-root"] : [];
const args = [...jupyter.args, `--notebook-dir=${ROOT}`, ...asRoot, ...jupyterArgs, ...target];
console.log(`→ ${[jupyter.command, ...args].join(" ")}   (Ctrl+C twice to stop)`);
const child = spawn(jupyter.command, args, { cwd: ROOT, stdio: "inherit" });
// Ctrl+C reaches Jupyter directly (same terminal); a SIGTERM to npm is passed on so no server is left behind.
process.on("SIGTERM", () => child.kill("SIGTERM"));
process.on("SIGINT", () => {}); // Jupyter asks "Shutdown this server?" itself
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
