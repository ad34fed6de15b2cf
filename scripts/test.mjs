// @ts-check
// The tests, in tiers, each stopping at the first stage that fails:
//   npm test                 build → typecheck → format → unit → hygiene → tools → chapters → site
//                            (`chapters`: every learner notebook and every solution notebook on a fresh kernel,
//                            two kernels at a time; `site`: the course website built and checked in Chromium)
//   npm run test:browser     browser: the chapters in JupyterLab (and a few in the classic Notebook) in Chromium
//   npm run test:all         build → typecheck → format → unit → hygiene → tools → exercises → site → browser →
//                            selftest. No chapter runs more than three times: its solution once (nbclient; the
//                            site reuses that copy), its learner copy in JupyterLab (which checks all that the
//                            nbclient run of the learner copy checks, so that run is left out), and at most one
//                            more frontend (chapter 02's scenarios, 08 with plotly's extension, 00/05/11 classic).
// One stage: `node scripts/test.mjs format|unit|hygiene|tools|notebooks|exercises|chapters|browser|selftest|site
// [FILTER]` (also build, typecheck), e.g. `npm run test:notebooks -- 03` runs only the notebooks whose file name
// contains "03".
// `tools` finds or installs what the later stages need (scripts/tools.mjs, the same code `npm start` uses): a
// Python with nbclient & co. (pip into .venv/, else apt as root) and Chromium (installed, else apt as root); for
// test:all also the classic Notebook and JupyterLab with plotly (pip into .venv/). A tool that cannot be had stops
// the stage with one line saying what to run; the one allowed skip is the JupyterLab half of the browser test
// where no package index answers: it is announced loudly and counted as skipped, never as passed, and the learner
// copies then run with nbclient instead.
// The notebook stages register tslab in the project's own .jupyter/ (never the user's registry) and run
// copies or in-memory notebooks: nothing is written to notebooks/.

import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { NOTEBOOKS_DIR, ROOT, libIsStale, listNotebooks, testKernelEnv } from "./jupyter.mjs";
import { SOLUTIONS_DIR } from "./learner.mjs";
import {
  TEST_MODULES,
  ToolMissing,
  provideChromium,
  provideClassicNotebook,
  provideJupyterLab,
  provideTestPython,
  pythonHas,
  say,
  systemPython,
} from "./tools.mjs";

/** @typedef {{ ok: boolean, passed?: number, failed?: number, skipped?: number, note?: string }} StageResult */

/**
 * Runs a command, echoing its output, and returns its exit status and stdout (to read the counts from).
 * @param {string} cmd
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {Promise<{ status: number, out: string }>}
 */
function sh(cmd, args, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => {
      process.stdout.write(d);
      out += d;
    });
    child.on("error", (e) => resolve({ status: 127, out: String(e) }));
    child.on("close", (code) => resolve({ status: code ?? 1, out }));
  });
}

/**
 * Runs a command and returns its exit status and output (stdout and stderr together) without echoing it: for
 * two runs at once, printed afterwards one after the other.
 * @param {string} cmd
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<{ status: number, out: string }>}
 */
function shQuiet(cmd, args, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", (e) => resolve({ status: 127, out: String(e) }));
    child.on("close", (code) => resolve({ status: code ?? 1, out }));
  });
}

/**
 * Reads the last "N passed, M failed" line, as printed by run_notebooks.py and the browser test.
 * @param {string} out
 */
function counts(out) {
  const m = /(\d+) passed, (\d+) failed/.exec(
    out
      .split("\n")
      .filter((l) => / passed, /.test(l))
      .pop() ?? "",
  );
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : {};
}

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** @returns {Promise<StageResult>} */
async function build() {
  return { ok: (await sh(npm, ["run", "-s", "build"])).status === 0 };
}

/** @returns {Promise<StageResult>} */
async function typecheck() {
  return { ok: (await sh(npm, ["run", "-s", "typecheck"])).status === 0 };
}

