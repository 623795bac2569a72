"""Derivatives of every order: polynomials, zeros, the Taylor series, their figure and tables."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from sigmoid_core import sigmoid, sigmoid_derivative
from sigmoid_core.functions import _polynomial_in_tanh
from sigmoid_core.website.content import exact
from sigmoid_core.website.content.curve import GRID_X, max_abs
from sigmoid_core.website.content.registry import TableData, figure, table, value
from sigmoid_core.website.plotting import LINE_STYLES, PALETTE

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


def derivative_forms(x: np.ndarray) -> dict[str, np.ndarray]:
    """The other closed forms of sigma' on the derivative page, evaluated in float64."""
    with np.errstate(over="ignore"):  # cosh and exp overflow to inf far out: 1/inf = 0
        return {
            "sigma(x) sigma(-x)": np.asarray(sigmoid(x)) * np.asarray(sigmoid(-x)),
            "1 / (2 + 2 cosh x)": 1 / (2 + 2 * np.cosh(x)),
            "1 / (e^(x/2) + e^(-x/2))^2": 1 / (np.exp(x / 2) + np.exp(-x / 2)) ** 2,
            "sech^2(x/2) / 4": 1 / (4 * np.cosh(x / 2) ** 2),
        }


@value(".1e", "largest relative difference of the four other forms of sigma' from the core's")
def derivative_forms_difference() -> float:
    core = np.asarray(sigmoid_derivative(GRID_X))
    return max(max_abs((form - core) / core) for form in derivative_forms(GRID_X).values())


#: Orders for which the build itself checks the closed forms against the recurrence.
CHECKED_ORDERS = 40


@value("d", "largest n for which the Stirling form equals the recurrence's P_n exactly")
def stirling_form_checked_orders() -> int:
    for n in range(CHECKED_ORDERS + 1):
        if exact.stirling_polynomial(n) != exact.polynomial_in_sigma(n):
            return n - 1
    return CHECKED_ORDERS


@value(".1e", "relative difference of the Stirling sum for sigma^(15)(1) in float64 from the core")
def stirling_sum_cancellation() -> float:
    s = float(sigmoid(1.0))
    total = sum(c * s**k for k, c in enumerate(exact.stirling_polynomial(15)))
    core = float(sigmoid_derivative(1.0, 15))
    return abs(total - core) / abs(core)


@value("d", "largest k for which the Bernoulli form of a_k equals P_k(1/2)/k! exactly")
def bernoulli_form_checked_orders() -> int:
    closed = exact.bernoulli_taylor_coefficients(CHECKED_ORDERS + 1)
    recurrence = exact.taylor_coefficients(CHECKED_ORDERS + 1)
    agree = [a == b for a, b in zip(closed, recurrence, strict=True)]
    return agree.index(False) - 1 if False in agree else CHECKED_ORDERS


@table()
def stirling_numbers() -> TableData:
    rows = [[str(m), ", ".join(map(str, exact.stirling2_row(m)[1:]))] for m in range(1, 8)]
    return ["m", "S(m, 1), S(m, 2), …, S(m, m)"], rows


def fraction_text(value: Fraction) -> str:
    """A fraction as plain text, −1/30 with a minus sign: in a table, far fewer HTML
    elements than typeset TeX."""
    return ("\N{MINUS SIGN}" if value < 0 else "") + str(abs(value))


def minus(text: str) -> str:
    """Minus signs for hyphens in a formatted number: -2.1e-11 becomes −2.1e−11."""
    return text.replace("-", "\N{MINUS SIGN}")


def superscript(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


def superscript_order(n: int) -> str:
    """The order of a derivative as a superscript: ⁽³⁾."""
    return "⁽" + superscript(n) + "⁾"


@table()
def derivative_polynomials() -> TableData:
    rows = []
    for n in range(1, 6):
        coefficients = exact.polynomial_in_sigma(n)
        at_zero = sum((Fraction(c, 2**k) for k, c in enumerate(coefficients)), Fraction(0))
        rows.append(
            [
                str(n),
                f"σ{superscript_order(n)} = {exact.polynomial_to_text(coefficients)}",
                fraction_text(at_zero),
            ]
        )
    return ["Order *n*", "σ⁽ⁿ⁾ as a polynomial in σ", "Value at *x* = 0"], rows


@table()
def taylor_coefficients() -> TableData:
    bernoulli = exact.bernoulli(13)
    rows = []
    for k, a in enumerate(exact.taylor_coefficients(12)):
        if a:
            rows.append(
                [
                    str(k),
                    fraction_text(a),
                    minus(f"{float(a):.6e}"),
                    fraction_text(bernoulli[k + 1]),
                ]
            )
    header = ["Power *k*", "Coefficient *a*<sub>*k*</sub> (exact)", "Decimal"]
    return [*header, "Bernoulli *B*<sub>*k*+1</sub>"], rows


#: Where the partial sums of the Taylor series are compared with the core's sigma.
PARTIAL_SUM_POINTS = (1, 2, 3, 4)
#: The partial sums shown end with the powers x^9, x^19 and x^39.
PARTIAL_SUM_DEGREES = (9, 19, 39)


@table()
def taylor_partial_sums() -> TableData:
    coefficients = exact.bernoulli_taylor_coefficients(max(PARTIAL_SUM_DEGREES) + 1)
    rows = []
    for x in PARTIAL_SUM_POINTS:
        core = float(sigmoid(float(x)))
        cells = [str(x)]
        for degree in PARTIAL_SUM_DEGREES:
            partial = sum((a * x**k for k, a in enumerate(coefficients[: degree + 1])), Fraction(0))
            difference = float(partial) - core
            cells.append(minus(f"{difference:.1e}") if difference else "0")
        rows.append(cells)
    header = ["x", *(f"Through x{superscript(degree)}" for degree in PARTIAL_SUM_DEGREES)]
    return header, rows


@table()
def derivative_zeros() -> TableData:
    rows = []
    for n in range(2, 7):
        zeros = ", ".join(f"{z:.4f}" for z in real_zeros(n))
        rows.append([f"σ{superscript_order(n)}", zeros])
    return ["Derivative", "Its real zeros *x* (to four places)"], rows


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
