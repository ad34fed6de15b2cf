// @ts-check
// Prettier's check of the lib, scripts and tests (npm run format:check).
import { sh, npm } from "./common.mjs";

/** @typedef {import("./common.mjs").StageResult} StageResult */

/**
 * The lib, scripts and tests are formatted by Prettier (100 columns, .prettierrc.json); notebook code cells are
 * checked by the hygiene stage. Fix with `npm run format`.
 * @returns {Promise<StageResult>}
 */
export async function format() {
  const r = await sh(npm, ["run", "-s", "format:check"]);
  if (r.status !== 0) console.log("✗ some files are not formatted: run npm run format");
  return { ok: r.status === 0 };
}
