"""The logistic distribution: moments, the Gumbel difference, probit against logit.

The probit comparisons reuse the normal CDF of :mod:`.activations`, where the error of
Haley's sigma(1.702 x) is already registered (``normal_logistic_max_error``).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

# SciPy comes with scikit-learn, which the docs extra installs; it publishes no types.
from scipy.integrate import quad  # type: ignore[import-untyped]
from scipy.optimize import minimize_scalar  # type: ignore[import-untyped]

from sigmoid_core import sigmoid, sigmoid_derivative
from sigmoid_core.website.content.activations import normal_cdf, normal_pdf
from sigmoid_core.website.content.registry import TableData, figure, table, value
from sigmoid_core.website.plotting import BLUE, LINE_STYLES, ORANGE

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: Haley's constant in Phi(x) ~ sigma(1.702 x) (reported by Camilli 1994).
HALEY_CONSTANT = 1.702
#: The scale that gives sigma(a x) the variance of the standard normal: a = pi / sqrt(3).
VARIANCE_MATCHING_CONSTANT = math.pi / math.sqrt(3)
#: Where Phi(x) - sigma(a x) is compared: x >= 0 suffices, the difference is odd in x.
PROBIT_GRID = np.linspace(0.0, 10.0, 1000001)


def probit_logit_gap(a: float) -> np.ndarray:
    """Phi(x) - sigma(a x) on PROBIT_GRID."""
    return np.asarray(normal_cdf(PROBIT_GRID) - sigmoid(a * PROBIT_GRID))


def largest_gap(a: float) -> float:
    """max over x of |Phi(x) - sigma(a x)|, on the grid of step 1/100000 over [0, 10]."""
    return float(np.max(np.abs(probit_logit_gap(a))))


@dataclass(frozen=True)
class Minimax:
    constant: float
    error: float
    below: float  # most negative Phi - sigma(a x), x >= 0
    below_at: float
    above: float  # most positive Phi - sigma(a x), x >= 0
    above_at: float


@functools.cache
def minimax() -> Minimax:
    """The a minimising max |Phi(x) - sigma(a x)|, and the two extremes of the gap there."""
    result = minimize_scalar(
        largest_gap, bounds=(1.6, 1.8), method="bounded", options={"xatol": 1e-9}
    )
    a = float(result.x)
    gap = probit_logit_gap(a)
    low, high = int(np.argmin(gap)), int(np.argmax(gap))
    return Minimax(
        a,
        largest_gap(a),
        float(gap[low]),
        float(PROBIT_GRID[low]),
        float(gap[high]),
        float(PROBIT_GRID[high]),
    )


@value("g", "Haley's constant 1.702 in Phi(x) ~ sigma(1.702 x)")
def haley_constant() -> float:
    return HALEY_CONSTANT


@value(".5f", "the a minimising max |Phi(x) - sigma(a x)|")
def minimax_probit_constant() -> float:
    return minimax().constant


@value(".5f", "max |Phi(x) - sigma(a x)| at the minimising a")
def minimax_probit_error() -> float:
    return minimax().error


@value(".5f", "how far Phi(x) - sigma(a x) falls below 0 over x >= 0 at the minimising a")
def minimax_gap_below() -> float:
    return -minimax().below


@value(".2f", "where the gap is most negative at the minimising a")
def minimax_gap_below_at() -> float:
    return minimax().below_at


@value(".5f", "most positive Phi(x) - sigma(a x) over x >= 0 at the minimising a")
def minimax_gap_above() -> float:
    return minimax().above


@value(".2f", "where the gap is most positive at the minimising a")
def minimax_gap_above_at() -> float:
    return minimax().above_at


@value(".4f", "pi / sqrt(3), the variance-matching constant")
def variance_matching_constant() -> float:
    return VARIANCE_MATCHING_CONSTANT


@value(".4f", "max |Phi(x) - sigma(pi x / sqrt 3)|")
def variance_matching_error() -> float:
    return largest_gap(VARIANCE_MATCHING_CONSTANT)


@value(".2f", "|x| where |Phi(x) - sigma(pi x / sqrt 3)| is largest")
def variance_matching_error_at() -> float:
    gap = np.abs(probit_logit_gap(VARIANCE_MATCHING_CONSTANT))
    return float(PROBIT_GRID[int(np.argmax(gap))])


@value(".1f", "max |Phi - sigma(pi x/sqrt 3)| over max |Phi - sigma(1.702 x)|")
def variance_matching_error_ratio() -> float:
    return largest_gap(VARIANCE_MATCHING_CONSTANT) / largest_gap(HALEY_CONSTANT)


# ---------------------------------------------------------------- moments


def central_moment(k: int) -> float:
    """The k-th moment of the standard logistic distribution by quadrature of x^k sigma'(x)."""
    return float(quad(lambda x: x**k * float(sigmoid_derivative(x)), -np.inf, np.inf, limit=200)[0])


