// @ts-check
// From a solution notebook to the learner's copy (used by make-learner.mjs, reset.mjs and the tests).
// In code cells tagged `exercise`, each region from `// BEGIN SOLUTION` to `// END SOLUTION` becomes a stub at
// the BEGIN line's indentation; everything else is copied unchanged, outputs and execution counts stripped.
// Deterministic: written the way Jupyter writes notebooks (keys sorted, 1-space indent, trailing newline).

import { existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ROOT } from "./jupyter.mjs";

/** The solution notebooks, the source of truth. LR2NN_SOLUTIONS_DIR points the tests elsewhere. */
export const SOLUTIONS_DIR = process.env.LR2NN_SOLUTIONS_DIR
  ? resolve(process.env.LR2NN_SOLUTIONS_DIR)
  : join(ROOT, "solutions");

/** Where `npm run reset` keeps the learner's own copies. LR2NN_BACKUP_DIR points the tests elsewhere. */
export const BACKUP_DIR = process.env.LR2NN_BACKUP_DIR
  ? resolve(process.env.LR2NN_BACKUP_DIR)
  : join(ROOT, ".backup");

const BEGIN = /^(\s*)\/\/ BEGIN SOLUTION(?::\s*(.*?))?\s*$/;
const END = /^\s*\/\/ END SOLUTION\s*$/;
const DEFAULT_NOTE = "(see the formula above).";

/**
 * @typedef {{ cell_type: string, source: string | string[], metadata?: { tags?: string[] } & Record<string, unknown>,
 *   outputs?: unknown[], execution_count?: number | null } & Record<string, unknown>} Cell
 * @typedef {{ cells: Cell[] } & Record<string, unknown>} Notebook
 */

/**
 * A cell's source as one string (nbformat stores a list of lines, or one string).
 * @param {Cell} cell
 */
export function sourceText(cell) {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/**
 * Back to nbformat's list of lines, each keeping its "\n" (as Jupyter saves them).
 * @param {string} text
 */
function toLines(text) {
  return text === "" ? [] : text.split(/(?<=\n)/);
}

/** @param {Cell} cell */
export const tagsOf = (cell) => cell.metadata?.tags ?? [];

/**
 * The stub that replaces one solution region.
 * @param {string} indent
 * @param {string | undefined} note
 */
export function stub(indent, note) {
  return `${indent}// ✎ Your code here${note ? `: ${note}` : ` ${DEFAULT_NOTE}`}\n${indent}throw notYet();\n`;
}

/**
 * Replaces every solution region of one exercise cell's source. Throws on an unbalanced region.
 * @param {string} text
 * @param {string} where  for error messages, e.g. "01-sigmoid.ipynb cell 4"
 * @returns {{ text: string, regions: number }}
 */
export function cutSolutions(text, where) {
  const lines = text.split(/(?<=\n)/);
  /** @type {string[]} */
  const out = [];
  let regions = 0;
  /** @type {{ indent: string, note: string | undefined } | null} */
  let open = null;
  for (const line of lines) {
    const body = line.replace(/\n$/, "");
    const b = BEGIN.exec(body);
    if (b) {
      if (open) throw new Error(`${where}: "// BEGIN SOLUTION" inside an open region`);
      open = { indent: b[1] ?? "", note: b[2] || undefined };
      continue;
    }
    if (END.test(body)) {
      if (!open) throw new Error(`${where}: "// END SOLUTION" without a BEGIN`);
      const s = stub(open.indent, open.note);
      // Keep the source's last line without "\n" when the region ended the cell.
      out.push(line.endsWith("\n") ? s : s.replace(/\n$/, ""));
      regions++;
      open = null;
      continue;
    }
    if (!open) out.push(line);
  }
  if (open) throw new Error(`${where}: "// BEGIN SOLUTION" is never closed by "// END SOLUTION"`);
  return { text: out.join(""), regions };
}

/**
 * The value with object keys sorted recursively (Jupyter's nbformat writes with sort_keys=True).
 * @param {unknown} value
 * @returns {unknown}
 */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys(/** @type {any} */ (value)[k])]),
    );
  return value;
}

/**
 * A notebook as Jupyter writes it.
 * @param {unknown} nb
 */
export function serialize(nb) {
  return JSON.stringify(sortKeys(nb), null, 1) + "\n";
}

/**
 * The learner's copy of a solution notebook (parsed JSON in, a new object out).
 * @param {Notebook} solution
 * @param {string} name  the file name, for error messages
 * @returns {{ notebook: Notebook, exercises: number }}
 */
export function makeLearner(solution, name) {
  /** @type {Notebook} */
  const nb = JSON.parse(JSON.stringify(solution));
  let exercises = 0;
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type === "code") {
      cell.outputs = [];
      cell.execution_count = null;
    }
    const text = sourceText(cell);
    const isExercise = cell.cell_type === "code" && tagsOf(cell).includes("exercise");
    if (!isExercise) {
      if (/\/\/ (BEGIN|END) SOLUTION/.test(text) && cell.cell_type === "code")
        throw new Error(
          `${name} cell ${i}: a solution region in a cell not tagged "exercise" (it would reach the learner)`,
        );
      return;
    }
    const cut = cutSolutions(text, `${name} cell ${i}`);
    if (!cut.regions)
      throw new Error(
        `${name} cell ${i}: tagged "exercise" but has no // BEGIN SOLUTION … // END SOLUTION region`,
      );
    cell.source = toLines(cut.text);
    exercises++;
  });
  return { notebook: nb, exercises };
}

/**
 * Sorted solution notebook names, optionally only those whose name contains `filter`.
 * @param {string} [filter]
 */
export function listSolutions(filter = "") {
  if (!existsSync(SOLUTIONS_DIR)) return [];
  return readdirSync(SOLUTIONS_DIR)
    .filter((n) => n.endsWith(".ipynb") && n.includes(filter))
    .sort();
}

/**
 * The learner notebook a solution makes, as text.
 * @param {string} name
 */
export function learnerText(name) {
  const solution = JSON.parse(readFileSync(join(SOLUTIONS_DIR, name), "utf8"));
  const { notebook, exercises } = makeLearner(solution, name);
  return { text: serialize(notebook), exercises };
}

/**
 * Writes a file atomically (beside it, then rename): it is either the old or the new one, never half-written.
 * @param {string} file
 * @param {string} text
 */
export function writeAtomically(file, text) {
  const tmp = `${file}.learner-tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** A timestamped backup folder name, e.g. 2026-11-28T10-15-02. */
export const stamp = () => new Date().toISOString().replace(/\..*$/, "").replace(/:/g, "-");
