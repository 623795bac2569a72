"""Floating point: where sigma saturates, how accurate each formula is, how fast the core is."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from sigmoid_core import sigmoid
from sigmoid_core.functions import PARALLEL_MIN_SIZE
from sigmoid_core.website.content import accuracy, naive
from sigmoid_core.website.content.floats import first_float_where
from sigmoid_core.website.content.registry import TableData, figure, table, value
from sigmoid_core.website.plotting import BLUE, ORANGE

if TYPE_CHECKING:
    from matplotlib.axes import Axes


@value(".17g", "first float64 x at which 1/(1+exp(-x)) is 1 and sigma(1-sigma) returns 0")
def textbook_collapse_x_full() -> float:
    return first_float_where(lambda x: naive.textbook_sigmoid(x) == 1.0, 30.0, 40.0)


@value(".6f", "53 log 2: where exp(-x) falls to 2^-53, half the gap above 1")
def fifty_three_log_two() -> float:
    return 53 * math.log(2)


@value(".17g", "smallest float64 x with sigma(x) == 1, full precision")
def float64_rounds_to_one_exact() -> float:
    return first_float_where(lambda x: sigmoid(x) == 1.0, 30.0, 40.0)


@value(".9g", "smallest float32 x with sigma(x) == 1 in float32")
def float32_rounds_to_one_exact() -> float:
    return first_float_where(lambda x: sigmoid(x) == 1.0, 10.0, 20.0, np.float32)


@value(".1e", "relative error of textbook sigma(1-sigma) at x = 20")
def textbook_error_at_20() -> float:
    return float(naive.textbook_derivative_relative_error(20.0))


@value(".1e", "relative error of textbook sigma(1-sigma) at x = 30")
def textbook_error_at_30() -> float:
    return float(naive.textbook_derivative_relative_error(30.0))


@value(".2f", "exp(x) overflows float64 above this x")
def exp_overflow_x() -> float:
    return math.log(np.finfo(np.float64).max)


@value("g", "naive -log(sigma(z)) at z = -800", shows_failure=True)
def naive_bce_at_minus_800() -> float:
    z, y = -800.0, 1.0
    with np.errstate(all="ignore"):
        p = naive.textbook_sigmoid(z)
        return float(-(y * np.log(p) + (1 - y) * np.log(1 - p)))


@value("g", "stable cross-entropy from the logit z = -800, y = 1")
def stable_bce_at_minus_800() -> float:
    z, y = -800.0, 1.0  # max(z, 0) - z*y + log1p(exp(-|z|))
    return max(z, 0.0) - z * y + math.log1p(math.exp(-abs(z)))


@value("g", "0.5 tanh(x/2) + 0.5 at x = -40")
def tanh_form_at_minus_40() -> float:
    return float(naive.tanh_sigmoid(-40.0))


@value(".4e", "sigma(-40)")
def sigmoid_at_minus_40() -> float:
    return float(sigmoid(-40.0))


@value("d", "half of the accuracy sample lies in [-this, this]: the bend")
def accuracy_sample_bend() -> int:
    return accuracy.BEND


@value("d", "the other half of the accuracy sample lies in [-this, this]")
def accuracy_sample_wide() -> int:
    return accuracy.WIDE


@value(".2f", "sigma(x) is subnormal (below the smallest normal float64) for x < -this")
def sigmoid_normal_limit() -> float:
    return -math.log(float(np.finfo(np.float64).smallest_normal))


def logit_condition(p: float) -> float:
    """Relative condition number |p logit'(p) / logit(p)| = 1/|(1-p) log(p/(1-p))|."""
    return 1 / abs((1 - p) * math.log(p / (1 - p)))


@value(",.0f", "condition number of logit at p = sigma(20)")
def logit_condition_at_sigma_20() -> float:
    return logit_condition(float(sigmoid(20.0)))


@value(",d", "arrays from this many elements on are shared between threads")
def parallel_min_size() -> int:
    return PARALLEL_MIN_SIZE


