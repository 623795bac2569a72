"""Activation functions compared with the sigmoid, with their derivatives, table and figures.

Each states its range of values and of slopes; ``summarise`` checks those statements
against the function evaluated on a fine grid, so a wrong range fails the build.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from sigmoid_core import sigmoid, sigmoid_derivative
from sigmoid_core.website.content.registry import TableData, figure, table, value
from sigmoid_core.website.plotting import (
    BLUE,
    GREEN,
    GREY,
    LINE_STYLES,
    ORANGE,
    PALETTE,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

Array = np.ndarray


@dataclass(frozen=True)
class Interval:
    """A range such as (0, 1/4]: its ends, whether each is attained, and its TeX."""

    low: float
    high: float
    low_attained: bool
    high_attained: bool
    tex: str


@dataclass(frozen=True)
class Activation:
    name: str
    formula: str
    function: Callable[[Array], Any]
    slope: Callable[[Array], Any]
    values: Interval
    slopes: Interval
    cost: str


def _hard_sigmoid(x: Array) -> Array:
    return np.clip(x / 6 + 0.5, 0.0, 1.0)


def _hard_sigmoid_slope(x: Array) -> Array:
    return np.where(np.abs(x) < 3, 1 / 6, 0.0)


_ERF = np.vectorize(math.erf, otypes=[np.float64])


def normal_cdf(x: Array) -> Array:
    """Phi(x), the standard normal CDF, from math.erf."""
    return 0.5 * (1 + _ERF(np.asarray(x, dtype=np.float64) / math.sqrt(2)))


def normal_pdf(x: Array) -> Array:
    x = np.asarray(x, dtype=np.float64)
    return np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)


def gelu(x: Array) -> Array:
    """x * Phi(x) with Phi the standard normal CDF, written with math.erf."""
    x = np.asarray(x, dtype=np.float64)
    return x * normal_cdf(x)


def gelu_slope(x: Array) -> Array:
    """GELU'(x) = Phi(x) + x phi(x)."""
    return normal_cdf(x) + np.asarray(x) * normal_pdf(x)


#: The cubic coefficient of GELU's tanh approximation (Hendrycks and Gimpel).
GELU_TANH_CONSTANT = 0.044715


def gelu_tanh(x: Array) -> Array:
    """The tanh approximation 0.5 x (1 + tanh(sqrt(2/pi) (x + c x^3))), c = 0.044715."""
    x = np.asarray(x, dtype=np.float64)
    return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + GELU_TANH_CONSTANT * x**3)))


def silu(x: Array) -> Array:
    return np.asarray(x) * sigmoid(x)


def silu_slope(x: Array) -> Array:
    """SiLU'(x) = sigma(x) (1 + x (1 - sigma(x)))."""
    s = sigmoid(x)
    return s * (1 + np.asarray(x) * (1 - s))


