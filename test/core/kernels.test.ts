import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import {
  matmulKernels,
  matmulTransposedInto,
  referenceKernel,
  referenceTransposedKernel,
  useMatmulKernel,
} from "../../lib/src/core/matmul";
import {
  loadWasmMatmul,
  wasmKernelPaths,
  wasmKernelStatus,
  WASM_MIN_WORK,
} from "../../lib/src/engine";
import { Matrix } from "../../lib/src/core/matrix";
import { rng } from "../../lib/src/core/random";

const ROOT = path.resolve(__dirname, "..", "..");
const loaded = loadWasmMatmul();
const wasm = loaded.kernel;

function requireWasm(): NonNullable<typeof wasm> {
  assert.ok(wasm, `the WASM kernel did not load (${loaded.detail}); run \`npm run build\``);
  return wasm;
}

/** Largest |a − b| / (1 + |b|): relative for large values, absolute near zero. */
function maxRelDiff(a: Float64Array, b: Float64Array): number {
  assert.equal(a.length, b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++)
    d = Math.max(d, Math.abs((a[i] as number) - (b[i] as number)) / (1 + Math.abs(b[i] as number)));
  return d;
}

/** Random values with exact zeros, negatives and a spread of magnitudes mixed in. */
function values(r: ReturnType<typeof rng>, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = r.uniform();
    out[i] = u < 0.15 ? 0 : u < 0.2 ? -r.uniform() * 1e3 : r.normal(0, 1) * (u < 0.25 ? 1e-3 : 1);
  }
  return out;
}

function checkShape(m: number, k: number, n: number, seed: number): void {
  const kernel = requireWasm();
  const r = rng(seed);
  const A = values(r, m * k);
  const B = values(r, k * n);
  const want = new Float64Array(m * n).fill(NaN);
  referenceKernel(A, B, want, m, k, n);
  const got = new Float64Array(m * n).fill(7); // stale values must be overwritten
  kernel(A, B, got, m, k, n);
  const d = maxRelDiff(got, want);
  assert.ok(d <= 1e-12, `${m}×${k} · ${k}×${n}: max relative difference ${d}`);
}

test("the WASM kernel loads and is the default kernel", () => {
  requireWasm();
  assert.equal(matmulKernels().active, "wasm", wasmKernelStatus());
});

test("the built .wasm files are the assembled lib/src/engine/kernels/matmul.wat, plain and FMA (rebuild after editing the .wat)", async () => {
  const build = (await import(path.join(ROOT, "scripts", "build-wasm.mjs"))) as {
    assembleWat(file: string, options?: { fma?: boolean }): Promise<Uint8Array>;
  };
  for (const [name, fma] of [
    ["matmul.wasm", false],
    ["matmul-fma.wasm", true],
  ] as const) {
    const file = wasmKernelPaths(name).find((f) => {
      try {
        readFileSync(f);
        return true;
      } catch {
        return false;
      }
    });
    assert.ok(file, `no built ${name}`);
    const fresh = await build.assembleWat(
      path.join(ROOT, "lib", "src", "engine", "kernels", "matmul.wat"),
      { fma },
    );
    assert.deepEqual(
      new Uint8Array(readFileSync(file)),
      new Uint8Array(fresh),
      `lib/dist/engine/kernels/${name} is stale: run \`npm run build\``,
    );
  }
});

test("agrees with the reference kernel on the digits' shapes and random shapes", () => {
  const shapes: [number, number, number][] = [
    [64, 784, 64], // W1 · X (a mini-batch of 64 digits)
    [1, 64, 256], // W2 · A1
    [64, 64, 784], // dZ1 · Xᵀ
    [784, 64, 1], // W1ᵀ · dZ1 (one example)
    [4, 2, 400], // the planar 2-4-1 network
  ];
  const r = rng(5);
  for (let t = 0; t < 25; t++) shapes.push([1 + r.int(40), 1 + r.int(300), 1 + r.int(40)]);
  shapes.forEach(([m, k, n], i) => checkShape(m, k, n, 100 + i));
});

