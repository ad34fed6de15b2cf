/**
 * `npm run bench`: how fast the course's numeric core is, against the readable TypeScript kernel, mathjs and
 * NumPy (scripts/bench_numpy.py runs the SAME algorithms on the SAME data, weights and mini-batch orders,
 * in the same command). Not a test: it prints tables and ✔/✘ per target, and never fails.
 *
 * Every number comes twice: on one thread, and on all cores. The lib's products run on 1 thread
 * (`setThreads(1)`) and on every core (`setThreads(cores)`, the default); NumPy runs twice, with its BLAS
 * limited to 1 thread and with as many threads as cores (OPENBLAS_NUM_THREADS & co.). The targets compare all
 * cores with all cores. The machine's load average is printed first, and per workload: other processes slow
 * both sides, the threaded ones most. So that both sides see the same load, each workload runs in rounds —
 * the lib on 1 thread, NumPy on 1 thread, the lib on all cores, NumPy on all cores — and each column reports
 * the minimum over the rounds (NumPy in a fresh process per run, after an untimed short warm-up).
 *
 *   npm run bench                  everything
 *   npm run bench -- --quick       fewer repetitions
 *   npm run bench -- --no-numpy    skip the NumPy twin
 *   npm run bench -- --matmul      only the matrix products
 *   npm run bench -- --text        only the text workload (chapter 11: scripts/bench-text.ts)
 *   BENCH_PYTHON=/path/python3     use this Python (default: `python3` on PATH, then /usr/bin/python3)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as math from "mathjs";
import { makeFlower, makeMoons } from "../lib/src/data/datasets";
import { LogisticRegression } from "../lib/src/models/logistic";
import {
  matmulInto,
  matmulKernels,
  referenceKernel,
  useMatmulKernel,
} from "../lib/src/core/matmul";
import {
  matmulThreads,
  PARALLEL_MIN_WORK,
  setThreads,
  wasmKernelFma,
  wasmKernelStatus,
} from "../lib/src/engine";
import { Matrix } from "../lib/src/core/matrix";
import { digitTask } from "../lib/src/data/mnist";
import { createNetwork, networkFromParameters } from "../lib/src/models/network";
import { adam, gradientDescent, type Optimizer } from "../lib/src/learning/optimizers";
import { fitStandardizer } from "../lib/src/learning/preprocess";
import { Rng } from "../lib/src/core/random";
import { train, type Trainable } from "../lib/src/models/train";
import { batchOrders, benchText } from "./bench-text";

const ROOT = path.resolve(__dirname, "..");
const args = new Set(process.argv.slice(2));
const QUICK = args.has("--quick");
const NO_NUMPY = args.has("--no-numpy");
const MATMUL_ONLY = args.has("--matmul");
const TEXT_ONLY = args.has("--text");
const CORES = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
const MATMUL_TARGET = 30; // GFLOP/s on all cores, for the large digits shapes
const NUMPY_RATIO_TARGET = 1.2; // every training workload within 1.2× NumPy's time, all cores on both sides
const PLANAR_RATIO_TARGET = 1.3; // the small planar networks, where per-step overhead dominates
const CELL_SECONDS = 5; // no training cell over 5 s

// ------------------------------------------------------------------------------------------ helpers

function now(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

/** Best seconds per call of f: calibrate a repetition count to ~targetSeconds/5 per round, best of 5 rounds. */
function timeIt(f: () => void, targetSeconds = QUICK ? 0.1 : 0.3): number {
  f();
  let reps = 1;
  let dt = 0;
  for (;;) {
    const t = now();
    for (let i = 0; i < reps; i++) f();
    dt = now() - t;
    if (dt > targetSeconds / 5 || reps > 1e6) break;
    reps *= 4;
  }
  let best = dt / reps;
  for (let r = 0; r < 4; r++) {
    const t = now();
    for (let i = 0; i < reps; i++) f();
    best = Math.min(best, (now() - t) / reps);
  }
  return best;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}