/**
 * The lib, scripts and tests are formatted by Prettier (100 columns, .prettierrc.json); notebook code cells are
 * checked by the hygiene stage. Fix with `npm run format`.
 * @returns {Promise<StageResult>}
 */
async function format() {
  const r = await sh(npm, ["run", "-s", "format:check"]);
  if (r.status !== 0) console.log("✗ some files are not formatted: run npm run format");
  return { ok: r.status === 0 };
}

/** @returns {Promise<StageResult>} */
async function unit() {
  const dir = join(ROOT, "test");
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith(".test.ts"))
        .sort()
    : [];
  if (!files.length) return { ok: true, passed: 0, note: "no test/*.test.ts files" };
  // Colours survive the pipe when the terminal has them.
  const env = process.stdout.isTTY ? { ...process.env, FORCE_COLOR: "1" } : process.env;
  const r = await sh(
    process.execPath,
    ["--import", "tsx", "--test", "--test-reporter=spec", ...files.map((f) => join("test", f))],
    env,
  );
  // eslint-disable-next-line no-control-regex
  const plain = r.out.replace(/\x1b\[[0-9;]*m/g, "");
  const num = (/** @type {string} */ label) =>
    Number(new RegExp(`^ℹ ${label} (\\d+)`, "m").exec(plain)?.[1] ?? 0);
  // A skipped or todo test is not a passed one: the stage fails if any exist.
  const notRun = num("skipped") + num("todo");
  return {
    ok: r.status === 0 && notRun === 0,
    passed: num("pass"),
    failed: num("fail") || (r.status === 0 ? 0 : 1) || notRun,
    note: notRun
      ? `${notRun} skipped/todo tests: a test that does not run does not pass`
      : undefined,
  };
}

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
async function hygiene(filter) {
  const names = listNotebooks(filter);
  const { listSolutions, sourceText } = await import("./learner.mjs");
  const { longCodeLines, describeLongLine } = await import("./notebook-lines.mjs");
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
  // The sources of the chapters: their outputs are the exercises stage's business, their layout is checked here.
  const solutions = listSolutions(filter);
  for (const name of solutions) {
    const path = relative(ROOT, join(SOLUTIONS_DIR, name));
    /** @type {string[]} */
    let problems;
    try {
      problems = await layoutProblems(
        JSON.parse(readFileSync(join(SOLUTIONS_DIR, name), "utf8")),
        path,
      );
    } catch (e) {
      problems = [`is not valid notebook JSON: ${e instanceof Error ? e.message : e}`];
    }
    if (problems.length) {
      bad++;
      console.log(`✗ ${path}\n    ${problems.join("\n    ")}`);
    } else console.log(`✓ ${path}`);
  }
  if (!names.length)
    return {
      ok: false,
      passed: 0,
      note: filter ? `no notebook matches "${filter}"` : `no notebooks in ${NOTEBOOKS_DIR}`,
    };
  const checked = names.length + solutions.length;
  return { ok: bad === 0, passed: checked - bad, failed: bad };
}

/** Builds lib/dist when a single notebook stage runs without the build stage before it. */
async function ensureLib() {
  if (libIsStale() && (await sh(npm, ["run", "-s", "build"])).status !== 0)
    throw new Error("npm run build failed");
}

/** The Python to drive Jupyter with, and the environment pointing it at the project's own kernel registry. */
function kernelSetup() {
  const python = provideTestPython();
  const t0 = Date.now();
  const env = testKernelEnv(python);
  console.log(`kernel tslab registered in .jupyter/ for ${python} (${Date.now() - t0} ms)`);
  return { python, env };
}

/** @typedef {{ ok: true, lab: import("./tools.mjs").ProvidedJupyter } | { ok: false, why: string, command: string }} LabOutcome */

