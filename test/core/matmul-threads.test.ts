import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { referenceKernel } from "../../lib/src/core/matmul";
import { loadWasmMatmul, PARALLEL_MIN_WORK, setThreads, threadCount } from "../../lib/src/engine";
import { rng } from "../../lib/src/core/random";
import { pixelLikeValues } from "../support/values";

const ROOT = path.resolve(__dirname, "..", "..");
/** The kernels below split products from this size on (the lib's default, PARALLEL_MIN_WORK, is larger). */
const MIN_WORK = 2 ** 19;

/** Index of the first entry where a and b differ as bit patterns (Object.is), or −1. */
function firstDifference(a: Float64Array, b: Float64Array): number {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** A kernel whose workers are ready: starts them with one large product, then waits (at most 20 s). */
async function withReadyThreads(threads: number, options = {}) {
  const loaded = loadWasmMatmul({ parallelMinWork: MIN_WORK, ...options });
  assert.ok(loaded.kernel && loaded.transposedKernel, loaded.detail);
  const previous = setThreads(threads);
  const big = new Float64Array(128 * 128).fill(1);
  const out = new Float64Array(128 * 128);
  for (let waited = 0; loaded.threadsReady() < threads && waited < 20000; waited += 20) {
    loaded.kernel(big, big, out, 128, 128, 128);
    await sleep(20);
  }
  return { loaded, previous };
}

test("the worker pool gives the single-thread kernel's product bit for bit (plain, transposed, odd shapes)", async () => {
  const { loaded, previous } = await withReadyThreads(2);
  try {
    assert.equal(loaded.threadsReady(), 2, `the worker did not start: ${loaded.threadStatus()}`);
    const kernel = loaded.kernel!;
    const transposed = loaded.transposedKernel!;
    const r = rng(31);
    const shapes: [number, number, number][] = [
      [64, 784, 64], // W1·X, mini-batch 64 (one block of rows: B packed on the fly)
      [784, 64, 64], // X·dZ1ᵀ
      [64, 256, 784], // dZ1·Xᵀ (by columns when given Xᵀ)
      [130, 300, 97], // rows across blocks of 64, columns not a multiple of 4
      [67, 513, 17], // k across blocks of 256
      [9, 4000, 33],
      [13, 999, 123],
      [101, 333, 16],
      [8, 1200, 101],
    ];
    for (const [m, k, n] of shapes) {
      assert.ok(m * k * n >= MIN_WORK, `${m}×${k}·${k}×${n} is too small to be split`);
      const A = pixelLikeValues(r, m, k);
      A[7] = NaN; // a NaN in A: the zero-skipping must be the same on every thread too
      const B = pixelLikeValues(r, k, n);
      const Bt = pixelLikeValues(r, n, k);
      for (const [name, f, right] of [
        ["A·B", kernel, B],
        ["A·Bᵀ", transposed, Bt],
      ] as const) {
        setThreads(1);
        const one = new Float64Array(m * n).fill(5);
        f(A, right, one, m, k, n);
        setThreads(2);
        const two = new Float64Array(m * n).fill(7); // stale values must be overwritten
        f(A, right, two, m, k, n);
        const i = firstDifference(two, one);
        assert.equal(
          i,
          -1,
          `${name} ${m}×${k}·${k}×${n}: entry ${i} is ${two[i]} on 2 threads, ${one[i]} on 1`,
        );
      }
    }
    assert.ok(loaded.workerParts() > 0, "the worker computed none of the parts");
    // and the threads' product is the product: against the reference loop (A finite)
    const [m, k, n] = [70, 500, 90];
    const A = pixelLikeValues(r, m, k);
    const B = pixelLikeValues(r, k, n);
    const want = new Float64Array(m * n);
    referenceKernel(A, B, want, m, k, n);
    const got = new Float64Array(m * n);
    kernel(A, B, got, m, k, n);
    assert.equal(firstDifference(got, want), -1);
  } finally {
    setThreads(previous);
  }
});

test("setThreads checks its argument and returns the previous count", () => {
  const before = threadCount();
  assert.equal(setThreads(3), before);
  assert.equal(setThreads(before), 3);
  assert.throws(() => setThreads(0), /whole number from 1 to 64, got 0/);
  assert.throws(() => setThreads(1.5), /got 1\.5/);
  assert.equal(threadCount(), before);
});

test("when workers cannot start, or die, products run on one thread with no error", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lr2nn-threads-"));
  try {
    const dying = path.join(dir, "dying-worker.js");
    writeFileSync(dying, "throw new Error('this worker cannot start');\n");
    for (const workerFile of [path.join(dir, "missing-worker.js"), dying]) {
      const previous = setThreads(2);
      try {
        const loaded = loadWasmMatmul({ workerFile, parallelMinWork: MIN_WORK });
        const kernel = loaded.kernel!;
        const r = rng(5);
        const [m, k, n] = [96, 300, 80];
        const A = pixelLikeValues(r, m, k);
        const B = pixelLikeValues(r, k, n);
        const want = new Float64Array(m * n);
        referenceKernel(A, B, want, m, k, n);
        for (let t = 0; t < 10; t++) {
          const got = new Float64Array(m * n);
          kernel(A, B, got, m, k, n);
          assert.equal(firstDifference(got, want), -1);
          await sleep(30);
        }
        assert.equal(loaded.threadsReady(), 1);
        assert.match(loaded.threadStatus(), /cannot start|stopped/);
      } finally {
        setThreads(previous);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a script whose products ran on 2 threads exits by itself; LR2NN_THREADS sets the count", () => {
  const script = `
    const { loadWasmMatmul, setThreads, threadCount, matmulThreads } = require(${JSON.stringify(path.join(ROOT, "lib", "src", "engine", "index.ts"))});
    const { Matrix } = require(${JSON.stringify(path.join(ROOT, "lib", "src", "core", "matrix.ts"))});
    const fromEnv = threadCount();
    setThreads(2);
    const A = Matrix.full(200, 300, 0.5);
    const started = Date.now();
    let C = A.matmul(A.T);
    while (matmulThreads().ready < 2 && Date.now() - started < 20000) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      C = A.matmul(A.T);
    }
    process.stdout.write(JSON.stringify({ fromEnv, threads: matmulThreads(), c: C.get(3, 4) }));
  `;
  const out = execFileSync(process.execPath, ["--import", "tsx", "-e", script], {
    cwd: ROOT,
    env: { ...process.env, LR2NN_THREADS: "1" },
    encoding: "utf8",
    timeout: 60000, // a worker that kept the process alive would hang here
  });
  const result = JSON.parse(out) as {
    fromEnv: number;
    threads: { threads: number; ready: number; status: string };
    c: number;
  };
  assert.equal(result.fromEnv, 1);
  assert.deepEqual(result.threads, { threads: 2, ready: 2, status: "" });
  assert.equal(result.c, 300 * 0.25);
});

test("with the default threshold a 2-20-1-sized product stays on one thread and a digits mini-batch of 64 is split", async () => {
  assert.ok(20 * 20 * 400 < PARALLEL_MIN_WORK && PARALLEL_MIN_WORK <= 64 * 784 * 64);
  const loaded = loadWasmMatmul();
  assert.ok(loaded.kernel, loaded.detail);
  const previous = setThreads(2);
  try {
    const r = rng(33);
    const W = pixelLikeValues(r, 64, 784);
    const batch = pixelLikeValues(r, 784, 64);
    const out = new Float64Array(64 * 64);
    for (let waited = 0; loaded.threadsReady() < 2 && waited < 20000; waited += 20) {
      loaded.kernel(W, batch, out, 64, 784, 64);
      await sleep(20);
    }
    assert.equal(loaded.threadsReady(), 2, `the worker did not start: ${loaded.threadStatus()}`);
    // a product the size of a 2-20-1 network's steps or smaller: 20×20·20×400 (160 000 multiply-adds)
    const A = pixelLikeValues(r, 20, 20);
    const B = pixelLikeValues(r, 20, 400);
    const before = loaded.workerParts();
    for (let i = 0; i < 20; i++) loaded.kernel(A, B, new Float64Array(20 * 400), 20, 20, 400);
    assert.equal(loaded.workerParts(), before, "a 20×20·20×400 product went to a worker");
    // Split in two parts, the main thread claims one and the worker the other — unless the worker is slow to wake
    // (a loaded machine), when the main thread takes both: so run products until the worker has taken a part.
    for (let i = 0; i < 2000 && loaded.workerParts() === before; i++)
      loaded.kernel(W, batch, out, 64, 784, 64);
    assert.ok(loaded.workerParts() > before, "no 64×784·784×64 product was split (2000 tried)");
  } finally {
    setThreads(previous);
  }
});
