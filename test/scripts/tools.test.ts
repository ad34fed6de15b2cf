/**
 * The set-up itself (scripts/tools.mjs): with the machine's tools hidden — a PATH and HOME of empty temporary
 * folders, no system Python, fake `python3`, `pip`, `apt-get` and `chromium` where a case needs them — the
 * tool-finding step must either provide the tool or stop with ONE line naming what is missing and the exact
 * command that provides it. Each case runs `node scripts/tools.mjs <tool>` in a child process, as npm test does.
 * Fast: nothing is downloaded (the real pip route into a throwaway venv is checked by `npm test`'s selftest).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

const TOOLS = join(__dirname, "..", "..", "scripts", "tools.mjs");
const scratch = mkdtempSync(join(tmpdir(), "lr2nn-tools-test-"));
after(() => rmSync(scratch, { recursive: true, force: true }));
const asRootOnDebian = process.getuid?.() === 0 && existsSync("/etc/debian_version");

/**
 * A fake Python: `-m venv DIR` makes DIR/bin/python (a copy of itself); `-m pip install` succeeds (and marks
 * its environment as having everything) when FAKE_PIP=ok, else refuses like pip with no index; `-c` succeeds
 * (printing its path, and True for find_spec questions) once its environment is marked. Every call is logged.
 */
const FAKE_PYTHON = `#!/bin/sh
PATH=/usr/bin:/bin
here=$(cd "$(dirname "$0")" && pwd)
echo "python $*" >> "$FAKE_LOG"
case "$1" in
  -m) case "$2" in
        venv) mkdir -p "$3/bin" && cp "$0" "$3/bin/python" && exit 0 ;;
        pip) if [ "$FAKE_PIP" = ok ]; then
               touch "$here/../installed"
               case " $* " in *" jupyterlab "*)
                 printf '#!/bin/sh\necho 4.6.4\n' > "$here/jupyter-lab" && chmod +x "$here/jupyter-lab" ;;
               esac
               exit 0
             fi
             echo "ERROR: No matching distribution found for $6" >&2; exit 1 ;;
      esac ;;
  -c) [ -f "$here/../installed" ] || exit 1
      case "$2" in
        *sys.executable*) echo "$here/python" ;;
        *) echo "$here/python"; echo True ;;
      esac
      exit 0 ;;
esac
exit 1
`;
const FAKE_APT = `#!/bin/sh
echo "apt-get $*" >> "$FAKE_LOG"
case " $* " in *" update "*) exit 0 ;; esac
echo "E: Unable to locate package python3-nbclient" >&2; exit 100
`;
/** A classic Notebook on PATH (as Debian's jupyter-notebook is): it only answers --version. */
const FAKE_CLASSIC = `#!/bin/sh
[ "$1" = --version ] && echo 6.4.12 && exit 0
exit 1
`;
const FAKE_CHROMIUM = `#!/bin/sh
[ "$1" = --version ] && echo "Chromium 999.0.1 fake" && exit 0
exit 1
`;

interface Case {
  python?: boolean;
  pip?: "ok" | "refuse";
  apt?: boolean;
  chromium?: boolean;
  /** a classic Notebook (6.4) on PATH */
  classic?: boolean;
}
let caseNo = 0;

/** Runs `node scripts/tools.mjs <tool>` with every tool hidden except the fakes a case asks for. */
function provide(tool: string, c: Case = {}, script = TOOLS) {
  const dir = join(scratch, `case-${++caseNo}`);
  const bin = join(dir, "bin");
  const home = join(dir, "home");
  mkdirSync(bin, { recursive: true });
  mkdirSync(home);
  const fake = (path: string, text: string) => {
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, text);
    chmodSync(path, 0o755);
  };
  const systemPython = join(dir, "system", "bin", "python3");
  if (c.python) fake(systemPython, FAKE_PYTHON);
  if (c.apt) fake(join(bin, "apt-get"), FAKE_APT);
  if (c.chromium) fake(join(bin, "chromium"), FAKE_CHROMIUM);
  if (c.classic) fake(join(bin, "jupyter-notebook"), FAKE_CLASSIC);
  const log = join(dir, "calls.log");
  writeFileSync(log, "");
  const env: NodeJS.ProcessEnv = {
    PATH: bin,
    HOME: home,
    FAKE_LOG: log,
    FAKE_PIP: c.pip ?? "refuse",
    LR2NN_SYSTEM_PYTHON: systemPython,
    LR2NN_VENV: join(dir, "venv"),
    ...(c.apt ? {} : { LR2NN_NO_APT: "1" }),
  };
  const r = spawnSync(process.execPath, [script, ...(tool ? [tool] : [])], {
    env,
    cwd: dir,
    encoding: "utf8",
    timeout: 60_000,
  });
  const lines = (r.stdout ?? "").trim().split("\n");
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: (r.stderr ?? "").trim(),
    venv: join(dir, "venv"),
    calls: readFileSync(log, "utf8").trim().split("\n").filter(Boolean),
    result:
      r.status === 0 ? (JSON.parse(lines[lines.length - 1]) as Record<string, unknown>) : undefined,
  };
}

