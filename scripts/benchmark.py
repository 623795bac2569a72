"""Throughput of sigmoid_core against SciPy and plain NumPy, as ratios measured in one run.

Usage: python scripts/benchmark.py [--size N] [--rounds R] [--write]

Each contender runs R times on the same N float64 values, interleaved round by round so
that machine noise hits all of them alike; the median time per call is reported with its
throughput relative to scipy.special.expit (sigma) or to the best NumPy composition (for
sigma'). With --write the results and a description of the machine are saved to
docs/data/benchmark.json, which the numerics page shows. Budgets (issue 5): sigmoid at
least 1.5x expit and at least as fast as 1/(1+exp(-x)); sigmoid_derivative at least as
fast as the best NumPy composition. The core shares large arrays between threads
(sigmoid_core.functions.THREADS, one per available core); the rows marked "one thread"
show its speed without them, so each reader can see what the cores contribute.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import scipy
import scipy.special

import sigmoid_core
import sigmoid_core.functions as functions
from sigmoid_core import sigmoid, sigmoid_derivative
from sigmoid_core.website.content import naive
from sigmoid_core.website.content.approximations import on_one_thread

RESULTS = Path(__file__).resolve().parents[1] / "docs" / "data" / "benchmark.json"


SIGMOID = {
    "scipy.special.expit": scipy.special.expit,
    "1/(1+np.exp(-x))": naive.textbook_sigmoid,
    "np.copy (memory bound)": np.copy,
    "sigmoid_core.sigmoid": sigmoid,
    "sigmoid_core.sigmoid, one thread": on_one_thread(sigmoid),
}
DERIVATIVE = {
    "e/(1+e)**2, e = np.exp(-np.abs(x))": naive.numpy_derivative,
    "s*(1-s), s = 1/(1+np.exp(-x))": naive.textbook_derivative,
    "sigmoid_core.sigmoid_derivative": sigmoid_derivative,
    "sigmoid_core.sigmoid_derivative, one thread": on_one_thread(sigmoid_derivative),
}


def median_times(contenders: dict[str, Callable], x: np.ndarray, rounds: int) -> dict[str, float]:
    """Median seconds per call, contenders interleaved within every round."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for function in contenders.values():
        function(x)  # warm-up: page faults, first-call dispatch
    for _ in range(rounds):
        for name, function in contenders.items():
            start = time.perf_counter()
            function(x)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "sigmoid_core_threads": str(functions.THREADS),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "sigmoid_core": sigmoid_core.__version__,
        "os": f"{platform.system()} {platform.release()}",
    }


def run(size: int, rounds: int) -> dict:
    x = np.random.default_rng(0).uniform(-30, 30, size)
    sigma = median_times(SIGMOID, x, rounds)
    slope = median_times(DERIVATIVE, x, rounds)

    def rows(times: dict[str, float], reference: str) -> list[dict]:
        return [
            {
                "implementation": name,
                "milliseconds": round(1e3 * t, 2),
                "speed_vs_reference": round(times[reference] / t, 2),
            }
            for name, t in times.items()
        ]

    return {
        "size": size,
        "rounds": rounds,
        "sigmoid": {"reference": "scipy.special.expit", "rows": rows(sigma, "scipy.special.expit")},
        "derivative": {
            "reference": "e/(1+e)**2, e = np.exp(-np.abs(x))",
            "rows": rows(slope, "e/(1+e)**2, e = np.exp(-np.abs(x))"),
        },
        "machine": machine(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000_000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--write", action="store_true", help=f"save to {RESULTS}")
    arguments = parser.parse_args()
    results = run(arguments.size, arguments.rounds)
    for table in ("sigmoid", "derivative"):
        print(
            f"{table} on {results['size']:,} float64 values "
            f"(median of {results['rounds']} interleaved rounds):"
        )
        for row in results[table]["rows"]:
            print(
                f"  {row['implementation']:46s} {row['milliseconds']:8.2f} ms "
                f"{row['speed_vs_reference']:6.2f}x {results[table]['reference']}"
            )
    speeds = {
        row["implementation"]: row["speed_vs_reference"]
        for table in ("sigmoid", "derivative")
        for row in results[table]["rows"]
    }
    core, textbook = speeds["sigmoid_core.sigmoid"], speeds["1/(1+np.exp(-x))"]
    derivative = speeds["sigmoid_core.sigmoid_derivative"]
    print(
        f"budget ({functions.THREADS} threads): sigmoid >= 1.5x expit: {core:.2f}x "
        f"{'met' if core >= 1.5 else 'MISSED'}; >= naive: {core / textbook:.2f}x "
        f"{'met' if core >= textbook else 'MISSED'}; derivative >= NumPy: {derivative:.2f}x "
        f"{'met' if derivative >= 1 else 'MISSED'}"
    )
    print(
        f"on one thread: sigmoid {speeds['sigmoid_core.sigmoid, one thread']:.2f}x expit, "
        f"derivative {speeds['sigmoid_core.sigmoid_derivative, one thread']:.2f}x NumPy"
    )
    if arguments.write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
