"""Time a clean strict build and an unchanged rebuild against their budgets.

Usage: python scripts/build_times.py   (run by `make build-times`)

The clean build removes site/ and .cache/ first, as a fresh checkout would have them, so
it includes executing every notebook; the rebuild then changes nothing and reuses the
notebook cache, as `make serve` does after an edit. Budgets: clean < 60 s, rebuild < 10 s.
Exits 1 if either build is over its budget, 2 if a build fails. The budgets are wall
time; the CPU time and load average are printed too, because on a busy machine (two
cores) wall time grows while CPU time does not.
"""

from __future__ import annotations

import os
import resource
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from conftest import build_site  # noqa: E402  (the tests' build: same flags, same environment)

BUDGETS = {"clean build": 60.0, "rebuild": 10.0}  # seconds


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_build() -> tuple[float, float]:
    """Wall and CPU seconds of the strict build into site/; exits 2 if it fails."""
    cpu = children_cpu_seconds()
    start = time.perf_counter()
    result = build_site(ROOT / "site", env={"PYTHONDONTWRITEBYTECODE": "1"})
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        print(result.stdout + result.stderr, file=sys.stderr)
        print("the strict build failed", file=sys.stderr)
        sys.exit(2)
    return seconds, children_cpu_seconds() - cpu


def main() -> int:
    load = os.getloadavg()[0]  # before the builds add their own
    for folder in ("site", ".cache"):
        shutil.rmtree(ROOT / folder, ignore_errors=True)
    times = {"clean build": timed_build(), "rebuild": timed_build()}
    over = 0
    for name, (seconds, cpu) in times.items():
        ok = seconds < BUDGETS[name]
        over += not ok
        print(f"{'ok  ' if ok else 'OVER'} {name:<12} {seconds:6.1f} s   budget < "
              f"{BUDGETS[name]:.0f} s   (CPU {cpu:.1f} s)")
    print(f"load average (1 min) before the builds: {load:.1f} on {os.cpu_count()} cores")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
