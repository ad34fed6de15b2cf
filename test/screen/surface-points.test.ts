import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "../../lib/src/core/matrix";
import { surfaceWithPointsFigure } from "../../lib/src/screen/surfaces";

test("surfaceWithPointsFigure: the surface over the points' range, and the points themselves in 3-D", () => {
  const P = Matrix.from([
    [0, 1, 2, -1],
    [3, -2, 0, 1],
  ]);
  const z = Matrix.row([1, 2, 3, 4]);
  const fig = surfaceWithPointsFigure(P, z, (x, y) => 2 * x - y, { steps: 5 });
  const [surface, points] = fig.data as unknown as {
    type: string;
    x: number[];
    y: number[];
    z: number[] | number[][];
  }[];
  assert.equal(surface!.type, "surface");
  assert.deepEqual([surface!.x[0], surface!.x[4], surface!.y[0], surface!.y[4]], [-1, 2, -2, 3]);
  // z rows go with y, columns with x: z[i][j] = f(x[j], y[i])
  const zs = surface!.z as number[][];
  assert.equal(zs[4]![0], 2 * -1 - 3);
  assert.equal(zs[0]![4], 2 * 2 - -2);
  assert.equal(points!.type, "scatter3d");
  assert.deepEqual(
    [points!.x, points!.y, points!.z],
    [P.row(0).toList(), P.row(1).toList(), z.toList()],
  );
  assert.throws(() => surfaceWithPointsFigure(P.T, z, () => 0), /P must be 2×m.*4×2/);
  assert.throws(() => surfaceWithPointsFigure(P, Matrix.row([1, 2]), () => 0), /z 1×m/);
});