/**
 * The browser test's tools: the classic Notebook and Chromium (the stage stops without them), and JupyterLab,
 * whose absence only skips the JupyterLab half. Returns the environment that hands them to test/browser/run.ts:
 * LR2NN_TEST_PYTHON (the classic Notebook's Python), LR2NN_CHROMIUM, and either LR2NN_JUPYTERLAB (command),
 * LR2NN_JUPYTERLAB_ARGS (JSON array, e.g. ["lab"]) and LR2NN_JUPYTERLAB_PYTHON, or LR2NN_JUPYTERLAB_SKIP (why).
 * @param {{ quiet?: boolean }} [opts]
 */
function browserTools({ quiet = false } = {}) {
  const log = quiet ? () => {} : say.ok;
  const classic = provideClassicNotebook();
  log(
    `classic Notebook: ${classic.label} (${[classic.command, ...classic.args].join(" ")}, Python ${classic.python})`,
  );
  const chromium = provideChromium();
  log(`browser: ${chromium.version} (${chromium.path})`);
  /** @type {LabOutcome} */
  let lab;
  try {
    lab = { ok: true, lab: provideJupyterLab({ plotly: true }) };
    log(
      `JupyterLab: ${lab.lab.label} (${[lab.lab.command, ...lab.lab.args].join(" ")}` +
        `${lab.lab.plotly ? ", with plotly's extension" : ", without plotly's extension"})`,
    );
  } catch (e) {
    if (!(e instanceof ToolMissing)) throw e;
    lab = { ok: false, why: e.why, command: e.command };
  }
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, LR2NN_TEST_PYTHON: classic.python, LR2NN_CHROMIUM: chromium.path };
  delete env.LR2NN_JUPYTERLAB_SKIP;
  if (lab.ok) {
    env.LR2NN_JUPYTERLAB = lab.lab.command;
    env.LR2NN_JUPYTERLAB_ARGS = JSON.stringify(lab.lab.args);
    env.LR2NN_JUPYTERLAB_PYTHON = lab.lab.python;
  } else env.LR2NN_JUPYTERLAB_SKIP = lab.why;
  return { env, lab };
}

/**
 * Prints the one allowed skip so nobody can miss it.
 * @param {string} why
 * @param {string} command
 */
function announceLabSkip(why, command) {
  const bar = "⚠ " + "━".repeat(62);
  console.log(
    `${bar}\n⚠ SKIPPED: the JupyterLab half of the browser test. JupyterLab is missing: ${why}.\n` +
      `⚠ Only the classic Notebook half runs. To run both: ${command}\n${bar}`,
  );
}

/**
 * Finds or installs every tool the later stages need, and says which was used (the first lines a newcomer
 * reads on a fresh machine).
 * @returns {Promise<StageResult>}
 */
async function tools() {
  const python = provideTestPython();
  say.ok(`Python for the notebook tests: ${python}`);
  if (tier !== "all") {
    const chromium = provideChromium();
    say.ok(`browser: ${chromium.version} (${chromium.path})`);
    return { ok: true };
  }
  const { lab } = browserTools();
  labRunsLearnerCopies = lab.ok;
  if (!lab.ok) {
    announceLabSkip(lab.why, lab.command);
    return {
      ok: true,
      note: `JupyterLab missing: the browser stage will skip its JupyterLab half`,
    };
  }
  return { ok: true };
}

/**
 * Which tier runs: "test" (npm test), "all" (npm run test:all), or "" (one stage on its own).
 * @type {"test" | "all" | ""}
 */
let tier = "";
/** In test:all, whether JupyterLab runs the learner copies (set by the tools stage). */
let labRunsLearnerCopies = false;

/**
 * The learner notebooks on a fresh kernel each (nbclient): no error, nothing on stderr, every check "not yet".
 * @param {string} filter
 * @returns {Promise<StageResult>}
 */
async function notebooks(filter) {
  if (tier === "all" && labRunsLearnerCopies)
    return { ok: true, note: "the learner copies run in JupyterLab instead (browser stage)" };
  const names = listNotebooks(filter);
  if (!names.length)
    return {
      ok: false,
      passed: 0,
      note: filter ? `no notebook matches "${filter}"` : `no notebooks in ${NOTEBOOKS_DIR}`,
    };
  await ensureLib();
  const { python, env } = kernelSetup();
  const r = await sh(python, learnerRun(names), env);
  return { ok: r.status === 0, ...counts(r.out) };
}

