"""The sigmoid family: logistic, tanh, arctan, erf, Gudermannian, algebraic, smoothstep,
Richards and Gompertz curves, with their centres, slopes, tails and a common scaling.

Each member states its centre (the inflection point), the exact slope there in TeX and a
function for the slope; ``centre_slope`` evaluates it, and the tests compare it with
mpmath's numerical derivative. ``scaled`` maps every member to the range (0, 1) with
slope 1/4 at its centre, which sits at x = 0, as for the logistic sigma.
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
from sigmoid_core.website.plotting import GREY, LINE_STYLES, PALETTE

if TYPE_CHECKING:
    from matplotlib.axes import Axes

Array = np.ndarray

#: The shape parameter of the Richards curve drawn in the figure and the table.
RICHARDS_NU = 2.0

_ERF = np.vectorize(math.erf, otypes=[np.float64])


def smoothstep(x: Any) -> Array:
    """3x^2 - 2x^3 on [0, 1], 0 to the left and 1 to the right."""
    t = np.clip(np.asarray(x, dtype=np.float64), 0.0, 1.0)
    return t * t * (3 - 2 * t)


def smoothstep_slope(x: Any) -> Array:
    x = np.asarray(x, dtype=np.float64)
    return np.where((x > 0) & (x < 1), 6 * x * (1 - x), 0.0)


def gudermannian(x: Any) -> Array:
    """gd(x) = 2 arctan(tanh(x/2))."""
    return 2 * np.arctan(np.tanh(np.asarray(x, dtype=np.float64) / 2))


def richards(x: Any, nu: float = RICHARDS_NU) -> Array:
    """(1 + nu e^{-x})^{-1/nu}, nu > 0: inflection at x = 0 for every nu."""
    x = np.asarray(x, dtype=np.float64)
    return np.exp(-np.logaddexp(0.0, math.log(nu) - x) / nu)


def richards_slope(x: Any, nu: float = RICHARDS_NU) -> Array:
    """e^{-x} (1 + nu e^{-x})^{-1/nu - 1}."""
    x = np.asarray(x, dtype=np.float64)
    return np.exp(-x - (1 / nu + 1) * np.logaddexp(0.0, math.log(nu) - x))


def gompertz(x: Any) -> Array:
    """exp(-e^{-x}), the Gumbel distribution function."""
    return np.exp(-np.exp(np.minimum(-np.asarray(x, dtype=np.float64), 700.0)))


def gompertz_slope(x: Any) -> Array:
    x = np.asarray(x, dtype=np.float64)
    return np.exp(-x - np.exp(np.minimum(-x, 700.0)))


@dataclass(frozen=True)
class Member:
    """One sigmoid: its formula, limits, centre, slope and tails (all TeX for the table)."""

    name: str
    formula: str
    function: Callable[[Any], Any]
    slope: Callable[[Any], Any]
    low: float
    high: float
    range_tex: str
    centre: float
    slope_tex: str
    tail_tex: str

    def centre_value(self) -> float:
        return float(self.function(np.array(self.centre)))

    def centre_slope(self) -> float:
        return float(self.slope(np.array(self.centre)))

    def scale(self) -> float:
        """k such that x -> (f(centre + k x) - low) / (high - low) has slope 1/4 at 0."""
        return (self.high - self.low) / (4 * self.centre_slope())

    def scaled(self, x: Any) -> Array:
        """The member mapped to (0, 1), centred at 0, with slope 1/4 there."""
        x = np.asarray(x, dtype=np.float64)
        y = self.function(self.centre + self.scale() * x)
        return (np.asarray(y) - self.low) / (self.high - self.low)


HALF_PI = math.pi / 2


@functools.cache
def members() -> list[Member]:
    nu = RICHARDS_NU
    return [
        Member(
            "logistic σ",
            "$1/(1+e^{-x})$",
            sigmoid,
            sigmoid_derivative,
            0.0,
            1.0,
            "$(0, 1)$",
            0.0,
            "\\tfrac14",
            "$e^{-x}$",
        ),
        Member(
            "tanh",
            "$\\tanh x$",
            np.tanh,
            lambda x: 1 / np.cosh(x) ** 2,
            -1.0,
            1.0,
            "$(-1, 1)$",
            0.0,
            "1",
            "$2e^{-2x}$",
        ),
        Member(
            "arctan",
            "$\\arctan x$",
            np.arctan,
            lambda x: 1 / (1 + np.asarray(x) ** 2),
            -HALF_PI,
            HALF_PI,
            "$(-\\tfrac{\\pi}{2}, \\tfrac{\\pi}{2})$",
            0.0,
            "1",
            "$1/x$",
        ),
        Member(
            "erf",
            "$\\tfrac{2}{\\sqrt\\pi}\\int_0^x e^{-t^2}\\,dt$",
            _ERF,
            lambda x: 2 / math.sqrt(math.pi) * np.exp(-(np.asarray(x) ** 2)),
            -1.0,
            1.0,
            "$(-1, 1)$",
            0.0,
            "2/\\sqrt\\pi",
            "$e^{-x^2}/(x\\sqrt\\pi)$",
        ),
        Member(
            "Gudermannian",
            "$2\\arctan(\\tanh\\tfrac{x}{2})$",
            gudermannian,
            lambda x: 1 / np.cosh(x),
            -HALF_PI,
            HALF_PI,
            "$(-\\tfrac{\\pi}{2}, \\tfrac{\\pi}{2})$",
            0.0,
            "1",
            "$2e^{-x}$",
        ),
        Member(
            "algebraic",
            "$x/\\sqrt{1+x^2}$",
            lambda x: np.asarray(x) / np.sqrt(1 + np.asarray(x) ** 2),
            lambda x: (1 + np.asarray(x) ** 2) ** -1.5,
            -1.0,
            1.0,
            "$(-1, 1)$",
            0.0,
            "1",
            "$1/(2x^2)$",
        ),
        Member(
            "smoothstep",
            "$3x^2-2x^3$ on $[0, 1]$",
            smoothstep,
            smoothstep_slope,
            0.0,
            1.0,
            "$[0, 1]$",
            0.5,
            "\\tfrac32",
            "none: exactly $1$ for $x \\ge 1$",
        ),
        Member(
            f"Richards, ν = {nu:g}",
            "$(1+\\nu e^{-x})^{-1/\\nu}$",
            richards,
            richards_slope,
            0.0,
            1.0,
            "$(0, 1)$",
            0.0,
            "(1+\\nu)^{-1/\\nu-1}",
            "$e^{-x}$; left: $\\nu^{-1/\\nu}e^{x/\\nu}$",
        ),
        Member(
            "Gompertz",
            "$\\exp(-e^{-x})$",
            gompertz,
            gompertz_slope,
            0.0,
            1.0,
            "$(0, 1)$",
            0.0,
            "1/e",
            "$e^{-x}$; left: $\\exp(-e^{-x})$",
        ),
    ]


def by_name(name: str) -> Member:
    return next(m for m in members() if m.name.startswith(name))


def _short(number: float) -> str:
    """Four decimal places without trailing zeros: 0.25, 1, 0.1925."""
    return f"{number:.4f}".rstrip("0").rstrip(".")


def _slope_text(tex: str, slope: float) -> str:
    """The exact slope, and its value unless the exact form is that number already."""
    if tex.isdigit():
        if int(tex) != slope:
            raise ValueError(f"slope {slope} is not {tex}")
        return f"${tex}$"
    return f"${tex}$ = {_short(slope)}"


@table()
def sigmoid_family_table() -> TableData:
    rows = []
    for m in members():
        slope = m.centre_slope()
        rows.append(
            [
                m.name,
                m.formula,
                m.range_tex,
                f"$({m.centre:g}, {_short(m.centre_value())})$",
                _slope_text(m.slope_tex, slope),
                m.tail_tex,
                _short(m.scale()),
            ]
        )
    return [
        "Function",
        "Formula",
        "Range",
        "Centre $(x, y)$",
        "Slope at centre",
        "Gap to the upper limit is asymptotic to",
        "Scale $k$",
    ], rows


@figure(
    alt=(
        "Eight sigmoid curves for x from -8 to 8, each scaled to rise from 0 to 1 with "
        "slope 1/4 at x = 0: the logistic (identical to scaled tanh), erf, the "
        "Gudermannian, arctan, the algebraic sigmoid, smoothstep, Richards with nu = 2 "
        "and Gompertz. All but Richards and Gompertz pass through 1/2 at 0; Richards "
        "passes above it and Gompertz below. Smoothstep reaches 0 and 1 exactly at -3 "
        "and 3, erf approaches its limits fastest among the symmetric smooth ones, "
        "arctan slowest, then the algebraic sigmoid."
    ),
    caption=(
        "The sigmoid family scaled to the range (0, 1) and to slope 1/4 at the centre, "
        "moved to x = 0. Scaled tanh is the logistic itself."
    ),
)
def sigmoid_family_scaled(ax: Axes) -> None:
    x = np.linspace(-8, 8, 1601)
    drawn = [m for m in members() if m.name != "tanh"]
    for i, m in enumerate(drawn):
        label = "logistic σ = tanh" if m.name.startswith("logistic") else m.name
        ax.plot(
            x,
            m.scaled(x),
            color=PALETTE[i % 5],
            linestyle=LINE_STYLES[(i + 2 * (i // 5)) % 5],
            linewidth=1.8,
            label=label,
        )
    ax.axhline(0.5, color=GREY, linewidth=0.5)
    ax.set_xlim(-8, 8)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("$x$")
    ax.legend(loc="upper left", fontsize=10)


# ---------------------------------------------------------------- values quoted in prose


@value("g", "the Richards shape parameter nu drawn in the figure")
def richards_nu() -> float:
    return RICHARDS_NU


@value(".4f", "Richards curve value at its inflection point x = 0, (1 + nu)^(-1/nu)")
def richards_inflection_value() -> float:
    return float(richards(np.array(0.0)))


@value(".4f", "Richards slope at its inflection point x = 0, (1 + nu)^(-1/nu - 1)")
def richards_inflection_slope() -> float:
    return float(richards_slope(np.array(0.0)))


@value(".4f", "Gompertz value and slope at its inflection point x = 0, 1/e")
def gompertz_inflection_value() -> float:
    return float(gompertz(np.array(0.0)))


@value(".2e", "max |tanh x - (2 sigma(2x) - 1)| on [-20, 20]")
def family_tanh_identity_error() -> float:
    x = np.linspace(-20, 20, 40001)
    return float(np.max(np.abs(np.tanh(x) - (2 * sigmoid(2 * x) - 1))))


@value(".2e", "max |gd'(x) - sech x| on [-20, 20], by central differences")
def gudermannian_slope_error() -> float:
    x = np.linspace(-20, 20, 4001)
    h = 1e-5
    numeric = (gudermannian(x + h) - gudermannian(x - h)) / (2 * h)
    return float(np.max(np.abs(numeric - 1 / np.cosh(x))))
