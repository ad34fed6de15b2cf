// @ts-check
// Notebook hygiene: committed notebooks carry no outputs, use the tslab kernel, and their code reads like the lib's.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { NOTEBOOKS_DIR, ROOT, listNotebooks } from "../jupyter.mjs";
import { SOLUTIONS_DIR } from "../learner.mjs";
import { FIXTURES_DIR } from "./notebook-runs.mjs";

/** @typedef {import("./common.mjs").StageResult} StageResult */

/**
 * Source notebooks must parse, use the tslab kernel, and carry no outputs or execution counts (outputs are
 * large, differ on every run, and would make the learner's first run look already done). The code cells of
 * notebooks/ and solutions/ must also read like the lib's code: no line longer than 100 characters
 * (scripts/notebook-lines.mjs) and formatted by Prettier (what `node scripts/format-notebooks.mjs --check`
 * finds; a cell Prettier cannot parse is named but not counted, as there). Each distinct cell is formatted once: a learner
 * copy repeats its solution's cells, so the stage stays fast.
 * @param {string} filter
 * @returns {Promise<StageResult>}
 */
export async function hygiene(filter) {
  const names = listNotebooks(filter);
  const { listSolutions, sourceText } = await import("../learner.mjs");
  const { longCodeLines, describeLongLine } = await import("../notebook-lines.mjs");
  const prettier = await import("prettier");
  const options = (await prettier.resolveConfig(join(ROOT, "lib", "src", "index.ts"))) ?? {};
  /** @type {Map<string, Promise<boolean | null>>} cell source → formatted as it is? (null: cannot parse) */
  const formatted = new Map();
  /** @param {string} code */
  const isFormatted = (code) => {
    let known = formatted.get(code);
    if (!known) {
      known = code.trim()
        ? prettier
            .format(code, { ...options, parser: "typescript" })
            .then((out) => out.replace(/\n$/, "") === code)
            .catch(() => null)
        : Promise.resolve(true);
      formatted.set(code, known);
    }
    return known;
  };
  /**
   * What is wrong with the code cells' layout (long lines, Prettier's formatting) of one parsed notebook.
   * @param {any} nb
   * @param {string} path as the messages name the notebook
   */
  const layoutProblems = async (nb, path) => {
    /** @type {string[]} */
    const problems = longCodeLines(nb, path).map(
      (l) => `${describeLongLine(l)} (at most 100): ${l.text.trim().slice(0, 60)}…`,
    );
    if (problems.length)
      problems.push(
        "wrap them (split long strings with +, shorten comments or move them to markdown)",
      );
    /** @type {number[]} */
    const unformatted = [];
    const cells = Array.isArray(nb.cells) ? nb.cells : [];
    for (const [i, cell] of cells.entries()) {
      if (cell.cell_type !== "code") continue;
      const ok = await isFormatted(sourceText(cell) ?? "");
      if (ok === false) unformatted.push(i);
      else if (ok === null)
        console.log(`! ${path} cell ${i}: Prettier cannot parse it; not checked`);
    }
    if (unformatted.length)
      problems.push(
        `${unformatted.length === 1 ? "cell" : "cells"} ${unformatted.join(", ")} not formatted by Prettier: ` +
          "run npm run format:notebooks",
      );
    return problems;
  };
  let bad = 0;
  for (const name of names) {
    /** @type {string[]} */
    const problems = [];
    const path = relative(ROOT, join(NOTEBOOKS_DIR, name));
    try {
      const nb = JSON.parse(readFileSync(join(NOTEBOOKS_DIR, name), "utf8"));
      if (nb.nbformat !== 4) problems.push(`nbformat is ${nb.nbformat}, expected 4`);
      const kernel = nb.metadata?.kernelspec?.name;
      if (kernel !== "tslab")
        problems.push(
          `kernelspec is ${JSON.stringify(kernel)}, expected "tslab" (Kernel ▸ Change kernel ▸ TypeScript)`,
        );
      /** @type {{ outputs?: unknown[], execution_count?: number | null }[]} */
      const cells = Array.isArray(nb.cells) ? nb.cells : [];
      if (!Array.isArray(nb.cells)) problems.push("has no cells array");
      const withOutputs = cells.flatMap((c, i) => (c.outputs?.length ? [i] : []));
      const withCounts = cells.flatMap((c, i) => (c.execution_count != null ? [i] : []));
      const cellsHave = (/** @type {number[]} */ ix, /** @type {string} */ what) =>
        ix.length === 1 ? `cell ${ix[0]} has ${what}` : `cells ${ix.join(", ")} have ${what}`;
      if (withOutputs.length) problems.push(cellsHave(withOutputs, "outputs"));
      if (withCounts.length) problems.push(cellsHave(withCounts, "an execution count"));
      if (withOutputs.length || withCounts.length)
        problems.push(`clean it with: npm run strip ${path}`);
      problems.push(...(await layoutProblems(nb, path)));
    } catch (e) {
      problems.push(`is not valid notebook JSON: ${e instanceof Error ? e.message : e}`);
    }
    if (problems.length) {
      bad++;
      console.log(`✗ ${name}\n    ${problems.join("\n    ")}`);
    } else console.log(`✓ ${name}`);
  }
  /**
   * Checks the notebooks `files` of folder `dir`: their layout, and (with `noOutputs`) that they carry none.
   * @param {string} dir @param {string[]} files @param {boolean} noOutputs
   */
  const checkFolder = async (dir, files, noOutputs) => {
    for (const name of files) {
      const path = relative(ROOT, join(dir, name));
      /** @type {string[]} */
      let problems;
      try {
        const nb = JSON.parse(readFileSync(join(dir, name), "utf8"));
        /** @type {{ outputs?: unknown[], execution_count?: number | null }[]} */
        const cells = nb.cells ?? [];
        problems = await layoutProblems(nb, path);
        if (noOutputs && cells.some((c) => c.outputs?.length || c.execution_count != null))
          problems.push(`carries outputs: npm run strip ${path}`);
      } catch (e) {
        problems = [`is not valid notebook JSON: ${e instanceof Error ? e.message : e}`];
      }
      if (problems.length) {
        bad++;
        console.log(`✗ ${path}\n    ${problems.join("\n    ")}`);
      } else console.log(`✓ ${path}`);
    }
  };
  // The sources of the chapters: their outputs are the exercises stage's business, their layout is checked here.
  const solutions = listSolutions(filter);
  await checkFolder(SOLUTIONS_DIR, solutions, false);
  // The test notebooks (test/notebooks/fixtures/): committed without outputs too, and laid out like the rest.
  const fixtures = existsSync(FIXTURES_DIR)
    ? readdirSync(FIXTURES_DIR).filter((f) => f.endsWith(".ipynb") && f.includes(filter))
    : [];
  await checkFolder(FIXTURES_DIR, fixtures, true);
  if (!names.length)
    return {
      ok: false,
      passed: 0,
      note: filter ? `no notebook matches "${filter}"` : `no notebooks in ${NOTEBOOKS_DIR}`,
    };
  const checked = names.length + solutions.length + fixtures.length;
  return { ok: bad === 0, passed: checked - bad, failed: bad };
}
