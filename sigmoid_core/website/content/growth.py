"""Logistic growth: the parametrised curve L sigma(k(x - x0)), and a fit to real data.

The data are Carlson's hourly yeast counts (1913), as Pearl tabulated them (1927); the
file ships with this package (``data/carlson-yeast-1913.csv``), with its source in its
header. The fit is ordinary least squares in the three parameters K, r and t0.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from importlib.resources import files
from typing import TYPE_CHECKING

import numpy as np

# SciPy comes with scikit-learn, which the docs extra installs; it publishes no types.
from scipy.optimize import curve_fit  # type: ignore[import-untyped]

from sigmoid_core import sigmoid, sigmoid_derivative
from sigmoid_core.website.content.family import gompertz
from sigmoid_core.website.content.registry import TableData, figure, table, value
from sigmoid_core.website.plotting import BLUE, GREEN, LINE_STYLES, ORANGE, PURPLE

if TYPE_CHECKING:
    from matplotlib.axes import Axes

YEAST_DATA = "carlson-yeast-1913.csv"


def logistic_curve(x: np.ndarray, ceiling: float, rate: float, midpoint: float) -> np.ndarray:
    """L sigma(k (x - x0)): ceiling L, rate k, midpoint x0."""
    return ceiling * np.asarray(sigmoid(rate * (np.asarray(x, dtype=float) - midpoint)))


def logistic_curve_slope(x: np.ndarray, ceiling: float, rate: float, midpoint: float) -> np.ndarray:
    """d/dx of L sigma(k (x - x0)) = k L sigma'(k (x - x0))."""
    z = rate * (np.asarray(x, dtype=float) - midpoint)
    return rate * ceiling * np.asarray(sigmoid_derivative(z))


def time_to_fraction(fraction: float, rate: float, initial_fraction: float) -> float:
    """When P/K reaches ``fraction``, starting from P0/K = ``initial_fraction`` (both in (0, 1)):
    (logit(q) - logit(q0)) / r."""

    def logit(p: float) -> float:
        return math.log(p / (1 - p))

    return (logit(fraction) - logit(initial_fraction)) / rate


def yeast_data() -> tuple[np.ndarray, np.ndarray]:
    """Hours and amounts of yeast, as shipped in the package's data file."""
    text = files("sigmoid_core.website.content").joinpath("data", YEAST_DATA).read_text()
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert rows[0] == "hour,yeast", rows[0]
    hours, amounts = np.array([row.split(",") for row in rows[1:]], dtype=float).T
    return hours, amounts


@dataclass(frozen=True)
class GrowthFit:
    ceiling: float  # K
    rate: float  # r, per hour
    midpoint: float  # t0, hours
    standard_errors: tuple[float, float, float]
    residuals: np.ndarray

    @property
    def initial(self) -> float:
        """The fitted curve's value at t = 0."""
        return float(logistic_curve(np.array(0.0), self.ceiling, self.rate, self.midpoint))


def _jacobian(t: np.ndarray, ceiling: float, rate: float, midpoint: float) -> np.ndarray:
    z = rate * (t - midpoint)
    s, ds = np.asarray(sigmoid(z)), np.asarray(sigmoid_derivative(z))
    return np.column_stack([s, ceiling * ds * (t - midpoint), -ceiling * ds * rate])


@functools.cache
def yeast_fit() -> GrowthFit:
    """Least squares for K sigma(r (t - t0)); starting values read off the data."""
    hours, amounts = yeast_data()
    start = (amounts.max(), 0.5, float(hours[np.argmax(amounts > amounts.max() / 2)]))
    parameters, covariance = curve_fit(
        logistic_curve, hours, amounts, p0=start, jac=_jacobian, xtol=1e-14, ftol=1e-14
    )
    ceiling, rate, midpoint = (float(p) for p in parameters)
    errors = tuple(float(e) for e in np.sqrt(np.diag(covariance)))
    residuals = amounts - logistic_curve(hours, ceiling, rate, midpoint)
    return GrowthFit(ceiling, rate, midpoint, errors, residuals)  # type: ignore[arg-type]


@value(".1f", "fitted carrying capacity K of the yeast data")
def yeast_capacity() -> float:
    return yeast_fit().ceiling


@value(".1f", "standard error of K")
def yeast_capacity_se() -> float:
    return yeast_fit().standard_errors[0]


@value(".4f", "fitted growth rate r of the yeast data, per hour")
def yeast_rate() -> float:
    return yeast_fit().rate


@value(".4f", "standard error of r")
def yeast_rate_se() -> float:
    return yeast_fit().standard_errors[1]


@value(".2f", "fitted midpoint t0 of the yeast data, hours")
def yeast_midpoint() -> float:
    return yeast_fit().midpoint


@value(".2f", "standard error of t0")
def yeast_midpoint_se() -> float:
    return yeast_fit().standard_errors[2]


@value(".1f", "fitted curve at t = 0")
def yeast_initial() -> float:
    return yeast_fit().initial


@value(".2f", "residual standard error, sqrt(SSE / (n - 3))")
def yeast_residual_sd() -> float:
    return residual_sd(yeast_fit().residuals)


@value(".1f", "largest |residual| of the yeast fit")
def yeast_largest_residual() -> float:
    return float(np.max(np.abs(yeast_fit().residuals)))


@value("d", "hour of the largest |residual|")
def yeast_largest_residual_hour() -> int:
    return int(np.argmax(np.abs(yeast_fit().residuals)))


