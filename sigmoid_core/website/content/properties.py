"""Identities and properties of sigma, each checked numerically on the stated interval."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import mpmath as mp
import numpy as np

from sigmoid_core import log_sigmoid, logit, sigmoid, sigmoid_derivative, softplus
from sigmoid_core.website.content import accuracy
from sigmoid_core.website.content.curve import GRID_X, max_abs
from sigmoid_core.website.content.registry import value


@value(".1e", "max |sigma(-x) - (1 - sigma(x))| on [-40, 40]")
def symmetry_max_error() -> float:
    return max_abs(sigmoid(-GRID_X) - (1 - sigmoid(GRID_X)))


@value("g", "max |sigma'(-x) - sigma'(x)| on [-40, 40]")
def derivative_evenness_error() -> float:
    return max_abs(sigmoid_derivative(-GRID_X) - sigmoid_derivative(GRID_X))


def logit_roundtrip_residual(x: np.ndarray) -> np.ndarray:
    """|logit(sigma(x)) - x| with the core's functions."""
    return np.abs(np.asarray(logit(sigmoid(x))) - x)


@value(".1e", "max |logit(sigma(x)) - x| on [-10, 0]")
def logit_roundtrip_error_left() -> float:
    return max_abs(logit_roundtrip_residual(GRID_X[(GRID_X >= -10) & (GRID_X <= 0)]))


@value(".1e", "max |logit(sigma(x)) - x| on [0, 10]")
def logit_roundtrip_error_right() -> float:
    return max_abs(logit_roundtrip_residual(GRID_X[(GRID_X >= 0) & (GRID_X <= 10)]))


@value(".1e", "|logit(sigma(30)) - 30|")
def logit_roundtrip_error_at_30() -> float:
    return float(logit_roundtrip_residual(np.array([30.0]))[0])


@value("g", "max |logit(sigma(x)) - x| in ulp of x over [-708, -1]")
def logit_roundtrip_ulp_left() -> float:
    x = np.linspace(-708.0, -1.0, 200001)
    return float(np.max(logit_roundtrip_residual(x) / np.spacing(np.abs(x))))


@value(".1e", "max |softplus(x) - softplus(-x) - x| on [-40, 40]")
def softplus_difference_error() -> float:
    return max_abs(softplus(GRID_X) - softplus(-GRID_X) - GRID_X)


@value(".1e", "max |central difference of softplus - sigma| on [-40, 40], step 1/1000")
def softplus_derivative_error() -> float:
    return max_abs(
        (softplus(GRID_X[2:]) - softplus(GRID_X[:-2])) / (GRID_X[2:] - GRID_X[:-2])
        - sigmoid(GRID_X[1:-1])
    )


@value("g", "max |log sigma(x) + softplus(-x)| on [-40, 40]: zero by construction")
def log_sigmoid_identity_error() -> float:
    return max_abs(log_sigmoid(GRID_X) + softplus(-GRID_X))


@value(".2f", "largest ulp error of the core's log_sigmoid against mpmath, [-40, 40] step 1/100")
def log_sigmoid_ulp_error() -> float:
    x = np.linspace(-40.0, 40.0, 8001)
    got = np.asarray(log_sigmoid(x)).tolist()
    with mp.workprec(accuracy.REFERENCE_BITS):
        errors = [
            accuracy.ulp_error(g, -mp.log1p(mp.exp(-mp.mpf(v))))
            for g, v in zip(got, x.tolist(), strict=True)
        ]
    return max(e for e in errors if e is not None)


@value(".1e", "max |softmax(a, b)_1 - sigma(a - b)| over random pairs")
def softmax_difference() -> float:
    rng = np.random.default_rng(12)
    a, b = rng.uniform(-30, 30, (2, 100000))
    shift = np.maximum(a, b)
    first = np.exp(a - shift) / (np.exp(a - shift) + np.exp(b - shift))
    return max_abs(first - sigmoid(a - b))


def _integral(f: Callable[[np.ndarray], Any]) -> float:
    """Trapezoidal integral over [-60, 60], where sigma' has fallen below 1e-26."""
    x = np.linspace(-60, 60, 240001)
    y = f(x)
    return float(np.sum((y[1:] + y[:-1]) * np.diff(x)) / 2)


