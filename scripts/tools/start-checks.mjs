// @ts-check
// npm start's own checks: its --port and --ip values, and the npm dependencies it needs.
import { existsSync, readFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";
import { ROOT, isFile } from "./shell.mjs";

// ------------------------------------------------------------------ npm start's own checks

/**
 * The `--port` value as a number, or an error message: a whole number from 1 to 65535 (Jupyter would print
 * port 99999 and quietly listen on another).
 * @param {string} value
 * @returns {{ port: number } | { error: string }}
 */
export function checkPort(value) {
  const port = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (Number.isInteger(port) && port >= 1 && port <= 65535) return { port };
  return {
    error: `--port must be a whole number from 1 to 65535, got "${value}" (e.g. --port 8899)`,
  };
}

/**
 * The `--ip` value, or an error message: an IPv4 or IPv6 address (127.0.0.1, 0.0.0.0, ::1), or a host name
 * (localhost). Dotted numbers must be a real IPv4 address: 999.1.1.1 used to end in a 70-line Python traceback.
 * @param {string} value
 * @returns {{ ip: string } | { error: string }}
 */
export function checkIp(value) {
  const v = value.trim();
  const hint = "e.g. --ip 127.0.0.1 (this machine only) or --ip 0.0.0.0 (every network interface)";
  if (isIP(v)) return { ip: v };
  if (/^[\d.]+$/.test(v))
    return {
      error: `--ip "${value}" is not an IPv4 address: four numbers from 0 to 255 joined by dots; ${hint}`,
    };
  const label = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
  if (v.length > 0 && v.length <= 253 && v.split(".").every((l) => label.test(l))) return { ip: v };
  return { error: `--ip must be an IP address or a host name, got "${value}"; ${hint}` };
}

/**
 * The dependencies of package.json (those the course runs with) that are not installed under
 * `root`/node_modules: a folder deleted by hand would otherwise show only at the first chart.
 * @param {string} [root]
 * @returns {string[]}
 */
export function missingDependencies(root = ROOT) {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  return Object.keys(pkg.dependencies ?? {}).filter(
    (name) => !isFile(join(root, "node_modules", name, "package.json")),
  );
}
