// The fused multiply-add kernel (matmul-fma.wasm, the default "wasm" kernel): each C[i][j] += A[i][p]·B[p][j]
// is rounded once instead of twice. It is not the reference loop bit for bit, so these tests hold it to what
// it should be instead: really fused, within the rounding bound of the exact sum, the same on any number of
// threads and for A·Bᵀ given Bᵀ, and the engine on it within 1e-12 of the readable path.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  matmulInto,
  matmulKernels,
  matmulTransposedInto,
  useMatmulKernel,
} from "../../lib/src/core/matmul";
import { Matrix } from "../../lib/src/core/matrix";
import { rng } from "../../lib/src/core/random";
import { pixelLikeValues } from "../support/values";
import {
  engineInUse,
  loadWasmMatmul,
  setThreads,
  useEngine,
  wasmKernelFma,
  wasmKernelStatus,
} from "../../lib/src/engine";
import { adam } from "../../lib/src/learning/optimizers";
import { backwardPass, forwardPass, networkCost } from "../../lib/src/models/backprop";
import { createNetwork, type NeuralNetwork } from "../../lib/src/models/network";
import { train } from "../../lib/src/models/train";

const ROOT = path.resolve(__dirname, "..", "..");
const U = 2 ** -53; // the unit roundoff of float64

function product(
  kernel: string,
  A: Float64Array,
  B: Float64Array,
  m: number,
  k: number,
  n: number,
): Float64Array {
  const previous = useMatmulKernel(kernel);
  try {
    const out = new Float64Array(m * n).fill(7);
    matmulInto(A, B, out, m, k, n);
    return out;
  } finally {
    useMatmulKernel(previous);
  }
}

test("the default kernel is the fused one (relaxed SIMD, switched on in Node 20), and it really fuses", () => {
  assert.equal(matmulKernels().active, "wasm", wasmKernelStatus());
  assert.ok(wasmKernelFma(), `the FMA kernel did not load: ${wasmKernelStatus()}`);
  assert.match(wasmKernelStatus(), /matmul-fma\.wasm$/);
  // C[i][j] = (−1)·1 + a·b with a·b = 1 − 2^−60: rounded first, a·b is 1 and the sum 0; fused, −2^−60.
  const a = 1 + 2 ** -30;
  const b = 1 - 2 ** -30;
  // 4×4 · 4×4 (m·k·n = 64: the packed path, not the reference loop that takes the tiniest products)
  const A = new Float64Array(4 * 4);
  const B = new Float64Array(4 * 4);
  for (let i = 0; i < 4; i++) {
    A[i * 4] = -1;
    A[i * 4 + 1] = a;
    B[i] = 1; // row 0 of B
    B[4 + i] = b; // row 1 of B; rows 2 and 3 are zeros
  }
  assert.deepEqual(Array.from(product("reference", A, B, 4, 4, 4)), new Array(16).fill(0));
  assert.deepEqual(Array.from(product("wasm-exact", A, B, 4, 4, 4)), new Array(16).fill(0));
  assert.deepEqual(Array.from(product("wasm", A, B, 4, 4, 4)), new Array(16).fill(-(2 ** -60)));
});

test("within the rounding bound of the exact sum, on the digits' shapes, blocks and odd shapes", () => {
  const r = rng(41);
  const shapes: [number, number, number][] = [
    [64, 784, 64], // W1·X, a mini-batch of 64
    [64, 64, 784], // dZ1·Xᵀ
    [130, 300, 97], // rows across blocks of 64, columns not a multiple of 4
    [67, 513, 17], // k across blocks of 256
    [5, 9, 3],
  ];
  let differing = 0;
  let largest = 0;
  for (const [m, k, n] of shapes) {
    const A = pixelLikeValues(r, m, k);
    const B = pixelLikeValues(r, k, n);
    const exact = product("reference", A, B, m, k, n);
    const fused = product("wasm", A, B, m, k, n);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let size = 0; // Σ_p |A[i][p]·B[p][j]|
        for (let p = 0; p < k; p++)
          size += Math.abs((A[i * k + p] as number) * (B[p * n + j] as number));
        // each sum is within γ_k·size of the exact one, γ_k = k·u/(1 − k·u): the two within twice that
        const bound = (2 * k * U * size) / (1 - k * U);
        const diff = Math.abs((fused[i * n + j] as number) - (exact[i * n + j] as number));
        assert.ok(diff <= bound, `${m}×${k}·${k}×${n} at (${i}, ${j}): |Δ| = ${diff} > ${bound}`);
        if (diff > 0) differing++;
        if (size > 0) largest = Math.max(largest, diff / size);
      }
  }
  assert.ok(
    differing > 100,
    `the fused sums should differ in the last bits somewhere (${differing} did)`,
  );
  assert.ok(largest < 1e-13, `largest |Δ| / Σ|a·b| = ${largest}`);
});

