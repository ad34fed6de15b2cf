/**
 * Checking the numbers a learner passes in: the one place where the lib decides what a valid number, whole
 * number or value in a range is, and how the error says so. Every constructor, setter and option of the lib
 * goes through these, so `epochs: "10"`, `beta: 2` or `lambda = -5` get the same kind of message wherever
 * they are typed: the name, the rule, and the value as it was given (a string shown in quotes, with its type).
 * The bottom of the numeric core: imports nothing. Taught in: 00-welcome ("When something goes wrong").
 */

/** A value as an error shows it: numbers as they print, strings in quotes with "(a string)", others by type. */
export function describeValue(v: unknown): string {
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return `${JSON.stringify(v)} (a string)`;
  if (v === null || v === undefined) return String(v);
  if (typeof v === "boolean" || typeof v === "bigint") return `${String(v)} (a ${typeof v})`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === "function") return "a function";
  return `a ${(v as object).constructor?.name ?? "object"}`;
}

/** The rule a number must follow, e.g. `{ min: 0, max: 1, maxOpen: true }` for 0 ≤ β < 1. */
export interface NumberRule {
  /** Must be a whole number (an integer). */
  whole?: boolean;
  min?: number;
  max?: number;
  /** The bound itself is excluded: x > min (x < max) instead of ≥ (≤). */
  minOpen?: boolean;
  maxOpen?: boolean;
  /** Says the rule in words instead of the bounds (e.g. for a seed). */
  label?: string;
}

/** The rule in words: "a whole number ≥ 1", "a number > 0 and < 1". */
export function describeRule(rule: NumberRule): string {
  if (rule.label) return rule.label;
  const parts: string[] = [];
  if (rule.min !== undefined) parts.push(`${rule.minOpen ? ">" : "≥"} ${rule.min}`);
  if (rule.max !== undefined) parts.push(`${rule.maxOpen ? "<" : "≤"} ${rule.max}`);
  const what = rule.whole ? "a whole number" : "a number";
  return parts.length ? `${what} ${parts.join(" and ")}` : `a finite ${what.slice(2)}`;
}

/** True when v is a finite number following `rule`. */
export function follows(v: unknown, rule: NumberRule): v is number {
  if (typeof v !== "number" || !Number.isFinite(v)) return false;
  if (rule.whole && !Number.isInteger(v)) return false;
  if (rule.min !== undefined && (rule.minOpen ? !(v > rule.min) : !(v >= rule.min))) return false;
  if (rule.max !== undefined && (rule.maxOpen ? !(v < rule.max) : !(v <= rule.max))) return false;
  return true;
}

/**
 * Returns v when it is a finite number following `rule`; otherwise throws naming `name`, the rule and the
 * value: "epochs must be a whole number ≥ 0, got "10" (a string): write it without quotes". A value of the
 * wrong type is a TypeError, a number out of range (or NaN, ±Infinity) a RangeError.
 */
export function checkNumber(v: unknown, name: string, rule: NumberRule = {}): number {
  if (follows(v, rule)) return v;
  const must = `${name} must be ${describeRule(rule)}, got ${describeValue(v)}`;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) {
    throw new TypeError(`${must}: write it without quotes, ${v.trim()}`);
  }
  if (typeof v !== "number") throw new TypeError(must);
  throw new RangeError(must);
}

/**
 * Returns v when it is a number (NaN and ±Infinity included: a matrix may hold them on purpose); otherwise
 * throws a TypeError naming `name` and the value, e.g. `Matrix.full: value must be a number, got "3" (a string):
 * write it without quotes, 3`. For the places that store a value as it is given.
 */
export function checkIsNumber(v: unknown, name: string): number {
  if (typeof v === "number") return v;
  const must = `${name} must be a number, got ${describeValue(v)}`;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)))
    throw new TypeError(`${must}: write it without quotes, ${v.trim()}`);
  throw new TypeError(must);
}

/** `checkNumber` for an optional value: `fallback` when v is undefined. */
export function numberOr(
  v: unknown,
  fallback: number,
  name: string,
  rule: NumberRule = {},
): number {
  return v === undefined ? checkNumber(fallback, name, rule) : checkNumber(v, name, rule);
}

/** Common rules. */
export const RULES = {
  /** x > 0: a learning rate, ε. */
  positive: { min: 0, minOpen: true },
  /** x ≥ 0: λ, a noise level, a scale. */
  nonNegative: { min: 0 },
  /** 0 ≤ x < 1: a decay rate β of an exponentially weighted average. */
  decay: { min: 0, max: 1, maxOpen: true },
  /** 0 ≤ p ≤ 1: a probability, a threshold. */
  probability: { min: 0, max: 1, label: "a number between 0 and 1" },
  /** A seed: any whole number (up to 2^53). */
  seed: {
    whole: true,
    min: -Number.MAX_SAFE_INTEGER,
    max: Number.MAX_SAFE_INTEGER,
    label: "an integer (a whole number up to 2^53)",
  },
  /** A count that may be 0 (epochs). */
  count: { whole: true, min: 0 },
  /** A count of at least one (units, features, a batch size). */
  positiveCount: { whole: true, min: 1 },
} as const satisfies Record<string, NumberRule>;

/** Bytes as a person reads them: "800 GB", "12 MB". */
export function formatBytes(bytes: number): string {
  const units = ["bytes", "kB", "MB", "GB", "TB", "PB"];
  let k = 0;
  let v = bytes;
  while (v >= 1000 && k < units.length - 1) {
    v /= 1000;
    k++;
  }
  return `${k === 0 ? v : Number(v.toPrecision(3))} ${units[k]}`;
}

/**
 * A new Float64Array of `length` values; when the memory cannot be had, a RangeError saying how much a
 * `what` (e.g. "a 1000000×100000 matrix") would need, instead of JavaScript's "Invalid typed array length".
 */
export function allocateFloats(length: number, what: string): Float64Array {
  try {
    return new Float64Array(length);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    throw new RangeError(
      `${what} needs ${length.toExponential(2)} values, ${formatBytes(length * 8)} of memory (8 bytes each), ` +
        `more than this machine can give one array (${err.message}). Use fewer rows or columns.`,
    );
  }
}
