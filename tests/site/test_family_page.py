"""Mathematical statements of the sigmoid-family and sigmoid-family-members pages:
centres, slopes and ranges of the table, the common scaling, every tail rate (the gap
divided by the claimed rate tends to the stated constant), tanh = 2 sigma(2x) - 1,
gd' = sech and gd = 2 arctan e^x - pi/2, Richards' inflection point and its limits
nu = 1 and nu -> 0, and Gompertz as the law of the shifted maximum of exponentials (the
Gumbel distribution function).
"""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest

from sigmoid_core import sigmoid
from sigmoid_core.website.content import family

mp.mp.dps = 50

NU = family.RICHARDS_NU


@pytest.fixture(autouse=True)
def fifty_digits():
    """Other test modules set mpmath's global precision when imported; these need 50 digits."""
    with mp.workdps(50):
        yield


def mp_richards(x, nu=NU):
    return (1 + nu * mp.exp(-x)) ** (-1 / mp.mpf(nu))


def mp_gompertz(x):
    return mp.exp(-mp.exp(-x))


def mp_gd(x):
    return 2 * mp.atan(mp.tanh(x / 2))


#: Each member as an mpmath function, for derivatives and tails at 50 digits.
MP_FUNCTIONS = {
    "logistic": lambda x: 1 / (1 + mp.exp(-x)),
    "tanh": mp.tanh,
    "arctan": mp.atan,
    "erf": mp.erf,
    "Gudermannian": mp_gd,
    "algebraic": lambda x: x / mp.sqrt(1 + x**2),
    "smoothstep": lambda x: 3 * x**2 - 2 * x**3,  # on [0, 1], where the centre lies
    "Richards": mp_richards,
    "Gompertz": mp_gompertz,
}

#: The exact slopes at the centre that the table prints in TeX.
EXACT_SLOPES = {
    "logistic": mp.mpf(1) / 4,
    "tanh": 1,
    "arctan": 1,
    "erf": 2 / mp.sqrt(mp.pi),
    "Gudermannian": 1,
    "algebraic": 1,
    "smoothstep": mp.mpf(3) / 2,
    "Richards": (1 + NU) ** (-1 / mp.mpf(NU) - 1),
    "Gompertz": 1 / mp.e,
}


def test_the_table_lists_the_nine_members():
    names = [m.name for m in family.members()]
    assert len(names) == 9
    for name in MP_FUNCTIONS:
        assert sum(n.startswith(name) for n in names) == 1, name


@pytest.mark.parametrize("name", list(MP_FUNCTIONS))
def test_centre_is_the_inflection_point_with_the_stated_slope(name):
    m = family.by_name(name)
    f = MP_FUNCTIONS[name]
    c = mp.mpf(m.centre)
    assert abs(mp.diff(f, c, 2)) < mp.mpf(10) ** -30  # the second derivative vanishes
    exact = EXACT_SLOPES[name]
    assert mp.almosteq(mp.diff(f, c), exact, 1e-30)
    assert math.isclose(m.centre_slope(), float(exact), rel_tol=1e-14)
    assert math.isclose(m.centre_value(), float(f(c)), rel_tol=1e-14, abs_tol=1e-300)
    # the slope is largest at the centre: the curve is convex before it, concave after
    assert mp.diff(f, c - mp.mpf("0.25"), 2) > 0 > mp.diff(f, c + mp.mpf("0.25"), 2)


@pytest.mark.parametrize("name", list(MP_FUNCTIONS))
def test_each_function_stays_in_its_stated_range_and_its_slope_against_mpmath(name):
    m = family.by_name(name)
    x = np.linspace(-40, 40, 8001)
    y = m.function(x)
    assert m.low <= float(np.min(y)) and float(np.max(y)) <= m.high
    f = MP_FUNCTIONS[name]
    for t in [-3.0, -1.3, -0.2, 0.1, 0.3, 0.7, 0.9, 1.7, 4.0]:
        if name == "smoothstep" and not 0 < t < 1:
            assert float(m.slope(np.array(t))) == 0.0
            continue
        assert math.isclose(float(m.slope(np.array(t))), float(mp.diff(f, t)), rel_tol=1e-12)


