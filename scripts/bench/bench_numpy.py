"""The NumPy twin of scripts/bench.ts: the SAME algorithms on the SAME data, for a fair speed comparison.

Run by `npm run bench`, which writes the data, the initial weights and the mini-batch orders to a temporary
folder (manifest.json + raw float64/int32 files) and reads this script's JSON answer from stdout:
    python3 scripts/bench_numpy.py FOLDER [matmul | workload I]
bench.ts runs it with OPENBLAS_NUM_THREADS (and OMP_/MKL_) = 1, and = the number of cores: the products once
per thread count, and each workload once per round, right after the lib ran the same workload on as many
threads (lib, NumPy, lib, NumPy, …), so both see the same load. Without a mode: everything, best of repeats.
Each workload mirrors the lib's training loop (lib/src/models/train.ts) step for step: for every batch, forward,
cost (from the logits, stably), backward, update; mini-batches are the columns X[:, idx] in the order the lib
used. Written the way a NumPy user would write it (matrix products with @, whole-array operations).
"""
import json
import os
import sys
import time

import numpy as np


# Busy time before a timed run (the lib's side warms up as long): on the course's machines a process that was
# idle runs its next half second up to twice as slow (scripts/bench/NOTES.md, "Warm-up").
WARM_UP_SECONDS = 0.5


def load(folder, spec):
    """Reads one array written by bench.ts: {"file", "shape", "dtype"}."""
    dtype = np.float64 if spec["dtype"] == "f64" else np.int32
    return np.fromfile(os.path.join(folder, spec["file"]), dtype=dtype).reshape(spec["shape"])


def cross_entropy_of_logits(Z, Y):
    # max(z, 0) − z·y + ln(1 + e^(−|z|)), the lib's crossEntropyOfLogit
    return float(np.mean(np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))))


def sigmoid(Z):
    # the lib's overflow-safe form: 1/(1 + e^(−z)) for z ≥ 0, e^z/(1 + e^z) for z < 0
    e = np.exp(-np.abs(Z))
    return np.where(Z >= 0, 1 / (1 + e), e / (1 + e))


class GradientDescent:
    def __init__(self, lr):
        self.lr = lr

    def step(self, params, grads):
        for p, g in zip(params, grads):
            p -= self.lr * g


