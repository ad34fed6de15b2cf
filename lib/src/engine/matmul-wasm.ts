/**
 * The fast matrix product: a WebAssembly SIMD kernel (f64x2, two float64 per instruction), hand-written in
 * the WebAssembly text format in lib/src/engine/kernels/matmul.wat and assembled at build time by
 * scripts/build-wasm.mjs into lib/dist/engine/kernels/matmul.wasm, and into matmul-fma.wasm with fused
 * multiply-adds (`fma` below). wasm-kernels.ts loads them when the lib is imported and makes the FMA one the
 * default kernel; the readable `referenceKernel` stays the reference and the fallback. Same contract as every
 * kernel: out (m×n) = A (m×k) · B (k×n), row-major.
 *
 * Loading is synchronous (`new WebAssembly.Module(bytes)`), so a plain `import` in a notebook just works.
 * The kernel computes inside its own memory: A and B are copied in, C is copied out. The copies cost 3–5 % of
 * a product of the digits' mini-batch shapes, about 10 % for a full-batch 784×8000 X (50 MB per product),
 * a fifth of a small logistic regression's step; so a training run's full-batch X is copied in once and kept
 * (`keepResident`).
 *
 * Both cores (or more). The memory is a shared `WebAssembly.Memory` (a SharedArrayBuffer underneath), and a
 * product of at least PARALLEL_MIN_WORK multiply-adds is cut into parts — rows of C, or columns when B comes
 * as Bᵀ, at multiples of 4 — that the main thread and the worker threads of matmul-pool.ts compute at the same
 * time, synchronously for the caller (the main thread computes parts too, then `Atomics.wait`s for the rest).
 * Every C[i][j] is computed by the same instructions as on one thread (the same quads of A, the same panels
 * of B, the same skipped rows of zeros), so the result is the same bit for bit (test/core/matmul-threads.test.ts).
 * `setThreads(n)` or LR2NN_THREADS=n sets the thread count (1: the main thread only); workers that cannot
 * start leave the product on one thread, without an error.
 * Taught in: 10-optimisation (why training got fast).
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { MatmulKernel } from "../core/matmul";
import {
  cut,
  FEW_PARTS_BELOW,
  MAX_PARTS,
  MatmulPool,
  PARALLEL_MIN_WORK,
  threadCount,
} from "./matmul-pool";

export { PARALLEL_MIN_WORK, setThreads, threadCount } from "./matmul-pool";

/** The few pieces of the WebAssembly JS API the loader uses (the lib is compiled without DOM types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  validate?(bytes: Uint8Array): boolean;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}
type WasmMatmul = (
  a: number,
  b: number,
  pk: number,
  c: number,
  pa: number,
  idx: number,
  cnt: number,
  m: number,
  k: number,
  n: number,
  bTransposed: number,
  ldb: number,
) => void;

/** Bytes in one WebAssembly memory page. */
const PAGE = 65536;
/** Columns per packed panel of B in the kernel (its register tile is 4 rows × 4 columns). */
const PANEL = 4;
/** The kernel's blocks of A: MC rows × KC columns (of p), packed into a scratch area of MC·KC values. */
const MC = 64;
const KC = 256;
/** The largest memory the kernel uses (addresses are 32-bit; stay below 2 GiB so no sign ever matters). */
const MAX_BYTES = 2 ** 31 - PAGE;

/**
 * Where an assembled kernel is looked for: beside the built lib, or (running from lib/src) in lib/dist.
 * `name`: "matmul.wasm" (separate multiply and add) or "matmul-fma.wasm" (fused multiply-add).
 */
export function wasmKernelPaths(name = "matmul.wasm"): string[] {
  return [
    path.join(__dirname, "kernels", name),
    path.join(__dirname, "..", "..", "dist", "engine", "kernels", name),
  ];
}

/**
 * Makes sure this runtime compiles relaxed SIMD (f64x2.relaxed_madd, the fused multiply-add of
 * matmul-fma.wasm): on by default from Node 22 (V8 11.4); Node 20 has it behind a V8 flag, which this
 * turns on only there (`--experimental-wasm-relaxed-simd`, before compiling). False if they still do not validate.
 */
function relaxedSimdReady(api: WasmApi, bytes: Uint8Array): boolean {
  if (!api.validate) return true; // no way to ask: compiling will tell
  if (api.validate(bytes)) return true;
  // From Node 22 the flag no longer exists (setting it prints "unrecognized flag"): nothing to turn on.
  if (Number(globalThis.process?.versions?.node?.split(".")[0] ?? 0) >= 22) return false;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require("node:v8") as { setFlagsFromString(flags: string): void }).setFlagsFromString(
      "--experimental-wasm-relaxed-simd",
    );
  } catch {
    return false;
  }
  return api.validate(bytes);
}

