"""The Python twin of scripts/bench-text.ts: the same texts, vocabulary rules, initial weights (zeros) and
mini-batch orders, vectorised with `re` (or scikit-learn's CountVectorizer where installed) into a SciPy sparse
matrix, and the same logistic regression trained with Adam. Prints one JSON line.
    python3 scripts/bench_text.py FOLDER
"""
import json
import os
import re
import sys
import time
import unicodedata

import numpy as np
import scipy.sparse as sp

WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def tokenize(text):
    t = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return [w for w in WORD.findall(t) if len(w) <= 30]


def vectorise(texts, min_df, max_size):
    """0/1 bag of words, words in ≥ min_df documents, the max_size most frequent; X is n×m (CSR of Xᵀ kept)."""
    tokens = [set(tokenize(t)) for t in texts]
    df = {}
    for ts in tokens:
        for w in ts:
            df[w] = df.get(w, 0) + 1
    ranked = sorted((w for w in df if df[w] >= min_df), key=lambda w: (-df[w], w))[:max_size]
    index = {w: i for i, w in enumerate(ranked)}
    indptr, indices = [0], []
    for ts in tokens:
        row = sorted(index[w] for w in ts if w in index)
        indices.extend(row)
        indptr.append(len(indices))
    XT = sp.csr_matrix((np.ones(len(indices)), np.array(indices, dtype=np.int32), np.array(indptr)), shape=(len(texts), len(ranked)))
    return XT, len(ranked)


def train(XT, y, orders, epochs, batch, lr):
    m, n = XT.shape
    w = np.zeros(n)
    b = 0.0
    mw, vw, mb, vb = np.zeros(n), np.zeros(n), 0.0, 0.0
    b1, b2, eps = 0.9, 0.999, 1e-8
    t = 0
    costs = []
    for e in range(epochs):
        total, batches = 0.0, 0
        for s in range(0, m, batch):
            idx = orders[e, s : s + batch]
            Xb, yb = XT[idx], y[idx]
            z = Xb @ w + b
            total += float(np.mean(np.maximum(z, 0) - z * yb + np.log1p(np.exp(-np.abs(z)))))
            ez = np.exp(-np.abs(z))
            a = np.where(z >= 0, 1 / (1 + ez), ez / (1 + ez))
            dz = a - yb
            dw = (Xb.T @ dz) / len(idx)
            db = float(np.sum(dz)) / len(idx)
            t += 1
            mw = b1 * mw + (1 - b1) * dw
            vw = b2 * vw + (1 - b2) * dw * dw
            mb = b1 * mb + (1 - b1) * db
            vb = b2 * vb + (1 - b2) * db * db
            c1, c2 = 1 - b1**t, 1 - b2**t
            w -= lr * (mw / c1) / (np.sqrt(vw / c2) + eps)
            b -= lr * (mb / c1) / (np.sqrt(vb / c2) + eps)
            batches += 1
        costs.append(total / batches)
    return costs


def main():
    folder = sys.argv[1]
    spec = json.load(open(os.path.join(folder, "spec.json")))
    texts = json.load(open(os.path.join(folder, "texts.json")))
    y = np.fromfile(os.path.join(folder, "y.f64"))
    orders = np.fromfile(os.path.join(folder, "orders.i32"), dtype=np.int32).reshape(spec["epochs"], len(texts))
    tool = "re + SciPy (scikit-learn is not installed)"
    try:
        import sklearn  # noqa: F401

        tool = "re + SciPy (scikit-learn is installed but its tokeniser differs: the lib's rules are mirrored)"
    except ImportError:
        pass
    best = None
    for _ in range(spec["repeats"]):
        t0 = time.perf_counter()
        XT, size = vectorise(texts, spec["minDf"], spec["maxSize"])
        t1 = time.perf_counter()
        costs = train(XT, y, orders, spec["epochs"], spec["batchSize"], spec["learningRate"])
        t2 = time.perf_counter()
        run = {"vectorise": t1 - t0, "train": t2 - t1, "cost": costs[-1], "size": size, "nnz": int(XT.nnz), "tool": tool}
        if best is not None:  # each phase's best over the repeats, as the lib's side does
            run["vectorise"] = min(run["vectorise"], best["vectorise"])
            run["train"] = min(run["train"], best["train"])
        best = run
    json.dump(best, sys.stdout)


if __name__ == "__main__":
    main()
