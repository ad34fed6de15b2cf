/**
 * One worker thread of the matrix product (see matmul-pool.ts). It instantiates the kernel's module over the
 * shared memory it is given, says it is ready, and then, for ever: sleeps until its state is GO, runs the
 * kernel with the arguments in its slot (one part of C), and marks the part DONE (or FAILED). It moves no data:
 * A, B and C are in the shared memory. Runs as lib/dist/engine/matmul-worker.js; imported anywhere else (not
 * as a pool's worker) it does nothing.
 */
import { isMainThread, workerData } from "node:worker_threads";
import { ARGS, DONE, FAILED, GO, READY, SLOT, SPIN, STATE, type WorkerSetup } from "./matmul-pool";

interface WasmApi {
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
type Kernel = (...args: number[]) => void;

function serve(setup: WorkerSetup): void {
  const c = new Int32Array(setup.control);
  const base = setup.slot * SLOT;
  let matmul: Kernel;
  try {
    const api = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const instance = new api.Instance(setup.module, { env: { memory: setup.memory } });
    matmul = instance.exports.matmul as Kernel;
    Atomics.store(c, base + READY, 1);
  } catch (err) {
    Atomics.store(c, base + READY, -1);
    throw err;
  }
  const args = new Array<number>(11);
  for (;;) {
    let state = Atomics.load(c, base + STATE);
    for (let t = 0; state !== GO && t < SPIN; t++) state = Atomics.load(c, base + STATE);
    while (state !== GO) {
      Atomics.wait(c, base + STATE, state);
      state = Atomics.load(c, base + STATE);
    }
    for (let i = 0; i < 11; i++) args[i] = c[base + ARGS + i] as number;
    let result = DONE;
    try {
      matmul(...args);
    } catch {
      result = FAILED;
    }
    Atomics.store(c, base + STATE, result);
    Atomics.notify(c, base + STATE);
  }
}

const setup = workerData as WorkerSetup | undefined;
if (!isMainThread && setup?.control instanceof SharedArrayBuffer) serve(setup);
