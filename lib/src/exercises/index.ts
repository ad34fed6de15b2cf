/**
 * The exercises: checkers the notebooks call after each exercise, and the prose checks. Import from
 * "lr2nn/exercises".
 *
 * Conventions (every chapter follows them; solutions/README.md says the same for authors):
 * - `solutions/NN-name.ipynb` (same file names as notebooks/) is the source of truth. `npm run learner`
 *   (scripts/make-learner.mjs) writes notebooks/NN-name.ipynb from it: in code cells tagged `exercise`
 *   (cell metadata `tags: ["exercise"]`), the lines from `// BEGIN SOLUTION` to `// END SOLUTION` are replaced
 *   by a stub at the BEGIN line's indentation:
 *       // ✎ Your code here (see the formula above).
 *       throw notYet();
 *   (`// BEGIN SOLUTION: note` puts the note in the stub's comment instead of "(see the formula above)".)
 *   Everything else is copied unchanged, outputs stripped. Never edit notebooks/ by hand for a chapter with
 *   exercises: edit solutions/, run `npm run learner`; `npm test` fails when the two disagree.
 * - An exercise is one function the learner completes: signature, a doc comment with the formula and the
 *   shapes, and the body (the solution region). The stub throws `notYet()` (a NotYetError); a throw is
 *   `never`, so the stub type-checks. Import `notYet` and the checkers in an earlier cell.
 * - The cell right after it is tagged `check` and calls one checker: `checkSigmoid(mySigmoid)`. It prints one
 *   line: `✔ what was verified`, `✘ input: expected x, got y. Hint: the mistake`, or `… not yet: …`. Checkers
 *   never throw; they pass fresh copies of every input and report a changed input.
 * - Later cells never use the learner's function: they use the lib's own (`sigmoid`, not `mySigmoid`), so an
 *   untouched learner copy runs top to bottom (Restart & Run All) with every check saying "not yet".
 * - One file of checkers per chapter, `chNN.ts`, each built with `exercise({ name, verified, params, cases,
 *   hint })` from check.ts. Every case lists the known wrong answers (`mistakes: [{ value, hint }]`) so the
 *   hint names the actual mistake; test/exercises-chNN.test.ts feeds each checker the right code (✔), an
 *   untouched stub ("not yet") and at least two typical wrong answers (✘ with that hint).
 * - Every number the prose quotes from an output is tied to `expectClose(value, quoted, tolerance, "what the
 *   text says")` or `expectEqual` in a code cell after it (visible, or hidden: metadata
 *   `"jupyter": {"source_hidden": true}` and tag `prose-check`). It throws when the value drifts.
 * - `npm run reset -- 04` restores a chapter's pristine learner copy, after backing the learner's own up in
 *   `.backup/<time>/`.
 */
export * from "./check";
export * from "./prose";
export * from "./ch01";
export * from "./ch02";
export * from "./ch03";
export * from "./ch04";
export * from "./ch05";
export * from "./ch00";
export * from "./ch06";
export * from "./parts";
export * from "./ch07";
export * from "./ch08";
export * from "./ch08-capstone";
export * from "./ch09";
export * from "./ch10";
export * from "./ch11";
export * from "./ch12";
export * from "./ch13";
export * from "./ch14";
export * from "./ch15";
