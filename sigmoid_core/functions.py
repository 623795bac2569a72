"""The logistic sigmoid and its relatives, evaluated without overflow or lost precision.

Every public function here behaves like a NumPy ufunc: it takes any array_like of real
numbers, keeps float16/float32/float64 dtypes (other real types become float64), returns a
scalar for a scalar, never modifies its input and never emits a floating-point warning.
Internally everything is evaluated in float64 with formulas chosen so that no intermediate
overflows and no subtraction cancels; narrower types are rounded once at the end.

Accuracy against an arbitrary-precision reference is proven in ``tests/test_accuracy.py``.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "MAX_DERIVATIVE_ORDER",
    "log_sigmoid",
    "logit",
    "sigmoid",
    "sigmoid_derivative",
    "softplus",
]

Float64Array = NDArray[np.float64]
#: What every function returns: a NumPy scalar for scalar input, else an array of x's shape.
FloatResult = np.floating | NDArray[np.floating]

#: Highest derivative order accepted by :func:`sigmoid_derivative`. Beyond it the
#: polynomial's terms grow so much larger than the derivative itself that float64
#: can no longer deliver a result accurate relative to the curve's size.
MAX_DERIVATIVE_ORDER = 20

_KEPT_DTYPES = (np.float16, np.float32, np.float64)


def _as_float64(name: str, x: ArrayLike) -> tuple[Float64Array, np.dtype]:
    """Validate ``x`` and return it as a float64 array plus the dtype the result must have."""
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name}() expects real numbers, got {type(x).__name__} {x!r}")
    try:
        array = np.asarray(x)
    except (ValueError, TypeError) as error:  # ragged lists and the like
        raise TypeError(f"{name}() expects real numbers, got {type(x).__name__}: {error}") from None
    kind = array.dtype.kind
    if kind == "f":
        if array.dtype.type not in _KEPT_DTYPES:
            raise TypeError(
                f"{name}() supports float16, float32 and float64, got {array.dtype}: "
                "its results could not be computed to that type's precision"
            )
        result_dtype = array.dtype
    elif kind in "biu":
        result_dtype = np.dtype(np.float64)
    else:
        what = "complex numbers" if kind == "c" else f"{type(x).__name__} of dtype {array.dtype}"
        raise TypeError(f"{name}() expects real numbers, got {what}")
    return array.astype(np.float64, copy=False), result_dtype


def _apply(name: str, kernel: Callable[[Float64Array], Float64Array], x: ArrayLike) -> FloatResult:
    """Run a float64 kernel with ufunc-like dtype and shape rules and no float warnings."""
    x64, result_dtype = _as_float64(name, x)
    with np.errstate(all="ignore"):  # the kernels produce IEEE limits deliberately
        result = kernel(x64).astype(result_dtype, copy=False)
    return result[()] if result.ndim == 0 else result


def _exp_minus_abs(x: Float64Array) -> Float64Array:
    """exp(-|x|): lies in [0, 1], so it can neither overflow nor lose the sign of x."""
    return np.exp(-np.abs(x))


#: Elements per block in the blocked kernels: with two or three scratch arrays of this
#: size, every pass of a block stays in the CPU's L1/L2 cache instead of main memory.
BLOCK_SIZE = 1 << 14

#: Elements per block when an array is shared between threads. Each NumPy call hands
#: Python's interpreter lock to the other threads and takes it back, so threads work on
#: longer blocks; four arrays of this size still fit a core's L2 cache of 2 MiB.
PARALLEL_BLOCK_SIZE = 1 << 16

#: Arrays smaller than this are evaluated in the calling thread: below it, handing work
#: to other threads costs more than it saves (measured: at 2**17 elements two threads
#: took longer than one, at 2**18 they were 1.2 times faster).
PARALLEL_MIN_SIZE = 1 << 18


def threads_from_environment() -> int:
    """SIGMOID_CORE_THREADS if set, else the number of CPU cores this process may use."""
    setting = os.environ.get("SIGMOID_CORE_THREADS")
    if setting is None:
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
            os.cpu_count() or 1)
    if not (setting.isdigit() and int(setting) >= 1):
        raise ValueError(f"SIGMOID_CORE_THREADS must be a whole number >= 1, got {setting!r}")
    return int(setting)


#: Threads that evaluate one large array together. NumPy's ufuncs release the GIL, so
#: separate blocks of an array run on separate cores; every element is computed by the
#: same operations whatever the count, so results are identical for any value.
THREADS = threads_from_environment()

_pool: tuple[tuple[int, int], ThreadPoolExecutor] | None = None
_pool_lock = threading.Lock()


def _thread_pool() -> ThreadPoolExecutor:
    """THREADS - 1 workers to join the calling thread, in a pool new in each process: one
    inherited through fork() has no threads behind it."""
    global _pool
    key = (os.getpid(), THREADS)
    with _pool_lock:
        if _pool is None or _pool[0] != key:
            if _pool is not None and _pool[0][0] == key[0]:
                _pool[1].shutdown(wait=False)  # THREADS was changed in this process
            _pool = (key, ThreadPoolExecutor(THREADS - 1, thread_name_prefix="sigmoid_core"))
        return _pool[1]


def _run_blocks(kernel: Callable[..., None], x: Float64Array, out: Float64Array,
                scratch_arrays: int, block_size: int) -> None:
    """kernel(x_block, out_block, *scratch) over consecutive blocks of block_size."""
    scratch = np.empty((scratch_arrays, min(block_size, x.size)))
    with np.errstate(all="ignore"):  # NumPy's error state is per thread
        for start in range(0, x.size, block_size):
            stop = min(start + block_size, x.size)
            kernel(x[start:stop], out[start:stop], *(row[: stop - start] for row in scratch))


def _blocked(kernel: Callable[..., None], x: Float64Array, scratch_arrays: int) -> Float64Array:
    """Run kernel(x_block, out_block, *scratch) over cache-sized blocks of x.

    NumPy evaluates an expression one whole-array pass at a time, so a formula with ten
    operations streams ten times through memory. Writing each operation into preallocated
    block buffers with ``out=`` keeps the intermediate results in cache. A large array is
    cut into one run of whole blocks per thread.
    """
    flat = np.ascontiguousarray(x).reshape(-1)
    out = np.empty_like(flat)
    threads = min(THREADS, -(-flat.size // PARALLEL_BLOCK_SIZE))
    if threads <= 1 or flat.size < PARALLEL_MIN_SIZE:
        _run_blocks(kernel, flat, out, scratch_arrays, BLOCK_SIZE)
        return out.reshape(x.shape)
    share = -(-flat.size // (threads * PARALLEL_BLOCK_SIZE)) * PARALLEL_BLOCK_SIZE
    parts = [slice(start, start + share) for start in range(0, flat.size, share)]
    pool = _thread_pool()
    jobs = [pool.submit(_run_blocks, kernel, flat[part], out[part], scratch_arrays,
                        PARALLEL_BLOCK_SIZE) for part in parts[1:]]
    _run_blocks(kernel, flat[parts[0]], out[parts[0]], scratch_arrays, PARALLEL_BLOCK_SIZE)
    for job in jobs:
        job.result()  # re-raises a worker's exception here
    return out.reshape(x.shape)


def _sigmoid_block(x: Float64Array, out: Float64Array, e: Float64Array,
                   q: Float64Array) -> None:
    # With e = exp(-|x|) <= 1 and q = e/(1+e) = sigma(-|x|):
    #   sigma(x) = 1 - q      for x >= 0,
    #   sigma(x) = e - e*q    for x < 0   (= e/(1+e), rearranged).
    # Writing each as "base - base*q" leaves the rounding of q in a small correction
    # term; measured against mpmath this halves the worst error of the plain quotient.
    # base = max([x >= 0], e) is 1 for x >= 0 and e for x < 0 (and nan for nan, since
    # e is nan there).
    np.abs(x, out=e)
    np.negative(e, out=e)
    np.exp(e, out=e)
    np.add(e, 1.0, out=q)
    np.divide(e, q, out=q)
    np.greater_equal(x, 0.0, out=out, casting="unsafe")  # 1.0 or 0.0
    np.maximum(out, e, out=out)
    np.multiply(out, q, out=q)
    np.subtract(out, q, out=out)


def _sigmoid_prime_block(x: Float64Array, out: Float64Array, e: Float64Array) -> None:
    # sigma'(x) = e/(1+e)^2 with e = exp(-|x|): sigma' is even, and this form keeps full
    # relative precision in the tails where sigma*(1-sigma) cancels to zero. Expanding
    # (1+e)^2 = 1 + e(2+e) rounds once near 1 instead of squaring a rounded sum.
    np.abs(x, out=e)
    np.negative(e, out=e)
    np.exp(e, out=e)
    np.add(e, 2.0, out=out)
    np.multiply(out, e, out=out)
    np.add(out, 1.0, out=out)
    np.divide(e, out, out=out)


def _sigmoid_f64(x: Float64Array) -> Float64Array:
    return _blocked(_sigmoid_block, x, 2)


def _sigmoid_prime_f64(x: Float64Array) -> Float64Array:
    return _blocked(_sigmoid_prime_block, x, 1)


def _softplus_f64(x: Float64Array) -> Float64Array:
    # log(1+e^x) = max(x, 0) + log1p(exp(-|x|)): the exponential never overflows.
    return np.maximum(x, 0.0) + np.log1p(_exp_minus_abs(x))


def _log_sigmoid_f64(x: Float64Array) -> Float64Array:
    # log sigma(x) = -softplus(-x) = min(x, 0) - log1p(exp(-|x|)).
    return np.minimum(x, 0.0) - np.log1p(_exp_minus_abs(x))


def _logit_f64(p: Float64Array) -> Float64Array:
    # Near p = 1/2 the ratio p/(1-p) is close to 1 and log() of it would lose the small
    # result's digits; there 2*atanh(2p-1) is used instead, since 2p-1 is exact for
    # p in [1/4, 3/4]. Outside that band log(p/(1-p)) is well conditioned.
    middle = (p >= 0.25) & (p <= 0.75)
    tails = np.log(p / (1.0 - p))
    centre = 2.0 * np.arctanh(2.0 * p - 1.0)
    result = np.where(middle, centre, tails)
    return np.where((p < 0.0) | (p > 1.0), np.nan, result)


def sigmoid(x: ArrayLike) -> FloatResult:
    """The logistic sigmoid 1/(1+exp(-x)): maps any real number (log-odds) to (0, 1)."""
    return _apply("sigmoid", _sigmoid_f64, x)


def softplus(x: ArrayLike) -> FloatResult:
    """log(1+exp(x)), the antiderivative of the sigmoid; exact to x for large x."""
    return _apply("softplus", _softplus_f64, x)


def log_sigmoid(x: ArrayLike) -> FloatResult:
    """log(sigmoid(x)) = -softplus(-x), finite and accurate where sigmoid(x) underflows."""
    return _apply("log_sigmoid", _log_sigmoid_f64, x)


def logit(p: ArrayLike) -> FloatResult:
    """The inverse of the sigmoid, log(p/(1-p)); -inf at 0, +inf at 1, nan outside [0, 1]."""
    return _apply("logit", _logit_f64, p)


@functools.cache
def _polynomial_in_tanh(n: int) -> tuple[float, ...]:
    """Coefficients (highest power first) of Q_n with sigma^(n)(x) = 4 sigma'(x) Q_n(tanh(x/2)).

    With w = tanh(x/2) we have sigma = (1+w)/2 and dw/dx = (1-w^2)/2, so every derivative
    is a polynomial in w. From n = 1 on it carries the factor 1-w^2 = 4 sigma', so write
    sigma^(n) = (1-w^2) Q_n(w); differentiating gives the recurrence
    Q_1 = 1/4,  Q_{n+1} = -w Q_n + (1-w^2) Q_n' / 2.
    The coefficients are dyadic rationals, exact in float64 for the orders allowed.
    """
    coefficients = [Fraction(1, 4)]  # lowest power first
    for _ in range(n - 1):
        degree = len(coefficients)
        derivative = [k * coefficients[k] for k in range(1, degree)]
        following = [Fraction(0)] * (degree + 1)
        for k, c in enumerate(coefficients):
            following[k + 1] -= c  # -w Q
        for k, d in enumerate(derivative):
            following[k] += d / 2  # Q'/2
            following[k + 2] -= d / 2  # -w^2 Q'/2
        coefficients = following
    return tuple(float(c) for c in reversed(coefficients))


def _split(a: Float64Array) -> tuple[Float64Array, Float64Array]:
    """Dekker's split of a into two halves of 26 bits, so their products are exact."""
    c = 134217729.0 * a  # 2**27 + 1
    high = c - (c - a)
    return high, a - high


