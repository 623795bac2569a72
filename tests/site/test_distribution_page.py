"""Mathematical statements of the logistic-distribution and logit-and-probit pages, each
checked independently: the location-scale family against SciPy, the moment generating
function and the cumulants against mpmath, the density comparison (logistic-distribution
page); the Gumbel difference by simulation, the latent-variable model by simulation, and
the minimax constant of probit against logit recomputed another way (logit-and-probit
page, whose variance from the eta series is checked in test_math_pages.py).
"""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest
from scipy import stats
from scipy.optimize import brentq, minimize_scalar
from scipy.special import ndtr

from sigmoid_core import logit, sigmoid, sigmoid_derivative
from sigmoid_core.website.content import activations, distribution
from sigmoid_core.website.content.registry import VALUES


@pytest.mark.parametrize(("mu", "s"), [(0.0, 1.0), (2.5, 0.3), (-4.0, 7.0)])
def test_cdf_density_and_quantile_match_scipy(mu, s):
    x = np.linspace(mu - 30 * s, mu + 30 * s, 2001)
    reference = stats.logistic(loc=mu, scale=s)
    np.testing.assert_allclose(sigmoid((x - mu) / s), reference.cdf(x), rtol=1e-13, atol=1e-300)
    np.testing.assert_allclose(
        sigmoid_derivative((x - mu) / s) / s, reference.pdf(x), rtol=1e-12, atol=1e-300
    )
    p = np.linspace(0.001, 0.999, 999)
    np.testing.assert_allclose(mu + s * logit(p), reference.ppf(p), rtol=1e-12, atol=1e-12)
    # Quartiles mu +- s log 3, peak 1/(4s).
    np.testing.assert_allclose(
        reference.ppf([0.25, 0.75]), [mu - s * math.log(3), mu + s * math.log(3)]
    )
    assert math.isclose(reference.pdf(mu), 1 / (4 * s), rel_tol=1e-14)


@pytest.mark.parametrize("tau", [-0.9, -0.5, -0.1, 0.2, 0.6, 0.95])
def test_moment_generating_function_is_the_beta_integral_and_pi_t_over_sin(tau):
    with mp.workdps(30):
        t = mp.mpf(tau)
        density = lambda z: mp.exp(-z) / (1 + mp.exp(-z)) ** 2  # noqa: E731
        integral = mp.quad(lambda z: mp.exp(t * z) * density(z), [-mp.inf, 0, mp.inf])
        beta = mp.beta(1 + t, 1 - t)
        closed = mp.pi * t / mp.sin(mp.pi * t)
        assert abs(integral - beta) < mp.mpf(10) ** -20 * beta
        assert abs(beta - closed) < mp.mpf(10) ** -25 * beta
        if abs(tau) > 0.5:  # the endpoint singularity is too strong for quadrature
            return
        # The substituted integral over (0, 1) of u^t (1 - u)^-t.
        substituted = mp.quad(lambda u: u**t * (1 - u) ** (-t), [0, 0.5, 1])
        assert abs(substituted - beta) < mp.mpf(10) ** -10 * beta


def test_location_scale_mgf():
    with mp.workdps(30):
        mu, s, t = mp.mpf("1.3"), mp.mpf("0.7"), mp.mpf("0.9")
        direct = mp.quad(
            lambda x: (
                mp.exp(t * x) * mp.exp(-(x - mu) / s) / (s * (1 + mp.exp(-(x - mu) / s)) ** 2)
            ),
            [-mp.inf, mu, mp.inf],
        )
        closed = mp.exp(mu * t) * mp.pi * s * t / mp.sin(mp.pi * s * t)
        assert abs(direct - closed) < mp.mpf(10) ** -20 * closed


def test_the_mgf_diverges_for_tau_at_least_one():
    """The page's bound e^(tau z) sigma'(z) >= 1/4 for tau >= 1, z >= 0."""
    z = np.linspace(0, 400, 10001)
    for tau in (1.0, 1.5):
        assert np.all(np.exp(tau * z) * sigmoid_derivative(z) >= 0.25 * (1 - 1e-12))


def test_series_of_log_y_over_sin_y():
    with mp.workdps(40):
        for y in (mp.mpf("0.01"), mp.mpf("0.05")):
            remainder = mp.log(y / mp.sin(y)) - y**2 / 6 - y**4 / 180
            assert abs(remainder) < y**6 / 1000  # the next coefficient is 1/2835
        assert mp.taylor(lambda y: mp.log(y / mp.sin(y)) if y else 0, 0, 4)[4] == pytest.approx(
            1 / 180, rel=1e-12
        )


def test_cumulants_moments_skewness_and_kurtosis_with_mpmath():
    with mp.workdps(30):
        density = lambda z: mp.exp(-abs(z)) / (1 + mp.exp(-abs(z))) ** 2  # noqa: E731
        m = [mp.quad(lambda z, k=k: z**k * density(z), [-mp.inf, 0, mp.inf]) for k in range(5)]
        assert abs(m[0] - 1) < 1e-25 and abs(m[1]) < 1e-25 and abs(m[3]) < 1e-25
        assert abs(m[2] - mp.pi**2 / 3) < 1e-25
        kappa4 = m[4] - 3 * m[2] ** 2
        assert abs(kappa4 - 2 * mp.pi**4 / 15) < 1e-24
        assert abs(kappa4 / m[2] ** 2 - mp.mpf(6) / 5) < 1e-25


