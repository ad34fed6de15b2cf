/**
 * The matrix products: GFLOP/s of each kernel (the readable TypeScript loop, the plain and fused WebAssembly
 * kernels on 1 thread and on all cores, mathjs) on the shapes the course's workloads multiply.
 */
import * as math from "mathjs";
import {
  matmulInto,
  matmulKernels,
  referenceKernel,
  useMatmulKernel,
} from "../../lib/src/core/matmul";
import { Matrix } from "../../lib/src/core/matrix";
import { Rng } from "../../lib/src/core/random";
import { matmulThreads, setThreads, wasmKernelFma } from "../../lib/src/engine";
import { CORES, QUICK, timeIt } from "./report";

export interface Shape {
  name: string;
  m: number;
  k: number;
  n: number;
  /** A large product of the digits network (m, n ≥ 64): the ≥ 30 GFLOP/s target on all cores applies. */
  digits: boolean;
}

export const SHAPES: Shape[] = [
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

export interface MatmulResult {
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
export function warmThreads(): void {
  const A = new Float64Array(256 * 256).fill(1);
  const out = new Float64Array(256 * 256);
  const started = Date.now();
  const nap = new Int32Array(new SharedArrayBuffer(4));
  while (matmulThreads().ready < CORES && Date.now() - started < 10000) {
    matmulInto(A, A, out, 256, 256, 256);
    Atomics.wait(nap, 0, 0, 20);
  }
}

export function benchMatmul(): MatmulResult[] {
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
