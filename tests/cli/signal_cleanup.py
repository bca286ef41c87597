#!/usr/bin/env python3
"""SIGTERM or SIGINT during a write leaves no temporary file and no half-written output.

The input is sample 000 padded with a 48 MB stored part (copied byte for byte by the patcher),
so `kpimap update` spends tens of milliseconds writing its temporary package. The script polls
the output folder, sends the signal as soon as a temporary appears, and asserts that the run
ended by that signal, that the folder is then empty (or holds only a complete output, if the
rename won the race), and that the input is unchanged. It also interrupts `kpimap convert`
at staggered moments. Fails when it never catches a write in progress (the check would then
prove nothing)."""
import argparse
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def padded_copy(source, target, megabytes):
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        dst.writestr(zipfile.ZipInfo("xl/media/padding.bin"), os.urandom(megabytes << 20),
                     compress_type=zipfile.ZIP_STORED)


def catch_write(kpimap, args, cwd, out_dir, sig):
    """Runs the command, signals it once a temporary shows in out_dir; returns
    (caught, returncode, leftovers)."""
    proc = subprocess.Popen([kpimap] + args, cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    caught = False
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            names = os.listdir(out_dir)
        except FileNotFoundError:
            names = []
        if any(".kpimap-" in n for n in names):
            proc.send_signal(sig)
            caught = True
            break
    proc.wait(timeout=60)
    return caught, proc.returncode, sorted(os.listdir(out_dir)) if os.path.isdir(out_dir) else []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kpimap", required=True)
    args = ap.parse_args()
    kpimap = os.path.abspath(args.kpimap)
    failures = []
    work = tempfile.mkdtemp(prefix="kpimap-signals-")
    try:
        big = os.path.join(work, "big.xlsx")
        padded_copy(os.path.join(REPO, "samples", "000_trajectory_grid.xlsx"), big, 48)
        before = hashlib.sha256(open(big, "rb").read()).hexdigest()
        maps = ["--mappings", os.path.join(REPO, "mappings"), "--max-uncompressed-mb", "512"]
        for sig in (signal.SIGTERM, signal.SIGINT):
            hits = 0
            for attempt in range(8):
                out_dir = os.path.join(work, f"out-{sig.name}-{attempt}")
                os.mkdir(out_dir)
                caught, code, left = catch_write(
                    kpimap, ["update", "big.xlsx", "-o", os.path.join(out_dir, "updated.xlsx")] + maps,
                    work, out_dir, sig)
                if not caught:
                    continue
                if code == -sig:
                    hits += 1
                    if left:
                        failures.append(f"update, {sig.name}: left {left}")
                elif code in (0, 1):  # finished before the signal arrived: output must be whole
                    if left != ["updated.xlsx"] or zipfile.ZipFile(os.path.join(out_dir, left[0])).testzip():
                        failures.append(f"update finished, {sig.name}: folder holds {left}")
                else:
                    failures.append(f"update, {sig.name}: exit {code}")
                if hits >= 2:
                    break
            print(f"update {sig.name}: {hits} writes interrupted")
            if hits == 0:
                failures.append(f"update, {sig.name}: no write was caught in progress")
        if hashlib.sha256(open(big, "rb").read()).hexdigest() != before:
            failures.append("the input was changed")
        # convert: outputs written through temporaries; interrupted at staggered moments.
        for k in range(6):
            out_dir = os.path.join(work, f"conv-{k}")
            proc = subprocess.Popen([kpimap, "convert", os.path.join(REPO, "samples", "005_stacked_tables.xlsx"),
                                     "-o", out_dir, "--mappings", os.path.join(REPO, "mappings")],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(0.01 * k)
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=60)
            for d, _, files in os.walk(out_dir):
                for f in files:
                    if ".kpimap-" in f:
                        failures.append(f"convert left {os.path.join(d, f)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