@table()
def saturation_thresholds() -> TableData:
    rows = []
    for dtype in (np.float16, np.float32, np.float64):
        to_one = first_float_where(lambda x: sigmoid(x) == 1, 0.0, 100.0, dtype)
        naive_one = first_float_where(lambda x: naive.textbook_sigmoid(x) == 1, 0.0, 100.0, dtype)
        # sigma(-x) for x > 0 reaches 0 only in the far tail: find the smallest such x.
        to_zero = first_float_where(
            lambda x: sigmoid(-x) == 0, 0.0, float(np.finfo(dtype).max), dtype
        )
        rows.append([np.dtype(dtype).name, f"{to_one:.6g}", f"{naive_one:.6g}", f"{-to_zero:.6g}"])
    return [
        "Type",
        "$\\sigma(x)$ rounds to exactly 1 from $x =$",
        "textbook $1/(1+e^{-x})$ returns 1 from $x =$",
        "$\\sigma(x)$ underflows to 0 at and below $x =$",
    ], rows


def _accuracy_table(derivative: bool) -> TableData:
    rows = []
    for implementation, median, worst in accuracy.measure(derivative):
        worst_text = "∞ (returns nan)" if math.isinf(worst) else f"{worst:.3g}"
        rows.append([implementation.label, f"`{implementation.code}`", f"{median:.2f}", worst_text])
    return ["Implementation", "Code", "Median error (ulp)", "Largest error (ulp)"], rows


@table()
def sigmoid_accuracy() -> TableData:
    return _accuracy_table(derivative=False)


@table()
def derivative_accuracy() -> TableData:
    return _accuracy_table(derivative=True)


def _benchmark_table(results: Path, kind: str) -> TableData:
    """Results of scripts/benchmark.py (machine-dependent, so committed rather than rerun)."""
    measured = json.loads(results.read_text(encoding="utf-8"))[kind]
    rows = [
        [
            f"`{row['implementation']}`",
            f"{row['milliseconds']:.1f}",
            f"{row['speed_vs_reference']:.2f}×",
        ]
        for row in measured["rows"]
    ]
    header = [
        "Implementation",
        "Time per call (ms)",
        f"Speed relative to `{measured['reference']}`",
    ]
    return header, rows


@table(data="benchmark.json")
def benchmark_sigmoid(results: Path) -> TableData:
    return _benchmark_table(results, "sigmoid")


@table(data="benchmark.json")
def benchmark_derivative(results: Path) -> TableData:
    return _benchmark_table(results, "derivative")


@table(data="benchmark.json")
def benchmark_machine(results: Path) -> TableData:
    measured = json.loads(results.read_text(encoding="utf-8"))
    rows = [[key, str(value)] for key, value in measured["machine"].items()]
    rows.append(
        ["array", f"{measured['size']:,} float64 values, median of {measured['rounds']} rounds"]
    )
    return ["Measured on", "Value"], rows


@figure(
    alt=(
        "On a logarithmic scale, the relative error of the textbook derivative "
        "s(1-s) for x from 0 to 40: it grows steadily with x, from about machine "
        "epsilon near 0 to 100 percent once the textbook sigma rounds to 1."
    ),
    caption="The textbook σ(1−σ) loses relative accuracy as x grows, then returns 0.",
)
def textbook_derivative_error(ax: Axes) -> None:
    x = np.linspace(0.5, 40, 400)
    errors = naive.textbook_derivative_relative_error(x)
    ax.semilogy(
        x, np.maximum(errors, 1e-17), color=ORANGE, label=r"textbook $s(1-s)$, $s = 1/(1+e^{-x})$"
    )
    ax.axhline(
        np.finfo(float).eps, color=BLUE, linestyle="--", label=r"float64 $\varepsilon = 2^{-52}$"
    )
    ax.set_xlabel("$x$")
    ax.set_ylabel(r"relative error of $\sigma'(x)$")
    ax.set_xlim(0, 40)
    ax.set_ylim(1e-17, 3)
    ax.legend(loc="upper left")
