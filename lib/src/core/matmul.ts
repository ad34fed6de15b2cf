/**
 * Matrix multiplication kernels on raw row-major `Float64Array`s. Every matrix product in the lib
 * goes through `matmulInto`, so a faster kernel can replace the readable one without touching
 * anything else.
 *
 * C (m×n) = A (m×k) · B (k×n),   C[i][j] = Σ_p A[i][p] · B[p][j]
 *
 * Kernels registered: "reference" (the readable triple loop below) and, once the engine
 * (lib/src/engine) is loaded, "wasm" (a WebAssembly SIMD kernel, engine/kernels/matmul.wat, with
 * fused multiply-adds), which becomes the default, and "wasm-exact" (the same kernel without
 * fusing). The lib's index loads the engine, so every notebook gets it. Set the environment
 * variable LR2NN_KERNEL=reference to start with the reference kernel instead; `useMatmulKernel` switches
 * at any time. Each kernel also has a variant for A·Bᵀ given Bᵀ (`matmulTransposedInto`), so
 * backpropagation's dZ·Aᵀ needs no transpose.
 *
 * "wasm" rounds each A[i][p]·B[p][j] + sum once (a fused multiply-add), the loop twice, so their
 * results differ in the last bits (test/engine/matmul-fma.test.ts bounds it).
 *
 * When "wasm-exact" and the reference agree bit for bit: whenever A is finite (B may hold NaN or
 * ±Infinity). Each C[i][j] is then the same sum in the same order, +0 + A[i][0]·B[0][j] + … +
 * A[i][k−1]·B[k−1][j], every product and every sum rounded. The WASM kernels skip the rows of B
 * that are +0 in all 4 columns of a packed panel (most pixel rows of the digits): with A[i][p]
 * finite their products are ±0, and adding ±0 to a sum that started at +0 changes nothing. With
 * A[i][p] NaN or ±Infinity it does: the reference adds 0·NaN = NaN (it skips nothing, so it gives
 * the IEEE value of the formula above), while the WASM kernel's C[i][j] may stay a number.
 * test/core/matmul.test.ts shows both cases.
 */

/** A kernel writes A·B into `out` (length m·n, overwritten). All arrays are row-major. */
export type MatmulKernel = (
  A: Float64Array,
  B: Float64Array,
  out: Float64Array,
  m: number,
  k: number,
  n: number,
) => void;

/**
 * The reference kernel: the textbook triple loop, C[i][j] = Σ_p A[i][p]·B[p][j], every term added,
 * in i-p-j order: the innermost loop walks rows of B and C contiguously (cache-friendly) instead of
 * striding down a column of B. Each C[i][j] still receives its terms in the order p = 0, 1, …, k−1.
 */
export const referenceKernel: MatmulKernel = (A, B, out, m, k, n) => {
  out.fill(0);
  for (let i = 0; i < m; i++) {
    const rowC = i * n;
    const rowA = i * k;
    for (let p = 0; p < k; p++) {
      const aip = A[rowA + p] as number;
      const rowB = p * n;
      for (let j = 0; j < n; j++) {
        out[rowC + j] = (out[rowC + j] as number) + aip * (B[rowB + j] as number);
      }
    }
  }
};

/**
 * The reference kernel for out = A·Bᵀ given Bt = Bᵀ (n×k, row-major): a dot product of two rows,
 * out[i][j] = Σ_p A[i][p]·Bt[j][p]. The same terms in the same order as `referenceKernel` on B, so
 * the same result, bit for bit.
 */
export const referenceTransposedKernel: MatmulKernel = (A, Bt, out, m, k, n) => {
  for (let i = 0; i < m; i++) {
    const rowA = i * k;
    for (let j = 0; j < n; j++) {
      const rowB = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += (A[rowA + p] as number) * (Bt[rowB + p] as number);
      out[i * n + j] = s;
    }
  }
};

interface KernelEntry {
  name: string;
  kernel: MatmulKernel;
  /** The same kernel taking Bᵀ (n×k) instead of B, if it has such a variant. */
  transposed?: MatmulKernel;
}

const kernels = new Map<string, KernelEntry>([
  [
    "reference",
    { name: "reference", kernel: referenceKernel, transposed: referenceTransposedKernel },
  ],
]);
let active: KernelEntry = kernels.get("reference") as KernelEntry;

/**
 * Registers a kernel under a name (e.g. "wasm"), without activating it; `transposed`, if given, is
 * its variant for A·Bᵀ given Bᵀ (used by `matmulTransposedInto`).
 */
export function registerMatmulKernel(
  name: string,
  kernel: MatmulKernel,
  transposed?: MatmulKernel,
): void {
  kernels.set(name, { name, kernel, transposed });
}

/** Makes the named kernel the one every product uses; returns the previous kernel's name. */
export function useMatmulKernel(name: string): string {
  const entry = kernels.get(name);
  if (!entry) {
    throw new Error(
      `useMatmulKernel: no kernel named "${name}"; known: ${[...kernels.keys()].join(", ")}`,
    );
  }
  const previous = active.name;
  active = entry;
  return previous;
}

/** The name of the kernel in use (no allocation: the engine asks on every training step). */
export function activeMatmulKernel(): string {
  return active.name;
}

/** The name of the kernel in use, and every registered name. */
export function matmulKernels(): { active: string; available: string[] } {
  return { active: active.name, available: [...kernels.keys()] };
}

/**
 * Products with nothing to multiply never reach a kernel: an m×0 or 0×n result has no entries, and
 * with k = 0 every entry is an empty sum, 0. Returns true when it handled the product.
 */
function emptyProduct(out: Float64Array, m: number, k: number, n: number): boolean {
  if (m === 0 || n === 0) return true;
  if (k === 0) {
    out.fill(0);
    return true;
  }
  return false;
}

/** out (m×n) = A (m×k) · B (k×n) with the active kernel. */
export function matmulInto(
  A: Float64Array,
  B: Float64Array,
  out: Float64Array,
  m: number,
  k: number,
  n: number,
): void {
  if (emptyProduct(out, m, k, n)) return;
  active.kernel(A, B, out, m, k, n);
}

/**
 * out (m×n) = A (m×k) · Bᵀ, given Bt = Bᵀ (n×k, row-major), with the active kernel: the product
 * with a transposed matrix without building the transpose (e.g. dW = dZ·Aᵀ in backpropagation). The
 * same numbers as `matmulInto(A, transpose of Bt, …)`. A kernel without a transposed variant gets
 * the transpose built for it.
 */
export function matmulTransposedInto(
  A: Float64Array,
  Bt: Float64Array,
  out: Float64Array,
  m: number,
  k: number,
  n: number,
): void {
  if (emptyProduct(out, m, k, n)) return;
  if (active.transposed) {
    active.transposed(A, Bt, out, m, k, n);
    return;
  }
  const B = new Float64Array(k * n);
  for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) B[p * n + j] = Bt[j * k + p] as number;
  active.kernel(A, B, out, m, k, n);
}
