#!/usr/bin/env python3
"""Measures `kpimap inspect FILE --format json` on each hostile file with /usr/bin/time -v:
wall and CPU time, peak RSS, exit code, output size and the first line of stderr. Not a test: the
figures go into docs/reader.md and the commit message of a change that moves them.

  tests/hostile/make_hostile.py /tmp/hostile
  tests/hostile/measure.py --kpimap build/converter/kpimap /tmp/hostile/*
"""

import argparse
import re
import subprocess
import sys
import threading
from pathlib import Path

# Files that need an option to reach the code under test.
EXTRA_ARGS = {"whitespace_1gb.xlsx": ["--max-ratio", "1000000"]}


def measure(kpimap, path, timeout, fmt):
    cmd = ["/usr/bin/time", "-v", kpimap, "inspect", str(path), "--format", fmt,
           *EXTRA_ARGS.get(path.name, [])]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Past the timeout, kpimap (time's child) is killed; time still reports what it used.
    killer = threading.Timer(timeout, lambda: subprocess.run(["pkill", "-KILL", "-P",
                                                              str(proc.pid)]))
    killer.start()
    out_bytes = 0
    while chunk := proc.stdout.read(1 << 20):
        out_bytes += len(chunk)
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.wait()
    killer.cancel()
    signalled = re.search(r"Command terminated by signal (\d+)", err)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", err)
    seconds = 0.0
    if wall:
        h = int(wall.group(1) or 0)
        seconds = h * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    # CPU time as well as wall time: on a shared machine the wall clock measures the neighbours.
    cpu = sum(float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", err))
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    status = re.search(r"Exit status: (\d+)", err)
    code = int(status.group(1)) if status else proc.returncode
    message = next((line.strip() for line in err.splitlines()
                    if line.strip() and not line.startswith("\t") and "Command" not in line),
                   "")
    if signalled:
        code = "killed" if signalled.group(1) == "9" else f"signal {signalled.group(1)}"
    return {"file": path.name, "exit": code,
            "seconds": seconds, "cpu": cpu, "rss_mb": int(rss.group(1)) / 1024 if rss else 0,
            "output_mb": out_bytes / (1 << 20), "message": message[:110]}


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+")
    ap.add_argument("--kpimap", default="build/converter/kpimap")
    ap.add_argument("--timeout", type=int, default=300, help="kill a run after this many s")
    ap.add_argument("--format", default="json", help="inspect's --format")
    args = ap.parse_args()
    print("| file | exit | wall (s) | CPU (s) | peak RSS (MB) | output (MB) | first line of stderr |")
    print("|---|---|---|---|---|---|---|")
    for f in args.files:
        r = measure(args.kpimap, Path(f), args.timeout, args.format)
        print(f"| {r['file']} | {r['exit']} | {r['seconds']:.1f} | {r['cpu']:.1f} | {r['rss_mb']:.0f} | "
              f"{r['output_mb']:.1f} | {r['message']} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
