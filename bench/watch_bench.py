#!/usr/bin/env python3
"""Watched-folder benchmark: latency from the moment a workbook is complete in inbox/ (the
watcher's `ready` event, i.e. after the settle wait) to its outputs in place (`done`), p50 and
p99 over N files dropped one at a time; then throughput with --workers W over N files dropped at
once, and the watcher's RSS at the end. Not part of the test suite: no timing here fails a build.

  bench/watch_bench.py                       # 200 files, seed sample 000, build/converter/kpimap
  bench/watch_bench.py --files 50 --workers 2
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def parse_time(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").timestamp()


def start(kpimap, root, workers, settle):
    log = open(root + ".log", "w")
    proc = subprocess.Popen([kpimap, "watch", root, "--mappings", os.path.join(ROOT, "mappings"),
                             "--settle", str(settle), "--workers", str(workers), "--no-combined"],
                            stderr=log, stdout=subprocess.DEVNULL)
    time.sleep(0.3)
    return proc, log.name


def wait_done(root, n, timeout=600):
    until = time.time() + timeout
    while time.time() < until:
        count = sum(len(f) for _, _, f in os.walk(os.path.join(root, "done")))
        if count >= n:
            return
        time.sleep(0.02)
    raise SystemExit(f"timed out waiting for {n} files in done/")


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def events(log_path):
    out = {}
    with open(log_path) as f:
        for line in f:
            e = json.loads(line)
            out.setdefault(e["file"], {})[e["event"]] = parse_time(e["time"])
    return out


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kpimap", default=os.path.join(ROOT, "build", "converter", "kpimap"))
    ap.add_argument("--sample", default=os.path.join(ROOT, "samples", "000_trajectory_grid.xlsx"))
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--settle", type=float, default=0.5)
    ap.add_argument("--batch-files", type=int, default=None,
                    help="files dropped at once for the throughput and RSS figures "
                         "(default: --files; the issue asks for RSS after 2,000)")
    args = ap.parse_args()
    batch = args.batch_files or args.files
    work = tempfile.mkdtemp(prefix="kpimap_watch_bench_")
    try:
        # Latency: one file at a time, each dropped by rename once the previous is done.
        root = os.path.join(work, "latency")
        proc, log = start(args.kpimap, root, 1, args.settle)
        for i in range(args.files):
            tmp = os.path.join(root, "inbox", f".f{i}.xlsx")
            shutil.copyfile(args.sample, tmp)
            os.rename(tmp, os.path.join(root, "inbox", f"f{i}.xlsx"))
            wait_done(root, i + 1)
        proc.send_signal(signal.SIGTERM)
        proc.wait()
        e = events(log)
        lat = [(v["done"] - v["ready"]) * 1000 for v in e.values() if "done" in v and "ready" in v]
        wait = [(v["ready"] - v["seen"]) * 1000 for v in e.values() if "ready" in v and "seen" in v]
        print(f"latency ready->done over {len(lat)} files: p50 {percentile(lat, 50):.0f} ms, "
              f"p99 {percentile(lat, 99):.0f} ms (settle wait seen->ready p50 "
              f"{percentile(wait, 50):.0f} ms, --settle {args.settle} s)")
        # Throughput: all files at once, --workers W.
        root = os.path.join(work, "throughput")
        proc, log = start(args.kpimap, root, args.workers, args.settle)
        stage = os.path.join(work, "stage")
        os.makedirs(stage)
        for i in range(batch):
            shutil.copyfile(args.sample, os.path.join(stage, f"f{i}.xlsx"))
        t0 = time.time()
        os.rename(stage, os.path.join(root, "inbox", "batch"))
        wait_done(root, batch)
        elapsed = time.time() - t0 - args.settle
        rss = rss_kib(proc.pid)
        proc.send_signal(signal.SIGTERM)
        proc.wait()
        print(f"throughput --workers {args.workers}: {batch / elapsed:.1f} files/s over "
              f"{batch} files (settle wait excluded); watcher RSS at the end {rss / 1024:.1f} MiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
