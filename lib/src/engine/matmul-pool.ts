/**
 * The worker threads of the matrix product: the second (and further) cores, and how many may run
 * (`setThreads`, LR2NN_THREADS). Nothing here teaches.
 *
 * Every worker (matmul-worker.ts, compiled to lib/dist/engine/matmul-worker.js) instantiates the same
 * WebAssembly module as the main thread over the same shared `WebAssembly.Memory`, so a worker reads A and B
 * where the main thread copied them and writes its part of C where the main thread reads it: no message
 * carries any data. A product is cut into parts (a few per thread; matmul-wasm.ts cuts them), each with its
 * own scratch memory. A product is synchronous to its caller: the main thread writes the parts' arguments into
 * a small shared Int32Array, wakes the workers (`Atomics.notify`), and every thread — the main thread too —
 * claims parts one at a time (`Atomics.compareExchange`) until none is left; then the main thread waits
 * (`Atomics.wait`) until the parts the workers claimed are done. A worker the machine does not schedule soon
 * takes fewer parts, instead of making everyone wait.
 *
 * Workers start on the first product large enough to need them and are `unref()`ed: they never keep a script
 * or the notebook's kernel alive. Until a worker says it is ready — and for good if it cannot start, fails, or
 * does not answer — the main thread computes its part itself: the same numbers, one thread.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import * as os from "node:os";
import { Worker } from "node:worker_threads";

// ------------------------------------------------------------------------------------------ threads

/**
 * Products with fewer multiply-adds (m·k·n) than this stay on one thread (2^20, about a million: the 2-6-1 and
 * 2-20-1 networks and a logistic regression stay; a digits mini-batch of 64, 64×784·784×64, and anything larger
 * is split). Waking a worker takes up to ~100 µs on these machines, and every part packs its shared operand
 * again, so small products lose; but a mini-batch step of 64 spends most of its time in two products of 3.2
 * million multiply-adds each. Training the 784-64-1 network on the dense digits in mini-batches of 64 (3 epochs)
 * took 0.33–0.35 s with those products on one thread and 0.26–0.29 s with them split (2^22 against 2^20,
 * processes alternating, 2 cores, 2026-12-05); an earlier version of the kernel and pool had measured the
 * opposite (0.91 s with 2^22, 1.01 s with 2^19), which is why this was 2^22 before.
 */
export const PARALLEL_MIN_WORK = 2 ** 20;

/**
 * Products with fewer multiply-adds than this are cut into one part per thread, larger ones into 2–4 per thread.
 * Measured on the digits' shapes with 2 threads, alternating in one process (64×784·784×64 went from 5.7 to 7.4–8.2
 * GFLOP/s, 256³ from 7.7–8.4 to 9.2–10.9).
 */
export const FEW_PARTS_BELOW = 2 ** 24;

function threadsFromEnv(): number {
  const env = typeof process !== "undefined" ? process.env?.LR2NN_THREADS : undefined;
  const n = env === undefined || env === "" ? NaN : Number(env);
  if (Number.isInteger(n) && n >= 1) return Math.min(n, 64);
  const cores = (os.availableParallelism?.() ?? os.cpus().length) || 1;
  return Math.min(cores, 4);
}

let threads = threadsFromEnv();

/**
 * How many threads a large matrix product may use (1 = the main thread only); returns the previous setting.
 * The default is the number of cores (at most 4), or the environment variable LR2NN_THREADS when the lib
 * loads. The numbers never depend on it: every thread computes its part of C with the same instructions.
 */
export function setThreads(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new RangeError(
      `setThreads: the thread count must be a whole number from 1 to 64, got ${n}`,
    );
  const previous = threads;
  threads = n;
  return previous;
}

/** The thread count set by `setThreads` (or LR2NN_THREADS). */
export function threadCount(): number {
  return threads;
}

/**
 * The control array (Int32, shared): NEXT = (generation << 8) | the next part to claim; COUNT parts in this
 * product; DONE parts finished; WORKED parts the workers computed (ever); READY[w] = 1 when worker w is ready (−1: it failed to start); then TABLE, one
 * row of ROW values per part: the kernel's 12 arguments and the part's state (0 to do, 1 done, 2 failed).
 */
