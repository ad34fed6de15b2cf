/**
 * Checkers for 08-multi-layer-network: the L-layer forward pass, the number of parameters of a network, and
 * two weight initialisations: He, N(0, 2/nˡ⁻¹), and Glorot (Xavier), N(0, 2/(nˡ⁻¹ + nˡ)).
 */
import { Matrix } from "../core/matrix";
import { Rng } from "../core/random";
import { relu, sigmoid } from "../learning/activations";
import { Case, exercise } from "./check";

type ForwardArgs = [Matrix, Matrix[], Matrix[], (z: number) => number];

/** A seeded network's W and b for the given layer sizes (biases not 0, so a forgotten b shows). */
function layers(sizes: number[], seed: number): { W: Matrix[]; b: Matrix[] } {
  const r = new Rng(seed);
  const W: Matrix[] = [];
  const b: Matrix[] = [];
  for (let l = 1; l < sizes.length; l++) {
    W.push(Matrix.normal(sizes[l] as number, sizes[l - 1] as number, r, 0, 0.9));
    b.push(Matrix.normal(sizes[l] as number, 1, r, 0, 0.4));
  }
  return { W, b };
}

/** The forward pass with switches for the classic mistakes. */
function forward(
  X: Matrix,
  W: Matrix[],
  b: Matrix[],
  hidden: (z: number) => number,
  out: ((z: number) => number) | null,
  useB = true,
): Matrix {
  let A = X;
  W.forEach((Wl, k) => {
    const Z = useB ? Wl.matmul(A).add(b[k] as Matrix) : Wl.matmul(A);
    const last = k === W.length - 1;
    A = last ? (out ? Z.map(out) : Z) : Z.map(hidden);
  });
  return A;
}

/**
 * A^[L] for Z^[l] = W^[l]A^[l−1] + b^[l], A^[l] = g(Z^[l]) for hidden layers and σ for the last. Recognises Z^[L]
 * (no final σ), g on the output too, σ in every layer, forgotten biases.
 */
export const checkLayersForward = exercise<ForwardArgs, Matrix>({
  name: "myLayersForward",
  verified:
    "myLayersForward matches the L-layer forward pass on [2, 4, 3, 1] (tanh), [3, 5, 1] (ReLU) and [2, 1] (no hidden layer)",
  params: ["X", "W", "b", "g"],
  hint: "start with A = X; for each layer k: Z = W[k].matmul(A).add(b[k]), then A = Z.map(g), except the last layer, where A = Z.map(sigmoid); return A",
  cases: (
    [
      [[2, 4, 3, 1], "tanh", 1, 5],
      [[3, 5, 1], "relu", 2, 4],
      [[2, 1], "tanh", 3, 6],
    ] as [number[], string, number, number][]
  ).map(([sizes, gName, seed, m]): Case<ForwardArgs> => {
    const { W, b } = layers(sizes, seed);
    const X = Matrix.normal(sizes[0] as number, m, new Rng(seed + 10));
    const g = gName === "tanh" ? Math.tanh : relu;
    const hidden = sizes.length > 2;
    return {
      input: `layer sizes [${sizes.join(", ")}], g = ${gName}, X ${sizes[0]}×${m}`,
      args: () => [X.clone(), W.map((w) => w.clone()), b.map((v) => v.clone()), g],
      expected: forward(X, W, b, g, sigmoid),
      mistakes: [
        {
          value: forward(X, W, b, g, null),
          hint: "that is Z^[L], the last layer's weighted sums: the output layer applies σ, A^[L] = σ(Z^[L])",
        },
        ...(hidden
          ? [
              {
                value: forward(X, W, b, g, g),
                hint: "the last layer uses σ, not g: A^[L] = σ(Z^[L]) is the probability; g is for the hidden layers only",
              },
              {
                value: forward(X, W, b, sigmoid, sigmoid),
                hint: "the hidden layers use g (the function passed in), not σ: A = Z.map(g) for every layer but the last",
              },
            ]
          : []),
        {
          value: forward(X, W, b, g, sigmoid, false),
          hint: "the biases are missing: Z^[l] = W^[l]A^[l−1] + b^[l] (add repeats the column b^[l] across the examples)",
        },
      ],
    };
  }),
});

/** Σₗ nˡ(nˡ⁻¹ + 1); recognises the weights alone, one bias per input, and the square sizes. */
export const checkNumParameters = exercise<[number[]], number>({
  name: "myNumParameters",
  verified:
    "myNumParameters counts Σ nˡ·(nˡ⁻¹ + 1) for [2, 8, 8, 1] (105), [784, 64, 32, 1] (52,353), [2, 1] (3) and [3, 5, 4, 2, 1]",
  params: ["layerSizes"],
  hint: "for l = 1 … L: layer l has a weight matrix of nˡ×nˡ⁻¹ entries and nˡ biases; add them up",
  cases: [
    [2, 8, 8, 1],
    [784, 64, 32, 1],
    [2, 1],
    [3, 5, 4, 2, 1],
  ].map((sizes): Case<[number[]]> => {
    const sum = (f: (nIn: number, nOut: number) => number) =>
      sizes.slice(1).reduce((s, n, k) => s + f(sizes[k] as number, n), 0);
    return {
      input: `layerSizes = [${sizes.join(", ")}]`,
      args: () => [[...sizes]],
      expected: sum((nIn, nOut) => nOut * (nIn + 1)),
      mistakes: [
        {
          value: sum((nIn, nOut) => nOut * nIn),
          hint: "that counts the weights only: each layer also has one bias per unit, nˡ of them",
        },
        {
          value: sum((nIn, nOut) => (nOut + 1) * nIn),
          hint: "one bias per unit of the layer (nˡ), not per input: layer l has nˡ·nˡ⁻¹ + nˡ parameters",
        },
        {
          value: sizes.reduce((s, n) => s + n * (n + 1), 0),
          hint: "W^[l] is nˡ×nˡ⁻¹, this layer's size times the previous one's: use sizes[l] and sizes[l − 1]",
        },
      ],
    };
  }),
});

