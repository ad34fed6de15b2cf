// Issue 11: nothing fails silently. Each case below returned a quiet result or a vague error before; each test
// fails on that old behaviour. The numbers come from core/validate.ts, the one place that decides them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkNumber, describeValue, formatBytes, RULES } from "../../lib/src/core/validate";
import { Matrix } from "../../lib/src/core/matrix";
import { Rng } from "../../lib/src/core/random";
import { adam, gradientDescent, momentum, rmsprop } from "../../lib/src/learning/optimizers";
import { gradientCheck } from "../../lib/src/learning/gradcheck";
import { fitStandardizer } from "../../lib/src/learning/preprocess";
import { LogisticRegression, fitLogisticRegression } from "../../lib/src/models/logistic";
import { createNetwork, fitNetwork } from "../../lib/src/models/network";
import { TrainingDivergedError, train } from "../../lib/src/models/train";
import { makeDataset } from "../../lib/src/data/datasets";

const xor = makeDataset("xor", { m: 200 });

test("checkNumber: the rule in words and the value as given (strings in quotes, with a hint)", () => {
  assert.equal(checkNumber(3, "n", RULES.positiveCount), 3);
  assert.throws(() => checkNumber("10", "epochs", RULES.count), {
    name: "TypeError",
    message: 'epochs must be a whole number ≥ 0, got "10" (a string): write it without quotes, 10',
  });
  assert.throws(() => checkNumber("ten", "epochs", RULES.count), {
    name: "TypeError",
    message: 'epochs must be a whole number ≥ 0, got "ten" (a string)',
  });
  assert.throws(() => checkNumber(2, "β", RULES.decay), {
    name: "RangeError",
    message: "β must be a number ≥ 0 and < 1, got 2",
  });
  assert.throws(() => checkNumber(NaN, "x"), {
    name: "RangeError",
    message: "x must be a finite number, got NaN",
  });
  assert.throws(() => checkNumber(undefined, "x", RULES.positive), {
    name: "TypeError",
    message: "x must be a number > 0, got undefined",
  });
  assert.equal(describeValue([1, 2]), "an array of 2");
  assert.equal(formatBytes(8e11), "800 GB");
});

test("a huge learning rate stops training by default (the cost 0.69 → 10⁵ was silent), with plain GD and with Adam", () => {
  for (const optimizer of ["gradientDescent", "adam"] as const) {
    assert.throws(
      () => fitNetwork(xor.X, xor.y, { epochs: 200, learningRate: 1e9, optimizer }),
      (e: unknown) =>
        e instanceof TrainingDivergedError &&
        /^Training diverged: the cost rose from 0\.\d+ \(epoch 1\) to .* — more than 1000× where it started\. The learning rate 1000000000 is probably too large/.test(
          e.message,
        ) &&
        /Try a smaller one, e\.g\. 100000000\. To let it run anyway \(to watch a divergence\), pass \{ divergenceFactor: false \}\.$/.test(
          e.message,
        ),
    );
  }
  // Adam's message names its β₁ and β₂; momentum's its β
  assert.throws(
    () => fitNetwork(xor.X, xor.y, { epochs: 50, optimizer: adam({ learningRate: 1e9 }) }),
    /\(with adam, β₁ = 0\.9, β₂ = 0\.999\)/,
  );
  assert.throws(
    () =>
      fitNetwork(xor.X, xor.y, {
        epochs: 50,
        optimizer: momentum({ learningRate: 1e9, beta: 0.5 }),
      }),
    /\(with momentum, β = 0\.5\)/,
  );
  // turned off, the same run goes on to the end
  const { history } = fitNetwork(xor.X, xor.y, {
    epochs: 20,
    learningRate: 1e9,
    divergenceFactor: false,
  });
  assert.equal(history.epochs, 20);
  assert.ok(history.costs[19]! > 1000 * history.costs[0]!, "the cost did grow");
  // a normal run is not stopped
  assert.equal(fitNetwork(xor.X, xor.y, { epochs: 300, learningRate: 1 }).history.epochs, 300);
});

