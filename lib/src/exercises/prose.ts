/**
 * Prose that cannot go stale: every number a notebook's text quotes from an output is tied to one of these
 * calls in a code cell after it. When a change to the lib changes the number, the call throws and the notebook
 * test fails, naming the sentence to update. Silent when the text is right.
 */
import { formatNumber } from "./check";

/** The error thrown when a quoted number no longer matches what the notebook computes. */
export class StaleProseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StaleProseError";
  }
}

/**
 * Throws a StaleProseError unless |value − quoted| ≤ tolerance. `what` repeats what the text says, e.g.
 * "the slope at z = 0 is 0.25".
 */
export function expectClose(value: number, quoted: number, tolerance: number, what: string): void {
  if (!(typeof value === "number" && Math.abs(value - quoted) <= tolerance)) {
    throw new StaleProseError(
      `the text says "${what}" (${formatNumber(quoted)} ± ${formatNumber(tolerance)}), but the notebook now computes ` +
      `${typeof value === "number" ? formatNumber(value) : String(value)}: update the text above, or find what changed ` +
      "(if you changed an experiment above, this is expected: the text describes the original settings)");
  }
}

/** Throws a StaleProseError unless value and quoted are equal (numbers, strings, booleans, lists of them). */
export function expectEqual<T>(value: T, quoted: T, what: string): void {
  if (JSON.stringify(value) !== JSON.stringify(quoted)) {
    throw new StaleProseError(
      `the text says "${what}" (${JSON.stringify(quoted)}), but the notebook now computes ${JSON.stringify(value)}: ` +
      "update the text above, or find what changed (if you changed an experiment above, this is expected: the " +
      "text describes the original settings)");
  }
}
