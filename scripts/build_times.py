"""Time a clean strict build and an unchanged rebuild; check that clean builds are reproducible.

Usage: python scripts/build_times.py   (run by `make build-times`, part of `make audit`)

The clean build empties site/ and the build cache first, as a fresh checkout has them, so
it computes every value, figure and table and executes every notebook; the rebuild then
changes nothing and reads them back from the cache, as `make serve` does after an edit.
A second clean build into a scratch folder, with its own empty cache, must be
byte-identical to the first, but for the measured tables (timings of this machine, marked
by the plugin): a build depends only on the commit. Budgets: clean < 60 s,
rebuild < 10 s. Exits 1 if a budget is missed or the builds differ, 2 if a build fails.
The budgets are wall time; the CPU time and load average are printed too, because on a
busy machine (two cores) wall time grows while CPU time does not.
"""

from __future__ import annotations

import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from sigmoid_core.website.tools import build_site, site_files

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "build"
BUDGETS = {"clean build": 60.0, "rebuild": 10.0}  # seconds


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_build(site_dir: Path, cache: Path) -> tuple[float, float]:
    """Wall and CPU seconds of the strict build; exits 2 if it fails."""
    cpu = children_cpu_seconds()
    start = time.perf_counter()
    result = build_site(ROOT, site_dir, env={"SIGMOID_BUILD_CACHE": str(cache)})
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        print(result.stdout + result.stderr, file=sys.stderr)
        print("the strict build failed", file=sys.stderr)
        sys.exit(2)
    return seconds, children_cpu_seconds() - cpu


def main() -> int:
    load = os.getloadavg()[0]  # before the builds add their own
    for folder in (ROOT / "site", CACHE):
        shutil.rmtree(folder, ignore_errors=True)
    times = {
        "clean build": timed_build(ROOT / "site", CACHE),
        "rebuild": timed_build(ROOT / "site", CACHE),
    }
    failures = 0
    for name, (seconds, cpu) in times.items():
        ok = seconds < BUDGETS[name]
        failures += not ok
        print(
            f"{'ok  ' if ok else 'OVER'} {name:<12} {seconds:6.1f} s   budget < "
            f"{BUDGETS[name]:.0f} s   (CPU {cpu:.1f} s)"
        )
    print(f"load average (1 min) before the builds: {load:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as scratch:
        timed_build(Path(scratch) / "site", Path(scratch) / "cache")
        first = site_files(ROOT / "site", without_measurements=True)
        second = site_files(Path(scratch) / "site", without_measurements=True)
        differing = sorted(
            name for name in first.keys() | second.keys() if first.get(name) != second.get(name)
        )
    if differing:
        failures += 1
        print(
            f"DIFFER two clean builds of one commit: {', '.join(differing)} "
            "(python scripts/compare_sites.py shows how)"
        )
    else:
        print(f"ok   two clean builds with empty caches are byte-identical ({len(first)} files)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
