// @ts-check
// `npm start`: from a fresh clone to the first chapter open in Jupyter.
//   1. npm dependencies (npm ci with the lockfile), 2. the course library (lib/dist), 3. a Jupyter (found, or
//   installed into .venv with pip, or with apt as root on Debian), 4. the tslab kernel registered for that
//   Jupyter's Python (user registry, so VS Code sees it too), 5. Jupyter opened on notebooks/00-welcome.ipynb.
//
// Options after `--`:
//   --classic      open the classic Notebook instead of JupyterLab
//   --no-browser   don't open a browser tab (print the address of chapter 00, token included, instead)
//   --port N       serve on port N (default: Jupyter's, 8888 or the next free one)
//   --ip ADDR      listen on ADDR (default: Jupyter's, localhost)
// Any other option is passed to Jupyter as is, e.g. `npm start -- --NotebookApp.token=abc`.
// This script only installs and registers things; it never writes to notebooks/ or data/.

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { installKernel, libIsStale } from "./jupyter.mjs";
import { chapterUrl, chooseJupyter } from "./choose-jupyter.mjs";
import { ROOT, ToolMissing, checkIp, checkPort, missingDependencies, run, say } from "./tools.mjs";

const FIRST_CHAPTER = "notebooks/00-welcome.ipynb";
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const { ok, doing } = say;

/** @param {string} msg @returns {never} */
function die(msg) {
  console.error(`✗ ${msg}`);
  process.exit(1);
}

/** Reads --classic / --no-browser / --port / --ip; everything else goes to Jupyter untouched. */
function parseOptions(argv = process.argv.slice(2)) {
  const jupyterArgs = [];
  let noBrowser = false;
  let classic = false;
  let port = "";
  let ip = "";
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i] ?? die(`${flag} needs a value`);
    if (a === "--no-browser") noBrowser = true;
    else if (a === "--classic") classic = true;
    else if (flag === "--port") port = value();
    else if (flag === "--ip") ip = value();
    else if (a === "-h" || a === "--help") {
      console.log(
        "usage: npm start [-- --classic] [--no-browser] [--port N] [--ip ADDR] [other Jupyter options]",
      );
      process.exit(0);
    } else jupyterArgs.push(a);
  }
  if (port) {
    const p = checkPort(port);
    if ("error" in p) die(p.error);
  }
  if (ip) {
    const a = checkIp(ip);
    if ("error" in a) die(a.error);
  }
  if (noBrowser) jupyterArgs.unshift("--no-browser");
  if (port) jupyterArgs.unshift(`--port=${port}`);
  if (ip) jupyterArgs.unshift(`--ip=${ip}`);
  return { jupyterArgs, noBrowser, classic };
}

function ensureDependencies() {
  const missing = missingDependencies();
  if (!missing.length && existsSync(join(ROOT, "node_modules", ".bin", "tslab")))
    return ok("dependencies");
  if (existsSync(join(ROOT, "node_modules")))
    doing(`missing from node_modules: ${missing.join(", ") || "tslab's command"}`);
  const useCi = existsSync(join(ROOT, "package-lock.json"));
  doing(`installing npm dependencies (${useCi ? "npm ci" : "npm install"})`);
  // npm ci reproduces the lockfile exactly; if the lockfile no longer matches package.json, fall back.
  if (run("npm", [useCi ? "ci" : "install"]) !== 0 && (!useCi || run("npm", ["install"]) !== 0))
    die("npm could not install the dependencies (see above)");
  const still = missingDependencies();
  if (still.length)
    die(
      `npm finished but these are still missing from node_modules: ${still.join(", ")}. Run: rm -rf node_modules && npm ci`,
    );
  ok("dependencies installed");
}

function ensureLib() {
  if (!libIsStale()) return ok("lib up to date");
  doing("building the course library (npm run build)");
  if (run("npm", ["run", "build"]) !== 0) die("the library does not compile (see above)");
  ok("lib built");
}

const { jupyterArgs, noBrowser, classic } = parseOptions();
ensureDependencies();
ensureLib();

/** @type {import("./choose-jupyter.mjs").Choice} */
let choice;
try {
  choice = chooseJupyter({ classic });
} catch (e) {
  if (!(e instanceof ToolMissing)) throw e;
  die(e.message);
}
const { jupyter, banner } = choice;
ok(`Jupyter: ${jupyter.label} (${[jupyter.command, ...jupyter.args].join(" ")})`);

const python = jupyter.python;
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
// The classic Notebook opens a browser for a file argument even with --no-browser: headless, the URL of the
// first chapter is printed instead (see chapterUrl).
const target = hasFirst && !noBrowser ? [FIRST_CHAPTER] : [];
// Jupyter refuses to run as root without --allow-root (root is normal in containers and CI machines).
const asRoot = isRoot ? ["--allow-root"] : [];
const args = [...jupyter.args, `--notebook-dir=${ROOT}`, ...asRoot, ...jupyterArgs, ...target];
if (banner) console.log(banner);
console.log(`→ ${[jupyter.command, ...args].join(" ")}   (Ctrl+C twice to stop)`);
const child = spawn(jupyter.command, args, { cwd: ROOT, stdio: ["inherit", "inherit", "pipe"] });
// Jupyter prints its URLs (with the access token) on stderr: passed through as they are, and the first one is
// turned into the address of chapter 00, ready to paste.
let announced = !hasFirst;
child.stderr.on("data", (chunk) => {
  process.stderr.write(chunk);
  if (announced) return;
  const url = chapterUrl(String(chunk), jupyter.kind, FIRST_CHAPTER);
  if (!url) return;
  announced = true;
  console.log(`\n→ Chapter 00 is at: ${url}${banner ? `\n${banner}` : ""}\n`);
});
// Ctrl+C reaches Jupyter directly (same terminal); a SIGTERM to npm is passed on so no server is left behind.
process.on("SIGTERM", () => child.kill("SIGTERM"));
process.on("SIGINT", () => {}); // Jupyter asks "Shutdown this server?" itself
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
