// Shared assertions for the checker tests (test/exercises-ch*.test.ts): a checker's verdict and its one line.
import assert from "node:assert/strict";
import type { CheckResult } from "../../lib/src/exercises/check";

interface Checkable<F> {
  result(f: F): CheckResult;
}

/** The right code: ✔. */
export function expectPass<F>(checker: Checkable<F>, f: F): void {
  const r = checker.result(f);
  assert.equal(r.verdict, "pass", r.text);
  assert.match(r.text, /^✔ /);
}

/** An untouched stub: "not yet", naming the function. */
export function expectNotYet<F>(checker: Checkable<F>, f: F, name: string): void {
  const r = checker.result(f);
  assert.equal(r.verdict, "notYet", r.text);
  assert.match(r.text, /not yet/);
  assert.ok(r.text.includes(name), r.text);
  assert.doesNotMatch(r.text, /[✔✘]/);
}

/** A wrong answer: ✘ at the given input, with the hint that names the mistake. Returns the line. */
export function expectFail<F>(checker: Checkable<F>, f: F, input: string, hint: RegExp): string {
  const r = checker.result(f);
  assert.equal(r.verdict, "fail", r.text);
  assert.ok(
    r.text.startsWith(`✘ ${input}: expected `),
    `expected a ✘ at "${input}", got: ${r.text}`,
  );
  const h = r.text.split(". Hint: ")[1] ?? "";
  assert.match(h, hint, r.text);
  return r.text;
}
