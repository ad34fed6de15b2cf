/**
 * The bench's shared ground: its options, the timer, and the tables it prints.
 */
import * as os from "node:os";

/** The command line's options, and the machine's cores (both sides run on 1 thread and on all of them). */
const args = new Set(process.argv.slice(2));
export const QUICK = args.has("--quick");
export const CORES = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);

export function now(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

/** Best seconds per call of f: calibrate a repetition count to ~targetSeconds/5 per round, best of 5 rounds. */
export function timeIt(f: () => void, targetSeconds = QUICK ? 0.1 : 0.3): number {
  f();
  let reps = 1;
  let dt = 0;
  for (;;) {
    const t = now();
    for (let i = 0; i < reps; i++) f();
    dt = now() - t;
    if (dt > targetSeconds / 5 || reps > 1e6) break;
    reps *= 4;
  }
  let best = dt / reps;
  for (let r = 0; r < 4; r++) {
    const t = now();
    for (let i = 0; i < reps; i++) f();
    best = Math.min(best, (now() - t) / reps);
  }
  return best;
}

export function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}
export function lpad(s: string, n: number): string {
  return s.length >= n ? s : " ".repeat(n - s.length) + s;
}
export function fmt(x: number | undefined, digits = 1): string {
  return x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(digits);
}
export function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (r: string[]) =>
    r
      .map((v, c) => (c === 0 ? pad(v, widths[c] as number) : lpad(v, widths[c] as number)))
      .join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

export function mark(ok: boolean): string {
  return ok ? "✔" : "✘";
}