@value(".1f", "largest |residual| as a percentage of K")
def yeast_largest_residual_percent() -> float:
    return 100 * yeast_largest_residual() / yeast_fit().ceiling


@value("d", "observations in the yeast data")
def yeast_points() -> int:
    return yeast_data()[0].size


@value(".1f", "hours the fitted curve takes from 10% to 90% of K: 2 log 9 / r")
def yeast_ten_to_ninety_hours() -> float:
    return time_to_fraction(0.9, yeast_fit().rate, 0.1)


@value(".1f", "fitted maximum growth rate r K / 4, per hour")
def yeast_max_growth() -> float:
    fit = yeast_fit()
    return fit.rate * fit.ceiling / 4


def gompertz_curve(t: np.ndarray, ceiling: float, rate: float, midpoint: float) -> np.ndarray:
    """K G(r (t - t0)) with Gompertz's G(x) = exp(-e^(-x)), inflecting at t0."""
    return ceiling * np.asarray(gompertz(rate * (np.asarray(t, dtype=float) - midpoint)))


@functools.cache
def yeast_gompertz_residuals() -> np.ndarray:
    """Residuals of the Gompertz curve fitted to the yeast data by least squares."""
    hours, amounts = yeast_data()
    fit = yeast_fit()
    parameters, _ = curve_fit(
        gompertz_curve, hours, amounts, p0=(fit.ceiling, fit.rate, fit.midpoint)
    )
    return amounts - gompertz_curve(hours, *parameters)


def residual_sd(residuals: np.ndarray, parameters: int = 3) -> float:
    """sqrt(SSE / (n - parameters)), the residual standard error."""
    return math.sqrt(float(residuals @ residuals) / (residuals.size - parameters))


@value(".2f", "residual standard error of the Gompertz curve fitted to the yeast data")
def yeast_gompertz_residual_sd() -> float:
    return residual_sd(yeast_gompertz_residuals())


@value(".4f", "2 log 9, the 10%-90% rise of sigma")
def ten_to_ninety_width() -> float:
    return 2 * math.log(9)


#: (L, k, x0) of the curves in the figure of the parametrised logistic.
PARAMETRISED_EXAMPLES = [(1.0, 1.0, 0.0), (1.0, 3.0, 0.0), (1.0, 1.0, 2.5), (0.5, 1.0, 0.0)]


@table()
def yeast_fit_table() -> TableData:
    hours, amounts = yeast_data()
    fit = yeast_fit()
    fitted = amounts - fit.residuals
    rows = [
        [
            f"{hour:.0f}",
            f"{amount:.1f}",
            f"{model:.1f}",
            f"{residual:+.1f}".replace("-", "\N{MINUS SIGN}"),
        ]
        for hour, amount, model, residual in zip(hours, amounts, fitted, fit.residuals, strict=True)
    ]
    return ["hour", "yeast (measured)", "fitted curve", "residual"], rows


@figure(
    alt=(
        "Four S-shaped curves L sigma(k(x - x0)) for x from -6 to 6: the standard sigmoid "
        "(L = 1, k = 1, x0 = 0); a steeper one with k = 3 crossing 1/2 at the same point; "
        "one shifted right to x0 = 2.5; and one with ceiling L = 1/2, which rises to 1/2 "
        "instead of 1 and crosses 1/4 at x = 0."
    ),
    caption=(
        "The parametrised logistic L σ(k(x − x₀)): k sets the steepness, x₀ the midpoint "
        "and L the ceiling; each curve passes through (x₀, L/2) with slope kL/4 there."
    ),
)
def parametrised_logistic(ax: Axes) -> None:
    x = np.linspace(-6, 6, 241)
    labels = ["$L=1,\\ k=1,\\ x_0=0$", "$k=3$", "$x_0=2.5$", "$L=1/2$"]
    for (ceiling, rate, midpoint), label, colour, style in zip(
        PARAMETRISED_EXAMPLES, labels, [BLUE, ORANGE, GREEN, PURPLE], LINE_STYLES, strict=False
    ):
        ax.plot(x, logistic_curve(x, ceiling, rate, midpoint), color=colour, ls=style, label=label)
    ax.set_xlim(-6, 6)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("$x$")
    ax.legend(loc="upper left")


@figure(
    alt=(
        "Carlson's hourly measurements of a yeast culture over 18 hours, drawn as points, "
        "and the least-squares logistic curve K sigma(r(t - t0)) through them: the points "
        "rise slowly, then steeply in the middle hours, then level off under the dashed "
        "line of the fitted ceiling K, and every point lies close to the curve."
    ),
    caption=(
        "Carlson's yeast culture (1913, as tabulated by Pearl 1927) and the logistic curve "
        "fitted by least squares; the dashed line is the fitted ceiling K."
    ),
)
def yeast_growth_fit(ax: Axes) -> None:
    hours, amounts = yeast_data()
    fit = yeast_fit()
    t = np.linspace(0, 18, 181)
    ax.plot(t, logistic_curve(t, fit.ceiling, fit.rate, fit.midpoint), color=BLUE, label="fit")
    ax.plot(hours, amounts, "o", color=ORANGE, markersize=5, label="measured")
    ax.axhline(fit.ceiling, color=BLUE, lw=1, ls=LINE_STYLES[1])
    ax.set_xlim(0, 18)
    ax.set_ylim(0, 700)
    ax.set_xlabel("hours")
    ax.set_ylabel("amount of yeast")
    ax.legend(loc="lower right")
