/**
 * Where the course's files are: `dataPath("x.csv")` finds `data/x.csv` in the project, whatever folder the
 * notebook's kernel was started in (the lib is built into lib/dist/data, so data/ is three folders up).
 */
import { existsSync, readdirSync } from "node:fs";
import * as path from "node:path";

/** The project's top folder (the one holding data/, notebooks/ and lib/). */
export const PROJECT_ROOT: string = path.resolve(__dirname, "..", "..", "..");

/** The project's data folder. */
export const DATA_DIR: string = path.join(PROJECT_ROOT, "data");

/** The absolute path of a file in data/; the error lists the files that are there if it is missing. */
export function dataPath(name: string): string {
  const file = path.join(DATA_DIR, name);
  if (!existsSync(file)) {
    const have = existsSync(DATA_DIR) ? readdirSync(DATA_DIR).join(", ") : "(no data folder)";
    throw new Error(`dataPath: there is no "${name}" in ${DATA_DIR}. Files there: ${have}`);
  }
  return file;
}
