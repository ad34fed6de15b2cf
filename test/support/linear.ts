// Plain-array linear algebra for the independent solvers the tests compare trainers with.

/** Solves A·x = b by Gaussian elimination with partial pivoting (A is k×k, as plain arrays). */
export function solve(A: number[][], b: number[]): number[] {
  const k = b.length;
  const M = A.map((row, i) => [...row, b[i] as number]);
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    for (let r = c + 1; r < k; r++) {
      const f = M[r]![c]! / M[c]![c]!;
      for (let q = c; q <= k; q++) M[r]![q]! -= f * M[c]![q]!;
    }
  }
  const x = new Array<number>(k).fill(0);
  for (let r = k - 1; r >= 0; r--) {
    let s = M[r]![k]!;
    for (let q = r + 1; q < k; q++) s -= M[r]![q]! * x[q]!;
    x[r] = s / M[r]![r]!;
  }
  return x;
}
