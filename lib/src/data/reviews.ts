/**
 * Sentiment Labelled Sentences (D. Kotzias, 2015; UCI, CC BY 4.0; see data/README.md): 3,000 one-sentence
 * reviews, 1,000 each from Amazon (phones), IMDb (films) and Yelp (restaurants), labelled 1 (positive) or 0
 * (negative), 500 of each per source. Taught in: 11-spam-and-sentiment.
 *
 * File format: one sentence per line, a TAB, the label. Lines end in LF only; a few IMDb sentences contain
 * U+0085 (NEL, the Windows-1252 byte 0x85 "…" read as Latin-1), which we turn back into "…".
 */
import { readFileSync } from "node:fs";
import { dataPath } from "./files";

/** The three sources of the sentences. */
export const REVIEW_SOURCES = ["amazon", "imdb", "yelp"] as const;
export type ReviewSource = (typeof REVIEW_SOURCES)[number];

/** One labelled sentence. */
export interface Review {
  text: string;
  /** 1 positive, 0 negative. */
  label: 0 | 1;
  source: ReviewSource;
}

const FILES: Record<ReviewSource, string> = {
  amazon: "amazon_cells_labelled.txt",
  imdb: "imdb_labelled.txt",
  yelp: "yelp_labelled.txt",
};

/** Parses one file's text (exported for the tests): "sentence<TAB>label" per LF-ended line. */
export function parseReviews(
  content: string,
  source: ReviewSource,
  file = FILES[source],
): Review[] {
  const out: Review[] = [];
  content.split("\n").forEach((line, k) => {
    if (line.trim() === "") return;
    const tab = line.lastIndexOf("\t");
    if (tab < 0)
      throw new RangeError(
        `${file}, line ${k + 1}: no TAB before the label in ${JSON.stringify(line.slice(0, 60))}`,
      );
    const label = line.slice(tab + 1).trim();
    if (label !== "0" && label !== "1") {
      throw new RangeError(
        `${file}, line ${k + 1}: the label is ${JSON.stringify(label)}; labels must be 0 or 1`,
      );
    }
    const text = line
      .slice(0, tab)
      .replace(/\u0085/g, "…")
      .trim();
    if (text === "") throw new RangeError(`${file}, line ${k + 1}: the sentence is empty`);
    out.push({ text, label: label === "1" ? 1 : 0, source });
  });
  return out;
}

/** The labelled sentences of the given sources (default all three), in file order, source by source. */
export function loadReviews(sources: readonly ReviewSource[] = REVIEW_SOURCES): Review[] {
  return sources.flatMap((s) => {
    if (!(s in FILES))
      throw new RangeError(`unknown source "${s}"; the sources are ${REVIEW_SOURCES.join(", ")}`);
    return parseReviews(
      readFileSync(dataPath(`sentiment-labelled-sentences/${FILES[s]}`), "utf8"),
      s,
    );
  });
}
