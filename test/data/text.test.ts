// Text to numbers (data/text.ts), e-mail parsing (data/email.ts) and the labelled sentences (data/reviews.ts):
// HTML, Unicode, empty text, unknown words only, very long input, and the errors a learner meets.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  decodeHeader,
  decodeQuotedPrintable,
  htmlToText,
  loadSpamAssassin,
  parseEmail,
} from "../../lib/src/data/email";
import { loadReviews, parseReviews } from "../../lib/src/data/reviews";
import {
  stratifiedSplit,
  TextVectorizer,
  tokenize,
  topWords,
  wordContributions,
} from "../../lib/src/data/text";

test("tokenize: lower case, letters and digits of any script, apostrophes inside words, punctuation splits", () => {
  assert.deepEqual(tokenize("Not good, NOT good!"), ["not", "good", "not", "good"]);
  assert.deepEqual(tokenize("The café's coffee wasn’t 100% hot"), [
    "the",
    "café's",
    "coffee",
    "wasn't",
    "100",
    "hot",
  ]);
  assert.deepEqual(tokenize("Ünïcödé ΑΘΗΝΑ Москва 東京"), ["ünïcödé", "αθηνα", "москва", "東京"]);
  assert.deepEqual(
    tokenize("ﬁne Ｗｏｒｄ"),
    ["fine", "word"],
    "NFKC: ligature and full-width letters",
  );
  assert.deepEqual(
    tokenize("the script is\u0085was there"),
    ["the", "script", "is", "was", "there"],
    "NEL separates",
  );
  assert.deepEqual(tokenize(""), []);
  assert.deepEqual(tokenize("  ... !!! "), []);
  assert.deepEqual(tokenize("not good at all", { bigrams: true }), [
    "not",
    "good",
    "at",
    "all",
    "not good",
    "good at",
    "at all",
  ]);
  assert.deepEqual(
    tokenize(`a ${"x".repeat(31)} b`),
    ["a", "b"],
    "tokens over 30 characters (base64, URLs) are dropped",
  );
  assert.throws(() => tokenize(42 as unknown as string), /tokenize needs a string, got number 42/);
});

test("tokenize and vectorise very long input (a million words) without trouble", () => {
  const long = "spam ham eggs ".repeat(1_000_000 / 3);
  assert.equal(tokenize(long).length, 999_999);
  const vec = TextVectorizer.fit([long, "ham"], { minDocumentFrequency: 1, weighting: "counts" });
  const X = vec.transform([long]);
  assert.equal(X.get(vec.indexOf("eggs"), 0), 333_333);
});

const docs = [
  "the food was good",
  "the food was not good",
  "good service, good food",
  "the service was bad",
];

test("vocabulary: built from the given documents only, by document frequency, min frequency and max size", () => {
  const vec = TextVectorizer.fit(docs, { minDocumentFrequency: 1 });
  assert.deepEqual(vec.words, ["food", "good", "the", "was", "service", "bad", "not"]);
  assert.deepEqual(Array.from(vec.documentFrequency), [3, 3, 3, 3, 2, 1, 1]);
  assert.deepEqual(TextVectorizer.fit(docs, { minDocumentFrequency: 3 }).words, [
    "food",
    "good",
    "the",
    "was",
  ]);
  assert.deepEqual(TextVectorizer.fit(docs, { minDocumentFrequency: 1, maxSize: 2 }).words, [
    "food",
    "good",
  ]);
});

test("bag of words: binary, counts and TF-IDF; unknown words counted, never a crash", () => {
  const counts = TextVectorizer.fit(docs, { minDocumentFrequency: 1, weighting: "counts" });
  const X = counts.transform(docs);
  assert.equal(X.shape(), "7×4");
  assert.equal(X.get(counts.indexOf("good"), 2), 2);
  const binary = TextVectorizer.fit(docs, { minDocumentFrequency: 1 }).transform(docs);
  assert.equal(binary.get(counts.indexOf("good"), 2), 1);
  const tfidf = TextVectorizer.fit(docs, { minDocumentFrequency: 1, weighting: "tfidf" });
  const T = tfidf.transform(docs).toDense();
  for (let j = 0; j < 4; j++)
    assert.ok(Math.abs(T.col(j).norm() - 1) < 1e-12, `column ${j} has length 1`);
  const idf = (df: number) => Math.log(5 / (1 + df)) + 1;
  const notRow = tfidf.indexOf("not");
  const col1 = [1, 1, 1, 1].map(() => idf(3) ** 2).reduce((s, v) => s + v, 0) + idf(1) ** 2;
  assert.ok(
    Math.abs(T.get(notRow, 1) - idf(1) / Math.sqrt(col1)) < 1e-12,
    "tf·idf, scaled to length 1",
  );
  // a document of unknown words only: an empty column, its tokens counted
  const unknown = counts.transform(["zebra quokka", "good zebra"]);
  assert.equal(unknown.selectCols([0]).nnz, 0);
  assert.deepEqual(counts.unknownCounts(["zebra quokka", "good zebra"]), [2, 1]);
});

