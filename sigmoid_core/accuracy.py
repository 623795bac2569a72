"""Accuracy of common ways to compute sigma and sigma', measured against mpmath.

The numerics page shows this table; it is measured on a fixed seeded sample at every
build, so it always describes the code that is actually shipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import mpmath as mp
import numpy as np

from sigmoid_core.functions import sigmoid, sigmoid_derivative

SAMPLE_SEED = 20261123
SAMPLE_SIZE = 1500


@dataclass(frozen=True)
class Implementation:
    """One way of computing a function, as a reader might write it."""

    label: str
    code: str
    compute: Callable[[np.ndarray], np.ndarray]


def _quiet(function: Callable[[np.ndarray], np.ndarray]) -> Callable[[np.ndarray], np.ndarray]:
    def run(x: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):  # the naive forms overflow: that is measured, not shown
            return function(x)

    return run


def _naive_sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


SIGMOID_IMPLEMENTATIONS = [
    Implementation("textbook", "1/(1+np.exp(-x))", _quiet(_naive_sigmoid)),
    Implementation("exp ratio", "np.exp(x)/(1+np.exp(x))",
                   _quiet(lambda x: np.exp(x) / (1 + np.exp(x)))),
    Implementation("tanh form", "0.5*np.tanh(0.5*x)+0.5",
                   _quiet(lambda x: 0.5 * np.tanh(0.5 * x) + 0.5)),
    Implementation("sigmoid_core", "sigmoid(x)", sigmoid),
]
DERIVATIVE_IMPLEMENTATIONS = [
    Implementation("textbook", "s*(1-s), s = 1/(1+np.exp(-x))",
                   _quiet(lambda x: _naive_sigmoid(x) * (1 - _naive_sigmoid(x)))),
    Implementation("product of sigmas", "sigmoid(x)*sigmoid(-x)",
                   lambda x: sigmoid(x) * sigmoid(-x)),
    Implementation("sigmoid_core", "sigmoid_derivative(x)", sigmoid_derivative),
]


def sample() -> np.ndarray:
    """Fixed sample: half in the bend [-40, 40], half over the whole range [-700, 700]."""
    rng = np.random.default_rng(SAMPLE_SEED)
    return np.concatenate([rng.uniform(-40, 40, SAMPLE_SIZE), rng.uniform(-700, 700, SAMPLE_SIZE)])


def ulp_errors(got: np.ndarray, exact: list[mp.mpf]) -> np.ndarray:
    """Error of each float64 result in units in the last place of the exact value."""
    errors = np.empty(len(exact))
    for i, (g, e) in enumerate(zip(got.tolist(), exact, strict=True)):
        if not np.isfinite(g):
            errors[i] = np.inf
            continue
        _, exponent = mp.frexp(e)
        errors[i] = float(abs(mp.mpf(g) - e) / mp.ldexp(1, int(exponent) - 53))
    return errors


def measure(derivative: bool) -> list[tuple[Implementation, float, float]]:
    """(implementation, median ulp error, largest ulp error) over the fixed sample."""
    xs = sample()
    with mp.workprec(160):
        if derivative:
            exact = [mp.exp(-abs(mp.mpf(x))) / (1 + mp.exp(-abs(mp.mpf(x)))) ** 2
                     for x in xs.tolist()]
        else:
            exact = [1 / (1 + mp.exp(-mp.mpf(x))) for x in xs.tolist()]
        implementations = DERIVATIVE_IMPLEMENTATIONS if derivative else SIGMOID_IMPLEMENTATIONS
        results = []
        for implementation in implementations:
            errors = ulp_errors(implementation.compute(xs), exact)
            results.append((implementation, float(np.median(errors)), float(np.max(errors))))
    return results
