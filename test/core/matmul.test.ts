import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import {
  matmulInto,
  matmulKernels,
  matmulTransposedInto,
  referenceKernel,
  referenceTransposedKernel,
  registerMatmulKernel,
  useMatmulKernel,
  type MatmulKernel,
} from "../../lib/src/core/matmul";
import { WASM_MIN_WORK, wasmKernelStatus } from "../../lib/src/engine";
import { Matrix } from "../../lib/src/core/matrix";
import { rng } from "../../lib/src/core/random";

// The kernel active at import: "wasm" when lib/dist/engine/kernels/matmul.wasm is built, else "reference".
const startKernel = matmulKernels().active;

afterEach(() => {
  useMatmulKernel("reference");
});

function naive(A: Float64Array, B: Float64Array, m: number, k: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
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
  assert.equal(
    startKernel,
    loaded ? "wasm" : "reference",
    `wasm kernel status: ${wasmKernelStatus()}`,
  );
});

test("the reference kernel matches a plain triple loop (and overwrites out)", () => {
  const r = rng(1);
  for (const [m, k, n] of [
    [1, 1, 1],
    [3, 4, 5],
    [7, 1, 3],
    [1, 9, 1],
    [5, 5, 5],
  ] as const) {
    const A = r.normalArray(m * k);
    A[0] = 0; // a zero in A is a term like any other
    const B = r.normalArray(k * n);
    const out = new Float64Array(m * n).fill(99);
    referenceKernel(A, B, out, m, k, n);
    const want = naive(A, B, m, k, n);
    for (let i = 0; i < want.length; i++)
      assert.ok(Math.abs((out[i] as number) - (want[i] as number)) < 1e-12);
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
  const A = Matrix.from([
    [1, 2],
    [3, 4],
  ]);
  A.matmul(A);
  assert.equal(calls, 0);

  assert.equal(useMatmulKernel("spy"), "reference");
  assert.equal(matmulKernels().active, "spy");
  const C = A.matmul(A);
  assert.equal(calls, 1);
  assert.deepEqual(C.toArray(), [
    [7, 10],
    [15, 22],
  ]);

  assert.equal(useMatmulKernel("reference"), "spy");
  A.matmul(A);
  assert.equal(calls, 1);
});

test("the active kernel's result is what matmul returns", () => {
  registerMatmulKernel("sevens", (_A, _B, out) => out.fill(7));
  useMatmulKernel("sevens");
  assert.deepEqual(Matrix.ones(2, 3).matmul(Matrix.ones(3, 2)).toArray(), [
    [7, 7],
    [7, 7],
  ]);
});

test("an unknown kernel name is refused, listing the known ones; the active kernel stays", () => {
  registerMatmulKernel("other", referenceKernel);
  assert.throws(
    () => useMatmulKernel("gpu"),
    (err: Error) => {
      assert.match(err.message, /no kernel named "gpu"/);
      assert.match(err.message, /known: .*reference/);
      assert.match(err.message, /other/);
      return true;
    },
  );
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

// ---------------------------------------------- NaN and ±Infinity: what the docs of core/matmul.ts promise

/** C = A·B with the active kernel, and with its transposed variant given Bᵀ (must be the same). */
function productWith(
  kernel: string,
  A: Float64Array,
  B: Float64Array,
  m: number,
  k: number,
  n: number,
) {
  useMatmulKernel(kernel);
  const C = new Float64Array(m * n).fill(7);
  matmulInto(A, B, C, m, k, n);
  const Ct = new Float64Array(m * n).fill(7);
  matmulTransposedInto(A, Matrix.fromArray(B, k, n).transpose().data, Ct, m, k, n);
  assert.deepEqual(Array.from(Ct), Array.from(C), `${kernel}: A·B and A·(Bᵀ)ᵀ differ`);
  return Array.from(C);
}

test("the reference kernel adds every term: a 0 in A meeting NaN or Infinity in B gives NaN (0·NaN = 0·Inf = NaN)", () => {
  // C[0][j] = 0·B[0][j] + 1·B[1][j]: the first term is NaN for B[0][j] = NaN or ±Infinity
  const A = Float64Array.of(0, 1);
  const B = Float64Array.of(NaN, Infinity, -Infinity, 2, 3, 4, 5, 6);
  const C = new Float64Array(4);
  referenceKernel(A, B, C, 1, 2, 4);
  assert.deepEqual(Array.from(C), [NaN, NaN, NaN, 6]);
  const Ct = new Float64Array(4);
  referenceTransposedKernel(A, Matrix.fromArray(B, 2, 4).transpose().data, Ct, 1, 2, 4);
  assert.deepEqual(Array.from(Ct), [NaN, NaN, NaN, 6]);
  assert.deepEqual(
    Array.from(naive(A, B, 1, 2, 4)),
    [NaN, NaN, NaN, 6],
    "the plain formula agrees",
  );
});

test("wasm-exact and reference agree bit for bit when A is finite, even with NaN and ±Infinity in B", () => {
  assert.ok(matmulKernels().available.includes("wasm"), `no wasm kernel: ${wasmKernelStatus()}`);
  const r = rng(5);
  // packed 4×4 tiles (m, n > 1), a vector shape (m = 1), and one past a block of A (m > 64)
  for (const [m, k, n] of [
    [6, 9, 7],
    [1, 12, 9],
    [70, 10, 5],
  ] as const) {
    const A = r.normalArray(m * k).map((v) => (r.uniform() < 0.3 ? 0 : v));
    const B = r.normalArray(k * n);
    B[0] = NaN;
    B[n + 1] = Infinity;
    B[2 * n + 2] = -Infinity;
    for (let j = 0; j < n; j++) B[3 * n + j] = 0; // a row of zeros: the kernel skips it
    const want = productWith("reference", A, B, m, k, n);
    assert.ok(want.some(Number.isNaN), "some entries are NaN");
    assert.deepEqual(productWith("wasm-exact", A, B, m, k, n), want, `${m}×${k} · ${k}×${n}`);
  }
});

test("NaN or Infinity in A meeting a skipped row of zeros in B: reference NaN, wasm(-exact) as if the term were 0", () => {
  assert.ok(matmulKernels().available.includes("wasm"), `no wasm kernel: ${wasmKernelStatus()}`);
  const r = rng(6);
  const [m, k, n] = [4, 8, 4]; // m·k·n = 128: the packed path, whose panels of B are 4 columns wide
  const A = r.normalArray(m * k);
  const B = r.normalArray(k * n);
  A[0 * k + 2] = NaN;
  A[1 * k + 2] = Infinity;
  for (let j = 0; j < n; j++) B[2 * n + j] = 0; // row p = 2 of B is all zeros
  const reference = productWith("reference", A, B, m, k, n);
  assert.deepEqual(
    reference.slice(0, 2 * n),
    new Array(2 * n).fill(NaN),
    "rows 0 and 1 of C are NaN",
  );
  const wasm = productWith("wasm-exact", A, B, m, k, n);
  assert.ok(wasm.every(Number.isFinite), "the wasm kernel never multiplies row 2 of B");
  const fused = productWith("wasm", A, B, m, k, n);
  assert.ok(fused.every(Number.isFinite), "nor does the fused (FMA) kernel");
  const A0 = A.slice();
  A0[0 * k + 2] = 0;
  A0[1 * k + 2] = 0;
  assert.deepEqual(
    wasm,
    productWith("reference", A0, B, m, k, n),
    "= the reference with those terms 0",
  );
  // Rows 2 and 3 of A are finite: there the kernels agree, bit for bit.
  assert.deepEqual(wasm.slice(2 * n), reference.slice(2 * n));
  // A vector-shaped product (one row of A, 1·8·12 ≥ WASM_MIN_WORK) skips nothing: NaN as in the reference.
  const B12 = r.normalArray(k * 12);
  B12.fill(0, 2 * 12, 3 * 12);
  assert.ok(1 * k * 12 >= WASM_MIN_WORK);
  assert.deepEqual(productWith("wasm", A.subarray(0, k), B12, 1, k, 12), new Array(12).fill(NaN));
});
