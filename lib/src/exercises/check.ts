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
import type { Value } from "./values";

export type { Value } from "./values";
import {
  describePair,
  formatValue,
  hasInfinity,
  hasNaN,
  isMatrixLike,
  isRecord,
  sameValue,
  shortNumber,
  snapshot,
  unchanged,
} from "./values";

export { formatValue, sameValue, shortNumber } from "./values";

/** What a stub throws: the exercise is not attempted yet. Checkers answer "not yet" instead of ✘. */
export class NotYetError extends Error {
  constructor(
    message = "not yet: this exercise still has its stub (throw notYet()) — write your code in its place",
  ) {
    super(message);
    this.name = "NotYetError";
  }
}

/** The stub's error: `throw notYet();` stands in for the body until the learner writes it. */
export function notYet(): NotYetError {
  return new NotYetError();
}

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

/**
 * The hint for a wrong answer: a known mistake first, then generic signs, then the exercise's hint. `field`
 * is the first wrong field of a record answer: the generic signs look at that field.
 */
function hintFor<A extends unknown[]>(
  spec: ExerciseSpec<A>,
  c: Case<A>,
  whole: unknown,
  field?: string,
): string {
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
    if (!isRecord(whole))
      return `return an object with the fields ${fields.join(" and ")}, e.g. { ${fields.join(", ")} }`;
    if (!(field in whole))
      return `your result has no field "${field}": return { ${fields.join(", ")} }`;
    want = c.expected[field] as Value;
    got = whole[field];
  }
  if (got === undefined) return "your function returns undefined: is a `return` missing?";
  if (isMatrixLike(want)) {
    if (!isMatrixLike(got))
      return `the answer should be a ${want.rows}×${want.cols} matrix, not ${typeof got}`;
    if (got.rows === want.cols && got.cols === want.rows && got.rows !== got.cols) {
      return (
        `your matrix is ${got.rows}×${got.cols}, the transpose of the expected ${want.rows}×${want.cols} shape: ` +
        "check which factor is transposed (.T) and the order of the product"
      );
    }
    if (got.rows !== want.rows || got.cols !== want.cols) {
      return `your matrix is ${got.rows}×${got.cols}, but the answer is ${want.rows}×${want.cols}: check the shapes in the doc comment`;
    }
  }
  if (
    typeof want === "number" &&
    isMatrixLike(got) &&
    got.rows * got.cols === 1 &&
    sameValue(Number(got.data[0]), want, rtol, atol)
  ) {
    return "the value is right but it is a 1×1 matrix: return a number (e.g. M.item())";
  }
  if (typeof want === "number" && typeof got !== "number")
    return `the answer should be a number, not ${formatValue(got)}`;
  if (hasNaN(got))
    return (
      spec.nanHint ??
      "NaN means a 0/0, Infinity − Infinity or Infinity/Infinity somewhere: look for an exponential that overflows"
    );
  if (hasInfinity(got) && !hasInfinity(want))
    return "Infinity: a division by 0, log(0) or an exponential that overflows";
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

/**
 * The "not yet" line for a stub's error: names the exercise, or the helper whose stub threw when the exercise
 * calls one ("myTrain calls myBackwardPass, which still throws notYet()").
 */
export function notYetResult(name: string, f: { name: string }, e: Error): CheckResult {
  const stub = stubName(e);
  const who = stub && stub !== name && stub !== f.name ? `${name} calls ${stub}, which` : name;
  return {
    verdict: "notYet",
    text: `… not yet: ${who} still throws notYet() — write it above and run this cell again`,
  };
}