test("A·Bᵀ given Bᵀ equals A·B bit for bit in the fused kernel too (vectors included)", () => {
  const r = rng(42);
  for (const [m, k, n] of [
    [64, 64, 784],
    [130, 300, 9],
    [1, 569, 30],
    [30, 569, 1],
    [7, 9, 11],
  ] as const) {
    const A = r.normalArray(m * k);
    const B = r.normalArray(k * n);
    const Bt = Matrix.fromArray(B, k, n).transpose().data;
    const plain = product("wasm", A, B, m, k, n);
    const previous = useMatmulKernel("wasm");
    const viaT = new Float64Array(m * n).fill(7);
    matmulTransposedInto(A, Bt, viaT, m, k, n);
    useMatmulKernel(previous);
    assert.deepEqual(Array.from(viaT), Array.from(plain), `${m}×${k} · (${n}×${k})ᵀ`);
  }
});

test("the fused kernel gives the same product on 1 and on 2 threads, bit for bit", async () => {
  const loaded = loadWasmMatmul({ fma: true, parallelMinWork: 2 ** 19 });
  assert.ok(loaded.fma && loaded.kernel && loaded.transposedKernel, loaded.detail);
  const previous = setThreads(2);
  try {
    const big = new Float64Array(128 * 128).fill(1);
    const scratch = new Float64Array(128 * 128);
    for (let waited = 0; loaded.threadsReady() < 2 && waited < 20000; waited += 20) {
      loaded.kernel(big, big, scratch, 128, 128, 128);
      await sleep(20);
    }
    assert.equal(loaded.threadsReady(), 2, `the worker did not start: ${loaded.threadStatus()}`);
    const partsBefore = loaded.workerParts();
    const r = rng(43);
    for (const [m, k, n, transposed] of [
      [64, 784, 256, false], // W1·X, batch 256: cut by columns
      [256, 300, 97, false], // cut by rows
      [64, 256, 784, true], // dZ1·Xᵀ given X
    ] as const) {
      const A = pixelLikeValues(r, m, k);
      const B = pixelLikeValues(r, k, n);
      const kernel = transposed ? loaded.transposedKernel : loaded.kernel;
      const two = new Float64Array(m * n);
      kernel(A, B, two, m, k, n);
      setThreads(1);
      const one = new Float64Array(m * n);
      kernel(A, B, one, m, k, n);
      setThreads(2);
      const at = one.findIndex((v, i) => !Object.is(v, two[i]));
      assert.equal(at, -1, `${m}×${k}×${n}: 1 and 2 threads differ at ${at}`);
    }
    assert.ok(loaded.workerParts() > partsBefore, "the worker computed no part of these products");
  } finally {
    setThreads(previous);
  }
});

/**
 * max |a − b| over max |a|: the gap relative to the size of the numbers (an entry that cancels to nearly 0
 * keeps the absolute error of the terms it came from, so entry by entry relative gaps would measure that).
 */
function relativeGap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let gap = 0;
  let size = 0;
  for (let i = 0; i < a.length; i++) {
    gap = Math.max(gap, Math.abs((a[i] as number) - (b[i] as number)));
    size = Math.max(size, Math.abs(a[i] as number));
  }
  return gap / size;
}

