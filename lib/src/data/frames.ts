/**
 * Tables in, matrices out: danfojs-node DataFrames ↔ the course's matrices, and a CSV loader that checks the
 * data before any training sees it (missing columns, missing or non-numeric values, empty files).
 *
 * A DataFrame has one ROW per example; the course's X has one COLUMN per example. So a frame with m rows and
 * the n chosen columns becomes X n×m (feature i = column i, example j = row j), and back.
 *
 * An edge module: danfojs-node is loaded only when a function here first needs it (≈2 s), so importing
 * "lr2nn" stays fast. Taught in: 05-logistic-regression-in-practice.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import type * as Danfo from "danfojs-node";
import { Matrix, ShapeError } from "../core/matrix";

/** A danfojs-node DataFrame. */
export type DataFrame = Danfo.DataFrame;

let danfoModule: typeof Danfo | null = null;

/**
 * The danfojs-node module (`dfd`), loaded on first use, with TensorFlow.js's "install the node backend"
 * banner switched off (it would print to stderr on the first tensor operation).
 */
export function danfo(): typeof Danfo {
  if (!danfoModule) {
    const mod = require("danfojs-node") as typeof Danfo;
    mod.tensorflow.env().set("PROD", true);
    danfoModule = mod;
  }
  return danfoModule;
}

/** Says where a data row is, for error messages (row is 0-based in the frame). */
type RowNamer = (row: number) => string;

const frameRow: RowNamer = (row) => `row ${row}`;

function csvRow(file: string): RowNamer {
  const base = path.basename(file);
  return (row) => `row ${row} (line ${row + 2} of ${base}, counting the header as line 1)`;
}

function checkColumns(present: string[], wanted: string[], source: string): void {
  const missing = wanted.filter((c) => !present.includes(c));
  if (missing.length > 0) {
    const what =
      missing.length === 1
        ? `column named "${missing[0]}"`
        : `columns named ${missing.map((c) => `"${c}"`).join(", ")}`;
    throw new Error(
      `${source} has no ${what}. The columns it has are: ${present.map((c) => `"${c}"`).join(", ")}`,
    );
  }
}

function cellNumber(v: unknown, column: string, row: number, where: RowNamer): number {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (
    v === null ||
    v === undefined ||
    v === "" ||
    (typeof v === "number" && Number.isNaN(v)) ||
    v === "NaN"
  ) {
    throw new RangeError(
      `Column "${column}" has a missing value (${v === "" ? "empty" : String(v)}) at ${where(row)}: fill it in or drop that row before training`,
    );
  }
  if (typeof v === "number")
    throw new RangeError(
      `Column "${column}" has ${v} at ${where(row)}: every value must be a finite number`,
    );
  throw new TypeError(
    `Column "${column}" has the value ${JSON.stringify(v)} at ${where(row)}, which is not a number: features must be numeric`,
  );
}

function columnsOf(df: DataFrame, columns: string[] | undefined, source: string): string[] {
  const present = df.columns as string[];
  const chosen = columns ?? present;
  checkColumns(present, chosen, source);
  return chosen;
}

function rowsOf(df: DataFrame): unknown[][] {
  return df.values as unknown[][];
}

function toMatrix(
  df: DataFrame,
  columns: string[] | undefined,
  source: string,
  where: RowNamer,
): Matrix {
  const chosen = columnsOf(df, columns, source);
  const rows = rowsOf(df);
  if (rows.length === 0 || chosen.length === 0)
    throw new ShapeError(
      `${source} is empty (${rows.length} rows, ${chosen.length} columns): there is no data to turn into a matrix`,
    );
  const present = df.columns as string[];
  const X = new Matrix(chosen.length, rows.length);
  chosen.forEach((name, i) => {
    const c = present.indexOf(name);
    for (let j = 0; j < rows.length; j++)
      X.data[i * rows.length + j] = cellNumber((rows[j] as unknown[])[c], name, j, where);
  });
  return X;
}

/**
 * A DataFrame (m rows) → the matrix X n×m of the listed columns (default: all), one ROW per column and one
 * COLUMN per example. Every value must be a finite number: a missing, NaN or non-numeric value throws an
 * error naming its column and row.
 */
export function frameToMatrix(df: DataFrame, columns?: string[]): Matrix {
  return toMatrix(df, columns, "The DataFrame", frameRow);
}

