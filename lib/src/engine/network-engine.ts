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
 * the two give the same numbers bit for bit (test/engine/engine.test.ts checks it).
 */
import { type ActivationName } from "../learning/activations";
import {
  addBias,
  addBiasAndActivate,
  applyActivation,
  multiplyByDerivativeAndSum,
  rowSumsInto,
  scaleInPlace,
  sigmoidOutputFastInto,
  sigmoidOutputInto,
  type FusedOutput,
} from "./fused-loops";
import { fastElementwise } from "./wasm-kernels";
import { crossEntropyOfLogit } from "../learning/losses";
import {
  categoricalCrossEntropySum,
  softmaxColumnsInto,
  type OutputName,
} from "../learning/softmax";
import { matmulInto, matmulTransposedInto } from "../core/matmul";
import { Matrix, transposeInto } from "../core/matrix";
import { SparseMatrix, type Features } from "../core/sparse";
import { denseTimesSparseFromTransposeInto, denseTimesSparseInto } from "../core/sparse-products";

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
 * Dropout masks of one training step, as models/dropout.ts's `Masks`: D[l−1] = D^[l] (nˡ×m, 0s and 1s)
 * for each hidden layer l = 1…L−1, or null for a layer without dropout. Structural: the engine names no model type.
 */
type Masks = readonly (Matrix | null)[];

/** Z[l−1] = Z^[l] and A[l] = A^[l] (A[0] = X, dense or sparse), as models/network.ts's `ForwardCache`. */
interface EngineCache {
  Z: Matrix[];
  A: [Features, ...Matrix[]];
  /** The dropout masks this forward pass applied (training mode), for the backward pass; absent: none. */
  D?: Masks;
}

/** dW[l−1] = ∂J/∂W^[l], db[l−1] = ∂J/∂b^[l], as models/network.ts's `Gradients`. */
interface EngineGradients {
  dW: Matrix[];
  db: Matrix[];
}

// ------------------------------------------------------------------------------------------ forward

/** Z^[l] = W^[l]·A^[l−1] + b^[l] and A^[l] = g(Z^[l]) (σ at the output) into the cache's Z and A[1…L]. */
function forwardInto(
  net: DenseNetwork,
  X: Features,
  cache: EngineCache,
  masks?: Masks,
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
    if (Aprev instanceof SparseMatrix)
      denseTimesSparseFromTransposeInto(W.data, W.rows, Aprev.T, z);
    else matmulInto(W.data, Aprev.data, z, W.rows, W.cols, m);
    const a = (cache.A[l] as Matrix).data;
    if (l === L && net.output === "softmax") {
      addBias(z, b, W.rows, m);
      softmaxColumnsInto(z, W.rows, m, a);
    } else if (l === L && output) {
      output.costSum = output.fast
        ? sigmoidOutputFastInto(output.fast, z, b, m, a, output.Y.data, output.dZ)
        : sigmoidOutputInto(z, b, m, a, output.Y.data, output.dZ);
    } else {
      const g = l < L ? net.hiddenActivation : "sigmoid";
      addBiasAndActivate(g, z, b, W.rows, m, a, output?.fast);
    }
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
export function fastForward(net: DenseNetwork, X: Features, masks?: Masks): EngineCache {
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
export function fastCost(
  net: DenseNetwork,
  cache: EngineCache,
  Y: Matrix,
  l2Examples?: number,
): number {
  if (net.output === "softmax") {
    // J = (1/m) Σ (logsumexp(z) − Σ_k y_k z_k) + λ/(2m) Σ‖W‖², from the logits Z^[L] (K×m)
    const ZL = cache.Z[cache.Z.length - 1] as Matrix;
    const m = ZL.cols;
    return (
      categoricalCrossEntropySum(ZL.data, Y.data, ZL.rows, m) / m + l2Penalty(net, l2Examples ?? m)
    );
  }
  const zL = cache.Z[cache.Z.length - 1].data;
  const y = Y.data;
  const m = zL.length;
  let s = 0;
  for (let j = 0; j < m; j++) s += crossEntropyOfLogit(zL[j] as number, y[j] as number);
  return s / m + l2Penalty(net, l2Examples ?? m);
}

// ------------------------------------------------------------------------------------------ backward

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
  l2Examples?: number,
): EngineGradients {
  const { dZ, WT, sums } = buffers;
  const L = net.W.length;
  const AL = (cache.A[L] as Matrix).data;
  const m = Y.cols;
  const invM = 1 / m;
  const reg = net.lambda / (l2Examples ?? m); // λ/m with m the training set's size (see models/train.ts)
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
    scaleInPlace(d, invM);
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
 * [dW^[1], db^[1], dW^[2], …]; with `masks`, in training mode (inverted dropout, J of the dropped-out network);
 * `l2Examples`: the m of the L2 term λ/(2m)·Σ‖W‖² (the training set's size; default the batch's). The gradients are fresh matrices (they are returned); Z, A and dZ are not.
 * No checks: the caller checked X, Y and the parameters.
 */
export function fastCostAndGradients(
  net: DenseNetwork,
  X: Features,
  Y: Matrix,
  masks?: Masks,
  l2Examples?: number,
): { cost: number; grads: Matrix[] } {
  const ws = workspace(net, X);
  if (net.output === "softmax") {
    const cache = forwardInto(net, X, ws.cache, masks);
    const cost = fastCost(net, cache, Y, l2Examples);
    const { dW, db } = backwardInto(net, cache, Y, ws, false, l2Examples);
    return { cost, grads: dW.flatMap((d, k) => [d, db[k] as Matrix]) };
  }
  // sigmoid output: its activation, the losses and dZ^[L] in the forward pass's last loop
  const dZL = (ws.dZ[ws.dZ.length - 1] as Matrix).data;
  const output: FusedOutput = { Y, dZ: dZL, costSum: 0, fast: fastElementwise() };
  const cache = forwardInto(net, X, ws.cache, masks, output);
  const n = output.dZ.length; // m (1×m), as fastCost divides
  const cost = output.costSum / n + l2Penalty(net, l2Examples ?? n);
  const { dW, db } = backwardInto(net, cache, Y, ws, true, l2Examples);
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
