// @ts-check
// The tools stage: finds or installs what the later stages need, and says which it used.
import { provideChromium, provideTestPython, say } from "../tools.mjs";
import { announceLabSkip, browserTools } from "./browser-tools.mjs";
import { context } from "./common.mjs";

/** @typedef {import("./common.mjs").StageResult} StageResult */

/**
 * Finds or installs every tool the later stages need, and says which was used (the first lines a newcomer
 * reads on a fresh machine).
 * @returns {Promise<StageResult>}
 */
export async function tools() {
  const python = provideTestPython();
  say.ok(`Python for the notebook tests: ${python}`);
  if (context.tier !== "all") {
    const chromium = provideChromium();
    say.ok(`browser: ${chromium.version} (${chromium.path})`);
    return { ok: true };
  }
  const { lab } = browserTools();
  context.labRunsLearnerCopies = lab.ok;
  if (!lab.ok) {
    announceLabSkip(lab.why, lab.command);
    return {
      ok: true,
      note: `JupyterLab missing: the browser stage will skip its JupyterLab half`,
    };
  }
  return { ok: true };
}
