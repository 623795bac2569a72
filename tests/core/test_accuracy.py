"""Accuracy of sigmoid_core in ulp against an arbitrary-precision reference (mpmath).

Bounds proven here (float64, wherever the true result is a normal float):
sigmoid, softplus, log_sigmoid, logit <= 2 ulp; first derivative <= 4 ulp;
float32 and float16 results <= 4 ulp of their own precision; derivatives of order
2..MAX_DERIVATIVE_ORDER within 4 eps of the largest value the curve takes.
"""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sigmoid_core import (
    MAX_DERIVATIVE_ORDER,
    log_sigmoid,
    logit,
    sigmoid,
    sigmoid_derivative,
    softplus,
)
from sigmoid_core.website.content.accuracy import (
    REFERENCE_BITS,
    exact_derivative,
    exact_sigmoid,
    ulp_error,
)

mp.mp.prec = REFERENCE_BITS

REFERENCES = {
    "sigmoid": (sigmoid, exact_sigmoid, 2.0),
    "sigmoid_derivative": (sigmoid_derivative, exact_derivative, 4.0),
    "softplus": (softplus, lambda x: mp.log1p(mp.exp(x)), 2.0),
    "log_sigmoid": (log_sigmoid, lambda x: -mp.log1p(mp.exp(-x)), 2.0),
}
EXACT_LOGIT = lambda p: mp.log(p) - mp.log1p(-p)  # noqa: E731


def test_ulp_error_measures_one_ulp_as_one():
    x = mp.mpf(1) / 3
    one_ulp_off = float(x) + math.ulp(float(x))
    assert ulp_error(float(x), x) < 0.5
    assert 0.5 < ulp_error(one_ulp_off, x) < 1.5
    assert ulp_error(1e-310, mp.mpf(1e-310)) is None


def worst_error(function, exact, xs, dtype=np.float64) -> tuple[float, float]:
    got = function(np.asarray(xs, dtype=dtype))
    worst, where = 0.0, float("nan")
    for g, x in zip(got.tolist(), np.asarray(xs, dtype=dtype).tolist(), strict=True):
        error = ulp_error(g, exact(mp.mpf(x)), dtype)
        if error is not None and error > worst:
            worst, where = error, x
    return worst, where


def seeded_sample(seed: int) -> np.ndarray:
    """Points spread over every binade of float64 plus dense coverage of the curve's bend."""
    rng = np.random.default_rng(seed)
    magnitudes = np.exp(rng.uniform(np.log(1e-300), np.log(1.7e308), 3000))
    bend = rng.uniform(-40, 40, 3000)
    tails = rng.uniform(-745, 745, 3000)
    signs = rng.choice([-1.0, 1.0], size=3000)
    return np.concatenate([signs * magnitudes, bend, tails])


@pytest.mark.parametrize("name", list(REFERENCES))
def test_float64_accuracy_on_seeded_sample(name):
    function, exact, bound = REFERENCES[name]
    worst, where = worst_error(function, exact, seeded_sample(20261123))
    assert worst <= bound, f"{name}: {worst:.3f} ulp at x = {where!r}"


def _make_property_test(name):
    function, exact, bound = REFERENCES[name]

    @settings(max_examples=1500, deadline=None)
    @given(st.floats(allow_nan=False, allow_infinity=False))
    def check(x):
        error = ulp_error(float(function(x)), exact(mp.mpf(x)))
        assume(error is not None)
        assert error <= bound, f"{name}({x!r}) is {error:.3f} ulp off"

    @settings(max_examples=1500, deadline=None)
    @given(st.floats(min_value=-750, max_value=750))
    def check_where_the_curve_lives(x):
        check.hypothesis.inner_test(x)

    return check, check_where_the_curve_lives


(test_sigmoid_property, test_sigmoid_property_bend) = _make_property_test("sigmoid")
(test_derivative_property, test_derivative_property_bend) = _make_property_test(
    "sigmoid_derivative"
)
(test_softplus_property, test_softplus_property_bend) = _make_property_test("softplus")
(test_log_sigmoid_property, test_log_sigmoid_property_bend) = _make_property_test("log_sigmoid")