/** run_notebooks.py's arguments for the learner copies. */
const learnerRun = (/** @type {string[]} */ names) => [
  join("scripts", "run_notebooks.py"),
  ...names.map((n) => join(NOTEBOOKS_DIR, n)),
];

/** run_notebooks.py's arguments for the solutions (executed copies kept for the site). */
const solutionRun = (/** @type {string[]} */ names) => [
  join("scripts", "run_notebooks.py"),
  "--checks",
  "solution",
  "--out",
  join(ROOT, "test-artifacts", "executed-solutions"),
  ...names.map((n) => join(SOLUTIONS_DIR, n)),
];

/**
 * The learner copies are what `npm run learner` makes from solutions/, and the solutions carry no outputs.
 * Prints a line per notebook; returns how many are wrong.
 * @param {string[]} names
 */
async function learnerCopiesProblems(names) {
  const { learnerText } = await import("./learner.mjs");
  let bad = 0;
  for (const name of names) {
    /** @type {string[]} */
    const problems = [];
    try {
      const nb = JSON.parse(readFileSync(join(SOLUTIONS_DIR, name), "utf8"));
      /** @type {{ outputs?: unknown[], execution_count?: number | null }[]} */
      const cells = nb.cells ?? [];
      if (cells.some((c) => c.outputs?.length || c.execution_count != null))
        problems.push(
          `solutions/${name} carries outputs: npm run strip ${relative(ROOT, join(SOLUTIONS_DIR, name))}`,
        );
      const learner = join(NOTEBOOKS_DIR, name);
      const made = learnerText(name).text;
      if (!existsSync(learner) || readFileSync(learner, "utf8") !== made)
        problems.push(
          `${relative(ROOT, learner)} differs from what solutions/${name} makes: run npm run learner`,
        );
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
    }
    if (problems.length) {
      bad++;
      console.log(`✗ ${name}\n    ${problems.join("\n    ")}`);
    } else console.log(`✓ ${name}: the learner copy is up to date`);
  }
  return bad;
}

/**
 * `npm test`'s chapters: the exercises stage's checks, then the learner notebooks (as the notebooks stage) and the
 * solution notebooks (as the exercises stage) on two kernels at a time, one run_notebooks.py for each; their
 * output is printed when both have finished, one after the other.
 * @param {string} filter
 * @returns {Promise<StageResult>}
 */
async function chapters(filter) {
  const { listSolutions } = await import("./learner.mjs");
  const names = listSolutions(filter);
  const learners = listNotebooks(filter);
  if (!names.length || !learners.length)
    return { ok: false, passed: 0, note: `no chapter matches "${filter}"` };
  const bad = await learnerCopiesProblems(names);
  if (bad) return { ok: false, passed: names.length - bad, failed: bad };
  await ensureLib();
  const { python, env } = kernelSetup();
  const [learner, solution] = await Promise.all([
    shQuiet(python, learnerRun(learners), env),
    shQuiet(python, solutionRun(names), env),
  ]);
  console.log(`── learner notebooks (every check "not yet")\n${learner.out}`);
  console.log(`── solution notebooks (every check ✔)\n${solution.out}`);
  const a = counts(learner.out);
  const b = counts(solution.out);
  return {
    ok: learner.status === 0 && solution.status === 0,
    passed: names.length + (a.passed ?? 0) + (b.passed ?? 0),
    failed: (a.failed ?? (learner.status ? 1 : 0)) + (b.failed ?? (solution.status ? 1 : 0)),
  };
}

/**
 * The exercises (solutions/README.md): every learner notebook is exactly what `npm run learner` makes from its
 * solutions/ notebook, solutions carry no outputs, and every solution notebook runs with every check ✔ (the
 * notebooks stage runs the learner copies, where every check must say "not yet").
 * @param {string} filter
 * @returns {Promise<StageResult>}
 */
