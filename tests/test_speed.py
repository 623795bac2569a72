"""Speed of the core relative to SciPy and NumPy, measured in one run (never wall-clock).

The budgets themselves (1.5x expit) are reported by `make bench`; this test fails only
when the core is slower than the reference measured in the same process.
"""

import importlib.util
import sys

from conftest import ROOT

spec = importlib.util.spec_from_file_location("benchmark", ROOT / "scripts" / "benchmark.py")
benchmark = importlib.util.module_from_spec(spec)
sys.modules["benchmark"] = benchmark
spec.loader.exec_module(benchmark)


def test_core_sigmoid_is_faster_than_scipy_expit_and_derivative_than_numpy():
    results = benchmark.run(size=2_000_000, rounds=7)
    sigma = {r["implementation"]: r["speed_vs_reference"] for r in results["sigmoid"]["rows"]}
    slope = {r["implementation"]: r["speed_vs_reference"] for r in results["derivative"]["rows"]}
    print(f"sigmoid {sigma['sigmoid_core.sigmoid']:.2f}x expit, "
          f"derivative {slope['sigmoid_core.sigmoid_derivative']:.2f}x NumPy")
    assert sigma["sigmoid_core.sigmoid"] > 1.0
    assert slope["sigmoid_core.sigmoid_derivative"] > 1.0
