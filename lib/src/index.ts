/**
 * lr2nn — the course's library, from logistic regression to a neural network.
 *
 * Layers, imported one way only (a file imports only from layers above it in this list):
 *   numeric core       random, matmul, matrix
 *   math of learning   activations, losses, gradcheck, optimizers
 *   training           train (and the models built on it)
 *   edges              files, display, plot (data loading, charts, live output)
 * Notebooks can import everything from "lr2nn", or one module by name, e.g. "lr2nn/plot".
 */
export * from "./random";
export * from "./matmul";
export * from "./matrix";
export * from "./activations";
export * from "./losses";
export * from "./gradcheck";
export * from "./optimizers";
export * from "./train";
export * from "./files";
export * from "./display";
export * from "./plot";
