"""The logistic growth page: the parametrised curve, the equation's equilibria and
crossing times, and the least-squares fit to Carlson's yeast data."""

from __future__ import annotations

import hashlib
import math
from importlib.resources import files

import mpmath as mp
import numpy as np
import pytest
from scipy.integrate import solve_ivp
from scipy.optimize import minimize

from sigmoid_core.website.content import growth

R, K = 0.7, 3.0
EXAMPLES = [*growth.PARAMETRISED_EXAMPLES, (2.0, -1.5, 1.0), (4.0, 0.25, -3.0)]


@pytest.mark.parametrize(("ceiling", "rate", "midpoint"), EXAMPLES)
def test_parametrised_curve_derivative_and_its_two_forms(ceiling, rate, midpoint):
    x = np.linspace(-8, 8, 161)
    f = growth.logistic_curve(x, ceiling, rate, midpoint)
    slope = growth.logistic_curve_slope(x, ceiling, rate, midpoint)
    np.testing.assert_allclose(slope, rate / ceiling * f * (ceiling - f), rtol=1e-13, atol=1e-15)
    exact = [
        mp.diff(lambda t: ceiling / (1 + mp.exp(-rate * (t - midpoint))), mp.mpf(float(v)))
        for v in x
    ]
    np.testing.assert_allclose(slope, np.array(exact, dtype=float), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize(("ceiling", "rate", "midpoint"), EXAMPLES)
def test_parametrised_curve_midpoint_symmetry_and_largest_slope(ceiling, rate, midpoint):
    assert growth.logistic_curve(np.array(midpoint), ceiling, rate, midpoint) == ceiling / 2
    h = np.linspace(0, 6, 61)
    both = growth.logistic_curve(midpoint + h, ceiling, rate, midpoint) + growth.logistic_curve(
        midpoint - h, ceiling, rate, midpoint
    )
    np.testing.assert_allclose(both, ceiling, rtol=1e-15)
    x = np.linspace(midpoint - 20, midpoint + 20, 400001)
    slopes = np.abs(growth.logistic_curve_slope(x, ceiling, rate, midpoint))
    assert slopes.max() == pytest.approx(abs(rate) * ceiling / 4, rel=1e-12)
    assert x[np.argmax(slopes)] == pytest.approx(midpoint, abs=1e-4)


def test_ten_to_ninety_percent_takes_two_log_nine_over_k():
    for rate in (0.3, 1.0, 4.0):
        assert growth.time_to_fraction(0.9, rate, 0.1) == pytest.approx(2 * math.log(9) / rate)


def crossing_time(p0: float, fraction: float) -> float:
    """When a numerical solution of dP/dt = rP(1 - P/K) from p0 first reaches fraction K."""

    def reached(_, p):
        return p[0] - fraction * K

    reached.terminal = True
    solution = solve_ivp(
        lambda _, p: R * p * (1 - p / K), (0, 60), [p0], events=reached, rtol=1e-12, atol=1e-14
    )
    return float(solution.t_events[0][0])


CROSSINGS = [
    (p0, fraction)
    for p0 in (0.01, 0.3, 1.5, 2.5)
    for fraction in (0.1, 0.5, 0.9, 0.999)
    if fraction * K > p0  # a population starting above qK never crosses it upwards
]


@pytest.mark.parametrize(("p0", "fraction"), CROSSINGS)
def test_time_to_fraction_matches_the_numerical_solution(p0, fraction):
    formula = growth.time_to_fraction(fraction, R, p0 / K)
    assert crossing_time(p0, fraction) == pytest.approx(formula, rel=1e-8)


@pytest.mark.parametrize("deviation", [1e-3, -1e-3])
def test_the_capacity_is_stable_and_deviations_decay_like_exp_minus_rt(deviation):
    t = np.linspace(0, 10, 11)
    solution = solve_ivp(
        lambda _, p: R * p * (1 - p / K), (0, 10), [K + deviation], t_eval=t, rtol=1e-12, atol=1e-15
    )
    gap = solution.y[0] - K
    np.testing.assert_allclose(gap, deviation * np.exp(-R * t), rtol=2e-3)


def test_zero_is_unstable_and_small_populations_grow_like_exp_rt():
    t = np.linspace(0, 3, 7)
    p0 = 1e-9
    solution = solve_ivp(
        lambda _, p: R * p * (1 - p / K), (0, 3), [p0], t_eval=t, rtol=1e-12, atol=1e-20
    )
    np.testing.assert_allclose(solution.y[0], p0 * np.exp(R * t), rtol=1e-7)


# ------------------------------------------------------------------ Carlson's yeast data


def test_the_shipped_data_file_is_unchanged_and_well_formed():
    raw = files("sigmoid_core.website.content").joinpath("data", growth.YEAST_DATA).read_bytes()
    assert hashlib.sha256(raw).hexdigest()[:16] == "7db9a3f23f97ed3e"
    hours, amounts = growth.yeast_data()
    np.testing.assert_array_equal(hours, np.arange(19))
    assert np.all(np.diff(amounts) > 0)


def sum_of_squares(parameters: np.ndarray) -> float:
    hours, amounts = growth.yeast_data()
    residuals = amounts - growth.logistic_curve(hours, *parameters)
    return float(residuals @ residuals)


def test_the_fit_is_the_least_squares_optimum():
    fit = growth.yeast_fit()
    best = np.array([fit.ceiling, fit.rate, fit.midpoint])
    # An independent minimiser from a different start finds the same parameters.
    other = minimize(
        sum_of_squares,
        x0=[600.0, 0.3, 10.0],
        method="Nelder-Mead",
        options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 20000, "maxfev": 40000},
    )
    assert other.success
    np.testing.assert_allclose(other.x, best, rtol=1e-6)
    # No nearby parameters do better.
    for step in np.eye(3) * best * 1e-4:
        assert sum_of_squares(best + step) > sum_of_squares(best)
        assert sum_of_squares(best - step) > sum_of_squares(best)


def test_the_page_compares_the_fit_with_gompertz_correctly():
    # The page says these data favour the logistic curve over Gompertz's.
    logistic = growth.residual_sd(growth.yeast_fit().residuals)
    gompertz = growth.residual_sd(growth.yeast_gompertz_residuals())
    assert logistic < gompertz / 2


def test_derived_quantities_of_the_fit():
    fit = growth.yeast_fit()
    t = np.linspace(0, 18, 180001)
    slope = growth.logistic_curve_slope(t, fit.ceiling, fit.rate, fit.midpoint)
    assert slope.max() == pytest.approx(fit.rate * fit.ceiling / 4, rel=1e-9)
    assert fit.initial == pytest.approx(fit.ceiling / (1 + math.exp(fit.rate * fit.midpoint)))
