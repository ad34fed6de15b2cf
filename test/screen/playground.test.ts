// The playground (issue #24): its options, its session (train's loop in pieces: the same costs bit for bit),
// its views' numbers, its snapshot PNG, its notebook output, and the page bundle (built, small, no CDN).
// The page itself is checked in Chromium by test/browser/playground-checks.ts (the site and JupyterLab).
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { inflateSync } from "node:zlib";
import { Matrix } from "../../lib/src/core/matrix";
import { makeDataset } from "../../lib/src/data/datasets";
import { forwardPass } from "../../lib/src/models/backprop";
import { createNetwork } from "../../lib/src/models/network";
import { train, type TrainOptions } from "../../lib/src/models/train";
import { setDisplaySink, type DisplayItem } from "../../lib/src/screen/display";
import { CLASS_COLORS } from "../../lib/src/screen/figures";
import {
  NO_PLAYGROUND,
  PLAYGROUND_PLACEHOLDER,
  playground,
  playgroundBundle,
} from "../../lib/src/screen/playground";
import { orthogonalSpread } from "../../lib/src/screen/playground-features";
import {
  checkPlaygroundOptions,
  DEFAULT_NOISE,
  mapColor,
  PLAYGROUND_DATA,
  POINT_COLORS,
  type PlaygroundOptions,
} from "../../lib/src/screen/playground-options";
import { featureRows, PlaygroundSession } from "../../lib/src/screen/playground-session";
import { crc32, encodePng } from "../../lib/src/screen/playground-snapshot";

const ROOT = path.resolve(__dirname, "..", "..");
const BUNDLE = path.join(ROOT, "lib", "dist", "browser", "playground.js");

/** The costs of the lib's `train` for a session's settings, on its training set. */
function trainCosts(session: PlaygroundSession, epochs: number, extra: Partial<TrainOptions> = {}) {
  const s = session.settings;
  const net = createNetwork({
    layerSizes: [s.features.length, ...s.hidden, 1],
    hiddenActivation: s.activation,
    lambda: s.lambda,
    seed: s.seed,
  });
  return train(net, session.FTrain, session.yTrain, {
    epochs,
    learningRate: s.learningRate,
    optimizer: s.optimizer as "adam",
    batchSize: s.batchSize > 0 ? s.batchSize : undefined,
    seed: s.seed,
    warn: false,
    ...extra,
  }).costs;
}

test("options: defaults filled in; a bad option is refused naming it and what it may be", () => {
  const s = checkPlaygroundOptions();
  assert.equal(s.data, "circles");
  assert.deepEqual(s.hidden, [4]);
  assert.deepEqual(s.features, ["x1", "x2"]);
  assert.equal(s.noise, DEFAULT_NOISE.circles);
  assert.equal(s.batchSize, 0);
  assert.throws(() => checkPlaygroundOptions({ data: "spiral" }), /data must be one of "circles"/);
  assert.throws(() => checkPlaygroundOptions({ hidden: [4, 9] }), /hidden\[1\].*≤ 8, got 9/);
  assert.throws(() => checkPlaygroundOptions({ hidden: [1, 1, 1, 1, 1] }), /0 to 4 layer sizes/);
  assert.throws(() => checkPlaygroundOptions({ activation: "softmax" }), /activation must be/);
  assert.throws(
    () => checkPlaygroundOptions({ learningRate: 0 }),
    /learningRate must be a number > 0/,
  );
  assert.throws(() => checkPlaygroundOptions({ features: ["x1", "x1"] }), /twice/);
  assert.throws(() => checkPlaygroundOptions({ features: ["x3"] }), /each feature must be one of/);
  assert.throws(
    () => checkPlaygroundOptions({ lr: 1 } as PlaygroundOptions),
    /unknown option "lr"/,
  );
});

test("DEFAULT_NOISE is each data set's own default noise", () => {
  for (const name of PLAYGROUND_DATA) {
    const a = makeDataset(name, { m: 50, seed: 3 });
    const b = makeDataset(name, { m: 50, seed: 3, noise: DEFAULT_NOISE[name] });
    assert.deepEqual(a.X.data, b.X.data, name);
  }
});

test("features: x1, x2, x1^2, x2^2, x1*x2 of each point, one row each", () => {
  const X = Matrix.from([
    [1, 2],
    [3, -4],
  ]);
  assert.deepEqual(featureRows(X, ["x1", "x2", "x1^2", "x2^2", "x1*x2"]).toArray(), [
    [1, 2],
    [3, -4],
    [1, 4],
    [9, 16],
    [3, -8],
  ]);
});

