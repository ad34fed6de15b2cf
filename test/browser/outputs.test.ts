/**
 * test/browser/outputs.ts: the browser test's reading of a saved learner notebook must fail what the notebook
 * tests fail (stderr, an error, a check that says ✔ or ✘ or more than one line) and pass a clean run, because
 * `npm run test:all` relies on it in place of the nbclient run of the learner copies.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { learnerOutputProblems } from "./outputs";

const dir = mkdtempSync(join(tmpdir(), "lr2nn-outputs-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const stdout = (text: string) => ({ output_type: "stream", name: "stdout", text });
const check = (...outputs: object[]) => ({
  cell_type: "code",
  metadata: { tags: ["check"] },
  outputs,
});
let k = 0;
function saved(...cells: object[]): string {
  const file = join(dir, `nb-${++k}.ipynb`);
  writeFileSync(
    file,
    JSON.stringify({ cells: [{ cell_type: "markdown", source: "# x" }, ...cells] }),
  );
  return file;
}

test("a clean learner run passes and counts its checks", () => {
  const r = learnerOutputProblems(
    saved(
      { cell_type: "code", outputs: [stdout("0.5\n")] },
      check(stdout("… not yet: mySigmoid\n")),
    ),
  );
  assert.deepEqual(r, { problems: [], checks: 1 });
});

test("stderr, an error output, ✔, ✘ and two lines are each a problem, named with their cell", () => {
  const cases: [object, RegExp][] = [
    [
      { cell_type: "code", outputs: [{ output_type: "stream", name: "stderr", text: "boom" }] },
      /cell 1 wrote to stderr.*boom/,
    ],
    [
      { cell_type: "code", outputs: [{ output_type: "error", ename: "TypeError", evalue: "x" }] },
      /cell 1 wrote to stderr.*TypeError: x/,
    ],
    [check(stdout("✔ mySigmoid: 6 cases\n")), /check cell 1 should say "not yet"/],
    [check(stdout("✘ mySigmoid(0) = 1, expected 0.5\n")), /check cell 1 printed ✘/],
    [check(stdout("… not yet\nmore\n")), /check cell 1 should print one line/],
    [check(), /check cell 1 should say "not yet".*\(nothing\)/],
  ];
  for (const [cell, message] of cases) {
    const r = learnerOutputProblems(saved(cell));
    assert.equal(r.problems.length, 1, JSON.stringify(r));
    assert.match(r.problems[0]!, message);
  }
});
