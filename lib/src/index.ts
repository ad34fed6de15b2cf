/**
 * lr2nn — the course's library, from logistic regression to a neural network.
 *
 * One folder per layer; a file imports only from its own layer or the layers before it in this list:
 *   core/      the numeric core: random (seeded generator), matrix (dense float64) and the loops beside it
 *              on raw arrays (shape, elementwise, rearrange, reduce, parse, format), validate (what a valid
 *              number is, one place for every check of a learner's input; arguments: a Matrix where one
 *              belongs), matmul (the product's kernel registry and the readable reference kernel), sparse
 *              (CSR matrices: bags of words)
 *   learning/  the math of learning: activations (each with its derivative), losses, gradcheck, optimizers,
 *              metrics, preprocess (split, standardise, k-fold splits), softmax (K classes: softmax, categorical
 *              cross-entropy, one-hot labels), clipping (gradient clipping by norm)
 *   engine/    the fast path behind the readable models, reached through one door (engine/index.ts): the
 *              WebAssembly product kernel, reused buffers, fused loops, the mini-batch gatherer. Tests
 *              prove it gives the readable path's numbers; `useEngine(false)` (or LR2NN_READABLE=1) runs
 *              the readable path instead, to step through it
 *   models/    models and training, written as the chapters write them: train (the loop every model
 *              shares; divergence: its history and the guard that stops a diverging run), backend (the one
 *              place that picks the readable code or the engine for a training step), logistic (logistic regression), network (L-layer network with a sigmoid or a
 *              softmax output; layers: its layer sizes and initialisation),
 *              backprop (its forward pass, cost, backward pass and gradient check), dropout (inverted
 *              dropout's masks and steps), linear (linear regression with MSE: gradient descent and the
 *              closed form), gradient-norms (‖dW^[l]‖ per layer), multiclass (one-vs-rest: K logistic
 *              regressions)
 *   data/      data at the edge: datasets (seeded 2-D sets), files (dataPath), frames (danfojs ↔ matrices, CSV),
 *              mnist (digits), text (tokens, vocabulary, bag of words), email (SpamAssassin mail), reviews
 *              (labelled sentences). Data modules never draw.
 *   screen/    what the learner sees: display, errors (a lib error prints as one line), plot (charts:
 *              chart, the transport to the screen; figures,
 *              surfaces and plane, the figure builders; network-view, a network's units over the plane),
 *              tables, images, animation, progress; playground (a live trainer running this lib in the page:
 *              playground-session its data, network and loop, playground-options, -features, -snapshot)
 *   exercises/ the learner's exercises: check (the checker framework, notYet), prose (expectClose: quoted
 *              numbers tied to outputs), ch01… (one file of checkers per chapter)
 * Notebooks import everything from "lr2nn", or one module by its file name, e.g. "lr2nn/plot".
 */
export * from "./core/random";
export * from "./core/matmul";
export * from "./core/shape";
export * from "./core/elementwise";
export * from "./core/rearrange";
export * from "./core/reduce";
export * from "./core/parse";
export * from "./core/format";
export * from "./core/validate";
export * from "./core/arguments";
export * from "./core/matrix";
export * from "./core/sparse";
export * from "./core/sparse-products";
export * from "./learning/activations";
export * from "./learning/losses";
export * from "./learning/gradcheck";
export * from "./learning/optimizers";
export * from "./learning/metrics";
export * from "./learning/preprocess";
export * from "./learning/clipping";
export * from "./learning/softmax";
export * from "./engine";
export * from "./models/train";
export * from "./models/divergence";
export * from "./models/backend";
export * from "./models/logistic";
export * from "./models/backprop";
export * from "./models/layers";
export * from "./models/network";
export * from "./models/multiclass";
export * from "./models/dropout";
export * from "./models/linear";
export * from "./models/gradient-norms";
export * from "./data/datasets";
export * from "./data/files";
export * from "./data/frames";
export * from "./data/mnist";
export * from "./data/text";
export * from "./data/email";
export * from "./data/reviews";
export * from "./screen/display";
export * from "./screen/plot";
export * from "./screen/chart";
export * from "./screen/figures";
export * from "./screen/surfaces";
export * from "./screen/plane";
export * from "./screen/tables";
export * from "./screen/images";
export * from "./screen/animation";
export * from "./screen/progress";
export * from "./screen/network-view";
export * from "./screen/playground";
export * from "./screen/playground-session";
export * from "./screen/playground-options";
export * from "./screen/playground-features";
export * from "./screen/playground-snapshot";
export * from "./screen/errors";
export * from "./exercises";

import { installErrorPrinting } from "./screen/errors";
import { tslabJupyter } from "./screen/display";
// In a notebook, an error the lib throws prints as one line naming its cause (screen/errors.ts).
if (tslabJupyter()?.lastWriteDisplayData) installErrorPrinting();
