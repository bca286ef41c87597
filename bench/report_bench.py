#!/usr/bin/env python3
"""Report benchmark: the report workbook for 5,000 indicators x 10 periods, timed against plain
libxlsxwriter writing the same cells in the same run.

Builds bench/report_bench.cpp and runs it in its own process (--repeat rounds inside it). The
program generates the model in memory, computes its statuses, writes the report with
kpimap::write_report, reads the report back with kpimap's reader and writes exactly those cells
(same sheets, same places, text as text, numbers as numbers) with plain libxlsxwriter: no
formats, widths, merges, conditional formats, charts or sparklines. Both in libxlsxwriter's
default mode (not constant_memory); the plain writer with constant_memory is timed too, for
reference. The best time of each is compared.

Target (informational, never fails the run): report within 1.3x the plain writer.

Not part of the test suite. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
from benchlib import build_targets, environment, log, loud, run_once  # noqa: E402

TARGET_RATIO = 1.3


def build(build_dir: Path, no_build: bool) -> Path:
    binary = build_dir / "bench" / "report_bench"
    if not no_build and (failed := build_targets(build_dir, ["report_bench"])):
        loud(f"report_bench: {failed}")
        sys.exit(2)
    if not binary.exists():
        loud(f"report_bench: {binary} is missing (build it, or drop --no-build)")
        sys.exit(2)
    return binary


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build-dir", type=Path, default=REPO_DIR / "build")
    ap.add_argument("--no-build", action="store_true", help="use the existing binary, no cmake")
    ap.add_argument("--indicators", type=int, default=5000)
    ap.add_argument("--periods", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=3, help="rounds inside the program")
    args = ap.parse_args()
    build_dir = args.build_dir.resolve()
    binary = build(build_dir, args.no_build)
    results = BENCH_DIR / "results"
    work = results / "report_bench"
    work.mkdir(parents=True, exist_ok=True)
    log(f"report_bench: {args.indicators} indicators x {args.periods} periods, "
        f"{args.repeat} rounds ...")
    run = run_once([str(binary), str(work), "--indicators", str(args.indicators),
                    "--periods", str(args.periods), "--repeat", str(args.repeat)],
                   timeout=1800)
    if "error" in run or "report" not in run:
        loud(f"report_bench failed: {run.get('error', run)}")
        return 2
    r = run["report"]
    ratio = r["ratio"]
    log("")
    log(f"cells written: {r['cells']:,} ({r['text_cells']:,} text) in sheets "
        f"{', '.join(r['sheets'])}")
    log(f"{'writer':<44} {'best s':>8} {'runs':>24} {'MB':>6}")
    fmt_runs = lambda xs: " ".join(f"{x:.3f}" for x in xs)  # noqa: E731
    log(f"{'kpimap write_report':<44} {r['report_best_s']:8.3f} {fmt_runs(r['report_s']):>24} "
        f"{r['report_bytes'] / 1e6:6.2f}")
    log(f"{'plain libxlsxwriter, same cells':<44} {r['plain_best_s']:8.3f} "
        f"{fmt_runs(r['plain_s']):>24} {r['plain_bytes'] / 1e6:6.2f}")
    log(f"{'plain libxlsxwriter, constant_memory':<44} {r['plain_constant_memory_best_s']:8.3f} "
        f"{fmt_runs(r['plain_constant_memory_s']):>24}")
    log(f"(not in the ratio: compute_statuses {r['status_s']:.3f} s, model generation "
        f"{r['generate_s']:.3f} s; process wall {run['wall_s']:.2f} s, peak RSS "
        f"{run.get('rss_mb', 0):.0f} MB)")
    verdict = "PASS" if ratio <= TARGET_RATIO else "MISS"
    log(f"\nratio report / plain: {ratio:.2f}x best against best  ({verdict}, target "
        f"{TARGET_RATIO}x); per round (interleaved) median {r['median_round_ratio']:.2f}x, "
        f"range {r['round_ratios_sorted'][0]:.2f}-{r['round_ratios_sorted'][-1]:.2f}x")
    out = {"run": r, "wall_s": run["wall_s"], "peak_rss_mb": run.get("rss_mb"),
           "target_ratio": TARGET_RATIO, "verdict": verdict,
           "environment": environment(build_dir)}
    (results / "report_bench.json").write_text(json.dumps(out, indent=1) + "\n")
    log(f"-> {results / 'report_bench.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
