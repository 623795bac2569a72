"""Activation functions compared with the sigmoid on the site, with their derivatives.

Each states its range of values and of slopes; ``summarise`` checks those statements
against the function evaluated on a fine grid, so a wrong range fails the build.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from sigmoid_core.functions import sigmoid, sigmoid_derivative

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
    function: Callable[[Array], Array]
    slope: Callable[[Array], Array]
    values: Interval
    slopes: Interval
    cost: str


def _hard_sigmoid(x: Array) -> Array:
    return np.clip(x / 6 + 0.5, 0.0, 1.0)


def _hard_sigmoid_slope(x: Array) -> Array:
    return np.where(np.abs(x) < 3, 1 / 6, 0.0)


INF = math.inf
ACTIVATIONS = [
    Activation("sigmoid", "$\\sigma(x) = 1/(1+e^{-x})$", sigmoid, sigmoid_derivative,
               Interval(0, 1, False, False, "$(0, 1)$"),
               Interval(0, 0.25, False, True, "$(0, \\tfrac14]$"),
               "one exponential, one division"),
    Activation("tanh", "$\\tanh x = 2\\sigma(2x) - 1$", np.tanh,
               lambda x: 1 / np.cosh(x) ** 2,
               Interval(-1, 1, False, False, "$(-1, 1)$"),
               Interval(0, 1, False, True, "$(0, 1]$"),
               "one exponential, one division"),
    Activation("ReLU", "$\\max(0, x)$", lambda x: np.maximum(x, 0.0),
               lambda x: np.where(x > 0, 1.0, 0.0),
               Interval(0, INF, True, False, "$[0, \\infty)$"),
               Interval(0, 1, True, True, "$\\{0, 1\\}$"),
               "one comparison"),
    Activation("softsign", "$x/(1+\\lvert x\\rvert)$", lambda x: x / (1 + np.abs(x)),
               lambda x: 1 / (1 + np.abs(x)) ** 2,
               Interval(-1, 1, False, False, "$(-1, 1)$"),
               Interval(0, 1, False, True, "$(0, 1]$"),
               "one division"),
    Activation("hard sigmoid", "$\\max(0, \\min(1, x/6 + 1/2))$", _hard_sigmoid,
               _hard_sigmoid_slope,
               Interval(0, 1, True, True, "$[0, 1]$"),
               Interval(0, 1 / 6, True, True, "$\\{0, \\tfrac16\\}$"),
               "a multiply-add and a clip"),
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
