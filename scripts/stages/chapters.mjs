// @ts-check
// npm test's chapters: the learner and the solution notebooks, two kernels at a time.
import { listNotebooks } from "../jupyter.mjs";
import { counts, ensureLib, kernelSetup, shQuiet } from "./common.mjs";
import { learnerCopiesProblems, learnerRun, solutionRun } from "./notebook-runs.mjs";

/** @typedef {import("./common.mjs").StageResult} StageResult */

/**
 * `npm test`'s chapters: the exercises stage's checks, then the learner notebooks (as the notebooks stage) and the
 * solution notebooks (as the exercises stage) on two kernels at a time, one run_notebooks.py for each; their
 * output is printed when both have finished, one after the other.
 * @param {string} filter
 * @returns {Promise<StageResult>}
 */
export async function chapters(filter) {
  const { listSolutions } = await import("../learner.mjs");
  const names = listSolutions(filter);
  const learners = listNotebooks(filter);
  if (!names.length || !learners.length)
    return { ok: false, passed: 0, note: `no chapter matches "${filter}"` };
  const bad = await learnerCopiesProblems(names);
  if (bad) return { ok: false, passed: names.length - bad, failed: bad };
  await ensureLib();
  const { python, env } = kernelSetup();
  const [learner, solution] = await Promise.all([
    shQuiet(python, learnerRun(learners), env),
    shQuiet(python, solutionRun(names, filter), env),
  ]);
  console.log(`── learner notebooks (every check "not yet")\n${learner.out}`);
  console.log(`── solution notebooks (every check ✔)\n${solution.out}`);
  const a = counts(learner.out);
  const b = counts(solution.out);
  return {
    ok: learner.status === 0 && solution.status === 0,
    passed: names.length + (a.passed ?? 0) + (b.passed ?? 0),
    failed: (a.failed ?? (learner.status ? 1 : 0)) + (b.failed ?? (solution.status ? 1 : 0)),
  };
}
