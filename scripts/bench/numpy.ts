/**
 * The NumPy twin (bench_numpy.py): finding a Python with NumPy, the files both sides read (data, weights,
 * mini-batch orders), and one run of the twin with its BLAS limited to a number of threads.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Matrix } from "../../lib/src/core/matrix";

export interface PythonInfo {
  exe: string;
  version: string;
  numpy: string;
}

export function findPython(): { chosen: PythonInfo | null; report: string[] } {
  const candidates = [process.env.BENCH_PYTHON, "python3", "/usr/bin/python3"].filter(
    (c): c is string => !!c,
  );
  const report: string[] = [];
  let chosen: PythonInfo | null = null;
  const seen = new Set<string>();
  for (const c of candidates) {
    const r = spawnSync(
      c,
      [
        "-c",
        "import sys, numpy; print(sys.executable); print(sys.version.split()[0]); print(numpy.__version__)",
      ],
      { encoding: "utf8" },
    );
    if (r.status !== 0) {
      report.push(`${c}: ${r.error ? "not found" : "no numpy"}`);
      continue;
    }
    const [exe, version, numpy] = r.stdout.trim().split("\n") as [string, string, string];
    if (seen.has(exe)) continue;
    seen.add(exe);
    report.push(`${c} → ${exe} (Python ${version}, NumPy ${numpy})`);
    chosen ??= { exe, version, numpy };
  }
  return { chosen, report };
}

export interface ArraySpec {
  file: string;
  shape: number[];
  dtype: "f64" | "i32";
}

export class Exchange {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), "lr2nn-bench-"));
  private count = 0;
  f64(M: Matrix): ArraySpec {
    const file = `a${this.count++}.f64`;
    writeFileSync(
      path.join(this.dir, file),
      Buffer.from(M.data.buffer, M.data.byteOffset, M.data.byteLength),
    );
    return { file, shape: [M.rows, M.cols], dtype: "f64" };
  }
  i32(values: Int32Array, shape: number[]): ArraySpec {
    const file = `a${this.count++}.i32`;
    writeFileSync(
      path.join(this.dir, file),
      Buffer.from(values.buffer, values.byteOffset, values.byteLength),
    );
    return { file, shape, dtype: "i32" };
  }
  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface NumpyOutput {
  matmul: { name: string; seconds: number }[];
  workloads: { name: string; seconds: number; finalCost: number }[];
}

/** Runs the NumPy twin with its BLAS limited to `threads`; null (and a line saying why) when it fails. */
export function runNumpy(
  exe: string,
  dir: string,
  threads: number,
  mode: string[] = [],
): NumpyOutput | null {
  const t = String(threads);
  const env = { ...process.env, OPENBLAS_NUM_THREADS: t, OMP_NUM_THREADS: t, MKL_NUM_THREADS: t };
  const r = spawnSync(exe, [path.join(__dirname, "bench_numpy.py"), dir, ...mode], {
    encoding: "utf8",
    env,
    maxBuffer: 1 << 24,
  });
  if (r.status === 0) return JSON.parse(r.stdout) as NumpyOutput;
  console.log(
    `NumPy twin (${threads} thread${threads > 1 ? "s" : ""}) failed (exit ${r.status}): ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`,
  );
  return null;
}
