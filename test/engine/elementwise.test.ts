// The elementwise WebAssembly kernel (engine/elementwise-wasm.ts, kernels/elementwise.wat): tanh, σ and the
// cross-entropy of a training step without library calls, used only while the fused "wasm" product kernel is
// active. Held here to what it must be: tanh and σ within a few ulp of Math.tanh and the exact σ over millions
// of arguments and at the edges (0, −0, tiny, huge, ±Infinity, NaN), the summed cost within m·2⁻⁵² of the
// exact loop's, whole training runs within 1e-12 of the readable path, and absent on "wasm-exact" (whose
// numbers the readable code's, bit for bit: test/engine/engine.test.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { matmulKernels, useMatmulKernel } from "../../lib/src/core/matmul";
import { Matrix } from "../../lib/src/core/matrix";
import { rng } from "../../lib/src/core/random";
import { useEngine, wasmKernelPaths } from "../../lib/src/engine";
import { elementwiseKernel, type ElementwiseKernel } from "../../lib/src/engine/elementwise-wasm";
import { fastElementwise } from "../../lib/src/engine/wasm-kernels";
import { makeFlower } from "../../lib/src/data/datasets";
import { crossEntropyOfLogit } from "../../lib/src/learning/losses";
import { gradientDescent } from "../../lib/src/learning/optimizers";
import { LogisticRegression } from "../../lib/src/models/logistic";
import { createNetwork } from "../../lib/src/models/network";
import { train } from "../../lib/src/models/train";

const ROOT = path.resolve(__dirname, "..", "..");

/** The distance between v and the next double away from 0 (for v = 0: the smallest subnormal). */
function ulp(v: number): number {
  const f = new Float64Array([Math.abs(v)]);
  const i = new BigInt64Array(f.buffer);
  i[0] = (i[0] as bigint) + 1n;
  return (f[0] as number) - Math.abs(v);
}

/** |a − b| in ulps of b (0 when both are the same number, NaN included). */
function ulps(a: number, b: number): number {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)) || a === b) return 0;
  return Math.abs(a - b) / ulp(b);
}

function kernel(): ElementwiseKernel {
  const k = elementwiseKernel();
  assert.ok(k, "the elementwise kernel did not load (run `npm run build`)");
  return k;
}

/** The exact σ (activations.sigmoid's overflow-safe form). */
function sigmoid(z: number): number {
  const e = Math.exp(-Math.abs(z));
  return z >= 0 ? 1 / (1 + e) : e / (1 + e);
}

/** Arguments over every scale the engine meets: near 0, around 1, saturating, and beyond. */
function manyArguments(count: number, seed: number): Float64Array {
  const r = rng(seed);
  const scales = [1e-300, 1e-9, 1e-3, 0.1, 1, 3, 10, 25, 100, 800];
  return Float64Array.from(
    { length: count },
    (_, i) => (2 * r.uniform() - 1) * (scales[i % scales.length] as number),
  );
}

const EDGES = [
  0, -0, 5e-324, -5e-324, 1e-310, 0.5, -0.5, 19.1, -19.1, 20, -20, 709, -709, 745, -745,
];

test("in use only while the fused product kernel is: not on wasm-exact, not on the readable path", () => {
  assert.equal(matmulKernels().active, "wasm");
  assert.ok(
    fastElementwise(),
    "the fused kernel is active, so the elementwise kernel should be too",
  );
  const previous = useMatmulKernel("wasm-exact");
  try {
    assert.equal(fastElementwise(), null);
  } finally {
    useMatmulKernel(previous);
  }
  useEngine(false);
  try {
    assert.equal(fastElementwise(), null);
  } finally {
    useEngine(true);
  }
});

test("tanhBiasInto: z + b exactly, and tanh within 4 ulp of Math.tanh (odd and even rows, the edges, NaN)", () => {
  const k = kernel();
  const values = [...manyArguments(400_000, 1), ...EDGES, Infinity, -Infinity, NaN];
  for (const m of [values.length, 7, 2, 3]) {
    const rows = Math.floor(values.length / m);
    const n = rows * m;
    const b = Float64Array.from({ length: rows }, (_, i) => (i % 3) * 0.25 - 0.25);
    const z = Float64Array.from(values.slice(0, n));
    const out = new Float64Array(n);
    k.tanhBiasInto(z, b, rows, m, out);
    let worst = 0;
    for (let j = 0; j < n; j++) {
      const v = (values[j] as number) + (b[Math.floor(j / m)] as number);
      assert.ok(Object.is(z[j], v), `z + b at ${j}: ${z[j]} vs ${v}`);
      const u = ulps(out[j] as number, Math.tanh(v));
      assert.ok(u <= 4, `tanh(${v}) = ${out[j]}, Math.tanh: ${Math.tanh(v)} (${u} ulp)`);
      worst = Math.max(worst, u);
    }
    if (m === values.length) console.log(`tanh: worst ${worst} ulp over ${n} values`);
  }
});

