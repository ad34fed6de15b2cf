import { test } from "node:test";
import assert from "node:assert/strict";
import { imageGridFigure } from "../../lib/src/screen/images";
import { Matrix } from "../../lib/src/core/matrix";

test("pictures are tiled into one heatmap, each column drawn row by row at its place", () => {
  // three 2×2 images: column k holds [k, k + 0.1, k + 0.2, k + 0.3] / 3
  const X = new Matrix(4, 3);
  for (let k = 0; k < 3; k++) for (let p = 0; p < 4; p++) X.set(p, k, (k + p / 10) / 3);
  const fig = imageGridFigure(X, { cols: 2 });
  assert.equal(fig.data.length, 1);
  const z = (fig.data[0] as { z: (number | null)[][] }).z;
  // gap 2 between pictures, 2 rows above each (no titles): width 2·4 − 2 = 6, height 2·(2 + 2) = 8
  assert.equal(z.length, 8);
  assert.equal((z[0] as unknown[]).length, 6);
  assert.equal(z[2]?.[0], 0);
  assert.equal(z[2]?.[1], 0.1 / 3);
  assert.equal(z[3]?.[0], 0.2 / 3); // second row of the first picture
  assert.equal(z[2]?.[4], 1 / 3); // picture 1, to the right after a gap of 2
  assert.equal(z[6]?.[0], 2 / 3); // picture 2, on the second row of pictures
  assert.equal(z[2]?.[2], null, "gaps are empty");
  assert.equal(z[6]?.[4], null, "the unused cell is empty");
});

test("titles become annotations; the diverging style scales each picture to its largest |value|", () => {
  const W = Matrix.from([
    [2, -0.5],
    [-4, 1],
    [1, 0],
    [0, 0.25],
  ]);
  const fig = imageGridFigure(W, { style: "diverging", titles: ["unit 1", "unit 2"] });
  const z = (fig.data[0] as { z: (number | null)[][] }).z;
  const flat = z.flat().filter((v): v is number => v !== null);
  assert.equal(Math.min(...flat), -1);
  assert.equal(Math.max(...flat), 1);
  assert.deepEqual(
    (fig.layout?.annotations ?? []).map((a) => a.text),
    ["unit 1", "unit 2"],
  );
});

test("rows that are not a square number of pixels get a clear error", () => {
  assert.throws(() => imageGridFigure(new Matrix(5, 2)), /5 is not a square number/);
  assert.throws(() => imageGridFigure(new Matrix(4, 0)), /no column/);
});
