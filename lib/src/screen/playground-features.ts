/**
 * The last hidden layer's feature space, as the playground draws it: every point at its features
 * a = A^[L−1] (the last hidden layer's outputs, or the inputs when there is no hidden layer), and the output
 * unit's decision z = w·a + b = 0 — a logistic regression on the learned features, whose line separates the
 * classes when the hidden layers have learned features that make them linearly separable.
 *
 * The picture is exact in every case; only the axes change with the layer's width H:
 *   H = 2   the axes are a₁ and a₂ themselves; the line w₁a₁ + w₂a₂ + b = 0;
 *   H = 1   the axes are a₁ and ŷ = σ(w₁a₁ + b): each point on the sigmoid curve, the line at a₁ = −b/w₁;
 *   H ≥ 3   the axes are two directions of the H-dimensional space: s along w/‖w‖ and t, the direction
 *           orthogonal to w along which the points spread the most (the top principal direction of the
 *           features with the w direction taken out). z = ‖w‖·s + b depends on s only, so the decision
 *           "boundary" is the vertical line s = −b/‖w‖, and the points' horizontal positions are exactly
 *           z/‖w‖ shifted: what the output unit sees.
 * In every case the heat map is σ(cx·x + cy·y + c0) over the view, the probability the output unit gives.
 */
import { Matrix } from "../core/matrix";

/** The view: the points' coordinates, the axes' names and ranges, and the output unit's z over the view. */
export interface FeatureSpace {
  xLabel: string;
  yLabel: string;
  /** The training and test points' coordinates (x[j], y[j] for point j). */
  train: { x: Float64Array; y: Float64Array };
  test: { x: Float64Array; y: Float64Array };
  xRange: [number, number];
  yRange: [number, number];
  /** z = cx·x + cy·y + c0 at a point (x, y) of the view; ŷ = σ(z); the line is z = 0. */
  cx: number;
  cy: number;
  c0: number;
  /** H = 1: the view's y is ŷ itself (draw the sigmoid curve). */
  yIsOutput: boolean;
  /** H ≥ 3: the unit direction t (length H) used for y, kept so the next frame keeps its sign. */
  axis: Float64Array | null;
}

/**
 * The feature-space view of `Atrain` and `Atest` (H×m each) for the output unit's weights w (1×H) and bias b.
 * `inputLabels` names the axes when the features are the inputs (no hidden layer); `previous` is the last
 * frame's t direction (its sign is kept so the picture does not flip).
 */
export function featureSpace(
  Atrain: Matrix,
  Atest: Matrix,
  w: Matrix,
  b: number,
  inputLabels: string[] | null,
  previous: Float64Array | null,
): FeatureSpace {
  const H = Atrain.rows;
  const name = (i: number): string => (inputLabels ? (inputLabels[i] as string) : `a${sub(i + 1)}`);
  if (H === 2) {
    const rows = (A: Matrix) => ({
      x: A.data.slice(0, A.cols),
      y: A.data.slice(A.cols, 2 * A.cols),
    });
    const train = rows(Atrain);
    const test = rows(Atest);
    return {
      xLabel: name(0),
      yLabel: name(1),
      train,
      test,
      xRange: paddedRangeOf([train.x, test.x]),
      yRange: paddedRangeOf([train.y, test.y]),
      cx: w.data[0] as number,
      cy: w.data[1] as number,
      c0: b,
      yIsOutput: false,
      axis: null,
    };
  }
  if (H === 1) {
    const w1 = w.data[0] as number;
    const on = (A: Matrix) => ({
      x: A.data.slice(),
      y: A.data.map((a) => 1 / (1 + Math.exp(-(w1 * a + b)))),
    });
    const train = on(Atrain);
    const test = on(Atest);
    return {
      xLabel: name(0),
      yLabel: "ŷ = σ(w·a + b)",
      train,
      test,
      xRange: paddedRangeOf([train.x, test.x]),
      yRange: [-0.05, 1.05],
      cx: w1,
      cy: 0,
      c0: b,
      yIsOutput: true,
      axis: null,
    };
  }
  // H ≥ 3: s along u = w/‖w‖, t along the top principal direction orthogonal to u.
  const norm = Math.hypot(...w.data);
  const u =
    norm > 0
      ? w.data.map((v) => v / norm)
      : Float64Array.from({ length: H }, (_, i) => (i === 0 ? 1 : 0));
  const t = orthogonalSpread(Atrain, u, previous);
  const project = (A: Matrix) => {
    const x = new Float64Array(A.cols);
    const y = new Float64Array(A.cols);
    for (let j = 0; j < A.cols; j++) {
      let s = 0;
      let r = 0;
      for (let i = 0; i < H; i++) {
        const a = A.data[i * A.cols + j] as number;
        s += (u[i] as number) * a;
        r += (t[i] as number) * a;
      }
      x[j] = s;
      y[j] = r;
    }
    return { x, y };
  };
  const train = project(Atrain);
  const test = project(Atest);
  return {
    xLabel: `s = w·a/‖w‖ (a = the ${H} features)`,
    yLabel: "t ⟂ w (the most spread)",
    train,
    test,
    xRange: paddedRangeOf([train.x, test.x]),
    yRange: paddedRangeOf([train.y, test.y]),
    cx: norm,
    cy: 0,
    c0: b,
    yIsOutput: false,
    axis: t,
  };
}

