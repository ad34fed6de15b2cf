/**
 * What the page gets for Node's built-in modules (node:fs, node:path, node:os, node:worker_threads, …) when
 * scripts/build-browser.mjs bundles the lib for the browser. The lib's engine looks for its WebAssembly kernel
 * with node:fs: here no file exists, so the engine finds no kernel and the products run on the plain
 * TypeScript loops (the reference kernel), as `loadWasmMatmul` documents. Nothing here is called for training.
 */
const missing = (what: string) => (): never => {
  throw new Error(`${what} is not available in the browser`);
};

export const existsSync = (): boolean => false;
export const readFileSync = missing("readFileSync");
export const readdirSync = (): string[] => [];
export const statSync = missing("statSync");
export const homedir = (): string => "";
export const availableParallelism = (): number => 1;
export const cpus = (): unknown[] => [];
export const sep = "/";
export const join = (...parts: string[]): string =>
  parts.filter(Boolean).join("/").replace(/\/+/g, "/");
export const resolve = join;
export const dirname = (p: string): string => p.replace(/\/[^/]*$/, "") || "/";
export const relative = (_from: string, to: string): string => to;
export const isAbsolute = (p: string): boolean => p.startsWith("/");
export const isMainThread = true;
export const workerData = null;
export const Worker = missing("Worker threads");
export const setFlagsFromString = (): void => {};
export const createRequire = missing("createRequire");
export const deflateSync = missing("deflateSync");

export default {
  existsSync,
  readFileSync,
  readdirSync,
  statSync,
  homedir,
  availableParallelism,
  cpus,
  sep,
  join,
  resolve,
  dirname,
  relative,
  isAbsolute,
  isMainThread,
  workerData,
  Worker,
  setFlagsFromString,
  createRequire,
  deflateSync,
};