test("bad input: an empty or non-string document, an empty vocabulary (names the largest document frequency)", () => {
  assert.throws(() => TextVectorizer.fit(["good", ""]), /document 1 is empty/);
  assert.throws(() => TextVectorizer.fit(["good", "   "]), /document 1 is empty/);
  assert.throws(
    () => TextVectorizer.fit(["good", 7 as unknown as string]),
    /document 1 is number 7, not a string/,
  );
  assert.throws(
    () => TextVectorizer.fit(["good", null as unknown as string]),
    /document 1 is null, not a string/,
  );
  assert.throws(
    () => TextVectorizer.fit("good" as unknown as string[]),
    /needs an array of documents/,
  );
  assert.throws(
    () => TextVectorizer.fit(docs, { minDocumentFrequency: 10 }),
    /the vocabulary is empty — no word appears in 10 or more of the 4 documents .* "food", appears in 3: choose minDocumentFrequency ≤ 3/,
  );
  assert.throws(() => TextVectorizer.fit(["!!!", "..."]), /contain no words at all/);
  const vec = TextVectorizer.fit(docs, { minDocumentFrequency: 1 });
  assert.throws(() => vec.transform(["fine", ""]), /transform: document 1 is empty/);
  assert.throws(
    () => wordContributions(vec, [1, 2, 3], "good"),
    /3 entries but the vocabulary has 7 words/,
  );
  assert.throws(() => stratifiedSplit([0, 1, 2]), /label 2 is 2: labels must be 0 or 1/);
});

test("word contributions and top words follow the weights", () => {
  const vec = TextVectorizer.fit(docs, { minDocumentFrequency: 1 });
  const w = vec.words.map((word) => ({ good: 2, bad: -3, not: -1 })[word] ?? 0);
  const c = wordContributions(vec, w, "Not good, not good at all");
  assert.deepEqual(
    c.map((x) => [x.word, x.contribution]),
    [
      ["good", 2],
      ["not", -1],
    ],
  );
  const top = topWords(vec, w, 2);
  assert.deepEqual(
    top.toward1.map((x) => x.word),
    ["good", "food"],
  );
  assert.deepEqual(
    top.toward0.map((x) => x.word),
    ["bad", "not"],
  );
});

test("stratifiedSplit: each part keeps the share of each label; seeded", () => {
  const labels = Array.from({ length: 100 }, (_, j) => (j % 4 === 0 ? 1 : 0));
  const s = stratifiedSplit(labels, { testFraction: 0.2, seed: 3 });
  assert.equal(s.test.length, 20);
  assert.equal(s.test.filter((j) => labels[j] === 1).length, 5);
  assert.deepEqual(
    [...s.train, ...s.test].sort((a, b) => a - b),
    labels.map((_, j) => j),
  );
  assert.deepEqual(stratifiedSplit(labels, { seed: 3 }), s);
});

test("parseEmail: headers apart, subject decoded, HTML stripped, quoted-printable and base64 decoded", () => {
  const raw = [
    "From someone@example.com  Thu Aug 22 13:17:22 2002",
    "Subject: =?utf-8?B?RnLDvGhsaW5n?= =?iso-8859-1?Q?_sale=E9?=",
    "From: Shop <shop@example.com>",
    'Content-Type: multipart/alternative; boundary="XX"',
    "",
    "--XX",
    "Content-Type: text/html; charset=utf-8",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    "<html><style>p{}</style><p>Caf=C3=A9 &amp; <b>cheap</b>=",
    " deals</p><script>x()</script></html>",
    "--XX",
    "Content-Type: application/octet-stream",
    "Content-Transfer-Encoding: base64",
    "",
    "AAAA",
    "--XX--",
  ].join("\r\n");
  const e = parseEmail(raw);
  assert.equal(e.subject, "Frühling saleé");
  assert.equal(e.headers["from"], "Shop <shop@example.com>");
  assert.equal(e.body, "Café & cheap deals");
  const b64 = parseEmail(
    `Subject: hi\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n${Buffer.from("naïve text").toString("base64")}\n`,
  );
  assert.equal(b64.body, "naïve text");
  assert.equal(parseEmail("Subject: only headers").body, "");
  assert.equal(decodeQuotedPrintable("a=3Db=\nc"), "a=bc");
  assert.equal(decodeHeader("plain"), "plain");
  assert.equal(htmlToText("<p>one</p><p>two &lt;3 &#233;</p><!-- no -->"), "one\ntwo <3 é");
});

test("the SpamAssassin corpus: 6,046 e-mails in five groups, 1,896 spam, every text non-empty", () => {
  const mails = loadSpamAssassin();
  assert.equal(mails.length, 6046);
  assert.equal(mails.filter((e) => e.spam === 1).length, 1896);
  assert.ok(mails.every((e) => e.text.trim().length > 0));
  assert.ok(mails.filter((e) => e.body.includes("<html")).length < 10, "HTML bodies are stripped");
});

test("the labelled sentences: 1,000 per source, 500 positive, NEL turned into …, bad lines named", () => {
  for (const source of ["amazon", "imdb", "yelp"] as const) {
    const rs = loadReviews([source]);
    assert.equal(rs.length, 1000);
    assert.equal(rs.filter((r) => r.label === 1).length, 500);
  }
  const imdb = loadReviews(["imdb"]);
  assert.ok(imdb.every((r) => !r.text.includes("\u0085")));
  assert.ok(imdb.some((r) => r.text.includes("The script is…was there a script?")));
  assert.throws(
    () => parseReviews("good\t1\nbad\t2\n", "yelp"),
    /yelp_labelled\.txt, line 2: the label is "2"; labels must be 0 or 1/,
  );
  assert.throws(() => parseReviews("no tab here\n", "yelp"), /line 1: no TAB/);
});