@table()
def logistic_moments() -> TableData:
    variance = central_moment(2)
    rows = [
        ["Mean", "$\\mu$", "0", f"{central_moment(1):.1e}"],
        ["Variance", "$s^{2}\\pi^{2}/3$", f"{math.pi**2 / 3:.6f}", f"{variance:.6f}"],
        [
            "Standard deviation",
            "$s\\pi/\\sqrt{3}$",
            f"{math.pi / math.sqrt(3):.6f}",
            f"{math.sqrt(variance):.6f}",
        ],
        ["Skewness", "$0$", "0", f"{central_moment(3) / variance**1.5:.1e}"],
        ["Excess kurtosis", "$6/5$", f"{6 / 5:g}", f"{central_moment(4) / variance**2 - 3:.6f}"],
    ]
    return ["Quantity", "Exact", "Standard", "Quadrature"], rows


# ---------------------------------------------------------------- the Gumbel difference


def gumbel_difference_cdf(x: float) -> float:
    """P(G1 - G2 <= x) for independent standard Gumbel G1, G2, by numerical convolution."""

    def integrand(g: float) -> float:
        return math.exp(-math.exp(-(x + g))) * math.exp(-g - math.exp(-g))

    # The Gumbel density e^(-g - e^(-g)) is below 1e-1000 for g < -8 and below e^(-59)
    # for g > 60: the integral over [-8, 60] misses less than that.
    return float(quad(integrand, -8.0, 60.0, limit=200, epsabs=1e-15, epsrel=1e-13)[0])


@value(".1e", "max |P(G1 - G2 <= x) - sigma(x)| by quadrature, x in [-10, 10] step 1/4")
def gumbel_difference_max_error() -> float:
    xs = np.linspace(-10, 10, 81)
    return max(abs(gumbel_difference_cdf(float(x)) - float(sigmoid(x))) for x in xs)


# ---------------------------------------------------------------- the figure


@figure(
    alt=(
        "Two bell-shaped densities for x from -8 to 8, both centred at 0 with the same "
        "variance pi squared over 3: the standard logistic density, sigma prime, peaks "
        "at 1/4, higher and narrower at the top than the normal density, which peaks "
        "lower; beyond about x = 4 on either side the logistic density lies above the "
        "normal one, its tails falling off exponentially rather than like a Gaussian."
    ),
    caption=(
        "The standard logistic density σ′(x) and the normal density with the same "
        "variance π²/3: the logistic has the higher peak and the heavier tails."
    ),
)
def logistic_normal_densities(ax: Axes) -> None:
    x = np.linspace(-8, 8, 321)
    sd = VARIANCE_MATCHING_CONSTANT
    ax.plot(x, sigmoid_derivative(x), color=BLUE, label=r"logistic $\sigma'(x)$")
    ax.plot(
        x,
        normal_pdf(x / sd) / sd,
        color=ORANGE,
        linestyle=LINE_STYLES[1],
        label=r"normal, variance $\pi^2/3$",
    )
    ax.set_xlim(-8, 8)
    ax.set_ylim(0, 0.3)
    ax.set_xlabel("$x$")
    ax.set_ylabel("density")
    ax.legend(loc="upper left")
