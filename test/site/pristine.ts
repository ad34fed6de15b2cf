/**
 * The site never publishes a learner's work. A learner's notebooks/ holds their answers and outputs; the site's
 * "download the notebook" files must be the pristine learner copies that `npm run learner` makes from
 * solutions/. This check plants outputs and an answer in every notebook of a scratch copy of notebooks/, builds the
 * site with that copy as the notebooks folder (LR2NN_NOTEBOOKS_DIR, reusing the executed chapters), and requires:
 * every downloadable notebook byte-identical to what solutions/ makes, none with an output or execution count,
 * and no file of the site containing the planted text. Run by the `site` stage after the site is built.
 *
 *   node --import tsx test/site/pristine.ts
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
// @ts-ignore the scripts are checked JavaScript modules without declarations
import { learnerText, listSolutions } from "../../scripts/learner.mjs";

const ROOT = resolve(__dirname, "..", "..");
const PLANTED = "PLANTED-BY-THE-PRISTINE-SITE-TEST";

interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
  metadata?: { tags?: string[] };
}

/** Every file below `dir`. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

function main(): number {
  const scratch = join(ROOT, ".test-run", `pristine-${process.pid}`);
  const notebooks = join(scratch, "notebooks");
  const out = join(scratch, "site");
  mkdirSync(notebooks, { recursive: true });
  try {
    const names = listSolutions() as string[];
    // A worked-on notebooks/: every code cell has an output and a count, every exercise an answer.
    for (const name of names) {
      const nb = JSON.parse(learnerText(name).text) as { cells: Cell[] };
      let n = 0;
      for (const cell of nb.cells) {
        if (cell.cell_type !== "code") continue;
        cell.execution_count = ++n;
        cell.outputs = [{ output_type: "stream", name: "stdout", text: `${PLANTED} output ${n}\n` }];
        if (cell.metadata?.tags?.includes("exercise"))
          cell.source = `// ${PLANTED}: my answer\n${[cell.source].flat().join("")}`;
      }
      writeFileSync(join(notebooks, name), JSON.stringify(nb));
    }
    const r = spawnSync(process.execPath, [join(ROOT, "scripts", "site.mjs"), "--out", out], {
      cwd: ROOT,
      env: { ...process.env, LR2NN_NOTEBOOKS_DIR: notebooks },
      encoding: "utf8",
    });
    if (r.status !== 0) {
      console.log(`✗ the site did not build:\n${r.stdout}${r.stderr}`);
      return 1;
    }
    const problems: string[] = [];
    for (const name of names) {
      const file = join(out, "notebooks", name);
      let text = "";
      try {
        text = readFileSync(file, "utf8");
      } catch {
        problems.push(`site/notebooks/${name} is missing`);
        continue;
      }
      if (text !== learnerText(name).text)
        problems.push(`site/notebooks/${name} is not what solutions/${name} makes`);
      const cells = (JSON.parse(text) as { cells: Cell[] }).cells;
      const withOutputs = cells.filter((c) => c.outputs?.length || c.execution_count != null);
      if (withOutputs.length)
        problems.push(`site/notebooks/${name}: ${withOutputs.length} cells carry outputs or counts`);
    }
    const leaked = files(out).filter((f) => readFileSync(f).includes(PLANTED));
    for (const f of leaked) problems.push(`${f.slice(out.length + 1)} holds the learner's planted work`);
    for (const p of problems) console.log(`✗ ${p}`);
    const ok = problems.length === 0;
    if (ok)
      console.log(
        `✓ pristine: with outputs and answers planted in all ${names.length} notebooks, the site's ` +
          `${names.length} downloads are exactly the learner copies from solutions/, and no file holds the planted work`,
      );
    console.log(`pristine: ${ok ? 1 : 0} passed, ${ok ? 0 : 1} failed`);
    return ok ? 0 : 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

process.exit(main());
