"""Mathematical statements of the logistic growth, properties, logit-and-probit, derivative
and numerics pages.

Each test checks one claim a page makes in words (not a value it prints): the solutions
of the logistic equation, the conditioning of logit, the thresholds of the textbook
formula, what the accuracy table's sample covers, the round trip through logit, the
series of sigma' and the polynomials Q_n.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest
from bs4 import BeautifulSoup
from scipy.integrate import solve_ivp

from sigmoid_core import logit, sigmoid, sigmoid_derivative
from sigmoid_core.functions import _polynomial_in_tanh
from sigmoid_core.website.content import accuracy, curve, exact, naive, numerics, properties

R, K = 0.7, 3.0


def uniform_solution(t, p0):
    """The logistic growth page's P(t) = K P0 / (P0 + (K - P0) e^(-rt)), every P0."""
    return K * p0 / (p0 + (K - p0) * np.exp(-R * t))


def case_solution(t, p0):
    """The page's case-by-case closed forms."""
    t = np.asarray(t, dtype=float)
    if p0 == 0:
        return np.zeros_like(t)
    if p0 == K:
        return np.full_like(t, K)
    if 0 < p0 < K:
        t0 = math.log((K - p0) / p0) / R
        return K * np.asarray(sigmoid(R * (t - t0)))
    t1 = math.log((p0 - K) / p0) / R
    return K / (1 - np.exp(-R * (t - t1)))


def numerical_solution(p0, t_end):
    t = np.linspace(0, t_end, 200)
    solution = solve_ivp(
        lambda _, p: R * p * (1 - p / K), (0, t_end), [p0], t_eval=t, rtol=1e-11, atol=1e-13
    )
    assert solution.success
    return t, solution.y[0]


@pytest.mark.parametrize("p0", [0.0, 0.05, 1.0, 2.9, K, 3.2, 9.0, -0.4])
def test_the_logistic_equation_is_solved_by_the_closed_forms_for_every_initial_value(p0):
    if p0 < 0:  # blows up at t1 > 0: integrate up to shortly before
        t1 = math.log((p0 - K) / p0) / R
        assert t1 > 0
        t_end = 0.95 * t1
    else:
        t_end = 25.0
    t, numerical = numerical_solution(p0, t_end)
    for closed in (uniform_solution(t, p0), case_solution(t, p0)):
        np.testing.assert_allclose(closed, numerical, rtol=1e-8, atol=1e-10)
    if p0 > K:  # decreasing to K, from a pole at t1 < 0
        assert math.log((p0 - K) / p0) / R < 0
        assert np.all(np.diff(numerical) < 0) and abs(numerical[-1] - K) < 1e-6
    if p0 < 0:
        assert np.all(np.diff(numerical) < 0) and numerical[-1] < 10 * p0


def test_the_solution_above_the_ceiling_comes_down_from_infinity_at_t1():
    p0 = 9.0
    t1 = math.log((p0 - K) / p0) / R
    solution = solve_ivp(
        lambda _, p: R * p * (1 - p / K), (0, 0.999 * t1), [p0], rtol=1e-11, atol=1e-13
    )
    assert solution.success
    backwards = solution.y[0][-1]
    np.testing.assert_allclose(backwards, case_solution(0.999 * t1, p0), rtol=1e-7)
    assert backwards > 100 * p0


# Numerics page: logit.


def test_the_condition_number_of_logit_is_the_pages_formula_and_unbounded_near_1():
    with mp.workprec(200):
        for p in (0.01, 0.3, 0.6, 0.9, 1 - 2.0**-20):
            q = mp.mpf(p)
            kappa = abs(q * mp.diff(lambda u: mp.log(u / (1 - u)), q) / mp.log(q / (1 - q)))
            assert numerics.logit_condition(p) == pytest.approx(float(kappa), rel=1e-9)
    near_one = [numerics.logit_condition(1 - 2.0**-k) for k in range(2, 53)]
    assert all(b > a for a, b in zip(near_one, near_one[1:], strict=False))
    assert near_one[-1] > 1e14
    near_zero = [numerics.logit_condition(2.0**-k) for k in range(2, 1000, 50)]
    assert all(b < a for a, b in zip(near_zero, near_zero[1:], strict=False))