test("the engine on the fused kernel and the readable path agree within 1e-12: one pass, and a training run", () => {
  assert.equal(engineInUse(), true);
  assert.equal(matmulKernels().active, "wasm");
  const r = rng(44);
  const [n, m] = [300, 200]; // k = 300 > 256: the kernel's blocks of p
  const X = new Matrix(n, m, pixelLikeValues(r, n, m));
  const y = Matrix.fromArray(
    Array.from({ length: m }, (_, j) => ((X.data[j] as number) > 0 ? 1 : 0)),
    1,
    m,
  );
  const make = (): NeuralNetwork =>
    createNetwork({ layerSizes: [n, 32, 16, 1], hiddenActivation: "relu", seed: 7, lambda: 0.1 });
  const pass = () => {
    const net = make();
    const cache = forwardPass(net, X);
    const grads = backwardPass(net, cache, y);
    // A[0] is X itself; A[1]…A[L] are what the products made
    const A = cache.A.slice(1).flatMap((M) => Array.from((M as Matrix).data));
    return { A, cost: networkCost(net, X, y), grads };
  };
  const run = () => {
    const net = make();
    const history = train(net, X, y, {
      epochs: 20,
      batchSize: 64,
      optimizer: adam({ learningRate: 0.001 }),
      seed: 3,
    });
    return { costs: history.costs, W: net.W.flatMap((W) => Array.from(W.data)) };
  };
  const engine = { pass: pass(), run: run() };
  useEngine(false);
  let readable: typeof engine;
  try {
    assert.equal(
      matmulKernels().active,
      "reference",
      "the readable path multiplies with the reference loop",
    );
    readable = { pass: pass(), run: run() };
  } finally {
    useEngine(true);
  }
  const gaps = {
    activations: relativeGap(engine.pass.A, readable.pass.A),
    cost: relativeGap([engine.pass.cost], [readable.pass.cost]),
    dW: relativeGap(
      engine.pass.grads.dW.flatMap((G) => Array.from(G.data)),
      readable.pass.grads.dW.flatMap((G) => Array.from(G.data)),
    ),
    trainingCosts: relativeGap(engine.run.costs, readable.run.costs),
    trainedW: relativeGap(engine.run.W, readable.run.W),
  };
  assert.ok(
    gaps.activations > 0,
    "the fused kernel should move some last bits (or it is not in use)",
  );
  for (const [what, gap] of Object.entries(gaps))
    assert.ok(gap <= 1e-12, `${what}: relative gap ${gap.toExponential(2)} > 1e-12`);
  console.log("relative gaps, engine on the fused kernel vs readable path:", JSON.stringify(gaps));
});

test("LR2NN_KERNEL=wasm-exact starts on the plain kernel: the reference loop's numbers, bit for bit", () => {
  const script = `
    const { matmulKernels, matmulInto, referenceKernel } = require(${JSON.stringify(path.join(ROOT, "lib", "src", "core", "matmul.ts"))});
    const { wasmKernelFma, wasmKernelStatus } = require(${JSON.stringify(path.join(ROOT, "lib", "src", "engine", "index.ts"))});
    const A = Float64Array.from({ length: 64 * 80 }, (_, i) => Math.sin(i));
    const B = Float64Array.from({ length: 80 * 48 }, (_, i) => Math.cos(i));
    const C = new Float64Array(64 * 48); matmulInto(A, B, C, 64, 80, 48);
    const R = new Float64Array(64 * 48); referenceKernel(A, B, R, 64, 80, 48);
    process.stdout.write(JSON.stringify({ active: matmulKernels().active, fma: wasmKernelFma(), status: wasmKernelStatus(), same: C.every((v, i) => Object.is(v, R[i])) }));
  `;
  const out = execFileSync(process.execPath, ["--import", "tsx", "-e", script], {
    cwd: ROOT,
    env: { ...process.env, LR2NN_KERNEL: "wasm-exact" },
    encoding: "utf8",
    timeout: 60000,
  });
  const result = JSON.parse(out) as { active: string; fma: boolean; status: string; same: boolean };
  assert.equal(result.active, "wasm");
  assert.equal(result.fma, false);
  assert.match(result.status, /LR2NN_KERNEL=wasm-exact/);
  assert.equal(result.same, true, "the plain kernel equals the reference loop bit for bit");
});
