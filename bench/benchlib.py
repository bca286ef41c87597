"""Helpers shared by the benchmark scripts: running a program under GNU time for its wall time
and peak RSS, reading the CMake cache, and recording the environment. Not a test."""
from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
TIME = "/usr/bin/time"  # GNU time (Debian package "time")


def show(path: Path) -> str:
    """The path relative to the repository when it lies inside it."""
    try:
        return str(path.resolve().relative_to(REPO_DIR))
    except ValueError:
        return str(path)



def log(msg: str = "") -> None:
    print(msg, flush=True)


def loud(msg: str) -> None:
    bar = "!" * 78
    print(f"\n{bar}\n{msg}\n{bar}\n", flush=True)


def cmake_cache_value(build_dir: Path, key: str) -> str | None:
    cache = build_dir / "CMakeCache.txt"
    if not cache.exists():
        return None
    for line in cache.read_text(errors="replace").splitlines():
        if line.startswith(key + ":"):
            return line.split("=", 1)[1]
    return None



def build_targets(build_dir: Path, targets: list[str]) -> str | None:
    """Configures build_dir when it is not yet (a new one as Release, with Ninja when there is
    one) and builds the targets (a no-op when current). Returns None, or what failed with the
    tail of its output. Warns loudly when the build is not optimised."""
    generated = (build_dir / "build.ninja").exists() or (build_dir / "Makefile").exists()
    if not (build_dir / "CMakeCache.txt").exists() or not generated:
        cmd = ["cmake", "-S", str(REPO_DIR), "-B", str(build_dir)]
        if not (build_dir / "CMakeCache.txt").exists():
            cmd.append("-DCMAKE_BUILD_TYPE=Release")
            if shutil.which("ninja"):
                cmd[1:1] = ["-G", "Ninja"]
        log(f"kpimap: configuring {build_dir} ...")
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            return f"configure failed:\n{(proc.stdout + proc.stderr)[-3000:]}"
    cmd = ["cmake", "--build", str(build_dir), "--target", *targets]
    log(f"kpimap: {' '.join(cmd)} ...")
    proc = subprocess.run(cmd, capture_output=True, text=True)
    build_type = cmake_cache_value(build_dir, "CMAKE_BUILD_TYPE") or ""
    if build_type not in ("Release", "RelWithDebInfo"):
        loud(f"kpimap: {build_dir} is configured with CMAKE_BUILD_TYPE='{build_type}'; "
             "timings of an unoptimised build mean little (use Release)")
    if proc.returncode != 0:
        return f"build failed:\n{(proc.stdout + proc.stderr)[-3000:]}"
    return None


def run_once(argv: list[str], timeout: float, ok_exits: tuple[int, ...] = (0,),
             want_json: bool = True) -> dict:
    """Runs argv as a child; returns wall time, peak RSS of that child and, with want_json, its
    last stdout line parsed as JSON.

    Peak RSS comes from GNU time: Linux carries the memory high-water mark of the process that
    exec()s over into the new program, so a child forked straight from this python would report
    this python's own ~40 MB. GNU time is a small C program and forks the program itself.
    Without it we fall back to wait4() and say the figure includes the launcher."""
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as tout:
        full = [TIME, "-f", "%M %U %S", "-o", tout.name, *argv] if os.path.exists(TIME) else argv
        t0 = time.perf_counter()
        proc = subprocess.Popen(full, stdout=subprocess.PIPE, stderr=err,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            os.killpg(proc.pid, 9)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            out = proc.stdout.read()
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - t0
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        proc.stdout.close()
        err.seek(0)
        stderr = err.read().decode(errors="replace")
        timing = tout.read().strip().splitlines()
    result = {"wall_s": wall, "exit": proc.returncode}
    try:
        rss_kib, user, sys_ = timing[-1].split()
        result.update(rss_mb=int(rss_kib) * 1024 / 1e6, user_s=float(user), sys_s=float(sys_),
                      rss_source="GNU time")
    except (IndexError, ValueError):
        result.update(rss_mb=usage.ru_maxrss * 1024 / 1e6, user_s=usage.ru_utime,
                      sys_s=usage.ru_stime, rss_source="wait4 (includes the launcher)")
    text = out.decode(errors="replace")
    lines = [ln for ln in text.splitlines() if ln.strip()]
    result["stdout_tail"] = "\n".join(lines[-3:])
    if proc.returncode not in ok_exits or timed_out.is_set():
        result["error"] = (f"exit {proc.returncode}" + (" (timed out)" if timed_out.is_set() else "")
                           + f"\nstderr: {stderr[-2000:]}\nstdout: {text[-500:]!r}")
        return result
    if want_json:
        try:
            result["report"] = json.loads(lines[-1])
        except (IndexError, json.JSONDecodeError) as e:
            result["error"] = f"no JSON line from the program ({e}): {text[-300:]!r}"
    return result



def cmd_out(*cmd: str) -> str | None:
    """A command's trimmed standard output, or None when it fails or prints nothing."""
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip() or None
    except (OSError, subprocess.CalledProcessError):
        return None


def environment(build_dir: Path) -> dict:
    """The machine, the git revision and the build type, recorded beside the figures."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    rev = cmd_out("git", "-C", str(REPO_DIR), "rev-parse", "--short", "HEAD")
    dirty = cmd_out("git", "-C", str(REPO_DIR), "status", "--porcelain", "--untracked-files=no")
    return {
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "kernel": platform.release(),
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "git_rev": (rev or "no commit") + ("-dirty" if dirty else ""),
        "kpimap_build_type": cmake_cache_value(build_dir, "CMAKE_BUILD_TYPE"),
    }