def test_one_minus_p_is_exact_for_p_at_least_one_half_so_logit_has_no_cancellation():
    rng = np.random.default_rng(3)
    upper = np.concatenate([rng.uniform(0.5, 1.0, 20000), 1 - 2.0 ** -np.arange(1, 54)])
    for p in upper.tolist():
        assert Fraction(1 - p) == 1 - Fraction(p)  # Sterbenz: no rounding at all
    # The core's logit is accurate for the float it is given, even where kappa is huge.
    with mp.workprec(accuracy.REFERENCE_BITS):
        for p in (1 - 2.0 ** -np.arange(3, 54)).tolist():
            q = mp.mpf(p)
            assert accuracy.ulp_error(float(logit(p)), mp.log(q / (1 - q))) <= 2


# Derivative page: where 1 + e^-x rounds to 1.


def test_the_textbook_sum_rounds_to_one_exactly_when_exp_minus_x_is_at_most_2_to_minus_53():
    assert 1.0 + 2.0**-53 == 1.0  # the tie rounds to even, which is 1
    assert 1.0 + np.nextafter(2.0**-53, 1.0) > 1.0
    assert np.spacing(1.0) == 2.0**-52 and 1.0 - np.nextafter(1.0, 0.0) == 2.0**-53
    x = numerics.textbook_collapse_x_full()
    before = float(np.nextafter(x, 0.0))
    assert math.exp(-x) <= 2.0**-53 < math.exp(-before)
    assert naive.textbook_sigmoid(x) == 1.0 and naive.textbook_sigmoid(before) < 1.0
    assert abs(x - numerics.fifty_three_log_two()) <= 4 * np.spacing(x)


# Numerics page: what the accuracy table's sample covers.


def test_the_accuracy_sample_reaches_past_overflow_and_underflow():
    xs = accuracy.sample()
    underflow = -745.2  # sigma(x) is 0 in float64 below about -745.13 (saturation table)
    assert sigmoid(underflow) == 0
    assert xs.max() > numerics.exp_overflow_x() and xs.min() < underflow
    assert np.sum(xs > numerics.exp_overflow_x()) >= 50 and np.sum(xs < underflow) >= 20
    assert numerics.accuracy_sample_wide() == accuracy.WIDE
    assert numerics.accuracy_sample_bend() == accuracy.BEND


def test_the_accuracy_tables_show_the_nan_and_the_total_losses():
    sigmoid_rows = {row[0]: row for row in numerics.sigmoid_accuracy()[1]}
    assert sigmoid_rows["exp ratio"][3].startswith("∞")
    assert np.isnan(naive.exp_ratio_sigmoid(800.0))  # what the ∞ stands for
    assert 2**52 <= float(sigmoid_rows["tanh form"][3]) <= 2**53
    derivative_rows = {row[0]: row for row in numerics.derivative_accuracy()[1]}
    assert 2**52 <= float(derivative_rows["textbook"][3]) <= 2**53


def test_the_text_says_why_the_textbook_overflow_does_not_show():
    limit = numerics.sigmoid_normal_limit()
    assert sigmoid(-limit + 0.01) >= np.finfo(float).smallest_normal
    assert sigmoid(-limit - 0.01) < np.finfo(float).smallest_normal
    assert limit < numerics.exp_overflow_x()  # the overflow lies where sigma is subnormal
    with mp.workprec(accuracy.REFERENCE_BITS):
        for x in (-709.9, -720.0, -745.0):
            exact_value = accuracy.exact_sigmoid(mp.mpf(x))
            assert naive.textbook_sigmoid(x) == 0 and accuracy.ulp_error(0.0, exact_value) is None


@pytest.mark.parametrize("derivative", [False, True], ids=["sigma", "derivative"])
def test_beyond_the_sample_no_implementation_does_anything_new(derivative):
    """Right of +WIDE each error is what it is at WIDE; left of -WIDE every point is left out."""
    implementations = (
        accuracy.DERIVATIVE_IMPLEMENTATIONS if derivative else accuracy.SIGMOID_IMPLEMENTATIONS
    )
    exact_function = accuracy.exact_derivative if derivative else accuracy.exact_sigmoid
    wide = float(accuracy.WIDE)
    far = [wide * 1.5, 1e4, 1e8, 1e100, 1e300, float(np.finfo(float).max)]
    with mp.workprec(accuracy.REFERENCE_BITS):
        for implementation in implementations:
            at_wide = accuracy.ulp_error(
                float(implementation.compute(np.array([wide]))[0]), exact_function(mp.mpf(wide))
            )
            for x in far:
                right = float(implementation.compute(np.array([x]))[0])
                assert accuracy.ulp_error(right, exact_function(mp.mpf(x))) == at_wide
                left = float(implementation.compute(np.array([-x]))[0])
                assert accuracy.ulp_error(left, exact_function(mp.mpf(-x))) is None