test("too strong a λ is named as the cause, with the decay factor 1 − lr·λ/m", () => {
  const m = new LogisticRegression(2, { lambda: 1e6 });
  assert.throws(
    () => m.fit(xor.X, xor.y, { epochs: 100, learningRate: 1 }),
    /λ = 1000000 is too strong for the learning rate 1: each step multiplies the weights by 1 − lr·λ\/m = -5\.00e\+3 \(m = 200 training examples\)/,
  );
});

test("a learning-rate schedule that returns a negative rate or NaN is named (it used to climb for 100 epochs, or blame the learning rate)", () => {
  for (const [bad, shown] of [
    [-0.5, "-0.5"],
    [NaN, "NaN"],
    ["0.1", '"0.1" (a string)'],
  ] as const) {
    assert.throws(
      () => fitNetwork(xor.X, xor.y, { epochs: 100, learningRateSchedule: () => bad as number }),
      {
        name: "RangeError",
        message: `learningRateSchedule returned ${shown} for epoch 0 (0-based; initial learning rate 0.1): a learning rate must be a number > 0 (a negative one climbs the cost instead of descending). Check the schedule's formula, e.g. (e, lr0) => lr0 / (1 + 0.01 * e).`,
      },
    );
  }
  // a schedule that raises the rate until training diverges is named as the cause
  assert.throws(
    () =>
      fitNetwork(xor.X, xor.y, {
        epochs: 100,
        learningRate: 1,
        learningRateSchedule: (e, lr0) => lr0 * 10 ** e,
      }),
    /The learning-rate schedule raised the learning rate from 1 to \d+: a schedule should lower it/,
  );
  assert.throws(
    () =>
      fitNetwork(xor.X, xor.y, { epochs: 1, learningRateSchedule: 0.1 as unknown as () => number }),
    /learningRateSchedule must be a function/,
  );
});

test("optimizers: β, β₁, β₂ must be in [0, 1), ε > 0; the learning rate is checked when set, as when made", () => {
  assert.throws(() => momentum({ learningRate: 0.1, beta: 2 }), {
    message: "momentum: beta (β) must be a number ≥ 0 and < 1, got 2",
  });
  assert.throws(() => adam({ learningRate: 0.01, beta1: 1 }), {
    message: "adam: beta1 (β₁) must be a number ≥ 0 and < 1, got 1",
  });
  assert.throws(
    () => adam({ learningRate: 0.01, beta2: -0.1 }),
    /adam: beta2 \(β₂\) must be a number ≥ 0 and < 1, got -0\.1/,
  );
  assert.throws(
    () => rmsprop({ learningRate: 0.01, epsilon: 0 }),
    /rmsprop: epsilon \(ε\) must be a number > 0, got 0/,
  );
  const opt = gradientDescent({ learningRate: 0.1 });
  assert.throws(() => (opt.learningRate = -1), {
    message: "gradientDescent: learningRate must be a number > 0, got -1",
  });
  opt.learningRate = 0.5;
  assert.equal(opt.learningRate, 0.5);
});

test("the λ setter is checked like the constructor (a negative λ gave a negative cost)", () => {
  const m = new LogisticRegression(2);
  assert.throws(() => (m.lambda = -5), {
    message: "lambda (the L2 strength λ) must be a number ≥ 0, got -5",
  });
  assert.equal(m.lambda, 0);
  m.lambda = 0.5;
  assert.equal(m.toJSON().lambda, 0.5);
  const net = createNetwork({ layerSizes: [2, 3, 1] });
  assert.throws(
    () => (net.lambda = NaN),
    /lambda \(the L2 strength λ\) must be a number ≥ 0, got NaN/,
  );
});

