/**
 * The demonstration checker of 00-welcome: `double(x) = 2x`, to show the three answers (✔, ✘ with a hint,
 * "not yet") before the first real exercise in 01.
 */
import { Case, exercise } from "./check";

/** double(x) = 2x; recognises x + 2, x², x/2. */
export const checkDouble = exercise<[number], number>({
  name: "double",
  verified: "double(x) = 2x on 4 values of x, including 0 and a negative one",
  params: ["x"],
  hint: "return 2 * x",
  cases: [3, 0, -4, 0.5].map((x): Case<[number]> => ({
    input: `x = ${x}`,
    args: () => [x],
    expected: 2 * x,
    mistakes: [
      { value: x + 2, hint: "that is x + 2: doubling multiplies, 2 * x" },
      { value: x * x, hint: "that is x², x * x: doubling is 2 * x" },
      { value: x / 2, hint: "that is half of x: doubling is 2 * x" },
    ],
  })),
});