def _elu(x: Array) -> Array:
    """ELU with alpha = 1: x for x > 0, e^x - 1 otherwise."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0.0)))


def _elu_slope(x: Array) -> Array:
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, 1.0, np.exp(np.minimum(x, 0.0)))


def bisect(f: Callable[[float], float], low: float, high: float) -> float:
    """The root of f in [low, high], where f changes sign, to the last float bit."""
    f_low = f(low)
    if f_low * f(high) > 0:
        raise ValueError(f"no sign change of f on [{low}, {high}]")
    while True:
        middle = 0.5 * (low + high)
        if middle in (low, high):
            return middle
        f_middle = f(middle)
        if (f_middle > 0) == (f_low > 0):
            low, f_low = middle, f_middle
        else:
            high = middle


# Where the extrema are. SiLU' = sigma (1 + x (1 - sigma)) vanishes where
# 1 + x (1 - sigma(x)) = 0, once in [-2, -1]; GELU' = Phi + x phi vanishes once in [-1, 0].
# The slopes are extreme where the second derivatives vanish: SiLU'' =
# sigma' (2 + x (1 - 2 sigma)) where 2 + x (1 - 2 sigma(x)) = 0, and GELU'' = phi (2 - x^2)
# at x = -sqrt(2) and sqrt(2).
@dataclass(frozen=True)
class Extrema:
    """Where SiLU and GELU are smallest and where their slopes are smallest, and the values."""

    silu_min_at: float
    silu_min: float
    silu_slope_min_at: float
    silu_slope_min: float
    gelu_min_at: float
    gelu_min: float
    gelu_slope_min_at: float
    gelu_slope_min: float

    # Both slopes satisfy f'(x) + f'(-x) = 1 (for SiLU: sigma(x) + sigma(-x) = 1 and the
    # terms x sigma'(x) cancel; for GELU the same with Phi and x phi), so the largest
    # slope is 1 minus the smallest, at minus its place.
    @property
    def silu_slope_max(self) -> float:
        return 1 - self.silu_slope_min

    @property
    def gelu_slope_max(self) -> float:
        return 1 - self.gelu_slope_min


@functools.cache
def extrema() -> Extrema:
    """Computed when first needed (not at import, so a broken core fails only what uses it)."""
    silu_min_at = bisect(lambda x: 1 + x * (1 - float(sigmoid(x))), -2.0, -1.0)
    gelu_min_at = bisect(lambda x: float(gelu_slope(np.array(x))), -1.0, 0.0)
    silu_slope_min_at = bisect(lambda x: 2 + x * (1 - 2 * float(sigmoid(x))), -3.0, -2.0)
    gelu_slope_min_at = -math.sqrt(2)
    return Extrema(
        silu_min_at,
        float(silu(np.array(silu_min_at))),
        silu_slope_min_at,
        float(silu_slope(np.array(silu_slope_min_at))),
        gelu_min_at,
        float(gelu(np.array(gelu_min_at))),
        gelu_slope_min_at,
        float(gelu_slope(np.array(gelu_slope_min_at))),
    )


def _closed(low: float, high: float) -> str:
    return f"$[{low:.4f}, {high:.4f}]$"


INF = math.inf
BASIC_ACTIVATIONS = [
    Activation(
        "sigmoid",
        "$\\sigma(x) = 1/(1+e^{-x})$",
        sigmoid,
        sigmoid_derivative,
        Interval(0, 1, False, False, "$(0, 1)$"),
        Interval(0, 0.25, False, True, "$(0, \\tfrac14]$"),
        "one exponential, one division",
    ),
    Activation(
        "tanh",
        "$\\tanh x = 2\\sigma(2x) - 1$",
        np.tanh,
        lambda x: 1 / np.cosh(x) ** 2,
        Interval(-1, 1, False, False, "$(-1, 1)$"),
        Interval(0, 1, False, True, "$(0, 1]$"),
        "one exponential, one division",
    ),
    Activation(
        "ReLU",
        "$\\max(0, x)$",
        lambda x: np.maximum(x, 0.0),
        lambda x: np.where(x > 0, 1.0, 0.0),
        Interval(0, INF, True, False, "$[0, \\infty)$"),
        Interval(0, 1, True, True, "$\\{0, 1\\}$"),
        "one comparison",
    ),
    Activation(
        "softsign",
        "$x/(1+\\lvert x\\rvert)$",
        lambda x: x / (1 + np.abs(x)),
        lambda x: 1 / (1 + np.abs(x)) ** 2,
        Interval(-1, 1, False, False, "$(-1, 1)$"),
        Interval(0, 1, False, True, "$(0, 1]$"),
        "one division",
    ),
    Activation(
        "hard sigmoid",
        "$\\max(0, \\min(1, x/6 + 1/2))$",
        _hard_sigmoid,
        _hard_sigmoid_slope,
        Interval(0, 1, True, True, "$[0, 1]$"),
        Interval(0, 1 / 6, True, True, "$\\{0, \\tfrac16\\}$"),
        "a multiply-add and a clip",
    ),
    Activation(
        "ELU (α = 1)",
        "$x$ for $x > 0$, $e^{x} - 1$ otherwise",
        _elu,
        _elu_slope,
        Interval(-1, INF, False, False, "$(-1, \\infty)$"),
        Interval(0, 1, False, True, "$(0, 1]$"),
        "a comparison, one exponential for $x \\le 0$",
    ),
]


@functools.cache
def all_activations() -> list[Activation]:
    """The table's activations: the basic six, then SiLU and GELU, whose ranges are computed."""
    e = extrema()
    return [
        *BASIC_ACTIVATIONS,
        Activation(
            "SiLU",
            "$x\\,\\sigma(x)$",
            silu,
            silu_slope,
            Interval(e.silu_min, INF, True, False, f"$[{e.silu_min:.4f}, \\infty)$"),
            Interval(
                e.silu_slope_min,
                e.silu_slope_max,
                True,
                True,
                _closed(e.silu_slope_min, e.silu_slope_max),
            ),
            "one exponential, one division, one product",
        ),
        Activation(
            "GELU",
            "$x\\,\\Phi(x)$",
            gelu,
            gelu_slope,
            Interval(e.gelu_min, INF, True, False, f"$[{e.gelu_min:.4f}, \\infty)$"),
            Interval(
                e.gelu_slope_min,
                e.gelu_slope_max,
                True,
                True,
                _closed(e.gelu_slope_min, e.gelu_slope_max),
            ),
            "one erf (or tanh) and a few products",
        ),
    ]


