// @ts-check
// The project's .venv/ with pip, and apt-get as root on Debian/Ubuntu: how the finders install what is missing.
import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { ROOT, capture, isFile, lastLine, shown, which } from "./shell.mjs";

/** pip gives up within seconds where no package index answers. */
export const PIP_FAST = ["--retries", "0", "--timeout", "3", "--disable-pip-version-check"];

// ── Pythons, the .venv and pip ──────────────────────────────────────────────────────────────────────────────

/** The project's virtual environment (LR2NN_VENV overrides). */
export const venvDir = () => resolve(process.env.LR2NN_VENV || join(ROOT, ".venv"));
/** @param {string} name */
export const venvBin = (name) => join(venvDir(), "bin", name);

/** The Python that creates .venv/: LR2NN_SYSTEM_PYTHON, else Debian's /usr/bin/python3, else python3 on PATH. */
export function systemPython() {
  const env = process.env.LR2NN_SYSTEM_PYTHON;
  if (env) return isFile(env) ? env : null;
  return isFile("/usr/bin/python3") ? "/usr/bin/python3" : which("python3");
}

/**
 * Whether a Python can import all the given modules.
 * @param {string} python
 * @param {string[]} modules
 */
export function pythonHas(python, modules) {
  return (
    capture(python, ["-c", `import ${modules.join(", ")}`], { timeoutMs: 60_000 }).status === 0
  );
}

/**
 * Installs pip packages into the .venv, creating it first (from systemPython()) when absent. Quiet; returns
 * null when done, else the reason (e.g. pip's "No matching distribution found for …" where no index answers).
 * A .venv this call created is removed again when the install fails, so no empty environment is left behind.
 * @param {string[]} packages
 * @returns {string | null}
 */
export function pipInstall(packages) {
  const dir = venvDir();
  const py = venvBin("python");
  const created = !existsSync(dir);
  if (created) {
    const base = systemPython();
    if (!base) return "no python3 to create the virtual environment with";
    const r = capture(base, ["-m", "venv", dir], { timeoutMs: 300_000 });
    if (r.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      return `${base} -m venv failed: ${lastLine(r)}`;
    }
  } else if (!isFile(py))
    return `${shown(dir)} exists but has no bin/python (remove it and try again)`;
  const r = capture(py, ["-m", "pip", "install", "-q", ...PIP_FAST, ...packages], {
    timeoutMs: 900_000,
  });
  if (r.status === 0) return null;
  if (created) rmSync(dir, { recursive: true, force: true });
  // "(from versions: none)": pip saw no release at all, i.e. no index (or mirror) answered.
  return `pip: ${/from versions: none/.test(r.stderr) ? "no package index answered, " : ""}${lastLine(r)}`;
}

/** The exact command that installs packages into .venv/ by hand. */
export const pipCommand = (/** @type {string[]} */ packages) => {
  const dir = shown(venvDir());
  const quoted = packages.map((p) => (/[<>=]/.test(p) ? `"${p}"` : p)).join(" ");
  // The same fast-failing options as pipInstall: where no package index answers, pip stops in seconds.
  return `${existsSync(dir) ? "" : `/usr/bin/python3 -m venv ${dir} && `}${dir}/bin/pip install ${quoted} --retries 0 --timeout 3`;
};

// ── apt (Debian/Ubuntu, as root) ────────────────────────────────────────────────────────────────────────────

export const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;
export const isDebian = () => existsSync("/etc/debian_version");
/** Why this process may not install Debian packages itself, or null when it may. */
export const noApt = () =>
  !isDebian()
    ? "not Debian/Ubuntu, so no apt-get"
    : !isRoot()
      ? "not root, so no apt-get"
      : process.env.LR2NN_NO_APT === "1"
        ? "apt-get disabled by LR2NN_NO_APT=1"
        : !which("apt-get")
          ? "no apt-get on PATH"
          : null;
/** Whether this process may install Debian packages itself (root on Debian/Ubuntu, LR2NN_NO_APT unset). */
export const canApt = () => noApt() === null;

let aptUpdated = false;
/**
 * apt-get install, after one `apt-get update` per process (a fresh machine's package lists are empty or old,
 * and an install from stale lists fails). Waits for another apt to release its lock. Quiet; returns null when
 * done, else the reason.
 * @param {string[]} packages
 * @returns {string | null}
 */
export function aptInstall(packages) {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const lock = ["-o", "DPkg::Lock::Timeout=300"];
  if (!aptUpdated) {
    const u = capture("apt-get", [...lock, "-q", "update"], { env, timeoutMs: 600_000 });
    if (u.status !== 0) return `apt-get update: ${lastLine(u)}`;
    aptUpdated = true;
  }
  const r = capture(
    "apt-get",
    [...lock, "-q", "install", "-y", "--no-install-recommends", ...packages],
    { env, timeoutMs: 1_800_000 },
  );
  return r.status === 0 ? null : `apt-get install: ${lastLine(r)}`;
}

/** The exact apt command for a user (sudo unless root). */
export const aptCommand = (/** @type {string[]} */ packages) =>
  `${isRoot() ? "" : "sudo "}apt-get update && ${isRoot() ? "" : "sudo "}apt-get install -y ${packages.join(" ")}`;
