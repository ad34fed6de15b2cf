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
