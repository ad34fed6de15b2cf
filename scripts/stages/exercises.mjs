// @ts-check
// The exercises: learner copies up to date, and every solution notebook with every check ✔.
import { SOLUTIONS_DIR } from "../learner.mjs";
import { counts, ensureLib, kernelSetup, sh } from "./common.mjs";
import { learnerCopiesProblems, solutionRun } from "./notebook-runs.mjs";

/** @typedef {import("./common.mjs").StageResult} StageResult */

/**
 * The exercises (solutions/README.md): every learner notebook is exactly what `npm run learner` makes from its
 * solutions/ notebook, solutions carry no outputs, and every solution notebook runs with every check ✔ (the
 * notebooks stage runs the learner copies, where every check must say "not yet").
 * @param {string} filter
 * @returns {Promise<StageResult>}
 */
export async function exercises(filter) {
  const { listSolutions } = await import("../learner.mjs");
  const names = listSolutions(filter);
  if (!names.length)
    return {
      ok: false,
      passed: 0,
      note: filter
        ? `no solution notebook matches "${filter}"`
        : `no notebooks in ${SOLUTIONS_DIR}`,
    };
  const bad = await learnerCopiesProblems(names);
  if (bad) return { ok: false, passed: names.length - bad, failed: bad };
  await ensureLib();
  const { python, env } = kernelSetup();
  const r = await sh(python, solutionRun(names, filter), env);
  const c = counts(r.out);
  return { ok: r.status === 0, passed: names.length + (c.passed ?? 0), failed: c.failed };
}