test("tanhBiasInto on rows of one value (one example) gives Math.tanh's values", () => {
  const z = Float64Array.of(0.5, -3, 20);
  const out = new Float64Array(3);
  kernel().tanhBiasInto(z, Float64Array.of(0.25, 1, -1), 3, 1, out);
  assert.deepEqual(Array.from(z), [0.75, -2, 19]);
  assert.deepEqual(Array.from(out), [0.75, -2, 19].map(Math.tanh));
});

test("sigmoidOutputRow: σ within 3 ulp, dZ = σ − y, the summed cost and Σ dZ within summation's bound m·2⁻⁵²·Σ|terms|", () => {
  const k = kernel();
  const r = rng(2);
  for (const m of [1, 2, 5, 569, 4001, 250_001]) {
    const logits = manyArguments(m, 3 + m).map((v, j) =>
      j < EDGES.length ? (EDGES[j] as number) : v,
    );
    const y = Float64Array.from({ length: m }, () => (r.uniform() < 0.4 ? 1 : 0));
    const bias = 0.125;
    const z = Float64Array.from(logits);
    const out = new Float64Array(m);
    const dZ = new Float64Array(m);
    const { costSum, sumDZ } = k.sigmoidOutputRow(z, bias, y, out, dZ, 0, m);
    let J = 0;
    let sd = 0;
    let scale = 0; // Σ of the terms' sizes: |max(z, 0)| + |z·y| + ln(1 + e^(−|z|))
    let scaleDZ = 0;
    for (let j = 0; j < m; j++) {
      const v = (logits[j] as number) + bias;
      assert.ok(Object.is(z[j], v));
      const a = sigmoid(v);
      // below −708 the kernel takes e^−708 (≈ 3·10⁻³⁰⁸) for e^z: σ is then off by less than 1e-300
      if (v >= -708) assert.ok(ulps(out[j] as number, a) <= 3, `σ(${v}) = ${out[j]}, exact ${a}`);
      else assert.ok(Math.abs((out[j] as number) - a) < 1e-300);
      assert.equal(dZ[j], (out[j] as number) - (y[j] as number));
      const loss = crossEntropyOfLogit(v, y[j] as number);
      J += loss;
      scale += Math.max(v, 0) + Math.abs(v * (y[j] as number)) + Math.log1p(Math.exp(-Math.abs(v)));
      sd += a - (y[j] as number);
      scaleDZ += Math.abs(a - (y[j] as number));
    }
    // two sums of the same terms in different orders: each within (m − 1)·2⁻⁵³·Σ|terms| of the exact sum
    const bound = (m + 2) * 2 ** -52;
    assert.ok(Math.abs(costSum - J) <= bound * scale, `m = ${m}: cost ${costSum} vs ${J}`);
    assert.ok(Math.abs(sumDZ - sd) <= bound * scaleDZ, `m = ${m}: Σ dZ ${sumDZ} vs ${sd}`);
  }
});

test("each loss within a few ulp of crossEntropyOfLogit, small ones too (ln(1 + e) keeps what 1 + e rounds off)", () => {
  const k = kernel();
  // y = 1 for z ≥ 0 and y = 0 below: max(z, 0) − z·y is then 0, and the loss is ln(1 + e^(−|z|)) alone
  let worst = 0;
  const zs = [
    ...manyArguments(20_000, 5),
    ...EDGES.filter((v) => Math.abs(v) < 700),
    36.7,
    40,
    -45,
    600,
  ];
  for (const z of zs) {
    const y = Float64Array.of(z >= 0 ? 1 : 0);
    const { costSum } = k.sigmoidOutputRow(
      Float64Array.of(z),
      0,
      y,
      null,
      new Float64Array(1),
      0,
      1,
    );
    const exact = crossEntropyOfLogit(z, y[0] as number);
    // beyond |z| = 708 the kernel takes e^−708 for e^(−|z|): the loss is then off by less than 1e-300
    if (Math.abs(z) > 708) {
      assert.ok(Math.abs(costSum - exact) < 1e-300, `loss at z = ${z}: ${costSum}, exact ${exact}`);
      continue;
    }
    const u = ulps(costSum, exact);
    assert.ok(u <= 4, `loss at z = ${z}: ${costSum}, exact ${exact} (${u} ulp)`);
    worst = Math.max(worst, u);
  }
  // a well-fitted model: 1000 tiny losses, their sum as precise as the exact loop's
  for (const z of [5, 12, 20, 40]) {
    const m = 1000;
    const y = new Float64Array(m).fill(1);
    const { costSum } = k.sigmoidOutputRow(
      new Float64Array(m).fill(z),
      0,
      y,
      null,
      new Float64Array(m),
      0,
      m,
    );
    const exact = m * crossEntropyOfLogit(z, 1);
    assert.ok(Math.abs(costSum - exact) <= 1e-13 * exact, `z = ${z}: ${costSum} vs ${exact}`);
  }
  console.log(`losses: worst ${worst} ulp over ${zs.length} logits`);
});

