#!/usr/bin/env python3
"""Read benchmark: kpimap's workbook reader against openpyxl and SheetJS on one large workbook.

Generates (once, cached under bench/results/) a 50,000 x 20 workbook with a quarter of the cells
as shared-string text, then reads it with each peer in its own process, several times, and reports
the best wall time and the peak resident memory of each. Inflating the sheet XML alone is measured
as a floor. Every peer prints a checksum of what it read; they must all match the checksum the
generator recorded, otherwise the run fails loudly (exit 1).

Not part of the test suite. See bench/README.md.
"""

from __future__ import annotations

import os
import sys

# openpyxl comes from Debian (python3-openpyxl), so it lives in /usr/bin/python3; another python3
# earlier on PATH (pyenv, venv) may lack it. Re-run under the system interpreter in that case.
try:
    import openpyxl  # noqa: F401
except ImportError:
    _SYSTEM_PYTHON = "/usr/bin/python3"
    if os.path.realpath(sys.executable) != os.path.realpath(_SYSTEM_PYTHON) and os.path.exists(
            _SYSTEM_PYTHON) and not os.environ.get("KPIMAP_BENCH_REEXEC"):
        os.environ["KPIMAP_BENCH_REEXEC"] = "1"
        os.execv(_SYSTEM_PYTHON, [_SYSTEM_PYTHON, os.path.abspath(__file__), *sys.argv[1:]])
    sys.exit("read_bench: openpyxl is not importable (apt-get install python3-openpyxl)")

import argparse
import json
import shutil
import statistics
import subprocess
import time
import zipfile
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
import make_workbook  # noqa: E402
from benchlib import (build_targets, cmd_out, environment, log,  # noqa: E402
                      loud, run_once, show)

SHEET_PART = "xl/worksheets/sheet1.xml"
READERS = ("kpimap", "openpyxl", "sheetjs")
FLOOR = "inflate"
ALL_PEERS = (*READERS, FLOOR)
# Informational targets; a miss is reported, never fails the run.
TARGET_VS_OPENPYXL = 15.0
TARGET_VS_SHEETJS = 12.0
TARGET_KPIMAP_RSS_MB = 120.0
SUM_REL_TOLERANCE = 1e-6
EXACT_FIELDS = ("cells", "text_cells", "number_cells", "text_bytes")

# The floor: inflate the sheet part and throw the bytes away, in a fresh python process.
_INFLATE_CODE = r"""
import json, sys, time, zipfile
t0 = time.perf_counter()
n = 0
with zipfile.ZipFile(sys.argv[1]) as zf, zf.open(sys.argv[2]) as f:
    while True:
        b = f.read(1 << 20)
        if not b:
            break
        n += len(b)
t1 = time.perf_counter()
print(json.dumps({"peer": "inflate", "inflated_bytes": n, "load_s": t1 - t0, "iterate_s": 0.0}))
"""


# ---------------------------------------------------------------------------------------------
# Preparing the inputs and the peers


def ensure_workbook(results: Path, rows: int, cols: int, seed: int) -> tuple[Path, dict]:
    path = results / make_workbook.cached_name(rows, cols, seed)
    sidecar = Path(make_workbook.expected_path(str(path)))
    if path.exists() and sidecar.exists():
        log(f"workbook: {show(path)} (cached)")
        return path, json.loads(sidecar.read_text(encoding="utf-8"))
    log(f"workbook: generating {rows} x {cols} into {show(path)} ...")
    t0 = time.perf_counter()
    expected = make_workbook.generate(str(path), rows, cols, seed)
    log(f"workbook: written in {time.perf_counter() - t0:.1f} s, "
        f"{path.stat().st_size / 1e6:.1f} MB")
    return path, expected


