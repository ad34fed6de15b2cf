// @ts-check
// The unit tests: node --test on every *.test.ts below test/.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../jupyter.mjs";
import { sh } from "./common.mjs";

/** @typedef {import("./common.mjs").StageResult} StageResult */

/** The unit tests: every *.test.ts below test/ (its folders mirror lib/src's layers), as paths from the root. */
export function unitTestFiles() {
  const dir = join(ROOT, "test");
  return existsSync(dir)
    ? readdirSync(dir, { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".test.ts"))
        .map((f) => join("test", f))
        .sort()
    : [];
}

/** @returns {Promise<StageResult>} */
export async function unit() {
  const files = unitTestFiles();
  if (!files.length) return { ok: true, passed: 0, note: "no test/**/*.test.ts files" };
  // Colours survive the pipe when the terminal has them.
  const env = process.stdout.isTTY ? { ...process.env, FORCE_COLOR: "1" } : process.env;
  const r = await sh(
    process.execPath,
    ["--import", "tsx", "--test", "--test-reporter=spec", ...files],
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
