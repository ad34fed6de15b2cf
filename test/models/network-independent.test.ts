// The lib's network trainer against an independent implementation written here with plain arrays and
// per-example loops (no Matrix, no lib math): same data, same initial weights, same batches → the same costs
// and the same weights. If backprop, the optimizers or the batching in the lib were wrong, these would differ.
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeDataset } from "../../lib/src/data/datasets";
import { createNetwork } from "../../lib/src/models/network";
import { adam } from "../../lib/src/learning/optimizers";
import { Rng } from "../../lib/src/core/random";
import { train } from "../../lib/src/models/train";

type Vec = number[];
type Mat = number[][];

interface Plain {
  W: Mat[];
  b: Vec[];
}

const act = {
  tanh: { f: (z: number) => Math.tanh(z), d: (z: number) => 1 - Math.tanh(z) ** 2 },
  relu: { f: (z: number) => (z > 0 ? z : 0), d: (z: number) => (z > 0 ? 1 : 0) },
};

/** Cost and gradients of the batch, summing per-example backprop (the textbook, unvectorised). */
function plainCostAndGrads(
  p: Plain,
  xs: Vec[],
  ys: number[],
  hidden: keyof typeof act,
): { cost: number; dW: Mat[]; db: Vec[] } {
  const L = p.W.length;
  const dW = p.W.map((W) => W.map((row) => row.map(() => 0)));
  const db = p.b.map((b) => b.map(() => 0));
  let cost = 0;
  const m = xs.length;
  for (let e = 0; e < m; e++) {
    const as: Vec[] = [xs[e]!];
    const zs: Vec[] = [];
    for (let l = 0; l < L; l++) {
      const z = p.W[l]!.map((row, i) => row.reduce((s, w, j) => s + w * as[l]![j]!, p.b[l]![i]!));
      zs.push(z);
      as.push(l === L - 1 ? z.map((v) => 1 / (1 + Math.exp(-v))) : z.map(act[hidden].f));
    }
    const a = as[L]![0]!;
    const y = ys[e]!;
    cost += -(y * Math.log(a) + (1 - y) * Math.log(1 - a));
    let delta: Vec = [a - y]; // dJ/dz of the output for sigmoid + cross-entropy (per example)
    for (let l = L - 1; l >= 0; l--) {
      for (let i = 0; i < delta.length; i++) {
        db[l]![i]! += delta[i]! / m;
        for (let j = 0; j < as[l]!.length; j++) dW[l]![i]![j]! += (delta[i]! * as[l]![j]!) / m;
      }
      if (l > 0) {
        delta = as[l]!.map(
          (_, j) =>
            delta.reduce((s, d, i) => s + p.W[l]![i]![j]! * d, 0) * act[hidden].d(zs[l - 1]![j]!),
        );
      }
    }
  }
  return { cost: cost / m, dW, db };
}

function snapshot(net: ReturnType<typeof createNetwork>): Plain {
  return { W: net.W.map((W) => W.toArray()), b: net.b.map((b) => b.toList()) };
}

function maxDiff(p: Plain, net: ReturnType<typeof createNetwork>): number {
  let d = 0;
  p.W.forEach((W, l) =>
    W.forEach((row, i) =>
      row.forEach((w, j) => (d = Math.max(d, Math.abs(w - net.W[l]!.get(i, j))))),
    ),
  );
  p.b.forEach((b, l) => b.forEach((v, i) => (d = Math.max(d, Math.abs(v - net.b[l]!.get(i, 0))))));
  return d;
}

