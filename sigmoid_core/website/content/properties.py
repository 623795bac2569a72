"""Identities and properties of sigma, each checked numerically on the stated interval."""

from __future__ import annotations

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