def test_the_moment_table_agrees_with_the_exact_forms():
    header, rows = distribution.logistic_moments()
    by_name = {row[0]: row for row in rows}
    assert float(by_name["Variance"][3]) == pytest.approx(math.pi**2 / 3, abs=2e-6)
    assert float(by_name["Standard deviation"][3]) == pytest.approx(
        math.pi / math.sqrt(3), abs=2e-6
    )
    assert float(by_name["Excess kurtosis"][3]) == pytest.approx(1.2, abs=2e-6)
    assert abs(float(by_name["Mean"][3])) < 1e-10
    assert abs(float(by_name["Skewness"][3])) < 1e-10
    assert len(header) == 4


def test_the_difference_of_two_gumbel_variables_is_logistic_by_simulation():
    rng = np.random.default_rng(2024)
    difference = rng.gumbel(size=1_000_000) - rng.gumbel(size=1_000_000)
    result = stats.kstest(difference, lambda x: sigmoid(x))
    assert result.pvalue > 0.001
    # A normal law of the same variance is rejected by the same sample.
    normal = stats.norm(scale=math.pi / math.sqrt(3))
    assert stats.kstest(difference, normal.cdf).pvalue < 1e-6


def test_the_gumbel_convolution_by_quadrature():
    assert float(VALUES["gumbel_difference_max_error"].compute()) < 1e-12
    for x in (-3.0, 0.0, 0.5, 6.0):
        assert distribution.gumbel_difference_cdf(x) == pytest.approx(float(sigmoid(x)), abs=1e-13)


def test_the_latent_variable_model_gives_sigma_of_the_score():
    rng = np.random.default_rng(7)
    n = 400_000
    x = rng.normal(size=(n, 2))
    w, b = np.array([1.5, -0.8]), 0.3
    z = x @ w + b
    epsilon = rng.logistic(size=n)
    y = (z + epsilon > 0).astype(float)
    # Grouped by score, the frequency of y = 1 is sigma(z) within sampling error.
    edges = np.quantile(z, np.linspace(0, 1, 21))
    groups = np.digitize(z, edges[1:-1])
    for g in range(20):
        chosen = groups == g
        expected = float(np.mean(sigmoid(z[chosen])))
        standard_error = math.sqrt(expected * (1 - expected) / chosen.sum())
        assert abs(float(np.mean(y[chosen])) - expected) < 5 * standard_error + 1e-12


def test_the_normal_density_with_the_same_variance_peaks_lower_and_has_lighter_tails():
    sd = math.pi / math.sqrt(3)
    assert math.sqrt(3) / (math.pi * math.sqrt(2 * math.pi)) < 0.25
    assert 2 * math.pi**3 > 48
    x = np.array([6.0, 10.0, 20.0])
    assert np.all(sigmoid_derivative(x) > stats.norm(scale=sd).pdf(x))
    assert np.all(sigmoid_derivative(x) >= np.exp(-x) / 4)


def _excursions(a: float) -> tuple[float, float]:
    """E_-(a) and E_+(a) with SciPy's ndtr, each extreme refined by a local maximiser."""
    x = np.linspace(0, 10, 10001)
    gap = ndtr(x) - 1 / (1 + np.exp(-a * x))

    def refine(sign: float, start: float) -> float:
        result = minimize_scalar(
            lambda t: -sign * (ndtr(t) - 1 / (1 + math.exp(-a * t))),
            bounds=(max(start - 0.01, 0), start + 0.01),
            method="bounded",
            options={"xatol": 1e-12},
        )
        return float(-result.fun)

    return refine(-1, float(x[np.argmin(gap)])), refine(1, float(x[np.argmax(gap)]))


def test_the_minimax_constant_is_where_the_two_excursions_are_equal():
    root = brentq(lambda a: _excursions(a)[0] - _excursions(a)[1], 1.65, 1.75, xtol=1e-12)
    m = distribution.minimax()
    assert abs(root - m.constant) < 2e-6
    below, above = _excursions(root)
    assert below == pytest.approx(above, rel=1e-9)
    assert m.error == pytest.approx(below, rel=1e-6)
    # At the printed places, the gap against mpmath's Phi.
    with mp.workdps(30):
        for place, expected in ((m.below_at, m.below), (m.above_at, m.above)):
            gap = mp.ncdf(place) - 1 / (1 + mp.exp(-m.constant * mp.mpf(place)))
            assert abs(float(gap) - expected) < 1e-12
    # E_- increases and E_+ decreases with a, as the page argues.
    lower, higher = _excursions(1.69), _excursions(1.71)
    assert lower[0] < below < higher[0] and lower[1] > above > higher[1]
    # Haley's 1.702 is the minimiser rounded, barely worse; variance matching is worse.
    haley = activations.normal_logistic_max_error()
    assert m.error < haley < m.error * 1.01
    assert round(m.constant, 3) == distribution.HALEY_CONSTANT
    assert distribution.largest_gap(math.pi / math.sqrt(3)) > 2 * haley


def test_variance_matching_gap_is_largest_near_zero_with_sigma_above_phi():
    a = math.pi / math.sqrt(3)
    x = np.linspace(0, 10, 100001)
    gap = ndtr(x) - 1 / (1 + np.exp(-a * x))
    i = int(np.argmax(np.abs(gap)))
    assert gap[i] < 0 and x[i] < 1
    assert abs(x[i] - distribution.variance_matching_error_at()) < 1e-3
    assert abs(-gap[i] - distribution.variance_matching_error()) < 1e-9
