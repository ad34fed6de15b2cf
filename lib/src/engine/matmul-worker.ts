/**
 * One worker thread of the matrix product (see matmul-pool.ts). It instantiates the kernel's module over the
 * shared memory it is given, says it is ready, and then, for ever: claims parts of the current product and
 * computes them, and when none is left sleeps until the next product begins. It moves no data: A, B and C are
 * in the shared memory. Runs as lib/dist/engine/matmul-worker.js; imported anywhere else (not as a pool's
 * worker) it does nothing.
 */
import { isMainThread, workerData } from "node:worker_threads";
import { claim, NEXT, READY, runPart, SPIN, type WorkerSetup } from "./matmul-pool";

interface WasmApi {
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
type Kernel = (...args: number[]) => void;

function serve(setup: WorkerSetup): void {
  const c = new Int32Array(setup.control);
  let matmul: Kernel;
  try {
    const api = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const instance = new api.Instance(setup.module, { env: { memory: setup.memory } });
    matmul = instance.exports.matmul as Kernel;
    Atomics.store(c, READY + setup.slot, 1);
  } catch (err) {
    Atomics.store(c, READY + setup.slot, -1);
    throw err;
  }
  for (;;) {
    const v = Atomics.load(c, NEXT);
    const i = claim(c, v);
    if (i >= 0) {
      runPart(c, i, matmul);
      continue;
    }
    // nothing left to claim: poll a little, then sleep until NEXT changes (the next product)
    let t = 0;
    while (t < SPIN && Atomics.load(c, NEXT) === v) t++;
    if (t === SPIN) Atomics.wait(c, NEXT, v);
  }
}

const setup = workerData as WorkerSetup | undefined;
if (!isMainThread && setup?.control instanceof SharedArrayBuffer) serve(setup);