export const NEXT = 0;
export const COUNT = 1;
export const DONE = 2;
/** Parts the workers have computed, all products together (for the tests: the workers did take part). */
export const WORKED = 3;
export const READY = 4;
export const TABLE = 128;
export const ROW = 13;
/** At most this many parts per product (the index field of NEXT has 8 bits). */
export const MAX_PARTS = 64;
/** Workers at most. */
export const MAX_WORKERS = 63;
/**
 * Turns a thread polls a value before it sleeps in `Atomics.wait` (tens of microseconds): the next product of a
 * training step usually comes sooner than a sleeping thread wakes up.
 */
export const SPIN = 20000;

/**
 * Where piece t of 0…size begins when it is cut into `parts` pieces at multiples of 4, as equal as whole quads
 * allow (piece `parts` begins at size: the end).
 */
export function cut(size: number, parts: number, t: number): number {
  return t >= parts ? size : 4 * Math.floor((t * Math.ceil(size / 4)) / parts);
}

/**
 * Claims the next part of the current product, or returns −1 when none is left: the index field of NEXT goes
 * up by one with a compare-and-swap, which fails when another thread claimed first (then it tries again) or a
 * newer product has begun (its generation differs).
 */
export function claim(c: Int32Array, seen: number): number {
  let v = seen;
  for (;;) {
    const i = v & 0xff;
    if (i >= Atomics.load(c, COUNT)) return -1;
    const w = Atomics.compareExchange(c, NEXT, v, v + 1);
    if (w === v) return i;
    if (w >>> 8 !== v >>> 8) return -1; // a newer product
    v = w;
  }
}

/** Runs the kernel on part i with its arguments from the table, and marks it done (or failed). */
export function runPart(c: Int32Array, i: number, kernel: (...args: number[]) => void): void {
  const row = TABLE + i * ROW;
  let state = 1;
  try {
    kernel(
      c[row] as number,
      c[row + 1] as number,
      c[row + 2] as number,
      c[row + 3] as number,
      c[row + 4] as number,
      c[row + 5] as number,
      c[row + 6] as number,
      c[row + 7] as number,
      c[row + 8] as number,
      c[row + 9] as number,
      c[row + 10] as number,
      c[row + 11] as number,
    );
  } catch {
    state = 2;
  }
  Atomics.store(c, row + 12, state);
  Atomics.add(c, WORKED, 1);
  Atomics.add(c, DONE, 1);
  Atomics.notify(c, DONE);
}

/** What a worker receives (`workerData`). */
export interface WorkerSetup {
  module: object;
  memory: object;
  control: SharedArrayBuffer;
  /** This worker's index (its READY flag). */
  slot: number;
}

/** Where the worker's script is looked for: beside the built lib, or (running from lib/src) in lib/dist. */
export function workerScriptPaths(): string[] {
  return [
    path.join(__dirname, "matmul-worker.js"),
    path.join(__dirname, "..", "..", "dist", "engine", "matmul-worker.js"),
  ];
}

interface WorkerLike {
  unref(): void;
  on(event: "error" | "exit", listener: (arg: unknown) => void): unknown;
  terminate(): Promise<number>;
}

/** How long the main thread waits for a worker's part before it computes the part itself (ms). */
const PATIENCE_MS = 20000;

/** A pool of worker threads over one shared memory; see the top of this file. */
export class MatmulPool {
  private readonly control: Int32Array;
  private readonly workers: WorkerLike[] = [];
  private generation = 0;
  private broken = false;
  /** Why the pool does not run (empty while it can). */
  status = "";

  constructor(
    private readonly module: object,
    private readonly memory: object,
    /** The worker's script; default the first of `workerScriptPaths()` that exists. */
    private readonly file?: string,
  ) {
    this.control = new Int32Array(new SharedArrayBuffer(4 * (TABLE + ROW * MAX_PARTS)));
  }