@dataclass(frozen=True)
class Summary:
    value_range: str
    slope_range: str
    value_at_zero: float
    zero_centred: bool


GRID = np.linspace(-60.0, 60.0, 240001)


def _check(name: str, what: str, sampled: Array, interval: Interval) -> None:
    """Fail loudly if sampled values leave the stated interval or miss an attained end."""
    low, high = float(sampled.min()), float(sampled.max())
    inside = (low >= interval.low - 1e-12) and (high <= interval.high + 1e-12)
    # An attained end must be met on the grid; an end computed by root-finding (SiLU's and
    # GELU's extrema) lies between grid points, where the curve is flat: 1e-7 covers that.
    if interval.low_attained:
        inside &= math.isclose(low, interval.low, rel_tol=1e-12, abs_tol=1e-7)
    if interval.high_attained:
        inside &= math.isclose(high, interval.high, rel_tol=1e-12, abs_tol=1e-7)
    if not inside:
        raise ValueError(f"{name}: sampled {what} [{low}, {high}] contradict {interval.tex}")


def summarise(activation: Activation) -> Summary:
    values = activation.function(GRID)
    slopes = activation.slope(GRID)
    _check(activation.name, "values", values, activation.values)
    _check(activation.name, "slopes", slopes, activation.slopes)
    at_zero = float(activation.function(np.array(0.0)))
    # Zero-centred: outputs symmetric about 0, i.e. the function is odd.
    odd = bool(np.allclose(activation.function(-GRID), -values, atol=1e-15))
    return Summary(activation.values.tex, activation.slopes.tex, at_zero, odd)


@table()
def activation_comparison() -> TableData:
    rows = []
    for activation in all_activations():
        summary = summarise(activation)
        rows.append(
            [
                activation.name,
                activation.formula,
                summary.value_range,
                summary.slope_range,
                f"{summary.value_at_zero:g}",
                "yes" if summary.zero_centred else "no",
                activation.cost,
            ]
        )
    return [
        "Activation",
        "Formula",
        "Range of values",
        "Range of slopes",
        "Value at 0",
        "Zero-centred",
        "Cost per element",
    ], rows


S_SHAPED = ["sigmoid", "tanh", "softsign", "hard sigmoid"]
RECTIFIERS = ["ReLU", "ELU (α = 1)", "SiLU", "GELU"]


