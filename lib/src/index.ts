/**
 * lr2nn — the course's library, from logistic regression to a neural network.
 *
 * Layers, imported one way only (each file imports only from the layers above it in this list):
 *   numeric core   random, matmul, matrix
 *   math of learning (added chapter by chapter)
 *   edges          files, display, plot
 * Notebooks can import everything from "lr2nn", or one module by name, e.g. "lr2nn/plot".
 */
export * from "./random";
export * from "./matmul";
export * from "./matrix";
export * from "./files";
export * from "./display";
export * from "./plot";