def ensure_node_modules() -> str | None:
    """Installs the pinned SheetJS into bench/node_modules when absent; returns an error or None."""
    if not shutil.which("node") or not shutil.which("npm"):
        return "node or npm not found on PATH"
    pinned = json.loads((BENCH_DIR / "package.json").read_text())["dependencies"]["xlsx"]
    installed_pkg = BENCH_DIR / "node_modules" / "xlsx" / "package.json"
    if installed_pkg.exists() and json.loads(installed_pkg.read_text())["version"] == pinned:
        return None
    cmd = ["npm", "ci" if (BENCH_DIR / "package-lock.json").exists() else "install",
           "--no-audit", "--no-fund"]
    log(f"sheetjs: {' '.join(cmd)} (in bench/) ...")
    proc = subprocess.run(cmd, cwd=BENCH_DIR, capture_output=True, text=True)
    if proc.returncode != 0:
        return f"{' '.join(cmd)} failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}"
    return None


def ensure_kpimap(build_dir: Path, no_build: bool) -> tuple[Path | None, str | None]:
    """Returns (binary, note). The build is always brought up to date (a no-op when it is) unless
    --no-build; if building fails, an existing binary is used with a loud warning."""
    binary = build_dir / "bench" / "read_workbook"
    if no_build:
        return (binary, None) if binary.exists() else (None, f"{binary} missing (--no-build)")
    failed = build_targets(build_dir, ["read_workbook"])
    if failed:
        if binary.exists():
            loud(f"kpimap: BUILD FAILED; benchmarking the existing, possibly stale {binary}\n{failed}")
            return binary, "stale binary: build failed"
        return None, failed
    return binary, None


# ---------------------------------------------------------------------------------------------
# Running one peer




def checksum_of(report: dict) -> dict:
    return {k: report.get(k) for k in (*EXACT_FIELDS, "number_sum")}


def compare(expected: dict, got: dict) -> list[str]:
    problems = []
    for k in EXACT_FIELDS:
        if got.get(k) != expected[k]:
            problems.append(f"{k}: expected {expected[k]}, got {got.get(k)}")
    want, have = expected["number_sum"], got.get("number_sum")
    if not isinstance(have, (int, float)) or abs(have - want) > SUM_REL_TOLERANCE * max(
            abs(want), 1.0):
        problems.append(f"number_sum: expected {want!r}, got {have!r} "
                        f"(tolerance {SUM_REL_TOLERANCE:g} relative)")
    return problems


# ---------------------------------------------------------------------------------------------
# Reporting


def fmt_ratio(x: float | None) -> str:
    return "-" if x is None else f"{x:.1f}x"


