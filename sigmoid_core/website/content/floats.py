"""Where a floating-point format makes a monotone statement about sigma start to hold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

_BITS = {
    np.dtype(np.float16): np.uint16,
    np.dtype(np.float32): np.uint32,
    np.dtype(np.float64): np.uint64,
}


def first_float_where(
    predicate: Callable[[Any], object], low: float, high: float, dtype: type = np.float64
) -> float:
    """Smallest float of ``dtype`` in (low, high] where a monotone predicate holds.

    Bisection over the integer bit patterns, which order non-negative floats, so it ends
    on two neighbouring floats of that very format: ``0 <= low < high``, and the
    predicate must be false at low and true at high.
    """
    bits = _BITS[np.dtype(dtype)]
    lo = int(np.array(low, dtype=dtype).view(bits))
    hi = int(np.array(high, dtype=dtype).view(bits))
    while hi - lo > 1:
        middle = (lo + hi) // 2
        if predicate(np.array(middle, dtype=bits).view(dtype)[()]):
            hi = middle
        else:
            lo = middle
    return float(np.array(hi, dtype=bits).view(dtype))
