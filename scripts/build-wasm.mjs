// @ts-check
// Assembles the WebAssembly kernels: lib/src/engine/kernels/NAME.wat → lib/dist/engine/kernels/NAME.wasm, with the `wabt`
// package (the WebAssembly Binary Toolkit compiled to JavaScript; no download). Run by `npm run build`
// before tsc. `assembleWat` is also used by test/kernels.test.ts to check that the built file is up to date.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import wabtInit from "wabt";

// @ts-ignore TS1343: the root tsconfig checks with module=commonjs, but this file is ESM and runs as such.
const HERE = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(HERE), "..");
export const KERNEL_SRC = path.join(ROOT, "lib", "src", "engine", "kernels");
export const KERNEL_OUT = path.join(ROOT, "lib", "dist", "engine", "kernels");

/**
 * The binary module for one .wat file (SIMD, bulk-memory and threads — a shared memory — allowed).
 * @param {string} file
 * @returns {Promise<Uint8Array>}
 */
export async function assembleWat(file) {
  const wabt = await wabtInit();
  const features = { simd: true, bulk_memory: true, threads: true };
  const mod = wabt.parseWat(path.basename(file), readFileSync(file, "utf8"), features);
  try {
    // wabt's typings declare validate() without arguments, but it takes the features (without them it
    // rejects the shared memory: "memories may not be shared").
    /** @type {(features: object) => void} */ (mod.validate).call(mod, features);
    return mod.toBinary({}).buffer;
  } finally {
    mod.destroy();
  }
}

/** Assembles every kernel; returns the files written. */
export async function buildKernels() {
  mkdirSync(KERNEL_OUT, { recursive: true });
  const written = [];
  for (const name of readdirSync(KERNEL_SRC)
    .filter((f) => f.endsWith(".wat"))
    .sort()) {
    const bytes = await assembleWat(path.join(KERNEL_SRC, name));
    const out = path.join(KERNEL_OUT, name.replace(/\.wat$/, ".wasm"));
    writeFileSync(out, bytes);
    written.push(`${path.relative(ROOT, out)} (${bytes.length} bytes)`);
  }
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === HERE) {
  buildKernels().then(
    (files) => console.log(`build-wasm: ${files.join(", ")}`),
    (err) => {
      console.error(`build-wasm: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
