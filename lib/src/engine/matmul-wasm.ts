/**
 * The fast matrix product: a WebAssembly SIMD kernel (f64x2, two float64 per instruction), hand-written in
 * the WebAssembly text format in lib/src/engine/kernels/matmul.wat and assembled at build time by
 * scripts/build-wasm.mjs into lib/dist/engine/kernels/matmul.wasm. engine/index.ts loads it when the lib is
 * imported and makes it the default kernel; the readable `referenceKernel` stays the reference and the
 * fallback. Same contract as every kernel: out (m×n) = A (m×k) · B (k×n), row-major.
 *
 * Loading is synchronous (`new WebAssembly.Module(bytes)`), so a plain `import` in a notebook just works.
 * The kernel computes inside the module's own memory: A and B are copied in, C is copied out. The copies cost
 * 3–5 % of a product of the digits' mini-batch shapes, about 10 % for a full-batch 784×8000 X (50 MB copied in
 * per product); see scripts/bench.ts.
 * Taught in: 10-optimisation (why training got fast).
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import {
  referenceKernel,
  referenceTransposedKernel,
  registerMatmulKernel,
  useMatmulKernel,
  type MatmulKernel,
} from "../core/matmul";

/** The few pieces of the WebAssembly JS API the loader uses (the lib is compiled without DOM types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
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

/** Where the assembled kernel is looked for: beside the built lib, or (running from lib/src) in lib/dist. */
export function wasmKernelPaths(): string[] {
  return [
    path.join(__dirname, "kernels", "matmul.wasm"),
    path.join(__dirname, "..", "..", "dist", "engine", "kernels", "matmul.wasm"),
  ];
}

/** What `loadWasmMatmul` found: the kernel, or why there is none. */
export interface WasmMatmulResult {
  kernel: MatmulKernel | null;
  /** The same kernel for out = A·Bᵀ, given Bᵀ (n×k, row-major) in place of B (see `matmulTransposedInto`). */
  transposedKernel: MatmulKernel | null;
  /** The .wasm file used, or the reason for falling back to the reference kernel. */
  detail: string;
}

/** Options of `loadWasmMatmul` (for tests: a missing WebAssembly, another file). */
export interface WasmMatmulOptions {
  /** The WebAssembly API to use; default the global one (pass null to simulate a runtime without it). */
  webAssembly?: WasmApi | null;
  /** The assembled kernel's path; default the first of `wasmKernelPaths()` that exists. */
  file?: string;
  /** Used for a product when the module's memory cannot grow enough (the machine is short of memory). */
  fallback?: MatmulKernel;
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

/**
 * Loads the WebAssembly kernel synchronously. Returns `{ kernel: null, detail: reason }` (never throws) when
 * WebAssembly or SIMD is unavailable or the .wasm file has not been built (`npm run build` builds it).
 */
export function loadWasmMatmul(options: WasmMatmulOptions = {}): WasmMatmulResult {
  const api =
    options.webAssembly === undefined
      ? (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly
      : options.webAssembly;
  if (!api)
    return {
      kernel: null,
      transposedKernel: null,
      detail: "this JavaScript runtime has no WebAssembly",
    };
  const file = options.file ?? wasmKernelPaths().find((f) => existsSync(f));
  if (!file || !existsSync(file))
    return {
      kernel: null,
      transposedKernel: null,
      detail: "lib/dist/engine/kernels/matmul.wasm is missing: run `npm run build`",
    };
  let memory: WasmMemory;
  let matmul: WasmMatmul;
  try {
    const instance = new api.Instance(new api.Module(readFileSync(file)), {});
    memory = instance.exports.memory as WasmMemory;
    matmul = instance.exports.matmul as WasmMatmul;
  } catch (err) {
    return {
      kernel: null,
      transposedKernel: null,
      detail: `the WebAssembly kernel did not load (${err instanceof Error ? err.message : String(err)})`,
    };
  }

  // A view of the module's memory, made again only when the memory grows (a new view per product costs
  // about as much as a small product's arithmetic).
  let heap = new Float64Array(memory.buffer);
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
    // Layout in the module's memory: A | B | packed B (n rounded up to whole panels) | C (same padding) |
    // packed block of A | lists of nonzero rows of packed B | their counts. A row or column vector (m = 1 or
    // n = 1) is multiplied without packing or padding. When A is one block of rows (m ≤ MC) and B is not
    // transposed, the kernel packs one panel block (KC×4) at a time right before using it, so "packed B" and
    // the lists need room for one panel block only, and the counts none (the same test as in the .wat).
    const vector = m === 1 || n === 1;
    const onTheFly = !vector && m <= MC && !bTransposed;
    const nPad = vector ? n : Math.ceil(n / PANEL) * PANEL;
    const kPacked = onTheFly ? Math.min(k, KC) : k;
    const a = 0;
    const b = a + round16(8 * m * k);
    const pk = b + round16(8 * k * n);
    const c = pk + (vector ? 0 : round16(8 * kPacked * (onTheFly ? PANEL : nPad)));
    const pa = c + round16(8 * m * nPad);
    const idx = pa + (vector ? 0 : round16(8 * Math.min(m, MC) * Math.min(k, KC)));
    const cnt = idx + (vector ? 0 : round16(4 * kPacked * (onTheFly ? 1 : nPad / PANEL)));
    const end = cnt + (vector || onTheFly ? 0 : 4 * (nPad / PANEL) * Math.ceil(k / KC));
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
    heap.set(A.subarray(0, m * k), a / 8);
    heap.set(B.subarray(0, k * n), b / 8);
    matmul(a, b, pk, c, pa, idx, cnt, m, k, n, bTransposed ? 1 : 0);
    out.set(heap.subarray(c / 8, c / 8 + m * n));
  };
  return {
    kernel: (A, B, out, m, k, n) => multiply(A, B, out, m, k, n, false),
    transposedKernel: (A, Bt, out, m, k, n) => multiply(A, Bt, out, m, k, n, true),
    detail: file,
  };
}

/**
 * Products with fewer multiply-adds (m·k·n) than this go to the reference loop even when "wasm" is active:
 * for a 4×4 by 4×4 product the call into WebAssembly and the copies cost as much as the arithmetic.
 */
export const WASM_MIN_WORK = 64;

let wasmStatus = "not loaded";

/** Why the "wasm" kernel is or is not available: the .wasm file it loaded, or the reason it did not. */
export function wasmKernelStatus(): string {
  return wasmStatus;
}

/** Registers the "wasm" kernel with the core's registry and makes it the active one (once, at load). */
export function registerWasmKernel(): void {
  if (typeof process !== "undefined" && process.env?.LR2NN_NO_WASM) {
    wasmStatus = "disabled by LR2NN_NO_WASM";
    return;
  }
  const { kernel, transposedKernel, detail } = loadWasmMatmul({ fallback: referenceKernel });
  wasmStatus = detail;
  if (!kernel || !transposedKernel) return;
  registerMatmulKernel(
    "wasm",
    (A, B, out, m, k, n) => {
      if (m * k * n < WASM_MIN_WORK) referenceKernel(A, B, out, m, k, n);
      else kernel(A, B, out, m, k, n);
    },
    (A, Bt, out, m, k, n) => {
      if (m * k * n < WASM_MIN_WORK) referenceTransposedKernel(A, Bt, out, m, k, n);
      else transposedKernel(A, Bt, out, m, k, n);
    },
  );
  useMatmulKernel("wasm");
}

registerWasmKernel();
