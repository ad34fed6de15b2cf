/**
 * How large each layer's gradient is: ‖dW^[l]‖ for l = 1…L, to watch gradients vanish (or not) on their way
 * back through a deep network. Taught in: 08-multi-layer-network (the reason in 06-why-hidden-layers).
 *
 * Backpropagation multiplies by W^[l]ᵀ and by g′(Z^[l−1]) at every layer, dZ^[l−1] = (W^[l]ᵀ·dZ^[l]) ⊙ g′(Z^[l−1]),
 * so the early layers' gradients are products of many such factors. With sigmoid's g′ ≤ ¼ they shrink layer
 * after layer; with ReLU's g′ ∈ {0, 1} and He's weights they keep their size.
 */
import type { Matrix } from "../core/matrix";
import type { Features } from "../core/sparse";
import type { NeuralNetwork } from "./network";

/** The Frobenius norm ‖M‖ = √(Σᵢⱼ Mᵢⱼ²). */
function frobenius(M: Matrix): number {
  let s = 0;
  for (let k = 0; k < M.data.length; k++) s += (M.data[k] as number) ** 2;
  return Math.sqrt(s);
}

/** Per-layer gradient sizes: entry l − 1 is for layer l (as `net.W[l − 1]` is W^[l]). */
export interface LayerGradientNorms {
  /** ‖dW^[l]‖ = √(Σᵢⱼ (∂J/∂W^[l]ᵢⱼ)²), one per layer, l = 1…L. */
  dW: number[];
  /** ‖db^[l]‖, one per layer. */
  db: number[];
  /** J at the current parameters. */
  cost: number;
}

/**
 * ‖dW^[l]‖ and ‖db^[l]‖ (Frobenius norms) for every layer l = 1…L of `net` on X (n⁰×m), Y (1×m), from the
 * network's own backward pass (`costAndGradients`, whose gradients come as [dW^[1], db^[1], dW^[2], …]).
 * The parameters are not changed.
 */
export function layerGradientNorms(net: NeuralNetwork, X: Features, Y: Matrix): LayerGradientNorms {
  const { cost, grads } = net.costAndGradients(X, Y);
  const dW: number[] = [];
  const db: number[] = [];
  for (let l = 1; l <= net.numLayers; l++) {
    dW.push(frobenius(grads[2 * (l - 1)] as Matrix));
    db.push(frobenius(grads[2 * (l - 1) + 1] as Matrix));
  }
  return { dW, db, cost };
}
