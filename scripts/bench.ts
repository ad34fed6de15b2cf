/**
 * `npm run bench`: how fast the course's numeric core is, against the readable TypeScript kernel, mathjs and
 * NumPy (scripts/bench_numpy.py runs the SAME algorithms on the SAME data, weights and mini-batch orders,
 * in the same command). Not a test: it prints a table and PASS/MISS per target, and never fails.
 *
 *   npm run bench                  everything
 *   npm run bench -- --quick       fewer repetitions
 *   npm run bench -- --no-numpy    skip the NumPy twin
 *   npm run bench -- --matmul      only the matrix products
 *   npm run bench -- --text        only the text workload (chapter 11: scripts/bench-text.ts)
 *   BENCH_PYTHON=/path/python3     use this Python (default: `python3` on PATH, then /usr/bin/python3)
 *   BENCH_NUMPY_THREADS=2          let NumPy's BLAS use 2 threads (default 1: the lib uses one thread)
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
import { wasmKernelStatus } from "../lib/src/engine";
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
const MATMUL_TARGET = 20; // GFLOP/s on one thread, for the digits' shapes
const NUMPY_RATIO_TARGET = 2; // every training workload within 2× NumPy's time
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
  /** A shape of the digits network (the ≥ 20 GFLOP/s target applies). */
  digits: boolean;
}

const SHAPES: Shape[] = [
  { name: "W1·X, batch 64", m: 64, k: 784, n: 64, digits: true },
  { name: "W1·X, batch 256", m: 64, k: 784, n: 256, digits: true },
  { name: "W2·A1, batch 256", m: 1, k: 64, n: 256, digits: true },
  { name: "X·dZ1ᵀ (dW1ᵀ), batch 64", m: 784, k: 64, n: 64, digits: true },
  { name: "dZ1·Xᵀ (dW1), batch 256", m: 64, k: 256, n: 784, digits: true },
  { name: "A1·dZ2ᵀ (dW2ᵀ), batch 64", m: 64, k: 64, n: 1, digits: true },
  { name: "W2ᵀ·dZ2 (dA1), batch 64", m: 64, k: 1, n: 64, digits: true },
  { name: "W1·X, full batch 8000", m: 64, k: 784, n: 8000, digits: true },
  { name: "X·dZ1ᵀ, full batch 8000", m: 784, k: 8000, n: 64, digits: true },
  { name: "w·X, breast cancer", m: 1, k: 30, n: 569, digits: false },
  { name: "W1·X, planar 2-6-1", m: 6, k: 2, n: 400, digits: false },
  { name: "square 256", m: 256, k: 256, n: 256, digits: false },
];