def main() -> int:
    ap = argparse.ArgumentParser(description="Compare kpimap's workbook reader with openpyxl and "
                                 "SheetJS on a generated 1,000,000-cell workbook.")
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs per peer; best wall time and max RSS are reported (default 3)")
    ap.add_argument("--build-dir", type=Path, default=REPO_DIR / "build",
                    help="CMake build dir holding bench/read_workbook (default <repo>/build)")
    ap.add_argument("--no-build", action="store_true",
                    help="use the existing read_workbook binary, do not run cmake")
    ap.add_argument("--peers", default=",".join(ALL_PEERS),
                    help=f"comma-separated subset of {','.join(ALL_PEERS)} (default all)")
    ap.add_argument("--rows", type=int, default=make_workbook.DEFAULT_ROWS)
    ap.add_argument("--cols", type=int, default=make_workbook.DEFAULT_COLS)
    ap.add_argument("--seed", type=int, default=make_workbook.DEFAULT_SEED)
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds per run (default 900)")
    ap.add_argument("--results-dir", type=Path, default=BENCH_DIR / "results")
    ap.add_argument("--json", type=Path, default=None,
                    help="where to write results (default <results-dir>/read_bench.json)")
    args = ap.parse_args()

    peers = [p.strip() for p in args.peers.split(",") if p.strip()]
    unknown = [p for p in peers if p not in ALL_PEERS]
    if unknown or not peers or args.repeat < 1:
        ap.error(f"bad --peers/--repeat: {unknown or args.peers}")
    build_dir = args.build_dir.resolve()
    args.results_dir.mkdir(parents=True, exist_ok=True)
    json_path = args.json or args.results_dir / "read_bench.json"

    workbook, expected = ensure_workbook(args.results_dir, args.rows, args.cols, args.seed)
    with zipfile.ZipFile(workbook) as zf:
        sheet_xml_bytes = zf.getinfo(SHEET_PART).file_size

    unavailable: dict[str, str] = {}
    commands: dict[str, list[str]] = {}
    kpimap_note = None
    if "kpimap" in peers:
        binary, kpimap_note = ensure_kpimap(build_dir, args.no_build)
        if binary is None:
            unavailable["kpimap"] = kpimap_note or "not built"
        else:
            commands["kpimap"] = [str(binary), str(workbook)]
    if "openpyxl" in peers:
        commands["openpyxl"] = [sys.executable, str(BENCH_DIR / "read_openpyxl.py"), str(workbook)]
    if "sheetjs" in peers:
        problem = ensure_node_modules()
        if problem:
            unavailable["sheetjs"] = problem
        else:
            commands["sheetjs"] = ["node", str(BENCH_DIR / "read_sheetjs.js"), str(workbook)]
    if FLOOR in peers:
        commands[FLOOR] = [sys.executable, "-c", _INFLATE_CODE, str(workbook), SHEET_PART]
    for name, why in unavailable.items():
        loud(f"{name}: UNAVAILABLE, not benchmarked: {why}")

    # Round-robin over the peers so slow drift (thermal, other load) hits them all alike.
    runs: dict[str, list[dict]] = {name: [] for name in commands}
    for rep in range(1, args.repeat + 1):
        for name, argv in commands.items():
            r = run_once(argv, args.timeout)
            runs[name].append(r)
            status = "FAILED" if "error" in r else "ok"
            log(f"  run {rep}/{args.repeat} {name:<9} {r['wall_s']:8.3f} s "
                f"{r['rss_mb']:8.1f} MB  {status}")

    failed: dict[str, str] = {}
    mismatched: dict[str, list[str]] = {}
    summary: dict[str, dict] = {}
    for name, rs in runs.items():
        bad = [r for r in rs if "error" in r]
        if bad:
            failed[name] = bad[0]["error"]
            continue
        best = min(rs, key=lambda r: r["wall_s"])
        rep = best["report"]
        summary[name] = {
            "wall_s_best": best["wall_s"],
            "wall_s_median": statistics.median(r["wall_s"] for r in rs),
            "wall_s_all": [r["wall_s"] for r in rs],
            "rss_mb_max": max(r["rss_mb"] for r in rs),
            "rss_mb_all": [r["rss_mb"] for r in rs],
            "rss_source": best["rss_source"],
            "cpu_s_best_run": best["user_s"] + best["sys_s"],
            "inside_load_s": rep.get("load_s"),
            "inside_iterate_s": rep.get("iterate_s"),
            "version": rep.get("version"),
            "command": commands[name],
        }
        if name in READERS:
            summary[name]["checksum"] = checksum_of(rep)
            problems = compare(expected, rep)
            # Every run of a peer must also agree with its own first run.
            for r in rs[1:]:
                if checksum_of(r["report"]) != checksum_of(rep):
                    problems.append(f"runs disagree: {checksum_of(r['report'])} vs "
                                    f"{checksum_of(rep)}")
            if problems:
                mismatched[name] = problems
        else:
            summary[name]["inflated_bytes"] = rep.get("inflated_bytes")

    for name, err in failed.items():
        loud(f"{name}: RUN FAILED\n{err}")

    # Table.
    kp = summary.get("kpimap", {}).get("wall_s_best")
    log("")
    log(f"workbook: {workbook.name}: {expected['cells']:,} cells ({expected['text_cells']:,} text "
        f"as shared strings), {workbook.stat().st_size / 1e6:.1f} MB zipped, "
        f"sheet XML {sheet_xml_bytes / 1e6:.1f} MB inflated")
    log(f"best of {args.repeat} run(s); wall = whole process (start-up included); "
        "RSS = peak resident set of the process, max over runs")
    header = f"{'peer':<10} {'wall s':>8} {'in-proc s':>10} {'RSS MB':>8} {'vs kpimap':>10}  version"
    log(header)
    log("-" * len(header))
    order = [p for p in ("kpimap", "openpyxl", "sheetjs", FLOOR) if p in commands or p in unavailable]
    for name in order:
        s = summary.get(name)
        if s is None:
            log(f"{name:<10} {'n/a':>8} {'':>10} {'n/a':>8} {'':>10}  "
                f"{'unavailable' if name in unavailable else 'failed'}")
            continue
        inside = (s["inside_load_s"] or 0) + (s["inside_iterate_s"] or 0)
        ratio = s["wall_s_best"] / kp if kp else None
        label = "inflate*" if name == FLOOR else name
        version = s["version"] or ("python zlib" if name == FLOOR else "")
        if name == "kpimap" and kpimap_note:
            version = f"{version} ({kpimap_note})".strip()
        log(f"{label:<10} {s['wall_s_best']:>8.3f} {inside:>10.3f} {s['rss_mb_max']:>8.1f} "
            f"{fmt_ratio(ratio):>10}  {version}")
    if FLOOR in summary:
        log(f"* floor: only inflating {SHEET_PART} ({sheet_xml_bytes / 1e6:.1f} MB), no parsing")

    # Targets (informational).
    targets = []
    if "kpimap" in summary:
        kp_rss = summary["kpimap"]["rss_mb_max"]
        for peer, goal in (("openpyxl", TARGET_VS_OPENPYXL), ("sheetjs", TARGET_VS_SHEETJS)):
            if peer in summary:
                ratio = summary[peer]["wall_s_best"] / kp
                targets.append({"target": f"{peer}/kpimap wall >= {goal:g}x", "value": ratio,
                                "pass": ratio >= goal})
        targets.append({"target": f"kpimap peak RSS < {TARGET_KPIMAP_RSS_MB:g} MB", "value": kp_rss,
                        "pass": kp_rss < TARGET_KPIMAP_RSS_MB})
    log("")
    log("targets (informational, a MISS does not fail the run):")
    if not targets:
        log("  none evaluated: kpimap was not measured")
    for t in targets:
        value = f"{t['value']:.1f} MB" if "RSS" in t["target"] else f"{t['value']:.1f}x"
        log(f"  {'PASS' if t['pass'] else 'MISS'}  {t['target']:<30} measured {value}")

    # Checksums.
    log("")
    agreeing = [p for p in READERS if p in summary and p not in mismatched]
    if mismatched:
        lines = [f"CHECKSUM DISAGREEMENT (expected from generator: {checksum_of(expected)})"]
        for name, problems in mismatched.items():
            lines.append(f"  {name}:")
            lines.extend(f"    {p}" for p in problems)
        loud("\n".join(lines))
    elif agreeing:
        log(f"checksums agree: {', '.join(agreeing)} all read cells={expected['cells']:,} "
            f"text={expected['text_cells']:,} numbers={expected['number_cells']:,} "
            f"text_bytes={expected['text_bytes']:,} number_sum={expected['number_sum']:.6f} "
            f"(sums within {SUM_REL_TOLERANCE:g} relative), as the generator recorded")
    else:
        log("checksums: no reader completed, nothing compared")

    result = {
        "workbook": {"file": str(workbook), "zipped_bytes": workbook.stat().st_size,
                     "sheet_xml_bytes": sheet_xml_bytes, "expected": expected},
        "repeat": args.repeat,
        "environment": {**environment(build_dir), "node": cmd_out("node", "--version")},
        "peers": summary,
        "ratios_vs_kpimap": {p: summary[p]["wall_s_best"] / kp for p in summary if kp},
        "targets": targets,
        "checksums_agree": not mismatched and bool(agreeing),
        "checksum_problems": mismatched,
        "failed": failed,
        "unavailable": unavailable,
    }
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    log(f"results written to {json_path}")

    if mismatched:
        return 1
    if failed or unavailable:
        loud("INCOMPLETE: " + ", ".join([*failed, *unavailable]) + " not measured (exit 2)")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