function lpad(s: string, n: number): string {
  return s.length >= n ? s : " ".repeat(n - s.length) + s;
}
function fmt(x: number | undefined, digits = 1): string {
  return x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(digits);
}
function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (r: string[]) =>
    r
      .map((v, c) => (c === 0 ? pad(v, widths[c] as number) : lpad(v, widths[c] as number)))
      .join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

// ------------------------------------------------------------------------------------------ NumPy

interface PythonInfo {
  exe: string;
  version: string;
  numpy: string;
}

function findPython(): { chosen: PythonInfo | null; report: string[] } {
  const candidates = [process.env.BENCH_PYTHON, "python3", "/usr/bin/python3"].filter(
    (c): c is string => !!c,
  );
  const report: string[] = [];
  let chosen: PythonInfo | null = null;
  const seen = new Set<string>();
  for (const c of candidates) {
    const r = spawnSync(
      c,
      [
        "-c",
        "import sys, numpy; print(sys.executable); print(sys.version.split()[0]); print(numpy.__version__)",
      ],
      { encoding: "utf8" },
    );
    if (r.status !== 0) {
      report.push(`${c}: ${r.error ? "not found" : "no numpy"}`);
      continue;
    }
    const [exe, version, numpy] = r.stdout.trim().split("\n") as [string, string, string];
    if (seen.has(exe)) continue;
    seen.add(exe);
    report.push(`${c} → ${exe} (Python ${version}, NumPy ${numpy})`);
    chosen ??= { exe, version, numpy };
  }
  return { chosen, report };
}

interface ArraySpec {
  file: string;
  shape: number[];
  dtype: "f64" | "i32";
}

class Exchange {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), "lr2nn-bench-"));
  private count = 0;
  f64(M: Matrix): ArraySpec {
    const file = `a${this.count++}.f64`;
    writeFileSync(
      path.join(this.dir, file),
      Buffer.from(M.data.buffer, M.data.byteOffset, M.data.byteLength),
    );
    return { file, shape: [M.rows, M.cols], dtype: "f64" };
  }
  i32(values: Int32Array, shape: number[]): ArraySpec {
    const file = `a${this.count++}.i32`;
    writeFileSync(
      path.join(this.dir, file),
      Buffer.from(values.buffer, values.byteOffset, values.byteLength),
    );
    return { file, shape, dtype: "i32" };
  }
  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------------------------ matmul

interface Shape {
  name: string;
  m: number;
  k: number;
  n: number;
  /** A large product of the digits network (m, n ≥ 64): the ≥ 30 GFLOP/s target on all cores applies. */
  digits: boolean;
}

const SHAPES: Shape[] = [
  { name: "W1·X, batch 64", m: 64, k: 784, n: 64, digits: true },
  { name: "W1·X, batch 256", m: 64, k: 784, n: 256, digits: true },
  { name: "W2·A1, batch 256", m: 1, k: 64, n: 256, digits: false },
  { name: "X·dZ1ᵀ (dW1ᵀ), batch 64", m: 784, k: 64, n: 64, digits: true },
  { name: "dZ1·Xᵀ (dW1), batch 256", m: 64, k: 256, n: 784, digits: true },
  { name: "A1·dZ2ᵀ (dW2ᵀ), batch 64", m: 64, k: 64, n: 1, digits: false },
  { name: "W2ᵀ·dZ2 (dA1), batch 64", m: 64, k: 1, n: 64, digits: false },
  { name: "W1·X, full batch 8000", m: 64, k: 784, n: 8000, digits: true },
  { name: "X·dZ1ᵀ, full batch 8000", m: 784, k: 8000, n: 64, digits: true },
  { name: "w·X, breast cancer", m: 1, k: 30, n: 569, digits: false },
  { name: "W1·X, planar 2-6-1", m: 6, k: 2, n: 400, digits: false },
  { name: "square 256", m: 256, k: 256, n: 256, digits: false },
];

interface MatmulResult {
  shape: Shape;
  /** GFLOP/s of the WebAssembly kernel on 1 thread and on all cores. */
  wasm1?: number;
  /** GFLOP/s of the plain kernel ("wasm-exact": a multiply, then an add; no FMA) on 1 thread. */
  plain1?: number;
  wasmAll?: number;
  reference: number;
  mathjs?: number;
}

