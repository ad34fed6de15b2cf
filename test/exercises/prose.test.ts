// expectClose / expectEqual: silent when the text is right; under the tests (strict) a drifted number throws
// naming the sentence; in a learner's run it prints one note instead.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  StaleProseError,
  expectClose,
  expectEqual,
  onlyUnderTests,
} from "../../lib/src/exercises/prose";

function withMode<T>(mode: string | undefined, f: () => T): T {
  const old = process.env.LR2NN_PROSE_CHECKS;
  if (mode === undefined) delete process.env.LR2NN_PROSE_CHECKS;
  else process.env.LR2NN_PROSE_CHECKS = mode;
  try {
    return f();
  } finally {
    if (old === undefined) delete process.env.LR2NN_PROSE_CHECKS;
    else process.env.LR2NN_PROSE_CHECKS = old;
  }
}

function captured(f: () => void): string[] {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void lines.push(a.join(" "));
  try {
    f();
  } finally {
    console.log = log;
  }
  return lines;
}

test("strict: a number within its tolerance passes silently, a drifted one throws naming the sentence", () => {
  withMode("strict", () => {
    assert.deepEqual(
      captured(() => expectClose(0.2466, 0.25, 0.005, "about 0.25")),
      [],
    );
    assert.throws(
      () => expectClose(0.26, 0.25, 0.005, "the slope at z = 0 is 0.25"),
      (e: unknown) =>
        e instanceof StaleProseError &&
        /the text says "the slope at z = 0 is 0\.25" \(0\.25 ± 0\.005\), but the notebook now computes 0\.26/.test(
          e.message,
        ),
    );
    assert.throws(() => expectClose(NaN, 0.25, 1, "x"), StaleProseError);
    assert.throws(
      () => expectEqual([13, 0], [13, 1], "13 false alarms, 1 missed"),
      /\[13,1\].*\[13,0\]/,
    );
    expectEqual("2×5", "2×5", "the shape stays 2 × 5");
  });
});

test("a learner's run: a drifted number prints one note instead of throwing", () => {
  withMode(undefined, () => {
    const lines = captured(() => expectClose(0.9, 0.945, 1e-9, "accuracy 0.945"));
    assert.equal(lines.length, 1);
    assert.match(
      lines[0]!,
      /^ℹ the text above says "accuracy 0\.945" \(0\.945 ± 1e-9\); this run gives 0\.9\. If you changed an experiment above, that is why; if not, run the chapter from the top/,
    );
    assert.deepEqual(
      captured(() => expectEqual(1, 1, "one")),
      [],
    );
  });
});

test("onlyUnderTests: the body runs under the solutions' tests (strict), not for learner copies or learners", () => {
  const ran: string[] = [];
  withMode("strict", () => onlyUnderTests(() => ran.push("strict")));
  withMode(undefined, () => onlyUnderTests(() => ran.push("learner")));
  withMode("strict-text", () => onlyUnderTests(() => ran.push("learner copy under the tests")));
  assert.deepEqual(ran, ["strict"]);
  // strict-text (the learner copies under the tests) still checks the quoted numbers
  assert.throws(() => withMode("strict-text", () => expectEqual(2, 1, "two")), StaleProseError);
  // A drifted Try-it inside it still fails the tests.
  assert.throws(
    () => withMode("strict", () => onlyUnderTests(() => expectEqual(2, 1, "Try it 1"))),
    StaleProseError,
  );
});