/** The matrix X n×m → a DataFrame with m rows (one per example) and the n given column names. */
export function matrixToFrame(X: Matrix, columns: string[]): DataFrame {
  if (columns.length !== X.rows) {
    throw new ShapeError(
      `matrixToFrame: X is ${X.shape()} (${X.rows} features) but ${columns.length} column names were given`,
    );
  }
  return new (danfo().DataFrame)(X.T.toArray(), { columns });
}

/** How to turn a label column into y ∈ {0, 1}: e.g. `{ M: 1, B: 0 }`. Omit for a column already 0/1. */
export type LabelMap = Record<string, 0 | 1>;

function toLabels(
  df: DataFrame,
  column: string,
  classes: LabelMap | undefined,
  source: string,
  where: RowNamer,
): Matrix {
  const present = df.columns as string[];
  checkColumns(present, [column], source);
  const c = present.indexOf(column);
  const rows = rowsOf(df);
  if (rows.length === 0) throw new ShapeError(`${source} has no rows: there are no labels`);
  const y = new Matrix(1, rows.length);
  for (let j = 0; j < rows.length; j++) {
    const v = (rows[j] as unknown[])[c];
    if (classes) {
      const key = String(v);
      if (v === null || v === undefined || !Object.prototype.hasOwnProperty.call(classes, key)) {
        const known = Object.entries(classes)
          .map(([k, n]) => `"${k}" → ${n}`)
          .join(", ");
        throw new RangeError(
          `Label column "${column}" has ${v === null || v === undefined || v === "" ? "a missing value" : JSON.stringify(v)} at ${where(j)}; the known labels are ${known}`,
        );
      }
      y.data[j] = classes[key] as number;
    } else {
      const n = cellNumber(v, column, j, where);
      if (n !== 0 && n !== 1)
        throw new RangeError(
          `Label column "${column}" has ${n} at ${where(j)}: labels must be 0 or 1 (or pass a label map such as { M: 1, B: 0 })`,
        );
      y.data[j] = n;
    }
  }
  return y;
}

/** The label column as y (1×m) ∈ {0, 1}, mapped with `classes` (e.g. `{ M: 1, B: 0 }`) or already 0/1. */
export function labelsFromColumn(df: DataFrame, column: string, classes?: LabelMap): Matrix {
  return toLabels(df, column, classes, "The DataFrame", frameRow);
}

/**
 * Reads a CSV file (header row first) into a DataFrame, and checks that it exists, has data rows and has
 * every column listed in `columns` (the error names the missing one and lists those present).
 */
export async function readCsv(
  file: string,
  options: { columns?: string[] } = {},
): Promise<DataFrame> {
  if (typeof file !== "string" || file === "")
    throw new TypeError(
      `readCsv: the path must be a file name (a string), got ${JSON.stringify(file)}`,
    );
  const base = path.basename(file);
  if (!existsSync(file)) throw new Error(`readCsv: there is no file ${file}`);
  if (statSync(file).isDirectory()) {
    const csvs = readdirSync(file).filter((f) => f.toLowerCase().endsWith(".csv"));
    const inside = csvs.length
      ? ` It holds ${csvs.map((f) => path.join(file, f)).join(", ")}.`
      : "";
    throw new Error(
      `readCsv: ${file} is a folder, not a file: give the path of a CSV file.${inside}`,
    );
  }
  if (statSync(file).size === 0)
    throw new Error(`${base} is empty: a CSV needs a header row and at least one data row`);
  let df: DataFrame;
  try {
    df = (await danfo().readCSV(file)) as DataFrame;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (/no data/i.test(msg))
      throw new Error(
        `${base} has no data rows (only a header, or nothing): a CSV needs at least one example`,
      );
    throw new Error(
      `${base} could not be read as CSV: ${csvProblem(readFileSync(file, "utf8"), base) ?? msg}`,
    );
  }
  if (df.shape[0] === 0)
    throw new Error(`${base} has no data rows: a CSV needs at least one example`);
  if (options.columns) checkColumns(df.columns as string[], options.columns, base);
  return df;
}

/**
 * What is wrong with a CSV text the parser refused, with its line number: mixed line endings (Windows CRLF
 * and Unix LF in one file make the parser join lines), or the first record whose number of fields differs
 * from the header's (quotes respected). Undefined when neither is found.
 */