test("a row inside larger arrays: only its own values are read and written", () => {
  const k = kernel();
  const z = Float64Array.from([9, 9, 0.5, -2, 3, 9]);
  const y = Float64Array.from([7, 7, 1, 0, 1, 7]);
  const out = new Float64Array(6).fill(-1);
  const dZ = new Float64Array(6).fill(-1);
  k.sigmoidOutputRow(z, 0, y, out, dZ, 2, 3);
  assert.deepEqual(
    [z[0], z[1], z[5], out[0], out[1], out[5], dZ[0], dZ[5]],
    [9, 9, 9, -1, -1, -1, -1, -1],
  );
  assert.ok(ulps(out[3] as number, sigmoid(-2)) <= 3);
});

test("training on the fused kernel (with the elementwise kernel) stays within 1e-12 of the readable path", () => {
  assert.equal(matmulKernels().active, "wasm");
  const flower = makeFlower({ m: 400, seed: 0 });
  const lines = readFileSync(path.join(ROOT, "data", "breast-cancer-wisconsin.csv"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(","));
  const Xbc = Matrix.from(lines.map((r) => r.slice(2, 12).map(Number))).transpose(); // 10×569, raw scale
  const ybc = Matrix.row(lines.map((r) => (r[1] === "M" ? 1 : 0)));
  const runs = () => {
    const net = createNetwork({ layerSizes: [2, 6, 1], hiddenActivation: "tanh", seed: 1 });
    const planar = train(net, flower.X, flower.y, {
      epochs: 300,
      optimizer: gradientDescent({ learningRate: 1.2 }),
    });
    const lr = new LogisticRegression(10);
    const logistic = train(lr, Xbc, ybc, {
      epochs: 200,
      optimizer: gradientDescent({ learningRate: 1e-6 }),
    });
    return { planar: planar.costs, logistic: logistic.costs };
  };
  const fused = runs();
  useEngine(false);
  let readable: typeof fused;
  try {
    readable = runs();
  } finally {
    useEngine(true);
  }
  for (const what of ["planar", "logistic"] as const) {
    let gap = 0;
    fused[what].forEach((c, i) => {
      const ref = readable[what][i] as number;
      gap = Math.max(gap, Math.abs(c - ref) / Math.abs(ref));
    });
    assert.ok(gap <= 1e-12, `${what}: relative gap ${gap.toExponential(2)} > 1e-12`);
    assert.ok(gap > 0, `${what}: no bit moved: is the elementwise kernel in use?`);
    console.log(
      `${what}: ${fused[what].length} epoch costs within ${gap.toExponential(1)} (relative)`,
    );
  }
});

test("the built elementwise.wasm is the assembled .wat, its marked helpers inlined (rebuild after editing)", async () => {
  const build = (await import(path.join(ROOT, "scripts", "build-wasm.mjs"))) as {
    assembleWat(file: string): Promise<Uint8Array>;
    inlineMarkedFunctions(wat: string): string;
  };
  const src = path.join(ROOT, "lib", "src", "engine", "kernels", "elementwise.wat");
  const file = wasmKernelPaths("elementwise.wasm").find((f) => {
    try {
      readFileSync(f);
      return true;
    } catch {
      return false;
    }
  });
  assert.ok(file, "no built elementwise.wasm");
  assert.deepEqual(
    new Uint8Array(readFileSync(file)),
    new Uint8Array(await build.assembleWat(src)),
    "lib/dist/engine/kernels/elementwise.wasm is stale: run `npm run build`",
  );
  const text = readFileSync(src, "utf8");
  const marked = [...text.matchAll(/;; @inline\n\s*\(func (\$\w+)/g)].map((m) => m[1] as string);
  assert.deepEqual(marked.sort(), [
    "$expNonPositive",
    "$expm1Reduced",
    "$log1pUnit",
    "$pow2",
    "$roundShifted",
    "$tanh",
  ]);
  const inlined = build.inlineMarkedFunctions(text);
  for (const f of marked) assert.ok(!inlined.includes(`(call ${f}`), `${f} is still called`);
  assert.equal(build.inlineMarkedFunctions("(module)"), "(module)");
});
