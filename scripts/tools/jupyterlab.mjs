// @ts-check
// JupyterLab (+ plotly's Lab extension): found, or installed into the project's .venv/ with pip.
import { ToolMissing, say, seconds, shown } from "./shell.mjs";
import { pipCommand, pipInstall, venvDir } from "./install.mjs";
import { findUsable } from "./jupyters.mjs";
/** @typedef {import("./jupyters.mjs").Jupyter} Jupyter */
/** @typedef {import("./jupyters.mjs").ProvidedJupyter} ProvidedJupyter */

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
