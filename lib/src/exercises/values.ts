/**
 * Values as the checkers see them: how a number or a matrix is shown in a ✘ line, when two answers are the
 * same (to a tolerance), and the signs of a typical mistake (NaN, Infinity, a changed input). Used by check.ts.
 */
import { Matrix } from "../core/matrix";

/** A value a checker compares: a number, a boolean, a list of numbers, a matrix, or a record of those. */
export type Value =
  number | boolean | readonly number[] | Matrix | { readonly [field: string]: Value };

/** A number as a learner reads it: up to 6 significant digits, exponent form when tiny or huge. */
export function shortNumber(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (v === 0) return Object.is(v, -0) ? "0" : "0";
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const a = Math.abs(v);
  if (a < 1e-4 || a >= 1e9) return v.toExponential(4).replace(/\.?0+e/, "e");
  return String(Number(v.toPrecision(6)));
}

export interface MatrixLike {
  rows: number;
  cols: number;
  data: ArrayLike<number>;
}

export function isMatrixLike(v: unknown): v is MatrixLike {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as MatrixLike).rows === "number" &&
    typeof (v as MatrixLike).cols === "number" &&
    typeof (v as MatrixLike).data === "object"
  );
}

/** A plain record of values, e.g. { dw, db } (not a matrix, not a list). */
export function isRecord(v: unknown): v is { readonly [field: string]: unknown } {
  return (
    typeof v === "object" &&
    v !== null &&
    !isMatrixLike(v) &&
    !Array.isArray(v) &&
    !ArrayBuffer.isView(v)
  );
}

/** Any value in a ✘ line: numbers rounded, matrices with their shape (and values when small). */
export function formatValue(v: unknown): string {
  if (v === undefined) return "undefined (nothing returned)";
  if (typeof v === "number") return shortNumber(v);
  if (typeof v === "boolean" || v === null) return String(v);
  if (isMatrixLike(v)) {
    const shape = `${v.rows}×${v.cols}`;
    if (v.rows * v.cols > 12) return `a ${shape} matrix`;
    const rows = Array.from(
      { length: v.rows },
      (_, i) =>
        `[${Array.from({ length: v.cols }, (_, j) => shortNumber(Number(v.data[i * v.cols + j]))).join(", ")}]`,
    );
    return `${shape} [${rows.join(", ")}]`;
  }
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    const xs = Array.from(v as ArrayLike<unknown>);
    if (xs.length > 12) return `a list of ${xs.length} values`;
    return `[${xs.map((x) => (typeof x === "number" ? shortNumber(x) : String(x))).join(", ")}]`;
  }
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "function") return "a function";
  if (isRecord(v))
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${k}: ${formatValue(x)}`)
      .join(", ")} }`;
  return String(v);
}

export function closeNumber(got: number, want: number, rtol: number, atol: number): boolean {
  if (Number.isNaN(want)) return Number.isNaN(got);
  if (!Number.isFinite(want)) return got === want;
  return Number.isFinite(got) && Math.abs(got - want) <= atol + rtol * Math.abs(want);
}

/**
 * Whether `got` equals `want` within the tolerances: numbers, booleans, lists of numbers (also a typed array),
 * or matrices of the same shape.
 */
export function sameValue(got: unknown, want: Value, rtol = 1e-9, atol = 1e-12): boolean {
  if (typeof want === "number")
    return typeof got === "number" && closeNumber(got, want, rtol, atol);
  if (typeof want === "boolean") return got === want;
  if (isRecord(want) && !isMatrixLike(want)) {
    if (!isRecord(got)) return false;
    return Object.keys(want).every((k) => sameValue(got[k], want[k] as Value, rtol, atol));
  }
  if (isMatrixLike(want)) {
    if (!isMatrixLike(got) || got.rows !== want.rows || got.cols !== want.cols) return false;
    for (let i = 0; i < want.data.length; i++) {
      if (!closeNumber(Number(got.data[i]), Number(want.data[i]), rtol, atol)) return false;
    }
    return true;
  }
  const list = want as readonly number[];
  if (!(Array.isArray(got) || ArrayBuffer.isView(got))) return false;
  const g = got as ArrayLike<number>;
  if (g.length !== list.length) return false;
  for (let i = 0; i < list.length; i++) {
    if (typeof g[i] !== "number" || !closeNumber(g[i] as number, list[i] as number, rtol, atol))
      return false;
  }
  return true;
}

/**
 * The expected and the got value as a ✘ line shows them. A list or matrix too long to print whole is named by its
 * first entry that differs: `a list of 20 values, [3] = 0.6124` against `…, [3] = 0.6931` (or `(2, 5) = …` in a
 * matrix), so two long values never read the same.
 */
export function describePair(
  want: unknown,
  got: unknown,
  rtol = 1e-9,
  atol = 1e-12,
): [string, string] {
  const w = formatValue(want);
  const g = formatValue(got);
  if (w !== g) return [w, g];
  const entries = (v: unknown): ArrayLike<unknown> | null =>
    isMatrixLike(v)
      ? v.data
      : Array.isArray(v) || ArrayBuffer.isView(v)
        ? (v as ArrayLike<unknown>)
        : null;
  const a = entries(want);
  const b = entries(got);
  if (!a || !b) return [w, g];
  for (let i = 0; i < a.length; i++) {
    const x = Number(a[i]);
    const y = Number(b[i]);
    if (typeof b[i] === "number" && closeNumber(y, x, rtol, atol)) continue;
    const at = isMatrixLike(want) ? `(${Math.floor(i / want.cols)}, ${i % want.cols})` : `[${i}]`;
    const shown = typeof b[i] === "number" ? shortNumber(y) : formatValue(b[i]);
    return [`${w}, ${at} = ${shortNumber(x)}`, `${g}, ${at} = ${shown}`];
  }
  return [w, g];
}

/** Deep copy of an argument snapshot, to detect a learner's function changing its input. */
export function snapshot(v: unknown): unknown {
  if (v instanceof Matrix) return v.clone();
  if (isMatrixLike(v)) return { rows: v.rows, cols: v.cols, data: Array.from(v.data) };
  if (Array.isArray(v)) return v.map(snapshot);
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  return v;
}

export function unchanged(before: unknown, after: unknown): boolean {
  if (isMatrixLike(before)) {
    return (
      isMatrixLike(after) &&
      after.rows === before.rows &&
      after.cols === before.cols &&
      Array.from(before.data).every((x, i) => Object.is(x, after.data[i]))
    );
  }
  if (Array.isArray(before)) {
    const a = after as ArrayLike<unknown>;
    return a != null && a.length === before.length && before.every((x, i) => unchanged(x, a[i]));
  }
  return Object.is(before, after); // a number passed alone cannot change; inside a list it can
}

export function hasNaN(v: unknown): boolean {
  if (typeof v === "number") return Number.isNaN(v);
  if (isMatrixLike(v)) return Array.from(v.data).some((x) => Number.isNaN(x));
  if (Array.isArray(v) || ArrayBuffer.isView(v))
    return Array.from(v as ArrayLike<unknown>).some((x) => Number.isNaN(x));
  return false;
}

export function hasInfinity(v: unknown): boolean {
  const inf = (x: unknown) => x === Infinity || x === -Infinity;
  if (typeof v === "number") return inf(v);
  if (isMatrixLike(v)) return Array.from(v.data).some(inf);
  if (Array.isArray(v) || ArrayBuffer.isView(v))
    return Array.from(v as ArrayLike<unknown>).some(inf);
  return false;
}
