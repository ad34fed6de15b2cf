/**
 * Where the browser test finds JupyterLab. The one place to change when JupyterLab is provided elsewhere: for now
 * the project's own `.venv/` (`/usr/bin/python3 -m venv .venv && .venv/bin/pip install jupyterlab`, as
 * `npm start` installs it where no Jupyter is found).
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { ROOT } from "../../scripts/jupyter.mjs";

/** JupyterLab's command and the Python it runs on, or null (with where it was looked for). */
export function findJupyterLab(): { command: string; python: string } | { missing: string } {
  const command = join(ROOT, ".venv", "bin", "jupyter-lab");
  const python = join(dirname(command), "python");
  return existsSync(command) && existsSync(python) ? { command, python } : { missing: command };
}
