"""Peak memory and time of every public function of sigmoid_core on large arrays.

Usage: python scripts/memory.py [--size N] [--calls C]

For float64 and float32 input of N values, tracemalloc's peak during one call (output
included) is shown as a multiple of the input's size, next to the median wall time of C
calls. Exits 1 if any peak exceeds LIMIT times the input (issue 6: at most 2).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

from sigmoid_core import log_sigmoid, logit, sigmoid, sigmoid_derivative, softplus

LIMIT = 2.0

CASES: dict[str, Callable[[np.ndarray], object]] = {
    "sigmoid": sigmoid,
    "sigmoid_derivative(x, 1)": lambda x: sigmoid_derivative(x, 1),
    "sigmoid_derivative(x, 2)": lambda x: sigmoid_derivative(x, 2),
    "sigmoid_derivative(x, 5)": lambda x: sigmoid_derivative(x, 5),
    "logit": logit,
    "log_sigmoid": log_sigmoid,
    "softplus": softplus,
}


def peak_ratio(function: Callable[[np.ndarray], object], x: np.ndarray) -> float:
    """Peak traced memory during one call, its result included, per byte of input."""
    tracemalloc.start()
    try:
        function(x)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak / x.nbytes


def median_seconds(function: Callable[[np.ndarray], object], x: np.ndarray, calls: int) -> float:
    function(x)  # warm-up: page faults, thread pool
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        function(x)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000_000)
    parser.add_argument("--calls", type=int, default=5)
    arguments = parser.parse_args()
    rng = np.random.default_rng(0)
    inputs = {"x": rng.uniform(-30, 30, arguments.size), "p": rng.uniform(0, 1, arguments.size)}
    dtypes = (np.float64, np.float32)
    print(
        f"{arguments.size:,} values; peak traced memory / input size, median time "
        f"of {arguments.calls} calls"
    )
    print(
        f"{'function':26s}" + "".join(f"{np.dtype(t).name:>10s} peak {'time':>9s}" for t in dtypes)
    )
    worst = 0.0
    for name, function in CASES.items():
        cells = []
        for dtype in dtypes:
            x = inputs["p" if name == "logit" else "x"].astype(dtype)
            ratio = peak_ratio(function, x)
            worst = max(worst, ratio)
            seconds = median_seconds(function, x, arguments.calls)
            cells.append(f"{ratio:13.2f}x {1e3 * seconds:6.0f} ms")
        print(f"{name:26s}" + "".join(cells))
    verdict = "met" if worst <= LIMIT else "MISSED"
    print(f"budget: peak <= {LIMIT:g}x the input: worst {worst:.2f}x, {verdict}")
    return 0 if worst <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
