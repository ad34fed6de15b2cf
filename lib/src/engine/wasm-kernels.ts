/**
 * The WebAssembly matrix-product kernels as the core's registry (core/matmul.ts) knows them, registered when
 * the engine loads: "wasm" (the fused multiply-add kernel where the runtime allows, the default) and
 * "wasm-exact" (separate multiply and add: the reference loop's numbers bit for bit). Loading, memory and
 * threads are in matmul-wasm.ts; the kernels themselves in kernels/matmul.wat.
 */
import {
  activeMatmulKernel,
  referenceKernel,
  referenceTransposedKernel,
  registerMatmulKernel,
  useMatmulKernel,
  type MatmulKernel,
} from "../core/matmul";
import { loadWasmMatmul, threadCount, type WasmMatmulResult } from "./matmul-wasm";
import { elementwiseKernel, type ElementwiseKernel } from "./elementwise-wasm";

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

let registered: WasmMatmulResult | null = null;

/**
 * The threads of the registered "wasm" kernel: how many `setThreads` allows, how many a large product runs on
 * now (workers start on the first large product and take part once ready), and why fewer run, if they do.
 */
export function matmulThreads(): { threads: number; ready: number; status: string } {
  return {
    threads: threadCount(),
    ready: registered?.threadsReady() ?? 1,
    status: registered ? registered.threadStatus() : wasmStatus,
  };
}

/** A loaded kernel as the registry takes it: the tiniest products go to the reference loop. */
function registryKernels(loaded: WasmMatmulResult): [MatmulKernel, MatmulKernel] {
  const kernel = loaded.kernel as MatmulKernel;
  const transposedKernel = loaded.transposedKernel as MatmulKernel;
  return [
    (A, B, out, m, k, n) => {
      if (m * k * n < WASM_MIN_WORK) referenceKernel(A, B, out, m, k, n);
      else kernel(A, B, out, m, k, n);
    },
    (A, Bt, out, m, k, n) => {
      if (m * k * n < WASM_MIN_WORK) referenceTransposedKernel(A, Bt, out, m, k, n);
      else transposedKernel(A, Bt, out, m, k, n);
    },
  ];
}

/**
 * Registers the WebAssembly kernels with the core's registry and makes "wasm" the active one (once, at load):
 * - "wasm": the fused multiply-add kernel (matmul-fma.wasm) where the runtime has relaxed SIMD, else the plain
 *   one (LR2NN_KERNEL=wasm-exact asks for the plain one; LR2NN_KERNEL=reference keeps the readable loop). Its sums differ from the reference loop's in the last bits:
 *   each A[i][p]·B[p][j] is added without being rounded first (test/engine/matmul-fma.test.ts bounds the difference).
 * - "wasm-exact": the plain kernel (separate multiply and add), the same numbers as the reference loop bit for
 *   bit; loaded on first use (`useMatmulKernel("wasm-exact")`).
 */
export function registerWasmKernel(): void {
  const asked = typeof process !== "undefined" ? process.env?.LR2NN_KERNEL : undefined;
  if (asked === "reference") {
    wasmStatus = "not loaded: LR2NN_KERNEL=reference (the readable TypeScript kernel)";
    return;
  }
  const noFma = asked === "wasm-exact";
  const loaded = loadWasmMatmul({ fallback: referenceKernel, fma: !noFma });
  const unknown =
    asked && !noFma && asked !== "wasm"
      ? ` (LR2NN_KERNEL=${asked} is not a kernel: use wasm, wasm-exact or reference)`
      : "";
  wasmStatus = noFma
    ? `${loaded.detail} (LR2NN_KERNEL=wasm-exact: the plain kernel)`
    : loaded.detail + unknown;
  registered = loaded;
  if (!loaded.kernel || !loaded.transposedKernel) return;
  registerMatmulKernel("wasm", ...registryKernels(loaded));
  let exact: [MatmulKernel, MatmulKernel] | null = loaded.fma ? null : registryKernels(loaded);
  const exactKernels = (): [MatmulKernel, MatmulKernel] => {
    if (exact) return exact;
    const plain = loadWasmMatmul({ fallback: referenceKernel });
    exact = plain.kernel ? registryKernels(plain) : [referenceKernel, referenceTransposedKernel];
    return exact;
  };
  registerMatmulKernel(
    "wasm-exact",
    (A, B, out, m, k, n) => exactKernels()[0](A, B, out, m, k, n),
    (A, Bt, out, m, k, n) => exactKernels()[1](A, Bt, out, m, k, n),
  );
  useMatmulKernel("wasm");
}

/** True when the active "wasm" kernel fuses its multiply-adds (see `registerWasmKernel`). */
export function wasmKernelFma(): boolean {
  return registered?.fma ?? false;
}

/**
 * The elementwise WebAssembly kernel (tanh, σ and the cost without library calls: elementwise-wasm.ts) while
 * the fused "wasm" product kernel is the one in use: the last bits move, as the fused products move them.
 * Null with "wasm-exact" or "reference", whose numbers are the readable code's bit for bit.
 */
export function fastElementwise(): ElementwiseKernel | null {
  return registered?.fma === true && activeMatmulKernel() === "wasm" ? elementwiseKernel() : null;
}

registerWasmKernel();