test("agrees on edge shapes: 1×n, n×1, non-multiples of the 4×4 tile, k across several cache blocks", () => {
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [1, 7, 1],
    [1, 1, 9],
    [9, 1, 1],
    [1, 5, 13],
    [13, 5, 1],
    [3, 3, 3],
    [5, 5, 5],
    [4, 4, 4],
    [7, 9, 11],
    [6, 2, 3],
    [2, 3, 6],
    [8, 8, 8],
    [4, 1, 4],
    [17, 33, 65],
    [3, 1000, 5],
    [6, 2049, 7], // k > 256: several blocks of p
  ];
  shapes.forEach(([m, k, n], i) => checkShape(m, k, n, 300 + i));
});

test("bit for bit on shapes across the kernel's blocks (m > 64 rows, k > 256) and with vector shapes", () => {
  const kernel = requireWasm();
  const r = rng(21);
  const shapes: [number, number, number][] = [
    [130, 300, 9],
    [67, 513, 13],
    [1, 300, 37],
    [45, 77, 1],
    [1, 5, 1],
    [5, 1, 7],
    [64, 784, 64],
  ];
  for (const [m, k, n] of shapes) {
    const A = r.normalArray(m * k);
    const B = r.normalArray(k * n);
    const want = new Float64Array(m * n);
    const got = new Float64Array(m * n).fill(7);
    referenceKernel(A, B, want, m, k, n);
    kernel(A, B, got, m, k, n);
    assert.deepEqual(Array.from(got), Array.from(want), `${m}×${k} · ${k}×${n}`);
  }
});

test("B with many zeros (like pixels): rows of zeros are skipped and the result stays bit for bit the same", () => {
  const kernel = requireWasm();
  const transposed = loaded.transposedKernel;
  assert.ok(transposed);
  const r = rng(23);
  for (const [m, k, n, zeroFraction] of [
    [64, 784, 64, 0.8],
    [9, 600, 13, 0.95],
    [70, 300, 22, 1],
    [8, 520, 8, 0.5],
    [64, 600, 10, 0.9],
    [65, 600, 10, 0.9],
  ] as const) {
    const A = r.normalArray(m * k);
    const B = r.normalArray(k * n).map((v) => (r.uniform() < zeroFraction ? 0 : v));
    for (let p = 256; p < Math.min(k, 512); p++) for (let j = 0; j < n; j++) B[p * n + j] = 0; // a whole block of zeros
    const want = new Float64Array(m * n);
    referenceKernel(A, B, want, m, k, n);
    const got = new Float64Array(m * n).fill(7);
    kernel(A, B, got, m, k, n);
    assert.deepEqual(
      Array.from(got),
      Array.from(want),
      `${m}×${k} · ${k}×${n}, ${zeroFraction * 100}% zeros`,
    );
    const gotT = new Float64Array(m * n).fill(7);
    transposed(A, Matrix.fromArray(B, k, n).transpose().data, gotT, m, k, n);
    assert.deepEqual(
      Array.from(gotT),
      Array.from(want),
      `transposed, ${m}×${k} · ${k}×${n}, ${zeroFraction * 100}% zeros`,
    );
  }
});

