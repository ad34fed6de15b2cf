/**
 * Printing matrices for people: numbers to a fixed number of decimals, and a large matrix shown by
 * its corners, the way numpy prints arrays. `Matrix.toString` (and so `console.log` and a cell's
 * output) uses it.
 */
import { shapeStr, type RawMatrix } from "./shape";

/** v to `digits` decimals; exponent form for |v| ≥ 1e5 or |v| < 1e-4; NaN, Inf, -Inf as words. */
export function formatNumber(v: number, digits: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "Inf" : "-Inf";
  if (v === 0) return (0).toFixed(digits);
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-4) return v.toExponential(digits - 1);
  return v.toFixed(digits);
}

/** Indices to show for a dimension of length n with at most max entries; −1 marks the "…" gap. */
function pickIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const head = Math.ceil((max - 1) / 2);
  const tail = max - 1 - head;
  const first = Array.from({ length: head }, (_, i) => i);
  const last = Array.from({ length: tail }, (_, i) => n - tail + i);
  return [...first, -1, ...last];
}

/**
 * "Matrix 2×3" and then the rows, each value to `digits` decimals — whole numbers without any when
 * every value shown is whole (labels, counts, pixels). Beyond maxRows×maxCols, the corners with "…"
 * between them.
 */
export function formatMatrix(A: RawMatrix, digits = 4, maxRows = 8, maxCols = 8): string {
  const rowIdx = pickIndices(A.rows, maxRows);
  const colIdx = pickIndices(A.cols, maxCols);
  const at = (i: number, j: number): number => A.data[i * A.cols + j] as number;
  const shown = rowIdx.flatMap((i) => colIdx.map((j) => (i < 0 || j < 0 ? 0 : at(i, j))));
  const whole = shown.every(
    (v) => !Number.isFinite(v) || (Number.isInteger(v) && Math.abs(v) < 1e15),
  );
  const show = (v: number): string =>
    whole && Number.isFinite(v) ? String(v) : formatNumber(v, digits);
  const cells = rowIdx.map((i) => colIdx.map((j) => (i < 0 || j < 0 ? "…" : show(at(i, j)))));
  const width = Math.max(1, ...cells.flat().map((s) => s.length));
  const lines = cells.map((r) => "  [" + r.map((s) => s.padStart(width)).join(", ") + "]");
  return `Matrix ${shapeStr(A.rows, A.cols)}\n` + (lines.length ? lines.join("\n") : "  (empty)");
}
