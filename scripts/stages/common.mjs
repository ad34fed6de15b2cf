// @ts-check
// What the test stages share: running a command (echoed, or quiet for two at once), reading its counts, the lib
// build, the kernel set-up, and the run's context (which tier runs, what the tools stage found).
import { spawn } from "node:child_process";
import { ROOT, libIsStale, testKernelEnv } from "../jupyter.mjs";
import { provideTestPython } from "../tools.mjs";

/** @typedef {{ ok: boolean, passed?: number, failed?: number, skipped?: number, note?: string }} StageResult */

/**
 * The run's context, set by scripts/test.mjs and the tools stage.
 * @type {{ tier: "test" | "all" | "", labRunsLearnerCopies: boolean }}
 *   tier: "test" (npm test), "all" (npm run test:all), or "" (one stage on its own);
 *   labRunsLearnerCopies: in test:all, whether JupyterLab runs the learner copies (so nbclient need not)
 */
export const context = { tier: "", labRunsLearnerCopies: false };

/**
 * Runs a command, echoing its output, and returns its exit status and stdout (to read the counts from).
 * @param {string} cmd
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {Promise<{ status: number, out: string }>}
 */
export function sh(cmd, args, env = process.env) {
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
export function shQuiet(cmd, args, env) {
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
export function counts(out) {
  const m = /(\d+) passed, (\d+) failed/.exec(
    out
      .split("\n")
      .filter((l) => / passed, /.test(l))
      .pop() ?? "",
  );
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : {};
}

export const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** Builds lib/dist when a single notebook stage runs without the build stage before it. */
export async function ensureLib() {
  if (libIsStale() && (await sh(npm, ["run", "-s", "build"])).status !== 0)
    throw new Error("npm run build failed");
}

/** The Python to drive Jupyter with, and the environment pointing it at the project's own kernel registry. */
export function kernelSetup() {
  const python = provideTestPython();
  const t0 = Date.now();
  const env = testKernelEnv(python);
  console.log(`kernel tslab registered in .jupyter/ for ${python} (${Date.now() - t0} ms)`);
  return { python, env };
}

/** @typedef {{ ok: true, lab: import("../tools.mjs").ProvidedJupyter } | { ok: false, why: string, command: string }} LabOutcome */