# Properties page: the round trip through logit.


def test_the_logit_round_trip_grows_only_for_positive_x():
    left = np.linspace(-708.0, -1.0, 50001)
    assert np.all(properties.logit_roundtrip_residual(left) <= 2 * np.spacing(np.abs(left)))
    right = np.linspace(1.0, 35.0, 3401)
    residual = properties.logit_roundtrip_residual(right)
    # The page's estimate: about 2^-53 e^x, the stored sigma's error divided by sigma'.
    assert np.all(residual <= 2.0**-51 * np.exp(right) + 4 * np.spacing(right))
    assert properties.logit_roundtrip_residual(np.array([30.0]))[0] > 1e9 * max(
        properties.logit_roundtrip_residual(np.array([-30.0]))[0], 2.0**-53
    )


# Logit-and-probit page (the variance from a series): the series of sigma' and eta(2).


def test_the_series_of_the_derivative_converges_for_x_nonzero_and_diverges_at_0():
    k = np.arange(1, 4001)
    for x in (-5.0, -0.5, 0.05, 1.0, 7.0):
        partial = np.sum((-1.0) ** (k + 1) * k * np.exp(-k * abs(x)))
        assert partial == pytest.approx(float(sigmoid_derivative(x)), rel=1e-9)
    partial_sums_at_0 = np.cumsum((-1.0) ** (k + 1) * k)
    assert np.max(np.abs(partial_sums_at_0[-10:])) >= 2000  # unbounded: no limit


def test_eta_2_is_pi_squared_over_12_and_gives_the_variance():
    with mp.workdps(40):
        assert mp.almosteq(mp.altzeta(2), mp.pi**2 / 12, 1e-35)
        assert mp.almosteq(mp.zeta(2), mp.pi**2 / 6, 1e-35)
        for k in (1, 2, 7):
            term = mp.quad(lambda x, k=k: x**2 * k * mp.exp(-k * x), [0, mp.inf])
            assert mp.almosteq(term, mp.mpf(2) / k**2, 1e-30)
        variance = 2 * mp.quad(lambda x: x**2 * mp.exp(-x) / (1 + mp.exp(-x)) ** 2, [0, mp.inf])
        assert mp.almosteq(variance, 4 * mp.altzeta(2), 1e-30)


# Numerics page: the polynomials Q_n.


@pytest.mark.parametrize("n", range(1, 12))
def test_q_n_has_degree_n_minus_1_and_gives_the_derivatives(n):
    q = [Fraction(c) for c in reversed(_polynomial_in_tanh(n))]  # lowest power first
    assert len(q) == n and q[-1] != 0
    if n == 1:
        assert q == [Fraction(1, 4)]
    p_n = exact.polynomial_in_sigma(n)
    for w in (Fraction(-3, 4), Fraction(-1, 5), Fraction(0), Fraction(2, 7), Fraction(9, 10)):
        lhs = (1 - w * w) * sum(c * w**i for i, c in enumerate(q))
        s = (1 + w) / 2
        assert lhs == sum(c * s**i for i, c in enumerate(p_n))


# Definition page: order.


def test_exact_sigma_keeps_the_order_and_the_core_steps_back_by_at_most_one_ulp():
    pairs, back, largest = curve.neighbour_steps()
    assert pairs > 0 and largest <= 1
    assert back == curve.order_step_backs()
    # Correct rounding is monotone: the rounded mpmath values never decrease.
    xs = 3.0 + np.arange(-300, 300) * np.spacing(3.0)
    with mp.workprec(accuracy.REFERENCE_BITS):
        rounded = [float(accuracy.exact_sigmoid(mp.mpf(x))) for x in xs.tolist()]
    assert np.all(np.diff(rounded) >= 0) and np.any(np.diff(rounded) == 0)


# Precision lab: the figure's alt text states what the notebook computes.


def test_the_precision_lab_alt_text_matches_its_table(site):
    page = site / "notebooks" / "precision-lab" / "index.html"
    document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    table = next(
        output.get_text()
        for output in document.select(".jp-OutputArea-output")
        if "largest error (ulp)" in output.get_text()
    )
    core_row = next(line for line in table.splitlines() if line.startswith("sigmoid_core"))
    float64_entry = float(core_row.split()[-1])
    alt = document.select_one(".jp-OutputArea-output figure img")["alt"]
    stated = float(re.search(r"at or below ([0-9.]+) ulp", alt).group(1))
    assert stated == pytest.approx(float64_entry, abs=0.006)
    assert stated >= float64_entry - 0.005  # "at or below" is not an understatement
