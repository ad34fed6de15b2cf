/**
 * Checkers for 06-why-hidden-layers: tanh′(z) = 1 − tanh²(z), ReLU(z) = max(0, z) and its slope, and the
 * hand-built 2-2-1 XOR network (OR and NAND hidden units, an AND output unit) for one point.
 */
import { reluDer, sigmoid, tanhDer } from "../learning/activations";
import { Case, exercise } from "./check";

const at = (z: number) => `z = ${z}`;

/** tanh′(z) = 1 − tanh²(z); recognises 1 − tanh z, tanh² z, 1 − z², 1 + tanh² z and σ's a(1 − a) applied to tanh. */
export const checkTanhDer = exercise<[number], number>({
  name: "myTanhDer",
  verified:
    "myTanhDer(z) = 1 − tanh²(z) on 6 values of z from −3 to 20, with its peak tanh′(0) = 1",
  params: ["z"],
  hint: "the table's formula: first t = Math.tanh(z), then return 1 - t * t",
  cases: [0.7, -0.5, 0, 2, -3, 20].map((z): Case<[number]> => {
    const t = Math.tanh(z);
    return {
      input: at(z),
      args: () => [z],
      expected: tanhDer(z),
      atol: 1e-15,
      mistakes: [
        {
          value: 1 - z * z,
          hint: "you squared z where tanh(z) belongs: compute t = Math.tanh(z) first, then 1 − t²",
        },
        { value: 1 - t, hint: "that is 1 − tanh(z): the tanh must be squared, 1 − tanh²(z)" },
        { value: t * t, hint: "that is tanh²(z) alone: the slope is 1 minus it" },
        {
          value: 1 + t * t,
          hint: "the formula is 1 − tanh²(z), with a minus: you wrote 1 + tanh²(z)",
        },
        {
          value: t * (1 - t),
          hint: "that is the sigmoid's a(1 − a) with a = tanh(z): tanh's own slope is 1 − tanh²(z)",
        },
        { value: Math.tanh(z), hint: "that is tanh(z) itself, not its slope: 1 − tanh²(z)" },
      ],
    };
  }),
});

/** ReLU(z) = max(0, z); recognises min(0, z), |z|, z itself and the slope (0/1) instead of the value. */
export const checkRelu = exercise<[number], number>({
  name: "myRelu",
  verified: "myRelu(z) = max(0, z) on 6 values of z from −4 to 3.5, with ReLU(0) = 0",
  params: ["z"],
  hint: "ReLU keeps z when it is positive and gives 0 otherwise: Math.max(0, z)",
  cases: [3.5, -4, 0, 0.25, -0.5, 2].map((z): Case<[number]> => ({
    input: at(z),
    args: () => [z],
    expected: Math.max(0, z),
    mistakes: [
      ...(z < 0
        ? [
            { value: z, hint: "a negative z came back unchanged: ReLU gives 0 for every z < 0" },
            { value: -z, hint: "that is |z|: ReLU gives 0 for z < 0, not −z" },
          ]
        : []),
      ...(z > 0
        ? [
            {
              value: 0,
              hint: "a positive z gave 0: did you write Math.min(0, z)? ReLU is Math.max(0, z)",
            },
            ...(z !== 1
              ? [
                  {
                    value: 1,
                    hint: "that is ReLU's slope (1 for z > 0), not its value: ReLU(z) = z for z > 0",
                  },
                ]
              : []),
          ]
        : []),
    ],
  })),
});

/** ReLU′(z) = 1 for z > 0, else 0 (0 at z = 0); recognises ReLU itself, 1 at z = 0 and the slope flipped. */
export const checkReluDer = exercise<[number], number>({
  name: "myReluDer",
  verified:
    "myReluDer(z) = 1 for z > 0, else 0, on 6 values of z from −4 to 3.5, taking 0 at the kink z = 0",
  params: ["z"],
  hint: "the table's rule: return z > 0 ? 1 : 0",
  cases: [3.5, -4, 0.25, -0.5, 0, 2].map((z): Case<[number]> => ({
    input: at(z),
    args: () => [z],
    expected: reluDer(z),
    mistakes: [
      ...(z === 0
        ? [
            {
              value: 1,
              hint: "at the kink z = 0 ReLU has no slope; the table (and the library) take 0 there: test z > 0, not z >= 0",
            },
          ]
        : []),
      ...(z > 0 && z !== 1
        ? [
            {
              value: z,
              hint: "that is ReLU(z) itself, not its slope: the slope is 1 for every z > 0",
            },
          ]
        : []),
      ...(z !== 0
        ? [
            {
              value: 1 - reluDer(z),
              hint: "the slope is flipped: 1 for z > 0 (the rising side), 0 for z < 0 (the flat side)",
            },
          ]
        : []),
    ],
  })),
});

/** The OR, NAND and AND units of the hand-built XOR network, for one point (x₁, x₂). */
function xorParts(x1: number, x2: number) {
  const h1 = sigmoid(20 * x1 + 20 * x2 - 10);
  const h2 = sigmoid(-20 * x1 - 20 * x2 + 30);
  return { h1, h2, zOut: 20 * h1 + 20 * h2 - 30 };
}

/**
 * ŷ = σ(20h₁ + 20h₂ − 30) with h₁ = σ(20x₁ + 20x₂ − 10) (OR) and h₂ = σ(−20x₁ − 20x₂ + 30) (NAND).
 * Recognises returning h₁ or h₂, a missing output σ, the NAND with +20 weights, and an OR for the output.
 */
export const checkXorByHand = exercise<[number, number], number>({
  name: "xorByHand",
  verified:
    "xorByHand gives XOR on the four corners (about 0, 1, 1, 0) and the right σ(20h₁ + 20h₂ − 30) at 2 points in between",
  params: ["x1", "x2"],
  hint: "three sigmoids: h1 = σ(20x₁ + 20x₂ − 10), h2 = σ(−20x₁ − 20x₂ + 30), then return σ(20h1 + 20h2 − 30)",
  cases: [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
    [0.3, 0.4],
    [0.9, 0.8],
  ].map(([x1, x2]): Case<[number, number]> => {
    const { h1, h2, zOut } = xorParts(x1 as number, x2 as number);
    const nandPlus = sigmoid(20 * (x1 as number) + 20 * (x2 as number) + 30);
    return {
      input: `x₁ = ${x1}, x₂ = ${x2}`,
      args: () => [x1 as number, x2 as number],
      expected: sigmoid(zOut),
      rtol: 1e-9,
      atol: 1e-12,
      mistakes: [
        {
          value: zOut,
          hint: "that is the output unit's weighted sum z = 20h₁ + 20h₂ − 30: apply σ to it",
        },
        {
          value: h1,
          hint: "that is h₁, the OR unit: the answer is the output unit, σ(20h₁ + 20h₂ − 30)",
        },
        {
          value: h2,
          hint: "that is h₂, the NAND unit: the answer is the output unit, σ(20h₁ + 20h₂ − 30)",
        },
        {
          value: sigmoid(
            20 * sigmoid(20 * (x1 as number) + 20 * (x2 as number) - 10) + 20 * nandPlus - 30,
          ),
          hint: "the NAND unit has weights −20 and bias +30: h₂ = σ(−20x₁ − 20x₂ + 30)",
        },
        {
          value: sigmoid(20 * h1 + 20 * h2 - 10),
          hint: "the output unit is an AND of h₁ and h₂: its bias is −30 (−10 makes it an OR)",
        },
      ],
    };
  }),
});