/** Waits (at most 10 s) until the worker threads of the product have started, so the timings include them. */
function warmThreads(): void {
  const A = new Float64Array(256 * 256).fill(1);
  const out = new Float64Array(256 * 256);
  const started = Date.now();
  const nap = new Int32Array(new SharedArrayBuffer(4));
  while (matmulThreads().ready < CORES && Date.now() - started < 10000) {
    matmulInto(A, A, out, 256, 256, 256);
    Atomics.wait(nap, 0, 0, 20);
  }
}

function benchMatmul(): MatmulResult[] {
  const rng = new Rng(1);
  const kernels = matmulKernels();
  const results: MatmulResult[] = [];
  for (const shape of SHAPES) {
    const { m, k, n } = shape;
    const A = Matrix.normal(m, k, rng);
    const B = Matrix.normal(k, n, rng);
    const out = new Float64Array(m * n);
    const flops = 2 * m * k * n;
    let wasm1: number | undefined;
    let wasmAll: number | undefined;
    let plain1: number | undefined;
    if (kernels.available.includes("wasm")) {
      setThreads(1);
      if (wasmKernelFma()) {
        useMatmulKernel("wasm-exact");
        plain1 = flops / timeIt(() => matmulInto(A.data, B.data, out, m, k, n)) / 1e9;
      }
      useMatmulKernel("wasm");
      wasm1 = flops / timeIt(() => matmulInto(A.data, B.data, out, m, k, n)) / 1e9;
      setThreads(CORES);
      wasmAll = flops / timeIt(() => matmulInto(A.data, B.data, out, m, k, n)) / 1e9;
    }
    const reference =
      flops /
      timeIt(() => referenceKernel(A.data, B.data, out, m, k, n), QUICK ? 0.05 : 0.15) /
      1e9;
    let mathjs: number | undefined;
    if (m * k * n <= 4e6) {
      const a = math.matrix(A.toArray());
      const b = math.matrix(B.toArray());
      mathjs = flops / timeIt(() => void math.multiply(a, b), QUICK ? 0.05 : 0.15) / 1e9;
    }
    results.push({ shape, wasm1, plain1, wasmAll, reference, mathjs });
  }
  useMatmulKernel(kernels.active);
  return results;
}

// ------------------------------------------------------------------------------------------ workloads

interface Workload {
  name: string;
  /** What a chapter's training cell would run. */
  note: string;
  kind: "network" | "logistic";
  X: Matrix;
  Y: Matrix;
  epochs: number;
  batchSize?: number;
  optimizer: { name: "gradientDescent" | "adam"; learningRate: number };
  /** network: layer sizes and hidden activation; the initial weights come from createNetwork(seed 1). */
  layerSizes?: number[];
  activation?: "tanh" | "relu";
  repeats: number;
  /** A small planar network: per-step overhead dominates (its own, looser target). */
  planar?: boolean;
}

function makeOptimizer(o: Workload["optimizer"]): Optimizer {
  return o.name === "adam"
    ? adam({ learningRate: o.learningRate })
    : gradientDescent({ learningRate: o.learningRate });
}

function breastCancer(): { X: Matrix; y: Matrix } {
  const lines = readFileSync(path.join(ROOT, "data", "breast-cancer-wisconsin.csv"), "utf8")
    .trim()
    .split("\n");
  const rows = lines.slice(1).map((l) => l.split(","));
  const X = Matrix.from(rows.map((r) => r.slice(2).map(Number))).transpose(); // 30×569
  const y = Matrix.row(rows.map((r) => (r[1] === "M" ? 1 : 0)));
  return { X: fitStandardizer(X).transform(X), y };
}