/** Subscript digits: 12 → "₁₂". */
function sub(n: number): string {
  return String(n).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[Number(d)] as string);
}

/**
 * The unit direction orthogonal to u along which the columns of A spread the most: the top eigenvector of
 * P·C·P (C the features' covariance, P = I − u·uᵀ), by power iteration, with the sign of `previous` kept.
 */
export function orthogonalSpread(
  A: Matrix,
  u: Float64Array,
  previous: Float64Array | null,
): Float64Array {
  const H = A.rows;
  const m = A.cols;
  const mean = new Float64Array(H);
  for (let i = 0; i < H; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += A.data[i * m + j] as number;
    mean[i] = s / m;
  }
  const C = new Float64Array(H * H);
  for (let i = 0; i < H; i++)
    for (let k = i; k < H; k++) {
      let s = 0;
      for (let j = 0; j < m; j++)
        s +=
          ((A.data[i * m + j] as number) - (mean[i] as number)) *
          ((A.data[k * m + j] as number) - (mean[k] as number));
      C[i * H + k] = C[k * H + i] = s / m;
    }
  const removeU = (v: Float64Array): Float64Array => {
    let d = 0;
    for (let i = 0; i < H; i++) d += (v[i] as number) * (u[i] as number);
    return v.map((x, i) => x - d * (u[i] as number));
  };
  const normalise = (v: Float64Array): Float64Array | null => {
    const n = Math.hypot(...v);
    return n > 1e-12 ? v.map((x) => x / n) : null;
  };
  // Start from the previous direction (it is usually close), else from a vector with every component.
  let v = normalise(
    removeU(
      previous && previous.length === H
        ? previous.slice()
        : Float64Array.from({ length: H }, (_, i) => 1 + i / H),
    ),
  );
  for (let i = 0; !v && i < H; i++)
    v = normalise(removeU(Float64Array.from({ length: H }, (_, k) => (k === i ? 1 : 0))));
  let t = v as Float64Array;
  for (let iter = 0; iter < 50; iter++) {
    const next = new Float64Array(H);
    for (let i = 0; i < H; i++) {
      let s = 0;
      for (let k = 0; k < H; k++) s += (C[i * H + k] as number) * (t[k] as number);
      next[i] = s;
    }
    const n = normalise(removeU(next));
    if (!n) break; // no spread left outside w: keep the start
    t = n;
  }
  if (previous && previous.length === H) {
    let d = 0;
    for (let i = 0; i < H; i++) d += (t[i] as number) * (previous[i] as number);
    if (d < 0) t = t.map((x) => -x);
  }
  return t;
}

/** The extent of the values of all `arrays`, with `pad` (10 %) of it added on each side (±0.5 around one value). */
export function paddedRangeOf(arrays: ArrayLike<number>[], pad = 0.1): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const values of arrays)
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  if (!(lo <= hi)) return [-1, 1];
  if (hi - lo < 1e-9) return [lo - 0.5, hi + 0.5];
  const d = (hi - lo) * pad;
  return [lo - d, hi + d];
}
