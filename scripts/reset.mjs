// @ts-check
// `npm run reset -- 04`: gives back chapter 04's pristine learner notebook (made from solutions/, as
// `npm run learner` makes it), after copying the learner's current notebooks/04-….ipynb to .backup/<time>/.
// Nothing is overwritten without that backup: if the copy fails, the notebook is left as it is.
// LR2NN_NOTEBOOKS_DIR, LR2NN_SOLUTIONS_DIR and LR2NN_BACKUP_DIR point it elsewhere (the tests use them).

import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { NOTEBOOKS_DIR, ROOT } from "./jupyter.mjs";
import { BACKUP_DIR, learnerText, listSolutions, stamp, writeAtomically } from "./learner.mjs";

const show = (/** @type {string} */ p) =>
  relative(ROOT, p).startsWith("..") ? p : relative(ROOT, p);

function main() {
  const chapter = process.argv[2];
  if (!chapter) {
    console.error(
      "usage: npm run reset -- NN   (e.g. npm run reset -- 04: restores notebooks/04-….ipynb)",
    );
    return 2;
  }
  const names = listSolutions(chapter);
  if (names.length !== 1) {
    console.error(
      names.length
        ? `"${chapter}" matches several chapters (${names.join(", ")}): give one`
        : `no chapter matches "${chapter}" (the chapters: ${listSolutions()
            .map((n) => n.slice(0, 2))
            .join(", ")})`,
    );
    return 2;
  }
  const name = /** @type {string} */ (names[0]);
  const target = join(NOTEBOOKS_DIR, name);
  const { text } = learnerText(name);
  if (existsSync(target)) {
    if (readFileSync(target, "utf8") === text) {
      console.log(`✓ ${show(target)} is already the pristine copy: nothing to do`);
      return 0;
    }
    const dir = join(BACKUP_DIR, stamp());
    mkdirSync(dir, { recursive: true });
    const backup = join(dir, name);
    if (existsSync(backup)) {
      console.error(`✗ ${show(backup)} already exists (two resets in one second?): try again`);
      return 1;
    }
    copyFileSync(target, backup);
    if (readFileSync(backup, "utf8") !== readFileSync(target, "utf8")) {
      console.error(
        `✗ the backup ${show(backup)} does not match the notebook: nothing was changed`,
      );
      return 1;
    }
    writeAtomically(target, text);
    console.log(
      `✓ ${show(target)} is the pristine learner copy again; your version is in ${show(backup)}`,
    );
    console.log(
      "  (in Jupyter, reload the notebook: File ▸ Reload Notebook from Disk, or close and reopen it)",
    );
  } else {
    writeAtomically(target, text);
    console.log(`✓ ${show(target)} written (there was none)`);
  }
  return 0;
}

process.exitCode = main();
