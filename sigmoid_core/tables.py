"""Tables that the site's pages embed as ``{{ table:NAME }}``, computed at build time."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import numpy as np

from sigmoid_core import activations, exact
from sigmoid_core.functions import sigmoid

Rows = list[list[str]]


def _fraction_tex(value: Fraction) -> str:
    if value.denominator == 1:
        return f"${value.numerator}$"
    sign = "-" if value < 0 else ""
    return f"${sign}\\tfrac{{{abs(value.numerator)}}}{{{value.denominator}}}$"


def derivative_polynomials() -> tuple[list[str], Rows]:
    rows = []
    for n in range(1, 6):
        coefficients = exact.derivative_polynomial(n)
        at_zero = sum(Fraction(c, 2**k) for k, c in enumerate(coefficients))
        rows.append([f"${n}$", f"$\\sigma^{{({n})}} = {exact.polynomial_to_tex(coefficients)}$",
                     _fraction_tex(at_zero)])
    return ["Order $n$", "$\\sigma^{(n)}$ as a polynomial in $\\sigma$", "Value at $x = 0$"], rows


def taylor_coefficients() -> tuple[list[str], Rows]:
    rows = []
    for k, a in enumerate(exact.taylor_coefficients(12)):
        if a:
            rows.append([f"${k}$", _fraction_tex(a), f"{float(a):.6e}"])
    return ["Power $k$", "Coefficient $a_k$ (exact)", "Decimal"], rows


def derivative_zeros() -> tuple[list[str], Rows]:
    rows = []
    for n in range(2, 7):
        zeros = ", ".join(f"{z:.4f}" for z in exact.derivative_zeros(n))
        rows.append([f"$\\sigma^{{({n})}}$", zeros])
    return ["Derivative", "Its real zeros $x$ (to four places)"], rows


def _first_float(dtype: type, predicate: Callable[[np.ndarray], bool], low: float,
                 high: float) -> float:
    """Smallest float of `dtype` in (low, high] where a monotone predicate holds.

    Bisection over the integer bit patterns, which order non-negative floats.
    """
    bits = {np.float16: np.uint16, np.float32: np.uint32, np.float64: np.uint64}[dtype]
    lo = int(np.array(low, dtype=dtype).view(bits))
    hi = int(np.array(high, dtype=dtype).view(bits))
    while hi - lo > 1:
        middle = (lo + hi) // 2
        if predicate(np.array(middle, dtype=bits).view(dtype)):
            hi = middle
        else:
            lo = middle
    return float(np.array(hi, dtype=bits).view(dtype))


def _textbook(x: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        return 1 / (1 + np.exp(-x))


def saturation_thresholds() -> tuple[list[str], Rows]:
    rows = []
    for dtype in (np.float16, np.float32, np.float64):
        to_one = _first_float(dtype, lambda x: sigmoid(x) == 1, 0.0, 100.0)
        naive_one = _first_float(dtype, lambda x: _textbook(x) == 1, 0.0, 100.0)
        # sigma(-x) for x > 0 reaches 0 only in the far tail: find the smallest such x.
        to_zero = _first_float(dtype, lambda x: sigmoid(-x) == 0, 0.0,
                               float(np.finfo(dtype).max))
        rows.append([np.dtype(dtype).name, f"{to_one:.6g}", f"{naive_one:.6g}",
                     f"{-to_zero:.6g}"])
    return [
        "Type",
        "$\\sigma(x)$ rounds to exactly 1 from $x =$",
        "textbook $1/(1+e^{-x})$ returns 1 from $x =$",
        "$\\sigma(x)$ underflows to 0 at and below $x =$",
    ], rows


def implementation_accuracy(derivative: bool) -> tuple[list[str], Rows]:
    from sigmoid_core import accuracy  # needs mpmath, a documentation dependency

    rows = []
    for implementation, median, worst in accuracy.measure(derivative):
        worst_text = "∞ (overflow to nan or 0)" if math.isinf(worst) else f"{worst:.3g}"
        rows.append([implementation.label, f"`{implementation.code}`", f"{median:.2f}",
                     worst_text])
    return ["Implementation", "Code", "Median error (ulp)", "Largest error (ulp)"], rows


def activation_comparison() -> tuple[list[str], Rows]:
    rows = []
    for activation in activations.ACTIVATIONS:
        summary = activations.summarise(activation)
        rows.append([activation.name, activation.formula, summary.value_range,
                     summary.slope_range, f"{summary.value_at_zero:g}",
                     "yes" if summary.zero_centred else "no", activation.cost])
    return ["Activation", "Formula", "Range of values", "Range of slopes", "Value at 0",
            "Zero-centred", "Cost per element"], rows


BENCHMARK = Path(__file__).resolve().parents[1] / "docs" / "data" / "benchmark.json"


def _benchmark() -> dict:
    return json.loads(BENCHMARK.read_text(encoding="utf-8"))


def benchmark_results(kind: str) -> tuple[list[str], Rows]:
    """The committed results of scripts/benchmark.py (machine-dependent, so not rerun)."""
    table = _benchmark()[kind]
    rows = [[f"`{row['implementation']}`", f"{row['milliseconds']:.1f}",
             f"{row['speed_vs_reference']:.2f}×"] for row in table["rows"]]
    header = ["Implementation", "Time per call (ms)", f"Speed relative to `{table['reference']}`"]
    return header, rows


def benchmark_machine() -> tuple[list[str], Rows]:
    results = _benchmark()
    rows = [[key, str(value)] for key, value in results["machine"].items()]
    rows.append(["array", f"{results['size']:,} float64 values, "
                          f"median of {results['rounds']} rounds"])
    return ["Measured on", "Value"], rows


TABLES: dict[str, Callable[[], tuple[list[str], Rows]]] = {
    "derivative-polynomials": derivative_polynomials,
    "taylor-coefficients": taylor_coefficients,
    "derivative-zeros": derivative_zeros,
    "saturation-thresholds": saturation_thresholds,
    "sigmoid-accuracy": lambda: implementation_accuracy(derivative=False),
    "derivative-accuracy": lambda: implementation_accuracy(derivative=True),
    "activation-comparison": activation_comparison,
    "benchmark-sigmoid": lambda: benchmark_results("sigmoid"),
    "benchmark-derivative": lambda: benchmark_results("derivative"),
    "benchmark-machine": benchmark_machine,
}


def render(name: str) -> str:
    """TABLES[name] as a Markdown table."""
    header, rows = TABLES[name]()
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
