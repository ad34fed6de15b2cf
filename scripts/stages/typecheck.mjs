// @ts-check
// A strict type check of the lib, tests and scripts (npm run typecheck).
import { sh, npm } from "./common.mjs";

/** @typedef {import("./common.mjs").StageResult} StageResult */

/** @returns {Promise<StageResult>} */
export async function typecheck() {
  return { ok: (await sh(npm, ["run", "-s", "typecheck"])).status === 0 };
}
