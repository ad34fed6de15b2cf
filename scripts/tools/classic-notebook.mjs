// @ts-check
// The classic Notebook 6 (the browser test drives it through window.Jupyter): found, or installed.
import { ToolMissing, say, seconds, shown } from "./shell.mjs";
import {
  aptCommand,
  aptInstall,
  canApt,
  isDebian,
  noApt,
  pipCommand,
  pipInstall,
  pythonHas,
  venvDir,
} from "./install.mjs";
import { findUsable } from "./jupyters.mjs";
/** @typedef {import("./jupyters.mjs").Jupyter} Jupyter */
/** @typedef {import("./jupyters.mjs").ProvidedJupyter} ProvidedJupyter */
import { TEST_APT, TEST_MODULES, TEST_PIP } from "./test-python.mjs";

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
