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


def polynomial_to_tex(coefficients: list[int], variable: str = r"\sigma") -> str:
    """TeX of a polynomial given lowest power first, written in ascending powers."""
    terms = []
    for power, c in enumerate(coefficients):
        if c == 0:
            continue
        body = "" if power == 0 else variable if power == 1 else f"{variable}^{{{power}}}"
        number = str(abs(c)) if abs(c) != 1 or power == 0 else ""
        terms.append(("-" if c < 0 else "+", number + body))
    if not terms:
        return "0"
    (first_sign, first), rest = terms[0], terms[1:]
    return ("-" if first_sign == "-" else "") + first + "".join(f" {s} {t}" for s, t in rest)


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
