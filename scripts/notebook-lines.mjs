// @ts-check
// `node scripts/notebook-lines.mjs [--max N] [notebooks…]`: lists the lines of code cells longer than N
// characters (default 100, the width Prettier keeps the lib, scripts and tests to), so notebook code stays
// readable at that width too. Default: notebooks/*.ipynb. Exits with 1 when it finds any.
// Plain JavaScript checked by tsc through JSDoc, like scripts/jupyter.mjs; it only reads notebooks.

import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { NOTEBOOKS_DIR, ROOT, listNotebooks } from "./jupyter.mjs";

/** The widest a code line may be, in characters. */
export const MAX_LINE = 100;

/**
 * @typedef {{ cell_type?: string, source?: string | string[] }} Cell
 * @typedef {{ cells?: Cell[] }} Notebook
 * @typedef {{ path: string, cell: number, line: number, length: number, text: string }} LongLine
 *   cell counts from 0 (as the hygiene stage names cells), line from 1 within the cell; length is in
 *   characters (Unicode code points: "ŷ" or "×" is one).
 */

/**
 * The lines of the notebook's code cells longer than `max` characters, in order. Markdown is prose and
 * wraps on screen: only code cells count.
 * @param {Notebook} nb a parsed notebook (nbformat 4: `source` is a string or a list of lines)
 * @param {string} path how the results name the notebook
 * @param {number} [max]
 * @returns {LongLine[]}
 */
export function longCodeLines(nb, path, max = MAX_LINE) {
  /** @type {LongLine[]} */
  const found = [];
  (nb.cells ?? []).forEach((cell, c) => {
    if (cell.cell_type !== "code") return;
    const source = Array.isArray(cell.source) ? cell.source.join("") : (cell.source ?? "");
    source.split("\n").forEach((text, i) => {
      const length = [...text.replace(/\r$/, "")].length;
      if (length > max) found.push({ path, cell: c, line: i + 1, length, text });
    });
  });
  return found;
}

/**
 * One finding as a line of a report: "notebooks/04-x.ipynb cell 12, line 3: 117 characters".
 * @param {LongLine} l
 */
export function describeLongLine(l) {
  return `${l.path} cell ${l.cell}, line ${l.line}: ${l.length} characters`;
}

/**
 * The command: reads the notebooks, prints every long line and a summary; returns the exit status.
 * @param {string[]} args
 */
function main(args) {
  let max = MAX_LINE;
  const i = args.indexOf("--max");
  if (i >= 0) {
    max = Number(args[i + 1]);
    if (!Number.isInteger(max) || max < 1) {
      console.error(`--max needs a whole number of characters, got ${JSON.stringify(args[i + 1])}`);
      return 2;
    }
    args.splice(i, 2);
  }
  const files = args.length
    ? args.map((f) => resolve(f))
    : listNotebooks().map((n) => join(NOTEBOOKS_DIR, n));
  /** @type {LongLine[]} */
  const all = [];
  for (const file of files) {
    const nb = /** @type {Notebook} */ (JSON.parse(readFileSync(file, "utf8")));
    const long = longCodeLines(nb, relative(ROOT, file) || file, max);
    for (const l of long) console.log(`${describeLongLine(l)}\n    ${l.text.trim()}`);
    all.push(...long);
  }
  const where = new Set(all.map((l) => l.path)).size;
  console.log(
    all.length
      ? `${all.length} code line(s) longer than ${max} characters in ${where} of ${files.length} notebook(s)`
      : `no code line longer than ${max} characters in ${files.length} notebook(s)`,
  );
  return all.length ? 1 : 0;
}

// @ts-ignore TS1343: the root tsconfig checks with module=commonjs, but this file is ESM and runs as such.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(main(process.argv.slice(2)));
}