/** A stop is one line starting with ✗, naming what is missing and the command, and never a stack trace. */
function assertOneLineStop(r: ReturnType<typeof provide>, what: RegExp, command: RegExp) {
  assert.equal(r.status, 1, `expected exit 1, got ${r.status}\n${r.stdout}\n${r.stderr}`);
  assert.equal(r.stderr.split("\n").length, 1, `expected one line on stderr, got:\n${r.stderr}`);
  assert.match(r.stderr, /^✗ missing: /);
  assert.match(r.stderr, what);
  assert.match(r.stderr, /To provide it, run: /);
  assert.match(r.stderr, command);
  assert.doesNotMatch(r.stderr, /\n\s+at |Error:/);
}

test("no Python anywhere: the notebook tests' Python stops with one line and the exact commands", () => {
  const r = provide("test-python");
  assertOneLineStop(
    r,
    /a Python with nbclient, nbformat, jupyter_client, IPython, ipykernel/,
    /-m venv \S+ && \S+\/bin\/pip install nbclient nbformat jupyter_client ipython ipykernel/,
  );
  assert.match(r.stderr, /no python3 to create the virtual environment/);
  if (existsSync("/etc/debian_version"))
    assert.match(
      r.stderr,
      /apt-get install -y python3-nbclient python3-nbformat python3-jupyter-client python3-ipykernel/,
    );
  assert.equal(existsSync(r.venv), false, "no virtual environment may be left behind");
});

test("pip finds no index: stops with pip's reason, after a fast attempt, leaving no empty venv", () => {
  const r = provide("test-python", { python: true, pip: "refuse" });
  assertOneLineStop(r, /nbclient/, /pip install nbclient/);
  assert.match(r.stderr, /pip: ERROR: No matching distribution found/);
  assert.ok(
    r.calls.some((l) => /^python -m venv /.test(l)),
    `no venv was created:\n${r.calls.join("\n")}`,
  );
  const pip = r.calls.find((l) => / -m pip install /.test(l)) ?? "";
  assert.match(pip, /--retries 0 --timeout 3/, "pip must give up fast where no index answers");
  assert.equal(
    existsSync(r.venv),
    false,
    "the venv created for the failed install must be removed",
  );
});

test("pip works: the packages go into the venv and its Python is the one used", () => {
  const r = provide("test-python", { python: true, pip: "ok" });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.result?.python, join(r.venv, "bin", "python"));
  const pip = r.calls.find((l) => / -m pip install /.test(l)) ?? "";
  for (const p of ["nbclient", "nbformat", "jupyter_client", "ipython", "ipykernel"])
    assert.match(pip, new RegExp(` ${p}( |$)`), `pip install must name ${p}`);
  assert.match(r.stdout, /installed .* into .*venv/, "the install is announced");
});

test("apt: as root on Debian, apt-get update runs before apt-get install; otherwise apt is never run", () => {
  const r = provide("test-python", { python: true, pip: "refuse", apt: true });
  const apt = r.calls.filter((l) => l.startsWith("apt-get"));
  if (asRootOnDebian) {
    assert.equal(apt.length, 2, `expected update then install, got:\n${apt.join("\n")}`);
    assert.match(apt[0], / update$/);
    assert.match(
      apt[1],
      / install -y .*python3-nbclient python3-nbformat python3-jupyter-client python3-ipykernel/,
    );
    assertOneLineStop(r, /nbclient/, /apt-get install -y python3-nbclient/);
    assert.match(r.stderr, /apt-get install: E: Unable to locate package/);
  } else {
    assert.deepEqual(apt, []);
    assertOneLineStop(
      r,
      /nbclient/,
      /sudo apt-get install -y python3-nbclient|pip install nbclient/,
    );
  }
});

