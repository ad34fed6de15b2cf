// The capstone checkers of 08-multi-layer-network: the learner's one-layer backward step, backward pass and
// training loop. Each accepts the right code (✔), says "not yet" for a stub, and names the typical mistakes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "../../lib/src/core/matrix";
import { sigmoid } from "../../lib/src/learning/activations";
import { crossEntropyFromLogits } from "../../lib/src/learning/losses";
import { notYet } from "../../lib/src/exercises/check";
import {
  capstoneReference,
  checkBackwardPass,
  checkLayerBackward,
  checkTrain,
  type LayerCache,
} from "../../lib/src/exercises/ch08-capstone";
import { backwardPass, createNetwork, forwardPass } from "../../lib/src/models/network";
import { train } from "../../lib/src/models/train";
import { tanh, tanhDer } from "../../lib/src/learning/activations";
import { expectFail, expectNotYet, expectPass } from "./helpers";

type G = (z: number) => number;
type Bug = "" | "noG" | "transpose" | "no1/m" | "dA";
const layerBackward =
  (bug: Bug = "") =>
  (dA: Matrix, Z: Matrix, Aprev: Matrix, W: Matrix, gPrime: G) => {
    const m = dA.cols;
    const dZ = bug === "noG" ? dA : dA.mul(Z.map(gPrime));
    const k = bug === "no1/m" ? 1 : 1 / m;
    const dW = bug === "transpose" ? Aprev.matmul(dZ.T).scale(k) : dZ.matmul(Aprev.T).scale(k);
    return { dW, db: dZ.sum(1).scale(k), dAprev: W.T.matmul(bug === "dA" ? dA : dZ) };
  };

test("checkLayerBackward: the right step passes; no g′, a transpose, no 1/m and Wᵀ·dA fail with their hint", () => {
  expectPass(checkLayerBackward, layerBackward());
  expectNotYet(
    checkLayerBackward,
    () => {
      throw notYet();
    },
    "myLayerBackward",
  );
  const at = (part: string) => `tanh: dA 3×5, W 3×4, ${part}`;
  expectFail(checkLayerBackward, layerBackward("noG"), at("dW"), /g′ is missing/);
  expectFail(checkLayerBackward, layerBackward("transpose"), at("dW"), /transpose/);
  expectFail(checkLayerBackward, layerBackward("no1/m"), at("dW"), /the 1\/m is missing/);
  expectFail(checkLayerBackward, layerBackward("dA"), at("dAprev"), /with dZ \(after g′\), not dA/);
});

/** The learner's backward pass, written from the layer step, with switches for the classic bugs. */
const backwardPassOf =
  (bug: "" | "noG" | "gAtOutput" | "no1/m" | "gOfA" = "") =>
  (cache: LayerCache, Y: Matrix, W: Matrix[], gPrime: G) => {
    const L = W.length;
    const m = Y.cols;
    const dW: Matrix[] = [];
    const db: Matrix[] = [];
    let dZ = cache.A[L]!.sub(Y);
    if (bug === "gAtOutput") dZ = dZ.mul(cache.A[L]!.map((a) => a * (1 - a)));
    for (let l = L; l >= 1; l--) {
      const k = bug === "no1/m" ? 1 : 1 / m;
      dW[l - 1] = dZ.matmul(cache.A[l - 1]!.T).scale(k);
      db[l - 1] = dZ.sum(1).scale(k);
      if (l === 1) break;
      const dA = W[l - 1]!.T.matmul(dZ);
      const slope = (bug === "gOfA" ? cache.A[l - 1]! : cache.Z[l - 2]!).map(gPrime);
      dZ = bug === "noG" ? dA : dA.mul(slope);
    }
    return { dW, db };
  };

test("checkBackwardPass: the loop over layers passes; each classic bug fails with its hint", () => {
  expectPass(checkBackwardPass, backwardPassOf());
  expectNotYet(
    checkBackwardPass,
    () => {
      throw notYet();
    },
    "myBackwardPass",
  );
  const first = "layer sizes [3, 4, 3, 1], g = tanh, m = 6";
  expectFail(checkBackwardPass, backwardPassOf("noG"), `${first}, dW^[2]`, /g′ is missing/);
  expectFail(checkBackwardPass, backwardPassOf("gOfA"), `${first}, dW^[2]`, /g′\(Z\^\[l\]\)/);
  expectFail(checkBackwardPass, backwardPassOf("gAtOutput"), `${first}, dW^[3]`, /no g′ there/);
  expectFail(checkBackwardPass, backwardPassOf("no1/m"), `${first}, dW^[3]`, /the 1\/m is missing/);
});