@value(".12f", "integral of sigma' over the line")
def logistic_total_mass() -> float:
    return _integral(sigmoid_derivative)


@value(".1e", "integral of x sigma'(x)")
def logistic_mean() -> float:
    return _integral(lambda x: x * sigmoid_derivative(x))


@value(".12f", "integral of x^2 sigma'(x)")
def logistic_variance() -> float:
    return _integral(lambda x: x * x * sigmoid_derivative(x))


@value(".12f", "pi^2 / 3")
def pi_squared_over_3() -> float:
    return math.pi**2 / 3


@value(".6f", "largest |sigma(a) - sigma(b)| / |a - b| over random pairs")
def lipschitz_ratio() -> float:
    rng = np.random.default_rng(11)
    a, b = rng.uniform(-10, 10, (2, 100000))
    return float(np.max(np.abs(sigmoid(a) - sigmoid(b)) / np.abs(a - b)))


def softplus_inverse(y: np.ndarray) -> np.ndarray:
    """softplus^-1(y) = y + log(-expm1(-y)) for y > 0: nothing overflows, nothing cancels in
    1 - e^-y. (The core has no inverse softplus; this is the page's formula in NumPy.)"""
    y = np.asarray(y, dtype=float)
    return y + np.log(-np.expm1(-y))


def exact_softplus_inverse(y: float) -> mp.mpf:
    """log(e^y - 1) at the working precision (call inside mp.workprec)."""
    return mp.log(mp.expm1(mp.mpf(y)))


#: Around y = log 2 the result x crosses 0 and y + log(1 - e^-y) cancels: this interval
#: of y (x from about -0.43 to 0.54) is measured in absolute terms, the rest in ulp.
SOFTPLUS_INVERSE_NEAR_ZERO = (0.5, 1.0)


def softplus_inverse_sample() -> np.ndarray:
    """y from 1e-300 to 1e300 (logarithmic steps), and densely in (0, 40]."""
    return np.unique(
        np.concatenate([np.geomspace(1e-300, 1e300, 6001), np.linspace(0.0, 40.0, 4001)[1:]])
    )


@functools.cache
def softplus_inverse_errors() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each sampled y: the error in ulp of the result and the absolute error."""
    y = softplus_inverse_sample()
    got = softplus_inverse(y).tolist()
    ulps, absolute = [], []
    with mp.workprec(accuracy.REFERENCE_BITS):
        for g, v in zip(got, y.tolist(), strict=True):
            reference = exact_softplus_inverse(v)
            ulps.append(accuracy.ulp_error(g, reference))
            absolute.append(float(abs(mp.mpf(g) - reference)))
    return y, np.array(ulps, dtype=float), np.array(absolute)


@value(".2f", "largest ulp error of y + log(-expm1(-y)) against mpmath, y outside [1/2, 1]")
def softplus_inverse_ulp_error() -> float:
    y, ulps, _ = softplus_inverse_errors()
    low, high = SOFTPLUS_INVERSE_NEAR_ZERO
    return float(np.max(ulps[(y < low) | (y > high)]))


@value(".2f", "largest absolute error of y + log(-expm1(-y)) for y in [1/2, 1], in units of 2^-53")
def softplus_inverse_error_near_zero() -> float:
    y, _, absolute = softplus_inverse_errors()
    low, high = SOFTPLUS_INVERSE_NEAR_ZERO
    return float(np.max(absolute[(y >= low) & (y <= high)]) / 2.0**-53)


@value(".1e", "relative error of log(exp(y) - 1) in float64 at y = 1e-10")
def softplus_inverse_naive_error() -> float:
    y = 1e-10
    with mp.workprec(accuracy.REFERENCE_BITS):
        reference = exact_softplus_inverse(y)
        return float(abs((mp.mpf(math.log(math.exp(y) - 1)) - reference) / reference))


@value("g", "largest |softplus^-1(softplus(x)) - x| in ulp of x, core softplus, |x| in [1, 700]")
def softplus_inverse_roundtrip_ulp() -> float:
    half = np.linspace(1.0, 700.0, 100001)
    x = np.concatenate([-half, half])
    residual = np.abs(softplus_inverse(np.asarray(softplus(x))) - x)
    return float(np.max(residual / np.spacing(np.abs(x))))
