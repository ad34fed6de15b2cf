// @ts-check
// What the notebook stages share: run_notebooks.py's arguments for learner and solution copies, and the check
// that the learner copies are what `npm run learner` makes.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { NOTEBOOKS_DIR, ROOT } from "../jupyter.mjs";
import { SOLUTIONS_DIR } from "../learner.mjs";

/** run_notebooks.py's arguments for the learner copies. */
export const learnerRun = (/** @type {string[]} */ names) => [
  join("scripts", "run_notebooks.py"),
  ...names.map((n) => join(NOTEBOOKS_DIR, n)),
];

/** Every chapter: each cell runs twice in a row in the tests and must print the same (run_notebooks.py --twice). */
export const TWICE = ["0", "1", "A"];

/**
 * The test notebooks of test/notebooks/fixtures/: a learner's mistakes, each cell tagged `raises` (it must fail
 * with one line naming its cause: run_notebooks.py checks it). They run with the solutions.
 */
export const FIXTURES_DIR = join(ROOT, "test", "notebooks", "fixtures");
const fixtures = () =>
  existsSync(FIXTURES_DIR)
    ? readdirSync(FIXTURES_DIR)
        .filter((f) => f.endsWith(".ipynb"))
        .sort()
        .map((f) => join(FIXTURES_DIR, f))
    : [];

/**
 * run_notebooks.py's arguments for the solutions (executed copies kept for the site), and, on a full run (no
 * filter), the fixtures.
 * @param {string[]} names
 * @param {string} [filter]
 */
export const solutionRun = (names, filter = "") => [
  join("scripts", "run_notebooks.py"),
  "--checks",
  "solution",
  "--out",
  join(ROOT, "test-artifacts", "executed-solutions"),
  // every cell runs twice in a row and must print the same, timings aside (a re-run changes nothing)
  "--twice",
  TWICE.join(","),
  ...names.map((n) => join(SOLUTIONS_DIR, n)),
  ...(filter ? [] : fixtures()),
];

/**
 * The learner copies are what `npm run learner` makes from solutions/, and the solutions carry no outputs.
 * Prints a line per notebook; returns how many are wrong.
 * @param {string[]} names
 */
export async function learnerCopiesProblems(names) {
  const { learnerText } = await import("../learner.mjs");
  let bad = 0;
  for (const name of names) {
    /** @type {string[]} */
    const problems = [];
    try {
      const nb = JSON.parse(readFileSync(join(SOLUTIONS_DIR, name), "utf8"));
      /** @type {{ outputs?: unknown[], execution_count?: number | null }[]} */
      const cells = nb.cells ?? [];
      if (cells.some((c) => c.outputs?.length || c.execution_count != null))
        problems.push(
          `solutions/${name} carries outputs: npm run strip ${relative(ROOT, join(SOLUTIONS_DIR, name))}`,
        );
      const learner = join(NOTEBOOKS_DIR, name);
      const made = learnerText(name).text;
      if (!existsSync(learner) || readFileSync(learner, "utf8") !== made)
        problems.push(
          `${relative(ROOT, learner)} differs from what solutions/${name} makes: run npm run learner`,
        );
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
    }
    if (problems.length) {
      bad++;
      console.log(`✗ ${name}\n    ${problems.join("\n    ")}`);
    } else console.log(`✓ ${name}: the learner copy is up to date`);
  }
  return bad;
}
