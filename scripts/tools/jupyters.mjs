// @ts-check
// Finding installed Jupyters (JupyterLab, the classic Notebook), their versions and the Python each runs on.
import { readFileSync } from "node:fs";
import { capture, isFile, which } from "./shell.mjs";
import { venvBin } from "./install.mjs";

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
 * for its version takes a second.
 * @param {Array<"lab" | "notebook">} kinds
 * @returns {Generator<Jupyter>}
 */
function* findJupyters(kinds) {
  /** @param {string} name @returns {[string, string]} the .venv's copy, then PATH's ("" where absent) */
  const places = (name) => {
    const local = venvBin(name);
    const onPath = which(name);
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
 * The Python a Jupyter runs on: the interpreter named in the script's shebang (resolving `/usr/bin/env x`);
 * failing that, the first candidate Python that imports the Jupyter's own package. Returns `sys.executable`.
 * @param {Jupyter} jupyter
 * @returns {string | null}
 */
function jupyterPython(jupyter) {
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
export function findUsable(kind, accept = () => true) {
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
