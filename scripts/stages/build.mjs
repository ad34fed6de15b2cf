// @ts-check
// The lib build: WebAssembly kernels and tsc (npm run build).
import { sh, npm } from "./common.mjs";

/** @typedef {import("./common.mjs").StageResult} StageResult */

/** @returns {Promise<StageResult>} */
export async function build() {
  return { ok: (await sh(npm, ["run", "-s", "build"])).status === 0 };
}