interface MatmulResult {
  shape: Shape;
  wasm?: number;
  reference: number;
  mathjs?: number;
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
    let wasm: number | undefined;
    if (kernels.available.includes("wasm")) {
      useMatmulKernel("wasm");
      wasm = flops / timeIt(() => matmulInto(A.data, B.data, out, m, k, n)) / 1e9;
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
    results.push({ shape, wasm, reference, mathjs });
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
  const reps = QUICK ? 1 : 3;
  return [
    {
      name: "planar 2-6-1 tanh, flower 400, full batch",
      note: "2000 epochs GD",
      kind: "network",
      X: flower.X,
      Y: flower.y,
      epochs: 2000,
      optimizer: { name: "gradientDescent", learningRate: 1.2 },
      layerSizes: [2, 6, 1],
      activation: "tanh",
      repeats: reps,
    },
    {
      name: "planar 2-20-1 relu, moons 400, full batch",
      note: "1000 epochs GD",
      kind: "network",
      X: moons.X,
      Y: moons.y,
      epochs: 1000,
      optimizer: { name: "gradientDescent", learningRate: 0.5 },
      layerSizes: [2, 20, 1],
      activation: "relu",
      repeats: reps,
    },
    {
      name: "breast-cancer logistic regression 30×569",
      note: "1000 epochs GD",
      kind: "logistic",
      X: bc.X,
      Y: bc.y,
      epochs: 1000,
      optimizer: { name: "gradientDescent", learningRate: 0.1 },
      repeats: reps,
    },
    {
      name: "digits 784-64-1 relu, mini-batch 64",
      note: "3 epochs × 125 steps, GD",
      kind: "network",
      X: sevens.XTrain,
      Y: sevens.yTrain,
      epochs: 3,
      batchSize: 64,
      optimizer: { name: "gradientDescent", learningRate: 0.1 },
      layerSizes: [784, 64, 1],
      activation: "relu",
      repeats: reps,
    },
    {
      name: "digits 784-64-1 relu, mini-batch 64, Adam",
      note: "3 epochs × 125 steps",
      kind: "network",
      X: sevens.XTrain,
      Y: sevens.yTrain,
      epochs: 3,
      batchSize: 64,
      optimizer: { name: "adam", learningRate: 0.001 },
      layerSizes: [784, 64, 1],
      activation: "relu",
      repeats: reps,
    },
    {
      name: "digits 784-64-1 relu, full batch",
      note: "20 epochs GD",
      kind: "network",
      X: sevens.XTrain,
      Y: sevens.yTrain,
      epochs: 20,
      optimizer: { name: "gradientDescent", learningRate: 0.5 },
      layerSizes: [784, 64, 1],
      activation: "relu",
      repeats: reps,
    },
  ];
}

interface WorkloadResult {
  wl: Workload;
  seconds: number;
  finalCost: number;
  numpy?: { seconds: number; finalCost: number };
}

function initialModel(wl: Workload): Trainable & { parameters(): Matrix[] } {
  if (wl.kind === "logistic") return new LogisticRegression(wl.X.rows);
  return createNetwork({
    layerSizes: wl.layerSizes as number[],
    hiddenActivation: wl.activation,
    seed: 1,
  });
}

function runLib(wl: Workload): { seconds: number; finalCost: number } {
  const start = initialModel(wl);
  let best = Infinity;
  let finalCost = NaN;
  for (let r = 0; r < wl.repeats; r++) {
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
    best = Math.min(best, now() - t);
    finalCost = h.costs[h.costs.length - 1] as number;
  }
  return { seconds: best, finalCost };
}

// ------------------------------------------------------------------------------------------ main

function main(): void {
  console.log(
    `lr2nn bench — Node ${process.version}, ${os.cpus()[0]?.model ?? "CPU"} × ${os.cpus().length}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  console.log(`matmul kernel: ${matmulKernels().active} (${wasmKernelStatus()})`);
  const py = NO_NUMPY ? { chosen: null, report: ["skipped (--no-numpy)"] } : findPython();
  console.log(`Python with NumPy: ${py.report.join("; ")}`);
  if (!py.chosen && !NO_NUMPY)
    console.log("  no python3 with NumPy found: the NumPy columns and ratios are skipped");
  const threads = process.env.BENCH_NUMPY_THREADS ?? "1";
  if (py.chosen)
    console.log(
      `NumPy twin: ${py.chosen.exe} (NumPy ${py.chosen.numpy}), BLAS threads ${threads} (the lib uses one thread)`,
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

  // ---- the lib
  const mm = benchMatmul();
  const results: WorkloadResult[] = wls.map((wl) => ({ wl, ...runLib(wl) }));

  // ---- NumPy, same data
  let numpyMatmul: Map<string, number> | null = null;
  if (py.chosen) {
    const env = {
      ...process.env,
      OPENBLAS_NUM_THREADS: threads,
      OMP_NUM_THREADS: threads,
      MKL_NUM_THREADS: threads,
    };
    const r = spawnSync(py.chosen.exe, [path.join(__dirname, "bench_numpy.py"), ex.dir], {
      encoding: "utf8",
      env,
      maxBuffer: 1 << 24,
    });
    if (r.status !== 0) {
      console.log(
        `NumPy twin failed (exit ${r.status}): ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`,
      );
    } else {
      const out = JSON.parse(r.stdout) as {
        matmul: { name: string; seconds: number }[];
        workloads: { name: string; seconds: number; finalCost: number }[];
      };
      numpyMatmul = new Map(out.matmul.map((x) => [x.name, x.seconds]));
      for (const res of results) {
        const np = out.workloads.find((w) => w.name === res.wl.name);
        if (np) res.numpy = { seconds: np.seconds, finalCost: np.finalCost };
      }
    }
  }
  ex.close();

  // ---- matmul table
  console.log(
    "Matrix products (GFLOP/s = 2·m·k·n / time; higher is better; wasm includes copying A, B in and C out)",
  );
  const mmRows = mm.map((r) => {
    const { m, k, n } = r.shape;
    const npSec = numpyMatmul?.get(r.shape.name);
    const npGf = npSec ? (2 * m * k * n) / npSec / 1e9 : undefined;
    return [
      `${r.shape.name}  ${m}×${k}·${k}×${n}`,
      fmt(r.wasm),
      fmt(r.reference, 2),
      r.wasm ? `${fmt(r.wasm / r.reference)}×` : "—",
      fmt(r.mathjs, 2),
      r.wasm && r.mathjs ? `${fmt(r.wasm / r.mathjs, 0)}×` : "—",
      fmt(npGf),
      r.wasm && npGf ? `${fmt(npGf / r.wasm, 2)}×` : "—",
    ];
  });
  table(
    ["product", "wasm", "TS ref", "wasm/ref", "mathjs", "wasm/mathjs", "NumPy", "NumPy/wasm"],
    mmRows,
  );
  console.log(
    "  note: WebAssembly SIMD in Node 20 is 128-bit without fused multiply-add (relaxed SIMD needs a flag): at most\n" +
      "  8 flops per cycle (2 multiplies + 2 adds of 2 doubles). OpenBLAS uses 256-bit FMA here: 16 per cycle.\n" +
      "  Products with one row or one column take a matrix-vector path; other thin shapes (m or n below 4) leave the\n" +
      "  4×4 register tile partly empty, and small products are dominated by the call and the copies in and out.",
  );
  console.log("");

  // ---- workload table
  console.log(
    "Training workloads (seconds, best of repeats; the same algorithm, data, initial weights and batches on both sides)",
  );
  const wlRows = results.map((r) => [
    `${r.wl.name} (${r.wl.note})`,
    fmt(r.seconds, 3),
    r.numpy ? fmt(r.numpy.seconds, 3) : "—",
    r.numpy ? `${fmt(r.seconds / r.numpy.seconds, 2)}×` : "—",
    r.finalCost.toPrecision(8),
    r.numpy ? Math.abs(r.finalCost - r.numpy.finalCost).toExponential(1) : "—",
  ]);
  table(
    ["workload", "lr2nn s", "NumPy s", "lr2nn/NumPy", "final cost", "|Δ cost| vs NumPy"],
    wlRows,
  );
  console.log("");

  // ---- targets
  console.log("Targets");
  for (const r of mm.filter((x) => x.shape.digits)) {
    const ok = (r.wasm ?? 0) >= MATMUL_TARGET;
    console.log(
      `  ${ok ? "PASS" : "MISS"}  matmul ≥ ${MATMUL_TARGET} GFLOP/s, ${r.shape.name} (${r.shape.m}×${r.shape.k}·${r.shape.k}×${r.shape.n}): ${fmt(r.wasm)}`,
    );
  }
  for (const r of results) {
    if (!r.numpy) {
      console.log(`  ----  within ${NUMPY_RATIO_TARGET}× NumPy, ${r.wl.name}: no NumPy`);
      continue;
    }
    const ratio = r.seconds / r.numpy.seconds;
    console.log(
      `  ${ratio <= NUMPY_RATIO_TARGET ? "PASS" : "MISS"}  within ${NUMPY_RATIO_TARGET}× NumPy, ${r.wl.name}: ${fmt(ratio, 2)}×`,
    );
  }
  for (const r of results) {
    console.log(
      `  ${r.seconds <= CELL_SECONDS ? "PASS" : "MISS"}  training cell ≤ ${CELL_SECONDS} s, ${r.wl.name} (${r.wl.note}): ${fmt(r.seconds, 2)} s`,
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