/** The learner's training loop, in place, with switches for the classic mistakes. */
const trainOf =
  (bug: "" | "plus" | "costAfter" | "noB" | "early" | "copy" | "copyB" = "") =>
  (
    X: Matrix,
    Y: Matrix,
    W: Matrix[],
    bIn: Matrix[],
    g: G,
    gPrime: G,
    lr: number,
    epochs: number,
  ) => {
    const costs: number[] = [];
    const Ws = bug === "copy" ? W.map((w) => w.clone()) : W;
    const b = bug === "copyB" ? bIn.map((v) => v.clone()) : bIn;
    const forward = () => {
      const Z: Matrix[] = [];
      const A: Matrix[] = [X];
      for (let k = 0; k < Ws.length; k++) {
        Z.push(Ws[k]!.matmul(A[k]!).add(b[k]!));
        A.push(Z[k]!.map(k === Ws.length - 1 ? sigmoid : g));
      }
      return { Z, A };
    };
    for (let e = 0; e < epochs; e++) {
      const cache = forward();
      if (bug !== "costAfter") costs.push(crossEntropyFromLogits(cache.Z[Ws.length - 1]!, Y));
      if (bug === "early") {
        let dZ = cache.A[Ws.length]!.sub(Y);
        for (let l = Ws.length; l >= 1; l--) {
          const dWl = dZ.matmul(cache.A[l - 1]!.T).scale(1 / Y.cols);
          const dbl = dZ.sum(1).scale(1 / Y.cols);
          Ws[l - 1] = Ws[l - 1]!.sub(dWl.scale(lr));
          b[l - 1] = b[l - 1]!.sub(dbl.scale(lr));
          if (l > 1) dZ = Ws[l - 1]!.T.matmul(dZ).mul(cache.Z[l - 2]!.map(gPrime));
        }
      } else {
        const grads = backwardPassOf()(cache, Y, Ws, gPrime);
        const s = bug === "plus" ? -1 : 1;
        for (let k = 0; k < Ws.length; k++) {
          Ws[k] = Ws[k]!.sub(grads.dW[k]!.scale(s * lr));
          if (bug !== "noB") b[k] = b[k]!.sub(grads.db[k]!.scale(s * lr));
        }
      }
      if (bug === "costAfter") costs.push(crossEntropyFromLogits(forward().Z[Ws.length - 1]!, Y));
    }
    return costs;
  };

test("checkTrain: the loop passes; an early update, a step uphill, a late cost, a frozen b and a copy fail with their hint", () => {
  expectPass(checkTrain, trainOf());
  expectNotYet(
    checkTrain,
    () => {
      throw notYet();
    },
    "myTrain",
  );
  const first = "layer sizes [3, 4, 3, 1], g = tanh, m = 6, α = 0.5, 12 epochs";
  expectFail(checkTrain, trainOf("early"), `${first}, costs`, /updated before the layers below/);
  expectFail(checkTrain, trainOf("plus"), `${first}, costs`, /the cost rises/);
  expectFail(
    checkTrain,
    trainOf("costAfter"),
    `${first}, costs`,
    /the cost before epoch e's update/,
  );
  expectFail(checkTrain, trainOf("noB"), `${first}, costs`, /b is never updated/);
  expectFail(
    checkTrain,
    trainOf("copy"),
    `${first}, W^[1] after training`,
    /update the matrices in W and b/,
  );
  expectFail(
    checkTrain,
    trainOf("copyB"),
    `${first}, b^[1] after training`,
    /update the matrices in W and b/,
  );
  // a loop that calls a helper still holding its stub: "not yet", naming the helper
  function myBackwardPass(): never {
    throw notYet();
  }
  const r = checkTrain.result(function myTrain() {
    return myBackwardPass();
  });
  assert.equal(r.verdict, "notYet", r.text);
  assert.match(r.text, /myTrain calls myBackwardPass, which still throws notYet\(\)/);
});

test("the checkers' readable references equal the library: backwardPass and train, on a deeper network", () => {
  const net = createNetwork({ layerSizes: [3, 5, 4, 1], hiddenActivation: "tanh", seed: 4 });
  const X = Matrix.from([
    [0.1, -1, 2, 0.5, -0.3, 1.1, 0],
    [1, 0.2, -0.7, -1.5, 0.4, 0.9, -0.2],
    [-0.5, 0.3, 0.8, 0, 1.2, -1, 0.6],
  ]);
  const Y = Matrix.row([1, 0, 0, 1, 1, 0, 1]);
  const mine = capstoneReference.backward(
    capstoneReference.forwardCache(X, net.W, net.b, tanh),
    Y,
    net.W,
    tanhDer,
  );
  const lib = backwardPass(net, forwardPass(net, X), Y);
  mine.dW.forEach((dW, k) => assert.ok(dW.allClose(lib.dW[k]!, 1e-12, 1e-15), `dW^[${k + 1}]`));
  const W = net.W.map((w) => w.clone());
  const b = net.b.map((v) => v.clone());
  const costs = capstoneReference.trainLoop(X, Y, W, b, tanh, tanhDer, 0.7, 30, "");
  const h = train(net.clone(), X, Y, { epochs: 30, learningRate: 0.7 });
  costs.forEach((c, e) => assert.ok(Math.abs(c - h.costs[e]!) < 1e-12, `epoch ${e}`));
});