test("the transposed variant (A·Bᵀ given Bᵀ) equals the plain product with B, bit for bit, in both kernels (wasm-exact and reference)", () => {
  const transposed = loaded.transposedKernel;
  assert.ok(transposed, "the WASM kernel has a transposed variant");
  const r = rng(22);
  const shapes: [number, number, number][] = [
    [64, 64, 784],
    [64, 300, 30],
    [1, 569, 30],
    [1, 64, 64],
    [30, 569, 1],
    [7, 9, 11],
    [1, 1, 1],
    [3, 1, 5],
    [130, 300, 9],
    [5, 2, 3],
  ];
  for (const [m, k, n] of shapes) {
    const A = r.normalArray(m * k);
    const B = r.normalArray(k * n);
    const Bt = Matrix.fromArray(B, k, n).transpose().data;
    const want = new Float64Array(m * n);
    referenceKernel(A, B, want, m, k, n);
    const got = new Float64Array(m * n).fill(7);
    transposed(A, Bt, got, m, k, n);
    assert.deepEqual(Array.from(got), Array.from(want), `wasm ${m}×${k} · (${n}×${k})ᵀ`);
    const ref = new Float64Array(m * n).fill(7);
    referenceTransposedKernel(A, Bt, ref, m, k, n);
    assert.deepEqual(Array.from(ref), Array.from(want), `reference ${m}×${k} · (${n}×${k})ᵀ`);
    for (const name of ["wasm-exact", "reference"]) {
      const previous = useMatmulKernel(name);
      const viaApi = new Float64Array(m * n).fill(7);
      matmulTransposedInto(A, Bt, viaApi, m, k, n);
      useMatmulKernel(previous);
      assert.deepEqual(Array.from(viaApi), Array.from(want), `matmulTransposedInto with ${name}`);
    }
  }
  const out = new Float64Array(6).fill(9);
  matmulTransposedInto(new Float64Array(0), new Float64Array(0), out, 2, 0, 3);
  assert.deepEqual(Array.from(out), [0, 0, 0, 0, 0, 0], "k = 0: an empty sum is 0");
});

test("empty products: m = 0, n = 0 and k = 0 (C is all zeros)", () => {
  const kernel = requireWasm();
  for (const [m, k, n] of [
    [0, 3, 4],
    [3, 4, 0],
    [0, 0, 0],
  ] as const) {
    const out = new Float64Array(m * n);
    kernel(new Float64Array(m * k), new Float64Array(k * n), out, m, k, n);
    assert.equal(out.length, 0);
  }
  const out = new Float64Array(3 * 5).fill(9);
  kernel(new Float64Array(0), new Float64Array(0), out, 3, 0, 5);
  assert.deepEqual(Array.from(out), new Array(15).fill(0), "k = 0: an empty sum is 0");
});

test("matches bit for bit (same order of additions) and handles exact small integers exactly", () => {
  const kernel = requireWasm();
  const A = Float64Array.from({ length: 6 * 7 }, (_, i) => (i % 5) - 2);
  const B = Float64Array.from({ length: 7 * 5 }, (_, i) => (i % 3) - 1);
  const want = new Float64Array(30);
  const got = new Float64Array(30);
  referenceKernel(A, B, want, 6, 7, 5);
  kernel(A, B, got, 6, 7, 5);
  assert.deepEqual(Array.from(got), Array.from(want));
  const r = rng(9);
  const A2 = r.normalArray(37 * 300);
  const B2 = r.normalArray(300 * 29);
  const want2 = new Float64Array(37 * 29);
  const got2 = new Float64Array(37 * 29);
  referenceKernel(A2, B2, want2, 37, 300, 29);
  kernel(A2, B2, got2, 37, 300, 29);
  assert.deepEqual(Array.from(got2), Array.from(want2));
});

test("memory is reused: a large product, then small ones, then large again stay correct", () => {
  checkShape(200, 300, 500, 1);
  checkShape(2, 3, 4, 2);
  checkShape(3, 2, 1, 3);
  checkShape(250, 100, 700, 4);
});

test("Matrix.matmul gives the same matrix under the wasm and the reference kernel", () => {
  const r = rng(11);
  const W = Matrix.normal(20, 784, r);
  const X = Matrix.uniform(784, 33, r);
  const previous = useMatmulKernel("wasm");
  const fast = W.matmul(X);
  useMatmulKernel("reference");
  const slow = W.matmul(X);
  useMatmulKernel(previous);
  assert.ok(fast.allClose(slow, 1e-12, 1e-12));
  // tiny products go to the reference loop inside the "wasm" kernel; still the same numbers
  assert.ok(WASM_MIN_WORK > 1);
  const a = Matrix.from([
    [1, 2],
    [3, 4],
  ]);
  assert.deepEqual(a.matmul(a).toArray(), [
    [7, 10],
    [15, 22],
  ]);
});

