import { test, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { setDisplaySink, type DisplayItem } from "../../lib/src/screen/display";
import { dataPath } from "../../lib/src/data/files";
import {
  frameToMatrix,
  labelsFromColumn,
  loadCsvDataset,
  matrixToFrame,
  csvProblem,
  readCsv,
} from "../../lib/src/data/frames";
import { showFrame } from "../../lib/src/screen/tables";
import { Matrix } from "../../lib/src/core/matrix";

const dir = mkdtempSync(path.join(tmpdir(), "lr2nn-frames-"));
after(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => setDisplaySink(null));

/** Writes a small CSV into the temp folder and returns its path. */
function csv(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const good = "id,size,texture,label\n1,2.5,10,M\n2,1.0,12,B\n3,3.5,9,M\n";
const opts = { label: "label", classes: { M: 1, B: 0 } as const, drop: ["id"] };

test("a good CSV becomes X (features × examples) and y (1×m)", async () => {
  const d = await loadCsvDataset(csv("good.csv", good), opts);
  assert.deepEqual(d.featureNames, ["size", "texture"]);
  assert.equal(d.X.shape(), "2×3");
  assert.deepEqual(d.X.toArray(), [
    [2.5, 1, 3.5],
    [10, 12, 9],
  ]);
  assert.deepEqual(d.y.toList(), [1, 0, 1]);
  // Choosing features explicitly keeps their order.
  const e = await loadCsvDataset(csv("good2.csv", good), { ...opts, features: ["texture"] });
  assert.deepEqual(e.X.toArray(), [[10, 12, 9]]);
});

test("a missing column: the error names it and lists the columns present", async () => {
  const file = csv("nolabel.csv", "id,size,texture\n1,2.5,10\n");
  await assert.rejects(
    loadCsvDataset(file, opts),
    /nolabel\.csv has no column named "label"\. The columns it has are: "id", "size", "texture"/,
  );
  await assert.rejects(
    loadCsvDataset(csv("good3.csv", good), { ...opts, features: ["size", "radius"] }),
    /no column named "radius"/,
  );
  await assert.rejects(readCsv(file, { columns: ["a", "b"] }), /has no columns named "a", "b"/);
});

test("missing values (empty cell, NaN): the error names the column and the row", async () => {
  const empty = csv("gap.csv", "id,size,texture,label\n1,2.5,10,M\n2,,12,B\n");
  await assert.rejects(
    loadCsvDataset(empty, opts),
    /Column "size" has a missing value .* at row 1 \(line 3 of gap\.csv/,
  );
  const nan = csv("nan.csv", "id,size,texture,label\n1,2.5,10,M\n2,1.0,12,B\n3,3.5,NaN,M\n");
  await assert.rejects(
    loadCsvDataset(nan, opts),
    /Column "texture" has a missing value \(NaN\) at row 2 \(line 4/,
  );
  const noLabel = csv("nolab.csv", "id,size,texture,label\n1,2.5,10,M\n2,1.0,12,\n");
  await assert.rejects(
    loadCsvDataset(noLabel, opts),
    /Label column "label" has a missing value at row 1/,
  );
});

test("non-numeric values and unknown labels: the error names column, row and value", async () => {
  const text = csv("text.csv", "id,size,texture,label\n1,2.5,10,M\n2,big,12,B\n");
  await assert.rejects(
    loadCsvDataset(text, opts),
    /Column "size" has the value "big" at row 1 \(line 3 of text\.csv.*not a number/,
  );
  const label = csv("lab.csv", "id,size,texture,label\n1,2.5,10,M\n2,1.0,12,X\n");
  await assert.rejects(
    loadCsvDataset(label, opts),
    /Label column "label" has "X" at row 1 .*known labels are "M" → 1, "B" → 0/,
  );
  const numeric = csv("num.csv", "size,y\n1,0\n2,1\n3,2\n");
  await assert.rejects(
    loadCsvDataset(numeric, { label: "y" }),
    /Label column "y" has 2 at row 2.*labels must be 0 or 1/,
  );
});

test("empty data: an empty file, a header without rows, a missing file", async () => {
  await assert.rejects(readCsv(csv("empty.csv", "")), /empty\.csv is empty/);
  await assert.rejects(readCsv(csv("header.csv", "a,b,c\n")), /header\.csv has no data rows/);
  await assert.rejects(readCsv(path.join(dir, "nope.csv")), /there is no file .*nope\.csv/);
  await assert.rejects(
    readCsv(csv("short.csv", "a,b,c\n1,2,3\n4,5\n")),
    /short\.csv could not be read as CSV: line 3 has 2 fields but the header \(line 1\) has 3/,
  );
});

test("DataFrame ↔ matrix round trip (rows of the frame are columns of X)", async () => {
  const X = Matrix.from([
    [1, 2, 3],
    [4.5, 5.5, 6.5],
  ]);
  const df = matrixToFrame(X, ["a", "b"]);
  assert.deepEqual(df.shape, [3, 2]);
  assert.deepEqual(df.columns, ["a", "b"]);
  assert.ok(frameToMatrix(df).allClose(X, 0, 0));
  assert.deepEqual(frameToMatrix(df, ["b"]).toList(), [4.5, 5.5, 6.5]);
  assert.throws(
    () => frameToMatrix(df, ["c"]),
    /The DataFrame has no column named "c"\. The columns it has are: "a", "b"/,
  );
  assert.throws(() => matrixToFrame(X, ["a"]), /X is 2×3 \(2 features\) but 1 column names/);
  const labels = matrixToFrame(Matrix.from([[0, 1, 1]]), ["y"]);
  assert.deepEqual(labelsFromColumn(labels, "y").toList(), [0, 1, 1]);
});

test("the course's breast-cancer data loads: 30 features × 569 tumours, 212 malignant", async () => {
  const d = await loadCsvDataset(dataPath("breast-cancer-wisconsin.csv"), {
    label: "diagnosis",
    classes: { M: 1, B: 0 },
    drop: ["id"],
  });
  assert.equal(d.X.shape(), "30×569");
  assert.equal(d.y.sum(), 212);
  assert.equal(d.featureNames[0], "mean_radius");
  assert.equal(d.X.get(0, 0), 17.99);
});

test("showFrame: an HTML table with the index, the columns and numbers to 4 significant digits", async () => {
  const items: DisplayItem[] = [];
  setDisplaySink((item) => items.push(item));
  const df = await readCsv(
    csv("show.csv", "name,value\nalpha,0.0063991\nbeta,1234.5678\ngamma,7\n"),
  );
  showFrame(df, { maxRows: 2 });
  const html = (items[0] as DisplayItem).content;
  assert.equal(items[0]?.mime, "text/html");
  assert.match(html, /<th[^>]*>name<\/th><th[^>]*>value<\/th>/);
  assert.match(html, />alpha<.*>0\.006399<.*>beta<.*>1235</);
  assert.doesNotMatch(html, /gamma/);
  assert.match(html, /1 more rows \(3 × 2\)/);
});

test("CSV parse errors name the line; mixed CRLF/LF line endings get a hint; a folder is not a file", async () => {
  // danfojs alone says "Too many fields: expected 3 fields but parsed 5", with no line number
  await assert.rejects(readCsv(csv("wide.csv", "a,b,c\n1,2,3\n4,5,6,7,8\n7,8,9\n")), {
    message:
      'wide.csv could not be read as CSV: line 3 has 5 fields but the header (line 1) has 3: every row needs one value per column (a stray comma, or a value with a comma that needs "quotes"?)',
  });
  // a quoted comma is one field, not two
  await assert.rejects(
    readCsv(csv("quoted.csv", 'a,b\n"1,5",2\n3\n')),
    /line 3 has 1 fields but the header \(line 1\) has 2/,
  );
  // the parser takes CRLF from the first line, so the LF line runs into the next one
  await assert.rejects(
    readCsv(csv("mixed.csv", "a,b,c\r\n1,2,3\r\n4,5,6\n7,8,9\r\n")),
    /mixed\.csv mixes Windows \(CRLF\) and Unix \(LF\) line endings \(3 lines end in CRLF, 1 in LF, the first at line 3\).*sed -i 's\/\\r\$\/\/' mixed\.csv/,
  );
  await assert.rejects(
    readCsv(dir),
    (e: Error) =>
      e.message.startsWith(
        `readCsv: ${dir} is a folder, not a file: give the path of a CSV file. It holds `,
      ) && !/EISDIR/.test(e.message),
  );
});

test("a CSV with an unbalanced quote names the line that opens it", () => {
  const why = csvProblem('a,b,c\n1,2,3\n4,"5,6\n7,8,9\n', "bad.csv");
  assert.match(
    why ?? "",
    /^line 3 opens a quoted value \(".*never closed.*remove the stray " on line 3$/,
  );
});