def test_smoothstep_reaches_its_limits_exactly_and_is_continuously_differentiable():
    assert family.smoothstep(np.array([-5.0, 0.0, 1.0, 5.0])).tolist() == [0, 0, 1, 1]
    for edge in (0.0, 1.0):
        for side in (-1e-9, 1e-9):
            assert abs(float(family.smoothstep_slope(np.array(edge + side)))) < 1e-8


@pytest.mark.parametrize("member", family.members(), ids=lambda m: m.name)
def test_the_scaled_curves_have_range_zero_to_one_and_slope_one_quarter_at_zero(member):
    h = 1e-6
    slope = (member.scaled(h) - member.scaled(-h)) / (2 * h)
    assert math.isclose(float(slope), 0.25, rel_tol=1e-6)
    ends = member.scaled(np.array([-1e4, 1e4]))
    assert ends[0] == pytest.approx(0, abs=1e-3) and ends[1] == pytest.approx(1, abs=1e-3)


def test_scaled_tanh_is_the_logistic():
    tanh = family.by_name("tanh")
    assert tanh.scale() == 0.5
    x = np.linspace(-30, 30, 601)
    assert np.max(np.abs(tanh.scaled(x) - sigmoid(x))) < 1e-15


# Tails: gap(x) / rate(x) -> constant as x -> infinity (or -infinity, for lower tails).
TAILS = {
    "logistic upper": (lambda x: 1 - 1 / (1 + mp.exp(-x)), lambda x: mp.exp(-x), 1),
    "tanh upper": (lambda x: 1 - mp.tanh(x), lambda x: mp.exp(-2 * x), 2),
    "arctan upper": (lambda x: mp.pi / 2 - mp.atan(x), lambda x: 1 / x, 1),
    "erf upper": (lambda x: mp.erfc(x), lambda x: mp.exp(-(x**2)) / (x * mp.sqrt(mp.pi)), 1),
    "Gudermannian upper": (lambda x: mp.pi / 2 - mp_gd(x), lambda x: mp.exp(-x), 2),
    "algebraic upper": (lambda x: 1 - x / mp.sqrt(1 + x**2), lambda x: 1 / x**2, mp.mpf(1) / 2),
    "Richards upper": (lambda x: 1 - mp_richards(x), lambda x: mp.exp(-x), 1),
    "Richards lower": (
        lambda x: mp_richards(-x),
        lambda x: mp.exp(-x / NU),
        mp.mpf(NU) ** (-1 / mp.mpf(NU)),
    ),
    "Gompertz upper": (lambda x: 1 - mp_gompertz(x), lambda x: mp.exp(-x), 1),
}


@pytest.mark.parametrize("tail", list(TAILS))
def test_each_tail_has_the_stated_rate(tail):
    gap, rate, constant = TAILS[tail]
    with mp.workdps(400):  # the gaps at x = 160 are below 10^-140
        xs = [mp.mpf(x) for x in (10, 20, 40, 80, 160)]
        errors = [abs(gap(x) / rate(x) / constant - 1) for x in xs]
    assert errors[-1] < 1e-3
    assert all(b < a for a, b in zip(errors, errors[1:], strict=False)), errors


def test_gompertz_lower_tail_is_faster_than_any_exponential():
    for c in (1, 10, 100):
        ratios = [mp_gompertz(-x) / mp.exp(-c * x) for x in (10, 20, 40)]
        assert ratios[-1] < mp.mpf(10) ** -100 and ratios[0] > ratios[1] > ratios[2]


