/**
 * The network's fast path: the forward pass, the cost and the backward pass of models/network.ts on raw
 * Float64Arrays. Nothing here teaches — read models/network.ts, which writes the same passes with `Matrix`
 * operations, as chapter 07 does. What this file adds is speed:
 *   - the activation-sized matrices (Z^[l], A^[l], dZ^[l]) of a training step are reused from step to step
 *     (on small networks, allocating them anew costs as much as the arithmetic);
 *   - A^[0] is X itself, never a copy;
 *   - one pass over the values per layer and direction, updating in place: the bias is added in the loop that
 *     applies the activation; a training step's sigmoid output layer computes σ(z), the loss and dZ^[L] = a − y
 *     from one e^(−|z|); g′ is multiplied in by the loop that also sums the rows for db^[l];
 *   - dW^[l] = dZ^[l]·A^[l−1]ᵀ by the transposed-product kernel, without building A^[l−1]ᵀ (for the
 *     784-pixel digits, moving X around each step would cost more than the arithmetic).
 * Every value is computed by the same floating-point operations, in the same order, as the readable code, so
 * the two give the same numbers bit for bit (test/engine.test.ts checks it).
 */
import { LEAKY_SLOPE, type ActivationName } from "../learning/activations";
import { crossEntropyOfLogit } from "../learning/losses";
import {
  categoricalCrossEntropySum,
  softmaxColumnsInto,
  type OutputName,
} from "../learning/softmax";
import { matmulInto, matmulTransposedInto } from "../core/matmul";
import { Matrix, transposeInto } from "../core/matrix";
import { denseTimesSparseInto, SparseMatrix, type Features } from "../core/sparse";

/** What the engine needs of a network (models/network.ts's `NeuralNetwork` has all of it). */
export interface DenseNetwork {
  /** [n⁰, n¹, …, nᴸ]. */
  readonly layerSizes: readonly number[];
  /** g of the hidden layers (the output is a sigmoid). */
  readonly hiddenActivation: ActivationName;
  /** W[l−1] = W^[l], nˡ×nˡ⁻¹. */
  readonly W: readonly Matrix[];
  /** b[l−1] = b^[l], nˡ×1. */
  readonly b: readonly Matrix[];
  /** L2 strength λ. */
  readonly lambda: number;
  /** The output layer: "sigmoid" (the default when absent) or "softmax" (K×m, column by column). */
  readonly output?: OutputName;
  /** Inverted dropout: keepProb[l−1] for hidden layer l (1 = off); read only where a mask D^[l] is given. */
  readonly keepProb?: readonly number[];
}

/**
 * Dropout masks of one training step: D[l−1] = D^[l] (nˡ×m, entries 0 or 1) for each hidden layer l = 1…L−1,
 * or null for a layer without dropout (keepProb 1). Drawn by models/backprop.ts's `dropoutMasks`.
 */
export type DropoutMasks = readonly (Matrix | null)[];

/** Z[l−1] = Z^[l] and A[l] = A^[l] (A[0] = X, dense or sparse), as models/network.ts's `ForwardCache`. */
export interface EngineCache {
  Z: Matrix[];
  A: [Features, ...Matrix[]];
  /** The dropout masks this forward pass applied (training mode), for the backward pass; absent: none. */
  D?: DropoutMasks;
}

/** dW[l−1] = ∂J/∂W^[l], db[l−1] = ∂J/∂b^[l], as models/network.ts's `Gradients`. */
export interface EngineGradients {
  dW: Matrix[];
  db: Matrix[];
}

// ------------------------------------------------------------------------------------------ forward

/** A = g(Z) elementwise into `out` (the formulas of learning/activations.ts, loop by loop). */
function applyActivation(name: ActivationName, Z: Float64Array, out: Float64Array): void {
  const n = Z.length;
  switch (name) {
    case "sigmoid":
      for (let k = 0; k < n; k++) {
        const z = Z[k] as number;
        if (z >= 0) out[k] = 1 / (1 + Math.exp(-z));
        else {
          const e = Math.exp(z);
          out[k] = e / (1 + e);
        }
      }
      return;
    case "tanh":
      for (let k = 0; k < n; k++) out[k] = Math.tanh(Z[k] as number);
      return;
    case "relu":
      for (let k = 0; k < n; k++) {
        const z = Z[k] as number;
        out[k] = z > 0 ? z : 0;
      }
      return;
    case "leakyRelu":
      for (let k = 0; k < n; k++) {
        const z = Z[k] as number;
        out[k] = z > 0 ? z : LEAKY_SLOPE * z;
      }
      return;
    case "linear":
      out.set(Z);
      return;
  }
}

