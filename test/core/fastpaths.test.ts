// The fast paths of matrix.ts and activations.ts (closure-free loops, tiled transpose, loop order of
// selectCols) must give exactly the values of the plain formulas they replace.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ACTIVATIONS,
  ACTIVATION_NAMES,
  sigmoid,
  sigmoidMatrix,
} from "../../lib/src/learning/activations";
import { Matrix } from "../../lib/src/core/matrix";
import { rng } from "../../lib/src/core/random";

const SPECIAL = [0, -0, 1, -1, 1e-300, -1e-300, 40, -40, 800, -800, Infinity, -Infinity, NaN];

function same(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)) || (a === 0 && b === 0);
}

test("each activation's matrix forward/derivative equals its scalar function, element by element", () => {
  const r = rng(1);
  const values = [...SPECIAL, ...Array.from({ length: 200 }, () => r.normal(0, 5))];
  const Z = Matrix.row(values);
  for (const name of ACTIVATION_NAMES) {
    const g = ACTIVATIONS[name];
    const A = g.forward(Z);
    const D = g.derivative(Z);
    values.forEach((z, k) => {
      assert.ok(
        same(A.data[k] as number, g.output(z)),
        `${name}(${z}): ${A.data[k]} vs ${g.output(z)}`,
      );
      assert.ok(same(D.data[k] as number, g.der(z)), `${name}′(${z}): ${D.data[k]} vs ${g.der(z)}`);
    });
  }
  const S = sigmoidMatrix(Z);
  values.forEach((z, k) => assert.ok(same(S.data[k] as number, sigmoid(z))));
});

test("add/sub/mul/div equal zip with the same operator for every broadcasting pattern", () => {
  const r = rng(2);
  const A = Matrix.normal(3, 5, r);
  const shapes: [number, number][] = [
    [3, 5],
    [3, 1],
    [1, 5],
    [1, 1],
  ];
  const ops = [
    ["add", (a: number, b: number) => a + b],
    ["sub", (a: number, b: number) => a - b],
    ["mul", (a: number, b: number) => a * b],
    ["div", (a: number, b: number) => a / b],
  ] as const;
  for (const [rows, cols] of shapes) {
    const B = Matrix.normal(rows, cols, r);
    for (const [op, f] of ops) {
      assert.deepEqual(
        A[op](B).toArray(),
        A.zip(B, f).toArray(),
        `A (3×5) ${op} B (${rows}×${cols})`,
      );
      assert.deepEqual(
        B[op](A).toArray(),
        B.zip(A, f).toArray(),
        `B (${rows}×${cols}) ${op} A (3×5)`,
      );
    }
  }
  for (const [op, f] of ops)
    assert.deepEqual(A[op](2.5).toArray(), A.zip(2.5, f).toArray(), `${op} a number`);
  assert.throws(() => A.add(Matrix.zeros(2, 5)), /add: shapes 3×5 and 2×5 do not fit/);
  assert.deepEqual(Matrix.zeros(0, 3).add(1).shape(), "0×3");
});

test("map passes (value, row, column)", () => {
  const A = Matrix.from([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual(A.map((v, i, j) => v * 100 + i * 10 + j).toArray(), [
    [100, 201, 302],
    [410, 511, 612],
  ]);
});

test("the transpose (eight rows at a time) equals the definition on shapes around multiples of 8", () => {
  const r = rng(3);
  for (const [rows, cols] of [
    [1, 1],
    [1, 70],
    [70, 1],
    [7, 9],
    [8, 8],
    [9, 3],
    [31, 33],
    [32, 32],
    [65, 40],
    [0, 4],
    [4, 0],
  ] as const) {
    const A = Matrix.normal(rows, cols, r);
    const T = A.transpose();
    assert.equal(T.shape(), `${cols}×${rows}`);
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++) assert.equal(T.get(j, i), A.get(i, j));
  }
});

test("selectCols gives the same matrix whichever loop order it picks (few or many columns)", () => {
  const r = rng(4);
  const A = Matrix.normal(7, 200, r);
  for (const idx of [[5], [199, 0, 3], r.permutation(200), [...r.permutation(200), 1, 1]]) {
    const S = A.selectCols(idx);
    assert.equal(S.shape(), `7×${idx.length}`);
    idx.forEach((j, c) => {
      for (let i = 0; i < 7; i++) assert.equal(S.get(i, c), A.get(i, j));
    });
  }
  assert.throws(() => A.selectCols([200]), /column 200 is outside a 7×200 matrix/);
});

test("train's mini-batches are X.selectCols of the shuffled order (gathered from Xᵀ into reused buffers)", async () => {
  const { train } = await import("../../lib/src/models/train");
  const { Rng } = await import("../../lib/src/core/random");
  const r = rng(5);
  const X = Matrix.normal(9, 23, r);
  const Y = Matrix.row(Array.from({ length: 23 }, (_, j) => j % 2));
  for (const batchSize of [5, 10, 16]) {
    const seen: Matrix[] = [];
    const w = Matrix.zeros(1, 1);
    const spy = {
      parameters: () => [w],
      costAndGradients(Xb: Matrix, Yb: Matrix) {
        seen.push(Matrix.vstack([Xb, Yb]).clone());
        return { cost: 1, grads: [Matrix.zeros(1, 1)] };
      },
    };
    train(spy, X, Y, { epochs: 2, batchSize, seed: 7 });
    const order = Array.from({ length: 23 }, (_, i) => i);
    const rand = new Rng(7);
    const want: Matrix[] = [];
    for (let e = 0; e < 2; e++) {
      rand.shuffle(order);
      for (let s = 0; s < 23; s += batchSize) {
        const idx = order.slice(s, s + batchSize);
        want.push(Matrix.vstack([X.selectCols(idx), Y.selectCols(idx)]));
      }
    }
    assert.equal(seen.length, want.length);
    seen.forEach((m, k) =>
      assert.deepEqual(
        m.toArray(),
        (want[k] as Matrix).toArray(),
        `batch size ${batchSize}, batch ${k}`,
      ),
    );
  }
});