function workloads(): Workload[] {
  const flower = makeFlower({ m: 400, seed: 0 });
  const moons = makeMoons({ m: 400, seed: 0 });
  const bc = breastCancer();
  const sevens = digitTask({ positive: 7, seed: 0 });
  // Dense digits: every pixel plus noise in [0.01, 0.02), so no value is 0 — the kernel's skipping of rows of
  // zeros (most pixel rows of the real digits) cannot carry the result.
  const noise = new Rng(7);
  const dense = sevens.XTrain.map((v) => v + 0.01 + 0.01 * noise.uniform());
  const reps = QUICK ? 1 : 3;
  const gd = (learningRate: number) => ({ name: "gradientDescent" as const, learningRate });
  /** A 784-64-1 ReLU network on the sevens (or on `X`, same labels): only what differs is written out. */
  const digits = (
    name: string,
    note: string,
    epochs: number,
    rest: Partial<Workload>,
  ): Workload => ({
    name,
    note,
    kind: "network",
    X: sevens.XTrain,
    Y: sevens.yTrain,
    epochs,
    optimizer: gd(0.1),
    layerSizes: [784, 64, 1],
    activation: "relu",
    repeats: reps,
    ...rest,
  });
  return [
    {
      name: "planar 2-6-1 tanh, flower 400, full batch",
      note: "2000 epochs GD",
      kind: "network",
      X: flower.X,
      Y: flower.y,
      epochs: 2000,
      optimizer: gd(1.2),
      layerSizes: [2, 6, 1],
      activation: "tanh",
      repeats: reps,
      planar: true,
    },
    {
      name: "planar 2-20-1 relu, moons 400, full batch",
      note: "1000 epochs GD",
      kind: "network",
      X: moons.X,
      Y: moons.y,
      epochs: 1000,
      optimizer: gd(0.5),
      layerSizes: [2, 20, 1],
      activation: "relu",
      repeats: reps,
      planar: true,
    },
    {
      name: "breast-cancer logistic regression 30×569",
      note: "1000 epochs GD",
      kind: "logistic",
      X: bc.X,
      Y: bc.y,
      epochs: 1000,
      optimizer: gd(0.1),
      repeats: reps,
    },
    digits("digits 784-64-1 relu, mini-batch 64", "3 epochs × 125 steps, GD", 3, { batchSize: 64 }),
    digits("digits 784-64-1 relu, mini-batch 64, Adam", "3 epochs × 125 steps", 3, {
      batchSize: 64,
      optimizer: { name: "adam", learningRate: 0.001 },
    }),
    digits(
      "dense digits (pixels + noise, no zeros) 784-64-1 relu, mini-batch 64",
      "3 epochs × 125 steps, GD",
      3,
      { X: dense, batchSize: 64 },
    ),
    digits(
      "dense digits (pixels + noise, no zeros) 784-64-1 relu, full batch",
      "10 epochs GD",
      10,
      {
        X: dense,
        optimizer: gd(0.5),
      },
    ),
    digits("digits 784-64-1 relu, full batch", "20 epochs GD", 20, { optimizer: gd(0.5) }),
  ];
}

interface Timing {
  seconds: number;
  finalCost: number;
}

interface WorkloadResult {
  wl: Workload;
  /** The lib on 1 thread and on all cores. */
  one: Timing;
  all: Timing;
  /** NumPy with its BLAS on 1 thread and on all cores. */
  numpyOne?: Timing;
  numpyAll?: Timing;
  /** The highest 1-minute load average seen at the start of its rounds. */
  load: number;
}

function initialModel(wl: Workload): Trainable & { parameters(): Matrix[] } {
  if (wl.kind === "logistic") return new LogisticRegression(wl.X.rows);
  return createNetwork({
    layerSizes: wl.layerSizes as number[],
    hiddenActivation: wl.activation,
    seed: 1,
  });
}

/** One timed training run of the workload by the lib, from createNetwork(seed 1)'s weights (`start`). */
function runLibOnce(wl: Workload, start: Trainable): Timing {
  const model =
    wl.kind === "logistic"
      ? new LogisticRegression(wl.X.rows)
      : (() => {
          const net = start as ReturnType<typeof createNetwork>;
          return networkFromParameters({
            W: net.W,
            b: net.b,
            hiddenActivation: net.hiddenActivation,
          });
        })();
  const t = now();
  const h = train(model, wl.X, wl.Y, {
    epochs: wl.epochs,
    batchSize: wl.batchSize,
    optimizer: makeOptimizer(wl.optimizer),
  });
  return { seconds: now() - t, finalCost: h.costs[h.costs.length - 1] as number };
}