/** Z ← Z + b (b_i added to row i of the rows×m matrix Z), in place. */
function addBias(z: Float64Array, b: Float64Array, rows: number, m: number): void {
  for (let i = 0; i < rows; i++) {
    const bi = b[i] as number;
    const row = i * m;
    for (let j = 0; j < m; j++) z[row + j] = (z[row + j] as number) + bi;
  }
}

/**
 * Z ← Z + b and A = g(Z) in one pass over the rows×m values (rather than one pass to add, one to activate):
 * the same operations as `addBias` then `applyActivation`, so the same numbers.
 */
function addBiasAndActivate(
  name: ActivationName,
  z: Float64Array,
  b: Float64Array,
  rows: number,
  m: number,
  out: Float64Array,
): void {
  if (name === "sigmoid" || name === "linear") {
    addBias(z, b, rows, m);
    applyActivation(name, z, out);
    return;
  }
  for (let i = 0; i < rows; i++) {
    const bi = b[i] as number;
    const end = (i + 1) * m;
    if (name === "tanh")
      for (let k = i * m; k < end; k++) {
        const v = (z[k] as number) + bi;
        z[k] = v;
        out[k] = Math.tanh(v);
      }
    else if (name === "relu")
      for (let k = i * m; k < end; k++) {
        const v = (z[k] as number) + bi;
        z[k] = v;
        out[k] = v > 0 ? v : 0;
      }
    else
      for (let k = i * m; k < end; k++) {
        const v = (z[k] as number) + bi;
        z[k] = v;
        out[k] = v > 0 ? v : LEAKY_SLOPE * v;
      }
  }
}

/** A training step's sigmoid output layer, fused: the labels Y, dZ^[L] to fill, and Σ of the losses (set). */
interface FusedOutput {
  Y: Matrix;
  dZ: Float64Array;
  costSum: number;
}

/**
 * The sigmoid output layer of a training step in one pass over its rows×m logits (one e^(−|z|) per entry):
 *   z ← z + b,   a = σ(z),   dZ^[L] = a − y,   returns Σ crossEntropyOfLogit(z, y).
 * Each value by the same operations as `addBias`, `applyActivation`'s sigmoid, `crossEntropyOfLogit` and
 * the backward pass's A − Y (e^(−z) for z ≥ 0 and e^z for z < 0 are both e^(−|z|)), the sum in the same order.
 */
function sigmoidOutputInto(
  z: Float64Array,
  b: Float64Array,
  m: number,
  out: Float64Array,
  y: Float64Array,
  dZ: Float64Array,
): number {
  let s = 0;
  for (let i = 0, row = 0; row < z.length; i++, row += m) {
    const bi = b[i] as number;
    for (let k = row; k < row + m; k++) {
      const v = (z[k] as number) + bi;
      z[k] = v;
      const e = Math.exp(-Math.abs(v));
      const a = v >= 0 ? 1 / (1 + e) : e / (1 + e);
      out[k] = a;
      const yk = y[k] as number;
      dZ[k] = a - yk;
      s += Math.max(v, 0) - v * yk + Math.log1p(e);
    }
  }
  return s;
}

/** Z^[l] = W^[l]·A^[l−1] + b^[l] and A^[l] = g(Z^[l]) (σ at the output) into the cache's Z and A[1…L]. */
function forwardInto(
  net: DenseNetwork,
  X: Features,
  cache: EngineCache,
  masks?: DropoutMasks,
  output?: FusedOutput,
): EngineCache {
  const L = net.W.length;
  const m = X.cols;
  cache.A[0] = X;
  cache.D = masks;
  for (let l = 1; l <= L; l++) {
    const W = net.W[l - 1] as Matrix;
    const b = net.b[l - 1].data;
    const z = cache.Z[l - 1].data;
    const Aprev = cache.A[l - 1] as Features;
    if (Aprev instanceof SparseMatrix) denseTimesSparseInto(W.data, W.rows, Aprev, z);
    else matmulInto(W.data, Aprev.data, z, W.rows, W.cols, m);
    const a = (cache.A[l] as Matrix).data;
    if (l === L && net.output === "softmax") {
      addBias(z, b, W.rows, m);
      softmaxColumnsInto(z, W.rows, m, a);
    } else if (l === L && output) {
      output.costSum = sigmoidOutputInto(z, b, m, a, output.Y.data, output.dZ);
    } else addBiasAndActivate(l < L ? net.hiddenActivation : "sigmoid", z, b, W.rows, m, a);
    const D = l < L ? masks?.[l - 1] : null;
    if (D) applyMask(D.data, keepProbOf(net, l), (cache.A[l] as Matrix).data);
  }
  return cache;
}

