// @ts-check
// The course website: built, checked in Chromium, and proven never to publish a learner's work.
import { join } from "node:path";
import { provideChromium, say } from "../tools.mjs";
import { counts, ensureLib, sh } from "./common.mjs";

/** @typedef {import("./common.mjs").StageResult} StageResult */

/**
 * The course website: `npm run site` builds site/ from the executed solution notebooks (reusing the copies the
 * exercises stage wrote to test-artifacts/executed-solutions/ when they are newer than their sources), then
 * test/site/check.ts opens every page in headless Chromium: every chart drawn, no raw math, every internal link
 * and anchor resolving, exercises folded (and checks that it catches each of those defects on a broken site);
 * then test/site/pristine.ts: outputs and answers planted in notebooks/ never reach the site.
 * @returns {Promise<StageResult>}
 */
export async function site() {
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