def _compensated_polyval(coefficients: tuple[float, ...], w: Float64Array) -> Float64Array:
    """Horner's rule with error-free transformations (Graillat, Langlois & Louvet 2005).

    The result is as accurate as if Horner ran in twice the working precision, which
    matters here: the derivative polynomials alternate in sign, and plain Horner loses
    digits to cancellation that grow with the order.
    """
    w_high, w_low = _split(w)
    total = np.full_like(w, coefficients[0])
    error = np.zeros_like(w)
    for c in coefficients[1:]:
        product = total * w  # TwoProduct: product + product_error == total * w exactly
        t_high, t_low = _split(total)
        product_error = t_low * w_low - (
            ((product - t_high * w_high) - t_low * w_high) - t_high * w_low
        )
        total = product + c  # TwoSum: total + sum_error == product + c exactly
        b = total - product
        sum_error = (product - (total - b)) + (c - b)
        error = error * w + (product_error + sum_error)
    return total + error


def _check_order(n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(
            f"sigmoid_derivative() order n must be an int, got {type(n).__name__} {n!r}"
        )
    n = int(n)
    if n < 0:
        raise ValueError(f"sigmoid_derivative() order n must be >= 0, got {n}")
    if n > MAX_DERIVATIVE_ORDER:
        raise ValueError(
            f"sigmoid_derivative() supports orders up to {MAX_DERIVATIVE_ORDER}, got {n}: "
            "higher orders cannot be evaluated accurately in float64"
        )
    return n


def sigmoid_derivative(x: ArrayLike, n: int = 1) -> FloatResult:
    """The n-th derivative of sigma at x (n = 0 gives sigma itself).

    Evaluated as 4 sigma'(x) Q_n(tanh(x/2)) so that the tails keep their relative
    precision, instead of the textbook sigma*(1-sigma), which loses half its digits
    by x = 17 and returns 0 from x = 36.7.
    """
    order = _check_order(n)
    if order == 0:
        return _apply("sigmoid_derivative", _sigmoid_f64, x)
    if order == 1:
        return _apply("sigmoid_derivative", _sigmoid_prime_f64, x)
    coefficients = _polynomial_in_tanh(order)

    def kernel(x64: Float64Array) -> Float64Array:
        w = np.tanh(0.5 * x64)
        return 4.0 * _sigmoid_prime_f64(x64) * _compensated_polyval(coefficients, w)

    return _apply("sigmoid_derivative", kernel, x)
