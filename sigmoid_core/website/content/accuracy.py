"""Accuracy in ulp against mpmath: the exact references, and the table the numerics page shows.

The tests measure the core with the same references and the same :func:`ulp_error`, so
the page and the proofs cannot drift apart. The table is measured on a fixed seeded
sample at every build, so it always describes the code that is actually shipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import mpmath as mp
import numpy as np

from sigmoid_core import sigmoid, sigmoid_derivative
from sigmoid_core.website.content import naive

#: Working precision of every reference value: far beyond float64's 53 bits, so the
#: reference's own error is negligible.
REFERENCE_BITS = 160
PRECISION = {np.dtype(np.float64): 53, np.dtype(np.float32): 24, np.dtype(np.float16): 11}


def exact_sigmoid(x: mp.mpf) -> mp.mpf:
    return 1 / (1 + mp.exp(-x))


def exact_derivative(x: mp.mpf) -> mp.mpf:
    e = mp.exp(-abs(x))
    return e / (1 + e) ** 2


def ulp_error(got: float, exact: mp.mpf, dtype: type = np.float64) -> float | None:
    """|got - exact| in units in the last place of exact at dtype's precision.

    inf when got is not finite; None when exact is not a normal number of that dtype:
    accuracy bounds are stated for normal results only (subnormals have fewer
    significant bits by definition).
    """
    info = np.finfo(dtype)
    if exact == 0 or not (float(info.smallest_normal) <= abs(exact) <= float(info.max)):
        return None
    if not np.isfinite(got):
        return float("inf")
    _, exponent = mp.frexp(exact)  # exact = m * 2**exponent with 0.5 <= |m| < 1
    ulp = mp.ldexp(1, int(exponent) - PRECISION[np.dtype(dtype)])
    return float(abs(mp.mpf(float(got)) - exact) / ulp)


@dataclass(frozen=True)
class Implementation:
    """One way of computing a function, as a reader might write it."""

    label: str
    code: str
    compute: Callable[[np.ndarray], Any]


SIGMOID_IMPLEMENTATIONS = [
    Implementation("textbook", "1/(1+np.exp(-x))", naive.textbook_sigmoid),
    Implementation("exp ratio", "np.exp(x)/(1+np.exp(x))", naive.exp_ratio_sigmoid),
    Implementation("tanh form", "0.5*np.tanh(0.5*x)+0.5", naive.tanh_sigmoid),
    Implementation("sigmoid_core", "sigmoid(x)", sigmoid),
]
DERIVATIVE_IMPLEMENTATIONS = [
    Implementation("textbook", "s*(1-s), s = 1/(1+np.exp(-x))", naive.textbook_derivative),
    Implementation(
        "product of sigmas", "sigmoid(x)*sigmoid(-x)", lambda x: sigmoid(x) * sigmoid(-x)
    ),
    Implementation("sigmoid_core", "sigmoid_derivative(x)", sigmoid_derivative),
]

SAMPLE_SEED = 20261123
SAMPLE_SIZE = 1500
#: Half the sample lies in the bend [-BEND, BEND], half in [-WIDE, WIDE]: beyond the
#: overflow of exp at 709.78 and the underflow of sigma to 0 at -745.13. Further out
#: nothing changes: every implementation returns what it returns at +-WIDE (a test
#: checks), and on the left the exact sigma is subnormal, which the table leaves out.
BEND = 40
WIDE = 800


def sample() -> np.ndarray:
    """Fixed sample: half in the bend [-BEND, BEND], half in [-WIDE, WIDE]."""
    rng = np.random.default_rng(SAMPLE_SEED)
    return np.concatenate(
        [rng.uniform(-BEND, BEND, SAMPLE_SIZE), rng.uniform(-WIDE, WIDE, SAMPLE_SIZE)]
    )


def measure(derivative: bool) -> list[tuple[Implementation, float, float]]:
    """(implementation, median ulp error, largest ulp error) over the fixed sample."""
    xs = sample()
    exact_function = exact_derivative if derivative else exact_sigmoid
    implementations = DERIVATIVE_IMPLEMENTATIONS if derivative else SIGMOID_IMPLEMENTATIONS
    with mp.workprec(REFERENCE_BITS):
        exact = [exact_function(mp.mpf(x)) for x in xs.tolist()]
        results = []
        for implementation in implementations:
            got = implementation.compute(xs).tolist()
            errors = np.array(
                [
                    error
                    for g, e in zip(got, exact, strict=True)
                    if (error := ulp_error(g, e)) is not None
                ]
            )
            results.append((implementation, float(np.median(errors)), float(np.max(errors))))
    return results
