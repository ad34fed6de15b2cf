// @ts-check
// The Python for the notebook tests: one with nbclient, nbformat, jupyter_client, IPython and ipykernel.
import { existsSync } from "node:fs";
import { isFile, say, seconds, shown, which, ToolMissing } from "./shell.mjs";
import {
  aptCommand,
  aptInstall,
  canApt,
  isDebian,
  noApt,
  pipCommand,
  pipInstall,
  pythonHas,
  systemPython,
  venvBin,
  venvDir,
} from "./install.mjs";

/** Modules the notebook tests (nbclient) and tslab's kernel installer (jupyter_client, IPython) import. */
export const TEST_MODULES = ["nbclient", "nbformat", "jupyter_client", "IPython", "ipykernel"];
/** The same, as pip and as Debian name them. */
export const TEST_PIP = ["nbclient", "nbformat", "jupyter_client", "ipython", "ipykernel"];
export const TEST_APT = [
  "python3-nbclient",
  "python3-nbformat",
  "python3-jupyter-client",
  "python3-ipykernel",
];
/** pip options: fail within seconds where no index answers, instead of retrying for minutes. */
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
