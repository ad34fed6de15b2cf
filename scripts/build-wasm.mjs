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
 * The index just past the parenthesised expression that opens at `text[open]` (a "(" outside any comment).
 * @param {string} text
 * @param {number} open
 * @returns {number}
 */
function closingIndex(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === ";" && text[i + 1] === ";") {
      i = text.indexOf("\n", i);
      if (i < 0) break; // a comment to the end of the text
    } else if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i + 1;
  }
  throw new Error("unbalanced parentheses");
}

/**
 * Inlines the calls to the functions marked `;; @inline` on the line before them (V8's WebAssembly compiler in
 * Node 20 does not inline calls, and a call per pair of values costs a third of an elementwise loop). Each
 * `(call $f ARG…)` becomes `(block (result T) (local.set $f__p ARG)… BODY)`, the callee's parameters and locals
 * renamed `$f__name` and declared in the caller; repeated until no marked call is left (helpers may call
 * helpers). The marked functions themselves are removed. A text without marks is returned as it is. Limits
 * (a helper breaking the first two is refused): no typed blocks in a helper, no helper calling itself or called
 * in the arguments of a call to itself; and locals are not reset between calls, so a helper must set each of
 * its locals before reading it.
 * @param {string} wat
 * @returns {string}
 */
export function inlineMarkedFunctions(wat) {
  /** @typedef {{ name: string, type: string }} Variable */
  /** @type {Map<string, { params: Variable[], locals: Variable[], result: string, body: string }>} */
  const helpers = new Map();
  let text = wat;
  for (;;) {
    const mark = text.indexOf(";; @inline\n");
    if (mark < 0) break;
    const open = text.indexOf("(func", mark);
    const end = closingIndex(text, open);
    const src = text.slice(open, end).replace(/;;[^\n]*/g, "");
    const name = /^\(func (\$\w+)/.exec(src)?.[1] ?? "";
    /** @type {(m: RegExpMatchArray) => Variable} */
    const variable = (m) => ({ name: m[1] ?? "", type: m[2] ?? "" });
    const params = [...src.matchAll(/\(param (\$\w+) (\w+)\)/g)].map(variable);
    const locals = [...src.matchAll(/\(local (\$\w+) (\w+)\)/g)].map(variable);
    const result = /\(result (\w+)\)/.exec(src)?.[1] ?? "";
    // the header: "(func $name" and the (param …), (result …), (local …) right after it; the rest is the body
    let headerEnd = src.indexOf(name) + name.length;
    for (;;) {
      const next = /^\s*\((?:param|local|result) [^()]*\)/.exec(src.slice(headerEnd));
      if (!next) break;
      headerEnd += next[0].length;
    }
    let body = src.slice(headerEnd, src.length - 1);
    if (/\(result /.test(body) || body.includes(`(call ${name}`))
      throw new Error(`${name}: an @inline helper may not hold typed blocks or call itself`);
    for (const v of [...params, ...locals])
      body = body.replaceAll(
        new RegExp(`\\${v.name}\\b`, "g"),
        `$${name.slice(1)}__${v.name.slice(1)}`,
      );
    helpers.set(name, { params, locals, result, body });
    text = text.slice(0, mark) + text.slice(end);
  }
  if (helpers.size === 0) return wat;
  for (let pass = 0; pass < 10; pass++) {
    let changed = false;
    text = text
      .split(/(?=\n\s*\(func )/)
      .map((fn) => {
        const declared = new Set();
        for (;;) {
          const call = /\(call (\$\w+)/g;
          let m;
          /** @type {RegExpExecArray | null} */
          let found = null;
          while ((m = call.exec(fn)))
            if (helpers.has(m[1])) {
              found = m;
              break;
            }
          if (!found) break;
          const helper = found[1] ?? "";
          const h = /** @type {NonNullable<ReturnType<typeof helpers.get>>} */ (
            helpers.get(found[1])
          );
          const end = closingIndex(fn, found.index);
          // the arguments: the call's top-level expressions, in order
          /** @type {string[]} */
          const args = [];
          for (let i = found.index + found[0].length; i < end - 1; i++)
            if (fn[i] === "(") {
              const j = closingIndex(fn, i);
              args.push(fn.slice(i, j));
              i = j - 1;
            }
          if (args.some((a) => a.includes(`(call ${helper} `) || a.includes(`(call ${helper})`)))
            throw new Error(`${helper}: nested calls of an @inline helper share its locals`);
          const f = found[1].slice(1);
          const sets = h.params
            .map((p, k) => `(local.set $${f}__${p.name.slice(1)} ${args[k]})`)
            .join(" ");
          fn =
            fn.slice(0, found.index) +
            `(block (result ${h.result}) ${sets} ${h.body})` +
            fn.slice(end);
          for (const v of [...h.params, ...h.locals])
            declared.add(`(local $${f}__${v.name.slice(1)} ${v.type})`);
          changed = true;
        }
        if (declared.size === 0) return fn;
        // the new locals go right after the function's own parameters, results and locals
        const head =
          /^\n?\s*\(func[^\n]*(?:\n\s*\((?:param|local|result) [^\n]*)*/.exec(fn)?.[0] ?? "";
        return head + ` ${[...declared].join(" ")}` + fn.slice(head.length);
      })
      .join("");
    if (!changed) break;
  }
  return text;
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
  let text = inlineMarkedFunctions(readFileSync(file, "utf8"));
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
