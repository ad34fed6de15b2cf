/**
 * Checkers for 01-sigmoid: σ(z), σ′(z) = σ(z)(1 − σ(z)), and the stable σ that never computes e to a positive
 * power.
 */
import { sigmoid, sigmoidDer } from "../learning/activations";
import { Case, exercise, shortNumber } from "./check";

const at = (z: number) => `z = ${z}`;

/** σ(z) = 1 / (1 + e^(−z)); recognises a wrong sign, a missing parenthesis, e^(−z) alone, a minus for the plus. */
export const checkSigmoid = exercise<[number], number>({
  name: "mySigmoid",
  verified: "mySigmoid(z) = 1/(1 + e^(−z)) on 6 values of z from −800 to 800, including σ(0) = 0.5",
  params: ["z"],
  hint: "compare your code with σ(z) = 1/(1 + e^(−z)) term by term: Math.exp(-z) is e^(−z)",
  nanHint:
    "NaN means Infinity/Infinity: e^z/(1 + e^z) overflows for large z; write 1 / (1 + Math.exp(-z))",
  cases: [0, 2, -3, 0.5, 800, -800].map((z): Case<[number]> => ({
    input: at(z),
    args: () => [z],
    expected: sigmoid(z),
    mistakes: [
      {
        value: 1 + Math.exp(-z),
        hint: "you computed 1 + e^(−z): `1 / 1 + Math.exp(-z)` divides 1 by 1 first; put the denominator in parentheses, 1 / (1 + Math.exp(-z))",
      },
      {
        value: sigmoid(-z),
        hint: "that is σ(−z), the sign of the exponent is flipped: σ(z) = 1/(1 + e^(−z)) needs Math.exp(-z), not Math.exp(z)",
      },
      { value: Math.exp(-z), hint: "that is e^(−z) alone: σ(z) is 1 divided by (1 + e^(−z))" },
      {
        value: 1 / (1 - Math.exp(-z)),
        hint: "the denominator is 1 + e^(−z), with a plus: you wrote 1 − e^(−z)",
      },
    ],
  })),
});

/** σ′(z) = σ(z)(1 − σ(z)); recognises σ alone, z(1 − z), σ(1 + σ), σ², 1 − σ, and NaN from the quotient form. */
export const checkSigmoidDer = exercise<[number], number>({
  name: "mySigmoidDer",
  verified:
    "mySigmoidDer(z) = σ(z)(1 − σ(z)) on 6 values of z from −800 to 30, with its peak σ′(0) = 0.25",
  params: ["z"],
  hint: "the boxed formula: first a = sigmoid(z), then return a * (1 - a)",
  nanHint:
    "NaN at a large |z|: the quotient e^(−z)/(1 + e^(−z))² is Infinity/Infinity there; compute a = sigmoid(z) and return a * (1 - a)",
  cases: [0, 2, -1.5, 5, 30, -800].map((z): Case<[number]> => {
    const a = sigmoid(z);
    return {
      input: at(z),
      args: () => [z],
      expected: sigmoidDer(z),
      atol: 1e-15,
      mistakes: [
        {
          value: z * (1 - z),
          hint: "you used z in the formula where a = σ(z) belongs: compute a = sigmoid(z) first, then a * (1 - a)",
        },
        { value: a, hint: "that is σ(z) itself, not its slope: multiply by (1 − σ(z))" },
        {
          value: a * (1 + a),
          hint: "the second factor is (1 − σ(z)), with a minus: you wrote (1 + σ(z))",
        },
        { value: a * a, hint: "that is σ(z)²: the second factor is (1 − σ(z)), not σ(z)" },
        { value: 1 - a, hint: "that is only 1 − σ(z): multiply it by σ(z)" },
      ],
    };
  }),
});

/**
 * The stable σ: 1/(1 + e^(−z)) for z ≥ 0, e^z/(1 + e^z) for z < 0. Recognises the plain formula (0 at z = −720,
 * where e^720 overflows) and the e^z form everywhere (NaN at z = 800).
 */
export const checkStableSigmoid = exercise<[number], number>({
  name: "myStableSigmoid",
  verified: `myStableSigmoid(z) matches σ(z) on 7 values of z, keeps σ(−720) ≈ ${shortNumber(sigmoid(-720))} (not 0) and gives 1 at z = 800 (not NaN)`,
  params: ["z"],
  hint: "two branches: for z ≥ 0 return 1 / (1 + Math.exp(-z)); for z < 0 compute e = Math.exp(z) and return e / (1 + e)",
  cases: [0, 3, -3, -40, 800, -720, -800].map((z): Case<[number]> => ({
    input: at(z),
    args: () => [z],
    expected: sigmoid(z),
    rtol: 1e-9,
    atol: 0,
    mistakes: [
      ...(z === -720
        ? [
            {
              value: 0,
              hint: "0 at z = −720 means e^(−z) = e^720 overflowed to Infinity (the plain formula): for z < 0 use e^z / (1 + e^z), whose e^z is tiny but not 0",
            },
          ]
        : []),
      ...(z === 800
        ? [
            {
              value: NaN,
              hint: "NaN at z = 800: e^z/(1 + e^z) is Infinity/Infinity there; use it only for z < 0, and 1/(1 + e^(−z)) for z ≥ 0",
            },
          ]
        : []),
      { value: sigmoid(-z), hint: "that is σ(−z): check the sign of the exponent in each branch" },
    ],
  })),
});
