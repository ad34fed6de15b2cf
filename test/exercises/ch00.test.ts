// The demonstration checker of 00-welcome: the right code (✔), the stub ("not yet"), wrong answers (✘ + hint),
// and the framework's generic answers (a throw, nothing returned, not a function).
import { test } from "node:test";
import assert from "node:assert/strict";
import { shortNumber, notYet } from "../../lib/src/exercises/check";
import { checkDouble } from "../../lib/src/exercises/ch00";
import { expectFail, expectNotYet, expectPass } from "./helpers";

test("checkDouble: 2x passes, the stub is not yet, x + 2 and x² fail with their hint", () => {
  expectPass(checkDouble, (x) => 2 * x);
  expectNotYet(
    checkDouble,
    (): number => {
      throw notYet();
    },
    "double",
  );
  assert.equal(
    expectFail(checkDouble, (x) => x + 2, "x = 3", /that is x \+ 2/),
    "✘ x = 3: expected 6, got 5. Hint: that is x + 2: doubling multiplies, 2 * x",
  );
  expectFail(checkDouble, (x) => x * x, "x = 3", /that is x²/);
});

test("a checker never throws: an exception, a missing return, a non-function all become ✘", () => {
  expectFail(
    checkDouble,
    () => {
      throw new TypeError("x.foo is not a function");
    },
    "x = 3",
    /threw instead of returning/,
  );
  const r = checkDouble.result(() => {
    throw new TypeError("boom");
  });
  assert.match(r.text, /got an error \(TypeError: boom\)/);
  expectFail(
    checkDouble,
    (() => undefined) as unknown as (x: number) => number,
    "x = 3",
    /is a `return` missing/,
  );
  expectFail(
    checkDouble,
    42 as unknown as (x: number) => number,
    "double",
    /pass the function itself/,
  );
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void lines.push(a.join(" "));
  try {
    checkDouble(() => {
      throw new Error("x");
    });
    checkDouble((x) => 2 * x);
  } finally {
    console.log = log;
  }
  assert.equal(lines.length, 2, "one line per check");
  assert.match(lines[0]!, /^✘ /);
  assert.match(lines[1]!, /^✔ /);
});

test("shortNumber: up to 6 significant digits, exponent form for tiny and huge values", () => {
  assert.deepEqual(
    [0.1 + 0.2, 1 / 3, 2.0322308024e-313, 1e12 + 0.5, 21, -0, NaN, -Infinity].map(shortNumber),
    ["0.3", "0.333333", "2.0322e-313", "1e+12", "21", "0", "NaN", "-Infinity"],
  );
});

test("not yet names the unwritten function another one calls", () => {
  function myHelper(x: number): number {
    void x;
    throw notYet();
  }
  function myDouble(x: number): number {
    return 2 * myHelper(x);
  }
  const r = checkDouble.result(myDouble);
  assert.equal(r.verdict, "notYet");
  assert.equal(
    r.text,
    "… not yet: double calls myHelper, which still throws notYet() — write it above and run this cell again",
  );
  const direct = checkDouble.result(function double(x: number): number {
    void x;
    throw notYet();
  });
  assert.equal(
    direct.text,
    "… not yet: double still throws notYet() — write it above and run this cell again",
  );
});
