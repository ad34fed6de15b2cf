import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "../../lib/src/core/matrix";
import { networkFromParameters, createNetwork } from "../../lib/src/models/network";
import { layerGradientNorms } from "../../lib/src/models/gradient-norms";

const sigma = (z: number): number => 1 / (1 + Math.exp(-z));

test("layerGradientNorms: ‖dW^[l]‖ and ‖db^[l]‖ of a [1, 2, 1] sigmoid network, computed by hand", () => {
  const [w1, c1, v, c2] = [[0.8, -1.3], [0.1, 0.4], [1.7, -0.6], -0.2];
  const net = networkFromParameters({
    W: [Matrix.column(w1), Matrix.row(v)],
    b: [Matrix.column(c1), Matrix.column([c2])],
    hiddenActivation: "sigmoid",
  });
  const xs = [0.5, -2];
  const ys = [1, 0];
  // the chain rule, example by example, with plain numbers
  const dW1 = [0, 0];
  const db1 = [0, 0];
  const dW2 = [0, 0];
  let db2 = 0;
  xs.forEach((x, j) => {
    const a1 = [0, 1].map((i) => sigma(w1[i]! * x + c1[i]!));
    const a2 = sigma(v[0]! * a1[0]! + v[1]! * a1[1]! + c2);
    const dz2 = a2 - ys[j]!;
    db2 += dz2 / 2;
    for (const i of [0, 1]) {
      dW2[i]! += (dz2 * a1[i]!) / 2;
      const dz1 = v[i]! * dz2 * a1[i]! * (1 - a1[i]!);
      dW1[i]! += (dz1 * x) / 2;
      db1[i]! += dz1 / 2;
    }
  });
  const norms = layerGradientNorms(net, Matrix.row(xs), Matrix.row(ys));
  const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-15, `${a} vs ${b}`);
  close(norms.dW[0]!, Math.hypot(...dW1));
  close(norms.dW[1]!, Math.hypot(...dW2));
  close(norms.db[0]!, Math.hypot(...db1));
  close(norms.db[1]!, Math.abs(db2));
  assert.equal(norms.dW.length, 2);
  close(norms.cost, net.cost(Matrix.row(xs), Matrix.row(ys)));
});

test("layerGradientNorms leaves the parameters as they were, and shows sigmoid's gradients vanish", () => {
  const X = Matrix.from([
    [0.5, -1, 2, 0.3],
    [1, 0.2, -0.7, -1.5],
  ]);
  const Y = Matrix.row([1, 0, 1, 0]);
  const sizes = [2, 6, 6, 6, 6, 6, 1];
  const sig = createNetwork({ layerSizes: sizes, hiddenActivation: "sigmoid", seed: 2 });
  const before = sig.parameters().map((p) => p.clone());
  const n = layerGradientNorms(sig, X, Y).dW;
  sig.parameters().forEach((p, k) => assert.ok(p.allClose(before[k]!, 0, 0)));
  assert.equal(n.length, 6);
  // five sigmoid layers, each multiplying by σ′ ≤ ¼: the first layer's gradient is far below the last's
  assert.ok(n[0]! * 10 < n[5]!, `first ${n[0]} vs last ${n[5]}`);
  const relu = layerGradientNorms(
    createNetwork({ layerSizes: sizes, hiddenActivation: "relu", seed: 2 }),
    X,
    Y,
  ).dW;
  assert.ok(relu[0]! / relu[5]! > (n[0]! / n[5]!) * 10);
});