/** What `loadWasmMatmul` found: the kernel, or why there is none. */
export interface WasmMatmulResult {
  kernel: MatmulKernel | null;
  /** The same kernel for out = A·Bᵀ, given Bᵀ (n×k, row-major) in place of B (see `matmulTransposedInto`). */
  transposedKernel: MatmulKernel | null;
  /** The .wasm file used (and why not the FMA one, if it was asked for), or why there is no kernel. */
  detail: string;
  /** True when the kernel fuses each multiply-add (matmul-fma.wasm; see `WasmMatmulOptions.fma`). */
  fma: boolean;
  /** How many threads a large product runs on now (1 + the workers ready; see `setThreads`). */
  threadsReady(): number;
  /** Why the kernel runs on one thread although more were asked for ("" when nothing went wrong). */
  threadStatus(): string;
  /** How many parts of products the worker threads have computed so far. */
  workerParts(): number;
}

/** Options of `loadWasmMatmul` (for tests: a missing WebAssembly, another file). */
export interface WasmMatmulOptions {
  /** The WebAssembly API to use; default the global one (pass null to simulate a runtime without it). */
  webAssembly?: WasmApi | null;
  /** The assembled kernel's path; default the first of `wasmKernelPaths()` that exists. */
  file?: string;
  /** Used for a product when the module's memory cannot grow enough (the machine is short of memory). */
  fallback?: MatmulKernel;
  /** The worker threads' script; default lib/dist/engine/matmul-worker.js (see matmul-pool.ts). */
  workerFile?: string;
  /** Products with fewer multiply-adds stay on one thread; default PARALLEL_MIN_WORK (tests use less). */
  parallelMinWork?: number;
  /**
   * Use the fused multiply-add kernel (matmul-fma.wasm: each C[i][j] += A[i][p]·B[p][j] rounded once, not
   * twice; about 1.3–2× faster) when the runtime has relaxed SIMD, else the plain one. Default false: the
   * plain kernel, which matches the reference triple loop bit for bit. Ignored when `file` is given.
   */
  fma?: boolean;
}

/** The transpose (cols×rows) of a row-major rows×cols array. */
function transpose(src: Float64Array, rows: number, cols: number): Float64Array {
  const dst = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) dst[j * rows + i] = src[i * cols + j] as number;
  return dst;
}

function round16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

// ------------------------------------------------------------------------------------------ a resident operand

/** Operands of more values than this are never kept resident (the memory they would hold on to). */
const RESIDENT_MAX = 2 ** 24;
/** The operand to keep (see `keepResident`), or null; and a count of the calls: a copy is good only if newer. */
let residentOperand: Float64Array | null = null;
let residentGeneration = 0;

/**
 * Asks every loaded kernel to keep `data` in its memory between products: a product with `data` (the very same
 * Float64Array) as A or B copies it in once, not every time: a training step's X, used by two products (copying
 * it cost a fifth of a small logistic regression's step). The caller promises that `data` does not change until
 * it calls again: a full batch is a view of X made for one run (engine/batches.ts, `wholeBatch`), a mini-batch
 * the gatherer's buffer, kept again after each refill (models/backend.ts). null ends it; a new call, even with
 * the same array, copies it in again; above RESIDENT_MAX values it is ignored.
 */
export function keepResident(data: Float64Array | null): void {
  residentOperand = data && data.length <= RESIDENT_MAX ? data : null;
  residentGeneration++; // even the same array again is copied in again: its values may have changed
}

/** One thread's part of a product: rows i0… of C (or, given Bᵀ, columns j0…), and where its data lives. */
interface Part {
  i0: number;
  j0: number;
  m: number;
  n: number;
  a: number;
  b: number;
  pk: number;
  c: number;
  pa: number;
  idx: number;
  cnt: number;
}

/**
 * The scratch areas of an m×k·k×n product from byte `base` on (see the layout at the top of the .wat): packed
 * B (n rounded up to whole panels) | C (same padding) | packed block of A | lists of nonzero rows of packed
 * B | their counts. A row or column vector (m = 1 or n = 1) is multiplied without packing or padding. When A
 * is one block of rows (m ≤ MC) and B is not transposed, the kernel packs one panel block (KC×4) at a time
 * right before using it, so "packed B" and the lists need room for one panel block only, and the counts none
 * (the same test as in the .wat). Returns the part with its addresses, and the end of its areas.
 */
function placeScratch(part: Part, k: number, bTransposed: boolean, base: number): number {
  const { m, n } = part;
  const vector = m === 1 || n === 1;
  const onTheFly = !vector && m <= MC && !bTransposed;
  const nPad = vector ? n : Math.ceil(n / PANEL) * PANEL;
  const kPacked = onTheFly ? Math.min(k, KC) : k;
  part.pk = base;
  part.c = part.pk + (vector ? 0 : round16(8 * kPacked * (onTheFly ? PANEL : nPad)));
  part.pa = part.c + round16(8 * m * nPad);
  part.idx = part.pa + (vector ? 0 : round16(8 * Math.min(m, MC) * Math.min(k, KC)));
  part.cnt = part.idx + (vector ? 0 : round16(4 * kPacked * (onTheFly ? 1 : nPad / PANEL)));
  return round16(part.cnt + (vector || onTheFly ? 0 : 4 * (nPad / PANEL) * Math.ceil(k / KC)));
}

