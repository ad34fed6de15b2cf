/**
 * The text workload of `npm run bench` (chapter 11): vectorising the SpamAssassin corpus (6,046 e-mails, a
 * vocabulary of at most 5,000 words in ≥ 5 e-mails, 0/1 bag of words, sparse) and training the spam logistic
 * regression on it (Adam, mini-batches of 128, 5 epochs), beside a Python twin doing the same with `re` and
 * SciPy's sparse matrices (scikit-learn is used where installed; it is said where not). Same texts, same
 * vocabulary rules, same initial weights and mini-batch orders. `npm run bench -- --text` runs only this.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadSpamAssassin } from "../../lib/src/data/email";
import { TextVectorizer } from "../../lib/src/data/text";
import { Matrix } from "../../lib/src/core/matrix";
import { Rng } from "../../lib/src/core/random";
import { LogisticRegression } from "../../lib/src/models/logistic";
import { adam } from "../../lib/src/learning/optimizers";
import { train } from "../../lib/src/models/train";

const TEXT_SECONDS = 5; // vectorising + training the spam logistic regression
const TRAIN_RATIO = 2; // the training alone, against SciPy's sparse matrices

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** The mini-batch orders train() will use (it shuffles one index list in place each epoch with Rng(seed 0)). */
export function batchOrders(m: number, epochs: number): Int32Array {
  const rng = new Rng(0);
  const order = Array.from({ length: m }, (_, i) => i);
  const out = new Int32Array(epochs * m);
  for (let e = 0; e < epochs; e++) {
    rng.shuffle(order);
    out.set(order, e * m);
  }
  return out;
}

/** Runs the text workload on the lib and (when `python` is given) its twin; prints a table and the targets. */
export function benchText(python: string | null, quick: boolean): void {
  const repeats = quick ? 1 : 3;
  let t = process.hrtime.bigint();
  const mails = loadSpamAssassin();
  const loadSeconds = seconds(t);
  const texts = mails.map((e) => e.text);
  const y = Matrix.row(mails.map((e) => e.spam));
  const epochs = 5;
  const batchSize = 128;
  let best = { vectorise: Infinity, train: Infinity, cost: NaN, size: 0, nnz: 0 };
  for (let r = 0; r < repeats; r++) {
    t = process.hrtime.bigint();
    const { vectorizer, X } = TextVectorizer.fitTransform(texts, {
      minDocumentFrequency: 5,
      maxSize: 5000,
    });
    const vectorise = seconds(t);
    const model = new LogisticRegression(vectorizer.size);
    t = process.hrtime.bigint();
    const h = train(model, X, y, { epochs, batchSize, optimizer: adam({ learningRate: 0.02 }) });
    const trainS = seconds(t);
    // each phase's best over the repeats, as for the other workloads (bench_text.py does the same)
    best = {
      vectorise: Math.min(best.vectorise, vectorise),
      train: Math.min(best.train, trainS),
      cost: h.costs[h.costs.length - 1] as number,
      size: vectorizer.size,
      nnz: X.nnz,
    };
  }
  const memory = process.memoryUsage().rss / 2 ** 20;

  let py: {
    vectorise: number;
    train: number;
    cost: number;
    size: number;
    nnz: number;
    tool: string;
  } | null = null;
  let pyNote = python ? "" : "no python3 with NumPy: the Python twin is skipped";
  if (python) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "lr2nn-bench-text-"));
    try {
      writeFileSync(path.join(dir, "texts.json"), JSON.stringify(texts));
      writeFileSync(path.join(dir, "y.f64"), Buffer.from(y.data.buffer));
      writeFileSync(
        path.join(dir, "orders.i32"),
        Buffer.from(batchOrders(texts.length, epochs).buffer),
      );
      writeFileSync(
        path.join(dir, "spec.json"),
        JSON.stringify({ epochs, batchSize, learningRate: 0.02, minDf: 5, maxSize: 5000, repeats }),
      );
      const r = spawnSync(python, [path.join(__dirname, "bench_text.py"), dir], {
        encoding: "utf8",
        env: { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1" },
        maxBuffer: 1 << 24,
      });
      if (r.status === 0) py = JSON.parse(r.stdout);
      else
        pyNote = `the Python twin failed (exit ${r.status}): ${r.stderr.trim().split("\n").slice(-2).join(" | ")}`;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  console.log(
    `Text workload: SpamAssassin, ${texts.length} e-mails (reading and parsing them: ${loadSeconds.toFixed(2)} s, not timed below)`,
  );
  console.log(
    `  lr2nn   vectorise ${best.vectorise.toFixed(2)} s (${best.size} words, ${best.nnz} stored entries), ` +
      `train LR ${best.train.toFixed(3)} s (Adam, ${epochs} epochs, batch ${batchSize}), total ${(best.vectorise + best.train).toFixed(2)} s, final cost ${best.cost.toPrecision(8)}`,
  );
  if (py) {
    console.log(
      `  Python  vectorise ${py.vectorise.toFixed(2)} s (${py.size} words, ${py.nnz} stored entries; ${py.tool}), ` +
        `train LR ${py.train.toFixed(3)} s (SciPy sparse), total ${(py.vectorise + py.train).toFixed(2)} s, final cost ${py.cost.toPrecision(8)}`,
    );
    const ratio = (best.vectorise + best.train) / (py.vectorise + py.train);
    console.log(
      `  lr2nn/Python: vectorise ${(best.vectorise / py.vectorise).toFixed(2)}×, train ${(best.train / py.train).toFixed(2)}×, total ${ratio.toFixed(2)}×; |Δ final cost| ${Math.abs(best.cost - py.cost).toExponential(1)}`,
    );
  } else console.log(`  ${pyNote}`);
  if (py) {
    const trainRatio = best.train / py.train;
    console.log(
      `  ${trainRatio <= TRAIN_RATIO ? "PASS" : "MISS"}  training ≤ ${TRAIN_RATIO}× SciPy's (issue #23): ${trainRatio.toFixed(2)}×`,
    );
  }
  const total = best.vectorise + best.train;
  console.log(
    `  ${total <= TEXT_SECONDS ? "PASS" : "MISS"}  vectorise + train the spam logistic regression ≤ ${TEXT_SECONDS} s: ${total.toFixed(2)} s`,
  );
  console.log(
    `  ${memory <= 1024 ? "PASS" : "MISS"}  memory (this process's resident set, corpus loaded) ≤ 1 GB: ${memory.toFixed(0)} MB`,
  );
}