def test_erfc_bounds_from_integration_by_parts():
    for x in (mp.mpf(1), mp.mpf(3), mp.mpf(10)):
        integral = mp.sqrt(mp.pi) / 2 * mp.erfc(x)
        upper = mp.exp(-(x**2)) / (2 * x)
        assert upper / (1 + 1 / (2 * x**2)) <= integral < upper


def test_tanh_is_a_rescaled_logistic():
    for x in mp.linspace(-30, 30, 121):
        assert mp.almosteq(mp.tanh(x), 2 / (1 + mp.exp(-2 * x)) - 1, 1e-45)
    assert family.family_tanh_identity_error() < 1e-15


def test_gudermannian_slope_and_exponential_form():
    for x in mp.linspace(-20, 20, 81):
        assert mp.almosteq(mp.diff(mp_gd, x), mp.sech(x), 1e-30)
        assert mp.almosteq(mp_gd(x), 2 * mp.atan(mp.exp(x)) - mp.pi / 2, 1e-45)
        assert mp.almosteq(mp_gd(x), mp.quad(mp.sech, [0, x]), 1e-30)
    assert family.gudermannian_slope_error() < 1e-9


def test_arctan_complement_is_arctan_of_the_reciprocal():
    for x in (mp.mpf("0.1"), mp.mpf(1), mp.mpf(7)):
        assert mp.almosteq(mp.pi / 2 - mp.atan(x), mp.atan(1 / x), 1e-45)


def test_algebraic_tail_identity():
    for x in (mp.mpf(-3), mp.mpf("0.5"), mp.mpf(9)):
        s = mp.sqrt(1 + x**2)
        assert mp.almosteq(1 - x / s, 1 / (s * (s + x)), 1e-45)


def test_richards_contains_the_logistic_and_tends_to_gompertz():
    x = np.linspace(-30, 30, 601)
    assert np.max(np.abs(family.richards(x, 1.0) - sigmoid(x))) < 1e-15
    for t in mp.linspace(-3, 5, 17):
        assert abs(mp_richards(t, mp.mpf(10) ** -12) - mp_gompertz(t)) < mp.mpf(10) ** -10
    assert np.max(np.abs(family.richards(x, 1e-8) - family.gompertz(x))) < 1e-6


@pytest.mark.parametrize("nu", ["0.1", "0.5", "1", "2", "7"])
def test_richards_inflection_is_at_zero_for_every_nu(nu):
    nu = mp.mpf(nu)
    f = lambda x: mp_richards(x, nu)  # noqa: E731
    assert abs(mp.findroot(lambda x: mp.diff(f, x, 2), 0.3)) < mp.mpf(10) ** -20
    assert mp.almosteq(f(0), (1 + nu) ** (-1 / nu), 1e-40)
    assert mp.almosteq(mp.diff(f, 0), (1 + nu) ** (-1 / nu - 1), 1e-30)
    # the closed form of the second derivative stated on the page
    for x in (mp.mpf(-2), mp.mpf("0.5"), mp.mpf(3)):
        u = nu * mp.exp(-x)
        closed = -u / nu * (1 + u) ** (-1 / nu - 2) * (1 - u / nu)
        assert mp.almosteq(mp.diff(f, x, 2), closed, 1e-25)


def test_printed_values():
    assert family.richards_inflection_value() == pytest.approx(3**-0.5, rel=1e-15)
    assert family.richards_inflection_slope() == pytest.approx(3**-1.5, rel=1e-15)
    assert family.gompertz_inflection_value() == pytest.approx(math.exp(-1), rel=1e-15)


def test_gompertz_is_the_limit_law_of_the_shifted_maximum_of_exponentials():
    for x in (-1.0, 0.0, 0.5, 2.0):
        gaps = []
        for n in (10, 100, 1000, 10000):
            m = mp.log(n) + x  # P(M_n <= m) = (1 - e^-m)^n
            gaps.append(abs((1 - mp.exp(-m)) ** n - mp_gompertz(x)))
        assert gaps[-1] < 1e-3 and all(b < a for a, b in zip(gaps, gaps[1:], strict=False))
