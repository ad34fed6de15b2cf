/**
 * The engine: the fast code that sits behind the readable lib. Nothing here teaches; everything here is
 * proven equal to the readable path by tests (test/kernels.test.ts, test/engine.test.ts).
 *
 * Loading this module registers the WebAssembly SIMD matrix-product kernel with the core's kernel registry
 * (`core/matmul`) and makes it the default (LR2NN_NO_WASM=1 keeps the readable reference kernel).
 */
export * from "./matmul-wasm";