/** keepProb of hidden layer l (1 when the network has none). */
function keepProbOf(net: DenseNetwork, l: number): number {
  return net.keepProb?.[l - 1] ?? 1;
}

/** v ← (v ⊙ D)·(1/keepProb) in place: inverted dropout, as the readable `v.mul(D).scale(1 / keepProb)`. */
function applyMask(D: Float64Array, keepProb: number, v: Float64Array): void {
  const inv = 1 / keepProb;
  for (let k = 0; k < v.length; k++) v[k] = (v[k] as number) * (D[k] as number) * inv;
}

/** A cache for m examples of X: fresh Z^[l] and A^[l] (nˡ×m), and A[0] = X itself. */
function newCache(net: DenseNetwork, X: Features): EngineCache {
  const sizes = net.layerSizes.slice(1);
  return {
    Z: sizes.map((n) => new Matrix(n, X.cols)),
    A: [X, ...sizes.map((n) => new Matrix(n, X.cols))],
  };
}

/** The forward pass into a new cache (A[0] = X, not a copy). No checks: the caller checked X and the parameters. */
export function fastForward(net: DenseNetwork, X: Features, masks?: DropoutMasks): EngineCache {
  return forwardInto(net, X, newCache(net, X), masks);
}

// ------------------------------------------------------------------------------------------ cost

/** λ/(2m) Σ_l ‖W^[l]‖², summed matrix by matrix as the readable `W.mul(W).sum()`. */
function l2Penalty(net: DenseNetwork, m: number): number {
  if (net.lambda === 0) return 0;
  let total = 0;
  for (const W of net.W) {
    const w = W.data;
    let s = 0;
    for (let k = 0; k < w.length; k++) s += (w[k] as number) * (w[k] as number);
    total += s;
  }
  return (net.lambda / (2 * m)) * total;
}

/** J = (1/m) Σ crossEntropyOfLogit(z^[L], y) + λ/(2m) Σ‖W‖², from the cache's logits Z^[L] (1×m). No checks. */
export function fastCost(net: DenseNetwork, cache: EngineCache, Y: Matrix): number {
  if (net.output === "softmax") {
    // J = (1/m) Σ (logsumexp(z) − Σ_k y_k z_k) + λ/(2m) Σ‖W‖², from the logits Z^[L] (K×m)
    const ZL = cache.Z[cache.Z.length - 1] as Matrix;
    const m = ZL.cols;
    return categoricalCrossEntropySum(ZL.data, Y.data, ZL.rows, m) / m + l2Penalty(net, m);
  }
  const zL = cache.Z[cache.Z.length - 1].data;
  const y = Y.data;
  const m = zL.length;
  let s = 0;
  for (let j = 0; j < m; j++) s += crossEntropyOfLogit(zL[j] as number, y[j] as number);
  return s / m + l2Penalty(net, m);
}

// ------------------------------------------------------------------------------------------ backward

/** dA ⊙ g′(Z), in place in dA; g′ as learning/activations.ts's `derivative` (tanh and σ from the cached A = g(Z)). */
function multiplyByDerivative(
  name: ActivationName,
  dA: Float64Array,
  Z: Float64Array,
  A: Float64Array,
): void {
  const n = dA.length;
  switch (name) {
    case "sigmoid":
      for (let k = 0; k < n; k++) {
        const a = A[k] as number;
        dA[k] = (dA[k] as number) * (a * (1 - a)); // σ′(z) = a(1 − a)
      }
      return;
    case "tanh":
      for (let k = 0; k < n; k++) {
        const a = A[k] as number;
        dA[k] = (dA[k] as number) * (1 - a * a); // tanh′(z) = 1 − a²
      }
      return;
    case "relu":
      for (let k = 0; k < n; k++) dA[k] = (dA[k] as number) * +((Z[k] as number) > 0);
      return;
    case "leakyRelu":
      for (let k = 0; k < n; k++)
        if (!((Z[k] as number) > 0)) dA[k] = (dA[k] as number) * LEAKY_SLOPE;
      return;
    case "linear":
      return;
  }
}

/**
 * dA ⊙ g′(Z) in place (as `multiplyByDerivative`), and in the same pass sums[i] = Σ_j of row i of the result
 * (added left to right, as the db loop adds them): dZ^[l] and the sums db^[l] needs, in one pass.
 */