def logit_sample(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    near_zero = np.exp(rng.uniform(np.log(2.3e-308), 0, 3000))
    near_one = 1 - np.exp(rng.uniform(np.log(1.2e-16), np.log(0.5), 3000))
    middle = rng.uniform(0.2, 0.8, 3000)
    return np.concatenate([near_zero, near_one, middle])


def test_logit_accuracy_on_seeded_sample():
    worst, where = worst_error(logit, EXACT_LOGIT, logit_sample(7))
    assert worst <= 2.0, f"logit: {worst:.3f} ulp at p = {where!r}"


@settings(max_examples=3000, deadline=None)
@given(st.floats(min_value=0, max_value=1, exclude_min=True, exclude_max=True))
def test_logit_property(p):
    error = ulp_error(float(logit(p)), EXACT_LOGIT(mp.mpf(p)))
    assume(error is not None)
    assert error <= 2.0, f"logit({p!r}) is {error:.3f} ulp off"


ALL_FIVE = {**{k: v[:2] for k, v in REFERENCES.items()}, "logit": (logit, EXACT_LOGIT)}


@pytest.mark.parametrize("name", list(ALL_FIVE))
def test_every_finite_float16_within_4_ulp(name):
    """Exhaustive: all 63,488 finite float16 values (non-finite ones are tested elsewhere)."""
    function, exact = ALL_FIVE[name]
    every = np.arange(2**16, dtype=np.uint16).view(np.float16)
    every = every[np.isfinite(every)]
    if name == "logit":
        every = every[(every > 0) & (every < 1)]
    worst, where = worst_error(function, exact, every, np.float16)
    assert worst <= 4.0, f"{name}: {worst:.3f} float16 ulp at {where!r}"


@pytest.mark.parametrize("name", list(ALL_FIVE))
def test_float32_within_4_ulp(name):
    function, exact = ALL_FIVE[name]
    rng = np.random.default_rng(32)
    if name == "logit":
        xs = np.concatenate([rng.uniform(0, 1, 2000), np.exp(rng.uniform(-87, 0, 2000))])
    else:
        xs = np.concatenate([rng.uniform(-110, 110, 2000), rng.uniform(-20, 20, 2000)])
    worst, where = worst_error(function, exact, xs.astype(np.float32), np.float32)
    assert worst <= 4.0, f"{name}: {worst:.3f} float32 ulp at {where!r}"


def _eulerian_row(n: int) -> list[int]:
    """Eulerian numbers A(n, k), k = 0..n-1: the reference uses their classical formula."""
    row = [1]
    for m in range(1, n + 1):
        row = [
            (k + 1) * (row[k] if k < len(row) else 0) + (m - k) * (row[k - 1] if k else 0)
            for k in range(m)
        ]
    return row


def exact_nth_derivative(x: mp.mpf, n: int) -> mp.mpf:
    """sigma^(n) = sum_k (-1)^k A(n,k) sigma^(k+1) (1-sigma)^(n-k), n >= 1 (Minai & Williams 1993).

    An independent formula from the implementation's, evaluated in high precision.
    """
    s, t = exact_sigmoid(x), exact_sigmoid(-x)
    return mp.fsum(
        (-1) ** k * a * s ** (k + 1) * t ** (n - k) for k, a in enumerate(_eulerian_row(n))
    )


@pytest.mark.parametrize("n", [1, 2, 3, 4, 6])
def test_reference_formula_agrees_with_numerical_differentiation(n):
    for x in (-2.5, 0.3, 1.7):
        numeric = mp.diff(exact_sigmoid, mp.mpf(x), n)
        assert abs(exact_nth_derivative(mp.mpf(x), n) - numeric) < mp.mpf(10) ** -30


@pytest.mark.parametrize("n", range(2, MAX_DERIVATIVE_ORDER + 1))
def test_higher_derivatives_within_4_eps_of_the_curves_size(n):
    grid = np.linspace(-15, 15, 1201)
    size = max(abs(exact_nth_derivative(mp.mpf(x), n)) for x in grid.tolist())
    rng = np.random.default_rng(n)
    xs = np.concatenate([rng.uniform(-40, 40, 400), rng.uniform(-4, 4, 400), [0.0]])
    got = sigmoid_derivative(xs, n)
    worst = max(
        abs(mp.mpf(g) - exact_nth_derivative(mp.mpf(x), n))
        for g, x in zip(got.tolist(), xs.tolist(), strict=True)
    )
    eps = np.finfo(np.float64).eps
    assert worst <= 4 * eps * size, f"order {n}: error {float(worst / size / eps):.2f} eps"
