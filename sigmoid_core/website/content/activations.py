"""Activation functions compared with the sigmoid, with their derivatives, table and figures.

Each states its range of values and of slopes; ``summarise`` checks those statements
against the function evaluated on a fine grid, so a wrong range fails the build.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from sigmoid_core import sigmoid, sigmoid_derivative
from sigmoid_core.website.content.curve import GRID_X
from sigmoid_core.website.content.plotting import (
    BLUE,
    GREEN,
    GREY,
    LINE_STYLES,
    ORANGE,
    PALETTE,
)
from sigmoid_core.website.content.registry import TableData, figure, table, value

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


INF = math.inf
ACTIVATIONS = [
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
    if interval.low_attained:
        inside &= low == interval.low
    if interval.high_attained:
        inside &= high == interval.high or math.isclose(high, interval.high, rel_tol=1e-12)
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
    for activation in ACTIVATIONS:
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


def _plot_each(
    ax: Axes, curve: Callable[[Activation], Callable[[Array], Any]], ylim: tuple[float, float]
) -> None:
    """One line per activation over [-5, 5]: curve(activation) is what to draw of it."""
    x = np.linspace(-5, 5, 1001)
    for i, activation in enumerate(ACTIVATIONS):
        ax.plot(
            x,
            curve(activation)(x),
            color=PALETTE[i],
            linestyle=LINE_STYLES[i],
            label=activation.name,
        )
    ax.set_xlim(-5, 5)
    ax.set_ylim(*ylim)
    ax.set_xlabel("$x$")
    ax.legend(loc="upper left", ncols=2)


@figure(
    alt=(
        "Five activation functions for x from -5 to 5: the sigmoid and the hard "
        "sigmoid rise from 0 to 1, tanh and softsign rise from -1 to 1, and ReLU is 0 "
        "for negative x and equal to x for positive x."
    ),
    caption="Values of the sigmoid and four common alternatives.",
)
def activations(ax: Axes) -> None:
    _plot_each(ax, lambda activation: activation.function, ylim=(-1.2, 2.2))


@figure(
    alt=(
        "Slopes of the five activation functions for x from -5 to 5: the sigmoid's "
        "slope peaks at 1/4, tanh's and softsign's at 1, ReLU's is a step from 0 to 1 "
        "and the hard sigmoid's is 1/6 between -3 and 3 and 0 outside."
    ),
    caption="Slopes of the same functions: the sigmoid's never exceeds 1/4.",
)
def activation_slopes(ax: Axes) -> None:
    _plot_each(ax, lambda activation: activation.slope, ylim=(-0.1, 1.3))
    ax.set_ylabel("slope")


# ---------------------------------------------------------------- the sigmoid inside GELU and SiLU


def gelu(x: Array) -> Array:
    """x * Phi(x) with Phi the standard normal CDF, written with math.erf."""
    x = np.asarray(x, dtype=np.float64)
    return x * 0.5 * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))


@value(".3f", "max |GELU(x) - x sigma(1.702 x)| on [-8, 8]")
def gelu_approx_max_error() -> float:
    x = np.linspace(-8, 8, 16001)
    return float(np.max(np.abs(gelu(x) - x * sigmoid(1.702 * x))))


@value(".4f", "minimum of x sigma(x)")
def silu_minimum() -> float:
    return np.min(GRID_X * sigmoid(GRID_X))


@value(".3f", "where x sigma(x) is smallest")
def silu_minimum_at() -> float:
    return GRID_X[np.argmin(GRID_X * sigmoid(GRID_X))]


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
