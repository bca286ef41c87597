#!/usr/bin/env python3
"""Issue 13: SIGTERM to a running `kpimap watch` in the middle of a batch. It must exit 0 after
finishing (or re-queueing) the conversions under way; a restart then converts what is left, and
every file ends in done/ exactly once, by the folders and by the ledger."""

import argparse
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent.parent
FILES = 40


def files_under(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) \
        if folder.exists() else []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kpimap", required=True)
    args = ap.parse_args()
    sample = (SOURCE / "samples" / "001_data_section.csv").read_bytes()
    with tempfile.TemporaryDirectory(prefix="kpimap_watch_sigterm_") as tmp:
        root = Path(tmp) / "root"
        (root / "inbox").mkdir(parents=True)
        names = []
        for i in range(FILES):  # distinct contents: each adds its own indicator row
            name = f"data_{i:02}.csv"
            (root / "inbox" / name).write_bytes(
                sample + f"Indicator planted {i},1,2,3,4,{i}\n".encode())
            names.append(name)
        common = ["--settle", "0.2", "--mappings", str(SOURCE / "mappings")]
        watcher = subprocess.Popen([args.kpimap, "watch", str(root), "--workers", "2", *common],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 60
        while len(files_under(root / "done")) < 3 and time.time() < deadline:
            time.sleep(0.01)
        done_before = len(files_under(root / "done"))
        watcher.send_signal(signal.SIGTERM)
        try:
            _, err = watcher.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            watcher.kill()
            print("FAIL: the watcher did not stop within 60 s of SIGTERM")
            return 1
        failures = []
        if watcher.returncode != 0:
            failures.append(f"exit {watcher.returncode} after SIGTERM (want 0): {err[-500:]!r}")
        if done_before >= FILES:
            failures.append("every file was done before SIGTERM: the test stopped nothing")
        restart = subprocess.run([args.kpimap, "watch", str(root), "--once", *common],
                                 capture_output=True, text=True, timeout=300)
        if restart.returncode != 0:
            failures.append(f"restart --once exit {restart.returncode}: {restart.stderr[-500:]}")
        if files_under(root / "done") != names:
            failures.append(f"done/ holds {files_under(root / 'done')}, want all {FILES} files")
        for folder in ("inbox", "processing", "failed"):
            if files_under(root / folder):
                failures.append(f"{folder}/ not empty: {files_under(root / folder)}")
        db = sqlite3.connect(root / "ledger.sqlite")
        rows = db.execute("SELECT name, state, count(*) FROM files GROUP BY name, state").fetchall()
        db.close()
        per_name = {}
        for name, state, count in rows:
            per_name.setdefault(name, []).append((state, count))
        for name in names:
            entries = per_name.get(name, [])
            if entries != [("done", 1)]:
                failures.append(f"ledger for {name}: {entries} (want one 'done' row)")
        for f in failures:
            print("FAIL:", f)
        if not failures:
            print(f"ok: SIGTERM after {done_before} of {FILES} files, exit 0; the restart "
                  f"finished the rest, each file once")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
