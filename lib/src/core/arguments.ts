/**
 * Checks of arguments that must be matrices, for the public functions that take them (`train`, `fit`,
 * `backwardPass`): a plain array or a number passed where a Matrix belongs is named, with how to make one,
 * instead of failing later with "Y.shape is not a function".
 */
import { Matrix } from "./matrix";
import { describeValue } from "./validate";

/**
 * Throws a TypeError unless `v` is a Matrix, naming it and saying how to make one, e.g. "y must be a Matrix, got
 * an array of 6: make a row of labels with Matrix.row([...])".
 */
export function checkMatrix(
  v: unknown,
  name: string,
  make = "Matrix.from([[...], ...])",
): asserts v is Matrix {
  if (!(v instanceof Matrix))
    throw new TypeError(`${name} must be a Matrix, got ${describeValue(v)}: make one with ${make}`);
}
