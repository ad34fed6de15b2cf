/**
 * Checkers for 11-spam-and-sentiment: a bag of words (counts of each vocabulary word, unknown words ignored) and
 * the logit of a sparse document z = Σ_k w[index[k]]·value[k] + b (only the stored entries).
 */
import { Case, exercise } from "./check";

type Bag = [string[], string[]];

const bag = (
  tokens: readonly string[],
  words: readonly string[],
  binary = false,
  unknownLast = false,
) => {
  const counts = words.map((w) => tokens.filter((t) => t === w).length);
  const out = binary ? counts.map((c) => (c > 0 ? 1 : 0)) : counts;
  return unknownLast ? [...out, tokens.filter((t) => !words.includes(t)).length] : out;
};

/** counts[i] = how many tokens equal words[i]; recognises 0/1 presence, and an extra "unknown" slot. */
export const checkBagOfWords = exercise<Bag, number[]>({
  name: "myBagOfWords",
  verified:
    "myBagOfWords counts each vocabulary word on 4 token lists, with repeats, unknown words and no tokens at all",
  params: ["tokens", "words"],
  hint: "make a list of words.length zeros; for each token, find its position i in words (words.indexOf(t)) and, if it is there (i ≥ 0), add 1 at i",
  cases: [
    [
      ["not", "good", "not", "bad"],
      ["bad", "good", "not", "the"],
    ],
    [
      ["free", "money", "free", "free", "click"],
      ["free", "money", "meeting"],
    ],
    [
      ["zebra", "quokka"],
      ["good", "bad"],
    ],
    [[], ["good", "bad"]],
  ].map(([tokens, words]): Case<Bag> => {
    const t = tokens as string[];
    const w = words as string[];
    return {
      input: `tokens = ${JSON.stringify(t)}, words = ${JSON.stringify(w)}`,
      args: () => [[...t], [...w]],
      expected: bag(t, w),
      mistakes: [
        ...(bag(t, w, true).join() !== bag(t, w).join()
          ? [
              {
                value: bag(t, w, true),
                hint: "that is 0/1 presence (binary): here each entry counts how many times the word occurs",
              },
            ]
          : []),
        {
          value: bag(t, w, false, true),
          hint: "the vector has one entry per vocabulary word (words.length), no extra slot: unknown tokens are simply skipped",
        },
      ],
    };
  }),
});

type SparseLogit = [number[], number, number[], number[]];

/** z = Σ_k w[index[k]]·value[k] + b; recognises a missing b, w[k] instead of w[index[k]], and Σ w·x over all words. */
export const checkSparseLogit = exercise<SparseLogit, number>({
  name: "mySparseLogit",
  verified:
    "mySparseLogit gives w·x + b from the stored entries only, on 3 documents (one with no known word)",
  params: ["w", "b", "index", "value"],
  hint: "start from z = b; for each stored entry k, add w[index[k]] * value[k] (the weight of the word in row index[k] times its value)",
  cases: [
    [[0.5, -1, 2, 0.25, -0.75], 0.1, [1, 2, 4], [1, 1, 1]],
    [[0.3, 1.2, -0.4, 2.5, 0.05, -1.5], -0.2, [0, 3, 5], [2, 1, 3]],
    [[1, 2, 3], 0.7, [], []],
  ].map(([w, b, index, value]): Case<SparseLogit> => {
    const wl = w as number[];
    const bb = b as number;
    const il = index as number[];
    const vl = value as number[];
    const sum = (useIndex: boolean) =>
      il.reduce((s, i, k) => s + (wl[useIndex ? i : k] as number) * (vl[k] as number), 0);
    return {
      input: `w = [${wl}], b = ${bb}, index = [${il}], value = [${vl}]`,
      args: () => [[...wl], bb, [...il], [...vl]],
      expected: sum(true) + bb,
      mistakes: [
        ...(il.length ? [{ value: sum(true), hint: "b is missing: z = w·x + b" }] : []),
        ...(il.length
          ? [
              {
                value: sum(false) + bb,
                hint: "w[k] is the weight of word k of the vocabulary; entry k of the document is word index[k], so use w[index[k]]",
              },
            ]
          : []),
        ...(il.length
          ? [
              {
                value: wl.reduce((s, x) => s + x, 0) + bb,
                hint: "that adds every weight: only the words the document contains count, each times its value",
              },
            ]
          : []),
      ],
    };
  }),
});