/** The best (minimum) of several timings of the same run; the final cost of the last. */
function best(runs: Timing[]): Timing | undefined {
  if (runs.length === 0) return undefined;
  return {
    seconds: Math.min(...runs.map((r) => r.seconds)),
    finalCost: (runs[runs.length - 1] as Timing).finalCost,
  };
}

// ------------------------------------------------------------------------------------------ main

interface NumpyOutput {
  matmul: { name: string; seconds: number }[];
  workloads: { name: string; seconds: number; finalCost: number }[];
}

/** Runs the NumPy twin with its BLAS limited to `threads`; null (and a line saying why) when it fails. */
function runNumpy(
  exe: string,
  dir: string,
  threads: number,
  mode: string[] = [],
): NumpyOutput | null {
  const t = String(threads);
  const env = { ...process.env, OPENBLAS_NUM_THREADS: t, OMP_NUM_THREADS: t, MKL_NUM_THREADS: t };
  const r = spawnSync(exe, [path.join(__dirname, "bench_numpy.py"), dir, ...mode], {
    encoding: "utf8",
    env,
    maxBuffer: 1 << 24,
  });
  if (r.status === 0) return JSON.parse(r.stdout) as NumpyOutput;
  console.log(
    `NumPy twin (${threads} thread${threads > 1 ? "s" : ""}) failed (exit ${r.status}): ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`,
  );
  return null;
}

function mark(ok: boolean): string {
  return ok ? "✔" : "✘";
}