function multiplyByDerivativeAndSum(
  name: ActivationName,
  dA: Float64Array,
  Z: Float64Array,
  A: Float64Array,
  rows: number,
  m: number,
  sums: Float64Array,
): void {
  if (name !== "tanh" && name !== "relu") {
    multiplyByDerivative(name, dA, Z, A);
    rowSumsInto(dA, rows, m, sums);
    return;
  }
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const end = (i + 1) * m;
    if (name === "tanh")
      for (let k = i * m; k < end; k++) {
        const a = A[k] as number;
        const d = (dA[k] as number) * (1 - a * a); // tanh′(z) = 1 − a²
        dA[k] = d;
        s += d;
      }
    else
      for (let k = i * m; k < end; k++) {
        const d = (dA[k] as number) * +((Z[k] as number) > 0);
        dA[k] = d;
        s += d;
      }
    sums[i] = s;
  }
}

/** sums[i] = Σ_j v[i, j] of the rows×m matrix v, left to right. */
function rowSumsInto(v: Float64Array, rows: number, m: number, sums: Float64Array): void {
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const row = i * m;
    for (let j = 0; j < m; j++) s += v[row + j] as number;
    sums[i] = s;
  }
}

/** Scratch of the backward pass for m examples: dZ^[l] (nˡ×m) for each layer, and room for the largest W^[l]ᵀ. */
interface BackwardBuffers {
  dZ: Matrix[];
  /** sums[l−1][i] = Σ_j dZ^[l][i, j], for db^[l]. */
  sums: Float64Array[];
  WT: Float64Array;
  /** With dropout: g(Z^[l]) recomputed (the cache's A^[l] holds the dropped-out values), made on first use. */
  G?: Float64Array;
}

function newBackwardBuffers(net: DenseNetwork, m: number): BackwardBuffers {
  return {
    dZ: net.layerSizes.slice(1).map((n) => new Matrix(n, m)),
    sums: net.layerSizes.slice(1).map((n) => new Float64Array(n)),
    WT: new Float64Array(Math.max(...net.W.map((w) => w.size))),
  };
}

/**
 * The backward pass with dZ^[l] written into `buffers`; returns fresh dW and db. `outputDone`: dZ^[L] = A^[L] − Y
 * is already in buffers.dZ (written by `sigmoidOutputInto` during the forward pass).
 */
function backwardInto(
  net: DenseNetwork,
  cache: EngineCache,
  Y: Matrix,
  buffers: BackwardBuffers,
  outputDone = false,
): EngineGradients {
  const { dZ, WT, sums } = buffers;
  const L = net.W.length;
  const AL = (cache.A[L] as Matrix).data;
  const m = Y.cols;
  const invM = 1 / m;
  const reg = net.lambda / m;
  const dW: Matrix[] = new Array<Matrix>(L);
  const db: Matrix[] = new Array<Matrix>(L);

  const dZL = dZ[L - 1].data;
  if (!outputDone)
    for (let j = 0; j < AL.length; j++) dZL[j] = (AL[j] as number) - (Y.data[j] as number); // dZ^[L] = A^[L] − Y
  rowSumsInto(dZL, dZ[L - 1].rows, m, sums[L - 1] as Float64Array);

  for (let l = L; l >= 1; l--) {
    const W = net.W[l - 1] as Matrix;
    const dZl = dZ[l - 1] as Matrix;
    const Aprev = cache.A[l - 1] as Features;

    // dW^[l] = (1/m)·dZ^[l]·A^[l−1]ᵀ (+ (λ/m)·W^[l]): the product with A^[l−1] as it is, no transpose built
    const dWl = new Matrix(W.rows, W.cols);
    const d = dWl.data;
    if (Aprev instanceof SparseMatrix) denseTimesSparseInto(dZl.data, dZl.rows, Aprev.T, d);
    else matmulTransposedInto(dZl.data, Aprev.data, d, dZl.rows, m, Aprev.rows);
    for (let k = 0; k < d.length; k++) d[k] = invM * (d[k] as number);
    if (net.lambda > 0)
      for (let k = 0; k < d.length; k++) d[k] = (d[k] as number) + reg * (W.data[k] as number);
    dW[l - 1] = dWl;

    // db^[l] = (1/m)·Σ over examples of dZ^[l]
    const dbl = new Matrix(dZl.rows, 1);
    const sl = sums[l - 1] as Float64Array; // Σ_j dZ^[l][i, j], summed where dZ^[l] was made
    for (let i = 0; i < dZl.rows; i++) dbl.data[i] = invM * (sl[i] as number);
    db[l - 1] = dbl;

    if (l > 1) {
      // dA^[l−1] = W^[l]ᵀ·dZ^[l] straight into dZ^[l−1], then ⊙ g′(Z^[l−1]) in place
      const dZprev = dZ[l - 2] as Matrix;
      transposeInto(W.data, W.rows, W.cols, WT);
      matmulInto(WT, dZl.data, dZprev.data, W.cols, W.rows, m);
      const D = cache.D?.[l - 2];
      let Aprevg = (cache.A[l - 1] as Matrix).data;
      if (D) {
        // dA^[l−1] ⊙ D^[l−1] / keepProb; g′ then needs g(Z^[l−1]) itself, not the dropped-out A^[l−1]
        applyMask(D.data, keepProbOf(net, l - 1), dZprev.data);
        const n = dZprev.data.length;
        if (!buffers.G || buffers.G.length < n) buffers.G = new Float64Array(n);
        Aprevg = buffers.G.subarray(0, n);
        applyActivation(net.hiddenActivation, cache.Z[l - 2].data, Aprevg);
      }
      multiplyByDerivativeAndSum(
        net.hiddenActivation,
        dZprev.data,
        cache.Z[l - 2].data,
        Aprevg,
        dZprev.rows,
        m,
        sums[l - 2] as Float64Array,
      );
    }
  }
  return { dW, db };
}