test("the session is train's loop in pieces: the same costs bit for bit, run in any chunks", () => {
  const cases: PlaygroundOptions[] = [
    {},
    {
      data: "moons",
      hidden: [8, 4],
      activation: "relu",
      optimizer: "adam",
      learningRate: 0.02,
      batchSize: 16,
    },
    { data: "xor", hidden: [3], optimizer: "momentum", lambda: 0.05, batchSize: 50, seed: 7 },
    { data: "flower", hidden: [], features: ["x1", "x2", "x1^2", "x2^2", "x1*x2"] },
    { data: "spirals", hidden: [8, 8, 8, 8], activation: "sigmoid", learningRate: 1 },
  ];
  for (const o of cases) {
    const session = new PlaygroundSession(o);
    session.step(1);
    session.step(12);
    while (session.epoch < 40) session.step(3, -1); // a deadline already past: one epoch a call
    assert.equal(session.epoch, 40);
    assert.deepEqual(session.trainCosts, trainCosts(session, 40), JSON.stringify(o));
    assert.equal(session.testCosts.length, 40);
  }
});

test("a new learning rate applies from the next step on; λ too; a cost that overflows stops training", () => {
  const a = new PlaygroundSession({ learningRate: 0.3 });
  a.step(5);
  a.setLearningRate(1);
  a.step(5);
  const b = new PlaygroundSession({ learningRate: 0.3 });
  const sched = trainCosts(b, 10, { learningRateSchedule: (e, lr0) => (e < 5 ? lr0 : 1) });
  assert.deepEqual(a.trainCosts, sched);
  assert.throws(() => a.setLearningRate(-1), /learningRate must be a number > 0/);
  a.setLambda(0.5);
  assert.equal(a.net.lambda, 0.5);
  const wild = new PlaygroundSession({ learningRate: 1e6, hidden: [8, 8] });
  wild.step(50);
  assert.ok(wild.failure && /Lower the learning rate/.test(wild.failure), String(wild.failure));
  assert.ok(wild.epoch < 50);
});

test("planeMaps: ŷ over the grid is the network's prediction at those points; A[0] the features", () => {
  const s = new PlaygroundSession({ hidden: [3, 2], features: ["x1", "x2", "x1*x2"] });
  s.step(20);
  const maps = s.planeMaps(7);
  assert.equal(maps.A.length, 4);
  const r = 5;
  const c = 2;
  const point = Matrix.from([[maps.xs[c] as number], [maps.ys[r] as number]]);
  const p = s.net.predictProba(featureRows(point, s.settings.features)).data[0] as number;
  assert.ok(Math.abs((maps.A[3]!.data[r * 7 + c] as number) - p) < 1e-15);
  assert.equal(
    maps.A[0]!.data[2 * 49 + r * 7 + c],
    (maps.xs[c] as number) * (maps.ys[r] as number),
  );
});

test("feature space: exact — the output unit's z at each point is cx·x + cy·y + c0 of its coordinates", () => {
  for (const hidden of [[2], [1], [5], [4, 3], []]) {
    const s = new PlaygroundSession({ data: "moons", hidden });
    s.step(30);
    const view = s.featureSpace();
    const { Z } = forwardPass(s.net, s.FTrain);
    const z = Z[Z.length - 1]!.data;
    for (let j = 0; j < s.FTrain.cols; j++) {
      const x = view.train.x[j] as number;
      const y = view.train.y[j] as number;
      const mine = view.yIsOutput ? view.cx * x + view.c0 : view.cx * x + view.cy * y + view.c0;
      assert.ok(
        Math.abs(mine - (z[j] as number)) < 1e-9,
        `hidden ${JSON.stringify(hidden)}, point ${j}`,
      );
      if (view.yIsOutput) assert.ok(Math.abs(y - 1 / (1 + Math.exp(-(z[j] as number)))) < 1e-12);
    }
    assert.ok(view.xRange[0] < view.xRange[1] && view.yRange[0] < view.yRange[1]);
  }
});

test("orthogonalSpread: a unit vector orthogonal to w, along the largest spread, its sign kept", () => {
  // Points spread mostly along e2, a little along e3; w along e1.
  const A = Matrix.from([
    [0, 1, 0, 1, 0.5],
    [-5, 5, -4, 4, 0],
    [0.1, -0.1, 0.2, -0.2, 0],
  ]);
  const u = Float64Array.from([1, 0, 0]);
  const t = orthogonalSpread(A, u, null);
  assert.ok(Math.abs(Math.hypot(...t) - 1) < 1e-12);
  assert.ok(Math.abs(t[0] as number) < 1e-12);
  assert.ok(Math.abs(Math.abs(t[1] as number) - 1) < 1e-3);
  const flipped = orthogonalSpread(
    A,
    u,
    t.map((v) => -v),
  );
  assert.ok((flipped[1] as number) * (t[1] as number) < 0, "follows the previous direction's sign");
});

