// Test data for the product kernels: values like pixels, with exact zeros, whole rows of zeros (the rows of B
// the WebAssembly kernel skips) and a spread of sizes.
import type { rng } from "../../lib/src/core/random";

/** rows×cols values: every 5th row (i % 5 = 3) all zeros, 30 % zeros elsewhere, some ×1e−3 and some ×1e3. */
export function pixelLikeValues(
  r: ReturnType<typeof rng>,
  rows: number,
  cols: number,
): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    if (i % 5 === 3) continue;
    for (let j = 0; j < cols; j++) {
      const u = r.uniform();
      out[i * cols + j] = u < 0.3 ? 0 : r.normal(0, 1) * (u < 0.35 ? 1e-3 : u > 0.95 ? 1e3 : 1);
    }
  }
  return out;
}
