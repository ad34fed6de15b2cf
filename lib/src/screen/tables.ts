/**
 * Tables on screen: a danfojs DataFrame as an HTML table in the notebook. (danfojs's `print()` draws a text
 * table too wide for a notebook.) Taught in: 05-logistic-regression-in-practice.
 */
import { frameTable, type DataFrame } from "../data/frames";
import { htmlTable, showHtml } from "./display";

/**
 * Shows a DataFrame as an HTML table (index first), numbers to `digits` significant digits (default 4), at most
 * `maxRows` rows (default 20), with a note of how many rows were left out.
 */
export function showFrame(
  df: DataFrame,
  options: { digits?: number; maxRows?: number } = {},
): void {
  const { header, rows, shape } = frameTable(df, options);
  const more = shape[0] - rows.length;
  const note = more > 0 ? `<p>… ${more} more rows (${shape[0]} × ${shape[1]})</p>` : "";
  showHtml(`<div style="overflow-x:auto">${htmlTable(header, rows)}</div>${note}`);
}
