#!/usr/bin/python3
"""Execute course notebooks top to bottom, each on a fresh tslab kernel, and fail on any error or stderr.

usage: run_notebooks.py [--timeout SECONDS] [--out DIR] [--checks learner|solution] NOTEBOOK.ipynb...

Run by `npm run test:notebooks` (scripts/test.mjs), which registers the kernel in the project's .jupyter/
and sets JUPYTER_PATH. Needs nbclient (Debian: python3-nbclient). The notebooks themselves are never
written: executed copies go to --out (default test-artifacts/executed/), with a summary.json of timings and
sizes.

tslab reports a runtime error on stderr only (the error reply has empty ename/evalue), so a failure is
reported with the cell's stderr text. Course notebooks must run clean: stderr output fails the cell too.

Cells tagged `raises` (in test notebooks: a learner's mistake) must fail, printing their cause as a learner
should meet it: at most 6 lines, one starting with ✘, no stack frames.
Cells tagged `note` (in test notebooks) must print a line starting with ℹ or ⏭ (a note to the learner).
Cells tagged `check` (an exercise's checker) must print one line: with --checks learner (the default, for the
learner's notebooks/) a line containing "not yet" (the exercises are untouched), with --checks solution (for
solutions/) a line starting with ✔. A ✘ fails the notebook in both modes, with the cell's text.
The kernels run with LR2NN_PROSE_CHECKS=strict (solutions; strict-text for learner copies, which skip the
hidden Try-it re-training of onlyUnderTests that the solutions run): a number quoted in the text that no longer matches its output
(expectClose/expectEqual from "lr2nn/exercises") throws instead of printing a note. With --as-learner they run as
a learner's Restart & Run All (no strict checks, hidden Try-it checks skipped): the chapter-times bench uses it.
"""

import argparse
import json
import os
import re
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def stderr_text(cell):
    """All stderr stream text and error outputs of a cell, as one string."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            parts.append(out.get("text", ""))
        elif out.get("output_type") == "error":
            parts.append(f"{out.get('ename', '')}: {out.get('evalue', '')}\n" + "\n".join(out.get("traceback", [])))
    return "".join(parts)


def indent(text, prefix="    | "):
    return "\n".join(prefix + line for line in text.rstrip("\n").split("\n"))


def report_cell(name, index, cell, why):
    print(f"\n✗ {name}: cell {index} {why}", flush=True)
    print("  source:")
    print(indent(cell.source or "(empty)"))
    err = stderr_text(cell)
    print("  stderr:")
    print(indent(err or "(nothing on stderr)"), flush=True)


def stdout_text(cell):
    """All stdout stream text of a cell, as one string."""
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == "stdout")


def check_problem(cell, mode):
    """Why a `check` cell's output is wrong for the mode ("learner" or "solution"), or None when it is right."""
    text = stdout_text(cell).strip()
    if "✘" in text:
        return "printed ✘ (a checker rejected the code)"
    if mode == "solution":
        if not text.startswith("✔") or "not yet" in text:
            return "should print ✔ in a solution notebook"
    elif "not yet" not in text or "✔" in text:
        return 'should print "not yet" in a learner notebook (its exercises arrive untouched)'
    if len(text.splitlines()) != 1:
        return "should print exactly one line"
    return None


MAX_ERROR_LINES = 6


def expected_failure(client, cell, index):
    """Runs a cell tagged `raises` (a learner's mistake, kept in a test notebook): it must fail, and print its cause
    the way a learner should meet it: at most MAX_ERROR_LINES lines on stderr, a line starting with ✘, no stack
    frame. Returns why not, or None. Waits a moment afterwards: tslab refuses requests that arrive right after an
    error (Jupyter's stop-on-error)."""
    try:
        client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
        failed = False
    except CellExecutionError:
        failed = True
    finally:
        time.sleep(0.5)
    err = stderr_text(cell).strip()
    lines = err.splitlines()
    if not failed:
        return "should have failed (it shows a learner's mistake), but ran"
    if len(lines) > MAX_ERROR_LINES:
        return f"printed {len(lines)} lines, at most {MAX_ERROR_LINES}"
    if any(line.lstrip().startswith("at ") for line in lines):
        return "printed stack frames"
    if not any(line.startswith("✘") for line in lines):
        return "printed no line starting with ✘ (the cause)"
    return None


