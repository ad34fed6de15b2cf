/**
 * Gradient clipping by norm: a cap on the size of one step's gradients, so that one huge gradient (an
 * exploding gradient in a deep network, a cliff of the cost) cannot throw the parameters far away.
 *
 * The norm is global, over every parameter θ of the model (every W^[l] and b^[l]) at once:
 *   ‖g‖ = √( Σ_θ Σ_ij (∂J/∂θ_ij)² ),
 *   g ← g · maxNorm/‖g‖   when ‖g‖ > maxNorm (every gradient scaled by the same factor), unchanged otherwise.
 * The direction of the step is kept; only its length is capped at maxNorm (times the learning rate).
 * `train`'s option `clipNorm` applies it to every step, right before the optimizer's update.
 * Taught in: 14-diagnose-and-tune.
 */
import { Matrix } from "../core/matrix";
import { checkNumber, describeValue, RULES } from "../core/validate";

/** The gradients as a list of matrices, checked: one line naming what was passed instead. */
function checkGradients(grads: unknown, who: string): Matrix[] {
  if (!Array.isArray(grads) || !grads.every((g) => g instanceof Matrix))
    throw new TypeError(
      `${who}: grads must be a list of matrices (one per parameter, e.g. [dW1, db1, dW2, db2]), ` +
        `got ${describeValue(grads)}`,
    );
  return grads as Matrix[];
}

/** ‖g‖ = √(Σ_θ Σ_ij g_ij²): the norm of all the gradients together, as one long vector. */
export function globalGradientNorm(grads: Matrix[]): number {
  let s = 0;
  for (const g of checkGradients(grads, "globalGradientNorm"))
    for (let k = 0; k < g.data.length; k++) s += (g.data[k] as number) ** 2;
  return Math.sqrt(s);
}

/**
 * Clipping by global norm: when ‖g‖ = √(Σ_θ Σ_ij g_ij²) > maxNorm, returns new matrices g · maxNorm/‖g‖ (same
 * shapes, same direction, norm exactly maxNorm); otherwise returns `grads` itself, unchanged. Never changes its
 * input. grads: one matrix per parameter, any shapes; maxNorm > 0.
 */
export function clipGradients(grads: Matrix[], maxNorm: number): Matrix[] {
  checkNumber(maxNorm, "clipGradients: maxNorm", RULES.positive);
  const norm = globalGradientNorm(checkGradients(grads, "clipGradients"));
  if (!(norm > maxNorm)) return grads;
  const factor = maxNorm / norm;
  return grads.map((g) => g.scale(factor));
}
