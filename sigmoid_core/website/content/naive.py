"""The formulas as tutorials write them, kept in one place to show where they break.

Each runs with floating-point warnings silenced: their overflows are what the site
measures and shows, not accidents. Float input keeps its type, so the same formula shows
its failures in float16 and float32 too; anything else is evaluated in float64.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sigmoid_core import sigmoid_derivative

Array = NDArray[np.floating]


def _floats(x: ArrayLike) -> Array:
    array = np.asarray(x)
    return array if array.dtype.kind == "f" else array.astype(np.float64)


def textbook_sigmoid(x: ArrayLike) -> Array:
    """1/(1+exp(-x)): overflows for x < -709.78 and rounds to 1 from x = 36.74."""
    with np.errstate(all="ignore"):
        return 1.0 / (1.0 + np.exp(-_floats(x)))


def textbook_derivative(x: ArrayLike) -> Array:
    """s*(1-s) with the textbook s: returns 0 once s rounds to 1."""
    s = textbook_sigmoid(x)
    return s * (1 - s)


def exp_ratio_sigmoid(x: ArrayLike) -> Array:
    """e^x/(1+e^x): nan from x = 709.78 on (inf/inf)."""
    with np.errstate(all="ignore"):
        e = np.exp(_floats(x))
        return e / (1 + e)


def tanh_sigmoid(x: ArrayLike) -> Array:
    """(1+tanh(x/2))/2 written as 0.5*tanh(0.5*x)+0.5: cancels for large negative x."""
    return 0.5 * np.tanh(0.5 * _floats(x)) + 0.5


def numpy_derivative(x: ArrayLike) -> Array:
    """The best plain NumPy composition of sigma': e/(1+e)**2 with e = exp(-|x|)."""
    e = np.exp(-np.abs(_floats(x)))
    return e / (1 + e) ** 2


def textbook_derivative_relative_error(x: ArrayLike) -> Array:
    """Relative error of the textbook s(1-s) against the core's sigma'."""
    exact = sigmoid_derivative(x)
    return np.abs(textbook_derivative(x) - exact) / exact
