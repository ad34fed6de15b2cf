/**
 * How a mistake looks in a notebook. tslab prints an error thrown by a cell with `console.error`, that is with
 * Node's `util.inspect`: the message, ten or so stack frames of the lib's and the kernel's internals, and every
 * field of the error (a diverged training run's whole history). For an error the lib throws, none of that helps a
 * learner: its message already names the cause, the shapes or the values at fault, and what to try. So, once the
 * lib is loaded in a kernel, an error thrown from the lib's own code prints as ONE line:
 *
 *   ✘ ShapeError: W is 1×2 but X is 3×400: …
 *
 * Errors thrown elsewhere (the learner's own code, Node, tslab) print as they always did, but for one: a cell
 * that reads a property of undefined, the follow-on error of a cell above that failed, prints one line saying so. The full error, stack
 * included, stays one call away: `lastError()` returns it, and `console.log(lastError()?.stack)` shows where.
 * Installed by the lib's index (`installErrorPrinting`); only in Node.
 */

import { errorShown } from "../models/divergence";

const CUSTOM = Symbol.for("nodejs.util.inspect.custom");

/** The lib's own folder (lib/dist when built, lib/src under tsx): an error whose first frame is in it is the lib's. */
const LIB_ROOT = typeof __dirname === "string" ? __dirname.replace(/[\\/]screen$/, "") : "";

let last: Error | null = null;

/** The last error the lib printed as one line (with its stack and fields), or null. */
export function lastError(): Error | null {
  return last;
}

/** True when `e` was thrown by the lib's own code: the first frame of its stack is a file of the lib. */
export function thrownByLib(e: Error): boolean {
  const frame = firstFrame(e);
  return !!LIB_ROOT && !!frame && frame.includes(LIB_ROOT);
}

/** The first "at …" line of an error's stack: where it was thrown ("" when there is none). */
function firstFrame(e: Error): string {
  return (e.stack ?? "").split("\n").find((l) => /^\s+at /.test(l)) ?? "";
}

/** The one line a lib error prints as: `✘ Name: message` (just `✘ message` for a plain Error). */
export function oneLine(e: Error): string {
  const name = e.name && e.name !== "Error" ? `${e.name}: ` : "";
  return `✘ ${name}${e.message.replace(/\s*\n\s*/g, " ")}`;
}

type Inspect = (value: unknown, options: object) => string;

/** The likely cause of a cell reading a property of undefined: a value an earlier cell was to make. */
const NEVER_SET =
  "A value this cell uses was never set: did a cell above fail or not run yet? Fix that cell and run it, " +
  "or run everything above (Run ▸ Run All Above Selected Cell)";

/**
 * True for a notebook cell's own TypeError reading a property of undefined or null (the follow-on error of a
 * cell that uses what a failed cell above was to make): its first frame is the cell (tslab runs cells in
 * `evalmachine.<anonymous>`).
 */
export function readsAValueNeverSet(e: Error): boolean {
  const frame = firstFrame(e);
  return (
    e instanceof TypeError &&
    /Cannot read properties of (undefined|null)/.test(e.message) &&
    frame.includes("evalmachine.")
  );
}

/**
 * Makes errors thrown by the lib print as one line (see the file's comment); idempotent. Does nothing outside
 * Node (a browser prints errors its own way).
 */
export function installErrorPrinting(): void {
  const proto = Error.prototype as unknown as Record<symbol, unknown>;
  const isNode = typeof process !== "undefined" && !!process.versions?.node;
  if (!isNode || Object.prototype.hasOwnProperty.call(proto, CUSTOM)) return;
  Object.defineProperty(proto, CUSTOM, {
    configurable: true,
    writable: true,
    enumerable: false,
    value: function inspectError(this: Error, _depth: number, options: object, inspect: Inspect) {
      if (readsAValueNeverSet(this)) return `${oneLine(this)}. ${NEVER_SET}`;
      if (!thrownByLib(this)) return inspect(this, { ...options, customInspect: false });
      last = this;
      errorShown(this); // a training run's error reached the learner: later charts and checks say so
      return oneLine(this);
    },
  });
}
