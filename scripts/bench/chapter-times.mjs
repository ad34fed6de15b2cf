// @ts-check
// `npm run bench:chapters [FILTER]`: each chapter's Restart & Run All as a learner meets it, one notebook at a
// time on a fresh tslab kernel (run_notebooks.py --as-learner: prose checks print notes, the hidden Try-it
// checks are skipped). The target is ≤ 30 s a chapter on a 2-core machine. Each line also prints the kernel's
// start-up in the same run (the baseline every chapter pays), so a slow machine shows as a slow start too.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../jupyter.mjs";
import { listSolutions, SOLUTIONS_DIR } from "../learner.mjs";
import { ensureLib, kernelSetup, shQuiet } from "../stages/common.mjs";

const TARGET_S = 30;

async function main() {
  const filter = process.argv[2] ?? "";
  const names = listSolutions(filter);
  await ensureLib();
  const { python, env } = kernelSetup();
  const out = join(ROOT, "test-artifacts", "chapter-times");
  /** @type {string[]} */
  const slow = [];
  console.log(`Restart & Run All as a learner, one chapter at a time (target ≤ ${TARGET_S} s):`);
  for (const name of names) {
    const r = await shQuiet(
      python,
      [
        join("scripts", "run_notebooks.py"),
        "--as-learner",
        "--checks",
        "solution",
        "--out",
        out,
        join(SOLUTIONS_DIR, name),
      ],
      env,
    );
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"))[0] ?? {};
    const wall = Number(summary.wall_s);
    const start = Number(summary.kernel_start_s);
    const ok = r.status === 0 && wall <= TARGET_S;
    if (!ok) slow.push(name);
    console.log(
      `${ok ? "✓" : "✗"} ${name.padEnd(44)} ${wall.toFixed(1).padStart(5)} s  ` +
        `(kernel start ${start.toFixed(1)} s, ${(wall / start).toFixed(1)}× the start)` +
        (r.status === 0 ? "" : "  FAILED:\n" + r.out.slice(-2000)),
    );
  }
  console.log(
    slow.length
      ? `\n${slow.length} over ${TARGET_S} s or failed: ${slow.join(", ")}`
      : `\nall ≤ ${TARGET_S} s`,
  );
  process.exit(slow.length ? 1 : 0);
}

main();