def _plot_each(
    ax: Axes,
    names: list[str],
    curve: Callable[[Activation], Callable[[Array], Any]],
    ylim: tuple[float, float],
) -> None:
    """One line per named activation over [-5, 5]: curve(activation) is what to draw."""
    x = np.linspace(-5, 5, 1001)
    chosen = [a for a in all_activations() if a.name in names]
    for i, activation in enumerate(chosen):
        ax.plot(
            x,
            curve(activation)(x),
            color=PALETTE[i],
            linestyle=LINE_STYLES[i],
            label=activation.name,
        )
    ax.axhline(0, color=GREY, linewidth=0.5)
    ax.set_xlim(-5, 5)
    ax.set_ylim(*ylim)
    ax.set_xlabel("$x$")
    ax.legend(loc="upper left")


@figure(
    alt=(
        "Four S-shaped activation functions for x from -5 to 5: the sigmoid and the hard "
        "sigmoid rise from 0 to 1 and pass through 1/2 at x = 0, the hard sigmoid as a "
        "straight ramp from x = -3 to 3; tanh and softsign rise from -1 to 1 through 0, "
        "tanh steeply and softsign slowly."
    ),
    caption="Values of the sigmoid and three bounded, S-shaped alternatives.",
)
def activations(ax: Axes) -> None:
    _plot_each(ax, S_SHAPED, lambda activation: activation.function, ylim=(-1.2, 1.5))


@figure(
    alt=(
        "Slopes of the four S-shaped activations for x from -5 to 5: the sigmoid's slope "
        "is a bell peaking at 1/4 at x = 0; the hard sigmoid's is 1/6 between -3 and 3 "
        "and 0 outside; tanh's and softsign's both peak at 1 at x = 0, softsign's with "
        "the narrower peak but tails that fall off more slowly."
    ),
    caption=(
        "Slopes of the same functions: the sigmoid's never exceeds 1/4, the hard "
        "sigmoid's never exceeds 1/6, tanh's and softsign's reach 1."
    ),
)
def activation_slopes(ax: Axes) -> None:
    _plot_each(ax, S_SHAPED, lambda activation: activation.slope, ylim=(-0.1, 1.3))
    ax.set_ylabel("slope")


@figure(
    alt=(
        "Four rectifier-like activations for x from -5 to 5: ReLU is 0 for negative x "
        "and x for positive x; ELU follows x for positive x and e to the x minus 1 for "
        "negative x, approaching -1; SiLU and GELU are smooth, dip slightly below 0 for "
        "negative x and approach 0 far left, and approach the line y = x for positive x."
    ),
    caption="Values of ReLU and three relatives: ELU, SiLU x·σ(x) and GELU x·Φ(x).",
)
def activations_rectifiers(ax: Axes) -> None:
    _plot_each(ax, RECTIFIERS, lambda activation: activation.function, ylim=(-1.2, 2.5))


@figure(
    alt=(
        "Slopes of the four rectifier-like activations for x from -5 to 5: ReLU's is a "
        "step from 0 to 1 at x = 0; ELU's rises as e to the x up to 1 at x = 0 and stays "
        "1; SiLU's and GELU's pass through 1/2 at x = 0, dip slightly below 0 to the left "
        "and overshoot slightly above 1 to the right, GELU's more sharply, before "
        "settling at 0 and 1."
    ),
    caption=(
        "Slopes of the same functions: SiLU's and GELU's are negative for some x < 0 and "
        "exceed 1 for some x > 0."
    ),
)
def activation_slopes_rectifiers(ax: Axes) -> None:
    _plot_each(ax, RECTIFIERS, lambda activation: activation.slope, ylim=(-0.3, 1.4))
    ax.set_ylabel("slope")


# ---------------------------------------------------------------- the sigmoid inside GELU and SiLU


