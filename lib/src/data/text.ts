/**
 * Text to numbers: tokens, a vocabulary built from the training documents only, and the bag of words — a
 * sparse matrix X (n words × m documents, one column per document). Taught in: 11-spam-and-sentiment.
 *
 *   tokenize("Not good, NOT good!")         → ["not", "good", "not", "good"]   (lower case, letters and digits)
 *   with bigrams                            → … plus "not good", "good not", "not good"  (neighbouring pairs)
 *   TextVectorizer.fit(trainDocs, options)  the vocabulary: words in ≥ minDocumentFrequency training documents,
 *                                           the maxSize most frequent, and their document frequencies df
 *   vectorizer.transform(docs)              X, n×m sparse; X[i][j] by `weighting`:
 *       "binary"  1 if word i is in document j          "counts"  how many times
 *       "tfidf"   count · idf(i), idf(i) = ln((1 + N)/(1 + df(i))) + 1, each column scaled to length 1
 * A word never seen in training has no row: it is counted (`unknownCounts`), not an error.
 */
import { Matrix } from "../core/matrix";
import { Rng } from "../core/random";
import { SparseMatrix } from "../core/sparse";

/** How a document's words become numbers: present/absent, counted, or counted and weighted by rarity. */
export type Weighting = "binary" | "counts" | "tfidf";

/** Options of `tokenize`. */
export interface TokenizeOptions {
  /** Also emit each pair of neighbouring tokens, "not good" (default false). */
  bigrams?: boolean;
  /** Tokens longer than this are dropped (base64 blobs, long URLs); default 30 characters. */
  maxTokenLength?: number;
}

const WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu;

