import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { matmulInto, matmulKernels, referenceKernel, registerMatmulKernel, useMatmulKernel, type MatmulKernel } from "../lib/src/core/matmul";
import { wasmKernelStatus } from "../lib/src/engine";
import { Matrix } from "../lib/src/core/matrix";
import { rng } from "../lib/src/core/random";

// The kernel active at import: "wasm" when lib/dist/engine/kernels/matmul.wasm is built, else "reference".
const startKernel = matmulKernels().active;

afterEach(() => {
  useMatmulKernel("reference");
});

function naive(A: Float64Array, B: Float64Array, m: number, k: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += (A[i * k + p] as number) * (B[p * n + j] as number);
    out[i * n + j] = s;
  }
  return out;
}

test("the reference kernel is registered; the WASM kernel is active at start when it loaded", () => {
  const { available } = matmulKernels();
  assert.ok(available.includes("reference"));
  const loaded = available.includes("wasm");
  assert.equal(startKernel, loaded ? "wasm" : "reference", `wasm kernel status: ${wasmKernelStatus()}`);
});

test("the reference kernel matches a plain triple loop (and overwrites out)", () => {
  const r = rng(1);
  for (const [m, k, n] of [[1, 1, 1], [3, 4, 5], [7, 1, 3], [1, 9, 1], [5, 5, 5]] as const) {
    const A = r.normalArray(m * k);
    A[0] = 0; // the kernel skips zeros of A: make sure that is still right
    const B = r.normalArray(k * n);
    const out = new Float64Array(m * n).fill(99);
    referenceKernel(A, B, out, m, k, n);
    const want = naive(A, B, m, k, n);
    for (let i = 0; i < want.length; i++) assert.ok(Math.abs((out[i] as number) - (want[i] as number)) < 1e-12);
  }
});

test("register + use switches the kernel every product goes through; use returns the previous name", () => {
  let calls = 0;
  const spy: MatmulKernel = (A, B, out, m, k, n) => {
    calls++;
    referenceKernel(A, B, out, m, k, n);
  };
  registerMatmulKernel("spy", spy);
  assert.ok(matmulKernels().available.includes("spy"));
  assert.equal(matmulKernels().active, "reference", "registering does not activate");
  const A = Matrix.from([[1, 2], [3, 4]]);
  A.matmul(A);
  assert.equal(calls, 0);

  assert.equal(useMatmulKernel("spy"), "reference");
  assert.equal(matmulKernels().active, "spy");
  const C = A.matmul(A);
  assert.equal(calls, 1);
  assert.deepEqual(C.toArray(), [[7, 10], [15, 22]]);

  assert.equal(useMatmulKernel("reference"), "spy");
  A.matmul(A);
  assert.equal(calls, 1);
});

test("the active kernel's result is what matmul returns", () => {
  registerMatmulKernel("sevens", (_A, _B, out) => out.fill(7));
  useMatmulKernel("sevens");
  assert.deepEqual(Matrix.ones(2, 3).matmul(Matrix.ones(3, 2)).toArray(), [[7, 7], [7, 7]]);
});

test("an unknown kernel name is refused, listing the known ones; the active kernel stays", () => {
  registerMatmulKernel("other", referenceKernel);
  assert.throws(() => useMatmulKernel("gpu"), (err: Error) => {
    assert.match(err.message, /no kernel named "gpu"/);
    assert.match(err.message, /known: .*reference/);
    assert.match(err.message, /other/);
    return true;
  });
  assert.equal(matmulKernels().active, "reference");
});

test("empty dimensions never reach the kernel; k = 0 gives zeros", () => {
  let calls = 0;
  registerMatmulKernel("count", (A, B, out, m, k, n) => {
    calls++;
    referenceKernel(A, B, out, m, k, n);
  });
  useMatmulKernel("count");
  const out = new Float64Array(6).fill(5);
  matmulInto(new Float64Array(0), new Float64Array(0), out, 2, 0, 3);
  assert.deepEqual(Array.from(out), [0, 0, 0, 0, 0, 0]);
  matmulInto(new Float64Array(0), new Float64Array(12), new Float64Array(0), 0, 3, 4);
  assert.equal(calls, 0);
});
