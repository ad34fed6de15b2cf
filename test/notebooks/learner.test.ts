// scripts/learner.mjs (solution → learner notebook), make-learner.mjs and reset.mjs, run on scratch folders:
// the regions become stubs, everything else is kept byte for byte, and reset never loses the learner's copy.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Learner = any;
const load = (): Promise<Learner> => import(path.join(ROOT, "scripts", "learner.mjs"));

const SOLUTION_CELL = [
  "/** σ(z) = 1 / (1 + e^(−z)). */\n",
  "function mySigmoid(z: number): number {\n",
  "  // BEGIN SOLUTION\n",
  "  return 1 / (1 + Math.exp(-z));\n",
  "  // END SOLUTION\n",
  "}",
];

function notebook(extraTags: string[] = ["exercise"]) {
  return {
    nbformat: 4,
    nbformat_minor: 4,
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
    cells: [
      { cell_type: "markdown", metadata: {}, source: ["# A title\n", "Some *text*."] },
      {
        cell_type: "code",
        metadata: { tags: extraTags },
        source: SOLUTION_CELL,
        outputs: [{ output_type: "stream", name: "stdout", text: "x" }],
        execution_count: 3,
      },
      {
        cell_type: "code",
        metadata: { tags: ["check"] },
        source: ["checkSigmoid(mySigmoid);"],
        outputs: [],
        execution_count: null,
      },
    ],
  };
}

test("an exercise region becomes the stub at its indentation; other cells are kept; outputs are stripped", async () => {
  const { makeLearner, sourceText } = await load();
  const { notebook: nb, exercises } = makeLearner(notebook(), "t.ipynb");
  assert.equal(exercises, 1);
  assert.equal(
    sourceText(nb.cells[1]),
    "/** σ(z) = 1 / (1 + e^(−z)). */\nfunction mySigmoid(z: number): number {\n" +
      "  // ✎ Your code here (see the formula above).\n  throw notYet();\n}",
  );
  assert.deepEqual(nb.cells[0], notebook().cells[0]);
  assert.deepEqual(nb.cells[2], notebook().cells[2]);
  assert.deepEqual(nb.cells[1].outputs, []);
  assert.equal(nb.cells[1].execution_count, null);
});

test("a note after BEGIN SOLUTION goes into the stub; several regions in one cell each become a stub", async () => {
  const { cutSolutions } = await load();
  const text =
    "function f() {\n    // BEGIN SOLUTION: use sigmoid(z)\n    return 1;\n    // END SOLUTION\n}\n" +
    "// BEGIN SOLUTION\nconst x = 2;\n// END SOLUTION";
  const cut = cutSolutions(text, "t");
  assert.equal(cut.regions, 2);
  assert.equal(
    cut.text,
    "function f() {\n    // ✎ Your code here: use sigmoid(z)\n    throw notYet();\n}\n" +
      "// ✎ Your code here (see the formula above).\nthrow notYet();",
  );
});

test("mistakes in the markers are errors, never a solution leaking to the learner", async () => {
  const { cutSolutions, makeLearner } = await load();
  assert.throws(() => cutSolutions("// BEGIN SOLUTION\nx", "t"), /never closed/);
  assert.throws(() => cutSolutions("x\n// END SOLUTION\n", "t"), /without a BEGIN/);
  assert.throws(
    () => cutSolutions("// BEGIN SOLUTION\n// BEGIN SOLUTION\n", "t"),
    /inside an open region/,
  );
  assert.throws(() => makeLearner(notebook([]), "t.ipynb"), /not tagged "exercise"/);
  const noRegion = notebook();
  noRegion.cells[1]!.source = ["function f() { return 1; }"];
  assert.throws(() => makeLearner(noRegion, "t.ipynb"), /has no \/\/ BEGIN SOLUTION/);
});

test("serialize writes the way Jupyter does (sorted keys, 1-space indent, trailing newline), as notebooks/ are", async () => {
  const { serialize } = await load();
  for (const name of readdirSync(path.join(ROOT, "notebooks")).filter((n) =>
    n.endsWith(".ipynb"),
  )) {
    const text = readFileSync(path.join(ROOT, "notebooks", name), "utf8");
    assert.equal(serialize(JSON.parse(text)), text, name);
  }
});

function scratch() {
  const dir = mkdtempSync(path.join(tmpdir(), "lr2nn-learner-"));
  for (const d of ["solutions", "notebooks", "backup"]) mkdirSync(path.join(dir, d));
  writeFileSync(path.join(dir, "solutions", "04-x.ipynb"), JSON.stringify(notebook()));
  writeFileSync(path.join(dir, "solutions", "05-y.ipynb"), JSON.stringify(notebook()));
  const env = {
    ...process.env,
    LR2NN_SOLUTIONS_DIR: path.join(dir, "solutions"),
    LR2NN_NOTEBOOKS_DIR: path.join(dir, "notebooks"),
    LR2NN_BACKUP_DIR: path.join(dir, "backup"),
  };
  const run = (script: string, ...args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, "scripts", script), ...args], {
      cwd: ROOT,
      env,
      encoding: "utf8",
    });
  return { dir, run };
}

test("make-learner writes the learner copies, --check then passes, and fails after a solution changes", () => {
  const { dir, run } = scratch();
  try {
    assert.equal(run("make-learner.mjs", "--check").status, 1);
    const made = run("make-learner.mjs");
    assert.equal(made.status, 0, made.stdout + made.stderr);
    assert.match(
      readFileSync(path.join(dir, "notebooks", "04-x.ipynb"), "utf8"),
      /throw notYet\(\);/,
    );
    assert.equal(run("make-learner.mjs", "--check").status, 0);
    writeFileSync(
      path.join(dir, "solutions", "05-y.ipynb"),
      JSON.stringify({ ...notebook(), nbformat_minor: 5 }),
    );
    const stale = run("make-learner.mjs", "--check");
    assert.equal(stale.status, 1);
    assert.match(stale.stdout, /05-y\.ipynb.*run npm run learner/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("reset -- 04 backs the learner's notebook up, then restores the pristine copy; a wrong chapter changes nothing", () => {
  const { dir, run } = scratch();
  try {
    assert.equal(run("make-learner.mjs").status, 0);
    const target = path.join(dir, "notebooks", "04-x.ipynb");
    const pristine = readFileSync(target, "utf8");
    const mine = pristine.replace("throw notYet();", "return 1 / (1 + Math.exp(-z)); // mine");
    writeFileSync(target, mine);
    assert.notEqual(run("reset.mjs", "0").status, 0); // matches 04 and 05: refuses to guess
    assert.notEqual(run("reset.mjs", "07").status, 0);
    assert.equal(readFileSync(target, "utf8"), mine);
    const r = run("reset.mjs", "04");
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(target, "utf8"), pristine);
    const stamps = readdirSync(path.join(dir, "backup"));
    assert.equal(stamps.length, 1);
    assert.equal(readFileSync(path.join(dir, "backup", stamps[0]!, "04-x.ipynb"), "utf8"), mine);
    assert.match(r.stdout, /your version is in/);
    const again = run("reset.mjs", "04");
    assert.match(again.stdout, /already the pristine copy/);
    assert.equal(readdirSync(path.join(dir, "backup")).length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