type InitArgs = [number, number, Rng];
const initCases = [
  [5, 3, 1],
  [4, 8, 2],
  [1, 6, 3],
] as const;

/** The draws an initialiser should make: N(0, 1)·std, nOut×nIn, from the seeded rng. */
const draw = (nOut: number, nIn: number, seed: number, std: number) =>
  Matrix.normal(nOut, nIn, new Rng(seed), 0, std);

function initChecker(
  name: string,
  label: string,
  std: (nIn: number, nOut: number) => number,
  formula: string,
  others: [string, (nIn: number, nOut: number) => number, string][],
) {
  return exercise<InitArgs, Matrix>({
    name,
    verified: `${name}(nOut, nIn, r) draws an nOut×nIn matrix of N(0, 1)·${formula} from r (${label}), for 3 layer shapes`,
    params: ["nOut", "nIn", "r"],
    hint: `Matrix.normal(nOut, nIn, r, 0, std) with std = ${formula}`,
    cases: initCases.map(([nOut, nIn, seed]): Case<InitArgs> => ({
      input: `nOut = ${nOut}, nIn = ${nIn}, r = rng(${seed})`,
      args: () => [nOut, nIn, new Rng(seed)],
      expected: draw(nOut, nIn, seed, std(nIn, nOut)),
      rtol: 1e-9,
      mistakes: [
        ...others.map(([what, s, hint]) => ({
          value: draw(nOut, nIn, seed, s(nIn, nOut)),
          hint: `that is ${what}: ${hint}`,
        })),
        {
          value: draw(nOut, nIn, seed, std(nIn, nOut) ** 2),
          hint: `the standard deviation is ${formula}, a square root: you used the variance`,
        },
        {
          value: draw(nOut, nIn, seed, 1),
          hint: `those are plain N(0, 1) draws: multiply them by ${formula}`,
        },
      ],
    })),
  });
}

/** He: W ~ N(0, 1)·√(2/nˡ⁻¹); recognises LeCun's √(1/n), the variance 2/n, nOut for nIn, Glorot's scale. */
export const checkHeInit = initChecker(
  "myHeInit",
  "He, for ReLU",
  (nIn) => Math.sqrt(2 / nIn),
  "√(2/nIn)",
  [
    [
      "LeCun's scale √(1/nIn) (the library's \"lecun\")",
      (nIn) => Math.sqrt(1 / nIn),
      "He doubles the variance for ReLU, √(2/nIn)",
    ],
    [
      "√(2/nOut)",
      (_nIn, nOut) => Math.sqrt(2 / nOut),
      "He scales by the number of inputs of the layer, nIn (the columns of W)",
    ],
    [
      "Glorot's scale √(2/(nIn + nOut))",
      (nIn, nOut) => Math.sqrt(2 / (nIn + nOut)),
      "He looks at the inputs only, √(2/nIn)",
    ],
  ],
);

/** Glorot (Xavier): W ~ N(0, 1)·√(2/(nˡ⁻¹ + nˡ)); recognises LeCun's √(1/nIn), He's √(2/nIn), √(6/(nIn + nOut)). */
export const checkGlorotInit = initChecker(
  "myGlorotInit",
  "Glorot, also called Xavier",
  (nIn, nOut) => Math.sqrt(2 / (nIn + nOut)),
  "√(2/(nIn + nOut))",
  [
    [
      "LeCun's scale √(1/nIn) (the library's \"lecun\")",
      (nIn) => Math.sqrt(1 / nIn),
      "Glorot averages the inputs and outputs, √(2/(nIn + nOut))",
    ],
    [
      "He's scale √(2/nIn)",
      (nIn) => Math.sqrt(2 / nIn),
      "Glorot divides by nIn + nOut, not nIn alone",
    ],
    [
      "√(6/(nIn + nOut))",
      (nIn, nOut) => Math.sqrt(6 / (nIn + nOut)),
      "that is the limit of Glorot's *uniform* version, U(−limit, limit); for normal draws the standard deviation is √(2/(nIn + nOut))",
    ],
    [
      "√(1/(nIn + nOut))",
      (nIn, nOut) => Math.sqrt(1 / (nIn + nOut)),
      "the numerator is 2: √(2/(nIn + nOut))",
    ],
  ],
);
