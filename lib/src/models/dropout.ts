/**
 * Inverted dropout, the network's training-mode regulariser. Taught in: 13-overfitting-l2-and-dropout.
 *
 * In training, each hidden unit is kept with probability keepProb and dropped (set to 0) otherwise, afresh at
 * every step; the kept ones are divided by keepProb, so the expected activation stays what it was:
 *   D^[l] = (U < keepProb)  (U uniform on [0, 1), nˡ×m: 1 = kept, 0 = dropped)
 *   forward    A^[l] ← A^[l] ⊙ D^[l] / keepProb            E[D/keepProb] = 1, so E[A^[l]] is unchanged
 *   backward   dA^[l] ← dA^[l] ⊙ D^[l] / keepProb          the same mask: a dropped unit passes no gradient
 * In prediction nothing is dropped and nothing is scaled: the scaling in training is what makes the two agree
 * on average ("inverted" dropout; the original scaled the weights by keepProb at prediction time instead).
 * models/backprop.ts applies these in its passes; the engine (engine/network-engine.ts) does the same loops.
 */
import { Matrix, ShapeError } from "../core/matrix";
import type { Rng } from "../core/random";
import { checkNumber } from "../core/validate";

/**
 * Dropout masks of one training step: D[l−1] = D^[l] (nˡ×m, entries 0 or 1) for each hidden layer l = 1…L−1,
 * or null for a layer without dropout (keepProb 1). Drawn by `dropoutMasks`.
 */
export type DropoutMasks = readonly (Matrix | null)[];

/** What the masks need of a network: its layer sizes and one keepProb per hidden layer. */
export interface DropoutLayers {
  readonly layerSizes: readonly number[];
  readonly keepProb: readonly number[];
}

/** keepProb: a probability of keeping a unit, in (0, 1] (0 would divide by zero: nothing kept). */
const KEEP_PROB = { min: 0, max: 1, minOpen: true, label: "a number > 0 and ≤ 1" };

/** Inverted dropout's forward step: A ⊙ D / keepProb (A and D nˡ×m, D of 0s and 1s). */
export function dropoutForward(A: Matrix, D: Matrix, keepProb: number): Matrix {
  checkNumber(keepProb, "dropoutForward: keepProb", KEEP_PROB);
  return A.mul(D).scale(1 / keepProb);
}

/** Inverted dropout's backward step: dA ⊙ D / keepProb, with the forward step's mask D. */
export function dropoutBackward(dA: Matrix, D: Matrix, keepProb: number): Matrix {
  checkNumber(keepProb, "dropoutBackward: keepProb", KEEP_PROB);
  return dA.mul(D).scale(1 / keepProb);
}

/**
 * Fresh masks for m examples (training mode): D^[l] (nˡ×m) for each hidden layer l, each entry 1 when
 * `rng.uniform() < keepProb[l−1]` (drawn layer by layer, row by row), else 0; null for a layer with keepProb 1
 * (nothing drawn, nothing changed).
 */
export function dropoutMasks(net: DropoutLayers, m: number, rng: Rng): DropoutMasks {
  return net.keepProb.map((p, k) => {
    if (p >= 1) return null;
    const D = new Matrix(net.layerSizes[k + 1] as number, m);
    for (let i = 0; i < D.data.length; i++) D.data[i] = rng.uniform() < p ? 1 : 0;
    return D;
  });
}

/** Throws unless `masks` holds one nˡ×m matrix (or null) per hidden layer, with only 0s and 1s in it. */
export function checkDropoutMasks(
  net: DropoutLayers,
  masks: DropoutMasks,
  m: number,
  who: string,
): void {
  const hidden = net.layerSizes.length - 2;
  if (!Array.isArray(masks) || masks.length !== hidden) {
    throw new ShapeError(
      `${who}: the dropout masks must be a list with one mask D^[l] (or null) per hidden layer: this network has ${hidden}, got ${Array.isArray(masks) ? masks.length : String(masks)}`,
    );
  }
  masks.forEach((D, k) => {
    if (D === null) return;
    const rows = net.layerSizes[k + 1] as number;
    if (!(D instanceof Matrix) || D.rows !== rows || D.cols !== m) {
      const got = D instanceof Matrix ? D.shape() : String(D);
      throw new ShapeError(
        `${who}: the dropout mask D^[${k + 1}] (masks[${k}]) is ${got} but layer ${k + 1} has ${rows} units and X has ${m} examples: it must be ${rows}×${m}`,
      );
    }
    const i = D.data.findIndex((v) => v !== 0 && v !== 1);
    if (i >= 0) {
      throw new RangeError(
        `${who}: the dropout mask D^[${k + 1}] holds ${D.data[i]} at row ${Math.floor(i / m)}, column ${i % m}: a mask holds only 0 (dropped) and 1 (kept); the 1/keepProb scaling is applied by the pass`,
      );
    }
  });
}

/**
 * keepProb as one number per hidden layer of a network with these layer sizes: a number is used for every
 * hidden layer; a list must have one entry per hidden layer. Each must be in (0, 1].
 */
export function checkKeepProb(
  keepProb: number | readonly number[],
  layerSizes: readonly number[],
  who: string,
): number[] {
  const hidden = layerSizes.length - 2;
  const rule = {
    min: 0,
    minOpen: true,
    max: 1,
    label: "a number > 0 and ≤ 1 (1 = keep every unit)",
  };
  const name = (k?: number) =>
    `${who}${k === undefined ? "" : `[${k}]`} (the probability of keeping a hidden unit)`;
  if (Array.isArray(keepProb)) {
    if (keepProb.length !== hidden) {
      throw new RangeError(
        `${who} has ${keepProb.length} entries but the network has ${hidden} hidden layers (layerSizes = ${JSON.stringify(layerSizes)}): ` +
          `give one per hidden layer, or one number for all of them`,
      );
    }
    return keepProb.map((p, k) => checkNumber(p, name(k), rule));
  }
  const p = checkNumber(keepProb, name(), rule);
  if (p < 1 && hidden === 0) {
    throw new RangeError(
      `${who} is ${p} but the network has no hidden layer to drop units from (layerSizes = ${JSON.stringify(layerSizes)}): dropout applies to hidden layers only`,
    );
  }
  return new Array<number>(hidden).fill(p);
}
