// @ts-check
// Bundles the playground's page code for the browser: lib/browser/playground-app.ts (the DOM app) with the lib's
// own training code it imports from lib/src → lib/dist/browser/playground.js, one minified IIFE that defines the
// global `lr2nnPlayground` (`mount(element, options)`). Node's built-in modules become lib/browser/node-shim.ts
// (the engine then finds no WebAssembly kernel file and trains on the plain loops). Run by `npm run build` after
// tsc; prints the bundle's size and fails above MAX_BYTES. Served to notebooks by the Jupyter server
// (lib/src/screen/playground.ts loads it) and copied into the site's assets by scripts/site.mjs.
import { statSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

// @ts-ignore TS1343: the root tsconfig checks with module=commonjs, but this file is ESM and runs as such.
const HERE = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(HERE), "..");
export const BROWSER_ENTRY = path.join(ROOT, "lib", "browser", "playground-app.ts");
export const BROWSER_BUNDLE = path.join(ROOT, "lib", "dist", "browser", "playground.js");
/** The bundle's budget (issue #24): 500 KB, plotly.js aside (the playground does not use it). */
export const MAX_BYTES = 500_000;
const SHIM = path.join(ROOT, "lib", "browser", "node-shim.ts");

/** Bundles the playground; returns the bundle's size in bytes. */
export async function buildBrowser() {
  // esbuild comes with tsx (a dev dependency); resolved from the project.
  const esbuild = createRequire(path.join(ROOT, "package.json"))("esbuild");
  await esbuild.build({
    entryPoints: [BROWSER_ENTRY],
    outfile: BROWSER_BUNDLE,
    bundle: true,
    format: "iife",
    globalName: "lr2nnPlayground",
    platform: "browser",
    target: "es2020",
    minify: true,
    legalComments: "none",
    logLevel: "warning",
    define: { __dirname: '"/"', "process.env.LR2NN_READABLE": "undefined" },
    plugins: [
      {
        name: "node-builtins",
        setup(/** @type {{ onResolve: Function }} */ build) {
          build.onResolve(
            { filter: /^(node:)?(fs|path|os|worker_threads|v8|zlib|module)$/ },
            () => ({
              path: SHIM,
            }),
          );
        },
      },
    ],
  });
  return statSync(BROWSER_BUNDLE).size;
}

// Run as a script (npm run build).
if (process.argv[1] && path.resolve(process.argv[1]) === HERE) {
  buildBrowser().then(
    (bytes) => {
      const kb = (bytes / 1000).toFixed(1);
      if (bytes > MAX_BYTES) {
        console.error(
          `✗ lib/dist/browser/playground.js is ${kb} KB, over the budget of ${MAX_BYTES / 1000} KB`,
        );
        process.exit(1);
      }
      console.log(`✓ lib/dist/browser/playground.js: ${kb} KB (budget ${MAX_BYTES / 1000} KB)`);
    },
    (e) => {
      console.error(`✗ bundling the playground failed: ${e instanceof Error ? e.message : e}`);
      process.exit(1);
    },
  );
}