test("colours: the classes' are the charts', the map runs blue – white – orange", () => {
  assert.deepEqual([...POINT_COLORS], [...CLASS_COLORS]);
  assert.deepEqual(mapColor(0), [0x9e, 0xca, 0xe1]);
  assert.deepEqual(mapColor(0.5), [0xf7, 0xf7, 0xf7]);
  assert.deepEqual(mapColor(1), [0xfd, 0xae, 0x6b]);
  assert.deepEqual(mapColor(7), mapColor(1));
  assert.deepEqual(mapColor(NaN), mapColor(0.5));
});

test("the snapshot is a valid PNG: signature, chunk CRCs, rows that inflate to the raster", () => {
  assert.equal(crc32(Buffer.from("123456789")), 0xcbf43926);
  const rgb = new Uint8Array(2 * 3 * 3).map((_, i) => i * 10);
  const png = encodePng({ width: 3, height: 2, rgb });
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let at = 8;
  let idat = Buffer.alloc(0);
  while (at < png.length) {
    const len = png.readUInt32BE(at);
    const type = png.toString("ascii", at + 4, at + 8);
    assert.equal(png.readUInt32BE(at + 8 + len), crc32(png.subarray(at + 4, at + 8 + len)), type);
    if (type === "IDAT") idat = Buffer.concat([idat, png.subarray(at + 8, at + 8 + len)]);
    at += 12 + len;
  }
  const rows = inflateSync(idat);
  assert.deepEqual([...rows.subarray(1, 10)], [...rgb.subarray(0, 9)]);
  assert.deepEqual([...rows.subarray(11, 20)], [...rgb.subarray(9, 18)]);
});

test("the notebook output: a root with data-playground, the snapshot, text saying how to bring it back, the loader", () => {
  const bundle = playgroundBundle({ data: "xor", hidden: [3], snapshotEpochs: 50 }, "pg-test");
  const html = bundle["text/html"] as string;
  assert.match(html, /<div class="lr2nn-playground" id="pg-test" data-playground=""/);
  assert.ok(html.includes(PLAYGROUND_PLACEHOLDER.slice(0, 40)));
  assert.ok(html.includes(JSON.stringify(NO_PLAYGROUND)));
  assert.match(html, /<img alt="[^"]*" width="240" height="240" src="data:image\/png;base64,/);
  assert.match(html, /lib\/dist\/browser\/playground\.js/);
  assert.match(html, /window\.lr2nnPlayground\.mount\(el,options\)/);
  assert.doesNotMatch(html.replace(/data:image\/png;base64,[A-Za-z0-9+/=]+/, ""), /https?:\/\//);
  assert.ok(html.length < 40_000, `${html.length} characters`);
  assert.match(
    bundle["text/plain"] as string,
    /^Playground: xor, network \[2, 3, 1\] \(tanh\).*after 50 epochs/,
  );
  // Twice the same options: the same output but for the root's id.
  const again = playgroundBundle({ data: "xor", hidden: [3], snapshotEpochs: 50 }, "pg-test");
  assert.equal(again["text/html"], html);
  const shown: DisplayItem[] = [];
  setDisplaySink((item) => shown.push(item));
  try {
    playground({ snapshotEpochs: 10 });
    assert.throws(() => playground({ hidden: [0] }), /hidden\[0\]/);
  } finally {
    setDisplaySink(null);
  }
  assert.equal(shown.length, 1);
  assert.ok(shown[0]!.data?.["text/html"]);
});

test("the page bundle: built from lib/src and lib/browser, at most 500 KB, no URL to fetch anything from", () => {
  assert.ok(existsSync(BUNDLE), `${BUNDLE} is missing: run npm run build`);
  const bytes = statSync(BUNDLE).size;
  assert.ok(bytes <= 500_000, `${bytes} bytes`);
  const text = readFileSync(BUNDLE, "utf8");
  assert.deepEqual(text.match(/https?:\/\/[^\s"'`)]+/g) ?? [], []);
  assert.match(text, /var lr2nnPlayground=/);
  const browser = path.join(ROOT, "lib", "browser");
  const newest = Math.max(
    ...readdirSync(browser).map((f) => statSync(path.join(browser, f)).mtimeMs),
  );
  assert.ok(
    statSync(BUNDLE).mtimeMs >= newest,
    "lib/browser changed since the bundle was built: npm run build",
  );
});
