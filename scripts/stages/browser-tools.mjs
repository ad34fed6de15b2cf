// @ts-check
// The browser test's tools (the classic Notebook, Chromium, JupyterLab), shared by the tools and browser stages.
import {
  ToolMissing,
  provideChromium,
  provideClassicNotebook,
  provideJupyterLab,
  say,
} from "../tools.mjs";

/** @typedef {{ ok: true, lab: import("../tools.mjs").ProvidedJupyter } | { ok: false, why: string, command: string }} LabOutcome */

/**
 * The browser test's tools: the classic Notebook and Chromium (the stage stops without them), and JupyterLab,
 * whose absence only skips the JupyterLab half. Returns the environment that hands them to test/browser/run.ts:
 * LR2NN_TEST_PYTHON (the classic Notebook's Python) and LR2NN_CHROMIUM; run.ts finds JupyterLab with the same
 * finder, which answers at once now that it is in place.
 */
export function browserTools() {
  const log = say.ok;
  const classic = provideClassicNotebook();
  log(
    `classic Notebook: ${classic.label} (${[classic.command, ...classic.args].join(" ")}, Python ${classic.python})`,
  );
  const chromium = provideChromium();
  log(`browser: ${chromium.version} (${chromium.path})`);
  /** @type {LabOutcome} */
  let lab;
  try {
    lab = { ok: true, lab: provideJupyterLab({ plotly: true }) };
    log(
      `JupyterLab: ${lab.lab.label} (${[lab.lab.command, ...lab.lab.args].join(" ")}` +
        `${lab.lab.plotly ? ", with plotly's extension" : ", without plotly's extension"})`,
    );
  } catch (e) {
    if (!(e instanceof ToolMissing)) throw e;
    lab = { ok: false, why: e.why, command: e.command };
  }
  // The classic Notebook's Python and the browser for test/browser/run.ts, which finds JupyterLab itself (the
  // same finder: it is in place by now).
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, LR2NN_TEST_PYTHON: classic.python, LR2NN_CHROMIUM: chromium.path };
  return { env, lab };
}

/**
 * Prints the one allowed skip so nobody can miss it.
 * @param {string} why
 * @param {string} command
 */
export function announceLabSkip(why, command) {
  const bar = "⚠ " + "━".repeat(62);
  console.log(
    `${bar}\n⚠ SKIPPED: the JupyterLab half of the browser test. JupyterLab is missing: ${why}.\n` +
      `⚠ Only the classic Notebook half runs. To run both: ${command}\n${bar}`,
  );
}
