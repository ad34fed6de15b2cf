import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { DATA_DIR, PROJECT_ROOT, dataPath } from "../../lib/src/data/files";

test("PROJECT_ROOT is the folder holding data/, lib/ and notebooks/", () => {
  assert.equal(PROJECT_ROOT, path.resolve(__dirname, "..", ".."));
  assert.ok(existsSync(path.join(PROJECT_ROOT, "lib", "src", "data", "files.ts")));
  assert.equal(DATA_DIR, path.join(PROJECT_ROOT, "data"));
});

test("dataPath finds data/breast-cancer-wisconsin.csv from any working folder", () => {
  const cwd = process.cwd();
  try {
    process.chdir("/");
    const file = dataPath("breast-cancer-wisconsin.csv");
    assert.ok(path.isAbsolute(file));
    assert.equal(file, path.join(PROJECT_ROOT, "data", "breast-cancer-wisconsin.csv"));
    assert.ok(readFileSync(file, "utf8").length > 1000);
  } finally {
    process.chdir(cwd);
  }
});

test("a missing file is refused with the name asked for and the files that are there", () => {
  assert.throws(
    () => dataPath("breast-cancer.csv"),
    (err: Error) => {
      assert.match(err.message, /no "breast-cancer\.csv"/);
      assert.ok(err.message.includes(DATA_DIR), err.message);
      assert.match(err.message, /Files there: .*breast-cancer-wisconsin\.csv/);
      return true;
    },
  );
});
