#!/usr/bin/env python3
"""Add-in benchmark: the kpimap core compiled to WebAssembly, in the Excel add-in's task pane in
headless Chromium, against the native CLI on the same files. Not a test: no figure here fails.

    bench/addin_bench.py                    # 3 runs each, kpimap from build/
    bench/addin_bench.py --repeat 5 --skip-large

For each workbook (the bundled trajectory grid samples/000_trajectory_grid.xlsx, a seed-sized
workbook, and the read benchmark's 1,000,000-cell workbook, made by make_workbook.py and cached in
bench/results/ as read_bench.py does):

  wasm ready from the page's navigation to the pane's "Ready." (the core's .mjs imported, its
             .wasm fetched, compiled and instantiated), at the first load and at reloads in the
             same browser: Excel loads the task pane's page afresh whenever it opens the pane;
  wasm pane  clicking "Check this workbook" until the pane shows the result: the bytes read in
             4 MiB slices from the stand-in Office host, the core's checkWorkbook (mapping
             detection and conversion), the diagnostics listed (bench/addin_bench.mjs); the
             first click of a page load is cold, the pane figure is the fastest (warm) click;
  wasm core  checkWorkbook alone, on bytes already in the page;
  native     `kpimap convert FILE -o DIR`, the same work in the native CLI, as a process (its
             wall time includes process start; the wasm figures do not include page load);
  inspect    `kpimap inspect FILE --format json` (reading every cell), for reference.

Ratio = wasm core / native convert (minimum of the runs each). Target: the seed-sized workbook
checked in the pane in under 300 ms. Needs addin/dist/kpimap-core.mjs (scripts/build-wasm),
addin/node_modules (scripts/test-addin installs it), Chromium (KPIMAP_CHROMIUM, default
/usr/bin/chromium) and build/converter/kpimap.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_workbook  # noqa: E402
from benchlib import BENCH_DIR, REPO_DIR, log, show  # noqa: E402

SEED_WORKBOOK = REPO_DIR / "samples" / "000_trajectory_grid.xlsx"
TARGET_SEED_MS = 300.0


def ensure_large(results: Path) -> Path:
    path = results / make_workbook.cached_name(make_workbook.DEFAULT_ROWS, make_workbook.DEFAULT_COLS,
                                               make_workbook.DEFAULT_SEED)
    if not path.exists():
        log(f"workbook: generating the 1,000,000-cell workbook into {show(path)} ...")
        results.mkdir(parents=True, exist_ok=True)
        make_workbook.generate(str(path))
    else:
        log(f"workbook: {show(path)} (cached)")
    return path


def time_native(argv: list[str], repeat: int) -> tuple[list[float], int]:
    times, code = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append((time.perf_counter() - t0) * 1000)
        code = proc.returncode
    return times, code


def native_convert(kpimap: Path, workbook: Path, repeat: int) -> tuple[list[float], int]:
    with tempfile.TemporaryDirectory() as out:
        return time_native([str(kpimap), "convert", str(workbook), "-o", out], repeat)


def wasm(workbook: Path, repeat: int, timeout: float, core: Path) -> dict:
    proc = subprocess.run(["node", str(BENCH_DIR / "addin_bench.mjs"), str(workbook), "--repeat", str(repeat),
                           "--reloads", str(repeat), "--core", str(core)],
                          capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"addin_bench.mjs exit {proc.returncode}: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--build-dir", type=Path, default=REPO_DIR / "build")
    ap.add_argument("--results-dir", type=Path, default=BENCH_DIR / "results")
    ap.add_argument("--skip-large", action="store_true", help="only the seed-sized workbook")
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds for each browser run")
    ap.add_argument("--core", type=Path, default=REPO_DIR / "addin" / "dist" / "kpimap-core.mjs",
                    help="the module the pane loads; addin/test/browser/stub-core.mjs measures the "
                         "pane's own cost (reading the slices, drawing the answer) without the core; "
                         "a SINGLE_FILE build of the core (the wasm inside the .mjs) compares the two "
                         "ways of shipping it")
    args = ap.parse_args()
    other = args.core.resolve() != (REPO_DIR / "addin" / "dist" / "kpimap-core.mjs").resolve()
    stub = args.core.name == "stub-core.mjs"

    kpimap = args.build_dir / "converter" / "kpimap"
    missing = [what for what, ok in [
        (f"{show(args.core)} (scripts/build-wasm)", args.core.exists()),
        ("addin/node_modules (scripts/test-addin)", (REPO_DIR / "addin" / "node_modules" / "playwright-core").exists()),
        ("node", shutil.which("node") is not None),
        (f"Chromium at {os.environ.get('KPIMAP_CHROMIUM', '/usr/bin/chromium')}",
         Path(os.environ.get("KPIMAP_CHROMIUM", "/usr/bin/chromium")).exists()),
        (f"{show(kpimap)} (scripts/build)", kpimap.exists()),
    ] if not ok]
    if missing:
        log("addin_bench: missing " + "; ".join(missing))
        return 77

    workbooks = [("seed", SEED_WORKBOOK)]
    if not args.skip_large:
        workbooks.append(("1M cells", ensure_large(args.results_dir)))

    if stub:
        log(f"core: {show(args.core)}, NOT the kpimap core: the wasm figures are the pane's own cost")
    elif other:
        log(f"core: {show(args.core)}, served in place of addin/dist/kpimap-core.mjs")
    rows = []
    for label, workbook in workbooks:
        log(f"{label}: {show(workbook)} ({workbook.stat().st_size / 1e6:.2f} MB)")
        browser = wasm(workbook, args.repeat, args.timeout, args.core)
        convert_ms, convert_exit = native_convert(kpimap, workbook, args.repeat)
        inspect_ms, _ = time_native([str(kpimap), "inspect", str(workbook), "--format", "json"], args.repeat)
        row = {
            "workbook": label, "file": show(workbook), "bytes": browser["bytes"],
            "wasm_load_ms": browser["load_ms"],
            "wasm_ready_ms": browser["ready_ms"][0], "wasm_reload_ready_ms": min(browser["ready_ms"][1:]),
            "wasm_first_click_ms": browser["pane_ms"][0], "wasm_reload_click_ms": min(browser["reload_click_ms"]),
            "wasm_pane_ms": min(browser["pane_ms"]), "wasm_core_ms": min(browser["core_ms"]),
            "native_convert_ms": min(convert_ms), "native_convert_exit": convert_exit,
            "native_inspect_ms": min(inspect_ms),
            "wasm_warm_up_ms": browser["warm_up_ms"][0], "warm_up": browser["warm_up"],
            "pane_message": browser["message"], "core_outcome": browser["outcome"],
        }
        row["ratio_core_to_native"] = row["wasm_core_ms"] / row["native_convert_ms"]
        rows.append(row)
        log(f"  wasm ready (first load)     {row['wasm_ready_ms']:9.1f} ms")
        log(f"  wasm ready (reload)         {row['wasm_reload_ready_ms']:9.1f} ms   runs {', '.join(f'{x:.0f}' for x in browser['ready_ms'][1:])}")
        log(f"  wasm warm-up after Ready.   {row['wasm_warm_up_ms']:9.1f} ms   ({row['warm_up']}; every click waits for it)")
        log(f"  wasm first click            {row['wasm_first_click_ms']:9.1f} ms   after reloads {', '.join(f'{x:.0f}' for x in browser['reload_click_ms'])}")
        log(f"  wasm pane (click to answer) {row['wasm_pane_ms']:9.1f} ms   runs {', '.join(f'{x:.0f}' for x in browser['pane_ms'])}")
        log(f"  wasm core (checkWorkbook)   {row['wasm_core_ms']:9.1f} ms   runs {', '.join(f'{x:.0f}' for x in browser['core_ms'])}")
        log(f"  native kpimap convert       {row['native_convert_ms']:9.1f} ms   (exit {convert_exit}, process included)")
        log(f"  native kpimap inspect       {row['native_inspect_ms']:9.1f} ms")
        log(f"  wasm core / native convert  {row['ratio_core_to_native']:9.2f}x")
        log(f"  pane said: {row['pane_message'][:160]}")

    seed = rows[0]
    verdict = "PASS" if seed["wasm_pane_ms"] < TARGET_SEED_MS else "MISS"
    log(f"\ntarget: the seed-sized workbook checked in the pane in under {TARGET_SEED_MS:.0f} ms: "
        f"{seed['wasm_pane_ms']:.0f} ms ({verdict})")
    args.results_dir.mkdir(parents=True, exist_ok=True)
    out = args.results_dir / ("addin_bench_stub.json" if stub else "addin_bench_other.json" if other else "addin_bench.json")
    out.write_text(json.dumps({"core": show(args.core), "rows": rows, "target_seed_ms": TARGET_SEED_MS,
                               "verdict": verdict}, indent=2))
    log(f"results: {show(out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
