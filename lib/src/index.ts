/**
 * lr2nn — the course's library, from logistic regression to a neural network.
 *
 * Layers, imported one way only (a file imports only from layers above it in this list):
 *   numeric core       random, matmul (+ matmul-wasm, the WebAssembly kernel), matrix
 *   math of learning   activations, losses, gradcheck, optimizers, metrics, preprocess
 *   training           train (and the models built on it: logistic, network); datasets (seeded 2-D data)
 *   edges              files, display, plot, animation, progress, frames, mnist, images (data loading, charts, live output)
 * Notebooks can import everything from "lr2nn", or one module by name, e.g. "lr2nn/plot".
 */
export * from "./random";
export * from "./matmul";
export * from "./matmul-wasm";
export * from "./matrix";
export * from "./activations";
export * from "./losses";
export * from "./gradcheck";
export * from "./optimizers";
export * from "./metrics";
export * from "./preprocess";
export * from "./train";
export * from "./logistic";
export * from "./network";
export * from "./datasets";
export * from "./files";
export * from "./display";
export * from "./plot";
export * from "./animation";
export * from "./progress";
export * from "./frames";
export * from "./mnist";
export * from "./images";
