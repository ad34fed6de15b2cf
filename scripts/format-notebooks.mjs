// @ts-check
// `npm run format:notebooks`: formats the code cells of the chapter sources with Prettier (the settings of
// .prettierrc.json, 100 columns), so notebook code reads like the lib's. The sources are solutions/*.ipynb, and
// notebooks/*.ipynb for a chapter without a solution notebook; learner copies are then remade from solutions/
// (`npm run learner`). A cell Prettier cannot parse is left as it is and named. Markdown is not touched.
// `--check` changes nothing and exits 1 when a cell would change. A FILTER argument (e.g. `05`) formats only the
// notebooks whose path contains it.

import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import * as prettier from "prettier";
import { NOTEBOOKS_DIR, ROOT } from "./jupyter.mjs";
import { SOLUTIONS_DIR, serialize, sourceText, writeAtomically } from "./learner.mjs";

/**
 * The chapter sources: every solution notebook, and each notebook that has none.
 * @returns {string[]} absolute paths
 */
export function chapterSources() {
  const list = (/** @type {string} */ dir) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((n) => n.endsWith(".ipynb"))
          .sort()
      : [];
  const solved = new Set(list(SOLUTIONS_DIR));
  return [
    ...[...solved].map((n) => join(SOLUTIONS_DIR, n)),
    ...list(NOTEBOOKS_DIR)
      .filter((n) => !solved.has(n))
      .map((n) => join(NOTEBOOKS_DIR, n)),
  ];
}

/**
 * One code cell's source formatted by Prettier, or null when Prettier cannot parse it. A cell's last line
 * has no newline in nbformat, so the trailing newline Prettier adds is dropped.
 * @param {string} code
 * @param {prettier.Options} options
 * @returns {Promise<string | null>}
 */
export async function formatCell(code, options) {
  if (!code.trim()) return code;
  try {
    const out = await prettier.format(code, { ...options, parser: "typescript" });
    return out.replace(/\n$/, "");
  } catch {
    return null;
  }
}

async function main() {
  const check = process.argv.includes("--check");
  const filter = process.argv.slice(2).find((a) => !a.startsWith("--")) ?? "";
  const options = (await prettier.resolveConfig(join(ROOT, "lib", "src", "index.ts"))) ?? {};
  let changed = 0;
  for (const file of chapterSources().filter((f) => f.includes(filter))) {
    const nb = JSON.parse(readFileSync(file, "utf8"));
    let cellsChanged = 0;
    for (const [i, cell] of nb.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      const before = sourceText(cell);
      const after = await formatCell(before, options);
      if (after === null) {
        console.log(`! ${relative(ROOT, file)} cell ${i}: Prettier cannot parse it; left as it is`);
        continue;
      }
      if (after !== before) {
        cellsChanged++;
        cell.source = after === "" ? [] : after.split(/(?<=\n)/);
      }
    }
    if (cellsChanged) {
      changed++;
      console.log(
        `${check ? "✗" : "✓"} ${relative(ROOT, file)}: ${cellsChanged} cells ${check ? "not formatted" : "formatted"}`,
      );
      if (!check) writeAtomically(file, serialize(nb));
    }
  }
  if (check && changed) {
    console.log("run: npm run format:notebooks");
    process.exit(1);
  }
  if (!changed) console.log("notebook code cells are formatted");
}

main();
