import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect, format } from "node:util";
import * as math from "mathjs";
import * as dfd from "danfojs-node";
import { Matrix, ShapeError, matrix, shapeStr } from "../../lib/src/core/matrix";
import { rng } from "../../lib/src/core/random";

// danfojs-node runs the pure-JS tfjs, which prints a banner on its first tensor operation: silence it.
dfd.tensorflow.env().set("PROD", true);

/** C = A·B with a plain triple loop over nested arrays (the definition). */
function naiveMatmul(A: number[][], B: number[][], m: number, k: number, n: number): number[][] {
  const C: number[][] = [];
  for (let i = 0; i < m; i++) {
    const row: number[] = [];
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += A[i]![p]! * B[p]![j]!;
      row.push(s);
    }
    C.push(row);
  }
  return C;
}

function close(a: number[][], b: number[][], tol = 1e-12): void {
  assert.equal(a.length, b.length);
  a.forEach((row, i) => {
    assert.equal(row.length, b[i]!.length);
    row.forEach((v, j) =>
      assert.ok(Math.abs(v - b[i]![j]!) <= tol, `(${i}, ${j}): ${v} vs ${b[i]![j]}`),
    );
  });
}

// ------------------------------------------------------------------------------------------- construction

test("from nested rows, flat lists (a column), typed-array rows, and matrix()", () => {
  const A = Matrix.from([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.equal(A.rows, 2);
  assert.equal(A.cols, 3);
  assert.equal(A.shape(), "2×3");
  assert.equal(A.get(1, 0), 4);
  assert.deepEqual(Array.from(A.data), [1, 2, 3, 4, 5, 6]);
  const c = Matrix.from([1, 2, 3]);
  assert.equal(c.shape(), "3×1");
  assert.deepEqual(c.toList(), [1, 2, 3]);
  assert.deepEqual(Matrix.from([Float64Array.of(1, 2), Float64Array.of(3, 4)]).toArray(), [
    [1, 2],
    [3, 4],
  ]);
  assert.deepEqual(matrix([[1, 2]]).toArray(), [[1, 2]]);
  assert.equal(Matrix.from([]).shape(), "0×0");
  assert.equal(shapeStr(4, 400), "4×400");
});

test("from a flat row-major list, rows and columns; wrong lengths name the shape", () => {
  const A = Matrix.fromArray([1, 2, 3, 4, 5, 6], 3, 2);
  assert.deepEqual(A.toArray(), [
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  assert.equal(Matrix.row([1, 2, 3]).shape(), "1×3");
  assert.equal(Matrix.column([1, 2, 3]).shape(), "3×1");
  assert.throws(
    () => Matrix.fromArray([1, 2, 3], 2, 2),
    (e: Error) =>
      e instanceof ShapeError && /3 values cannot fill a 2×2 matrix \(needs 4\)/.test(e.message),
  );
  assert.throws(() => new Matrix(2, 2, new Float64Array(3)), /a 2×2 matrix needs 4 values, got 3/);
  assert.throws(() => new Matrix(-1, 2), /Matrix: rows must be a whole number ≥ 0, got -1/);
  assert.throws(() => new Matrix(1.5, 2), /Matrix: rows must be a whole number ≥ 0, got 1\.5/);
});

test("ragged rows and non-numbers are refused with where they are", () => {
  assert.throws(
    () => Matrix.from([[1, 2], [3]]),
    (e: Error) => e instanceof ShapeError && /row 0 has 2 values but row 1 has 1/.test(e.message),
  );
  assert.throws(
    () =>
      Matrix.from([
        [1, 2],
        [3, "x" as unknown as number],
      ]),
    /element \(1, 1\) is "x" \(a string\), which is not a number/,
  );
  // Numeric strings and booleans (as CSV readers produce) are accepted.
  assert.deepEqual(
    Matrix.from([["1.5" as unknown as number, true as unknown as number]]).toArray(),
    [[1.5, 1]],
  );
});

test("zeros, ones, full, identity, seeded uniform and normal", () => {
  assert.deepEqual(Matrix.zeros(2, 2).toArray(), [
    [0, 0],
    [0, 0],
  ]);
  assert.deepEqual(Matrix.ones(1, 3).toArray(), [[1, 1, 1]]);
  assert.deepEqual(Matrix.full(2, 1, 7).toArray(), [[7], [7]]);
  assert.deepEqual(Matrix.identity(3).toArray(), [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ]);
  const U = Matrix.uniform(3, 4, rng(1), -1, 1);
  assert.ok(U.allClose(Matrix.uniform(3, 4, rng(1), -1, 1), 0, 0), "same seed, same matrix");
  assert.ok(!U.allClose(Matrix.uniform(3, 4, rng(2), -1, 1)));
  assert.ok(U.min() >= -1 && U.max() < 1);
  const N = Matrix.normal(50, 200, rng(3), 5, 2);
  assert.ok(Math.abs(N.mean() - 5) < 0.05);
});

test("from a mathjs matrix (math.matrix)", () => {
  const M = Matrix.fromMathjs(
    math.matrix([
      [1, 2],
      [3, 4],
      [5, 6],
    ]),
  );
  assert.equal(M.shape(), "3×2");
  assert.deepEqual(M.toArray(), [
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  // And back: mathjs agrees on the product.
  const P = math.multiply(math.matrix(M.toArray()), math.matrix(M.T.toArray())) as math.Matrix;
  assert.deepEqual(M.matmul(M.T).toArray(), P.toArray());
  assert.equal(Matrix.fromMathjs(math.matrix([1, 2, 3])).shape(), "3×1");
});

test("from a danfojs DataFrame (rows stay rows) and a Series (a column)", () => {
  const df = new dfd.DataFrame(
    [
      [1, 2.5],
      [3, 4],
      [5, 6],
    ],
    { columns: ["radius", "texture"] },
  );
  const M = Matrix.fromFrame(df);
  assert.equal(M.shape(), "3×2");
  assert.deepEqual(M.toArray(), [
    [1, 2.5],
    [3, 4],
    [5, 6],
  ]);
  assert.equal(M.T.shape(), "2×3", "the course's layout: features × examples");
  const s = Matrix.fromFrame(df["texture"] as dfd.Series);
  assert.equal(s.shape(), "3×1");
  assert.deepEqual(s.toList(), [2.5, 4, 6]);
  // A frame that went through a tfjs operation (where the banner would print) still converts.
  assert.deepEqual(Matrix.fromFrame(df.add(1) as dfd.DataFrame).toArray(), [
    [2, 3.5],
    [4, 5],
    [6, 7],
  ]);
});

// ------------------------------------------------------------------------------------------- access

test("get/set/item check their indices and shapes", () => {
  const A = Matrix.zeros(2, 3);
  A.set(1, 2, 9);
  assert.equal(A.get(1, 2), 9);
  assert.throws(() => A.get(2, 0), /index \(2, 0\) is outside a 2×3 matrix/);
  assert.throws(() => A.set(0, 3, 1), /index \(0, 3\) is outside a 2×3 matrix/);
  assert.throws(() => A.get(0.5, 0), RangeError);
  assert.equal(Matrix.full(1, 1, 4).item(), 4);
  assert.throws(() => A.item(), /needs a 1×1 matrix, this one is 2×3/);
});

test("clone is independent; reshape keeps row-major order", () => {
  const A = Matrix.from([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const B = A.clone();
  B.set(0, 0, 100);
  assert.equal(A.get(0, 0), 1);
  assert.deepEqual(A.reshape(3, 2).toArray(), [
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  assert.deepEqual(A.reshape(1, 6).toList(), [1, 2, 3, 4, 5, 6]);
  assert.throws(() => A.reshape(4, 2), /a 2×3 matrix has 6 values and cannot become 4×2/);
});

test("row, col, slices and selections", () => {
  const A = Matrix.from([
    [0, 1, 2, 3],
    [10, 11, 12, 13],
    [20, 21, 22, 23],
  ]);
  assert.deepEqual(A.row(1).toArray(), [[10, 11, 12, 13]]);
  assert.deepEqual(A.col(2).toArray(), [[2], [12], [22]]);
  assert.throws(() => A.row(3), /row 3 is outside a 3×4 matrix/);
  assert.throws(() => A.col(-1), /column -1 is outside a 3×4 matrix/);
  assert.deepEqual(A.sliceRows(1).toArray(), [
    [10, 11, 12, 13],
    [20, 21, 22, 23],
  ]);
  assert.deepEqual(A.sliceRows(0, 1).toArray(), [[0, 1, 2, 3]]);
  assert.equal(A.sliceRows(2, 1).shape(), "0×4");
  assert.equal(A.sliceRows(5, 9).shape(), "0×4");
  assert.deepEqual(A.sliceCols(1, 3).toArray(), [
    [1, 2],
    [11, 12],
    [21, 22],
  ]);
  assert.deepEqual(A.sliceCols(3).toArray(), [[3], [13], [23]]);
  assert.equal(A.sliceCols(4).shape(), "3×0");
  assert.deepEqual(A.selectRows([2, 0, 2]).toArray(), [
    [20, 21, 22, 23],
    [0, 1, 2, 3],
    [20, 21, 22, 23],
  ]);
  assert.deepEqual(A.selectCols([3, 0]).toArray(), [
    [3, 0],
    [13, 10],
    [23, 20],
  ]);
  assert.deepEqual(A.selectCols(Int32Array.of(1)).toList(), [1, 11, 21]);
  assert.equal(A.selectCols([]).shape(), "3×0");
  assert.throws(() => A.selectRows([0, 3]), /row 3 is outside a 3×4 matrix/);
  assert.throws(() => A.selectCols([4]), /column 4 is outside a 3×4 matrix/);
});

// ------------------------------------------------------------------------------------------- linear algebra

test("matmul matches a plain triple loop on random shapes, including empty and 1×n", () => {
  const r = rng(2024);
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [2, 3, 4],
    [1, 5, 1],
    [5, 1, 5],
    [1, 7, 3],
    [4, 4, 4],
    [9, 2, 6],
    [3, 17, 8],
    [13, 11, 1],
    [0, 3, 4],
    [3, 0, 4],
    [3, 4, 0],
    [0, 0, 0],
  ];
  for (let t = 0; t < 10; t++) shapes.push([1 + r.int(12), 1 + r.int(12), 1 + r.int(12)]);
  for (const [m, k, n] of shapes) {
    const A = Matrix.normal(m, k, r);
    const B = Matrix.normal(k, n, r);
    const C = A.matmul(B);
    assert.equal(C.shape(), `${m}×${n}`, `(${m}×${k})·(${k}×${n})`);
    close(C.toArray(), naiveMatmul(A.toArray(), B.toArray(), m, k, n));
  }
  // The inner dimension 0: a sum of nothing is 0.
  assert.deepEqual(Matrix.zeros(2, 0).matmul(Matrix.zeros(0, 3)).toArray(), [
    [0, 0, 0],
    [0, 0, 0],
  ]);
  // A row vector times a column vector is a 1×1 dot product.
  assert.equal(
    Matrix.row([1, 2, 3])
      .matmul(Matrix.column([4, 5, 6]))
      .item(),
    32,
  );
});

test("transpose swaps rows and columns; (AB)ᵀ = BᵀAᵀ", () => {
  const A = Matrix.from([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual(A.transpose().toArray(), [
    [1, 4],
    [2, 5],
    [3, 6],
  ]);
  assert.deepEqual(A.T.T.toArray(), A.toArray());
  assert.equal(Matrix.zeros(0, 3).T.shape(), "3×0");
  const r = rng(5);
  const P = Matrix.normal(3, 4, r);
  const Q = Matrix.normal(4, 2, r);
  assert.ok(P.matmul(Q).T.allClose(Q.T.matmul(P.T)));
});

// ------------------------------------------------------------------------------------------- elementwise

test("map passes (value, row, column)", () => {
  const A = Matrix.from([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  assert.deepEqual(A.map((v) => v * v).toArray(), [
    [1, 4],
    [9, 16],
    [25, 36],
  ]);
  assert.deepEqual(A.map((_v, i, j) => 10 * i + j).toArray(), [
    [0, 1],
    [10, 11],
    [20, 21],
  ]);
});

test("zip/add/sub/mul/div with equal shapes, scalars and 1×1", () => {
  const A = Matrix.from([
    [1, 2],
    [3, 4],
  ]);
  const B = Matrix.from([
    [10, 20],
    [30, 40],
  ]);
  assert.deepEqual(A.add(B).toArray(), [
    [11, 22],
    [33, 44],
  ]);
  assert.deepEqual(B.sub(A).toArray(), [
    [9, 18],
    [27, 36],
  ]);
  assert.deepEqual(A.mul(B).toArray(), [
    [10, 40],
    [90, 160],
  ]);
  assert.deepEqual(B.div(A).toArray(), [
    [10, 10],
    [10, 10],
  ]);
  assert.deepEqual(A.add(1).toArray(), [
    [2, 3],
    [4, 5],
  ]);
  assert.deepEqual(A.mul(Matrix.full(1, 1, 3)).toArray(), [
    [3, 6],
    [9, 12],
  ]);
  assert.deepEqual(A.scale(-2).toArray(), [
    [-2, -4],
    [-6, -8],
  ]);
  assert.deepEqual(A.neg().toArray(), [
    [-1, -2],
    [-3, -4],
  ]);
  assert.deepEqual(A.zip(B, (a, b) => Math.max(a * 15, b)).toArray(), [
    [15, 30],
    [45, 60],
  ]);
});

test("broadcasting a column vector across columns (Z = W·X + b) and a row vector down rows", () => {
  const Z = Matrix.from([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const b = Matrix.column([10, 20]);
  assert.deepEqual(Z.add(b).toArray(), [
    [11, 12, 13],
    [24, 25, 26],
  ]);
  assert.deepEqual(
    b.add(Z).toArray(),
    [
      [11, 12, 13],
      [24, 25, 26],
    ],
    "the vector may come first",
  );
  const r = Matrix.row([100, 200, 300]);
  assert.deepEqual(Z.add(r).toArray(), [
    [101, 202, 303],
    [104, 205, 306],
  ]);
  assert.deepEqual(r.sub(Z).toArray(), [
    [99, 198, 297],
    [96, 195, 294],
  ]);
  // column ⊕ row gives the full outer table.
  assert.deepEqual(
    Matrix.column([1, 2])
      .mul(Matrix.row([1, 10, 100]))
      .toArray(),
    [
      [1, 10, 100],
      [2, 20, 200],
    ],
  );
  // A 1×1 on the left broadcasts too.
  assert.deepEqual(Matrix.full(1, 1, 1).sub(Z).toArray(), [
    [0, -1, -2],
    [-3, -4, -5],
  ]);
});

test("shape errors name both shapes", () => {
  const W = Matrix.zeros(4, 2);
  const X = Matrix.zeros(3, 400);
  assert.throws(
    () => W.matmul(X),
    (e: Error) => {
      assert.ok(e instanceof ShapeError);
      assert.equal(e.name, "ShapeError");
      assert.equal(e.message, "matmul: A is 4×2 but B is 3×400: inner dimensions 2 and 3 differ");
      return true;
    },
  );
  assert.throws(
    () => Matrix.zeros(2, 3).add(Matrix.zeros(3, 2)),
    (e: Error) => {
      assert.ok(e instanceof ShapeError);
      assert.match(
        e.message,
        /^add: shapes 2×3 and 3×2 do not fit: rows 2 and 3 differ and neither is 1/,
      );
      return true;
    },
  );
  assert.throws(
    () => Matrix.zeros(2, 3).mul(Matrix.zeros(2, 4)),
    /mul: shapes 2×3 and 2×4 do not fit: columns 3 and 4 differ/,
  );
  assert.throws(() => Matrix.zeros(2, 3).sub(Matrix.column([1, 2, 3])), /sub: shapes 2×3 and 3×1/);
  assert.throws(() => Matrix.zeros(2, 3).div(Matrix.row([1, 2])), /div: shapes 2×3 and 1×2/);
});

// ------------------------------------------------------------------------------------------- reductions

test("sum and mean over everything and along each axis, keeping 2-D shapes", () => {
  const A = Matrix.from([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.equal(A.sum(), 21);
  assert.equal(A.mean(), 3.5);
  assert.deepEqual(A.sum(0).toArray(), [[5, 7, 9]]);
  assert.deepEqual(A.sum(1).toArray(), [[6], [15]]);
  assert.deepEqual(A.mean(0).toArray(), [[2.5, 3.5, 4.5]]);
  assert.deepEqual(A.mean(1).toArray(), [[2], [5]]);
  // Against plain loops on a random matrix.
  const R = Matrix.normal(7, 5, rng(9));
  const a = R.toArray();
  close(R.sum(0).toArray(), [a[0]!.map((_, j) => a.reduce((s, row) => s + row[j]!, 0))]);
  close(
    R.sum(1).toArray(),
    a.map((row) => [row.reduce((s, v) => s + v, 0)]),
  );
  assert.equal(Matrix.zeros(0, 3).sum(), 0);
  assert.deepEqual(Matrix.zeros(0, 3).sum(0).toArray(), [[0, 0, 0]]);
  assert.throws(() => Matrix.zeros(0, 3).mean(), /empty/);
  assert.throws(() => Matrix.zeros(0, 3).mean(0), /cannot average along axis 0 of a 0×3 matrix/);
  assert.throws(() => A.sum(2 as 0), /axis must be 0 \(down rows\) or 1 \(across columns\), got 2/);
});

test("max, min, norm, allClose, assertShape", () => {
  const A = Matrix.from([
    [3, -4],
    [0, 1],
  ]);
  assert.equal(A.max(), 3);
  assert.equal(A.min(), -4);
  assert.ok(Number.isNaN(Matrix.from([[1, NaN, 2]]).max()));
  assert.throws(() => Matrix.zeros(0, 0).max(), /empty/);
  assert.equal(Matrix.from([[3, 4]]).norm(), 5);
  assert.ok(A.allClose(A.add(1e-12)));
  assert.ok(!A.allClose(A.add(1e-3)));
  assert.ok(!A.allClose(A.T.reshape(1, 4)), "different shapes are never close");
  assert.equal(A.assertShape(2, 2), A);
  assert.equal(A.assertShape(undefined, 2), A);
  assert.throws(() => A.assertShape(1, undefined, "b"), /b is 2×2 but should be 1×any/);
});

// ------------------------------------------------------------------------------------------- hstack / vstack

test("hstack and vstack join matrices; mismatches name every shape", () => {
  const A = Matrix.from([
    [1, 2],
    [3, 4],
  ]);
  const c = Matrix.column([5, 6]);
  assert.deepEqual(Matrix.hstack([A, c]).toArray(), [
    [1, 2, 5],
    [3, 4, 6],
  ]);
  assert.deepEqual(Matrix.hstack([c, A, c]).toArray(), [
    [5, 1, 2, 5],
    [6, 3, 4, 6],
  ]);
  assert.deepEqual(Matrix.vstack([A, Matrix.row([7, 8])]).toArray(), [
    [1, 2],
    [3, 4],
    [7, 8],
  ]);
  assert.equal(Matrix.hstack([]).shape(), "0×0");
  assert.equal(Matrix.vstack([Matrix.zeros(0, 2), A]).shape(), "2×2");
  assert.throws(
    () => Matrix.hstack([A, Matrix.column([1, 2, 3])]),
    /hstack: shapes 2×2, 3×1 do not all have 2 rows/,
  );
  assert.throws(
    () => Matrix.vstack([A, Matrix.row([1, 2, 3])]),
    /vstack: shapes 2×2, 1×3 do not all have 2 columns/,
  );
});

// ------------------------------------------------------------------------------------------- checks and printing

test("assertFinite names the matrix, its shape, the bad value and its position", () => {
  const A = Matrix.from([
    [1, 2, 3],
    [4, NaN, Infinity],
  ]);
  assert.throws(() => A.assertFinite("Z1"), /^RangeError: Z1 \(2×3\) has NaN at row 1, column 1/);
  assert.throws(
    () => Matrix.from([[1, -Infinity]]).assertFinite(),
    /matrix \(1×2\) has -Inf at row 0, column 1/,
  );
  const ok = Matrix.ones(2, 2);
  assert.equal(ok.assertFinite("W"), ok);
});

test("toString shows the shape and the rows, readably", () => {
  const s = Matrix.from([
    [1, -2.5],
    [0.123456, 1000],
  ]).toString();
  const lines = s.split("\n");
  assert.equal(lines[0], "Matrix 2×2");
  assert.equal(lines.length, 3);
  assert.match(lines[1]!, /^ {2}\[\s*1\.0000,\s+-2\.5000\]$/);
  assert.match(lines[2]!, /0\.1235,\s+1000\.0000\]$/);
  // Columns line up.
  assert.equal(lines[1]!.length, lines[2]!.length);
  assert.match(
    Matrix.from([[1e-9, 2e7, NaN, -Infinity]]).toString(),
    /1\.000e-9, +2\.000e\+7, +NaN, +-Inf/,
  );
  assert.equal(Matrix.zeros(0, 3).toString(), "Matrix 0×3\n  (empty)");
  assert.equal(
    Matrix.row([0, 0.5]).toString(),
    "Matrix 1×2\n  [0.0000, 0.5000]",
    "a zero among decimals gets decimals too",
  );
  assert.match(Matrix.from([[1.23456]]).toString(2), /\[1\.23\]/);
});

test("toString of a big matrix shows the corners and … instead of everything", () => {
  const A = Matrix.zeros(100, 400).map((_v, i, j) => i * 1000 + j + 0.5);
  const s = A.toString();
  const lines = s.split("\n");
  assert.equal(lines[0], "Matrix 100×400");
  assert.equal(lines.length, 1 + 8, "at most 8 rows");
  assert.ok(s.length < 1000, `${s.length} characters`);
  assert.ok(
    lines.some((l) => /^\s*\[\s*…(,\s*…)*\]$/.test(l)),
    "a row of … marks the skipped rows",
  );
  assert.match(
    lines[1]!,
    /^\s*\[\s*0\.5000, +1\.5000, .*…, .* 399\.5000\]$/,
    "first row: its first and last columns",
  );
  assert.equal(lines[1]!.split(",").length, 8, "at most 8 columns");
  assert.ok(lines[8]!.endsWith("99399.5000]"), "the last element is shown");
  assert.ok(!s.includes("50200"), "the middle is not");
  // Whole numbers (labels, counts) print without decimals.
  assert.equal(Matrix.row([0, 1, 1, 0]).toString(), "Matrix 1×4\n  [0, 1, 1, 0]");
  assert.match(Matrix.zeros(3, 20).toString(), /^Matrix 3×20\n {2}\[0, 0, 0, 0, …, 0, 0, 0\]/);
});

test("console.log / util.inspect print a matrix with toString", () => {
  const A = Matrix.from([
    [1, 2],
    [3, 4],
  ]);
  assert.equal(inspect(A), A.toString());
  assert.equal(format("%o", A), A.toString());
  assert.equal(format(A), A.toString());
  assert.equal(String(A), A.toString());
  assert.equal(`${A}`, "Matrix 2×2\n  [1, 2]\n  [3, 4]");
  assert.equal(`${A.scale(0.5)}`, "Matrix 2×2\n  [0.5000, 1.0000]\n  [1.5000, 2.0000]");
});