/** Runs every case of an exercise on `f` and returns the verdict with its one line. Never throws. */
export function runExercise<A extends unknown[], R>(
  spec: ExerciseSpec<A>,
  f: (...args: A) => R,
): CheckResult {
  const name = spec.name;
  const fail = (input: string, expected: string, got: string, hint: string): CheckResult => ({
    verdict: "fail",
    text: `✘ ${input}: expected ${expected}, got ${got}. Hint: ${hint}`,
  });
  if (typeof f !== "function") {
    return fail(
      name,
      "a function",
      formatValue(f),
      `pass the function itself, e.g. check…(${name}), without calling it`,
    );
  }
  for (const c of spec.cases) {
    let args: A;
    let fresh: A;
    try {
      args = c.args();
      fresh = c.args();
    } catch (e) {
      return fail(
        c.input,
        "a case to run",
        errorText(e),
        "this is a bug in the checker, not in your code",
      );
    }
    const before = args.map(snapshot);
    let got: unknown;
    try {
      got = f(...args);
    } catch (e) {
      if (e instanceof NotYetError || (e instanceof Error && e.name === "NotYetError")) {
        return notYetResult(name, f, e as Error);
      }
      return fail(
        c.input,
        formatValue(c.expected),
        `an error (${errorText(e)})`,
        "your function threw instead of returning: read the error message, it names the line's problem",
      );
    }
    const changed = before.findIndex((b, i) => !unchanged(b, args[i]));
    if (changed >= 0) {
      const p = spec.params[changed] ?? `argument ${changed + 1}`;
      return fail(
        c.input,
        `${p} unchanged`,
        `${p} changed to ${formatValue(args[changed])} (it was ${formatValue(fresh[changed])})`,
        Array.isArray(args[changed])
          ? `your function changed its input ${p} in place (by assigning ${p}[i] = …): compute into a new list ` +
              "(e.g. with .map) and leave the input as it was"
          : `your function changed its input ${p} in place (e.g. with .set or by writing into ${p}.data): ` +
              "compute a new value (map, add, sub, scale and matmul all return new matrices) and leave the input as it was",
      );
    }
    if (!sameValue(got, c.expected, c.rtol ?? 1e-9, c.atol ?? 1e-12)) {
      const want = c.expected;
      const rec = got;
      if (isRecord(want) && !isMatrixLike(want) && isRecord(rec)) {
        // Show only the first wrong field: "expected dw = 1×2 [[…]], got dw = …".
        const field = Object.keys(want).find(
          (k) => !sameValue(rec[k], want[k] as Value, c.rtol ?? 1e-9, c.atol ?? 1e-12),
        ) as string;
        const [w, g] = describePair(want[field], rec[field], c.rtol ?? 1e-9, c.atol ?? 1e-12);
        return fail(c.input, `${field} = ${w}`, `${field} = ${g}`, hintFor(spec, c, rec, field));
      }
      const [w, g] = describePair(want, got, c.rtol ?? 1e-9, c.atol ?? 1e-12);
      return fail(
        c.input,
        w,
        g,
        hintFor(spec, c, got, isRecord(want) && !isMatrixLike(want) ? "" : undefined),
      );
    }
  }
  return { verdict: "pass", text: `✔ ${spec.verified}` };
}

/**
 * Said when a check grades the very definition it graded before: a re-run exercise cell that failed (a type
 * error stops a cell before it runs) leaves the earlier definition in place, so the verdict is about that one.
 */
export function sameDefinitionNote(name: string): string {
  return (
    `(ℹ this graded the same ${name} as last time: if you have edited its cell since, the edit did not run, ` +
    `so look for an error under that cell)`
  );
}

/**
 * Makes a checker from an exercise: `checkX(myX)` prints its one line; `checkX.result(myX)` returns it.
 * @example export const checkSigmoid = exercise<[number], number>({ name: "mySigmoid", … });
 */
export function exercise<A extends unknown[], R = unknown>(spec: ExerciseSpec<A>): Checker<A, R> {
  /** The definition this check graded last (a cell re-run that fails to compile leaves the old one in place). */
  let graded: unknown = null;
  const check = ((f: (...args: A) => R): void => {
    const again = typeof f === "function" && f === graded;
    graded = f;
    let r: CheckResult;
    try {
      r = runExercise(spec, f);
    } catch (e) {
      r = {
        verdict: "fail",
        text: `✘ ${spec.name}: the checker itself failed (${errorText(e)}). Hint: tell the course authors`,
      };
    }
    console.log(again ? `${r.text} ${sameDefinitionNote(spec.name)}` : r.text);
  }) as Checker<A, R>;
  check.result = (f) => runExercise(spec, f);
  Object.defineProperty(check, "spec", { value: spec });
  return check;
}