/** The backward pass from a forward cache (fresh scratch; no checks: the caller checked the shapes). */
export function fastBackward(net: DenseNetwork, cache: EngineCache, Y: Matrix): EngineGradients {
  return backwardInto(net, cache, Y, newBackwardBuffers(net, Y.cols));
}

// ------------------------------------------------------------------------------------------ a training step

/** Buffers of one network for batches of m examples. */
interface Workspace extends BackwardBuffers {
  m: number;
  cache: EngineCache;
}

/**
 * Each network's workspaces: the last two batch sizes seen (the full batch, or the mini-batches and a shorter
 * last one). Held weakly: a network that is dropped takes its buffers with it.
 */
const workspaces = new WeakMap<DenseNetwork, Workspace[]>();

function workspace(net: DenseNetwork, X: Features): Workspace {
  const m = X.cols;
  let list = workspaces.get(net);
  if (!list) workspaces.set(net, (list = []));
  let ws = list.find((w) => w.m === m);
  if (!ws) {
    ws = { m, cache: newCache(net, X), ...newBackwardBuffers(net, m) };
    list.unshift(ws);
    list.length = Math.min(list.length, 2);
  }
  return ws;
}

/**
 * Forward, cost and backward on a batch with the network's reused buffers: J and the gradients in the order
 * [dW^[1], db^[1], dW^[2], …]; with `masks`, in training mode (inverted dropout, J of the dropped-out network). The gradients are fresh matrices (they are returned); Z, A and dZ are not.
 * No checks: the caller checked X, Y and the parameters.
 */
export function fastCostAndGradients(
  net: DenseNetwork,
  X: Features,
  Y: Matrix,
  masks?: DropoutMasks,
): { cost: number; grads: Matrix[] } {
  const ws = workspace(net, X);
  if (net.output === "softmax") {
    const cache = forwardInto(net, X, ws.cache, masks);
    const cost = fastCost(net, cache, Y);
    const { dW, db } = backwardInto(net, cache, Y, ws);
    return { cost, grads: dW.flatMap((d, k) => [d, db[k] as Matrix]) };
  }
  // sigmoid output: its activation, the losses and dZ^[L] in the forward pass's last loop
  const output: FusedOutput = { Y, dZ: (ws.dZ[ws.dZ.length - 1] as Matrix).data, costSum: 0 };
  const cache = forwardInto(net, X, ws.cache, masks, output);
  const n = output.dZ.length; // m (1×m), as fastCost divides
  const cost = output.costSum / n + l2Penalty(net, n);
  const { dW, db } = backwardInto(net, cache, Y, ws, true);
  return { cost, grads: dW.flatMap((d, k) => [d, db[k] as Matrix]) };
}

/**
 * True when every entry of every matrix is a finite number. Fast, for every training step: x·0 is 0 for a
 * finite x and NaN for NaN or ±Infinity, so one sum without branches tells.
 */
export function allFinite(matrices: readonly Matrix[]): boolean {
  for (const p of matrices) {
    const v = p.data;
    // four independent sums, so each addition need not wait for the one before
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let i = 0;
    for (; i + 4 <= v.length; i += 4) {
      s0 += (v[i] as number) * 0;
      s1 += (v[i + 1] as number) * 0;
      s2 += (v[i + 2] as number) * 0;
      s3 += (v[i + 3] as number) * 0;
    }
    for (; i < v.length; i++) s0 += (v[i] as number) * 0;
    if (s0 + s1 + s2 + s3 !== 0) return false;
  }
  return true;
}
