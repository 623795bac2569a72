"""Memory of every public function: the output plus a few cache-sized blocks, never a
temporary of the input's size (issue 6: peak traced memory at most 2x the input).

tracemalloc sees NumPy's data buffers in every thread, so the peak is deterministic.
"""

import functools
import tracemalloc

import numpy as np
import pytest

from sigmoid_core import log_sigmoid, logit, sigmoid, sigmoid_derivative, softplus

SIZE = 2_000_000
LIMIT = 2.0

CASES = {
    "sigmoid": sigmoid,
    **{
        f"sigmoid_derivative(x, {n})": functools.partial(sigmoid_derivative, n=n)
        for n in (0, 1, 2, 5, 20)
    },
    "logit": logit,
    "log_sigmoid": log_sigmoid,
    "softplus": softplus,
}


def peak_during(function, x) -> int:
    tracemalloc.start()
    try:
        function(x)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", list(CASES))
def test_peak_memory_is_at_most_twice_the_input(name, dtype):
    x = np.random.default_rng(6).uniform(0 if name == "logit" else -30, 1, SIZE).astype(dtype)
    ratio = peak_during(CASES[name], x) / x.nbytes
    assert ratio <= LIMIT, f"{name} on {dtype.__name__}: peak {ratio:.2f}x the input"


@pytest.mark.parametrize("layout", ["strided", "transposed"])
@pytest.mark.parametrize("name", ["sigmoid", "sigmoid_derivative(x, 5)"])
def test_non_contiguous_input_is_not_copied_whole(name, layout):
    base = np.random.default_rng(7).uniform(-30, 30, 2 * SIZE)
    x = base[::2] if layout == "strided" else base[:SIZE].reshape(1000, -1).T
    ratio = peak_during(CASES[name], x) / x.nbytes
    assert ratio <= LIMIT, f"{name} on {layout} input: peak {ratio:.2f}x the input"
