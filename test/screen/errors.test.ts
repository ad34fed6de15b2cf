/**
 * screen/errors.ts: in a notebook, an error the lib throws prints as one line naming its cause (no stack frames,
 * no dump of its fields); anything else prints as Node prints it. The kernel-level test is the fixture notebook
 * test/notebooks/fixtures/learner-mistakes.ipynb (run with the solutions: each mistake ≤ 6 lines, one with ✘).
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { inspect } from "node:util";
import { Matrix } from "../../lib/src/core/matrix";
import { LogisticRegression } from "../../lib/src/models/logistic";
import { train } from "../../lib/src/models/train";
import { installErrorPrinting, lastError, oneLine, thrownByLib } from "../../lib/src/screen/errors";

const CUSTOM = Symbol.for("nodejs.util.inspect.custom");
after(() => {
  delete (Error.prototype as unknown as Record<symbol, unknown>)[CUSTOM];
});

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a throw");
}

test("a lib error prints as one line with its name and message; the learner's own errors print as before", () => {
  installErrorPrinting();
  const shape = thrown(() => new Matrix(2, 3).add(new Matrix(4, 5)));
  assert.equal(thrownByLib(shape), true);
  const printed = inspect(shape);
  assert.equal(printed.split("\n").length, 1, printed);
  assert.match(printed, /^✘ ShapeError: .*2×3.*4×5/);
  assert.doesNotMatch(printed, /\bat /);
  assert.equal(lastError(), shape, "the full error stays one call away");

  const mine = new Error("my own bug");
  assert.equal(thrownByLib(mine), false);
  const printedMine = inspect(mine);
  assert.match(printedMine, /my own bug\n\s+at /, "a learner's own error keeps its stack");
});

test("a diverged run prints its advice on one line, not its history", () => {
  installErrorPrinting();
  const X = Matrix.from([
    [0, 1, 2, 3],
    [1, 0, 1, 0],
  ]).scale(1000);
  const y = Matrix.row([0, 0, 1, 1]);
  const e = thrown(() => train(new LogisticRegression(2), X, y, { epochs: 50, learningRate: 1e6 }));
  const printed = inspect(e);
  assert.equal(printed.split("\n").length, 1, printed);
  assert.match(printed, /^✘ TrainingDivergedError: Training diverged: .*learning rate/);
  assert.doesNotMatch(printed, /costs:|iterationCosts/);
});

test("oneLine folds a message written over several lines", () => {
  assert.equal(oneLine(new RangeError("first\n  second")), "✘ RangeError: first second");
  assert.equal(oneLine(new Error("plain")), "✘ plain");
});

test("after a training run whose error failed the cell, charts and quoted-number checks say so; a finished run clears it", async () => {
  const { show } = await import("../../lib/src/screen/chart");
  const { setDisplaySink } = await import("../../lib/src/screen/display");
  const { expectClose } = await import("../../lib/src/exercises/prose");
  installErrorPrinting();
  setDisplaySink(() => {});
  const printed: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void printed.push(a.join(" "));
  const X = Matrix.from([
    [0, 1, 2, 3],
    [1, 0, 1, 0],
  ]);
  const y = Matrix.row([0, 0, 1, 1]);
  const strict = process.env.LR2NN_PROSE_CHECKS;
  delete process.env.LR2NN_PROSE_CHECKS;
  try {
    // a failure caught on purpose (chapter 04's demo) changes nothing
    thrown(() => train(new LogisticRegression(2), X, y, { epochs: 5, learningRate: 0 }));
    show({ data: [] });
    assert.deepEqual(printed, []);
    // a failure that reached the learner: the kernel printed it
    const e = thrown(() => train(new LogisticRegression(2), X, y, { epochs: 5, learningRate: 0 }));
    inspect(e);
    show({ data: [] });
    assert.match(
      printed[0] ?? "",
      /^ℹ the last training run did not finish \(RangeError: learningRate/,
    );
    expectClose(0.5, 0.9, 0.01, "accuracy 0.9");
    assert.match(
      printed[1] ?? "",
      /^⏭ skipped: a training cell above did not finish .*"accuracy 0\.9"/,
    );
    printed.length = 0;
    train(new LogisticRegression(2), X, y, { epochs: 5, learningRate: 0.1 });
    show({ data: [] });
    assert.deepEqual(printed, []);
  } finally {
    console.log = log;
    setDisplaySink(null);
    if (strict !== undefined) process.env.LR2NN_PROSE_CHECKS = strict;
  }
});