test("no JupyterLab and no index: one line with the pip command (the caller decides to skip the Lab half)", () => {
  const r = provide("jupyterlab", { python: true, pip: "refuse" });
  assertOneLineStop(r, /missing: JupyterLab/, /\/bin\/pip install jupyterlab plotly/);
  assert.match(r.stderr, /Debian has no JupyterLab package/);
});

test("no classic Notebook, no apt, no index: one line with both commands", () => {
  const r = provide("classic-notebook", { python: true, pip: "refuse" });
  assertOneLineStop(r, /the classic Notebook \(version 6\)/, /pip install "notebook<7"/);
  if (existsSync("/etc/debian_version"))
    assert.match(r.stderr, /apt-get install -y jupyter-notebook/);
});

test("no browser: one line naming Chromium, the apt command and LR2NN_CHROMIUM; never a download", () => {
  const r = provide("chromium");
  assertOneLineStop(
    r,
    /Chrome or Chromium \(looked for chromium, chromium-browser, google-chrome/,
    /apt-get install -y chromium .*LR2NN_CHROMIUM=/,
  );
});

test("a Chromium on PATH is used, and named with its version", () => {
  const r = provide("chromium", { chromium: true });
  assert.equal(r.status, 0, r.stderr);
  assert.match(String(r.result?.path), /\/bin\/chromium$/);
  assert.equal(r.result?.version, "Chromium 999.0.1 fake");
});

// ── npm start's choice: JupyterLab first ───────────────────────────────────────────────────────────────────

const CHOOSE = join(__dirname, "..", "..", "scripts", "choose-jupyter.mjs");

test("npm start: with a classic Notebook on PATH, JupyterLab is still installed into .venv/ and chosen", () => {
  const r = provide("", { python: true, pip: "ok", classic: true }, CHOOSE);
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.equal(r.result?.kind, "lab");
  assert.equal(r.result?.command, join(r.venv, "bin", "jupyter-lab"));
  assert.equal(r.result?.banner, null);
  const pip = r.calls.find((l) => / -m pip install /.test(l)) ?? "";
  assert.match(pip, / jupyterlab plotly( |$)/, "JupyterLab and plotly's extension are installed");
});

test("npm start: where JupyterLab cannot be had, the classic Notebook with a one-line banner and the command", () => {
  const r = provide("", { python: true, pip: "refuse", classic: true }, CHOOSE);
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.equal(r.result?.kind, "notebook");
  const banner = String(r.result?.banner);
  assert.equal(banner.split("\n").length, 1, banner);
  assert.match(banner, /^⚠ Opening the classic Notebook: JupyterLab.*could not be had \(pip: /);
  assert.match(
    banner,
    /To get it: .*\/bin\/pip install jupyterlab plotly --retries 0 --timeout 3$/,
  );
});

test("npm start -- --classic: the classic Notebook by choice, without trying to install JupyterLab", () => {
  const r = provide("--classic", { python: true, pip: "ok", classic: true }, CHOOSE);
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.equal(r.result?.kind, "notebook");
  assert.equal(r.result?.banner, null);
  assert.deepEqual(
    r.calls.filter((l) => / -m pip install /.test(l)),
    [],
    "no pip install when the classic Notebook is asked for and present",
  );
});

test("npm start headless: the chapter's full URL, token included, from the URL Jupyter prints", async () => {
  const { chapterUrl } = (await import(CHOOSE)) as {
    chapterUrl: (log: string, kind: string, path: string) => string | null;
  };
  const nb = "notebooks/00-welcome.ipynb";
  assert.equal(
    chapterUrl(
      "    Or copy and paste one of these URLs:\n        http://127.0.0.1:8899/lab?token=9f3a\n",
      "lab",
      nb,
    ),
    "http://127.0.0.1:8899/lab/tree/notebooks/00-welcome.ipynb?token=9f3a",
  );
  assert.equal(
    chapterUrl("[I 10:00] http://localhost:8888/?token=ab12", "notebook", nb),
    "http://localhost:8888/notebooks/notebooks/00-welcome.ipynb?token=ab12",
  );
  assert.equal(
    chapterUrl("http://localhost:8888/course/lab", "lab", nb),
    "http://localhost:8888/course/lab/tree/notebooks/00-welcome.ipynb",
  );
  assert.equal(chapterUrl("file:///root/.local/share/jupyter/runtime/x.html", "lab", nb), null);
});
