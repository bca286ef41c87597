#!/usr/bin/env python3
"""Reconcile benchmark: reconcile and compute statuses of 200 generated workbooks of 500
indicators x 10 periods each.

Generates (once, cached under bench/results/) the workbooks and a <period-table> mapping with
make_indicator_workbooks.py, builds bench/reconcile_status.cpp, runs it several times in its own
process and reports the best wall time, the in-process split (read + convert / fold / finish /
status; each workbook is folded into a kpimap::Reconciler and dropped) and the peak resident
memory. The counts reconcile reports are checked against what the
generator computed independently; a disagreement fails the run loudly (exit 1). Then runs the
same job once through the command line ('kpimap reconcile' on the workbooks, 'kpimap status' on
the reconciled model.json) and reports its cost.

Targets (informational, never fail the run): reconcile + status under 2 s, peak RSS under 300 MB.

Not part of the test suite. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
import make_indicator_workbooks as gen  # noqa: E402
from benchlib import (build_targets, environment, log, loud, run_once,  # noqa: E402
                      show)

TARGET_RECONCILE_STATUS_S = 2.0
TARGET_RSS_MB = 300.0
SUM_REL_TOLERANCE = 1e-6
# Counts reconcile_status must report exactly as the generator predicted them.
EXACT = (("report_source_indicators", "source_indicators"),
         ("merged_indicators", "merged_indicators"),
         ("merged_observations", "merged_observations"),
         ("agreements", "agreements"),
         ("conflicts", "conflicts"))
# Fields every run must repeat identically.
STABLE = ("source_indicators", "source_observations", "merged_indicators", "merged_observations",
          "matches", "suggestions", "agreements", "conflicts", "duplicates", "statuses",
          "travel", "title_hash", "status_hash")


# ---------------------------------------------------------------------------------------------
# Inputs and binaries


def ensure_workbooks(results: Path, workbooks: int, indicators: int, titles: int,
                     seed: int) -> tuple[Path, dict]:
    folder = results / gen.cached_name(workbooks, indicators, titles, seed)
    expected_file = folder / "expected.json"
    if expected_file.exists():  # written last: its presence means the folder is complete
        log(f"workbooks: {show(folder)} (cached)")
        expected = json.loads(expected_file.read_text(encoding="utf-8"))
    else:
        log(f"workbooks: generating {workbooks} x {indicators} indicators x {len(gen.PERIODS)} "
            f"periods into {show(folder)} ...")
        if folder.exists():
            shutil.rmtree(folder)  # an interrupted earlier run
        t0 = time.perf_counter()
        expected = gen.generate(str(folder), workbooks, indicators, titles, seed)
        size = sum(f.stat().st_size for f in folder.iterdir())
        log(f"workbooks: written in {time.perf_counter() - t0:.1f} s, {size / 1e6:.1f} MB")
    # The mapping, also where bench/README.md says it is.
    shutil.copyfile(folder / expected["mapping"], results / "bench-mapping.xml")
    return folder, expected


def find_cli(build_dir: Path) -> Path | None:
    for candidate in (build_dir / "converter" / "cli" / "kpimap", build_dir / "kpimap",
                      build_dir / "bin" / "kpimap"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    for candidate in build_dir.rglob("kpimap"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def ensure_binaries(build_dir: Path, no_build: bool,
                    want_cli: bool) -> tuple[Path | None, Path | None, str | None]:
    """Returns (reconcile_status, kpimap CLI, note). Builds both targets (a no-op when current)
    unless --no-build; when the build fails, existing binaries are used with a loud warning."""
    bench_bin = build_dir / "bench" / "reconcile_status"
    note = None
    if not no_build:
        failed = build_targets(build_dir, ["reconcile_status"] + (["kpimap"] if want_cli else []))
        if failed:
            if not bench_bin.exists():
                loud(f"kpimap: {failed}")
                return None, None, failed.splitlines()[0]
            loud(f"kpimap: BUILD FAILED; benchmarking the existing, possibly stale binaries\n{failed}")
            note = "stale binaries: build failed"
    if not bench_bin.exists():
        return None, None, f"{bench_bin} missing"
    return bench_bin, find_cli(build_dir) if want_cli else None, note


# ---------------------------------------------------------------------------------------------
# Running


def check(expected: dict, rep: dict) -> list[str]:
    problems = []
    for got_key, want_key in EXACT:
        if rep.get(got_key) != expected[want_key]:
            problems.append(f"{got_key}: generator expects {expected[want_key]}, "
                            f"got {rep.get(got_key)}")
    if rep.get("source_observations") != expected["source_observations"]:
        problems.append(f"source_observations: generator expects "
                        f"{expected['source_observations']}, got {rep.get('source_observations')}")
    want, have = expected["kept_value_sum"], rep.get("kept_value_sum")
    if not isinstance(have, (int, float)) or abs(have - want) > SUM_REL_TOLERANCE * max(abs(want), 1):
        problems.append(f"kept_value_sum: generator expects {want!r}, got {have!r}")
    if rep.get("detect_misses"):
        problems.append("the mapping's detection rules do not fit the generated workbook")
    return problems


def run_cli(cli: Path, folder: Path, files: list[str], mapping: Path, timeout: float) -> dict:
    """'kpimap reconcile' on the workbooks, then 'kpimap status' on its model.json, once each."""
    out = {}
    with tempfile.TemporaryDirectory(prefix="kpimap-reconcile-bench-") as tmp:
        rec_dir, st_dir = Path(tmp) / "rec", Path(tmp) / "status"
        # Exit 1 means reconciled with conflicts or suggestions to look at: expected here.
        rec = run_once([str(cli), "reconcile", *[str(folder / f) for f in files], "--mapping",
                        str(mapping), "-o", str(rec_dir)], timeout, ok_exits=(0, 1),
                       want_json=False)
        out["reconcile"] = rec
        if "error" in rec:
            return out
        sizes = {p.name: p.stat().st_size for p in rec_dir.iterdir()}
        rec["outputs_bytes"] = sizes
        st = run_once([str(cli), "status", str(rec_dir / "model.json"), "-o", str(st_dir)],
                      timeout, ok_exits=(0, 1), want_json=False)
        out["status"] = st
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description="Reconcile and compute statuses of generated "
                                 "indicator workbooks; report time and peak memory.")
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs of reconcile_status; best wall time and max RSS are reported "
                    "(default 3)")
    ap.add_argument("--build-dir", type=Path, default=REPO_DIR / "build",
                    help="CMake build dir (default <repo>/build)")
    ap.add_argument("--no-build", action="store_true", help="use existing binaries, no cmake")
    ap.add_argument("--no-cli", action="store_true",
                    help="skip the run through 'kpimap reconcile' and 'kpimap status'")
    ap.add_argument("--workbooks", type=int, default=gen.DEFAULT_WORKBOOKS)
    ap.add_argument("--indicators", type=int, default=gen.DEFAULT_INDICATORS,
                    help="indicator rows per workbook (default 500)")
    ap.add_argument("--titles", type=int, default=gen.DEFAULT_TITLES,
                    help="distinct titles the workbooks draw from (default 600)")
    ap.add_argument("--seed", type=int, default=gen.DEFAULT_SEED)
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds per run (default 1800)")
    ap.add_argument("--results-dir", type=Path, default=BENCH_DIR / "results")
    ap.add_argument("--json", type=Path, default=None,
                    help="where to write results (default <results-dir>/reconcile_bench.json)")
    args = ap.parse_args()
    if args.repeat < 1 or args.workbooks < 1:
        ap.error("--repeat and --workbooks must be at least 1")

    build_dir = args.build_dir.resolve()
    args.results_dir.mkdir(parents=True, exist_ok=True)
    json_path = args.json or args.results_dir / "reconcile_bench.json"
    folder, expected = ensure_workbooks(args.results_dir, args.workbooks, args.indicators,
                                        args.titles, args.seed)
    mapping = folder / expected["mapping"]
    bench_bin, cli, note = ensure_binaries(build_dir, args.no_build, not args.no_cli)
    if bench_bin is None:
        loud(f"reconcile_status: UNAVAILABLE: {note}")
        return 2

    runs = []
    for rep in range(1, args.repeat + 1):
        r = run_once([str(bench_bin), str(folder), str(mapping)], args.timeout)
        runs.append(r)
        if "error" in r:
            log(f"  run {rep}/{args.repeat} FAILED after {r['wall_s']:.1f} s")
            loud(f"reconcile_status: RUN FAILED\n{r['error']}")
            continue
        p = r["report"]
        log(f"  run {rep}/{args.repeat} wall {r['wall_s']:7.3f} s  read+convert {p['convert_s']:7.3f} s"
            f"  fold {p['fold_s']:7.3f} s  finish {p['finish_s']:7.3f} s"
            f"  status {p['status_s']:7.3f} s  RSS {r['rss_mb']:7.1f} MB")
    good = [r for r in runs if "error" not in r]
    failed = len(good) < len(runs)
    cli_result = None
    if not args.no_cli:
        if cli is None:
            loud("kpimap CLI: not found in the build dir; command-line run skipped")
        else:
            log(f"  command line: {show(cli)} reconcile ({len(expected['files'])} workbooks) "
                "then status ...")
            cli_result = run_cli(cli, folder, expected["files"], mapping, args.timeout)
            for step, r in cli_result.items():
                if "error" in r:
                    failed = True
                    loud(f"kpimap {step}: RUN FAILED\n{r['error']}")

    if not good:
        loud("no run of reconcile_status completed; nothing to report")
        return 2

    best = min(good, key=lambda r: r["wall_s"])
    b = best["report"]
    rec_status = b["reconcile_s"] + b["status_s"]
    rec_status_best = min(r["report"]["reconcile_s"] + r["report"]["status_s"] for r in good)
    rss_max = max(r["rss_mb"] for r in good)

    problems = check(expected, b)
    for r in good[1:]:
        diff = [k for k in STABLE if r["report"].get(k) != b.get(k)]
        if diff:
            problems.append(f"runs disagree on {', '.join(diff)}")

    n_wb = b["workbooks"]
    log("")
    log(f"workbooks: {n_wb} x {expected['indicators_per_workbook']} indicators x "
        f"{len(expected['periods'])} periods ({expected['periods'][0]} ... "
        f"{expected['periods'][-1]}), titles drawn from {expected['titles']}; "
        f"{b['source_observations']:,} observations in, {b['cells_seen']:,} cells seen")
    log(f"reconciled: {b['source_indicators']:,} indicators into {b['merged_indicators']:,}; "
        f"{b['merged_observations']:,} observations; {b['matches']:,} matches, "
        f"{b['suggestions']:,} suggestions ({b['wording_suggestions']} on wording; the generator "
        f"planted {expected['wording_variants']}), {b['agreements']:,} agreements, "
        f"{b['conflicts']:,} conflicts; {b['statuses']:,} statuses, "
        f"{b['outcome_summaries']:,} outcome summaries")
    log(f"best of {len(good)} run(s) (by wall time); RSS = peak resident set of the process, "
        "max over runs")
    rows = [
        ("read + convert", b["convert_s"], None),
        ("fold (add)", b["fold_s"], b["rss_mb_after_fold"]),
        ("finish", b["finish_s"], b["rss_mb_after_finish"]),
        ("status", b["status_s"], b["rss_mb_after_status"]),
        ("reconcile + status", rec_status, None),
        ("end-to-end (process)", best["wall_s"], rss_max),
    ]
    header = f"{'step':<22} {'seconds':>9} {'peak RSS MB':>12}"
    log(header)
    log("-" * len(header))
    for name, s, rss in rows:
        log(f"{name:<22} {s:>9.3f} {'' if rss is None else f'{rss:.1f}':>12}")
    log("(reconcile + status = fold + finish + status; read + convert is timed apart. Each "
        "workbook is read, converted, folded and dropped in turn, so read + convert and fold "
        "share one peak RSS, the process high-water mark when the last fold ended; end-to-end "
        "includes start-up, mapping load and exit)")

    cli_summary = None
    if cli_result and all("error" not in r for r in cli_result.values()) and len(cli_result) == 2:
        rec, st = cli_result["reconcile"], cli_result["status"]
        cli_summary = {"reconcile_wall_s": rec["wall_s"], "reconcile_rss_mb": rec["rss_mb"],
                       "status_wall_s": st["wall_s"], "status_rss_mb": st["rss_mb"],
                       "total_wall_s": rec["wall_s"] + st["wall_s"],
                       "reconcile_outputs_bytes": rec.get("outputs_bytes"),
                       "reconcile_says": rec["stdout_tail"], "status_says": st["stdout_tail"]}
        log("")
        log(f"command line, once: kpimap reconcile {n_wb} workbooks --mapping ... "
            f"{rec['wall_s']:.3f} s, {rec['rss_mb']:.1f} MB; kpimap status model.json "
            f"{st['wall_s']:.3f} s, {st['rss_mb']:.1f} MB; together {cli_summary['total_wall_s']:.3f} s")
        log(f"  (reconcile also writes model.json, observations.csv, reconciliation.json/.txt: "
            f"{sum((rec.get('outputs_bytes') or {}).values()) / 1e6:.1f} MB; status reads "
            "model.json back)")

    targets = [
        {"target": f"reconcile + status < {TARGET_RECONCILE_STATUS_S:g} s",
         "value": rec_status_best, "pass": rec_status_best < TARGET_RECONCILE_STATUS_S,
         "unit": "s"},
        {"target": f"peak RSS < {TARGET_RSS_MB:g} MB (whole process, end-to-end)",
         "value": rss_max, "pass": rss_max < TARGET_RSS_MB, "unit": "MB"},
    ]
    log("")
    log("targets (informational, a MISS does not fail the run):")
    for t in targets:
        value = f"{t['value']:.3f} s" if t["unit"] == "s" else f"{t['value']:.1f} MB"
        log(f"  {'PASS' if t['pass'] else 'MISS'}  {t['target']:<52} measured {value}")
    log(f"  (the 2 s target covers Reconciler add() + finish() + compute_statuses(); end-to-end "
        f"including reading and converting the {n_wb} workbooks: {best['wall_s']:.3f} s)")

    log("")
    if problems:
        loud("CHECK FAILED (reconcile disagrees with the generator):\n  " + "\n  ".join(problems))
    else:
        log("checks: indicators, observations, agreements, conflicts and the kept-value sum match "
            "what the generator computed; all runs agree")

    result = {
        "workbooks": {"folder": str(folder), "expected": {k: v for k, v in expected.items()
                                                          if k != "files"}},
        "repeat": args.repeat,
        "environment": environment(build_dir),
        "best_run": {"wall_s": best["wall_s"], "rss_mb": best["rss_mb"], **b},
        "reconcile_plus_status_s_best": rec_status_best,
        "wall_s_all": [r["wall_s"] for r in good],
        "wall_s_median": statistics.median(r["wall_s"] for r in good),
        "rss_mb_max": rss_max,
        "rss_source": best["rss_source"],
        "runs": [r.get("report") for r in runs],
        "cli": cli_summary,
        "targets": targets,
        "checks_pass": not problems,
        "check_problems": problems,
        "note": note,
    }
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    log(f"results written to {json_path}")
    if problems:
        return 1
    if failed:
        loud("INCOMPLETE: a run failed (exit 2)")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
