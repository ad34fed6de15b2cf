// The course as a whole, read from the solution notebooks (the source of the learner copies): enough exercises,
// each with its check; knobs signposted where they are; every "Try it" with a checked outcome; the numbered
// path free of engine talk, which lives in appendix A.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

const SOLUTIONS = path.resolve(__dirname, "..", "..", "solutions");

interface Cell {
  cell_type: string;
  source: string | string[];
  metadata?: { tags?: string[] };
}
const text = (c: Cell) => (Array.isArray(c.source) ? c.source.join("") : c.source);
const tags = (c: Cell) => c.metadata?.tags ?? [];

function chapters(): { name: string; cells: Cell[] }[] {
  return readdirSync(SOLUTIONS)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((name) => ({
      name,
      cells: (JSON.parse(readFileSync(path.join(SOLUTIONS, name), "utf8")) as { cells: Cell[] })
        .cells,
    }));
}
const numbered = () => chapters().filter((c) => /^\d\d-/.test(c.name));

test("at least 40 exercises, each followed by its check cell (08's capstone among them)", () => {
  let count = 0;
  for (const { name, cells } of chapters()) {
    cells.forEach((c, i) => {
      if (!tags(c).includes("exercise")) return;
      count++;
      const next = cells.slice(i + 1).find((d) => d.cell_type === "code");
      assert.ok(next && tags(next).includes("check"), `${name} cell ${i}: no check cell after it`);
    });
  }
  assert.ok(count >= 40, `${count} exercises`);
  const ch08 = chapters().find((c) => c.name.startsWith("08-"))!;
  for (const f of ["myLayerBackward", "myBackwardPass", "myTrain"])
    assert.ok(
      ch08.cells.some((c) => tags(c).includes("exercise") && text(c).includes(`function ${f}(`)),
      `08 has no exercise ${f}`,
    );
});

test("chapters 02–13 each signpost at least two knobs with `// try …` on the line they sit on", () => {
  for (const { name, cells } of numbered()) {
    if (Number(name.slice(0, 2)) < 2) continue;
    const knobs = cells
      .filter((c) => c.cell_type === "code" && !tags(c).includes("prose-check"))
      .flatMap((c) => text(c).split("\n"))
      .filter((l) => /\S.*\/\/ try /.test(l));
    assert.ok(knobs.length >= 2, `${name}: ${knobs.length} knob comments`);
  }
});

test('every numbered Try-it item has a hidden check naming it ("Try it N")', () => {
  for (const { name, cells } of numbered()) {
    const at = cells.findIndex((c) => c.cell_type === "markdown" && /^## Try it/m.test(text(c)));
    if (at < 0) continue;
    const section = text(cells[at]!).split(/^## Try it/m)[1]!;
    const items = [...section.matchAll(/^(\d+)\. /gm)].map((m) => Number(m[1]));
    const checks = cells
      .filter((c) => tags(c).includes("prose-check"))
      .map(text)
      .join("\n");
    for (const k of items)
      assert.match(checks, new RegExp(`Try it ${k}\\b`), `${name}: Try it ${k} is not checked`);
  }
});

test("the numbered chapters carry no engine talk: useEngine, kernels and GFLOP/s live in appendix A", () => {
  for (const { name, cells } of numbered()) {
    const code = cells
      .filter((c) => c.cell_type === "code")
      .map(text)
      .join("\n");
    assert.doesNotMatch(code, /useEngine|useMatmulKernel|GFLOP/, name);
  }
  const appendix = chapters().find((c) => c.name === "A-engine.ipynb");
  assert.ok(appendix, "solutions/A-engine.ipynb is missing");
  assert.match(appendix.cells.map(text).join("\n"), /useEngine\(false\)/);
});
