/**
 * Prose that cannot go stale: every number a notebook's text quotes from an output is tied to one of these
 * calls in a code cell after it. Silent when the text is right. When the number has drifted:
 * - under the notebook tests (LR2NN_PROSE_CHECKS=strict, set by scripts/run_notebooks.py) it throws a
 *   StaleProseError naming the sentence, so a change to the lib that makes the text wrong fails `npm test`;
 * - for a learner, who changes experiments on purpose, it prints one line saying what the text assumed.
 */
import { lastTrainingFailure } from "../models/divergence";
import { shortNumber } from "./check";

/** The error thrown (under the tests) when a quoted number no longer matches what the notebook computes. */
export class StaleProseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StaleProseError";
  }
}

/**
 * Whether a drifted number throws (the notebook tests) or only prints a note (a learner's run).
 * LR2NN_PROSE_CHECKS=strict: the tests of the solutions; =strict-text: the tests of the learner copies, which
 * check the quoted numbers too but leave the Try-it re-training (`onlyUnderTests`) to the solutions' run.
 */
export function proseChecksStrict(): boolean {
  const mode = process.env.LR2NN_PROSE_CHECKS;
  return mode === "strict" || mode === "strict-text";
}

function drifted(what: string, quoted: string, now: string): void {
  const failed = lastTrainingFailure();
  if (failed && !proseChecksStrict()) {
    console.log(
      `⏭ skipped: a training cell above did not finish (${failed.name}), so "${what}" cannot be checked: ` +
        "fix that cell and run it again",
    );
    return;
  }
  if (proseChecksStrict()) {
    throw new StaleProseError(
      `the text says "${what}" (${quoted}), but the notebook now computes ${now}: ` +
        "update the text above, or find what changed",
    );
  }
  console.log(
    `ℹ the text above says "${what}" (${quoted}); this run gives ${now}. If you changed an experiment above, ` +
      "that is why; if not, run the chapter from the top (Kernel ▸ Restart Kernel and Run All Cells)",
  );
}

/** Checks |value − quoted| ≤ tolerance. `what` repeats what the text says, e.g. "the slope at z = 0 is 0.25". */
export function expectClose(value: number, quoted: number, tolerance: number, what: string): void {
  if (!(typeof value === "number" && Math.abs(value - quoted) <= tolerance)) {
    drifted(
      what,
      `${shortNumber(quoted)} ± ${shortNumber(tolerance)}`,
      typeof value === "number" ? shortNumber(value) : String(value),
    );
  }
}

/** Checks that value and quoted are equal (numbers, strings, booleans, lists of them; compared as JSON). */
export function expectEqual<T>(value: T, quoted: T, what: string): void {
  const q = JSON.stringify(quoted);
  const v = JSON.stringify(value);
  if (q !== v) drifted(what, q, v);
}

/**
 * Runs `body` only under the tests of the solutions (LR2NN_PROSE_CHECKS=strict). For the hidden cells that re-train a
 * model to check what a "Try it" promises: the tests keep those promises true, and a learner's Restart & Run
 * All does not wait for models they will train themselves when they try it.
 */
export function onlyUnderTests(body: () => void): void {
  if (process.env.LR2NN_PROSE_CHECKS === "strict") body();
}
