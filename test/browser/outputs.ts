/**
 * What the notebook tests (scripts/run_notebooks.py) require of an executed learner notebook, applied to the copy
 * a frontend saved after Run All: no cell wrote to stderr or showed an error, and every cell tagged `check` printed
 * one line saying "not yet" (the learner's exercises arrive untouched), never ✔ or ✘. With these, a chapter run
 * in JupyterLab proves everything its nbclient run proves, so `npm run test:all` need not run it twice.
 */
import { readFileSync } from "node:fs";

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  ename?: string;
  evalue?: string;
}
interface Cell {
  cell_type: string;
  metadata?: { tags?: string[] };
  outputs?: Output[];
}

const text = (o: Output) => [o.text ?? ""].flat().join("");

/** The problems of a saved, executed learner notebook, and how many check cells said "not yet". */
export function learnerOutputProblems(file: string): { problems: string[]; checks: number } {
  const nb = JSON.parse(readFileSync(file, "utf8")) as { cells: Cell[] };
  const problems: string[] = [];
  let checks = 0;
  for (const [i, cell] of nb.cells.entries()) {
    if (cell.cell_type !== "code") continue;
    const outs = cell.outputs ?? [];
    const stderr = outs
      .filter(
        (o) => o.output_type === "error" || (o.output_type === "stream" && o.name === "stderr"),
      )
      .map((o) => (o.output_type === "error" ? `${o.ename}: ${o.evalue}` : text(o)).trim());
    if (stderr.length)
      problems.push(
        `cell ${i} wrote to stderr (course notebooks run clean): ${stderr.join(" / ").slice(0, 300)}`,
      );
    if (!cell.metadata?.tags?.includes("check")) continue;
    const said = outs
      .filter((o) => o.output_type === "stream" && o.name === "stdout")
      .map(text)
      .join("")
      .trim();
    if (said.includes("✘")) problems.push(`check cell ${i} printed ✘: ${said.slice(0, 200)}`);
    else if (!said.includes("not yet") || said.includes("✔"))
      problems.push(
        `check cell ${i} should say "not yet" in a learner notebook, said: ${said.slice(0, 200) || "(nothing)"}`,
      );
    else if (said.split("\n").length !== 1)
      problems.push(`check cell ${i} should print one line, printed: ${said}`);
    else checks++;
  }
  return { problems, checks };
}