// ------------------------------------------------------------------------------------------ loading

/**
 * Loads the WebAssembly kernel synchronously. Returns `{ kernel: null, detail: reason }` (never throws) when
 * WebAssembly, SIMD or shared memory is unavailable or the .wasm file has not been built (`npm run build`).
 */
export function loadWasmMatmul(options: WasmMatmulOptions = {}): WasmMatmulResult {
  const none = (detail: string): WasmMatmulResult => ({
    kernel: null,
    transposedKernel: null,
    detail,
    fma: false,
    threadsReady: () => 1,
    threadStatus: () => "",
    workerParts: () => 0,
  });
  const api =
    options.webAssembly === undefined
      ? (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly
      : options.webAssembly;
  if (!api) return none("this JavaScript runtime has no WebAssembly");
  let file = options.file ?? wasmKernelPaths().find((f) => existsSync(f));
  if (!file || !existsSync(file))
    return none("lib/dist/engine/kernels/matmul.wasm is missing: run `npm run build`");
  let bytes: Uint8Array = readFileSync(file);
  let fma = false;
  let why = "";
  if (options.fma && !options.file) {
    const fmaFile = wasmKernelPaths("matmul-fma.wasm").find((f) => existsSync(f));
    if (!fmaFile) why = "matmul-fma.wasm is missing: run `npm run build`";
    else {
      const fmaBytes = readFileSync(fmaFile);
      if (relaxedSimdReady(api, fmaBytes)) {
        file = fmaFile;
        bytes = fmaBytes;
        fma = true;
      } else why = "this runtime has no relaxed SIMD (fused multiply-add)";
    }
  }
  let module: object;
  let shared: WasmMemory;
  let memory: WasmMemory;
  let matmul: WasmMatmul;
  try {
    module = new api.Module(bytes);
    shared = new api.Memory({ initial: 1, maximum: MAX_BYTES / PAGE, shared: true });
    const instance = new api.Instance(module, { env: { memory: shared } });
    memory = instance.exports.memory as WasmMemory;
    matmul = instance.exports.matmul as WasmMatmul;
  } catch (err) {
    return none(
      `the WebAssembly kernel did not load (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  let pool: MatmulPool | null = null;
  const minWork = options.parallelMinWork ?? PARALLEL_MIN_WORK;

  // A view of the module's memory, made again only when the memory grows (a new view per product costs
  // about as much as a small product's arithmetic).
  let heap = new Float64Array(memory.buffer);
  /** The resident operand this module holds at byte 0 (see `keepResident`), or null, and when it was kept. */
  let resident: Float64Array | null = null;
  let residentKept = -1;
  const parts: Part[] = [];
  const part = (t: number): Part =>
    (parts[t] ??= { i0: 0, j0: 0, m: 0, n: 0, a: 0, b: 0, pk: 0, c: 0, pa: 0, idx: 0, cnt: 0 });
  const run = (p: Part, k: number, bT: number, ldb: number) =>
    matmul(p.a, p.b, p.pk, p.c, p.pa, p.idx, p.cnt, p.m, k, p.n, bT, ldb);

  /**
   * Into how many parts an m×k·k×n product is cut: 1 (one thread) below `minWork`, for vectors, before
   * any worker is ready, or with `setThreads(1)`; one per thread below FEW_PARTS_BELOW; otherwise about one
   * part per minWork / 2 multiply-adds, from 2 to 4 per thread, and never thinner than 4 rows (or
   * columns). Starts the workers on the first product that would gain from them.
   */
  const partsFor = (m: number, k: number, n: number, byColumns: boolean): number => {
    const work = m * k * n;
    const threads = threadCount();
    if (threads < 2 || work < minWork || m === 1 || n === 1) return 1;
    const quads = Math.ceil((byColumns ? n : m) / 4);
    if (quads < 2) return 1; // nothing to cut at multiples of 4
    pool ??= new MatmulPool(module, shared, options.workerFile);
    if (!pool.ensure(threads - 1) || pool.ready(threads - 1) === 0) return 1;
    // One part per thread below FEW_PARTS_BELOW: every part packs the operand it shares with the others (all
    // of A when cut by columns), and on products this size more parts cost more packing than they balance.
    if (work < FEW_PARTS_BELOW) return Math.min(quads, threads);
    const wanted = Math.floor(work / (minWork / 2));
    return Math.min(quads, MAX_PARTS, Math.max(2 * threads, Math.min(wanted, 4 * threads)));
  };

  /** out = A·B, or A·Bᵀ when `bTransposed` (then B holds Bᵀ, n×k). */
  const multiply = (
    A: Float64Array,
    B: Float64Array,
    out: Float64Array,
    m: number,
    k: number,
    n: number,
    bTransposed: boolean,
  ): void => {
    // The resident operand (while this module holds it or this product uses it) | A | B (each unless it is the
    // resident operand) | each part's scratch. Parts cut C at multiples of 4: into rows (each part packs all of
    // B) or into columns (each part packs all of A), whichever packs less: columns when m ≤ n.
    const byColumns = n >= 8 && (m <= n || m < 8);
    const P = partsFor(m, k, n, byColumns);
    const size = byColumns ? n : m;
    const wanted = residentOperand; // a copy held but no longer wanted, or older than the last keepResident, goes
    if (resident !== wanted || residentKept !== residentGeneration) resident = null;
    const aResident = wanted !== null && A === wanted;
    const bResident = wanted !== null && B === wanted;
    const reserved =
      wanted !== null && (resident !== null || aResident || bResident)
        ? round16(8 * wanted.length)
        : 0;
    const a0 = aResident ? 0 : reserved;
    const afterA = aResident ? reserved : a0 + round16(8 * m * k);
    const b = bResident ? 0 : afterA;
    let end = bResident ? afterA : b + round16(8 * k * n);
    for (let t = 0; t < P; t++) {
      const p = part(t);
      const from = cut(size, P, t);
      const to = cut(size, P, t + 1);
      p.i0 = byColumns ? 0 : from;
      p.j0 = byColumns ? from : 0;
      p.m = byColumns ? m : to - from;
      p.n = byColumns ? to - from : n;
      p.a = a0 + 8 * p.i0 * k;
      p.b = b + 8 * p.j0 * (bTransposed ? k : 1); // Bᵀ's rows j0…, or B's columns j0… (rows n apart)
      end = placeScratch(p, k, bTransposed, end);
    }
    if (end > MAX_BYTES) {
      throw new RangeError(
        `matmul: a ${m}×${k} by ${k}×${n} product needs ${(end / 2 ** 30).toFixed(1)} GiB of WebAssembly memory ` +
          `(at most 2 GiB); multiply in smaller pieces, e.g. mini-batches of columns`,
      );
    }
    const have = memory.buffer.byteLength;
    if (end > have) {
      try {
        memory.grow(Math.ceil((end - have) / PAGE));
      } catch (err) {
        if (!options.fallback) throw err;
        if (bTransposed) options.fallback(A, transpose(B, n, k), out, m, k, n);
        else options.fallback(A, B, out, m, k, n);
        return;
      }
    }
    if (heap.buffer !== memory.buffer) heap = new Float64Array(memory.buffer); // growing replaced the buffer
    if ((aResident || bResident) && resident === null) {
      [resident, residentKept] = [wanted as Float64Array, residentGeneration];
      heap.set(resident, 0); // once, for every product with it until another operand is kept
    }
    if (!aResident) heap.set(A.length === m * k ? A : A.subarray(0, m * k), a0 / 8); // (a view costs too)
    if (!bResident) heap.set(B.length === k * n ? B : B.subarray(0, k * n), b / 8);
    const bT = bTransposed ? 1 : 0;
    if (P === 1) {
      const p0 = part(0);
      run(p0, k, bT, n);
      out.set(heap.subarray(p0.c / 8, p0.c / 8 + m * n));
      return;
    }
    const workers = pool as MatmulPool;
    for (let t = 0; t < P; t++) {
      const p = part(t);
      workers.setPart(t, [p.a, p.b, p.pk, p.c, p.pa, p.idx, p.cnt, p.m, k, p.n, bT, n]);
    }
    workers.run(P, (t) => run(part(t), k, bT, n));
    for (let t = 0; t < P; t++) {
      const p = part(t);
      const c = p.c / 8;
      if (!byColumns) out.set(heap.subarray(c, c + p.m * n), p.i0 * n);
      else
        for (let i = 0; i < m; i++)
          out.set(heap.subarray(c + i * p.n, c + (i + 1) * p.n), i * n + p.j0);
    }
  };
  return {
    kernel: (A, B, out, m, k, n) => multiply(A, B, out, m, k, n, false),
    transposedKernel: (A, Bt, out, m, k, n) => multiply(A, Bt, out, m, k, n, true),
    detail: why ? `${file} (not the FMA kernel: ${why})` : file,
    fma,
    threadsReady: () => (pool && pool.running ? 1 + pool.ready(threadCount() - 1) : 1),
    threadStatus: () => pool?.status ?? "",
    workerParts: () => pool?.workerParts ?? 0,
  };
}
