// Issue 11, start-up and scripts: npm start refuses a bad --port or --ip before Jupyter starts, sees a missing
// dependency folder, and never takes a lib that failed to compile as up to date; npm run strip keeps one backup
// per notebook (two with one file name included) and removes nbclient's timestamps.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

const ROOT = join(__dirname, "..", "..");
const scratch = mkdtempSync(join(tmpdir(), "lr2nn-scripts-test-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `node <script> args…` in the project; ends within `ms` whatever happens. */
function node(script: string, args: string[], env: NodeJS.ProcessEnv = {}, ms = 30_000) {
  return spawnSync(process.execPath, [join(ROOT, "scripts", script), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: ms,
    env: { ...process.env, ...env },
  });
}

test("npm start: --port outside 1–65535 and --ip 999.1.1.1 stop with one line, before anything starts", () => {
  for (const [args, message] of [
    [
      ["--port", "99999"],
      '✗ --port must be a whole number from 1 to 65535, got "99999" (e.g. --port 8899)',
    ],
    [["--port=0"], '✗ --port must be a whole number from 1 to 65535, got "0" (e.g. --port 8899)'],
    [
      ["--ip", "999.1.1.1"],
      '✗ --ip "999.1.1.1" is not an IPv4 address: four numbers from 0 to 255 joined by dots; e.g. --ip 127.0.0.1 (this machine only) or --ip 0.0.0.0 (every network interface)',
    ],
    [
      ["--ip", "my host"],
      '✗ --ip must be an IP address or a host name, got "my host"; e.g. --ip 127.0.0.1 (this machine only) or --ip 0.0.0.0 (every network interface)',
    ],
  ] as const) {
    const r = node("start.mjs", [...args]);
    assert.equal(r.status, 1, `${args.join(" ")}: ${r.stdout}${r.stderr}`);
    assert.equal(r.stderr.trim(), message);
    assert.equal(r.stdout, "", "nothing was started or checked before the options");
  }
  const inline = node("start.mjs", ["--port=70000"]);
  assert.match(inline.stderr, /--port must be a whole number from 1 to 65535, got "70000"/);
});

test("checkPort and checkIp accept what Jupyter accepts", async () => {
  const { checkIp, checkPort } = await import("../../scripts/tools.mjs");
  assert.deepEqual(checkPort("8899"), { port: 8899 });
  assert.deepEqual(checkPort("65535"), { port: 65535 });
  assert.ok("error" in checkPort("88a"));
  for (const ip of ["127.0.0.1", "0.0.0.0", "::1", "localhost", "my-box.local"])
    assert.deepEqual(checkIp(ip), { ip });
  assert.ok("error" in checkIp("1.2.3"));
});

test("missingDependencies names a dependency whose folder is gone (npm start said ✓ dependencies)", async () => {
  const { missingDependencies } = await import("../../scripts/tools.mjs");
  const root = join(scratch, "deps");
  mkdirSync(join(root, "node_modules", "tslab"), { recursive: true });
  writeFileSync(
    join(root, "package.json"),
    JSON.stringify({ dependencies: { tslab: "1.0.22", "plotly.js-dist-min": "4.1.2" } }),
  );
  writeFileSync(join(root, "node_modules", "tslab", "package.json"), "{}");
  assert.deepEqual(missingDependencies(root), ["plotly.js-dist-min"]);
  assert.deepEqual(missingDependencies(ROOT), [], "this checkout has every dependency");
});

test("a lib that fails to compile writes no JavaScript, and stays stale for npm start (the kernel file does not count)", async () => {
  const { libIsStale } = await import("../../scripts/jupyter.mjs");
  // tsc with lib/tsconfig.json's options on a broken file: nothing is emitted
  const proj = join(scratch, "broken");
  mkdirSync(join(proj, "src"), { recursive: true });
  writeFileSync(join(proj, "src", "index.ts"), "export const x: number = 'not a number';\n");
  writeFileSync(
    join(proj, "tsconfig.json"),
    JSON.stringify({
      extends: join(ROOT, "lib", "tsconfig.json"),
      compilerOptions: { rootDir: "src", outDir: "dist" },
      include: ["src/**/*.ts"],
    }),
  );
  const tsc = spawnSync(
    process.execPath,
    [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", proj],
    { encoding: "utf8" },
  );
  assert.notEqual(tsc.status, 0, "the broken file does not compile");
  assert.equal(
    existsSync(join(proj, "dist", "index.js")),
    false,
    "no dist/index.js from a failed compile",
  );
  // a dist older than src, with a freshly assembled .wasm in it, is stale
  const root = join(scratch, "stale");
  for (const d of ["lib/src", "lib/dist/engine/kernels"])
    mkdirSync(join(root, d), { recursive: true });
  const at = (file: string, text: string, seconds: number) => {
    writeFileSync(join(root, file), text);
    utimesSync(join(root, file), seconds, seconds);
  };
  at("lib/tsconfig.json", "{}", 1000);
  at("lib/dist/index.js", "", 2000);
  at("lib/src/index.ts", "", 3000);
  at("lib/dist/engine/kernels/matmul.wasm", "", 4000);
  assert.equal(libIsStale(root), true);
  at("lib/dist/index.js", "", 5000);
  assert.equal(libIsStale(root), false);
});

test("npm run strip: two notebooks with one file name get two backups; nbclient's timestamps go", () => {
  const nb = (text: string) => ({
    cells: [
      {
        cell_type: "code",
        execution_count: 1,
        metadata: { execution: { "iopub.execute_input": "2026-01-01T00:00:00Z" }, tags: ["keep"] },
        outputs: [{ output_type: "stream", name: "stdout", text }],
        source: ["1"],
      },
      {
        cell_type: "markdown",
        metadata: { execution: { "iopub.status.idle": "2026-01-01T00:00:01Z" } },
        source: ["# hi"],
      },
    ],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  });
  const files = ["a", "b"].map((d) => {
    mkdirSync(join(scratch, "nbs", d), { recursive: true });
    const f = join(scratch, "nbs", d, "04.ipynb");
    writeFileSync(f, JSON.stringify(nb(`from ${d}`)));
    return f;
  });
  const backups = join(scratch, "backups");
  const r = node("strip-outputs.mjs", files, { LR2NN_BACKUP_DIR: backups });
  assert.equal(r.status, 0, r.stderr);
  const [b1, b2] = [...r.stdout.matchAll(/\(backup: (.*?)\)/g)].map((m) => m[1] as string);
  assert.ok(b1 && b2 && b1 !== b2, `two backup paths: ${r.stdout}`);
  const read = (p: string) => readFileSync(p.startsWith("/") ? p : join(ROOT, p), "utf8");
  assert.match(read(b1), /from a/);
  assert.match(read(b2), /from b/);
  for (const f of files) {
    const out = JSON.parse(readFileSync(f, "utf8"));
    assert.deepEqual(out.cells[0].metadata, { tags: ["keep"] });
    assert.deepEqual(out.cells[1].metadata, {});
    assert.deepEqual(out.cells[0].outputs, []);
  }
});

test("every LR2NN_ environment variable is in the README's one table, and the table names no other (at most 15)", () => {
  const files = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
      .filter((f) => /\.(ts|mjs|py)$/.test(f))
      .map((f) => join(ROOT, dir, f));
  const read = new Set<string>();
  for (const f of [...files("lib/src"), ...files("scripts"), ...files("test")]) {
    if (f === __filename) continue;
    // window.LR2NN_PLOTLY_URL and window.LR2NN_PLAYGROUND_URL are page globals of the chart and playground
    // loaders, not environment variables
    for (const m of readFileSync(f, "utf8").matchAll(
      /\bLR2NN_(?!PLOTLY_URL|PLAYGROUND_URL)[A-Z0-9_]+/g,
    ))
      read.add(m[0]);
  }
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(
    readme.indexOf("### Environment variables"),
    readme.indexOf("### Node versions"),
  );
  const table = new Set(
    [...section.matchAll(/^\| `(LR2NN_[A-Z0-9_]+)` \|/gm)].map((m) => m[1] as string),
  );
  assert.deepEqual([...read].sort(), [...table].sort());
  assert.ok(table.size <= 15, `${table.size} environment variables: at most 15`);
});