export function csvProblem(text: string, base: string): string | undefined {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/(?<!\r)\n/g) ?? []).length;
  if (crlf > 0 && lf > 0) {
    const lines = text.split("\n");
    const firstLf = lines.findIndex((l, i) => i < lines.length - 1 && !l.endsWith("\r")) + 1;
    return (
      `${base} mixes Windows (CRLF) and Unix (LF) line endings (${crlf} lines end in CRLF, ${lf} in LF, the first at ` +
      `line ${firstLf}), so lines run together. Save it with one kind of line ending (in an editor: "Line endings: LF"), ` +
      `or run: sed -i 's/\\r$//' ${base}`
    );
  }
  const counts: { line: number; fields: number }[] = [];
  let line = 1;
  let start = 1;
  let fields = 1;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === "," && !quoted) fields++;
    if (c === "\n") {
      if (!quoted) {
        counts.push({ line: start, fields });
        fields = 1;
        start = line + 1;
      }
      line++;
    }
  }
  if (quoted)
    return (
      `line ${start} opens a quoted value (") that is never closed, so every line after it reads as part of ` +
      `that value: close the quote, or remove the stray " on line ${start}`
    );
  if (text.slice(text.lastIndexOf("\n") + 1).trim() !== "") counts.push({ line: start, fields });
  const header = counts[0];
  const bad = counts.find((r) => header && r.fields !== header.fields);
  if (!header || !bad) return undefined;
  return (
    `line ${bad.line} has ${bad.fields} fields but the header (line 1) has ${header.fields}: ` +
    `every row needs one value per column (a stray comma, or a value with a comma that needs "quotes"?)`
  );
}

/** What `loadCsvDataset` returns: the frame as read, and the checked matrices. */
export interface CsvDataset {
  frame: DataFrame;
  /** n×m: one row per feature, one column per example (CSV row). */
  X: Matrix;
  /** 1×m labels in {0, 1}. */
  y: Matrix;
  featureNames: string[];
}

/** Options of `loadCsvDataset`. */
export interface CsvDatasetOptions {
  /** The label column, e.g. "diagnosis". */
  label: string;
  /** How its values map to 0/1, e.g. `{ M: 1, B: 0 }` (omit if the column is already 0/1). */
  classes?: LabelMap;
  /** The feature columns (default: every column except the label and `drop`). */
  features?: string[];
  /** Columns that are neither features nor label, e.g. ["id"]. */
  drop?: string[];
}

/**
 * Reads a CSV and returns X (features × examples) and y (1×m), checked: the named columns exist, every
 * feature value is a finite number, every label is known — otherwise an error names the column and the
 * row (and its line in the file).
 */
export async function loadCsvDataset(
  file: string,
  options: CsvDatasetOptions,
): Promise<CsvDataset> {
  const base = path.basename(file);
  const wanted = [options.label, ...(options.features ?? []), ...(options.drop ?? [])];
  const frame = await readCsv(file, { columns: wanted });
  const skip = new Set([options.label, ...(options.drop ?? [])]);
  const featureNames = options.features ?? (frame.columns as string[]).filter((c) => !skip.has(c));
  if (featureNames.length === 0)
    throw new Error(
      `${base}: no feature columns are left after removing the label "${options.label}"`,
    );
  const where = csvRow(file);
  const X = toMatrix(frame, featureNames, base, where);
  const y = toLabels(frame, options.label, options.classes, base, where);
  return { frame, X, y, featureNames };
}

/** A DataFrame as text cells for a table: the header (index first), at most `maxRows` rows, and the full size. */
export interface FrameTable {
  header: string[];
  rows: string[][];
  /** Rows and columns of the whole frame (the table may show fewer rows). */
  shape: [number, number];
}

/**
 * A DataFrame's cells as text, index first, numbers to `digits` significant digits (default 4), at most
 * `maxRows` rows (default 20). Data only: `showFrame` (lr2nn/tables) draws it.
 */
export function frameTable(
  df: DataFrame,
  options: { digits?: number; maxRows?: number } = {},
): FrameTable {
  const maxRows = options.maxRows ?? 20;
  const digits = options.digits ?? 4;
  const columns = df.columns as string[];
  const index = df.index as (string | number)[];
  const cell = (v: unknown) =>
    typeof v === "number" && !Number.isInteger(v)
      ? String(Number(v.toPrecision(digits)))
      : String(v);
  const rows = rowsOf(df)
    .slice(0, maxRows)
    .map((r, k) => [String(index[k]), ...r.map(cell)]);
  return { header: ["", ...columns], rows, shape: [df.shape[0], df.shape[1]] };
}