test("predict and predictProba refuse X with NaN (they gave class 0 or NaN), and so does a fitted standardizer", () => {
  const bad = xor.X.clone();
  bad.data[3] = NaN;
  const { model: lr } = fitLogisticRegression(xor.X, xor.y, { epochs: 5 });
  const { model: net } = fitNetwork(xor.X, xor.y, { epochs: 5 });
  const message = "X (2×200) has NaN at row 0, column 3: every value must be a finite number";
  for (const f of [
    () => lr.predict(bad),
    () => lr.predictProba(bad),
    () => net.predict(bad),
    () => net.predictProba(bad),
  ])
    assert.throws(f, { message });
  assert.throws(() => fitStandardizer(xor.X).transform(bad), { message });
});

test("matrices: non-numbers in Matrix.row, strings as sizes, undefined, and a size too big for memory", () => {
  assert.throws(() => Matrix.row(["a", "b"] as unknown as number[]), {
    message: 'Matrix.row: element 0 is "a" (a string), which is not a number',
  });
  assert.throws(
    () => Matrix.column([1, {}] as unknown as number[]),
    /Matrix\.column: element 1 is a Object, which is not a number/,
  );
  assert.deepEqual(Matrix.row(["1", 2] as unknown as number[]).toList(), [1, 2]); // as Matrix.from reads CSV strings
  assert.throws(() => new Matrix("2" as unknown as number, 3), {
    name: "TypeError",
    message:
      'Matrix: rows must be a whole number ≥ 0, got "2" (a string): write it without quotes, 2',
  });
  assert.throws(() => Matrix.from(undefined as unknown as number[]), {
    message: "Matrix.from: expected an array of rows, got undefined",
  });
  assert.throws(
    () => Matrix.fromArray(undefined as unknown as number[], 1, 1),
    /Matrix\.fromArray: expected a list of numbers, got undefined/,
  );
  assert.throws(
    () => new Matrix(1e6, 1e5),
    (e: Error) =>
      e instanceof RangeError &&
      e.message.startsWith(
        "a 1000000×100000 matrix needs 1.00e+11 values, 800 GB of memory (8 bytes each), more than this machine can give one array",
      ),
  );
  assert.throws(() => Matrix.full(-1, 2, 0), /Matrix: rows must be a whole number ≥ 0, got -1/);
});

test("strings where numbers belong are named as strings (epochs, seeds, learning rate, layer sizes)", () => {
  const hint = (v: string) =>
    new RegExp(`got "${v}" \\(a string\\): write it without quotes, ${v}$`);
  assert.throws(() => fitNetwork(xor.X, xor.y, { epochs: "10" as unknown as number }), hint("10"));
  assert.throws(
    () =>
      train(new LogisticRegression(2), xor.X, xor.y, { epochs: 1, seed: "3" as unknown as number }),
    /^TypeError: seed must be an integer/,
  );
  assert.throws(() => new Rng("3" as unknown as number), hint("3"));
  assert.throws(
    () => fitNetwork(xor.X, xor.y, { epochs: 1, learningRate: "0.1" as unknown as number }),
    hint("0.1"),
  );
  assert.throws(() => createNetwork({ layerSizes: [2, "4" as unknown as number, 1] }), hint("4"));
  assert.throws(() => makeDataset("xor", { seed: "1" as unknown as number }), hint("1"));
});

test("gradientCheck: a cost function returning NaN is an error naming where (it gave relativeDifference NaN, worst parameter −1)", () => {
  const w = Matrix.row([1, 2]);
  assert.throws(() => gradientCheck(() => NaN, [w], [Matrix.zeros(1, 2)]), {
    message:
      "gradientCheck: the cost function returned NaN with parameter 0 (1×2) nudged by +ε at row 0, column 0: it must return a finite number (does it compute log(0), or read something undefined?)",
  });
  assert.deepEqual(w.toList(), [1, 2], "the parameter is restored");
  assert.throws(
    () => gradientCheck(() => 1, [w], [Matrix.row([NaN, 0])]),
    /the analytic gradient of parameter 0 \(1×2\) has NaN at row 0, column 0/,
  );
});