test("falls back when WebAssembly is missing or the .wasm file is not there", () => {
  const none = loadWasmMatmul({ webAssembly: null });
  assert.equal(none.kernel, null);
  assert.match(none.detail, /no WebAssembly/);
  const missing = loadWasmMatmul({ file: path.join(ROOT, "no-such-folder", "matmul.wasm") });
  assert.equal(missing.kernel, null);
  assert.match(missing.detail, /npm run build/);
  const broken = loadWasmMatmul({
    file: path.join(ROOT, "lib", "src", "engine", "kernels", "matmul.wat"),
  });
  assert.equal(broken.kernel, null, "text is not a binary module");
  assert.match(broken.detail, /did not load/);
});

test("LR2NN_KERNEL=reference starts on the reference kernel, and products still work", () => {
  const script = `
    const { matmulKernels } = require(${JSON.stringify(path.join(ROOT, "lib", "src", "core", "matmul.ts"))});
    const { wasmKernelStatus } = require(${JSON.stringify(path.join(ROOT, "lib", "src", "engine", "index.ts"))});
    const { Matrix } = require(${JSON.stringify(path.join(ROOT, "lib", "src", "core", "matrix.ts"))});
    const A = Matrix.from([[1, 2, 3], [4, 5, 6]]);
    const C = A.matmul(A.T);
    process.stdout.write(JSON.stringify({ kernels: matmulKernels(), status: wasmKernelStatus(), C: C.toArray() }));
  `;
  const out = execFileSync(process.execPath, ["--import", "tsx", "-e", script], {
    cwd: ROOT,
    env: { ...process.env, LR2NN_KERNEL: "reference" },
    encoding: "utf8",
  });
  const result = JSON.parse(out) as {
    kernels: { active: string; available: string[] };
    status: string;
    C: number[][];
  };
  assert.equal(result.kernels.active, "reference");
  assert.deepEqual(result.kernels.available, ["reference"]);
  assert.match(result.status, /LR2NN_KERNEL=reference/);
  assert.deepEqual(result.C, [
    [14, 32],
    [32, 77],
  ]);
});

test("when the module's memory cannot grow, the fallback kernel computes the product", () => {
  const real = (
    globalThis as unknown as {
      WebAssembly: {
        Module: new (b: Uint8Array) => object;
        Instance: new (m: object, i: object) => { exports: Record<string, unknown> };
        Memory: new (d: { initial: number; maximum: number; shared: boolean }) => {
          buffer: ArrayBuffer;
          grow(pages: number): number;
        };
      };
    }
  ).WebAssembly;
  const api = {
    Module: real.Module,
    Memory: real.Memory,
    Instance: function (mod: object, imports: object) {
      const inst = new real.Instance(mod, imports);
      const memory = inst.exports.memory as { buffer: ArrayBuffer };
      return {
        exports: {
          matmul: inst.exports.matmul,
          memory: {
            get buffer() {
              return memory.buffer;
            },
            grow(): number {
              throw new RangeError("WebAssembly.Memory.grow(): Maximum memory size exceeded");
            },
          },
        },
      };
    } as unknown as new (m: object, i: object) => { exports: Record<string, unknown> },
  };
  let calls = 0;
  const { kernel } = loadWasmMatmul({
    webAssembly: api,
    fallback: (A, B, out, m, k, n) => {
      calls++;
      referenceKernel(A, B, out, m, k, n);
    },
  });
  assert.ok(kernel);
  const r = rng(12);
  const A = r.normalArray(2 * 3);
  const B = r.normalArray(3 * 2);
  const small = new Float64Array(4);
  kernel(A, B, small, 2, 3, 2); // fits in the first page: no growth needed
  assert.equal(calls, 0);
  const A2 = r.normalArray(100 * 120);
  const B2 = r.normalArray(120 * 90);
  const got = new Float64Array(100 * 90);
  const want = new Float64Array(100 * 90);
  kernel(A2, B2, got, 100, 120, 90); // needs more than one 64 KiB page
  referenceKernel(A2, B2, want, 100, 120, 90);
  assert.equal(calls, 1);
  assert.deepEqual(Array.from(got), Array.from(want));
});
