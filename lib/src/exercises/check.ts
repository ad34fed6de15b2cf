/**
 * The checker framework behind every exercise (conventions: exercises/index.ts and solutions/README.md).
 *
 * A checker runs the learner's function on several cases, each with fresh copies of its inputs, and prints
 * exactly one line: `✔ what was verified`, `✘ input: expected x, got y. Hint: …`, or `… not yet: …` when the
 * function still throws `notYet()`. It never throws: an exception in the learner's code becomes a ✘.
 * The hint names the actual mistake by comparing the learner's answer with known wrong answers (a wrong sign,
 * a missing 1/m, a transposed shape, a forgotten g′, …), then by generic signs (NaN, Infinity, undefined, a
 * transposed shape, a changed input).
 */
import { Matrix } from "../core/matrix";

/** What a stub throws: the exercise is not attempted yet. Checkers answer "not yet" instead of ✘. */
export class NotYetError extends Error {
  constructor(message = "not yet: this exercise still has its stub (throw notYet()) — write your code in its place") {
    super(message);
    this.name = "NotYetError";
  }
}

/** The stub's error: `throw notYet();` stands in for the body until the learner writes it. */
export function notYet(): NotYetError {
  return new NotYetError();
}

/** A value a checker compares: a number, a boolean, a list of numbers, a matrix, or a record of those. */
export type Value = number | boolean | readonly number[] | Matrix | { readonly [field: string]: Value };

/**
 * A known wrong answer and the hint that names the mistake behind it. With `field`, only that field of a
 * record answer is compared (e.g. `{ field: "dw", value: dwTimesM, hint: "missing 1/m" }`).
 */
export interface Mistake {
  value: Value;
  hint: string;
  field?: string;
}

/** One case: fresh arguments, the right answer, and the wrong answers worth recognising. */
export interface Case<A extends unknown[]> {
  /** The input as the learner reads it in a ✘ line, e.g. "z = −800". */
  input: string;
  /** Fresh arguments for one call (called again to detect a changed input). */
  args: () => A;
  expected: Value;
  /** Tolerances: |got − expected| ≤ atol + rtol·|expected| (defaults 1e-9 and 1e-12). */
  rtol?: number;
  atol?: number;
  mistakes?: Mistake[];
  /** The hint when nothing recognisable matches (overrides the exercise's). */
  hint?: string;
}

/** An exercise: the function's name, what a pass verifies, its parameters' names, and its cases. */
export interface ExerciseSpec<A extends unknown[]> {
  /** The learner's function, as the notebook names it, e.g. "mySigmoid". */
  name: string;
  /** The ✔ line after "✔ ", e.g. "mySigmoid(z) = 1/(1 + e^(−z)) on 7 values of z, from −800 to 800". */
  verified: string;
  /** Parameter names, to say which input a function changed. */
  params: string[];
  cases: Case<A>[];
  /** The hint when no known mistake matches. */
  hint: string;
  /** The hint for NaN (default: a generic one). */
  nanHint?: string;
}

export type Verdict = "pass" | "fail" | "notYet";

export interface CheckResult {
  verdict: Verdict;
  /** The one line the checker prints. */
  text: string;
}

/** A checker: call it in a check cell to print its line; `.result(f)` returns the verdict (for tests). */
export interface Checker<A extends unknown[], R> {
  (f: (...args: A) => R): void;
  result(f: (...args: A) => R): CheckResult;
  readonly spec: ExerciseSpec<A>;
}

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

interface MatrixLike {
  rows: number;
  cols: number;
  data: ArrayLike<number>;
}

function isMatrixLike(v: unknown): v is MatrixLike {
  return typeof v === "object" && v !== null && typeof (v as MatrixLike).rows === "number" &&
    typeof (v as MatrixLike).cols === "number" && typeof (v as MatrixLike).data === "object";
}

/** A plain record of values, e.g. { dw, db } (not a matrix, not a list). */
function isRecord(v: unknown): v is { readonly [field: string]: unknown } {
  return typeof v === "object" && v !== null && !isMatrixLike(v) && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

/** Any value in a ✘ line: numbers rounded, matrices with their shape (and values when small). */
export function formatValue(v: unknown): string {
  if (v === undefined) return "undefined (nothing returned)";
  if (typeof v === "number") return shortNumber(v);
  if (typeof v === "boolean" || v === null) return String(v);
  if (isMatrixLike(v)) {
    const shape = `${v.rows}×${v.cols}`;
    if (v.rows * v.cols > 12) return `a ${shape} matrix`;
    const rows = Array.from({ length: v.rows }, (_, i) =>
      `[${Array.from({ length: v.cols }, (_, j) => shortNumber(Number(v.data[i * v.cols + j]))).join(", ")}]`);
    return `${shape} [${rows.join(", ")}]`;
  }
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    const xs = Array.from(v as ArrayLike<unknown>);
    if (xs.length > 12) return `a list of ${xs.length} values`;
    return `[${xs.map((x) => (typeof x === "number" ? shortNumber(x) : String(x))).join(", ")}]`;
  }
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "function") return "a function";
  if (isRecord(v)) return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${formatValue(x)}`).join(", ")} }`;
  return String(v);
}