class Adam:
    def __init__(self, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.v = self.s = None
        self.t = 0

    def step(self, params, grads):
        if self.v is None:
            self.v = [np.zeros_like(p) for p in params]
            self.s = [np.zeros_like(p) for p in params]
        self.t += 1
        c1 = 1 - self.beta1 ** self.t
        c2 = 1 - self.beta2 ** self.t
        for p, g, v, s in zip(params, grads, self.v, self.s):
            v *= self.beta1
            v += (1 - self.beta1) * g
            s *= self.beta2
            s += (1 - self.beta2) * g * g
            p -= self.lr * (v / c1) / (np.sqrt(s / c2) + self.eps)


def make_optimizer(spec):
    if spec["name"] == "gradientDescent":
        return GradientDescent(spec["learningRate"])
    if spec["name"] == "adam":
        return Adam(spec["learningRate"])
    raise ValueError(spec["name"])


def network_cost_and_gradients(W, b, activation, X, Y):
    """Forward, cost, backward of the lib's NeuralNetwork (sigmoid output, cross-entropy)."""
    m = X.shape[1]
    L = len(W)
    A = [X]
    Z = []
    for l in range(L):
        z = W[l] @ A[l] + b[l]
        Z.append(z)
        if l == L - 1:
            A.append(sigmoid(z))
        elif activation == "tanh":
            A.append(np.tanh(z))
        else:  # relu
            A.append(np.maximum(z, 0))
    cost = cross_entropy_of_logits(Z[-1], Y)
    dW = [None] * L
    db = [None] * L
    dZ = A[-1] - Y
    for l in range(L - 1, -1, -1):
        dW[l] = (dZ @ A[l].T) / m
        db[l] = dZ.sum(axis=1, keepdims=True) / m
        if l > 0:
            dA = W[l].T @ dZ
            dZ = dA * (1 - A[l] ** 2) if activation == "tanh" else dA * (Z[l - 1] > 0)
    grads = []
    for l in range(L):
        grads += [dW[l], db[l]]
    return cost, grads


def logistic_cost_and_gradients(w, b, X, Y):
    """The lib's LogisticRegression: z = w·X + b, J from the logits, dw = (a − y)·Xᵀ/m, db = Σ(a − y)/m."""
    m = X.shape[1]
    Z = w @ X + b
    cost = cross_entropy_of_logits(Z, Y)
    dZ = (sigmoid(Z) - Y) / m
    return cost, [dZ @ X.T, np.full((1, 1), dZ.sum())]


def run_workload(folder, wl):
    X = load(folder, wl["X"])
    Y = load(folder, wl["Y"])
    orders = load(folder, wl["orders"]) if wl.get("orders") else None
    m = X.shape[1]
    batch = wl.get("batchSize") or m
    if wl["kind"] == "network":
        W = [load(folder, s).copy() for s in wl["W"]]
        b = [load(folder, s).copy() for s in wl["b"]]
        params = [p for pair in zip(W, b) for p in pair]

        def cost_and_grads(Xb, Yb):
            return network_cost_and_gradients(W, b, wl["activation"], Xb, Yb)
    else:
        w = load(folder, wl["w"]).copy()
        bb = load(folder, wl["bias"]).copy()
        params = [w, bb]

        def cost_and_grads(Xb, Yb):
            return logistic_cost_and_gradients(w, bb, Xb, Yb)

    opt = make_optimizer(wl["optimizer"])
    costs = []
    start = time.perf_counter()
    for epoch in range(wl["epochs"]):
        total = 0.0
        batches = 0
        for s in range(0, m, batch):
            if batch >= m:
                Xb, Yb = X, Y
            else:
                idx = orders[epoch, s : s + batch]
                Xb, Yb = X[:, idx], Y[:, idx]
            cost, grads = cost_and_grads(Xb, Yb)
            opt.step(params, grads)
            total += cost
            batches += 1
        costs.append(total / batches)
    seconds = time.perf_counter() - start
    return seconds, costs


def time_matmul(m, k, n, seconds_target=0.2):
    rng = np.random.default_rng(0)
    A = rng.standard_normal((m, k))
    B = rng.standard_normal((k, n))
    for _ in range(3):
        A @ B
    reps = 1
    while True:
        t = time.perf_counter()
        for _ in range(reps):
            A @ B
        dt = time.perf_counter() - t
        if dt > seconds_target / 5 or reps > 1e6:
            break
        reps *= 4
    best = dt / reps
    for _ in range(4):
        t = time.perf_counter()
        for _ in range(reps):
            A @ B
        best = min(best, (time.perf_counter() - t) / reps)
    return best


def main():
    """FOLDER matmul: the products' timings. FOLDER workload I: workload I in runs of at most 2 epochs for
    WARM_UP_SECONDS (a warm-up), then once timed (bench.ts calls it round after round, between the lib's runs of the same workload)."""
    folder = sys.argv[1]
    mode = sys.argv[2] if len(sys.argv) > 2 else "all"
    with open(os.path.join(folder, "manifest.json")) as f:
        manifest = json.load(f)
    out = {"python": sys.executable, "numpy": np.__version__, "matmul": [], "workloads": []}
    if mode in ("all", "matmul"):
        for s in manifest["matmul"]:
            out["matmul"].append({"name": s["name"], "seconds": time_matmul(s["m"], s["k"], s["n"])})
    if mode == "workload":
        wl = manifest["workloads"][int(sys.argv[3])]
        # warm-up, untimed: runs of at most 2 epochs for WARM_UP_SECONDS, as the lib's side (scripts/bench.ts)
        start = time.perf_counter()
        while True:
            run_workload(folder, dict(wl, epochs=min(wl["epochs"], 2)))
            if time.perf_counter() - start >= WARM_UP_SECONDS:
                break
        seconds, costs = run_workload(folder, wl)
        out["workloads"].append({"name": wl["name"], "seconds": seconds, "finalCost": costs[-1], "firstCost": costs[0]})
    if mode == "all":
        for wl in manifest["workloads"]:
            best = None
            costs = None
            for _ in range(wl["repeats"]):
                seconds, costs = run_workload(folder, wl)
                best = seconds if best is None else min(best, seconds)
            out["workloads"].append({"name": wl["name"], "seconds": best, "finalCost": costs[-1], "firstCost": costs[0]})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
