// @ts-check
// The tests, in tiers, each stopping at the first stage that fails:
//   npm test                 build → typecheck → format → unit → hygiene → tools → chapters → site
//                            (`chapters`: every learner notebook and every solution notebook on a fresh kernel,
//                            two kernels at a time; `site`: the course website built and checked in Chromium)
//   npm run test:browser     browser: the chapters in JupyterLab (and a few in the classic Notebook) in Chromium
//   npm run test:all         build → typecheck → format → hygiene → tools → unit beside exercises (two children
//                            at once) → site → browser → selftest. No chapter runs more than three times: its
//                            solution once (nbclient; the site reuses that copy), its learner copy in JupyterLab (which checks all that the
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

import { build } from "./stages/build.mjs";
import { browser } from "./stages/browser.mjs";
import { chapters } from "./stages/chapters.mjs";
import { join } from "node:path";
import { context, shQuiet } from "./stages/common.mjs";
import { exercises } from "./stages/exercises.mjs";
import { format } from "./stages/format.mjs";
import { hygiene } from "./stages/hygiene.mjs";
import { notebooks } from "./stages/notebooks.mjs";
import { selftest } from "./stages/selftest.mjs";
import { site } from "./stages/site.mjs";
import { tools } from "./stages/tools.mjs";
import { typecheck } from "./stages/typecheck.mjs";
import { unit } from "./stages/unit.mjs";

/** @typedef {import("./stages/common.mjs").StageResult} StageResult */

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

/**
 * The tiers: `npm test` (≤ 10 min on 2 cores) and `npm run test:all` (≤ 20 min), as the header says. A list in a
 * tier is a group of stages run at once, each in a child `node scripts/test.mjs <stage>`, its output printed
 * when all have finished.
 * @type {Record<string, (string | string[])[]>}
 */
const TIERS = {
  test: ["build", "typecheck", "format", "unit", "hygiene", "tools", "chapters", "site"],
  all: [
    "build",
    "typecheck",
    "format",
    "hygiene",
    "tools",
    "notebooks",
    // the unit tests (one core) beside the solution notebooks (one kernel): two children at once
    ["unit", "exercises"],
    "site",
    "browser",
    "selftest",
  ],
};

/**
 * Runs one stage in a child `node scripts/test.mjs <stage> <filter>`, its output kept; its result read from the
 * child's last line ("tests: N passed, M failed[, ⚠ K SKIPPED …]") and its exit status.
 * @param {string} name
 * @param {string} filter
 * @returns {Promise<{ out: string, result: StageResult }>}
 */
async function stageInChild(name, filter) {
  const r = await shQuiet(
    process.execPath,
    [join("scripts", "test.mjs"), name, filter],
    process.env,
  );
  const last = /tests: (\d+) passed, (\d+) failed(?:, ⚠ (\d+) SKIPPED)?/.exec(r.out);
  return {
    out: r.out.trimEnd(),
    result: {
      ok: r.status === 0,
      passed: last ? Number(last[1]) : 0,
      failed: last ? Number(last[2]) : r.status === 0 ? 0 : 1,
      skipped: last?.[3] ? Number(last[3]) : 0,
    },
  };
}

async function main() {
  const [which = "test", filter = ""] = process.argv.slice(2);
  if (!(which in STAGES) && !(which in TIERS)) {
    console.error(
      `unknown stage "${which}": use a tier (${Object.keys(TIERS).join(", ")}) or one of ${Object.keys(STAGES).join(", ")}`,
    );
    return 2;
  }
  if (which === "test" || which === "all") context.tier = which;
  const order = context.tier ? TIERS[context.tier] : [which];
  const tAll = Date.now();
  /** @type {string[]} */
  const summary = [];
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  /** Adds a stage's result to the totals and the summary; false when it failed. */
  const record = (
    /** @type {string} */ name,
    /** @type {StageResult} */ r,
    /** @type {number} */ t0,
  ) => {
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
    return r.ok;
  };
  for (const [k, step] of order.entries()) {
    const t0 = Date.now();
    let ok = true;
    if (Array.isArray(step)) {
      const runs = await Promise.all(step.map((name) => stageInChild(name, filter)));
      for (const [i, name] of step.entries()) {
        console.log(
          `\n━━ ${name} (beside ${step.filter((n) => n !== name).join(", ")}) ${"━".repeat(40)}`,
        );
        console.log(runs[i].out);
        ok = record(name, runs[i].result, t0) && ok;
      }
    } else {
      console.log(`\n━━ ${step} ${"━".repeat(Math.max(3, 60 - step.length))}`);
      /** @type {StageResult} */
      let r;
      try {
        r = await STAGES[step](filter);
      } catch (e) {
        // A missing tool is one line (what, and the command that provides it); anything else keeps its message.
        console.error(`✗ ${e instanceof Error ? e.message : e}`);
        r = { ok: false };
      }
      ok = record(step, r, t0);
    }
    if (!ok) {
      const rest = order.slice(k + 1).flat();
      if (rest.length) summary.push(`  stopped: ${rest.join(", ")} not run`);
      break;
    }
  }
  const total = (Date.now() - tAll) / 1000;
  summary.push(
    `  total ${total.toFixed(0)} s (${(total / 60).toFixed(1)} min)${context.tier ? `: npm ${context.tier === "test" ? "test" : "run test:all"}` : ""}`,
  );
  console.log(`\n━━ summary ${"━".repeat(53)}\n${summary.join("\n")}`);
  console.log(
    `tests: ${passed} passed, ${failed} failed${skipped ? `, ⚠ ${skipped} SKIPPED (see above; not counted as passed)` : ""}`,
  );
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code));
