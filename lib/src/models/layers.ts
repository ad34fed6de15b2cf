/**
 * A network's shape and its first weights: the checks of the layer sizes [n⁰, n¹, …, nᴸ] (a sigmoid output has
 * nᴸ = 1 unit, a softmax output nᴸ = K ≥ 2, one per class) and the initialisation schemes W^[l] is drawn
 * with. Used by models/network.ts (which offers them too). Taught in: 08-multi-layer-network (initialisation),
 * 12-one-of-ten (the softmax output).
 */
import { checkNumber, RULES } from "../core/validate";
import type { OutputName } from "../learning/softmax";

/** Weight initialisation schemes (biases always start at `biasInit`, default 0). */
export const INIT_NAMES = ["zeros", "random", "lecun", "glorot", "he"] as const;
/**
 * "zeros": W = 0 (never breaks symmetry — see 08); "random": N(0, 1)·initScale (default 0.01, "small random");
 * "lecun": N(0, 1)·√(1/nˡ⁻¹) (tanh, sigmoid; the default for them); "glorot": N(0, 1)·√(2/(nˡ⁻¹ + nˡ))
 * (Glorot and Bengio 2010, often called "Xavier"); "he": N(0, 1)·√(2/nˡ⁻¹) (for ReLU).
 */
export type InitName = (typeof INIT_NAMES)[number];

/**
 * The message for a scheme name the lib does not know. "xavier" is named by some libraries for LeCun's scale
 * and by others for Glorot's, so it is not accepted: the message says which is which.
 */
export function unknownInitMessage(who: string, init: unknown): string {
  if (init === "xavier") {
    return (
      `${who}: init "xavier" is ambiguous: use "lecun" for √(1/n_in) (what this course called "xavier" ` +
      `before) or "glorot" for Glorot and Bengio's √(2/(n_in + n_out))`
    );
  }
  return `${who}: unknown init ${JSON.stringify(init)}. Known schemes: ${INIT_NAMES.join(", ")}`;
}

/** The standard deviation each scheme draws W^[l] with, for nˡ⁻¹ = nIn inputs and nˡ = nOut units. */
export function initStd(init: InitName, nIn: number, initScale = 0.01, nOut = nIn): number {
  switch (init) {
    case "zeros":
      return 0;
    case "random":
      return initScale;
    case "lecun":
      return Math.sqrt(1 / nIn);
    case "glorot":
      return Math.sqrt(2 / (nIn + nOut));
    case "he":
      return Math.sqrt(2 / nIn);
    default:
      throw new Error(unknownInitMessage("initStd", init));
  }
}

/** Throws unless layerSizes has at least two whole sizes and the last one fits the output layer. */
export function checkLayerSizes(
  layerSizes: readonly number[],
  who: string,
  output: OutputName = "sigmoid",
): void {
  if (!Array.isArray(layerSizes) || layerSizes.length < 2) {
    throw new RangeError(
      `${who}: layerSizes needs at least two sizes, [features, …, 1], got ${JSON.stringify(layerSizes)}`,
    );
  }
  layerSizes.forEach((n, k) =>
    checkNumber(
      n,
      `${who}: layerSizes[${k}] (units of layer ${k}; layerSizes = ${JSON.stringify(layerSizes)})`,
      RULES.positiveCount,
    ),
  );
  const last = layerSizes[layerSizes.length - 1] as number;
  if (output === "softmax" && last < 2) {
    throw new RangeError(
      `${who}: a softmax output needs one unit per class, at least 2, but the last layer size is ${last} ` +
        `(layerSizes = ${JSON.stringify(layerSizes)}; e.g. [${layerSizes.slice(0, -1).join(", ")}, 10] for ten digits)`,
    );
  }
  if (output !== "softmax" && last !== 1) {
    throw new RangeError(
      `${who}: the last layer size is ${last} but must be 1 — one sigmoid output unit giving P(y = 1 | x) ` +
        `(layerSizes = ${JSON.stringify(layerSizes)}; e.g. [${layerSizes.slice(0, -1).join(", ")}, 1])`,
    );
  }
}
