// @ts-check
// The browser test (test/browser/run.ts) with its tools.
import { join } from "node:path";
import { NOTEBOOKS_DIR, listNotebooks } from "../jupyter.mjs";
import { announceLabSkip, browserTools } from "./browser-tools.mjs";
import { counts, ensureLib, sh } from "./common.mjs";

/** @typedef {import("./common.mjs").StageResult} StageResult */

/** @param {string} filter @returns {Promise<StageResult>} */
export async function browser(filter) {
  if (!listNotebooks(filter).length)
    return {
      ok: false,
      passed: 0,
      note: filter ? `no notebook matches "${filter}"` : `no notebooks in ${NOTEBOOKS_DIR}`,
    };
  await ensureLib();
  const { env, lab } = browserTools();
  if (!lab.ok) announceLabSkip(lab.why, lab.command);
  const r = await sh(
    process.execPath,
    ["--import", "tsx", join("test", "browser", "run.ts"), filter],
    env,
  );
  const skip = lab.ok ? {} : { skipped: 1, note: `JupyterLab half SKIPPED: ${lab.why}` };
  return { ok: r.status === 0, ...counts(r.out), ...skip };
}
