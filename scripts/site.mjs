// @ts-check
// `npm run site`: the course as a static website in site/ (git-ignored), from freshly executed notebooks.
//   1. Executes every solution notebook (solutions/, so every exercise check says ✔ and every output exists) with
//      the notebook tests' machinery (scripts/run_notebooks.py --checks solution, a fresh tslab kernel each) into
//      test-artifacts/executed-solutions/, the folder the `exercises` test stage writes. An executed copy is
//      reused when it is newer than its notebook, the built lib, data/ and package-lock.json, and ran completely
//      (every code cell executed, nothing on stderr, every check ✔); `--fresh` executes everything again.
//   2. Renders one page per chapter (scripts/site/render.mjs): the prose with math (KaTeX, on the server), the
//      code, the outputs, the interactive charts; exercises as the learner gets them, the solution folded away.
//   3. Writes site/: index.html, NN-….html, notebooks/ (pristine learner notebooks made from solutions/, to
//      download: never the working copies in notebooks/), assets/ (plotly.js
//      once for every page, KaTeX's CSS and fonts, the highlight theme, site.css, site.js, and playground.js, the
//      live trainer's page code).
// Options: --out DIR (default site/), --fresh. Checked in Chromium by `npm run test:site` (test/site/check.ts).

import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { ROOT, libIsStale, testKernelEnv } from "./jupyter.mjs";
import { SOLUTIONS_DIR, learnerText, listSolutions, sourceText, tagsOf } from "./learner.mjs";
import {
  chapterIdeas,
  chapterInfo,
  chapterPage,
  indexPage,
  navigation,
  PLAYGROUND_ASSET,
  readmeIntro,
} from "./site/render.mjs";
import { provideTestPython } from "./tools.mjs";

/** Where the `exercises` test stage and this build keep executed solution notebooks. */
export const EXECUTED_DIR = join(ROOT, "test-artifacts", "executed-solutions");
const ASSETS_SRC = join(ROOT, "scripts", "site", "assets");
const require = createRequire(join(ROOT, "package.json"));

/** @typedef {import("./site/render.mjs").Output} Output */
/** @typedef {{ cells: (import("./learner.mjs").Cell & { outputs?: Output[] })[] }} ExecutedNotebook */

/**
 * Newest modification time (ms) of the files under a folder, recursively.
 * @param {string} dir
 * @returns {number}
 */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Why an executed notebook is not a complete, clean run (a run that failed leaves a partial copy), or null.
 * @param {ExecutedNotebook} nb
 */
export function incompleteRun(nb) {
  for (const [i, cell] of nb.cells.entries()) {
    if (cell.cell_type !== "code" || !sourceText(cell).trim()) continue;
    if (cell.execution_count == null) return `cell ${i} was not executed`;
    /** @type {Output[]} */
    const outputs = cell.outputs ?? [];
    for (const o of outputs) {
      if (o.output_type === "error" || (o.output_type === "stream" && o.name === "stderr"))
        return `cell ${i} failed`;
    }
    if (tagsOf(cell).includes("check")) {
      const text = outputs
        .map((o) => (Array.isArray(o.text) ? o.text.join("") : (o.text ?? "")))
        .join("")
        .trim();
      if (!text.startsWith("✔")) return `check cell ${i} did not print ✔`;
    }
  }
  return null;
}

/**
 * Whether the executed copy of a solution notebook can be reused, and if not, why.
 * @param {string} name
 * @param {number} depsTime  newest modification time of what every notebook depends on (lib/dist, data/, package-lock)
 * @returns {string | null}  null when reusable
 */
function staleBecause(name, depsTime) {
  const copy = join(EXECUTED_DIR, name);
  if (!existsSync(copy)) return "not executed yet";
  const t = statSync(copy).mtimeMs;
  if (t <= statSync(join(SOLUTIONS_DIR, name)).mtimeMs) return "the notebook changed";
  if (t <= depsTime) return "the lib or the dependencies changed";
  try {
    return incompleteRun(JSON.parse(readFileSync(copy, "utf8")));
  } catch (e) {
    return `unreadable (${e instanceof Error ? e.message : e})`;
  }
}

/**
 * Executes solution notebooks into EXECUTED_DIR (as the `exercises` test stage does). Throws when one fails.
 * @param {string[]} names
 */
function execute(names) {
  const python = provideTestPython();
  const env = testKernelEnv(python);
  const r = spawnSync(
    python,
    [
      join(ROOT, "scripts", "run_notebooks.py"),
      "--checks",
      "solution",
      "--out",
      EXECUTED_DIR,
      ...names.map((n) => join(SOLUTIONS_DIR, n)),
    ],
    { cwd: ROOT, env, stdio: "inherit" },
  );
  if (r.status !== 0)
    throw new Error(`executing the solution notebooks failed (see above); the site was not built`);
}

/**
 * Total size in bytes of the files under a folder, and its files sorted by size, largest first.
 * @param {string} dir
 */
export function sizes(dir) {
  /** @type {{ path: string, bytes: number }[]} */
  const files = [];
  const walk = (/** @type {string} */ d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.push({ path: relative(dir, p), bytes: statSync(p).size });
    }
  };
  walk(dir);
  files.sort((a, b) => b.bytes - a.bytes);
  return { total: files.reduce((s, f) => s + f.bytes, 0), files };
}

const mb = (/** @type {number} */ bytes) => `${(bytes / 1e6).toFixed(2)} MB`;

/**
 * Copies the assets every page uses: plotly.js (one file for all pages), KaTeX's CSS with its fonts (woff2 only:
 * every browser that runs plotly.js reads woff2), the highlight.js theme, and the site's own CSS and script.
 * @param {string} out
 */
