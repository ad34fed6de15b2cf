// @ts-check
// Assembles the WebAssembly kernels: lib/src/engine/kernels/NAME.wat → lib/dist/engine/kernels/NAME.wasm, with the `wabt`
// package (the WebAssembly Binary Toolkit compiled to JavaScript; no download). Run by `npm run build`
// before tsc. `assembleWat` is also used by test/core/kernels.test.ts to check that the built file is up to date.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import wabtInit from "wabt";

// @ts-ignore TS1343: the root tsconfig checks with module=commonjs, but this file is ESM and runs as such.
const HERE = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(HERE), "..");
export const KERNEL_SRC = path.join(ROOT, "lib", "src", "engine", "kernels");
export const KERNEL_OUT = path.join(ROOT, "lib", "dist", "engine", "kernels");

/** The functions whose multiply-adds the FMA variant fuses: the register tiles of the packed path. */
export const FMA_FUNCTIONS = ["$tile4x4", "$tile4x4Sparse", "$tile1x4"];

/**
 * The fused multiply-add variant of a kernel's text. In the register tiles of the packed path
 * (`FMA_FUNCTIONS`), every `c = c + s·b` of f64x2 values, `(f64x2.add (local.get $c) (f64x2.mul S B))`,
 * becomes `(f64x2.relaxed_madd S B (local.get $c))`: s·b + c rounded once, not twice (an FMA instruction
 * on every x86-64 CPU since 2013 and on every ARM64). The vector-shaped products (m = 1 or n = 1) and
 * the scalar leftovers stay as they are (WebAssembly has no scalar fused multiply-add), so A·Bᵀ from Bᵀ
 * still equals A·B bit for bit. Returns the text and how many multiply-adds were fused.
 * @param {string} wat
 * @returns {{ text: string, fused: number }}
 */
export function fuseMultiplyAdds(wat) {
  const operand = String.raw`\((?:local\.get \$\w+|v128\.load(?:64_splat)?(?: offset=\d+)? \(local\.get \$\w+\))\)`;
  const madd = new RegExp(
    String.raw`\(f64x2\.add \(local\.get (\$\w+)\) \(f64x2\.mul (${operand}) (${operand})\)\)`,
    "g",
  );
  let fused = 0;
  const text = wat
    .split(/(?=\n\s*\(func )/)
    .map((chunk) => {
      const name = /^\n\s*\(func (\$\w+)/.exec(chunk)?.[1];
      if (!name || !FMA_FUNCTIONS.includes(name)) return chunk;
      return chunk.replace(madd, (_, c, s, b) => {
        fused++;
        return `(f64x2.relaxed_madd ${s} ${b} (local.get ${c}))`;
      });
    })
    .join("");
  return { text, fused };
}

/**
 * The binary module for one .wat file (SIMD, bulk-memory and threads — a shared memory — allowed); with
 * `fma`, of its fused multiply-add variant (`fuseMultiplyAdds`, relaxed SIMD allowed too).
 * @param {string} file
 * @param {{ fma?: boolean }} [options]
 * @returns {Promise<Uint8Array>}
 */
export async function assembleWat(file, options = {}) {
  const wabt = await wabtInit();
  const features = { simd: true, bulk_memory: true, threads: true, relaxed_simd: !!options.fma };
  let text = readFileSync(file, "utf8");
  if (options.fma) {
    const fma = fuseMultiplyAdds(text);
    if (fma.fused === 0) throw new Error(`${path.basename(file)}: no multiply-add to fuse`);
    text = fma.text;
  }
  const mod = wabt.parseWat(path.basename(file), text, features);
  try {
    // wabt's typings declare validate() without arguments, but it takes the features (without them it
    // rejects the shared memory: "memories may not be shared").
    /** @type {(features: object) => void} */ (mod.validate).call(mod, features);
    return mod.toBinary({}).buffer;
  } finally {
    mod.destroy();
  }
}

/** Kernels that also get a fused multiply-add variant, NAME-fma.wasm (see `fuseMultiplyAdds`). */
export const FMA_KERNELS = ["matmul.wat"];

/** Assembles every kernel (and the FMA variants); returns the files written. */
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
    if (FMA_KERNELS.includes(name)) {
      const fmaBytes = await assembleWat(path.join(KERNEL_SRC, name), { fma: true });
      const fmaOut = out.replace(/\.wasm$/, "-fma.wasm");
      writeFileSync(fmaOut, fmaBytes);
      written.push(`${path.relative(ROOT, fmaOut)} (${fmaBytes.length} bytes)`);
    }
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
