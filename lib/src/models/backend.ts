/**
 * Who runs a training step: the one place the lib chooses between the readable code and the engine, as
 * TensorFlow.js chooses a backend. Everything else in models/ is the readable code only: `forwardPass`,
 * `backwardPass`, `costFromCache`, `networkCost` (backprop.ts) and logistic regression's `forward`, `cost` and
 * `forwardCostBackward` (logistic.ts) always run the formulas the chapters teach, so stepping into them in a
 * debugger lands on those lines.
 *
 *   readable   the models' `Matrix` code: forward, cost and backward as written, `X.selectCols(idx)` for a
 *              mini-batch, and the readable TypeScript product kernel for every product;
 *   engine     the same step on reused buffers, in fused loops, without building transposes (engine/), and
 *              the WebAssembly product kernel. The default.
 *
 * The models ask `backend()` for a training step (`costAndGradients`), a prediction (`predictProba`) and the
 * loop's mini-batches (`train`). `useEngine(false)` (or LR2NN_READABLE=1) makes every one of them readable.
 * Tests prove both give the same numbers: bit for bit with the plain "wasm-exact" kernel, within 1e-12 with the
 * fused "wasm" one (test/engine/engine.test.ts, test/engine/matmul-fma.test.ts).
 */
import {
  batchGatherer,
  engineInUse,
  keepResident,
  wholeBatch,
  fastCostAndGradients,
  fastForward,
  fastLogisticCostAndGradients,
} from "../engine";
import { Matrix } from "../core/matrix";
import type { Features } from "../core/sparse";
import { forwardCostBackward, forwardPass, type Network } from "./backprop";
import type { DropoutMasks } from "./dropout";

/** J and ∂J/∂θ for each parameter, in the model's `parameters()` order. */
export interface Step {
  cost: number;
  grads: Matrix[];
}

/** What a backend needs of a logistic-regression model (models/logistic.ts's `LogisticRegression`). */
export interface LogisticModel {
  readonly w: Matrix;
  readonly b: Matrix;
  readonly lambda: number;
  /** (λ/(2m))·‖w‖² for m examples. */
  penalty(m: number): number;
  /** The readable step: forward, cost and backward as the formulas read. */
  forwardCostBackward(X: Features, Y: Matrix, l2Examples?: number): Step;
}

/** The operations the models hand to a backend. No checks: the models check before they call. */
export interface Backend {
  readonly name: "readable" | "engine";
  /** A network's J and [dW^[1], db^[1], dW^[2], …] on a batch; with `masks`, in training mode (dropout). */
  networkStep(
    net: Network,
    X: Features,
    Y: Matrix,
    masks?: DropoutMasks,
    l2Examples?: number,
  ): Step;
  /** A network's output A^[L] for X, in prediction mode (no dropout). */
  networkOutput(net: Network, X: Features): Matrix;
  /** A logistic regression's J and [dw, db] on a batch. */
  logisticStep(model: LogisticModel, X: Features, Y: Matrix, l2Examples?: number): Step;
  /**
   * The batches of one training run: the examples idx of X and Y, as `X.selectCols(idx)` and
   * `Y.selectCols(idx)`; `whole()`, every example, for full-batch training.
   */
  batches(X: Features, Y: Matrix): Batches;
}

/** A training run's batches (see `Backend.batches`). */
export interface Batches {
  (idx: number[]): { X: Features; Y: Matrix };
  /** All of X and Y, for every step of a full-batch run. */
  whole(): { X: Features; Y: Matrix };
  /** The run is over: lets go of anything kept for it (the engine's copy of a full-batch X). */
  done(): void;
}

/** The code the chapters teach. */
const readable: Backend = {
  name: "readable",
  networkStep: forwardCostBackward,
  networkOutput: (net, X) => forwardPass(net, X).A[net.W.length] as Matrix,
  logisticStep: (model, X, Y, l2Examples) => model.forwardCostBackward(X, Y, l2Examples),
  batches: (X, Y) =>
    Object.assign((idx: number[]) => ({ X: X.selectCols(idx), Y: Y.selectCols(idx) }), {
      whole: () => ({ X, Y }),
      done: () => {},
    }),
};

/** The same operations, faster (engine/). */
const engine: Backend = {
  name: "engine",
  networkStep: fastCostAndGradients,
  networkOutput: (net, X) => fastForward(net, X).A[net.W.length] as Matrix,
  logisticStep: (model, X, Y, l2Examples) =>
    fastLogisticCostAndGradients(
      model.w,
      model.b,
      model.lambda,
      model.penalty(l2Examples ?? X.cols),
      X,
      Y,
      l2Examples,
    ),
  batches: (X, Y) => {
    let gather: { X: (idx: number[]) => Features; Y: (idx: number[]) => Matrix } | null = null;
    return Object.assign(
      (idx: number[]) => {
        gather ??= { X: batchGatherer(X), Y: batchGatherer(Y) }; // made on the first mini-batch
        const Xb = gather.X(idx);
        // the step's two products with this batch (forward, dW^[1]) copy it into the kernel's memory once
        if (Xb instanceof Matrix) keepResident(Xb.data);
        return { X: Xb, Y: gather.Y(idx) };
      },
      { whole: () => ({ X: wholeBatch(X), Y }), done: () => keepResident(null) },
    );
  },
};

/** The backend in use: the engine by default, the readable code after `useEngine(false)`. */
export function backend(): Backend {
  return engineInUse() ? engine : readable;
}
