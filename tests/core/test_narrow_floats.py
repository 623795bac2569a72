"""Narrow float types NumPy does not define (ml_dtypes' bfloat16, float8_e4m3fn, float8_e5m2):
kept as the result type, rounded once from the float64 result, and correctly rounded
(within half an ulp of the exact value, so within 1 ulp) for every one of their values,
exhaustively: bfloat16 has 65,536 bit patterns.

Correct rounding is robust, not luck: the float64 result is within 2 float64 ulp of the
exact value, 2**-44 of a bfloat16 ulp, and no exact value lies that close to a tie
(the closest comes within about 6e-7 bfloat16 ulp of one)."""

from __future__ import annotations

import math

import ml_dtypes
import mpmath as mp
import numpy as np
import pytest

from sigmoid_core import log_sigmoid, logit, sigmoid, sigmoid_derivative, softplus
from sigmoid_core.functions import _narrow_format, _round_to_format
from sigmoid_core.website.content.accuracy import REFERENCE_BITS, exact_derivative, exact_sigmoid

mp.mp.prec = REFERENCE_BITS
NARROW = [ml_dtypes.bfloat16, ml_dtypes.float8_e4m3fn, ml_dtypes.float8_e5m2]
EXACT = {
    "sigmoid": (sigmoid, exact_sigmoid),
    "sigmoid_derivative": (sigmoid_derivative, exact_derivative),
    "softplus": (softplus, lambda x: mp.log1p(mp.exp(x))),
    "log_sigmoid": (log_sigmoid, lambda x: -mp.log1p(mp.exp(-x))),
    "logit": (logit, lambda p: mp.log(p) - mp.log1p(-p)),
}


def every_value(dtype) -> np.ndarray:
    """Every finite value of a 1- or 2-byte float type, from its bit patterns."""
    bits = np.arange(2 ** (8 * np.dtype(dtype).itemsize), dtype=np.uint32)
    unsigned = np.uint16 if np.dtype(dtype).itemsize == 2 else np.uint8
    values = bits.astype(unsigned).view(dtype)
    with np.errstate(invalid="ignore"):  # casting a NaN pattern warns
        return values[np.isfinite(values.astype(np.float64))]


def ulps(got: float, exact: mp.mpf, dtype) -> float:
    """|got - exact| in units of the spacing of dtype's numbers at exact (subnormals too)."""
    info = ml_dtypes.finfo(dtype)
    exponent = max(int(mp.frexp(exact)[1]) - 1, int(math.log2(float(info.smallest_normal))))
    return float(abs(mp.mpf(got) - exact) / mp.ldexp(1, exponent - info.nmant))


@pytest.mark.parametrize("dtype", NARROW)
def test_the_type_is_recognised_without_importing_its_package(dtype):
    info = ml_dtypes.finfo(dtype)
    assert _narrow_format(np.dtype(dtype)) == (
        info.nmant + 1,
        int(math.log2(float(info.smallest_normal))),
    )


@pytest.mark.parametrize("name", EXACT)
@pytest.mark.parametrize("dtype", NARROW)
def test_every_value_is_correctly_rounded_and_keeps_its_type(name, dtype):
    function, exact = EXACT[name]
    x = every_value(dtype)
    if name == "logit":
        x = x[(x.astype(np.float64) > 0) & (x.astype(np.float64) < 1)]
    got = function(x)
    assert got.dtype == np.dtype(dtype)
    worst = 0.0
    pairs = zip(x.astype(np.float64).tolist(), got.astype(np.float64).tolist(), strict=True)
    for value, result in pairs:
        reference = exact(mp.mpf(value))
        if abs(reference) > float(ml_dtypes.finfo(dtype).max):
            continue  # beyond the type's range (softplus of its largest values rounds up)
        worst = max(worst, ulps(result, reference, dtype))
    assert worst <= 0.5, f"{name} in {np.dtype(dtype)}: {worst:.3f} ulp, not correctly rounded"


def test_a_scalar_of_a_narrow_type_gives_a_scalar_of_that_type():
    result = sigmoid(ml_dtypes.bfloat16(1.0))
    assert type(result) is ml_dtypes.bfloat16
    assert float(result) == pytest.approx(1 / (1 + math.exp(-1)), rel=2**-8)


def test_rounding_is_once_to_nearest_with_ties_to_even():
    # The direct cast rounds through float32 and sends 1 + 2**-8 + 2**-30 down to 1.
    above_tie = np.array([1 + 2**-8 + 2**-30])
    assert above_tie.astype(ml_dtypes.bfloat16).astype(np.float64)[0] == 1.0  # the trap
    cases = {
        1 + 2**-8 + 2**-30: 1 + 2**-7,  # just above a tie: up
        1 + 2**-8: 1.0,  # a tie: to the even neighbour
        1 + 3 * 2**-8: 1 + 2**-6,  # a tie whose even neighbour is above
        -(1 + 2**-8 + 2**-30): -(1 + 2**-7),
        2.0**-133 * 1.5: 2.0**-132,  # a tie between subnormals 1 and 2 (x 2**-133): even
        2.0**-134: 0.0,  # half the smallest subnormal: a tie, to zero
        2.0**-134 * 1.001: 2.0**-133,
        0.0: 0.0,
    }
    values = np.array(list(cases))
    _round_to_format(values, *_narrow_format(np.dtype(ml_dtypes.bfloat16)))
    np.testing.assert_array_equal(values, list(cases.values()))


def test_infinities_and_nan_pass_through():
    x = np.array([np.inf, -np.inf, np.nan], dtype=ml_dtypes.bfloat16)
    np.testing.assert_array_equal(sigmoid(x).astype(np.float64), [1.0, 0.0, np.nan])


@pytest.mark.parametrize("dtype", [ml_dtypes.float8_e8m0fnu, ml_dtypes.int4])
def test_types_that_cannot_hold_the_results_are_refused(dtype):
    with pytest.raises(TypeError):
        sigmoid(np.ones(2, dtype=dtype))
