// @ts-check
// The tests of the tests: the set-up from scratch, and a broken notebook or chart must fail the stages.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../jupyter.mjs";
import { TEST_MODULES, pythonHas, systemPython } from "../tools.mjs";
import { context } from "./common.mjs";

/** @typedef {import("./common.mjs").StageResult} StageResult */

/**
 * Tests the set-up for real (test/scripts/tools.test.ts does it with fakes): a system Python that cannot see its own
 * packages (`python3 -S`, like a machine without Jupyter's) must make the tool-finding step install nbclient & co.
 * into a throwaway venv from the package index, and that venv's Python must import them; where no index
 * answers, it must stop with the one-line message and the exact command instead. ~30 s.
 * @returns {{ ok: boolean, text: string }}
 */
export function provisioningFromScratch() {
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
export async function selftest(only) {
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
  // The browser cases in JupyterLab alone (the frontend the course is for; classic only where Lab cannot be had).
  const frontends = context.tier === "all" && !context.labRunsLearnerCopies ? "classic" : "lab";
  const env = { ...process.env, LR2NN_NOTEBOOKS_DIR: dir, LR2NN_FRONTENDS: frontends };
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
