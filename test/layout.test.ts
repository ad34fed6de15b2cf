// The lib's layout is its architecture: one folder per layer, imports flowing one way, every module reachable
// from a notebook by its file name ("lr2nn/plot"), and no file too long to read.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

const ROOT = path.resolve(__dirname, "..");
const SRC = path.join(ROOT, "lib", "src");
/** The layers in import order: a file may import from its own layer and the layers before it. */
const LAYERS = ["core", "learning", "engine", "models", "data", "screen", "exercises"] as const;
const MAX_LINES = 400;
/** Layers exported from index.ts through their own index.ts, not file by file. */
const DOORS: readonly string[] = ["engine", "exercises"];

interface LibFile {
  layer: string;
  name: string;
  file: string;
  text: string;
}

function libFiles(): LibFile[] {
  return LAYERS.flatMap((layer) =>
    readdirSync(path.join(SRC, layer))
      .filter((f) => f.endsWith(".ts"))
      .map((f) => {
        const file = path.join(SRC, layer, f);
        return { layer, name: f.replace(/\.ts$/, ""), file, text: readFileSync(file, "utf8") };
      }),
  );
}

test("lib/src holds only the layer folders and index.ts", () => {
  const entries = readdirSync(SRC).sort();
  assert.deepEqual(entries, [...LAYERS, "index.ts"].sort());
});

test("imports flow one way: core → learning → engine → models → data → screen → exercises", () => {
  const wrong: string[] = [];
  for (const f of libFiles()) {
    for (const m of f.text.matchAll(/(?:from\s+|import\s+|import\()\s*["'](\.\.?\/[^"']+)["']/g)) {
      const target = path.relative(SRC, path.resolve(path.dirname(f.file), m[1] as string));
      const layer = target.split(path.sep)[0] as string;
      if (!(LAYERS as readonly string[]).includes(layer)) {
        wrong.push(`${f.layer}/${f.name} imports ${m[1]}, outside the layer folders`);
      } else if (
        LAYERS.indexOf(layer as (typeof LAYERS)[number]) >
        LAYERS.indexOf(f.layer as (typeof LAYERS)[number])
      ) {
        wrong.push(
          `${f.layer}/${f.name} (layer ${f.layer}) imports ${target} from the later layer ${layer}`,
        );
      }
    }
  }
  assert.deepEqual(wrong, []);
});

test("no import loops between lib files, type-only imports included", () => {
  const files = libFiles();
  const key = (file: string) => path.relative(SRC, file).replace(/\.ts$/, "");
  const edges = new Map<string, string[]>();
  for (const f of files) {
    const targets: string[] = [];
    for (const m of f.text.matchAll(/(?:from\s+|import\s+|import\()\s*["'](\.\.?\/[^"']+)["']/g)) {
      const target = path.relative(SRC, path.resolve(path.dirname(f.file), m[1] as string));
      const known = files.find((g) => key(g.file) === target || key(g.file) === `${target}/index`);
      if (known) targets.push(key(known.file));
    }
    edges.set(key(f.file), targets);
  }
  const loops: string[] = [];
  const state = new Map<string, "open" | "done">();
  const visit = (node: string, trail: string[]): void => {
    if (state.get(node) === "done") return;
    if (state.get(node) === "open") {
      loops.push([...trail.slice(trail.indexOf(node)), node].join(" → "));
      return;
    }
    state.set(node, "open");
    for (const next of edges.get(node) ?? []) visit(next, [...trail, node]);
    state.set(node, "done");
  };
  for (const node of edges.keys()) visit(node, []);
  assert.deepEqual(loops, []);
});

test("the readable/fast choice is made in one place: models/backend.ts", () => {
  const asking = libFiles()
    .filter((f) => f.layer !== "engine" && /\bengineInUse\b|\bfast[A-Z]\w*\(/.test(f.text))
    .map((f) => `${f.layer}/${f.name}`);
  assert.deepEqual(asking, ["models/backend"]);
});

test("the math never imports plotting or display code", () => {
  const wrong = libFiles()
    .filter((f) => ["core", "learning", "engine", "models", "data", "exercises"].includes(f.layer))
    .filter((f) => /from\s+["'][^"']*(screen\/|plotly)/.test(f.text))
    .map((f) => `${f.layer}/${f.name}`);
  assert.deepEqual(wrong, []);
});

test("every module can be imported by its file name, as code and as types (lib/package.json)", () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "lib", "package.json"), "utf8")) as {
    exports: Record<string, string>;
    typesVersions: { "*": Record<string, string[]> };
  };
  const problems: string[] = [];
  for (const f of libFiles()) {
    const key = f.name === "index" ? f.layer : f.name;
    const js = `./dist/${f.layer}/${f.name}.js`;
    const dts = `dist/${f.layer}/${f.name}.d.ts`;
    if (pkg.exports[`./${key}`] !== js) problems.push(`exports["./${key}"] should be "${js}"`);
    if (pkg.typesVersions["*"][key]?.[0] !== dts)
      problems.push(`typesVersions["*"]["${key}"] should be ["${dts}"]`);
  }
  const names = libFiles().map((f) => (f.name === "index" ? f.layer : f.name));
  assert.equal(
    new Set(names).size,
    names.length,
    `module names must be unique across folders: ${names}`,
  );
  assert.deepEqual(problems, []);
});

test(`no lib file is longer than ${MAX_LINES} lines`, () => {
  const long = libFiles()
    .map((f) => ({ where: `${f.layer}/${f.name}.ts`, lines: f.text.split("\n").length }))
    .filter((f) => f.lines > MAX_LINES)
    .map((f) => `${f.where}: ${f.lines} lines`);
  assert.deepEqual(long, []);
});

test("index.ts exports every module (the engine through its door) and names every layer in its doc comment", () => {
  const index = readFileSync(path.join(SRC, "index.ts"), "utf8");
  const missing = libFiles()
    // The engine and the exercises are exported through their door (their index.ts).
    .map((f) => (DOORS.includes(f.layer) ? `./${f.layer}` : `./${f.layer}/${f.name}`))
    .filter((spec) => !index.includes(`export * from "${spec}";`));
  assert.deepEqual(missing, []);
  for (const layer of LAYERS)
    assert.match(index, new RegExp(`^ \\*   ${layer}/`, "m"), `index.ts describes ${layer}/`);
});

test("test/ mirrors the lib: a folder per layer (plus notebooks, scripts, browser, site), no test loose at the top", () => {
  const TEST = path.join(ROOT, "test");
  const allowed = new Set<string>([
    ...LAYERS,
    "notebooks",
    "scripts",
    "browser",
    "site",
    "support",
  ]);
  const loose = readdirSync(TEST).filter((f) => f.endsWith(".ts") && f !== "layout.test.ts");
  assert.deepEqual(loose, [], "tests belong in the folder of the layer they test");
  const folders = readdirSync(TEST, { withFileTypes: true }).filter((d) => d.isDirectory());
  assert.deepEqual(
    folders.map((d) => d.name).filter((n) => !allowed.has(n)),
    [],
    "unknown test folders",
  );
  const missing = LAYERS.filter(
    (layer) =>
      !readdirSync(path.join(TEST, layer), { withFileTypes: true }).some((f) =>
        f.name.endsWith(".test.ts"),
      ),
  );
  assert.deepEqual(missing, [], "every lib layer has its tests in test/<layer>/");
});
