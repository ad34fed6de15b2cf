/**
 * Where the browser test finds JupyterLab: the one the `tools` module provided (scripts/tools.mjs, called by
 * scripts/test.mjs, which passes it as LR2NN_JUPYTERLAB / LR2NN_JUPYTERLAB_ARGS / LR2NN_JUPYTERLAB_PYTHON, or
 * says why there is none in LR2NN_JUPYTERLAB_SKIP). Run alone (`tsx test/browser/run.ts`), it falls back to the
 * project's own `.venv/`, where `npm start` and `npm test` install JupyterLab.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { ROOT } from "../../scripts/jupyter.mjs";

/** JupyterLab's command and the Python it runs on, or why there is none. */
export function findJupyterLab(): { command: string; python: string } | { missing: string } {
  const skip = process.env.LR2NN_JUPYTERLAB_SKIP;
  if (skip) return { missing: skip };
  const given = process.env.LR2NN_JUPYTERLAB;
  if (given) {
    const args = JSON.parse(process.env.LR2NN_JUPYTERLAB_ARGS ?? "[]") as string[];
    // The server is started as one program: `jupyter` + ["lab"] becomes the `jupyter-lab` beside it.
    const command = args.length ? join(dirname(given), "jupyter-lab") : given;
    const python = process.env.LR2NN_JUPYTERLAB_PYTHON ?? join(dirname(command), "python");
    return existsSync(command)
      ? { command, python }
      : { missing: `${command} (from ${given} ${args.join(" ")})` };
  }
  const command = join(ROOT, ".venv", "bin", "jupyter-lab");
  const python = join(dirname(command), "python");
  return existsSync(command) && existsSync(python) ? { command, python } : { missing: command };
}