@value(".3f", "max |GELU(x) - x sigma(1.702 x)| on [-8, 8]")
def gelu_approx_max_error() -> float:
    x = np.linspace(-8, 8, 16001)
    return float(np.max(np.abs(gelu(x) - x * sigmoid(1.702 * x))))


@value(".4f", "minimum of x sigma(x), where 1 + x (1 - sigma(x)) = 0")
def silu_minimum() -> float:
    return extrema().silu_min


@value(".4f", "where x sigma(x) is smallest")
def silu_minimum_at() -> float:
    return extrema().silu_min_at


@value(".4f", "minimum of GELU x Phi(x), where Phi(x) + x phi(x) = 0")
def gelu_minimum() -> float:
    return extrema().gelu_min


@value(".4f", "where GELU is smallest")
def gelu_minimum_at() -> float:
    return extrema().gelu_min_at


@value(".4f", "smallest slope of SiLU")
def silu_slope_minimum() -> float:
    return extrema().silu_slope_min


@value(".4f", "largest slope of SiLU")
def silu_slope_maximum() -> float:
    return extrema().silu_slope_max


@value(".4f", "|x| where the slope of SiLU is extreme")
def silu_slope_extreme_at() -> float:
    return abs(extrema().silu_slope_min_at)


@value(".4f", "smallest slope of GELU, at -sqrt(2)")
def gelu_slope_minimum() -> float:
    return extrema().gelu_slope_min


@value(".4f", "largest slope of GELU, at sqrt(2)")
def gelu_slope_maximum() -> float:
    return extrema().gelu_slope_max


def _normal_logistic_gap() -> tuple[float, float]:
    """max |Phi(x) - sigma(1.702 x)| on a fine grid, and the x >= 0 where it occurs."""
    x = np.linspace(0, 8, 800001)
    gap = np.abs(normal_cdf(x) - sigmoid(1.702 * x))
    i = int(np.argmax(gap))
    return float(gap[i]), float(x[i])


@value(".4f", "max |Phi(x) - sigma(1.702 x)|")
def normal_logistic_max_error() -> float:
    return _normal_logistic_gap()[0]


@value(".2f", "|x| where |Phi(x) - sigma(1.702 x)| is largest")
def normal_logistic_max_error_at() -> float:
    return _normal_logistic_gap()[1]


@value("g", "the cubic coefficient c of GELU's tanh approximation")
def gelu_tanh_constant() -> float:
    return GELU_TANH_CONSTANT


@value(".1e", "max |GELU(x) - tanh approximation| on [-8, 8]")
def gelu_tanh_max_error() -> float:
    x = np.linspace(-8, 8, 16001)
    return float(np.max(np.abs(gelu(x) - gelu_tanh(x))))


@figure(
    alt=(
        "SiLU, GELU and its approximation x times sigma of 1.702 x, with ReLU for "
        "reference, for x from -5 to 3: all three smooth curves dip slightly below 0 "
        "for negative x and approach the line y = x for positive x; the GELU and "
        "its approximation are almost indistinguishable."
    ),
    caption="The sigmoid inside modern activations: SiLU, GELU and its sigmoid approximation.",
)
def sigmoid_family(ax: Axes) -> None:
    x = np.linspace(-5, 3, 801)
    ax.plot(x, np.maximum(x, 0), color=GREY, linestyle=LINE_STYLES[2], label="ReLU")
    ax.plot(x, x * sigmoid(x), color=BLUE, label=r"SiLU $x\,\sigma(x)$")
    ax.plot(x, gelu(x), color=ORANGE, linestyle=LINE_STYLES[1], label=r"GELU $x\,\Phi(x)$")
    ax.plot(
        x,
        x * sigmoid(1.702 * x),
        color=GREEN,
        linestyle=LINE_STYLES[3],
        label=r"$x\,\sigma(1.702\,x)$",
    )
    ax.set_xlim(-5, 3)
    ax.set_ylim(-0.6, 3)
    ax.set_xlabel("$x$")
    ax.legend(loc="upper left")