function copyAssets(out) {
  const assets = join(out, "assets");
  mkdirSync(join(assets, "katex", "fonts"), { recursive: true });
  cpSync(require.resolve("plotly.js-dist-min/plotly.min.js"), join(assets, "plotly.min.js"));
  const katexDist = dirname(require.resolve("katex/dist/katex.min.css"));
  const css = readFileSync(join(katexDist, "katex.min.css"), "utf8").replace(
    /,\s*url\(fonts\/[^)]+\.(?:woff|ttf)\)\s*format\("(?:woff|truetype)"\)/g,
    "",
  );
  writeFileSync(join(assets, "katex", "katex.min.css"), css);
  for (const f of readdirSync(join(katexDist, "fonts")))
    if (f.endsWith(".woff2"))
      cpSync(join(katexDist, "fonts", f), join(assets, "katex", "fonts", f));
  cpSync(
    join(dirname(require.resolve("highlight.js/package.json")), "styles", "github.min.css"),
    join(assets, "highlight-github.min.css"),
  );
  for (const f of ["site.css", "site.js"]) cpSync(join(ASSETS_SRC, f), join(assets, f));
  // The playground's page code (chapters 06 and 08), bundled from the lib by `npm run build`.
  const playground = join(ROOT, "lib", "dist", "browser", "playground.js");
  if (!existsSync(playground)) throw new Error(`${playground} is missing: run npm run build`);
  cpSync(playground, join(out, PLAYGROUND_ASSET));
}

/** @param {string[]} argv */
async function main(argv) {
  const t0 = Date.now();
  const fresh = argv.includes("--fresh");
  const outArg = argv.indexOf("--out");
  const out = resolve(outArg >= 0 && argv[outArg + 1] ? argv[outArg + 1] : join(ROOT, "site"));
  const names = listSolutions();
  if (!names.length) throw new Error(`no notebooks in ${SOLUTIONS_DIR}`);

  if (libIsStale()) {
    console.log("… building the lib (npm run build)");
    const b = spawnSync(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "-s", "build"], {
      cwd: ROOT,
      stdio: "inherit",
    });
    if (b.status !== 0) throw new Error("npm run build failed");
  }
  const depsTime = Math.max(
    newest(join(ROOT, "lib", "dist")),
    newest(join(ROOT, "data")),
    statSync(join(ROOT, "package-lock.json")).mtimeMs,
  );
  const toRun = [];
  for (const name of names) {
    const why = fresh ? "--fresh" : staleBecause(name, depsTime);
    if (why) toRun.push(name);
    console.log(
      `${why ? "▶" : "✓"} ${name}: ${why ? `to execute (${why})` : "executed copy reused"}`,
    );
  }
  const t1 = Date.now();
  if (toRun.length) execute(toRun);
  const execSeconds = (Date.now() - t1) / 1000;

  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const courseTitle = (/^#\s+(.*)$/m.exec(readme)?.[1] ?? "The course").trim();
  const ideas = chapterIdeas(readme);
  /** @type {ExecutedNotebook[]} */
  const executed = names.map((n) => JSON.parse(readFileSync(join(EXECUTED_DIR, n), "utf8")));
  for (const [k, nb] of executed.entries()) {
    const why = incompleteRun(nb);
    if (why) throw new Error(`${names[k]}: the executed copy is incomplete (${why})`);
  }
  const chapters = executed.map((nb, k) => {
    const number = /^(\d+|[A-Z])(?=-)/.exec(names[k])?.[1] ?? "";
    const idea = ideas.get(number);
    if (!idea)
      console.log(
        `⚠ ${names[k]}: no row for chapter ${number} in the README's chapter table; the index shows no summary`,
      );
    return chapterInfo(nb, names[k], idea ?? "");
  });

  // Build beside the old site, then swap: a failed build leaves the previous site whole.
  const tmp = `${out}.building-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  let charts = 0;
  for (const [k, chapter] of chapters.entries()) {
    const page = chapterPage(executed[k], chapter, navigation(chapters, k), courseTitle);
    charts += page.charts;
    writeFileSync(join(tmp, chapter.page), page.html);
  }
  writeFileSync(
    join(tmp, "index.html"),
    indexPage(chapters, { title: courseTitle, intro: readmeIntro(readme) }),
  );
  // The notebooks to download are made afresh from solutions/ (what `npm run learner` writes), never copied
  // from notebooks/: that folder is the learner's working copy, with their answers and outputs.
  mkdirSync(join(tmp, "notebooks"));
  for (const name of names) writeFileSync(join(tmp, "notebooks", name), learnerText(name).text);
  copyAssets(tmp);
  rmSync(out, { recursive: true, force: true });
  renameSync(tmp, out);

  const { total, files } = sizes(out);
  console.log(
    `\n✓ ${relative(process.cwd(), out) || "."}/: ${chapters.length} chapters + index, ${charts} charts, ` +
      `${chapters.reduce((s, c) => s + c.exercises, 0)} exercises; ${files.length} files, ${mb(total)}`,
  );
  console.log(
    `  largest: ${files
      .slice(0, 5)
      .map((f) => `${f.path} ${mb(f.bytes)}`)
      .join(", ")}`,
  );
  console.log(
    `  ${toRun.length} notebooks executed (${execSeconds.toFixed(0)} s), ${names.length - toRun.length} reused; ` +
      `built in ${((Date.now() - t0) / 1000).toFixed(0)} s. Open ${relative(process.cwd(), join(out, "index.html"))}`,
  );
}

// Run as a script (not when imported by a test).
// @ts-ignore TS1343: the root tsconfig checks with module=commonjs, but this file is ESM and runs as such.
if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`✗ ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  });
}
