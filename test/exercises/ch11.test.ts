// The checkers of 11-spam-and-sentiment: each accepts the right code (✔), says "not yet" for an untouched stub,
// and rejects typical wrong answers with the hint that names the mistake.
import { test } from "node:test";
import { notYet } from "../../lib/src/exercises/check";
import { checkBagOfWords, checkSparseLogit } from "../../lib/src/exercises/ch11";
import { expectFail, expectNotYet, expectPass } from "./helpers";

const bag = (tokens: string[], words: string[]) =>
  words.map((w) => tokens.filter((t) => t === w).length);

test("checkBagOfWords: counts pass; 0/1 presence, an extra unknown slot and a changed input fail", () => {
  expectPass(checkBagOfWords, bag);
  expectPass(checkBagOfWords, (tokens, words) => {
    const counts = words.map(() => 0);
    for (const t of tokens) if (words.includes(t)) counts[words.indexOf(t)] += 1;
    return counts;
  });
  expectNotYet(
    checkBagOfWords,
    () => {
      throw notYet();
    },
    "myBagOfWords",
  );
  const at = 'tokens = ["not","good","not","bad"], words = ["bad","good","not","the"]';
  expectFail(
    checkBagOfWords,
    (tokens, words) => bag(tokens, words).map((c) => (c > 0 ? 1 : 0)),
    at,
    /0\/1 presence/,
  );
  expectFail(
    checkBagOfWords,
    (tokens, words) => [...bag(tokens, words), tokens.filter((t) => !words.includes(t)).length],
    at,
    /no extra slot/,
  );
  expectFail(
    checkBagOfWords,
    (tokens, words) => {
      const b = bag(tokens, words);
      tokens.pop();
      return b;
    },
    at,
    /changed its input tokens/,
  );
});

const logit = (w: number[], b: number, index: number[], value: number[]) =>
  index.reduce((s, i, k) => s + w[i]! * value[k]!, b);

test("checkSparseLogit: Σ w[index[k]]·value[k] + b passes; no b, w[k] and all weights fail", () => {
  expectPass(checkSparseLogit, logit);
  expectNotYet(
    checkSparseLogit,
    () => {
      throw notYet();
    },
    "mySparseLogit",
  );
  const at = "w = [0.5,-1,2,0.25,-0.75], b = 0.1, index = [1,2,4], value = [1,1,1]";
  expectFail(
    checkSparseLogit,
    (w, b, index, value) => logit(w, b, index, value) - b,
    at,
    /b is missing/,
  );
  expectFail(
    checkSparseLogit,
    (w, b, index, value) => index.reduce((s, _, k) => s + w[k]! * value[k]!, b),
    at,
    /use w\[index\[k\]\]/,
  );
  expectFail(checkSparseLogit, (w, b) => w.reduce((s, x) => s + x, b), at, /adds every weight/);
});
