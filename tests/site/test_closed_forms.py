"""Closed forms on the derivative, higher-derivatives and properties pages.

Each test checks one statement the pages prove or print: the four other forms of sigma',
the derivative polynomials P_n as sums of Stirling numbers of the second kind, the Taylor
series with Bernoulli numbers, and the inverse of softplus with its derivative and the
accuracy of its formula. Exact statements are checked with integers and fractions,
identities against mpmath at 50 digits, and none of the tests needs the built site.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from pathlib import Path

import mpmath as mp
import numpy as np
import pytest

from sigmoid_core import sigmoid, sigmoid_derivative, softplus
from sigmoid_core.website.content import accuracy, derivatives, exact, properties

DOCS = Path(__file__).resolve().parents[2] / "docs"
DIGITS = 50
POINTS = ["-40", "-7.5", "-1", "-0.001", "0", "0.25", "1", "3", "19", "40"]


def mp_sigma(x):
    return 1 / (1 + mp.exp(-x))


def page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


# Derivative page: the other closed forms of sigma'.


@pytest.mark.parametrize("point", POINTS)
def test_the_other_forms_of_the_derivative_are_equal(point):
    with mp.workdps(DIGITS):
        x = mp.mpf(point)
        slope = mp.diff(mp_sigma, x)
        forms = [
            mp_sigma(x) * (1 - mp_sigma(x)),
            mp_sigma(x) * mp_sigma(-x),
            1 / ((1 + mp.exp(-x)) * (1 + mp.exp(x))),
            1 / (2 + 2 * mp.cosh(x)),
            1 / (mp.exp(x / 2) + mp.exp(-x / 2)) ** 2,
            mp.sech(x / 2) ** 2 / 4,
            1 / (4 * mp.cosh(x / 2) ** 2),
        ]
        for form in forms:
            assert mp.almosteq(form, slope, rel_eps=mp.mpf(10) ** (5 - DIGITS))


def test_the_float_forms_differ_from_the_core_by_rounding_only():
    assert 0 < derivatives.derivative_forms_difference() <= 16 * 2.0**-53
    assert set(derivatives.derivative_forms(np.array([1.0]))) == {
        "sigma(x) sigma(-x)",
        "1 / (2 + 2 cosh x)",
        "1 / (e^(x/2) + e^(-x/2))^2",
        "sech^2(x/2) / 4",
    }


def test_sigma_times_sigma_minus_x_keeps_the_precision_that_one_minus_sigma_loses():
    s = float(sigmoid(40.0))
    assert s == 1.0 and s * (1 - s) == 0.0  # the page: sigma(40) rounds to 1
    with mp.workprec(accuracy.REFERENCE_BITS):
        exact_slope = accuracy.exact_derivative(mp.mpf(40))
        product = float(sigmoid(40.0)) * float(sigmoid(-40.0))
        assert accuracy.ulp_error(product, exact_slope) <= 4


# Higher-derivatives page: Stirling numbers and the closed form of P_n.


def stirling_by_sum(m: int, k: int) -> int:
    """S(m, k) = (1/k!) sum_j (-1)^j C(k, j) (k - j)^m: independent of the recurrence."""
    total = sum((-1) ** j * math.comb(k, j) * (k - j) ** m for j in range(k + 1))
    assert total % math.factorial(k) == 0
    return total // math.factorial(k)


@pytest.mark.parametrize("m", range(32))
def test_the_stirling_numbers_are_the_explicit_sum(m):
    assert exact.stirling2_row(m) == [stirling_by_sum(m, k) for k in range(m + 1)]


def test_the_stirling_numbers_count_set_partitions():
    def partitions(items):
        if not items:
            yield []
            return
        first, rest = items[0], items[1:]
        for smaller in partitions(rest):
            yield [[first], *smaller]
            for i in range(len(smaller)):
                yield [*smaller[:i], [first, *smaller[i]], *smaller[i + 1 :]]

    for m in range(7):
        counts = [0] * (m + 1)
        for partition in partitions(list(range(m))):
            counts[len(partition)] += 1
        assert counts == exact.stirling2_row(m)


@pytest.mark.parametrize("n", range(41))
def test_the_stirling_form_is_the_recurrence_polynomial_exactly(n):
    coefficients = [0] + [
        (-1) ** (k - 1) * math.factorial(k - 1) * stirling_by_sum(n + 1, k) for k in range(1, n + 2)
    ]
    assert coefficients == exact.stirling_polynomial(n) == exact.polynomial_in_sigma(n)


def test_the_page_states_the_orders_the_build_checked():
    assert derivatives.stirling_form_checked_orders() == derivatives.CHECKED_ORDERS >= 30
    assert derivatives.bernoulli_form_checked_orders() == derivatives.CHECKED_ORDERS >= 40


@pytest.mark.parametrize("n", range(1, 9))
def test_the_stirling_form_gives_the_derivatives_of_sigma(n):
    """Against numerical differentiation at 50 digits, not against the recurrence."""
    coefficients = exact.stirling_polynomial(n)
    with mp.workdps(DIGITS):
        for point in ("-2.5", "0", "0.7", "4"):
            x = mp.mpf(point)
            s = mp_sigma(x)
            closed = sum(c * s**k for k, c in enumerate(coefficients))
            assert mp.almosteq(closed, mp.diff(mp_sigma, x, n), rel_eps=mp.mpf(10) ** -30)


def test_the_stirling_sum_cancels_in_float64_and_the_core_does_not():
    with mp.workprec(accuracy.REFERENCE_BITS):
        reference = mp.diff(mp_sigma, mp.mpf(1), 15)
    core = float(sigmoid_derivative(1.0, 15))
    assert abs(core - float(reference)) <= 1e-13 * abs(float(reference))
    assert derivatives.stirling_sum_cancellation() > 1e-11  # far worse than the core
    s = float(sigmoid(1.0))
    terms = [c * s**k for k, c in enumerate(exact.stirling_polynomial(15))]
    assert max(abs(t) for t in terms) > 1e6 * abs(sum(terms))  # "far larger than the result"
    assert all(a * b < 0 for a, b in zip(terms[1:], terms[2:], strict=False))  # alternating


def test_the_stirling_table_lists_each_row_from_k_equal_1():
    header, rows = derivatives.stirling_numbers()
    assert header == ["m", "S(m, 1), S(m, 2), …, S(m, m)"]
    for row in rows:
        m = int(row[0])
        numbers = [int(cell) for cell in row[1].split(", ")]
        assert numbers == [stirling_by_sum(m, k) for k in range(1, m + 1)]
    assert [int(row[0]) for row in rows] == list(range(1, 8))  # m = n + 1 for the P_n table


# Higher-derivatives page: the Taylor series with Bernoulli numbers.


def test_the_bernoulli_numbers_are_exact():
    numbers = exact.bernoulli(81)
    for n, b in enumerate(numbers):
        assert b == Fraction(*mp.bernfrac(n))
    assert numbers[1] == Fraction(-1, 2)
    assert all(b == 0 for b in numbers[3::2])  # the odd ones vanish from B_3 on


def test_the_bernoulli_recurrence_is_the_generating_function():
    """z / (e^z - 1) = sum B_n z^n / n!, and adding z/2 gives an even function."""
    numbers = exact.bernoulli(200)
    with mp.workdps(DIGITS):
        for point in ("0.3", "-1.7", "4", "-5.5"):  # inside the radius 2 pi
            z = mp.mpf(point)
            series = sum(
                mp.mpf(b.numerator) / b.denominator * z**n / mp.factorial(n)
                for n, b in enumerate(numbers)
            )
            # 200 terms: the tail is about (|z| / (2 pi))^200, below 1e-11 here.
            assert mp.almosteq(series, z / mp.expm1(z), abs_eps=1e-9)
            even = z / mp.expm1(z) + z / 2
            assert mp.almosteq(even, -z / mp.expm1(-z) - z / 2)
            assert mp.almosteq(even, z / 2 * mp.coth(z / 2))


def test_the_bernoulli_form_is_the_taylor_series_exactly():
    closed = exact.bernoulli_taylor_coefficients(61)
    assert closed == exact.taylor_coefficients(61)
    numbers = exact.bernoulli(62)
    assert closed[0] == Fraction(1, 2)
    for m in range(1, 31):  # the page's form: a_(2m-1) = (2^(2m) - 1) B_2m / (2m)!
        assert closed[2 * m - 1] == (2 ** (2 * m) - 1) * numbers[2 * m] / math.factorial(2 * m)
        assert closed[2 * m] == 0


@pytest.mark.parametrize("point", ["-2.9", "-0.5", "0.001", "1", "2.5"])
def test_the_split_of_sigma_minus_x_and_its_series(point):
    numbers = exact.bernoulli(200)
    with mp.workdps(DIGITS):
        x = mp.mpf(point)
        assert mp.almosteq(mp_sigma(-x), 1 / (mp.exp(x) + 1))
        split = 1 / mp.expm1(x) - 2 / mp.expm1(2 * x)
        assert mp.almosteq(1 / (mp.exp(x) + 1), split, rel_eps=mp.mpf(10) ** -40)
        series = sum(
            (1 - 2**n) * mp.mpf(b.numerator) / b.denominator * x**n / mp.factorial(n)
            for n, b in enumerate(numbers)
        )
        # 200 terms: the tail is about (|x| / pi)^200, 1e-7 at |x| = 2.9.
        tail = 10 * (abs(x) / mp.pi) ** 200 + mp.mpf(10) ** -40
        assert mp.almosteq(series, x * mp_sigma(-x), abs_eps=tail)


def test_the_partial_sums_converge_inside_the_radius_and_diverge_outside():
    header, rows = derivatives.taylor_partial_sums()
    assert [int(row[0]) for row in rows] == list(derivatives.PARTIAL_SUM_POINTS) == [1, 2, 3, 4]
    assert derivatives.PARTIAL_SUM_DEGREES == (9, 19, 39)
    assert header == ["x", "Through x⁹", "Through x¹⁹", "Through x³⁹"]
    value = {
        int(row[0]): [float(c.replace("\N{MINUS SIGN}", "-")) for c in row[1:]] for row in rows
    }
    assert all(abs(b) < abs(a) / 1e4 for a, b in zip(value[1], value[1][1:], strict=False) if b)
    assert abs(value[2][2]) < 1e-7 < abs(value[2][0])  # shrinks fast well inside
    assert 1e-3 < abs(value[3][2]) < abs(value[3][0])  # slowly at x = 3
    assert abs(value[4][0]) < abs(value[4][1]) < abs(value[4][2])  # grows at x = 4
    # The same partial sums against mpmath: only rounding separates them from the table.
    coefficients = exact.bernoulli_taylor_coefficients(40)
    with mp.workdps(DIGITS):
        for x in (1, 2):
            partial = sum(
                mp.mpf(a.numerator) / a.denominator * x**k for k, a in enumerate(coefficients)
            )
            difference = float(partial - mp_sigma(x))
            assert abs(difference - value[x][2]) <= max(4e-16, 0.05 * abs(value[x][2]))


def test_the_taylor_table_shows_the_bernoulli_number_of_each_coefficient():
    header, rows = derivatives.taylor_coefficients()
    assert header[-1] == "Bernoulli *B*<sub>*k*+1</sub>"
    numbers = exact.bernoulli(13)
    for row in rows:
        k = int(row[0])
        b = Fraction(row[3].replace("\N{MINUS SIGN}", "-"))
        assert b == numbers[k + 1]
        a = Fraction(row[1].replace("\N{MINUS SIGN}", "-"))
        assert a == exact.taylor_coefficients(12)[k]
        assert a == (-1) ** (k + 1) * (2 ** (k + 1) - 1) * b / math.factorial(k + 1)


def test_the_derivative_pages_state_what_the_code_measures():
    higher = page("higher-derivatives.md")
    assert "order 15" in higher and "$x = 1$" in higher
    derivative = page("derivative.md")
    assert "at $x = 40$, $\\sigma(x)$ rounds to 1" in derivative


LABELS = {
    "derivative.md": ["derivative-forms"],
    "higher-derivatives.md": [
        "stirling-recurrence",
        "stirling-form",
        "stirling-induction",
        "bernoulli",
        "taylor-bernoulli",
        "bernoulli-split",
    ],
    "properties.md": ["softplus-inverse", "softplus-inverse-stable"],
}


@pytest.mark.parametrize("name", sorted(LABELS))
def test_every_new_equation_has_its_label_once(name):
    found = re.findall(r"\\label\{([^}]*)\}", page(name))
    for label in LABELS[name]:
        assert found.count(label) == 1, label


# Properties page: the inverse of softplus.


@pytest.mark.parametrize("point", ["1e-300", "1e-12", "0.01", "0.5", "0.6931", "2", "30", "800"])
def test_the_forms_of_the_inverse_of_softplus_and_its_derivative(point):
    with mp.workdps(DIGITS + 320):  # 1 - e^(-y) keeps its digits down to y = 1e-300
        y = mp.mpf(point)
        x = mp.log(mp.expm1(y))
        assert mp.almosteq(mp.log(1 + mp.exp(x)), y, rel_eps=mp.mpf(10) ** -45)
        assert mp.almosteq(y + mp.log(1 - mp.exp(-y)), x, abs_eps=mp.mpf(10) ** -45)
        assert mp.almosteq(y + mp.log(-mp.expm1(-y)), x, abs_eps=mp.mpf(10) ** -45)
        if y > mp.mpf("1e-20"):  # mp.diff's step needs room above 0
            slope = mp.diff(lambda t: mp.log(mp.expm1(t)), y)
            assert mp.almosteq(slope, 1 / (1 - mp.exp(-y)), rel_eps=mp.mpf(10) ** -30)
            assert mp.almosteq(slope, 1 / mp_sigma(x), rel_eps=mp.mpf(10) ** -30)
        assert mp.almosteq(mp_sigma(x), 1 - mp.exp(-y))


def test_the_typed_first_form_overflows_and_cancels():
    with np.errstate(over="ignore", divide="ignore"):
        assert np.log(np.exp(710.0) - 1) == np.inf
        assert np.log(np.exp(2.0**-54) - 1) == -np.inf  # e^y rounds to 1 below 2^-53
    assert math.exp(2.0**-54) == 1.0 and math.exp(2.0**-52) > 1.0
    assert properties.softplus_inverse_naive_error() > 1e-10
    assert np.isfinite(properties.softplus_inverse(np.array([1e-300, 710.0, 1e300]))).all()
    assert properties.softplus_inverse(np.array([1e300]))[0] == 1e300


def test_the_inverse_of_softplus_is_accurate_away_from_log_2():
    rng = np.random.default_rng(26)
    y = np.concatenate([10.0 ** rng.uniform(-300, 300, 1500), rng.uniform(0, 40, 1500)])
    low, high = properties.SOFTPLUS_INVERSE_NEAR_ZERO
    got = properties.softplus_inverse(y)
    with mp.workprec(accuracy.REFERENCE_BITS):
        for g, v in zip(got.tolist(), y.tolist(), strict=True):
            reference = properties.exact_softplus_inverse(v)
            if low <= v <= high:
                assert abs(mp.mpf(g) - reference) <= 2 * 2.0**-53
            else:
                assert accuracy.ulp_error(g, reference) <= 2.5
    assert properties.softplus_inverse_ulp_error() <= 2.5
    assert properties.softplus_inverse_error_near_zero() <= 2


def test_near_log_2_the_error_is_what_rounding_y_causes():
    """The page: the slope is about 2 there, so half an ulp of y moves x by about 2^-53."""
    low, high = properties.SOFTPLUS_INVERSE_NEAR_ZERO
    y = np.linspace(low, high, 1001)[:-1]  # [1/2, 1): one binade of float64
    slope = 1 / (1 - np.exp(-y))  # the derivative of the inverse
    assert np.all((slope > 1.5) & (slope < 2.6))
    assert np.all(np.spacing(y) <= 2.0**-53)  # y in [1/2, 1]
    moved = slope * np.spacing(y) / 2  # how far half an ulp of y moves the exact result
    assert np.max(moved) <= 2.0**-53 * 1.3
    # The result crosses 0 there, so an absolute error of 2^-53 is many ulp of it.
    x = properties.softplus_inverse(y)
    assert x[0] < 0 < x[-1] and np.min(np.abs(x)) < 1e-3


def test_the_round_trip_through_the_core_softplus():
    assert properties.softplus_inverse_roundtrip_ulp() <= 2
    x = np.linspace(-700.0, 700.0, 20001)
    x = x[np.abs(x) >= 1]
    residual = np.abs(properties.softplus_inverse(np.asarray(softplus(x))) - x)
    assert np.all(residual <= 2 * np.spacing(np.abs(x)))


def test_the_properties_page_states_the_intervals_the_code_measures():
    text = page("properties.md")
    assert properties.SOFTPLUS_INVERSE_NEAR_ZERO == (0.5, 1.0)
    assert "except between ½ and 1" in text
    assert "from $10^{-300}$ to $10^{300}$" in text
    sample = properties.softplus_inverse_sample()
    assert sample.min() == pytest.approx(1e-300) and sample.max() == pytest.approx(1e300)
    assert "$1 \\le |x| \\le 700$" in text
