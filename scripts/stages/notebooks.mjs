// @ts-check
// The learner notebooks on a fresh kernel each (nbclient).
import { NOTEBOOKS_DIR, listNotebooks } from "../jupyter.mjs";
import { context, counts, ensureLib, kernelSetup, sh } from "./common.mjs";
import { learnerRun } from "./notebook-runs.mjs";

/** @typedef {import("./common.mjs").StageResult} StageResult */

/**
 * The learner notebooks on a fresh kernel each (nbclient): no error, nothing on stderr, every check "not yet".
 * @param {string} filter
 * @returns {Promise<StageResult>}
 */
export async function notebooks(filter) {
  if (context.tier === "all" && context.labRunsLearnerCopies)
    return { ok: true, note: "the learner copies run in JupyterLab instead (browser stage)" };
  const names = listNotebooks(filter);
  if (!names.length)
    return {
      ok: false,
      passed: 0,
      note: filter ? `no notebook matches "${filter}"` : `no notebooks in ${NOTEBOOKS_DIR}`,
    };
  await ensureLib();
  const { python, env } = kernelSetup();
  const r = await sh(python, learnerRun(names), env);
  return { ok: r.status === 0, ...counts(r.out) };
}