/**
 * The tokens of a text, in order: runs of letters and digits (any script), with an apostrophe inside a word
 * kept ("don't"), lower-cased after Unicode normalisation (NFKC: "ﬁ" → "fi", full-width letters → ASCII).
 * Punctuation, spaces and control characters (such as U+0085) separate tokens. "" gives [].
 */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  if (typeof text !== "string") {
    throw new TypeError(`tokenize needs a string, got ${describe(text)}`);
  }
  const maxLength = options.maxTokenLength ?? 30;
  const normal = text.normalize("NFKC").toLowerCase().replace(/[’‘`]/g, "'");
  const words: string[] = [];
  for (const match of normal.matchAll(WORD)) if (match[0].length <= maxLength) words.push(match[0]);
  if (!options.bigrams) return words;
  const pairs = words.slice(1).map((w, k) => `${words[k]} ${w}`);
  return words.concat(pairs);
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return `an array (${v.length} items)`;
  return `${typeof v} ${JSON.stringify(v)?.slice(0, 40)}`;
}

/** Throws unless docs is an array of non-empty strings, naming the first document at fault. */
export function checkDocuments(
  docs: readonly unknown[],
  who: string,
): asserts docs is readonly string[] {
  if (!Array.isArray(docs))
    throw new TypeError(`${who} needs an array of documents (strings), got ${describe(docs)}`);
  docs.forEach((d, j) => {
    if (typeof d !== "string") {
      throw new TypeError(
        `${who}: document ${j} is ${describe(d)}, not a string: every document must be text`,
      );
    }
    if (d.trim() === "") {
      throw new RangeError(
        `${who}: document ${j} is empty (${JSON.stringify(d)}): there is nothing to count — remove it or give it text`,
      );
    }
  });
}

/** Options of `TextVectorizer.fit`. */
export interface VectorizerOptions extends TokenizeOptions {
  /** Keep only words found in at least this many training documents (default 2). */
  minDocumentFrequency?: number;
  /** Keep at most this many words, the most frequent by document frequency (default 20,000). */
  maxSize?: number;
  /** "binary" (default), "counts" or "tfidf". */
  weighting?: Weighting;
}

/** One document as the vectorizer sees it: its known words' rows and values, and its unknown tokens. */
export interface DocumentVector {
  index: number[];
  value: number[];
  unknown: number;
}

/**
 * A vocabulary learned from training documents, and the bag-of-words transform it defines. Rows of X are the
 * words in `words` order: by document frequency, most frequent first (ties alphabetical).
 */
export class TextVectorizer {
  /** The vocabulary: row i of X counts `words[i]`. */
  readonly words: readonly string[];
  /** In how many training documents each word appears. */
  readonly documentFrequency: Int32Array;
  /** idf(i) = ln((1 + N)/(1 + df(i))) + 1, for N training documents. */
  readonly idf: Float64Array;
  /** N, the number of training documents. */
  readonly documents: number;
  readonly weighting: Weighting;
  readonly tokenizeOptions: TokenizeOptions;
  private readonly index: Map<string, number>;

  private constructor(
    words: string[],
    df: Int32Array,
    documents: number,
    weighting: Weighting,
    tok: TokenizeOptions,
  ) {
    this.words = Object.freeze(words);
    this.documentFrequency = df;
    this.documents = documents;
    this.weighting = weighting;
    this.tokenizeOptions = tok;
    this.index = new Map(words.map((w, i) => [w, i]));
    this.idf = Float64Array.from(df, (d) => Math.log((1 + documents) / (1 + d)) + 1);
  }

  /** Learns the vocabulary from the training documents only (see `VectorizerOptions`). */
  static fit(docs: readonly string[], options: VectorizerOptions = {}): TextVectorizer {
    return TextVectorizer.fitTransform(docs, options).vectorizer;
  }

  /** `fit` and `transform` of the same (training) documents, reading each document once. */
  static fitTransform(
    docs: readonly string[],
    options: VectorizerOptions = {},
  ): { vectorizer: TextVectorizer; X: SparseMatrix } {
    checkDocuments(docs, "TextVectorizer.fit");
    const minDf = options.minDocumentFrequency ?? 2;
    const maxSize = options.maxSize ?? 20000;
    const weighting = options.weighting ?? "binary";
    if (!Number.isInteger(minDf) || minDf < 1)
      throw new RangeError(`minDocumentFrequency must be a whole number ≥ 1, got ${minDf}`);
    if (!Number.isInteger(maxSize) || maxSize < 1)
      throw new RangeError(`maxSize must be a whole number ≥ 1, got ${maxSize}`);
    if (!["binary", "counts", "tfidf"].includes(weighting)) {
      throw new RangeError(
        `weighting must be "binary", "counts" or "tfidf", got ${JSON.stringify(weighting)}`,
      );
    }
    const tok: TokenizeOptions = {
      bigrams: options.bigrams ?? false,
      maxTokenLength: options.maxTokenLength ?? 30,
    };
    const df = new Map<string, number>();
    const tokens = docs.map((doc) => tokenize(doc, tok));
    for (const list of tokens) for (const w of new Set(list)) df.set(w, (df.get(w) ?? 0) + 1);
    const ranked = [...df].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const kept = ranked.filter(([, d]) => d >= minDf).slice(0, maxSize);
    if (kept.length === 0) {
      if (ranked.length === 0)
        throw new RangeError(
          `TextVectorizer.fit: the ${docs.length} documents contain no words at all (only punctuation or spaces?)`,
        );
      const [top, topDf] = ranked[0] as [string, number];
      throw new RangeError(
        `TextVectorizer.fit: the vocabulary is empty — no word appears in ${minDf} or more of the ${docs.length} documents ` +
          `(minDocumentFrequency = ${minDf}). The most frequent word, "${top}", appears in ${topDf}: ` +
          `choose minDocumentFrequency ≤ ${topDf}`,
      );
    }
    const vectorizer = new TextVectorizer(
      kept.map(([w]) => w),
      Int32Array.from(kept, ([, d]) => d),
      docs.length,
      weighting,
      tok,
    );
    return { vectorizer, X: vectorizer.transform(docs, tokens) };
  }

  /** n, the number of words (rows of X). */
  get size(): number {
    return this.words.length;
  }

  /** The row of a word, or −1 if it is not in the vocabulary. */
  indexOf(word: string): number {
    return this.index.get(word) ?? -1;
  }

  /** The tokens of a text, with the options the vocabulary was built with (bigrams or not). */
  tokens(text: string): string[] {
    return tokenize(text, this.tokenizeOptions);
  }

  /** One document's known words (rows, increasing) with their values, and how many tokens were unknown. */
  vectorOf(doc: string, tokens: readonly string[] = this.tokens(doc)): DocumentVector {
    const counts = new Map<number, number>();
    let unknown = 0;
    for (const t of tokens) {
      const i = this.index.get(t);
      if (i === undefined) unknown += 1;
      else counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    const index = [...counts.keys()].sort((a, b) => a - b);
    let value = index.map((i) => counts.get(i) as number);
    if (this.weighting === "binary") value = value.map(() => 1);
    else if (this.weighting === "tfidf") {
      value = value.map((c, k) => c * (this.idf[index[k] as number] as number));
      const norm = Math.sqrt(value.reduce((s, v) => s + v * v, 0));
      if (norm > 0) value = value.map((v) => v / norm);
    }
    return { index, value, unknown };
  }

  /** The bag of words X: n×m sparse, column j = document j (see the module's doc for the values). */
  transform(docs: readonly string[], tokens?: readonly (readonly string[])[]): SparseMatrix {
    checkDocuments(docs, "transform");
    // build Xᵀ (one row per document: that is how the words arrive), then transpose it
    const rowStart = new Int32Array(docs.length + 1);
    const idx: number[] = [];
    const val: number[] = [];
    docs.forEach((doc, j) => {
      const v = this.vectorOf(doc, tokens?.[j]);
      for (let k = 0; k < v.index.length; k++) {
        idx.push(v.index[k] as number);
        val.push(v.value[k] as number);
      }
      rowStart[j + 1] = idx.length;
    });
    return new SparseMatrix(
      docs.length,
      this.size,
      rowStart,
      Int32Array.from(idx),
      Float64Array.from(val),
    ).T;
  }

  /** For each document, how many of its tokens are not in the vocabulary (words unseen in training). */
  unknownCounts(docs: readonly string[]): number[] {
    checkDocuments(docs, "unknownCounts");
    return docs.map((d) => this.vectorOf(d).unknown);
  }
}

/** A word's part in one prediction: its value x in the document, its weight w, and w·x. */
export interface WordContribution {
  word: string;
  value: number;
  weight: number;
  contribution: number;
}

function weightsOf(w: Matrix | ArrayLike<number>, n: number): ArrayLike<number> {
  const values = w instanceof Matrix ? w.data : w;
  if (values.length !== n) {
    throw new RangeError(
      `the weights have ${values.length} entries but the vocabulary has ${n} words: use the vectorizer the model was trained with`,
    );
  }
  return values;
}

/**
 * The words of `text` that the model uses, each with its push w_i·x_i on the logit z = w·x + b, largest |push|
 * first (positive: toward y = 1). w: the model's weights (1×n, one per vocabulary word).
 */
export function wordContributions(
  vectorizer: TextVectorizer,
  w: Matrix | ArrayLike<number>,
  text: string,
): WordContribution[] {
  checkDocuments([text], "wordContributions");
  const weights = weightsOf(w, vectorizer.size);
  const v = vectorizer.vectorOf(text);
  return v.index
    .map((i, k) => {
      const weight = weights[i] as number;
      const value = v.value[k] as number;
      return { word: vectorizer.words[i] as string, value, weight, contribution: weight * value };
    })
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
}

/** The k words with the largest weights (toward y = 1) and the k with the smallest (toward y = 0). */
export function topWords(
  vectorizer: TextVectorizer,
  w: Matrix | ArrayLike<number>,
  k = 15,
): { toward1: WordContribution[]; toward0: WordContribution[] } {
  const weights = weightsOf(w, vectorizer.size);
  const all = vectorizer.words.map((word, i) => ({
    word,
    value: 1,
    weight: weights[i] as number,
    contribution: weights[i] as number,
  }));
  const sorted = all.sort((a, b) => b.weight - a.weight || (a.word < b.word ? -1 : 1));
  return { toward1: sorted.slice(0, k), toward0: sorted.slice(-k).reverse() };
}

/**
 * A stratified split of m examples: the same share of each label in the training and the test part. Indices
 * of each class are shuffled with a seeded generator; the first ⌊testFraction·count⌉ of each go to test.
 * Returns the indices, each part in increasing order.
 */
export function stratifiedSplit(
  labels: ArrayLike<number>,
  options: { testFraction?: number; seed?: number } = {},
): { train: number[]; test: number[] } {
  const testFraction = options.testFraction ?? 0.2;
  if (!(testFraction > 0 && testFraction < 1))
    throw new RangeError(`testFraction must be between 0 and 1, got ${testFraction}`);
  checkBinaryLabels(labels, "stratifiedSplit");
  const rng = new Rng(options.seed ?? 0);
  const train: number[] = [];
  const test: number[] = [];
  for (const cls of [0, 1]) {
    const idx = Array.from(labels, (y, j) => (y === cls ? j : -1)).filter((j) => j >= 0);
    rng.shuffle(idx);
    const nTest = Math.round(testFraction * idx.length);
    test.push(...idx.slice(0, nTest));
    train.push(...idx.slice(nTest));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

/** Throws unless every label is 0 or 1, naming the first one that is not. */
export function checkBinaryLabels(labels: ArrayLike<number>, who: string): void {
  for (let j = 0; j < labels.length; j++) {
    const y = labels[j];
    if (y !== 0 && y !== 1) {
      throw new RangeError(
        `${who}: label ${j} is ${JSON.stringify(y)}: labels must be 0 or 1 (1 = spam or positive, 0 = ham or negative)`,
      );
    }
  }
}

/** The items at the given indices, in that order. */
export function pick<T>(items: readonly T[], indices: readonly number[]): T[] {
  return indices.map((j) => items[j] as T);
}
