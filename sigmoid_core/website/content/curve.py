"""The curve itself: key values, equivalent forms, and the figures of sigma, sigma' and logit."""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from sigmoid_core import logit, sigmoid, sigmoid_derivative
from sigmoid_core.website.content.registry import figure, value
from sigmoid_core.website.plotting import BLUE, GRID, INK, ORANGE

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: The grid most values are measured on: step 1/1000 over [-40, 40], containing 0 exactly.
GRID_X = np.linspace(-40.0, 40.0, 80001)


def max_abs(values: ArrayLike) -> float:
    return float(np.max(np.abs(np.asarray(values))))


@value(".1f", "sigma(0)")
def sigmoid_at_0() -> float:
    return float(sigmoid(0.0))


@value(".4f", "sigma(1) to four places")
def sigmoid_at_1() -> float:
    return float(sigmoid(1.0))


@value(".17g", "sigma(1) to float64 precision")
def sigmoid_at_1_full() -> float:
    return float(sigmoid(1.0))


@value(".4f", "sigma(-1) = 1 - sigma(1)")
def sigmoid_at_minus_1() -> float:
    return float(sigmoid(-1.0))


@value(".4f", "sigma(2)")
def sigmoid_at_2() -> float:
    return float(sigmoid(2.0))


@value(".4f", "sigma(5)")
def sigmoid_at_5() -> float:
    return float(sigmoid(5.0))


@value(".4f", "e^-1 to four places")
def exp_minus_1() -> float:
    return np.exp(-1.0)


@value(".4f", "1 + e^-1")
def one_plus_exp_minus_1() -> float:
    return 1 + np.exp(-1.0)


@value(".4f", "sigma'(1) to four places")
def derivative_at_1() -> float:
    return float(sigmoid_derivative(1.0))


@value(".17g", "sigma'(1), float64")
def derivative_at_1_full() -> float:
    return float(sigmoid_derivative(1.0))


@value("g", "the largest value of sigma'")
def max_slope() -> float:
    return float(np.max(sigmoid_derivative(GRID_X)))


@value("g", "where sigma' is largest on a grid of step 1/1000")
def max_slope_location() -> float:
    return GRID_X[np.argmax(sigmoid_derivative(GRID_X))]


@value(".3e", "smallest sigma' on [-40, 40]: positive")
def min_slope_on_grid() -> float:
    return float(np.min(sigmoid_derivative(GRID_X)))


@value(".3e", "sigma'(40)")
def derivative_at_40() -> float:
    return float(sigmoid_derivative(40.0))


@value("g", "sigma(log 3): odds 3 to 1")
def odds_example_p() -> float:
    return float(sigmoid(np.log(3.0)))


def _forms_difference(form) -> float:
    x = np.linspace(-30, 30, 60001)
    with np.errstate(all="ignore"):
        return max_abs(form(x) - sigmoid(x))


@value(".1e", "max |e^x/(1+e^x) - sigma(x)| on [-30, 30]")
def forms_exp_ratio_difference() -> float:
    return _forms_difference(lambda x: np.exp(x) / (1 + np.exp(x)))


@value(".1e", "max |(1+tanh(x/2))/2 - sigma(x)| on [-30, 30]")
def forms_tanh_difference() -> float:
    return _forms_difference(lambda x: (1 + np.tanh(x / 2)) / 2)


@value(".12f", "pi")
def pi() -> float:
    return math.pi


@figure(
    alt=(
        "The S-shaped curve of the sigmoid for x from -8 to 8: it rises from near 0 "
        "on the left, through 0.5 at x = 0, to near 1 on the right, and never "
        "reaches either 0 or 1."
    ),
    caption="The sigmoid squashes every real number into the open interval (0, 1).",
)
def sigmoid_curve(ax: Axes) -> None:
    x = np.linspace(-8, 8, 401)
    ax.axhline(0.5, color=GRID, linewidth=1.0, linestyle="--")
    ax.plot(x, sigmoid(x), color=BLUE, label=r"$\sigma(x) = 1/(1+e^{-x})$")
    ax.plot([0], [sigmoid(0.0)], "o", color=BLUE, markersize=6)
    ax.annotate(r"$\sigma(0) = 1/2$", (0, 0.5), xytext=(0.6, 0.36), color=INK)
    ax.set_xlim(-8, 8)
    ax.set_ylim(-0.05, 1.05)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1])
    ax.set_xlabel("$x$")
    ax.set_ylabel(r"$\sigma(x)$")
    ax.legend(loc="upper left")


