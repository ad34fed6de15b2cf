/**
 * Checkers for exercises whose answer has several parts (07's backward pass returns { J, dW1, db1, dW2, db2 })
 * or is an object to drive (10's optimizers), built on check.ts's `runExercise`: the same one line, the same
 * "not yet", the same generic signs, and known mistakes listed per part.
 */
import {
  Checker,
  CheckResult,
  ExerciseSpec,
  Mistake,
  NotYetError,
  notYetResult,
  Value,
  formatValue,
  runExercise,
} from "./check";

/** A checker of any function type F: call it to print its line; `.result(f)` returns the verdict (for tests). */
export interface AnyChecker<F> {
  (f: F): void;
  result(f: F): CheckResult;
  readonly spec: unknown;
}

/** One case of a several-part answer: the expected value and the known wrong answers of each part. */
export interface PartsCase<A extends unknown[]> {
  /** The input as the learner reads it in a ✘ line; the part's name is appended, e.g. "X 2×5, dW1". */
  input: string;
  args: () => A;
  expected: Record<string, Value>;
  rtol?: number;
  atol?: number;
  mistakes?: Record<string, Mistake[]>;
}

/** An exercise returning an object: its parts in the order they are checked (each a Value). */
export interface PartsSpec<A extends unknown[]> {
  name: string;
  verified: string;
  params: string[];
  parts: string[];
  cases: PartsCase<A>[];
  /** The hint when no known mistake matches, per part (else `hint`). */
  partHints?: Record<string, string>;
  hint: string;
}

export function makeChecker<F>(
  result: (f: F) => CheckResult,
  name: string,
  spec: unknown,
): AnyChecker<F> {
  const check = ((f: F): void => {
    let r: CheckResult;
    try {
      r = result(f);
    } catch (e) {
      r = {
        verdict: "fail",
        text: `✘ ${name}: the checker itself failed (${e instanceof Error ? e.message : String(e)}). Hint: tell the course authors`,
      };
    }
    console.log(r.text);
  }) as AnyChecker<F>;
  check.result = result;
  Object.defineProperty(check, "spec", { value: spec });
  return check;
}

/**
 * A checker for a function returning an object of parts, e.g. `{ J, dW1, db1, dW2, db2 }`: each part of each
 * case is compared (and its mistakes recognised) in the order of `parts`; a missing part is named.
 */
export function exerciseParts<A extends unknown[], R = unknown>(
  spec: PartsSpec<A>,
): AnyChecker<(...args: A) => R> {
  const result = (f: (...args: A) => R): CheckResult => {
    if (typeof f !== "function") {
      return runExercise(
        { name: spec.name, verified: "", params: spec.params, cases: [], hint: spec.hint },
        f,
      );
    }
    for (const c of spec.cases) {
      let whole: unknown;
      try {
        whole = f(...c.args());
      } catch (e) {
        if (e instanceof NotYetError || (e instanceof Error && e.name === "NotYetError")) {
          return notYetResult(spec.name, f, e as Error);
        }
        whole = undefined; // runExercise below reports the error with its message
      }
      if (whole !== undefined) {
        const missing =
          typeof whole === "object" && whole !== null
            ? spec.parts.filter((p) => !(p in (whole as object)))
            : spec.parts;
        if (missing.length) {
          return {
            verdict: "fail",
            text:
              `✘ ${c.input}: expected an object { ${spec.parts.join(", ")} }, got ${typeof whole === "object" && whole !== null ? `one without ${missing.join(", ")}` : formatValue(whole)}. ` +
              `Hint: end with return { ${spec.parts.join(", ")} }`,
          };
        }
      }
      for (const part of spec.parts) {
        const one: ExerciseSpec<A> = {
          name: spec.name,
          verified: spec.verified,
          params: spec.params,
          hint: spec.partHints?.[part] ?? spec.hint,
          cases: [
            {
              input: `${c.input}, ${part}`,
              args: c.args,
              expected: c.expected[part] as Value,
              rtol: c.rtol,
              atol: c.atol,
              mistakes: c.mistakes?.[part],
            },
          ],
        };
        const r = runExercise(one, (...a: A) => (f(...a) as Record<string, unknown>)[part]);
        if (r.verdict !== "pass") return r;
      }
    }
    return { verdict: "pass", text: `✔ ${spec.verified}` };
  };
  return makeChecker(result, spec.name, spec);
}

/**
 * A checker for a function the check cannot compare directly (a factory returning an optimizer): `drive`
 * turns the learner's function into one the inner checker can run, e.g. "make the optimizer, take 3 steps,
 * return the parameters". A notYet() thrown anywhere inside still reads "not yet".
 */
export function drivenExercise<A extends unknown[], R, F>(
  inner: Checker<A, R>,
  drive: (f: F) => (...args: A) => R,
): AnyChecker<F> {
  const result = (f: F): CheckResult => {
    if (typeof f !== "function") {
      return runExercise(
        { name: inner.spec.name, verified: "", params: [], cases: [], hint: "" },
        f as unknown as () => void,
      );
    }
    return inner.result(drive(f));
  };
  return makeChecker(result, inner.spec.name, inner.spec);
}
