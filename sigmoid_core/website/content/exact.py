"""Exact (rational) facts about the sigmoid: polynomials in sigma, the Taylor series.

Everything here is computed with integers and fractions, so a page's table of
derivative polynomials or Taylor coefficients is exact, not rounded.
"""

from __future__ import annotations

import math
from fractions import Fraction


def polynomial_in_sigma(n: int) -> list[int]:
    """Integer coefficients, lowest power first, of P_n with sigma^(n) = P_n(sigma).

    From sigma' = sigma - sigma^2 and the chain rule, P_0(s) = s and
    P_{n+1}(s) = P_n'(s) (s - s^2). (The core evaluates derivatives with a different
    polynomial, in tanh(x/2): ``sigmoid_core.functions._polynomial_in_tanh``.)
    """
    if n < 0:
        raise ValueError(f"order must be >= 0, got {n}")
    coefficients = [0, 1]
    for _ in range(n):
        derivative = [k * c for k, c in enumerate(coefficients)][1:]
        following = [0] * (len(derivative) + 2)
        for k, d in enumerate(derivative):
            following[k + 1] += d
            following[k + 2] -= d
        coefficients = following
    while len(coefficients) > 1 and coefficients[-1] == 0:
        coefficients.pop()
    return coefficients


def polynomial_to_text(coefficients: list[int], variable: str = "σ") -> str:
    """A polynomial given lowest power first, in ascending powers, as plain text with
    superscripts ("σ − 7σ² + 12σ³"): a table of them costs no math typesetting."""
    superscripts = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
    terms = []
    for power, c in enumerate(coefficients):
        if c == 0:
            continue
        body = (
            ""
            if power == 0
            else variable + (str(power).translate(superscripts) if power > 1 else "")
        )
        number = str(abs(c)) if abs(c) != 1 or power == 0 else ""
        terms.append(("\N{MINUS SIGN}" if c < 0 else "+", number + body))
    if not terms:
        return "0"
    (first_sign, first), rest = terms[0], terms[1:]
    return (
        ("\N{MINUS SIGN}" if first_sign != "+" else "")
        + first
        + "".join(f" {sign} {term}" for sign, term in rest)
    )


def _evaluate(coefficients: list[int], s: Fraction) -> Fraction:
    return sum((Fraction(c) * s**k for k, c in enumerate(coefficients)), Fraction(0))


def taylor_coefficients(count: int) -> list[Fraction]:
    """a_0 .. a_{count-1} of sigma(x) = sum a_k x^k at 0: a_k = P_k(1/2) / k!, exactly."""
    half = Fraction(1, 2)
    return [_evaluate(polynomial_in_sigma(k), half) / math.factorial(k) for k in range(count)]


def radius_estimate(order: int) -> float:
    """Ratio-test estimate sqrt|a_n / a_(n+2)| of the radius of convergence (n odd).

    The poles of sigma nearest to 0 are at +-i*pi, so the estimate tends to pi; the next
    poles, at +-3i*pi, make the error shrink like 9^(-n/2).
    """
    n = order if order % 2 else order - 1
    coefficients = taylor_coefficients(n + 3)
    return math.sqrt(abs(coefficients[n] / coefficients[n + 2]))


def fraction_tex(value: Fraction) -> str:
    """A fraction as inline TeX: $-\\tfrac{1}{48}$, or $3$ for a whole number."""
    if value.denominator == 1:
        return f"${value.numerator}$"
    sign = "-" if value < 0 else ""
    return f"${sign}\\tfrac{{{abs(value.numerator)}}}{{{value.denominator}}}$"


def stirling2_row(m: int) -> list[int]:
    """S(m, 0), ..., S(m, m): Stirling numbers of the second kind, by their recurrence.

    S(0, 0) = 1, S(m, 0) = 0 for m >= 1, and S(m + 1, k) = k S(m, k) + S(m, k - 1);
    S(m, k) counts the partitions of an m-element set into k non-empty blocks.
    """
    if m < 0:
        raise ValueError(f"m must be >= 0, got {m}")
    row = [1]
    for _ in range(m):
        padded = [*row, 0]  # S(m, m + 1) = 0
        row = [0] + [k * padded[k] + padded[k - 1] for k in range(1, len(padded))]
    return row


def stirling_polynomial(n: int) -> list[int]:
    """Coefficients, lowest power first, of sum_k (-1)^(k-1) (k-1)! S(n+1, k) s^k.

    The closed form of P_n on the higher-derivatives page; a test checks that it equals
    ``polynomial_in_sigma(n)``, which comes from the recurrence.
    """
    if n < 0:
        raise ValueError(f"order must be >= 0, got {n}")
    row = stirling2_row(n + 1)
    return [0] + [(-1) ** (k - 1) * math.factorial(k - 1) * row[k] for k in range(1, n + 2)]


def bernoulli(count: int) -> list[Fraction]:
    """B_0 .. B_{count-1}, exactly, from z / (e^z - 1) = sum B_n z^n / n! (so B_1 = -1/2).

    Multiplying the series by e^z - 1 = sum_{j >= 1} z^j / j! and comparing the
    coefficients of z^(n+1) gives sum_{j=0}^{n} C(n+1, j) B_j = 0 for n >= 1.
    """
    numbers: list[Fraction] = []
    for n in range(count):
        if n == 0:
            numbers.append(Fraction(1))
        else:
            total = sum((math.comb(n + 1, j) * b for j, b in enumerate(numbers)), Fraction(0))
            numbers.append(-total / (n + 1))
    return numbers


def bernoulli_taylor_coefficients(count: int) -> list[Fraction]:
    """a_0 .. a_{count-1} from the closed form a_k = (-1)^(k+1) (2^(k+1) - 1) B_{k+1} / (k+1)!.

    That is a_0 = 1/2, a_{2m-1} = (2^(2m) - 1) B_{2m} / (2m)!, and a_k = 0 for the other
    even k (B_n = 0 for odd n >= 3).
    """
    numbers = bernoulli(count + 1)
    return [
        (-1) ** (k + 1) * (2 ** (k + 1) - 1) * numbers[k + 1] / math.factorial(k + 1)
        for k in range(count)
    ]