  /** Starts workers until there are `count` (at most 63); returns false when they cannot start. */
  ensure(count: number): boolean {
    if (this.broken) return false;
    while (this.workers.length < Math.min(count, MAX_WORKERS)) {
      const slot = this.workers.length;
      try {
        const file = this.file ?? workerScriptPaths().find((f) => existsSync(f));
        if (!file || !existsSync(file))
          throw new Error(
            `${file ?? "lib/dist/engine/matmul-worker.js"} is missing: run \`npm run build\``,
          );
        const setup: WorkerSetup = {
          module: this.module,
          memory: this.memory,
          control: this.control.buffer as SharedArrayBuffer,
          slot,
        };
        // execArgv: [] — the worker is plain compiled JS; it must not inherit a loader such as tsx's.
        const worker = new Worker(file, {
          workerData: setup,
          execArgv: [],
        }) as unknown as WorkerLike;
        worker.unref();
        const fail = (why: unknown) => {
          Atomics.store(this.control, READY + slot, -1);
          this.stop(`a worker stopped (${why instanceof Error ? why.message : String(why)})`);
        };
        worker.on("error", fail);
        worker.on("exit", (code) => {
          if (!this.broken) fail(`exit code ${String(code)}`);
        });
        this.workers.push(worker);
      } catch (err) {
        this.stop(`workers cannot start (${err instanceof Error ? err.message : String(err)})`);
        return false;
      }
    }
    return true;
  }

  /** How many of the first `count` workers are ready to take parts now. */
  ready(count: number): number {
    if (this.broken) return 0;
    let r = 0;
    const n = Math.min(count, this.workers.length);
    for (let w = 0; w < n; w++) if (Atomics.load(this.control, READY + w) === 1) r++;
    return r;
  }

  /** Writes part i's kernel arguments into the table (before `run`). */
  setPart(i: number, args: readonly number[]): void {
    const row = TABLE + i * ROW;
    for (let j = 0; j < 12; j++) this.control[row + j] = args[j] as number;
    this.control[row + 12] = 0;
  }

  /**
   * Runs parts 0…count−1 (set with `setPart`): wakes the workers, claims parts on this thread too (`local`
   * computes one), and returns when every part is done. Parts are claimed one at a time, so a worker that is
   * slow to wake (the machine is busy) takes fewer and nobody waits for it. A part that failed, or that a
   * worker claimed but did not finish in time, is computed here; the pool then stops (one thread from then on).
   */
  run(count: number, local: (i: number) => void): void {
    const c = this.control;
    this.generation = (this.generation + 1) & 0x7fffff;
    Atomics.store(c, COUNT, count);
    Atomics.store(c, DONE, 0);
    const start = this.generation << 8;
    Atomics.store(c, NEXT, start);
    Atomics.notify(c, NEXT);
    let v = start;
    for (;;) {
      const i = claim(c, v);
      if (i < 0) break;
      local(i);
      Atomics.store(c, TABLE + i * ROW + 12, 1);
      Atomics.add(c, DONE, 1);
      v = Atomics.load(c, NEXT);
    }
    let done = Atomics.load(c, DONE);
    for (let t = 0; done < count && t < SPIN; t++) done = Atomics.load(c, DONE);
    const deadline = Date.now() + PATIENCE_MS;
    while (done < count && Date.now() < deadline) {
      Atomics.wait(c, DONE, done, 100);
      done = Atomics.load(c, DONE);
    }
    let failed = done < count;
    for (let i = 0; i < count; i++) {
      if (Atomics.load(c, TABLE + i * ROW + 12) === 1) continue;
      failed = true;
      local(i);
    }
    if (failed)
      this.stop(done < count ? "a worker did not answer" : "a worker failed on a product");
  }

  /** Stops every worker; products run on one thread from then on. */
  stop(why: string): void {
    if (this.broken) return;
    this.broken = true;
    this.status = why;
    for (const w of this.workers) void w.terminate().catch(() => undefined);
  }

  /** Parts computed by the workers so far. */
  get workerParts(): number {
    return Atomics.load(this.control, WORKED);
  }

  get running(): boolean {
    return !this.broken;
  }
}
