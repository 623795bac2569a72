"""Derivatives of every order: polynomials, zeros, the Taylor series, their figure and tables."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from sigmoid_core import sigmoid_derivative
from sigmoid_core.functions import _polynomial_in_tanh
from sigmoid_core.website.content import exact
from sigmoid_core.website.content.curve import GRID_X
from sigmoid_core.website.content.plotting import LINE_STYLES, PALETTE
from sigmoid_core.website.content.registry import TableData, figure, table, value

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def real_zeros(n: int) -> list[float]:
    """Real x where sigma^(n) vanishes, n >= 2, polished by Newton's method on the core.

    sigma^(n) = 4 sigma' Q_n(tanh(x/2)) and sigma' > 0, so the zeros are x = 2 atanh(w)
    for the roots w of Q_n in (-1, 1).
    """
    roots = np.roots(_polynomial_in_tanh(n))
    inside = sorted(r.real for r in roots if abs(r.imag) < 1e-9 and -1 < r.real < 1)
    zeros = []
    for w in inside:
        x = 2 * math.atanh(w)
        for _ in range(4):
            slope = float(sigmoid_derivative(x, n + 1))
            if slope:
                x -= float(sigmoid_derivative(x, n)) / slope
        zeros.append(x + 0.0)
    return zeros


@value(".6f", "positive zero of sigma''' computed by the core")
def third_derivative_zero() -> float:
    return real_zeros(3)[1]


@value(".6f", "ln(2 + sqrt 3)")
def log_two_plus_root_three() -> float:
    return math.log(2 + math.sqrt(3))


@value(".6f", "largest value of sigma''")
def second_derivative_max() -> float:
    return float(np.max(sigmoid_derivative(GRID_X, 2)))


@value(".3f", "where sigma'' is largest (grid step 1/1000)")
def second_derivative_argmax() -> float:
    return GRID_X[np.argmax(sigmoid_derivative(GRID_X, 2))]


@value(".12f", "ratio-test radius estimate from a_21 and a_23")
def radius_estimate_21() -> float:
    return exact.radius_estimate(21)


@table()
def derivative_polynomials() -> TableData:
    rows = []
    for n in range(1, 6):
        coefficients = exact.polynomial_in_sigma(n)
        at_zero = sum((Fraction(c, 2**k) for k, c in enumerate(coefficients)), Fraction(0))
        rows.append(
            [
                f"${n}$",
                f"$\\sigma^{{({n})}} = {exact.polynomial_to_tex(coefficients)}$",
                exact.fraction_tex(at_zero),
            ]
        )
    return ["Order $n$", "$\\sigma^{(n)}$ as a polynomial in $\\sigma$", "Value at $x = 0$"], rows


@table()
def taylor_coefficients() -> TableData:
    rows = []
    for k, a in enumerate(exact.taylor_coefficients(12)):
        if a:
            rows.append([f"${k}$", exact.fraction_tex(a), f"{float(a):.6e}"])
    return ["Power $k$", "Coefficient $a_k$ (exact)", "Decimal"], rows


@table()
def derivative_zeros() -> TableData:
    rows = []
    for n in range(2, 7):
        zeros = ", ".join(f"{z:.4f}" for z in real_zeros(n))
        rows.append([f"$\\sigma^{{({n})}}$", zeros])
    return ["Derivative", "Its real zeros $x$ (to four places)"], rows


@figure(
    alt=(
        "The first four derivatives of the sigmoid for x from -8 to 8. The first is a "
        "positive bell; the second is an odd wave through 0; the third and fourth "
        "oscillate more, and all of them decay to 0 in both tails."
    ),
    caption="Derivatives of order 1 to 4: each is σ′ times a polynomial in tanh(x/2).",
)
def higher_derivatives(ax: Axes) -> None:
    x = np.linspace(-8, 8, 801)
    for n in range(1, 5):
        ax.plot(
            x,
            sigmoid_derivative(x, n),
            color=PALETTE[n - 1],
            linestyle=LINE_STYLES[n - 1],
            label=f"order {n}",
        )
    ax.set_xlim(-8, 8)
    ax.set_xlabel("$x$")
    ax.legend(loc="upper left")
