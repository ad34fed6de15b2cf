/**
 * Reading matrices from values that come from elsewhere: nested arrays (`[[1, 2], [3, 4]]`), a
 * mathjs matrix's `toArray()`, a danfojs frame's `.values`. Numbers pass; booleans and numeric
 * strings (as CSV readers give them) become numbers; anything else, or a ragged row, is refused
 * with where it is.
 */
import { ShapeError, type RawMatrix } from "./shape";
import { describeValue } from "./validate";

/** Anything with a `toArray()` yielding numbers, e.g. a mathjs Matrix (structural: no import). */
export interface ArrayLike2D {
  toArray(): unknown;
}

/** A danfojs DataFrame or Series, structurally: its `.values` are rows (or one value per row). */
export interface FrameLike {
  values: unknown;
}

function toNumber(v: unknown, where: string): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  throw new TypeError(`${where} is ${describeValue(v)}, which is not a number`);
}

/**
 * Rows of values → a raw matrix: `[[1, 2, 3], [4, 5, 6]]` is 2×3, a flat list `[1, 2, 3]` a column
 * (3×1), `[]` is 0×0. `source` names the caller in error messages.
 */
export function parseRows(values: unknown, source: string): RawMatrix {
  if (!Array.isArray(values)) {
    throw new TypeError(`${source}: expected an array of rows, got ${describeValue(values)}`);
  }
  if (values.length === 0) return { rows: 0, cols: 0, data: new Float64Array(0) };
  if (!Array.isArray(values[0])) {
    // A flat list of numbers becomes a column vector (one value per row).
    const flat = values.map((v, i) => toNumber(v, `${source}: element ${i}`));
    return { rows: flat.length, cols: 1, data: Float64Array.from(flat) };
  }
  const rows = values.length;
  const cols = (values[0] as unknown[]).length;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row: unknown = values[i];
    if (!Array.isArray(row) || row.length !== cols) {
      const len = Array.isArray(row) ? row.length : "not an array";
      throw new ShapeError(
        `${source}: row 0 has ${cols} values but row ${i} has ${len}; every row needs ${cols}`,
      );
    }
    for (let j = 0; j < cols; j++) {
      data[i * cols + j] = toNumber(row[j], `${source}: element (${i}, ${j})`);
    }
  }
  return { rows, cols, data };
}

function checkArrayLike(
  values: unknown,
  source: string,
  what: string,
): asserts values is ArrayLike<unknown> {
  const ok =
    typeof values === "object" &&
    values !== null &&
    typeof (values as ArrayLike<unknown>).length === "number";
  if (!ok) throw new TypeError(`${source}: expected ${what}, got ${describeValue(values)}`);
}

/**
 * A flat list of values (an array or typed array) as float64 numbers, each read as `parseRows` reads one:
 * `Matrix.row(["a", "b"])` is refused naming element 0, as `Matrix.from` refuses it.
 */
export function parseList(values: unknown, source: string): Float64Array {
  checkArrayLike(values, source, "a list of numbers");
  if (values instanceof Float64Array) return Float64Array.from(values);
  return Float64Array.from(Array.from(values, (v, i) => toNumber(v, `${source}: element ${i}`)));
}

/** Array-likes as plain arrays, one level deep (typed-array rows, say), for `parseRows`. */
export function plainRows(values: unknown, source: string): unknown[] {
  checkArrayLike(values, source, "an array of rows");
  return Array.from(values, (r) =>
    typeof r === "object" && r !== null ? Array.from(r as ArrayLike<unknown>) : r,
  );
}
