// @ts-check
// `npm run strip [files…]`: removes outputs and execution counts from notebooks (default: notebooks/*.ipynb),
// so that source notebooks stay small and diff cleanly. A notebook that changes is first copied to
// .backup/<timestamp>/<its path in the project> (so notebooks/04.ipynb and solutions/04.ipynb get two backups):
// a learner's work is never overwritten without a copy. nbclient's per-cell `metadata.execution` timestamps
// go too (they change on every run and clutter diffs). LR2NN_BACKUP_DIR puts .backup elsewhere (for tests).
// Written the way Jupyter writes notebooks (keys sorted, 1-space indent, trailing newline), so a stripped
// notebook differs from Jupyter's own save only in the removed outputs.

import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { NOTEBOOKS_DIR, ROOT, listNotebooks } from "./jupyter.mjs";
import { serialize } from "./learner.mjs";

/**
 * Strips a notebook in memory; returns how many cells changed.
 * @param {{ cells?: Array<{ cell_type: string, outputs?: unknown[], execution_count?: number | null, metadata?: Record<string, unknown> }> }} nb
 */
function strip(nb) {
  let changed = 0;
  for (const cell of nb.cells ?? []) {
    const timed = cell.metadata != null && "execution" in cell.metadata;
    if (timed) delete cell.metadata?.execution; // nbclient's start/end timestamps of the run
    if (cell.cell_type !== "code") {
      if (timed) changed++;
      continue;
    }
    if ((cell.outputs?.length ?? 0) > 0 || cell.execution_count != null || timed) changed++;
    cell.outputs = [];
    cell.execution_count = null;
  }
  return changed;
}

/**
 * Where a notebook's backup goes: its path inside the project (notebooks/04.ipynb), or for a file outside
 * it, its absolute path below "outside/": two notebooks with one file name never share a backup.
 * @param {string} file
 */
function backupPath(file) {
  const rel = relative(ROOT, file);
  const inside = rel && !rel.startsWith("..") && !isAbsolute(rel);
  return join(
    backupDir,
    inside ? rel : join("outside", file.replace(/^[A-Za-z]:/, "").replace(/^[\\/]+/, "")),
  );
}

/**
 * A path as the user would type it: relative to where they are, unless that climbs out.
 * @param {string} p
 */
const show = (p) =>
  relative(process.cwd(), p).startsWith("..") ? p : relative(process.cwd(), p) || p;

const files = process.argv.slice(2).map((f) => resolve(f));
if (!files.length) files.push(...listNotebooks().map((n) => join(NOTEBOOKS_DIR, n)));
const stamp = new Date().toISOString().replace(/\..*$/, "").replace(/:/g, "-");
const backupDir = join(
  process.env.LR2NN_BACKUP_DIR ? resolve(process.env.LR2NN_BACKUP_DIR) : join(ROOT, ".backup"),
  stamp,
);
let failures = 0;
let stripped = 0;

for (const file of files) {
  const shown = show(file);
  let nb;
  try {
    nb = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    console.error(
      `✗ ${shown}: not readable as a notebook (${e instanceof Error ? e.message : e}); left as is`,
    );
    failures++;
    continue;
  }
  const changed = strip(nb);
  if (!changed) {
    console.log(`✓ ${shown}: already clean`);
    continue;
  }
  const backup = backupPath(file);
  mkdirSync(dirname(backup), { recursive: true });
  copyFileSync(file, backup);
  // Write beside it, then rename: the notebook is either the old or the new one, never half-written.
  const tmp = `${file}.strip-tmp`;
  writeFileSync(tmp, serialize(nb));
  renameSync(tmp, file);
  stripped++;
  console.log(
    `✓ ${shown}: stripped ${changed} cell${changed === 1 ? "" : "s"} (backup: ${show(backup)})`,
  );
}
if (!files.length) console.log("no notebooks to strip");
if (stripped)
  console.log(`backups of the ${stripped} changed notebook(s) are in ${show(backupDir)}/`);
process.exit(failures ? 1 : 0);
