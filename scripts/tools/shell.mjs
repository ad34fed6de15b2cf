// @ts-check
// Running commands and saying what happens: the shared ground of the tool finders (scripts/tools/).
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { delimiter, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The project folder (this file lives in <root>/scripts/tools). */
// @ts-ignore TS1343: the root tsconfig checks with module=commonjs, but this file is ESM and runs as such.
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * What a stage needs and cannot get; its message is the one line to print (no stack trace).
 */
export class ToolMissing extends Error {
  /**
   * @param {string} what    e.g. "a Python with nbclient, …"
   * @param {string} why     what was tried and why it failed, short
   * @param {string} command the exact command that provides it
   */
  constructor(what, why, command) {
    super(`missing: ${what} (${why}). To provide it, run: ${command}`);
    this.name = "ToolMissing";
    this.what = what;
    this.why = why;
    this.command = command;
  }
}

/** Progress lines, the same in `npm start` and `npm test`. */
export const say = {
  /** @param {string} msg */
  ok: (msg) => console.log(`✓ ${msg}`),
  /** @param {string} msg */
  doing: (msg) => console.log(`… ${msg}`),
  /** @param {string} msg */
  warn: (msg) => console.log(`⚠ ${msg}`),
};

/**
 * @typedef {{ status: number | null, stdout: string, stderr: string }} RunResult
 */

/**
 * Runs a command and captures its output; never throws (a missing program gives status null).
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ timeoutMs?: number, env?: NodeJS.ProcessEnv, cwd?: string }} [opts]
 * @returns {RunResult}
 */
export function capture(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, {
    encoding: "utf8",
    timeout: opts.timeoutMs ?? 60_000,
    env: opts.env ?? process.env,
    cwd: opts.cwd ?? ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.error ? null : r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/**
 * Runs a command with the terminal attached; returns its exit status (null if it could not start).
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string }} [opts]
 */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, {
    stdio: "inherit",
    env: opts.env ?? process.env,
    cwd: opts.cwd ?? ROOT,
  });
  return r.error ? null : r.status;
}

/** @param {string} p */
export const isFile = (p) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

/**
 * Full path of an executable on PATH (like `which`), or null.
 * @param {string} name
 */
export function which(name) {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    if (isFile(p)) return p;
  }
  return null;
}

/** A path as the user would type it from the project folder. */
export const shown = (/** @type {string} */ p) => {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith("..") && rel.length < p.length ? rel : p;
};

/** The last meaningful line of a failed command's output (pip and apt put the reason last). */
export const lastLine = (/** @type {RunResult} */ r) =>
  (r.stderr + "\n" + r.stdout)
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !/^WARNING: Location .* is ignored/.test(l))
    .pop()
    ?.slice(0, 200) ?? `exit status ${r.status}`;

export const seconds = (/** @type {number} */ t0) => `${((Date.now() - t0) / 1000).toFixed(0)} s`;
