/**
 * The worker threads of the matrix product: the second (and further) cores. Nothing here teaches.
 *
 * Every worker (matmul-worker.ts, compiled to lib/dist/engine/matmul-worker.js) instantiates the same
 * WebAssembly module as the main thread over the same shared `WebAssembly.Memory`, so a worker reads A and B
 * where the main thread copied them and writes its part of C where the main thread reads it: no message
 * carries any data. A product is synchronous to its caller: the main thread writes each worker's arguments
 * into a small shared Int32Array, wakes the worker (`Atomics.notify`), computes its own part, and then waits
 * (`Atomics.wait`) until every worker has marked its part done.
 *
 * Workers start on the first product large enough to need them and are `unref()`ed: they never keep a script
 * or the notebook's kernel alive. Until a worker says it is ready — and for good if it cannot start, fails, or
 * does not answer — the main thread computes its part itself: the same numbers, one thread.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";

/** Int32 slots per worker in the control array. */
export const SLOT = 16;
/** Offsets within a slot: the state, whether the worker is ready (1) or failed to start (−1), the arguments. */
export const STATE = 0;
export const READY = 1;
export const ARGS = 2;
/** States: nothing to do, a part to compute, the part computed, the part failed. */
export const IDLE = 0;
export const GO = 1;
export const DONE = 2;
export const FAILED = 3;
/**
 * Turns a thread polls a state before it sleeps in `Atomics.wait` (a few microseconds): the next product of a
 * training step usually comes sooner than a sleeping thread wakes up.
 */
export const SPIN = 20000;

/** What a worker receives (`workerData`). */
export interface WorkerSetup {
  module: object;
  memory: object;
  control: SharedArrayBuffer;
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
  private broken = false;
  /** Why the pool does not run (empty while it can). */
  status = "";

  constructor(
    private readonly module: object,
    private readonly memory: object,
    /** The worker's script; default the first of `workerScriptPaths()` that exists. */
    private readonly file?: string,
  ) {
    this.control = new Int32Array(new SharedArrayBuffer(4 * SLOT * 64));
  }

  /** Starts workers until there are `count` (at most 63); returns false when they cannot start. */
  ensure(count: number): boolean {
    if (this.broken) return false;
    while (this.workers.length < Math.min(count, 63)) {
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
          Atomics.store(this.control, slot * SLOT + READY, -1);
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

  /** How many of the first `count` workers are ready to take a part now. */
  ready(count: number): number {
    if (this.broken) return 0;
    let r = 0;
    while (r < Math.min(count, this.workers.length) && this.isReady(r)) r++;
    return r;
  }

  private isReady(slot: number): boolean {
    return Atomics.load(this.control, slot * SLOT + READY) === 1;
  }

  /** Hands worker `slot` the kernel's arguments and wakes it. */
  start(slot: number, args: readonly number[]): void {
    const base = slot * SLOT;
    for (let i = 0; i < args.length; i++) this.control[base + ARGS + i] = args[i] as number;
    Atomics.store(this.control, base + STATE, GO);
    Atomics.notify(this.control, base + STATE, 1);
  }

  /**
   * Waits until worker `slot` has computed its part. Returns false when it failed or did not answer in time:
   * the caller then computes the part itself, and the pool stops (one thread from then on).
   */
  finish(slot: number): boolean {
    const i = slot * SLOT + STATE;
    const c = this.control;
    let state = Atomics.load(c, i);
    for (let t = 0; state === GO && t < SPIN; t++) state = Atomics.load(c, i);
    const deadline = Date.now() + PATIENCE_MS;
    while (state === GO && Date.now() < deadline) {
      Atomics.wait(c, i, GO, 100);
      state = Atomics.load(c, i);
    }
    if (state === DONE) return true;
    this.stop(state === GO ? "a worker did not answer" : "a worker failed on a product");
    return false;
  }

  /** Stops every worker; products run on one thread from then on. */
  stop(why: string): void {
    if (this.broken) return;
    this.broken = true;
    this.status = why;
    for (const w of this.workers) void w.terminate().catch(() => undefined);
  }

  get running(): boolean {
    return !this.broken;
  }
}
