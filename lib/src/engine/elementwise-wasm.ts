/**
 * The fused engine's elementwise loops in WebAssembly SIMD (lib/src/engine/kernels/elementwise.wat, assembled
 * into lib/dist/engine/kernels/elementwise.wasm): z + b and tanh for a hidden layer, and a training step's
 * sigmoid output (σ, the cross-entropy from the logits, dZ = a − y) for the networks and logistic regression.
 * `Math.tanh`, `Math.exp` and `Math.log1p` are calls into V8's C library, 10–25 ns a value on the course's
 * machines: 41 % of a 2-6-1 tanh network's step, 45 % of the breast-cancer logistic regression's. The kernel
 * takes e^x, tanh x and ln(1 + x) from polynomials two values at a time: tanh about 4.5 ns a value, copies
 * included, against 14 ns for `Math.tanh` in the same process (scripts/bench/NOTES.md). Nothing here teaches.
 *
 * Used only while the fused "wasm" product kernel is active (`fastElementwise` in wasm-kernels.ts): its numbers
 * already differ from the readable code in the last bits, and the engine holds it to within 1e-12 of the
 * readable path. Accuracy (test/engine/elementwise.test.ts): tanh within 4 ulp of `Math.tanh`; σ within 3 ulp
 * of the exact σ for z ≥ −708 (below, e^z is taken as e^−708 ≈ 3·10⁻³⁰⁸: σ is off by less than 10⁻³⁰⁷); each
 * loss within a few ulp of `crossEntropyOfLogit`, small ones included. "wasm-exact" keeps the exact loops
 * (fused-loops.ts), so its numbers stay the readable code's bit for bit. Loaded on first use; where WebAssembly or the file is missing
 * (the playground's page bundle), `elementwiseKernel()` is null and the engine keeps the exact loops.
 */
import { existsSync, readFileSync } from "node:fs";
import { wasmKernelPaths } from "./matmul-wasm";

/** The two loops, on the caller's arrays (the kernel copies them into its memory and back). */
export interface ElementwiseKernel {
  /** z ← z + b_i on each of the `rows` rows of m values, and out = tanh(z) (rows of one value: `Math.tanh`). */
  tanhBiasInto(z: Float64Array, b: Float64Array, rows: number, m: number, out: Float64Array): void;
  /**
   * One row of m logits: z ← z + bias, out = σ(z), dZ = out − y; returns Σ crossEntropyOfLogit(z, y) and Σ dZ.
   * `from`: the row's first index in z, y, out and dZ; `out` null: σ(z) is not kept.
   */
  sigmoidOutputRow(
    z: Float64Array,
    bias: number,
    y: Float64Array,
    out: Float64Array | null,
    dZ: Float64Array,
    from: number,
    m: number,
  ): { costSum: number; sumDZ: number };
}

interface Exports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  tanhBias(z: number, zb: number, a: number, b: number, rows: number, m: number): void;
  sigmoidOutput(
    z: number,
    zb: number,
    a: number,
    y: number,
    dz: number,
    m: number,
    bias: number,
    res: number,
  ): void;
}

const PAGE = 65536;
let loaded: ElementwiseKernel | null | undefined;

/** The kernel, loaded on first call; null where WebAssembly or elementwise.wasm is missing. */
export function elementwiseKernel(): ElementwiseKernel | null {
  if (loaded === undefined) loaded = load();
  return loaded;
}

function load(): ElementwiseKernel | null {
  const api = (globalThis as { WebAssembly?: { Module: unknown; Instance: unknown } }).WebAssembly;
  const file = wasmKernelPaths("elementwise.wasm").find((f) => existsSync(f));
  if (!api || !file) return null;
  let ex: Exports;
  try {
    const Module = api.Module as new (bytes: Uint8Array) => object;
    const Instance = api.Instance as new (m: object, i: object) => { exports: unknown };
    ex = new Instance(new Module(readFileSync(file)), {}).exports as Exports;
  } catch {
    return null; // no SIMD in this runtime: the exact loops
  }
  let heap = new Float64Array(ex.memory.buffer);
  /** Room for `doubles` values in the kernel's memory (grown when needed); the view of it. */
  const room = (doubles: number): Float64Array => {
    const bytes = 8 * doubles;
    const have = ex.memory.buffer.byteLength;
    if (bytes > have) ex.memory.grow(Math.ceil((bytes - have) / PAGE));
    if (heap.buffer !== ex.memory.buffer) heap = new Float64Array(ex.memory.buffer);
    return heap;
  };
  return {
    tanhBiasInto(z, b, rows, m, out) {
      const n = rows * m;
      if (m < 2) {
        // the kernel works on pairs within a row: a single example is not worth the call
        for (let k = 0; k < n; k++)
          out[k] = Math.tanh((z[k] = (z[k] as number) + (b[k] as number)));
        return;
      }
      // z | zb | a | b, each region rounded up to an even count (16-byte steps)
      const region = n + (n & 1);
      const h = room(3 * region + rows + 1);
      h.set(z.subarray(0, n), 0);
      h.set(b.subarray(0, rows), 3 * region);
      ex.tanhBias(0, 8 * region, 16 * region, 24 * region, rows, m);
      z.set(h.subarray(region, region + n));
      out.set(h.subarray(2 * region, 2 * region + n));
    },
    sigmoidOutputRow(z, bias, y, out, dZ, from, m) {
      // z | y | zb | a | dz, each with room for one value past the end (the kernel's last pair), | 2 results
      const region = m + 2 - (m & 1);
      const h = room(5 * region + 2);
      h.set(z.subarray(from, from + m), 0);
      h.set(y.subarray(from, from + m), region);
      const res = 5 * region;
      ex.sigmoidOutput(0, 16 * region, 24 * region, 8 * region, 32 * region, m, bias, 8 * res);
      z.set(h.subarray(2 * region, 2 * region + m), from);
      out?.set(h.subarray(3 * region, 3 * region + m), from);
      dZ.set(h.subarray(4 * region, 4 * region + m), from);
      return { costSum: h[res] as number, sumDZ: h[res + 1] as number };
    },
  };
}
