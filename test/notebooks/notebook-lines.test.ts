// The notebook line-width check (scripts/notebook-lines.mjs) on notebooks built in memory.
import assert from "node:assert/strict";
import { test } from "node:test";
import { describeLongLine, longCodeLines, MAX_LINE } from "../../scripts/notebook-lines.mjs";

const long = (n: number, fill = "x"): string => `const s = "${fill.repeat(n - 13)}";`; // n characters

test("lists the code lines longer than 100 characters: notebook, cell (from 0), line (from 1), length", () => {
  assert.equal(MAX_LINE, 100);
  assert.equal(long(101).length, 101);
  const nb = {
    cells: [
      { cell_type: "markdown", source: [long(150) + "\n", "prose wraps on screen: not counted"] },
      { cell_type: "code", source: ["const a = 1;\n", long(100) + "\n", long(101)] },
      { cell_type: "code", source: `${long(120)}\nconst b = 2;\n${long(130)}` },
      { cell_type: "raw", source: long(200) },
    ],
  };
  const found = longCodeLines(nb, "notebooks/x.ipynb");
  assert.deepEqual(
    found.map(({ path, cell, line, length }) => ({ path, cell, line, length })),
    [
      { path: "notebooks/x.ipynb", cell: 1, line: 3, length: 101 },
      { path: "notebooks/x.ipynb", cell: 2, line: 1, length: 120 },
      { path: "notebooks/x.ipynb", cell: 2, line: 3, length: 130 },
    ],
  );
  assert.equal(found[0]?.text, long(101));
  assert.equal(describeLongLine(found[1]!), "notebooks/x.ipynb cell 2, line 1: 120 characters");
});

test("counts characters, not UTF-16 units or bytes; honours another width; copes with no cells", () => {
  // "ŷ" is one character (two bytes in UTF-8); "𝑥" is one character (two UTF-16 units).
  const nb = { cells: [{ cell_type: "code", source: [long(100, "ŷ") + "\n", long(100, "𝑥")] }] };
  assert.deepEqual(longCodeLines(nb, "n"), []);
  assert.deepEqual(
    longCodeLines(nb, "n", 99).map((l) => [l.line, l.length]),
    [
      [1, 100],
      [2, 100],
    ],
  );
  assert.deepEqual(longCodeLines({}, "empty"), []);
  assert.deepEqual(longCodeLines({ cells: [{ cell_type: "code" }] }, "no source"), []);
});
