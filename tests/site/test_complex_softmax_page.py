"""Mathematical statements of the complex-view and softmax pages, checked numerically.

Each test checks one claim the page makes in words: where the poles are and that there
are no others, their residues, the tanh form and the imaginary axis for complex
arguments, the cotangent and partial-fraction expansions, the Taylor coefficients from
the poles and their ratios, the shift invariance of softmax, its two-class case with
w = w1 - w2, the log-sum-exp evaluation and the cross-entropy gradient p - y.
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest
from scipy.special import logsumexp
from scipy.special import softmax as scipy_softmax

from sigmoid_core import sigmoid
from sigmoid_core.website.content import complex_view as cv
from sigmoid_core.website.content import exact

mp.mp.dps = 40


def mp_sigmoid(z):
    return 1 / (1 + mp.exp(-z))


def test_the_poles_are_zeros_of_the_denominator():
    for k in range(-6, 6):
        z = mp.mpc(0, mp.pi * (2 * k + 1))
        assert abs(1 + mp.exp(-z)) < mp.mpf(10) ** -35
        # g'(z_k) = -e^(-z_k) = 1
        assert abs(-mp.exp(-z) - 1) < mp.mpf(10) ** -35


def test_there_are_no_other_poles():
    """The argument principle counts the zeros of 1 + e^(-z) inside a rectangle
    |Re z| <= 3, |Im z| <= 4 pi (which holds exactly the poles +-i pi, +-3i pi)."""
    g = lambda z: 1 + mp.exp(-z)  # noqa: E731
    dg = lambda z: -mp.exp(-z)  # noqa: E731
    corners = [mp.mpc(-3, -4 * mp.pi), mp.mpc(3, -4 * mp.pi), mp.mpc(3, 4 * mp.pi)]
    corners += [mp.mpc(-3, 4 * mp.pi), corners[0]]
    with mp.workdps(20):
        total = sum(
            mp.quad(lambda t, a=a, b=b: dg(a + t * (b - a)) / g(a + t * (b - a)) * (b - a), [0, 1])
            for a, b in zip(corners, corners[1:], strict=False)
        )
        count = total / (2j * mp.pi)
    assert abs(count - 4) < 1e-8


def test_every_residue_is_one():
    for pole in cv.poles(6):
        assert abs(cv.residue(pole) - 1) < 1e-13
    # and as the limit (z - z_k) sigma(z), in mpmath
    z0 = mp.mpc(0, mp.pi)
    h = mp.mpf(10) ** -20
    assert abs(h * mp_sigmoid(z0 + h) - 1) < mp.mpf(10) ** -18


def test_complex_tanh_form_and_periodicity():
    rng = np.random.default_rng(1)
    for _ in range(50):
        z = mp.mpc(rng.uniform(-10, 10), rng.uniform(-20, 20))
        assert abs(mp_sigmoid(z) - mp.mpf(1) / 2 - mp.tanh(z / 2) / 2) < mp.mpf(10) ** -30
        assert abs(mp_sigmoid(z + 2j * mp.pi) - mp_sigmoid(z)) < mp.mpf(10) ** -30
    assert cv.complex_tanh_error() < 1e-13


def test_imaginary_axis():
    for y in np.linspace(-3.1, 3.1, 41):
        value = mp_sigmoid(mp.mpc(0, y))
        assert abs(value - (mp.mpf(1) / 2 + 1j * mp.tan(mp.mpf(y) / 2) / 2)) < 1e-30
        assert abs(value.real - mp.mpf(1) / 2) < 1e-30
    assert cv.imaginary_axis_error() < 1e-13


def test_coth_expansion_and_tanh_from_coth():
    for u in [mp.mpf("0.3"), mp.mpc(1, 2), mp.mpc(-2, "0.5")]:
        series = 1 / u + mp.nsum(lambda n, u=u: 2 * u / (u**2 + n**2 * mp.pi**2), [1, mp.inf])
        assert abs(series - mp.coth(u)) < 1e-25
        assert abs(2 * mp.coth(2 * u) - mp.coth(u) - mp.tanh(u)) < 1e-30


def test_partial_fraction_expansion_in_mpmath():
    for z in [mp.mpf(1), mp.mpf(-7), mp.mpc(2, 5), mp.mpc(-1, 9), mp.mpc(0, 2)]:
        series = mp.mpf(1) / 2 + mp.nsum(
            lambda k, z=z: 2 * z / (z**2 + mp.pi**2 * (2 * k + 1) ** 2), [0, mp.inf]
        )
        assert abs(series - mp_sigmoid(z)) < 1e-25


def test_partial_fraction_check_on_the_page_is_within_its_tail_bound():
    assert cv.partial_fraction_error() < 1e-9
    # its tail correction is exactly the sum of 1/(2k+1)^2 over k >= N
    n = 50
    exact_tail = mp.nsum(lambda k: 1 / (2 * k + 1) ** 2, [n, mp.inf])
    assert abs(mp.psi(1, n + mp.mpf(1) / 2) / 4 - exact_tail) < 1e-30


def test_taylor_coefficients_from_the_poles():
    a = exact.taylor_coefficients(30)
    for n in range(1, 29, 2):
        lam = (1 - mp.mpf(2) ** -(n + 1)) * mp.zeta(n + 1)
        formula = 2 * (-1) ** ((n - 1) // 2) * lam / mp.pi ** (n + 1)
        assert abs(mp.mpf(a[n].numerator) / a[n].denominator - formula) < abs(formula) * 1e-30
    for n in range(2, 30, 2):
        assert a[n] == (Fraction(1, 2) if n == 0 else 0)


@pytest.mark.parametrize("n", [9, 15, 21])
def test_ratio_falls_short_of_one_by_about_eight_ninths_of_three_to_the_minus_n_plus_1(n):
    ratio = cv.ratio_from_poles(n)
    assert ratio < 1
    assert (1 - ratio) * 3 ** (n + 1) == pytest.approx(8 / 9, rel=0.01)
    if n <= 21:
        assert cv.coefficient_ratio(n) == pytest.approx(ratio, rel=1e-12)


def test_ratio_test_estimate_tends_to_pi():
    assert abs(exact.radius_estimate(21) - math.pi) < 1e-10


def test_softmax_outputs_are_positive_and_sum_to_one_and_match_scipy():
    z = cv.random_logits()
    p = cv.softmax(z)
    assert np.all(p > 0)
    np.testing.assert_allclose(p.sum(axis=1), 1, rtol=1e-14)
    np.testing.assert_allclose(p, scipy_softmax(z, axis=1), rtol=1e-12)


def test_softmax_is_invariant_under_a_shift():
    assert cv.softmax_shift_error() < 1e-14


def test_two_class_softmax_is_logistic_with_difference_weights():
    rng = np.random.default_rng(3)
    w1, w2 = rng.normal(size=4), rng.normal(size=4)
    b1, b2 = rng.normal(), rng.normal()
    x = rng.normal(size=(100, 4)) * 5
    logits = np.stack([x @ w1 + b1, x @ w2 + b2], axis=1)
    p1 = cv.softmax(logits)[:, 0]
    np.testing.assert_allclose(p1, sigmoid(x @ (w1 - w2) + (b1 - b2)), rtol=1e-13, atol=1e-300)
    # and adding the same (v, c) to both classes changes nothing
    v, c = rng.normal(size=4), rng.normal()
    shifted = np.stack([x @ (w1 + v) + b1 + c, x @ (w2 + v) + b2 + c], axis=1)
    np.testing.assert_allclose(cv.softmax(shifted)[:, 0], p1, rtol=1e-12)


def test_log_sum_exp_is_stable_and_the_naive_one_overflows():
    z = cv.random_logits(scale=1000.0)
    np.testing.assert_allclose(cv.log_sum_exp(z), logsumexp(z, axis=1), rtol=1e-15)
    assert cv.log_sum_exp_error() < 1e-15
    assert 0 < cv.naive_log_sum_exp_overflow_percent() < 100
    overflowing = ~np.isfinite(cv.naive_log_sum_exp(z))
    assert np.all(z[overflowing].max(axis=1) > 1024 * math.log(2) - 1)
    # the shifted sum lies in [1, K]
    shifted = np.sum(np.exp(z - z.max(axis=1, keepdims=True)), axis=1)
    assert np.all((shifted >= 1) & (shifted <= z.shape[1]))
    with pytest.raises(OverflowError):
        math.exp(1024 * math.log(2) + 1e-3)


def test_cross_entropy_gradient_is_p_minus_y():
    assert cv.gradient_check() < 1e-8
    # and against mpmath's numerical derivative, class by class
    z = [mp.mpf("0.3"), mp.mpf(-1), mp.mpf(2)]
    label = 1
    p = cv.softmax(np.array([float(v) for v in z]))
    for k in range(3):

        def loss(t, k=k):
            zz = list(z)
            zz[k] = t
            return mp.log(mp.fsum(mp.exp(v) for v in zz)) - zz[label]

        derivative = mp.diff(loss, z[k])
        assert abs(float(derivative) - (p[k] - (k == label))) < 1e-15