@figure(
    alt=(
        "The sigmoid (solid blue S-curve) and its derivative (dashed orange bell "
        "curve) for x from -8 to 8. The derivative peaks at 0.25 at x = 0, where "
        "the sigmoid is steepest, and falls towards 0 on both sides."
    ),
    caption=(
        "The derivative is a symmetric bump: largest, 1/4, at x = 0 and "
        "vanishing in both tails, where the sigmoid saturates."
    ),
)
def sigmoid_and_derivative(ax: Axes) -> None:
    x = np.linspace(-8, 8, 401)
    ax.plot(x, sigmoid(x), color=BLUE, label=r"$\sigma(x)$")
    ax.plot(
        x,
        sigmoid_derivative(x),
        color=ORANGE,
        linestyle=(0, (5, 2)),
        label=r"$\sigma'(x) = \sigma(x)\,(1-\sigma(x))$",
    )
    ax.plot([0], [sigmoid_derivative(0.0)], "o", color=ORANGE, markersize=6)
    # Above the bell's right flank and below the S-curve, with an arrow to the peak: the
    # dashed curve used to run through this label.
    ax.annotate(
        "maximum slope\n" r"$\sigma'(0) = 1/4$",
        (0, 0.25),
        xytext=(1.6, 0.34),
        color=INK,
        arrowprops={"arrowstyle": "->", "color": INK, "linewidth": 0.8, "shrinkB": 5},
    )
    ax.set_xlim(-8, 8)
    ax.set_ylim(-0.05, 1.05)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1])
    ax.set_xlabel("$x$")
    ax.legend(loc="upper left")


@figure(
    alt=(
        "The logit function for probabilities p from 0 to 1: it rises from large "
        "negative log-odds near p = 0, through 0 at p = 1/2, to large positive "
        "log-odds near p = 1, mirroring the sigmoid across the diagonal."
    ),
    caption="The logit maps a probability to its log-odds; it is the inverse of σ.",
)
def logit_curve(ax: Axes) -> None:
    p = np.linspace(0.001, 0.999, 999)
    # Not \frac: matplotlib draws a fraction's numerator and denominator below 11 px.
    ax.plot(p, logit(p), color=BLUE, label=r"$\mathrm{logit}(p) = \log(p/(1-p))$")
    ax.axvline(0.5, color=GRID, linewidth=1.0, linestyle="--")
    ax.set_xlim(0, 1)
    ax.set_ylim(-7, 7)
    ax.set_xlabel("probability $p$")
    ax.set_ylabel("log-odds")
    ax.legend(loc="upper left")


@functools.cache
def neighbour_steps() -> tuple[int, int, float]:
    """(pairs, step-backs, largest step-back in ulp) of the core's sigma over neighbours.

    Seeded runs of 2,000 consecutive float64 inputs around 400 centres, mostly in the
    bend [-40, 40]: exact sigma is strictly increasing, and correctly rounded it would be
    non-decreasing, but the core is accurate to 2 ulp, not correctly rounded.
    """
    rng = np.random.default_rng(20261126)
    centres = np.concatenate([rng.uniform(-40, 40, 300), rng.uniform(-745, 40, 100)])
    steps = np.arange(-1000, 1000)
    x = centres[:, None] + steps[None, :] * np.abs(np.spacing(centres))[:, None]
    s = np.asarray(sigmoid(x))
    difference = np.diff(s, axis=1)
    back = difference < 0
    largest = float(np.max(-difference[back] / np.spacing(s[:, 1:][back]))) if back.any() else 0
    return int(difference.size), int(back.sum()), largest


@value(",d", "pairs of neighbouring float64 inputs checked for order")
def order_pairs_checked() -> int:
    return neighbour_steps()[0]


@value(",d", "of those pairs, how many the core's sigma puts in decreasing order")
def order_step_backs() -> int:
    return neighbour_steps()[1]


@value("g", "largest step back of the core's sigma between neighbouring inputs, in ulp")
def order_largest_step_back_ulp() -> float:
    return neighbour_steps()[2]