function main(): void {
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ");
  console.log(
    `lr2nn bench — Node ${process.version}, ${os.cpus()[0]?.model ?? "CPU"} × ${CORES}, load average ${load()}`,
  );
  console.log(`matmul kernel: ${matmulKernels().active} (${wasmKernelStatus()})`);
  const py = NO_NUMPY ? { chosen: null, report: ["skipped (--no-numpy)"] } : findPython();
  console.log(`Python with NumPy: ${py.report.join("; ")}`);
  if (!py.chosen && !NO_NUMPY)
    console.log("  no python3 with NumPy found: the NumPy columns and ratios are skipped");
  if (py.chosen)
    console.log(
      `NumPy twin: ${py.chosen.exe} (NumPy ${py.chosen.numpy}), BLAS on 1 thread and on ${CORES}; the lib on 1 thread and on ${CORES}`,
    );
  console.log("");
  if (TEXT_ONLY) {
    benchText(py.chosen?.exe ?? null, QUICK);
    return;
  }

  // Data and weights for both sides, written before any timing.
  const wls = MATMUL_ONLY ? [] : workloads();
  const ex = new Exchange();
  const manifest = {
    matmul: SHAPES.map((s) => ({ name: s.name, m: s.m, k: s.k, n: s.n })),
    workloads: wls.map((wl) => {
      const base = {
        name: wl.name,
        kind: wl.kind,
        X: ex.f64(wl.X),
        Y: ex.f64(wl.Y),
        epochs: wl.epochs,
        batchSize: wl.batchSize ?? null,
        optimizer: wl.optimizer,
        activation: wl.activation ?? null,
        repeats: wl.repeats,
        orders: wl.batchSize
          ? ex.i32(batchOrders(wl.X.cols, wl.epochs), [wl.epochs, wl.X.cols])
          : null,
      };
      const model = initialModel(wl);
      if (wl.kind === "logistic") {
        const [w, b] = model.parameters() as [Matrix, Matrix];
        return { ...base, w: ex.f64(w), bias: ex.f64(b) };
      }
      const net = model as ReturnType<typeof createNetwork>;
      return { ...base, W: net.W.map((w) => ex.f64(w)), b: net.b.map((b) => ex.f64(b)) };
    }),
  };
  writeFileSync(path.join(ex.dir, "manifest.json"), JSON.stringify(manifest));

  // ---- the lib: products, then every workload on 1 thread and on all cores
  warmThreads();
  const threadNote = matmulThreads();
  const mm = benchMatmul();
  // NumPy's products right after the lib's (one process per thread count)
  let numpyOne: NumpyOutput | null = null;
  let numpyAll: NumpyOutput | null = null;
  if (py.chosen) {
    numpyOne = runNumpy(py.chosen.exe, ex.dir, 1, ["matmul"]);
    numpyAll = CORES > 1 ? runNumpy(py.chosen.exe, ex.dir, CORES, ["matmul"]) : numpyOne;
  }

  // ---- the workloads, interleaved: each round runs the lib on 1 thread, NumPy on 1 thread, the lib on all
  // cores, NumPy on all cores (a fresh Python per run, warmed up untimed), so both sides see the same load;
  // each column is the minimum over the rounds.
  const results: WorkloadResult[] = wls.map((wl, index) => {
    const start = initialModel(wl);
    const runs = {
      one: [] as Timing[],
      all: [] as Timing[],
      npOne: [] as Timing[],
      npAll: [] as Timing[],
    };
    const loads: number[] = [];
    const numpyRun = (threads: number): Timing | undefined => {
      if (!py.chosen) return undefined;
      const w = runNumpy(py.chosen.exe, ex.dir, threads, ["workload", String(index)])?.workloads[0];
      return w ? { seconds: w.seconds, finalCost: w.finalCost } : undefined;
    };
    setThreads(1);
    runLibOnce(wl, start); // warm-up (compilation, buffers), untimed — NumPy's runs warm up likewise
    for (let r = 0; r < wl.repeats; r++) {
      loads.push(os.loadavg()[0] as number);
      setThreads(1);
      runs.one.push(runLibOnce(wl, start));
      const a = numpyRun(1);
      if (a) runs.npOne.push(a);
      setThreads(CORES);
      runs.all.push(runLibOnce(wl, start));
      const b = numpyRun(CORES);
      if (b) runs.npAll.push(b);
    }
    return {
      wl,
      one: best(runs.one) as Timing,
      all: best(runs.all) as Timing,
      numpyOne: best(runs.npOne),
      numpyAll: best(runs.npAll),
      load: Math.max(...loads),
    };
  });
  ex.close();
  console.log(
    `worker threads: ${threadNote.ready} of ${CORES} ready${threadNote.status ? ` (${threadNote.status})` : ""}; load average after timing: ${load()}`,
  );
  console.log("");

  // ---- matmul table
  console.log(
    "Matrix products (GFLOP/s = 2·m·k·n / time; higher is better; wasm includes copying A, B in and C out)",
  );
  const gflops = (o: NumpyOutput | null, s: Shape) => {
    const sec = o?.matmul.find((x) => x.name === s.name)?.seconds;
    return sec ? (2 * s.m * s.k * s.n) / sec / 1e9 : undefined;
  };
  const mmRows = mm.map((r) => {
    const { m, k, n } = r.shape;
    const np1 = gflops(numpyOne, r.shape);
    const npAll = gflops(numpyAll, r.shape);
    return [
      `${r.shape.name}  ${m}×${k}·${k}×${n}`,
      fmt(r.plain1),
      fmt(r.wasm1),
      fmt(r.wasmAll),
      fmt(r.reference, 2),
      fmt(r.mathjs, 2),
      fmt(np1),
      fmt(npAll),
      r.wasmAll && npAll ? `${fmt(npAll / r.wasmAll, 2)}×` : "—",
    ];
  });
  table(
    [
      "product",
      "plain 1t",
      "wasm 1t",
      `wasm ${CORES}t`,
      "TS ref",
      "mathjs",
      "NumPy 1t",
      `NumPy ${CORES}t`,
      `NumPy/wasm ${CORES}t`,
    ],
    mmRows,
  );
  console.log(
    "  note: wasm = the fused multiply-add kernel (relaxed SIMD's f64x2.relaxed_madd, 128-bit: at most 8 flops per\n" +
      "  cycle and core, and its 4×4 tile keeps 8 sums in flight, about what hides an FMA's latency); plain 1t = the\n" +
      "  kernel with a separate multiply and add (the reference loop's numbers bit for bit), in the same window.\n" +
      "  OpenBLAS uses AVX-512 here: 512-bit FMAs, 16 flops per cycle per FMA unit (2 to 4 times 128-bit SIMD).\n" +
      "  Products with one row or one column take a matrix-vector path; other thin shapes (m or n below 4) leave the\n" +
      "  4×4 register tile partly empty, and small products are dominated by the call and the copies in and out.\n" +
      `  Products under ${PARALLEL_MIN_WORK} multiply-adds (m·k·n), and vectors, stay on one thread.`,
  );
  console.log("");

  // ---- workload table
  console.log(
    "Training workloads (seconds, the minimum over rounds of lib, NumPy, lib, NumPy … run one after the other, after\n" +
      "an untimed warm-up; the same algorithm, data, initial weights and batches on both sides; load: the highest\n" +
      "1-minute load average at the start of a round)",
  );
  const ratio = (a: Timing | undefined, b: Timing | undefined) =>
    a && b ? `${fmt(a.seconds / b.seconds, 2)}×` : "—";
  const wlRows = results.map((r) => [
    `${r.wl.name} (${r.wl.note})`,
    fmt(r.one.seconds, 3),
    r.numpyOne ? fmt(r.numpyOne.seconds, 3) : "—",
    ratio(r.one, r.numpyOne),
    fmt(r.all.seconds, 3),
    r.numpyAll ? fmt(r.numpyAll.seconds, 3) : "—",
    ratio(r.all, r.numpyAll),
    r.all.finalCost.toPrecision(8),
    r.numpyAll ? Math.abs(r.all.finalCost - r.numpyAll.finalCost).toExponential(1) : "—",
    fmt(r.load),
  ]);
  table(
    [
      "workload",
      "lr2nn 1t",
      "NumPy 1t",
      "ratio 1t",
      `lr2nn ${CORES}t`,
      `NumPy ${CORES}t`,
      `ratio ${CORES}t`,
      "final cost",
      "|Δ cost|",
      "load",
    ],
    wlRows,
  );
  console.log(
    "  (lr2nn's final cost is the same on 1 and on all threads, bit for bit: " +
      `${results.every((r) => Object.is(r.one.finalCost, r.all.finalCost)) ? "yes" : "NO"})`,
  );
  console.log("");

  // ---- targets
  console.log(`Targets (all cores on both sides: ${CORES})`);
  for (const r of mm.filter((x) => x.shape.digits)) {
    const ok = (r.wasmAll ?? 0) >= MATMUL_TARGET;
    console.log(
      `  ${mark(ok)}  matmul ≥ ${MATMUL_TARGET} GFLOP/s on ${CORES} cores, ${r.shape.name} (${r.shape.m}×${r.shape.k}·${r.shape.k}×${r.shape.n}): ${fmt(r.wasmAll)} (1 thread: ${fmt(r.wasm1)})`,
    );
  }
  for (const r of results) {
    const target = r.wl.planar ? PLANAR_RATIO_TARGET : NUMPY_RATIO_TARGET;
    if (!r.numpyAll) {
      console.log(`  ----  within ${target}× NumPy, ${r.wl.name}: no NumPy`);
      continue;
    }
    const x = r.all.seconds / r.numpyAll.seconds;
    console.log(
      `  ${mark(x <= target)}  within ${target}× NumPy (${CORES} cores), ${r.wl.name}: ${fmt(x, 2)}×`,
    );
  }
  for (const r of results) {
    console.log(
      `  ${mark(r.all.seconds <= CELL_SECONDS)}  training cell ≤ ${CELL_SECONDS} s, ${r.wl.name} (${r.wl.note}): ${fmt(r.all.seconds, 2)} s`,
    );
  }
  console.log(
    "  note  the whole-course headless time is measured by the notebook test run (npm run test:notebooks)",
  );
  if (!MATMUL_ONLY) {
    console.log("");
    benchText(py.chosen?.exe ?? null, QUICK);
  }
}

main();