# Measured speeds differ from run to run too: seconds, rates, GFLOP/s and "N× slower" / "N times faster".
TIMES = re.compile(r"\d+(\.\d+)?(e[+-]?\d+)?\s*(ms|s|seconds?|min)\b|\d+(\.\d+)?\s*(epochs|steps)/s\b"
                   r"|\d+(\.\d+)?\s*GFLOP/s|\d+(\.\d+)?\s*(×|times)\s*(slower|faster)")


def comparable(text):
    """A cell's stdout with its timings masked (they differ from run to run; the numbers the text is about do not)."""
    return TIMES.sub("<time>", text)


def continues(cell):
    """A cell whose first line says re-running it goes on (e.g. "// Run again for 100 more epochs")."""
    first = (cell.source or "").lstrip().split("\n", 1)[0].lower()
    return first.startswith("//") and "again" in first


def run_one(path, out_dir, timeout, checks="learner", twice=False):
    """Runs one notebook; returns a result dict (ok, times, the executed copy's size). With `twice`, every code
    cell runs twice in a row, as a learner re-running it does, and must print the same (timings aside): cells
    that draw random numbers seed their own generator, a training cell trains a model it makes. Exceptions: check
    cells (a second grading says so) and cells whose first line says re-running goes on."""
    name = os.path.basename(path)
    nb = nbformat.read(path, as_version=4)
    cwd = os.path.dirname(os.path.abspath(path))
    client = NotebookClient(nb, kernel_name="tslab", timeout=timeout, allow_errors=False,
                            resources={"metadata": {"path": cwd}})
    result = {"notebook": name, "ok": False, "cells": len(nb.cells), "kernel_start_s": None, "wall_s": None}
    t0 = time.monotonic()
    try:
        # setup_kernel starts the kernel (cwd = the notebook's folder) and shuts it down afterwards.
        with client.setup_kernel(cwd=cwd):
            info = client.wait_for_reply(client.kc.kernel_info())  # kernel is up once it answers
            result["kernel_start_s"] = round(time.monotonic() - t0, 2)
            nb.metadata["language_info"] = info["content"].get("language_info", {})
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                if "raises" in cell.metadata.get("tags", []):
                    why = expected_failure(client, cell, index)
                    if why:
                        report_cell(name, index, cell, f"(tagged raises) {why}")
                        return result
                    result["raises"] = result.get("raises", 0) + 1
                    continue
                try:
                    client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
                except CellTimeoutError:
                    report_cell(name, index, cell, f"did not finish within {timeout} s")
                    return result
                except DeadKernelError:
                    report_cell(name, index, cell, "killed the kernel")
                    return result
                except CellExecutionError:
                    report_cell(name, index, cell, "failed")
                    return result
                if stderr_text(cell):
                    report_cell(name, index, cell, "wrote to stderr (course notebooks must run clean)")
                    return result
                tags = cell.metadata.get("tags", [])
                if twice and "check" not in tags and not continues(cell):
                    first = comparable(stdout_text(cell))
                    try:
                        client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
                    except CellExecutionError:
                        report_cell(name, index, cell, "failed when run a second time in a row")
                        return result
                    second = comparable(stdout_text(cell))
                    if stderr_text(cell) or second != first:
                        report_cell(name, index, cell, "printed something else when run a second time in a row")
                        print("  first run:")
                        print(indent(first or "(nothing)"))
                        print("  second run:")
                        print(indent(second or "(nothing)"), flush=True)
                        return result
                    result["twice"] = result.get("twice", 0) + 1
                if "note" in tags and not any(l.startswith(("ℹ", "⏭")) for l in stdout_text(cell).splitlines()):
                    report_cell(name, index, cell, "(tagged note) should print a line starting with ℹ or ⏭")
                    return result
                if "check" in tags:
                    why = check_problem(cell, checks)
                    if why:
                        report_cell(name, index, cell, f"(a check cell) {why}")
                        print("  stdout:")
                        print(indent(stdout_text(cell) or "(nothing on stdout)"), flush=True)
                        return result
                    result["checks"] = result.get("checks", 0) + 1
        result["ok"] = True
        return result
    except Exception as e:  # kernel would not start, unreadable notebook, …
        print(f"\n✗ {name}: {type(e).__name__}: {e}", flush=True)
        return result
    finally:
        result["wall_s"] = round(time.monotonic() - t0, 2)
        os.makedirs(out_dir, exist_ok=True)
        copy = os.path.join(out_dir, name)
        nbformat.write(nb, copy)  # the executed copy, even a partial one: useful to look at a failure
        result["executed_bytes"] = os.path.getsize(copy)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("notebooks", nargs="+")
    ap.add_argument("--timeout", type=int, default=int(os.environ.get("LR2NN_TIMEOUT", "120")),
                    help="seconds per cell (default 120, or $LR2NN_TIMEOUT)")
    ap.add_argument("--out", default=os.path.join(ROOT, "test-artifacts", "executed"))
    ap.add_argument("--checks", choices=["learner", "solution"], default="learner",
                    help='what cells tagged "check" must print: "not yet" (learner, default) or ✔ (solution)')
    ap.add_argument("--twice", default="",
                    help="comma-separated name prefixes (e.g. 04-,09-): those notebooks run every code cell twice in a "
                         "row and must print the same")
    ap.add_argument("--as-learner", action="store_true",
                    help="run as a learner's Restart & Run All: prose checks print notes instead of throwing, and "
                         "the hidden Try-it checks (onlyUnderTests) are skipped; for timing chapters")
    args = ap.parse_args()
    twice = [p for p in args.twice.split(",") if p]

    if args.as_learner:
        os.environ.pop("LR2NN_PROSE_CHECKS", None)
    else:
        # inherited by every kernel started below; the learner copies skip the Try-it re-training
        # (onlyUnderTests), which the solutions' run does
        os.environ["LR2NN_PROSE_CHECKS"] = "strict" if args.checks == "solution" else "strict-text"
    out_dir = os.path.abspath(args.out)
    notebooks_dir = os.path.realpath(os.path.join(ROOT, "notebooks"))
    if os.path.realpath(out_dir).startswith(notebooks_dir):
        sys.exit("refusing to write executed notebooks into notebooks/")

    results = []
    for path in args.notebooks:
        print(f"▶ {os.path.basename(path)}", flush=True)
        r = run_one(path, out_dir, args.timeout, args.checks,
                    twice=any(os.path.basename(path).startswith(p) for p in twice))
        results.append(r)
        mark = "✓" if r["ok"] else "✗"
        ks = "?" if r["kernel_start_s"] is None else f"{r['kernel_start_s']:.1f}"
        checked = f", {r['checks']} checks {'✔' if args.checks == 'solution' else 'not yet'}" if r.get("checks") else ""
        checked += f", {r['twice']} cells run twice with the same output" if r.get("twice") else ""
        checked += f", {r['raises']} mistakes each shown in one line" if r.get("raises") else ""
        print(f"{mark} {r['notebook']}: {r['wall_s']:.1f} s (kernel start {ks} s), {r['cells']} cells{checked}, "
              f"executed copy {r['executed_bytes']:,} bytes", flush=True)

    with open(os.path.join(out_dir, "summary.json"), "w") as f:
        json.dump(results, f, indent=1)
        f.write("\n")
    failed = [r["notebook"] for r in results if not r["ok"]]
    print(f"\nnotebooks: {len(results) - len(failed)} passed, {len(failed)} failed"
          + (f" ({', '.join(failed)})" if failed else ""))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