test("full-batch gradient descent: a [2, 5, 3, 1] tanh network matches a per-example plain-array trainer", () => {
  const d = makeDataset("moons", { m: 120, seed: 3, noise: 0.2 });
  const xs = Array.from({ length: d.X.cols }, (_, j) => [d.X.get(0, j), d.X.get(1, j)]);
  const ys = d.y.toList();
  const net = createNetwork({
    layerSizes: [2, 5, 3, 1],
    hiddenActivation: "tanh",
    init: "lecun",
    seed: 7,
  });
  const p = snapshot(net);
  const lr = 0.5;
  const epochs = 150;
  const costs: number[] = [];
  for (let e = 0; e < epochs; e++) {
    const g = plainCostAndGrads(p, xs, ys, "tanh");
    costs.push(g.cost);
    p.W.forEach((W, l) =>
      W.forEach((row, i) => row.forEach((_, j) => (row[j]! -= lr * g.dW[l]![i]![j]!))),
    );
    p.b.forEach((b, l) => b.forEach((_, i) => (b[i]! -= lr * g.db[l]![i]!)));
  }
  const h = train(net, d.X, d.y, { epochs, learningRate: lr });
  for (let e = 0; e < epochs; e++)
    assert.ok(
      Math.abs(h.costs[e]! - costs[e]!) < 1e-12,
      `epoch ${e}: ${h.costs[e]} vs ${costs[e]}`,
    );
  assert.ok(maxDiff(p, net) < 1e-10, `weights differ by ${maxDiff(p, net)}`);
  assert.ok(costs[epochs - 1]! < costs[0]! - 0.2, "training made progress");
});

test("mini-batch Adam: a [2, 8, 1] ReLU network matches a plain-array trainer with its own Adam and the same batches", () => {
  const d = makeDataset("circles", { m: 100, seed: 5, noise: 0.1 });
  const xs = Array.from({ length: d.X.cols }, (_, j) => [d.X.get(0, j), d.X.get(1, j)]);
  const ys = d.y.toList();
  const net = createNetwork({
    layerSizes: [2, 8, 1],
    hiddenActivation: "relu",
    init: "he",
    seed: 11,
  });
  const p = snapshot(net);
  const [lr, b1, b2, eps] = [0.01, 0.9, 0.999, 1e-8];
  const epochs = 30;
  const batchSize = 16;
  // Adam state, one number per parameter.
  const vW = p.W.map((W) => W.map((r) => r.map(() => 0)));
  const sW = p.W.map((W) => W.map((r) => r.map(() => 0)));
  const vb = p.b.map((b) => b.map(() => 0));
  const sb = p.b.map((b) => b.map(() => 0));
  let t = 0;
  const update = (theta: number, g: number, v: number, s: number): [number, number, number] => {
    const v2 = b1 * v + (1 - b1) * g;
    const s2 = b2 * s + (1 - b2) * g * g;
    const step = (lr * (v2 / (1 - b1 ** t))) / (Math.sqrt(s2 / (1 - b2 ** t)) + eps);
    return [theta - step, v2, s2];
  };
  // The same per-epoch shuffle as the training loop (the generator itself is not under test here).
  const rng = new Rng(9);
  const order = Array.from({ length: xs.length }, (_, i) => i);
  const epochCosts: number[] = [];
  for (let e = 0; e < epochs; e++) {
    rng.shuffle(order);
    let sum = 0;
    let batches = 0;
    for (let s0 = 0; s0 < order.length; s0 += batchSize) {
      const idx = order.slice(s0, s0 + batchSize);
      const g = plainCostAndGrads(
        p,
        idx.map((i) => xs[i]!),
        idx.map((i) => ys[i]!),
        "relu",
      );
      t += 1;
      p.W.forEach((W, l) =>
        W.forEach((row, i) =>
          row.forEach((w, j) => {
            [row[j]!, vW[l]![i]![j]!, sW[l]![i]![j]!] = update(
              w,
              g.dW[l]![i]![j]!,
              vW[l]![i]![j]!,
              sW[l]![i]![j]!,
            );
          }),
        ),
      );
      p.b.forEach((b, l) =>
        b.forEach((v, i) => {
          [b[i]!, vb[l]![i]!, sb[l]![i]!] = update(v, g.db[l]![i]!, vb[l]![i]!, sb[l]![i]!);
        }),
      );
      sum += g.cost;
      batches += 1;
    }
    epochCosts.push(sum / batches);
  }
  const h = train(net, d.X, d.y, {
    epochs,
    batchSize,
    seed: 9,
    optimizer: adam({ learningRate: lr }),
  });
  for (let e = 0; e < epochs; e++)
    assert.ok(
      Math.abs(h.costs[e]! - epochCosts[e]!) < 1e-11,
      `epoch ${e}: ${h.costs[e]} vs ${epochCosts[e]}`,
    );
  assert.ok(maxDiff(p, net) < 1e-9, `weights differ by ${maxDiff(p, net)}`);
  assert.ok(epochCosts[epochs - 1]! < epochCosts[0]! - 0.2, "training made progress");
});