async function exercises(filter) {
  const { listSolutions } = await import("./learner.mjs");
  const names = listSolutions(filter);
  if (!names.length)
    return {
      ok: false,
      passed: 0,
      note: filter
        ? `no solution notebook matches "${filter}"`
        : `no notebooks in ${SOLUTIONS_DIR}`,
    };
  const bad = await learnerCopiesProblems(names);
  if (bad) return { ok: false, passed: names.length - bad, failed: bad };
  await ensureLib();
  const { python, env } = kernelSetup();
  const r = await sh(python, solutionRun(names), env);
  const c = counts(r.out);
  return { ok: r.status === 0, passed: names.length + (c.passed ?? 0), failed: c.failed };
}

/** @param {string} filter @returns {Promise<StageResult>} */
async function browser(filter) {
  if (!listNotebooks(filter).length)
    return {
      ok: false,
      passed: 0,
      note: filter ? `no notebook matches "${filter}"` : `no notebooks in ${NOTEBOOKS_DIR}`,
    };
  await ensureLib();
  const { env, lab } = browserTools();
  if (!lab.ok) announceLabSkip(lab.why, lab.command);
  const r = await sh(
    process.execPath,
    ["--import", "tsx", join("test", "browser", "run.ts"), filter],
    env,
  );
  const skip = lab.ok ? {} : { skipped: 1, note: `JupyterLab half SKIPPED: ${lab.why}` };
  return { ok: r.status === 0, ...counts(r.out), ...skip };
}

/**
 * Tests the set-up for real (test/tools.test.ts does it with fakes): a system Python that cannot see its own
 * packages (`python3 -S`, like a machine without Jupyter's) must make the tool-finding step install nbclient & co.
 * into a throwaway venv from the package index, and that venv's Python must import them; where no index
 * answers, it must stop with the one-line message and the exact command instead. ~30 s.
 * @returns {{ ok: boolean, text: string }}
 */
