/**
 * The engine's one door: the fast code behind the readable lib. Nothing in the engine teaches; the models
 * (models/logistic.ts, models/network.ts, models/train.ts) are written as the chapters write them, and reach
 * the engine only through this file. Every fast path is proven equal to the readable code by tests
 * (test/core/kernels.test.ts, test/engine/engine.test.ts): the same numbers, bit for bit, with the plain product kernel
 * ("wasm-exact"); the default "wasm" kernel fuses each multiply-add (one rounding instead of two), which moves
 * the last bits, and test/engine/matmul-fma.test.ts holds it to the readable path within 1e-12.
 *
 * Behind the door:
 *   matmul-wasm.ts      loads the WebAssembly SIMD matrix-product kernel (kernels/matmul.wat); large
 *                       products run on every core (`setThreads(n)`, LR2NN_THREADS=n; 1 = one thread)
 *   wasm-kernels.ts     registers it with core/matmul at load and makes it the default: "wasm" (fused
 *                       multiply-add; LR2NN_KERNEL=wasm-exact for the plain one) and "wasm-exact"
 *                       (plain); LR2NN_KERNEL=reference keeps the readable reference kernel
 *   matmul-pool.ts      the worker threads sharing the kernel's memory (matmul-worker.ts is one of them)
 *   network-engine.ts   the network's forward, cost and backward passes on reused buffers, fused loops, and
 *                       dZ·Aᵀ without a transpose
 *   fused-loops.ts     the network engine's elementwise loops (bias + activation, output + loss, g′ + row sums)
 *   elementwise-wasm.ts with the fused "wasm" kernel only: tanh, σ and the cross-entropy of a training step in
 *                       WebAssembly SIMD (kernels/elementwise.wat; a polynomial e^x instead of Math.tanh/exp/log1p)
 *   logistic-engine.ts  logistic regression's step in one loop over the examples
 *   batches.ts          the mini-batch gatherer (= X.selectCols(idx), faster)
 *
 * THE SWITCH. By default the engine runs. `useEngine(false)` — or the environment variable LR2NN_READABLE=1
 * when the lib loads — runs the readable path instead: the models' `Matrix` code, `X.selectCols(idx)` for the
 * mini-batches, and the readable TypeScript product kernel ("reference") for every product, so a learner can
 * step through a training step in a debugger, line by line, from `train` down to the triple loop.
 * `useEngine(true)` brings the engine (and the product kernel that was active before) back. The same numbers
 * either way (to the last bit with "wasm-exact", within 1e-12 with the fused "wasm"); the readable path is
 * slower (several times on the digits).
 */
import { useMatmulKernel } from "../core/matmul";

export {
  PARALLEL_MIN_WORK,
  keepResident,
  loadWasmMatmul,
  setThreads,
  threadCount,
  wasmKernelPaths,
} from "./matmul-wasm";
export {
  WASM_MIN_WORK,
  matmulThreads,
  registerWasmKernel,
  wasmKernelFma,
  wasmKernelStatus,
} from "./wasm-kernels";
export type { WasmMatmulOptions, WasmMatmulResult } from "./matmul-wasm";
export {
  allFinite,
  fastBackward,
  fastCost,
  fastCostAndGradients,
  fastForward,
} from "./network-engine";
export type { DenseNetwork } from "./network-engine";
export { fastLogisticCostAndGradients } from "./logistic-engine";
export { batchGatherer, wholeBatch } from "./batches";

let engineOn = true;
/** The product kernel that was active when the readable path took over (restored by `useEngine(true)`). */
let kernelBeforeReadable: string | null = null;

/**
 * The switch between the fast engine (true, the default) and the readable path (false): the models' `Matrix`
 * code, `X.selectCols` mini-batches and the readable "reference" product kernel. Returns the previous setting.
 * The environment variable LR2NN_READABLE=1 starts the lib on the readable path.
 */
export function useEngine(on: boolean): boolean {
  const previous = engineOn;
  if (on === previous) return previous;
  if (!on) kernelBeforeReadable = useMatmulKernel("reference");
  else if (kernelBeforeReadable !== null) {
    useMatmulKernel(kernelBeforeReadable);
    kernelBeforeReadable = null;
  }
  engineOn = on;
  return previous;
}

/** True when the fast engine runs (the default), false on the readable path (see `useEngine`). */
export function engineInUse(): boolean {
  return engineOn;
}

const readableFromEnv = typeof process !== "undefined" ? process.env?.LR2NN_READABLE : undefined;
if (readableFromEnv && readableFromEnv !== "0") useEngine(false);
