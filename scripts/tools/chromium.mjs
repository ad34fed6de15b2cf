// @ts-check
// A Chrome or Chromium for the browser tests: already installed, or Debian's chromium with apt (never downloaded).
import { ToolMissing, capture, isFile, say, seconds, which } from "./shell.mjs";
import { aptCommand, aptInstall, canApt, isDebian, noApt } from "./install.mjs";

// ── Chromium ────────────────────────────────────────────────────────────────────────────────────────────────

/** Browser names tried on PATH, in order. */
const CHROMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/**
 * The version line of a browser, or null when it does not run (e.g. Ubuntu's chromium-browser stub without
 * the snap behind it).
 * @param {string} exe
 */
function browserVersion(exe) {
  const r = capture(exe, ["--version"], { timeoutMs: 30_000 });
  const v = r.stdout.trim().split("\n").pop() ?? "";
  return r.status === 0 && /\d+\.\d+/.test(v) ? v : null;
}

/**
 * Finds or provides a headless-capable Chrome/Chromium: LR2NN_CHROMIUM; else the first of chromium,
 * chromium-browser, google-chrome, google-chrome-stable that runs; else Debian's chromium with apt as root.
 * Never downloads a browser.
 * @returns {{ path: string, version: string }}
 * @throws {ToolMissing}
 */
export function provideChromium() {
  const env = process.env.LR2NN_CHROMIUM;
  if (env) {
    const version = isFile(env) ? browserVersion(env) : null;
    if (version) return { path: env, version };
    throw new ToolMissing(
      "Chromium",
      `LR2NN_CHROMIUM=${env} ${isFile(env) ? "does not run" : "does not exist"}`,
      `unset LR2NN_CHROMIUM, or point it at a Chrome or Chromium`,
    );
  }
  const find = () => {
    for (const name of CHROMES) {
      const path = which(name);
      const version = path ? browserVersion(path) : null;
      if (path && version) return { path, version };
    }
    return null;
  };
  const found = find();
  if (found) return found;
  let why = String(noApt());
  if (canApt()) {
    say.doing(
      "no Chrome or Chromium: installing Debian's chromium with apt-get (first run only, ~1 min)",
    );
    const t0 = Date.now();
    const aptWhy = aptInstall(["chromium"]);
    const got = aptWhy ? null : find();
    if (got) {
      say.ok(`installed chromium with apt-get (${seconds(t0)})`);
      return got;
    }
    why = aptWhy ?? "apt installed chromium, yet it does not run";
  }
  throw new ToolMissing(
    `Chrome or Chromium (looked for ${CHROMES.join(", ")} on PATH)`,
    why,
    `${isDebian() ? aptCommand(["chromium"]) : "install Chromium with your package manager"}` +
      "   or: LR2NN_CHROMIUM=/path/to/chrome npm test",
  );
}
