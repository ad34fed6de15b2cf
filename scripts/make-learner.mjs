// @ts-check
// `npm run learner [FILTER]`: writes the learner's notebooks/NN-name.ipynb from solutions/NN-name.ipynb (the
// source of truth), cutting each `// BEGIN SOLUTION … // END SOLUTION` region of a cell tagged `exercise` down
// to a stub (scripts/learner.mjs; conventions in solutions/README.md). `--check` writes nothing and exits 1
// when a committed learner notebook differs from what this script makes (the test suite uses the same check).
// A learner notebook that has changed since it was made (the learner's own work) is never overwritten
// silently: it is copied to .backup/<time>/ first.

import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { NOTEBOOKS_DIR, ROOT } from "./jupyter.mjs";
import {
  BACKUP_DIR,
  SOLUTIONS_DIR,
  learnerText,
  listSolutions,
  stamp,
  writeAtomically,
} from "./learner.mjs";

const show = (/** @type {string} */ p) => relative(ROOT, p) || p;

function main() {
  const args = process.argv.slice(2);
  const check = args.includes("--check");
  const filter = args.find((a) => !a.startsWith("--")) ?? "";
  const names = listSolutions(filter);
  if (!names.length) {
    console.error(
      filter
        ? `no solution notebook matches "${filter}" in ${show(SOLUTIONS_DIR)}`
        : `no notebooks in ${show(SOLUTIONS_DIR)}`,
    );
    return 1;
  }
  let stale = 0;
  const backupDir = join(BACKUP_DIR, stamp());
  for (const name of names) {
    let made;
    try {
      made = learnerText(name);
    } catch (e) {
      console.error(`✗ ${name}: ${e instanceof Error ? e.message : e}`);
      stale++;
      continue;
    }
    const target = join(NOTEBOOKS_DIR, name);
    const current = existsSync(target) ? readFileSync(target, "utf8") : null;
    const what = `${made.exercises} exercise${made.exercises === 1 ? "" : "s"}`;
    if (current === made.text) {
      console.log(`✓ ${name}: up to date (${what})`);
      continue;
    }
    if (check) {
      console.log(
        `✗ ${name}: ${show(target)} differs from what solutions/${name} makes — run npm run learner`,
      );
      stale++;
      continue;
    }
    if (current !== null) {
      mkdirSync(backupDir, { recursive: true });
      copyFileSync(target, join(backupDir, name));
    }
    writeAtomically(target, made.text);
    console.log(
      `✓ ${name}: written (${what})${current !== null ? `, the old copy is in ${show(join(backupDir, name))}` : ""}`,
    );
  }
  return stale ? 1 : 0;
}

process.exitCode = main();