function closeNumber(got: number, want: number, rtol: number, atol: number): boolean {
  if (Number.isNaN(want)) return Number.isNaN(got);
  if (!Number.isFinite(want)) return got === want;
  return Number.isFinite(got) && Math.abs(got - want) <= atol + rtol * Math.abs(want);
}

/**
 * Whether `got` equals `want` within the tolerances: numbers, booleans, lists of numbers (also a typed array),
 * or matrices of the same shape.
 */
export function sameValue(got: unknown, want: Value, rtol = 1e-9, atol = 1e-12): boolean {
  if (typeof want === "number") return typeof got === "number" && closeNumber(got, want, rtol, atol);
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
    if (typeof g[i] !== "number" || !closeNumber(g[i] as number, list[i] as number, rtol, atol)) return false;
  }
  return true;
}

/** Deep copy of an argument snapshot, to detect a learner's function changing its input. */
function snapshot(v: unknown): unknown {
  if (v instanceof Matrix) return v.clone();
  if (isMatrixLike(v)) return { rows: v.rows, cols: v.cols, data: Array.from(v.data) };
  if (Array.isArray(v)) return v.map(snapshot);
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  return v;
}

function unchanged(before: unknown, after: unknown): boolean {
  if (isMatrixLike(before)) {
    return isMatrixLike(after) && after.rows === before.rows && after.cols === before.cols &&
      Array.from(before.data).every((x, i) => Object.is(x, after.data[i]));
  }
  if (Array.isArray(before)) {
    const a = after as ArrayLike<unknown>;
    return a != null && a.length === before.length && before.every((x, i) => unchanged(x, a[i]));
  }
  return Object.is(before, after); // a number passed alone cannot change; inside a list it can
}

function hasNaN(v: unknown): boolean {
  if (typeof v === "number") return Number.isNaN(v);
  if (isMatrixLike(v)) return Array.from(v.data).some((x) => Number.isNaN(x));
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return Array.from(v as ArrayLike<unknown>).some((x) => Number.isNaN(x));
  return false;
}

function hasInfinity(v: unknown): boolean {
  const inf = (x: unknown) => x === Infinity || x === -Infinity;
  if (typeof v === "number") return inf(v);
  if (isMatrixLike(v)) return Array.from(v.data).some(inf);
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return Array.from(v as ArrayLike<unknown>).some(inf);
  return false;
}

/**
 * The hint for a wrong answer: a known mistake first, then generic signs, then the exercise's hint. `field`
 * is the first wrong field of a record answer: the generic signs look at that field.
 */
function hintFor<A extends unknown[]>(spec: ExerciseSpec<A>, c: Case<A>, whole: unknown, field?: string): string {
  const rtol = c.rtol ?? 1e-9;
  const atol = c.atol ?? 1e-12;
  for (const m of c.mistakes ?? []) {
    if (m.field !== undefined && field && m.field !== field) continue; // a hint about another, right field
    const part = m.field === undefined ? whole : isRecord(whole) ? whole[m.field] : undefined;
    if (sameValue(part, m.value, rtol, atol)) return m.hint;
  }
  if (whole === undefined) return "your function returns undefined: is a `return` missing?";
  let want: Value = c.expected;
  let got: unknown = whole;
  if (field !== undefined && isRecord(c.expected) && !isMatrixLike(c.expected)) {
    const fields = Object.keys(c.expected);
    if (!isRecord(whole)) return `return an object with the fields ${fields.join(" and ")}, e.g. { ${fields.join(", ")} }`;
    if (!(field in whole)) return `your result has no field "${field}": return { ${fields.join(", ")} }`;
    want = c.expected[field] as Value;
    got = whole[field];
  }
  if (got === undefined) return "your function returns undefined: is a `return` missing?";
  if (isMatrixLike(want)) {
    if (!isMatrixLike(got)) return `the answer should be a ${want.rows}×${want.cols} matrix, not ${typeof got}`;
    if (got.rows === want.cols && got.cols === want.rows && (got.rows !== got.cols)) {
      return `your matrix is ${got.rows}×${got.cols}, the transpose of the expected ${want.rows}×${want.cols} shape: ` +
        "check which factor is transposed (.T) and the order of the product";
    }
    if (got.rows !== want.rows || got.cols !== want.cols) {
      return `your matrix is ${got.rows}×${got.cols}, but the answer is ${want.rows}×${want.cols}: check the shapes in the doc comment`;
    }
  }
  if (typeof want === "number" && isMatrixLike(got) && got.rows * got.cols === 1 && sameValue(Number(got.data[0]), want, rtol, atol)) {
    return "the value is right but it is a 1×1 matrix: return a number (e.g. M.item())";
  }
  if (typeof want === "number" && typeof got !== "number") return `the answer should be a number, not ${formatValue(got)}`;
  if (hasNaN(got)) return spec.nanHint ?? "NaN means a 0/0, Infinity − Infinity or Infinity/Infinity somewhere: look for an exponential that overflows";
  if (hasInfinity(got) && !hasInfinity(want)) return "Infinity: a division by 0, log(0) or an exponential that overflows";
  return c.hint ?? spec.hint;
}