function provisioningFromScratch() {
  const base = systemPython();
  if (!base) return { ok: false, text: "no python3 on this machine to create a venv with" };
  const dir = mkdtempSync(join(tmpdir(), "lr2nn-provision-"));
  try {
    const bare = join(dir, "python3");
    writeFileSync(bare, `#!/bin/sh\nexec ${base} -S "$@"\n`, { mode: 0o755 });
    if (pythonHas(bare, ["nbclient"]))
      return { ok: false, text: `${bare} still imports nbclient: not a bare Python` };
    const venv = join(dir, "venv");
    /** @type {NodeJS.ProcessEnv} */
    const env = { ...process.env, LR2NN_SYSTEM_PYTHON: bare, LR2NN_VENV: venv, LR2NN_NO_APT: "1" };
    delete env.LR2NN_TEST_PYTHON;
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [join("scripts", "tools.mjs"), "test-python"], {
      cwd: ROOT,
      env,
      encoding: "utf8",
    });
    const secs = ((Date.now() - t0) / 1000).toFixed(0);
    const python = join(venv, "bin", "python");
    if (r.status === 0) {
      const got = JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}").python;
      const ok = got === python && pythonHas(python, TEST_MODULES);
      return {
        ok,
        text: ok
          ? `a bare python3 got ${TEST_MODULES.join(", ")} in a throwaway venv from the package index (${secs} s)`
          : `provisioning said ${got}, expected ${python} importing ${TEST_MODULES.join(", ")}:\n${r.stdout}${r.stderr}`,
      };
    }
    const line = r.stderr.trim();
    const ok =
      r.status === 1 &&
      !line.includes("\n") &&
      /^✗ missing: .*To provide it, run: .*pip install nbclient/.test(line);
    return {
      ok,
      text: ok
        ? `no package index answered; the stop is one line with the command (${secs} s): ${line}`
        : `provisioning failed without the one-line message (exit ${r.status}):\n${r.stdout}${r.stderr}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Tests the tests: the set-up must provide the notebook tests' Python from scratch (provisioningFromScratch),
 * a notebook with a failing cell must fail the notebook stage, and a notebook whose chart cannot draw must fail
 * the browser stage, while a healthy notebook passes both. The fixtures are written to a
 * scratch folder inside the project (so tslab finds node_modules) and removed afterwards. A filter runs only the
 * cases whose id (tools/provisioning, notebooks/healthy, browser/broken-chart, …) contains it.
 * @param {string} only
 * @returns {Promise<StageResult>}
 */
async function selftest(only) {
  const dir = join(ROOT, ".test-run", `selftest-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  /** @param {string} name @param {string[]} cells */
  const write = (name, cells) =>
    writeFileSync(
      join(dir, name),
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 4,
        metadata: {
          kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" },
        },
        cells: cells.map((source) => ({
          cell_type: "code",
          metadata: {},
          source,
          outputs: [],
          execution_count: null,
        })),
      }),
    );
  write("healthy.ipynb", [
    'import { plotFunction } from "lr2nn/plot";',
    "plotFunction((x) => x * x, [-1, 1]);",
  ]);
  write("throws.ipynb", ["const a = 1;", 'throw new Error("a broken cell");', "console.log(a);"]);
  write("broken-chart.ipynb", [
    'import { chartHtml } from "lr2nn/plot";\nimport { showHtml } from "lr2nn/display";',
    // A chart whose drawing script is broken: its div keeps the placeholder and never gets plotly's SVG.
    'showHtml(chartHtml({ data: [] }).replace("window.Plotly.newPlot", "window.Plotly.notAFunction"));',
  ]);
  const env = { ...process.env, LR2NN_NOTEBOOKS_DIR: dir };
  /** @type {[string, string, boolean][]} stage, notebook filter, should it pass? */
  const cases = [
    ["notebooks", "healthy", true],
    ["notebooks", "throws", false],
    ["browser", "healthy", true],
    ["browser", "broken-chart", false],
  ];
  let passed = 0;
  const wrong = [];
  if ("tools/provisioning".includes(only)) {
    const provisioning = provisioningFromScratch();
    console.log(`${provisioning.ok ? "✓" : "✗"} tools: ${provisioning.text}`);
    if (provisioning.ok) passed++;
    else wrong.push("tools/provisioning");
  }
  try {
    for (const [stage, filter, shouldPass] of cases.filter(([stage, name]) =>
      `${stage}/${name}`.includes(only),
    )) {
      const child = spawnSync(process.execPath, [join("scripts", "test.mjs"), stage, filter], {
        cwd: ROOT,
        env,
        encoding: "utf8",
      });
      const didPass = child.status === 0;
      const verdict = didPass === shouldPass ? "✓" : "✗";
      console.log(
        `${verdict} ${stage} stage on ${filter}.ipynb ${didPass ? "passed" : "failed"} (expected to ${shouldPass ? "pass" : "fail"})`,
      );
      if (didPass === shouldPass) passed++;
      else {
        wrong.push(`${stage}/${filter}`);
        console.log(child.stdout.split("\n").slice(-30).join("\n"));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (!passed && !wrong.length)
    return { ok: false, passed: 0, note: `no selftest case matches "${only}"` };
  return { ok: wrong.length === 0, passed, failed: wrong.length };
}

/**
 * The course website: `npm run site` builds site/ from the executed solution notebooks (reusing the copies the
 * exercises stage wrote to test-artifacts/executed-solutions/ when they are newer than their sources), then
 * test/site/check.ts opens every page in headless Chromium: every chart drawn, no raw math, every internal link
 * and anchor resolving, exercises folded (and checks that it catches each of those defects on a broken site);
 * then test/site/pristine.ts: outputs and answers planted in notebooks/ never reach the site.
 * @returns {Promise<StageResult>}
 */
async function site() {
  await ensureLib();
  if ((await sh(process.execPath, [join("scripts", "site.mjs")])).status !== 0)
    return { ok: false, note: "npm run site failed" };
  const chromium = provideChromium();
  say.ok(`browser: ${chromium.version} (${chromium.path})`);
  const r = await sh(process.execPath, ["--import", "tsx", join("test", "site", "check.ts")], {
    ...process.env,
    LR2NN_CHROMIUM: chromium.path,
  });
  const checked = counts(r.out);
  // The site never publishes a learner's work (test/site/pristine.ts builds it again beside, in seconds).
  const p = await sh(process.execPath, ["--import", "tsx", join("test", "site", "pristine.ts")]);
  const pristine = counts(p.out);
  return {
    ok: r.status === 0 && p.status === 0,
    passed: (checked.passed ?? 0) + (pristine.passed ?? 0),
    failed: (checked.failed ?? (r.status ? 1 : 0)) + (pristine.failed ?? (p.status ? 1 : 0)),
  };
}

/** @type {Record<string, (filter: string) => Promise<StageResult>>} */
const STAGES = {
  build,
  typecheck,
  format,
  unit,
  hygiene,
  tools,
  notebooks,
  exercises,
  chapters,
  browser,
  selftest,
  site,
};

/** The tiers: `npm test` (≤ 10 min on 2 cores) and `npm run test:all` (≤ 20 min), as the header says. */
const TIERS = {
  test: ["build", "typecheck", "format", "unit", "hygiene", "tools", "chapters", "site"],
  all: [
    "build",
    "typecheck",
    "format",
    "unit",
    "hygiene",
    "tools",
    "notebooks",
    "exercises",
    "site",
    "browser",
    "selftest",
  ],
};

async function main() {
  const [which = "test", filter = ""] = process.argv.slice(2);
  if (!(which in STAGES) && !(which in TIERS)) {
    console.error(
      `unknown stage "${which}": use a tier (${Object.keys(TIERS).join(", ")}) or one of ${Object.keys(STAGES).join(", ")}`,
    );
    return 2;
  }
  if (which === "test" || which === "all") tier = which;
  const order = tier ? TIERS[tier] : [which];
  const tAll = Date.now();
  /** @type {string[]} */
  const summary = [];
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const name of order) {
    console.log(`\n━━ ${name} ${"━".repeat(Math.max(3, 60 - name.length))}`);
    const t0 = Date.now();
    /** @type {StageResult} */
    let r;
    try {
      r = await STAGES[name](filter);
    } catch (e) {
      // A missing tool is one line (what, and the command that provides it); anything else keeps its message.
      console.error(`✗ ${e instanceof Error ? e.message : e}`);
      r = { ok: false };
    }
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    passed += r.passed ?? 0;
    failed += r.failed ?? (r.ok ? 0 : 1);
    skipped += r.skipped ?? 0;
    const detail = [
      r.passed !== undefined ? `${r.passed} passed` : "",
      r.failed ? `${r.failed} failed` : "",
      r.skipped ? `⚠ ${r.skipped} SKIPPED` : "",
      r.note ?? "",
    ]
      .filter(Boolean)
      .join(", ");
    summary.push(
      `${r.ok ? "✓" : "✗"} ${name.padEnd(10)} ${secs.padStart(6)} s${detail ? `  (${detail})` : ""}`,
    );
    if (!r.ok) {
      const rest = order.slice(order.indexOf(name) + 1);
      if (rest.length) summary.push(`  stopped: ${rest.join(", ")} not run`);
      break;
    }
  }
  const total = (Date.now() - tAll) / 1000;
  summary.push(
    `  total ${total.toFixed(0)} s (${(total / 60).toFixed(1)} min)${tier ? `: npm ${tier === "test" ? "test" : "run test:all"}` : ""}`,
  );
  console.log(`\n━━ summary ${"━".repeat(53)}\n${summary.join("\n")}`);
  console.log(
    `tests: ${passed} passed, ${failed} failed${skipped ? `, ⚠ ${skipped} SKIPPED (see above; not counted as passed)` : ""}`,
  );
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code));