function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

/** The name of the function whose stub threw: the stack frame after `notYet` (undefined when unknown). */
function stubName(e: Error): string | undefined {
  const lines = (e.stack ?? "").split("\n");
  const i = lines.findIndex((l) => /\bat (?:Object\.)?notYet\b/.test(l));
  const m = i >= 0 ? /^\s*at (?:Object\.)?([\w$]+) \(/.exec(lines[i + 1] ?? "") : null;
  return m?.[1];
}

/** Runs every case of an exercise on `f` and returns the verdict with its one line. Never throws. */
export function runExercise<A extends unknown[], R>(spec: ExerciseSpec<A>, f: (...args: A) => R): CheckResult {
  const name = spec.name;
  const fail = (input: string, expected: string, got: string, hint: string): CheckResult => ({
    verdict: "fail",
    text: `✘ ${input}: expected ${expected}, got ${got}. Hint: ${hint}`,
  });
  if (typeof f !== "function") {
    return fail(name, "a function", formatValue(f), `pass the function itself, e.g. check…(${name}), without calling it`);
  }
  for (const c of spec.cases) {
    let args: A;
    let fresh: A;
    try {
      args = c.args();
      fresh = c.args();
    } catch (e) {
      return fail(c.input, "a case to run", errorText(e), "this is a bug in the checker, not in your code");
    }
    const before = args.map(snapshot);
    let got: unknown;
    try {
      got = f(...args);
    } catch (e) {
      if (e instanceof NotYetError || (e instanceof Error && e.name === "NotYetError")) {
        const stub = stubName(e as Error);
        const who = stub && stub !== name && stub !== f.name ? `${name} calls ${stub}, which` : name;
        return { verdict: "notYet", text: `… not yet: ${who} still throws notYet() — write it above and run this cell again` };
      }
      return fail(c.input, formatValue(c.expected), `an error (${errorText(e)})`,
        "your function threw instead of returning: read the error message, it names the line's problem");
    }
    const changed = before.findIndex((b, i) => !unchanged(b, args[i]));
    if (changed >= 0) {
      const p = spec.params[changed] ?? `argument ${changed + 1}`;
      return fail(c.input, `${p} unchanged`, `${p} changed to ${formatValue(args[changed])} (it was ${formatValue(fresh[changed])})`,
        Array.isArray(args[changed])
          ? `your function changed its input ${p} in place (by assigning ${p}[i] = …): compute into a new list ` +
            "(e.g. with .map) and leave the input as it was"
          : `your function changed its input ${p} in place (e.g. with .set or by writing into ${p}.data): ` +
            "compute a new value (map, add, sub, scale and matmul all return new matrices) and leave the input as it was");
    }
    if (!sameValue(got, c.expected, c.rtol ?? 1e-9, c.atol ?? 1e-12)) {
      const want = c.expected;
      const rec = got;
      if (isRecord(want) && !isMatrixLike(want) && isRecord(rec)) {
        // Show only the first wrong field: "expected dw = 1×2 [[…]], got dw = …".
        const field = Object.keys(want).find((k) => !sameValue(rec[k], want[k] as Value, c.rtol ?? 1e-9, c.atol ?? 1e-12)) as string;
        return fail(c.input, `${field} = ${formatValue(want[field])}`, `${field} = ${formatValue(rec[field])}`, hintFor(spec, c, rec, field));
      }
      return fail(c.input, formatValue(want), formatValue(got), hintFor(spec, c, got, isRecord(want) && !isMatrixLike(want) ? "" : undefined));
    }
  }
  return { verdict: "pass", text: `✔ ${spec.verified}` };
}

/**
 * Makes a checker from an exercise: `checkX(myX)` prints its one line; `checkX.result(myX)` returns it.
 * @example export const checkSigmoid = exercise<[number], number>({ name: "mySigmoid", … });
 */
export function exercise<A extends unknown[], R = unknown>(spec: ExerciseSpec<A>): Checker<A, R> {
  const check = ((f: (...args: A) => R): void => {
    let r: CheckResult;
    try {
      r = runExercise(spec, f);
    } catch (e) {
      r = { verdict: "fail", text: `✘ ${spec.name}: the checker itself failed (${errorText(e)}). Hint: tell the course authors` };
    }
    console.log(r.text);
  }) as Checker<A, R>;
  check.result = (f) => runExercise(spec, f);
  Object.defineProperty(check, "spec", { value: spec });
  return check;
}
