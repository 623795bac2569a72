"""The logistic sigmoid and its relatives, evaluated without overflow or lost precision.

Every public function here behaves like a NumPy ufunc: it takes any array_like of real
numbers, keeps float16/float32/float64 dtypes and the narrow float dtypes other packages
define (ml_dtypes' bfloat16, float8_e4m3fn, float8_e5m2...; other real types become
float64), returns a scalar for a scalar, keeps the mask of a masked array, never modifies
its input and never emits a floating-point warning. Python ints of any size, Fractions and
Decimals are real numbers too: each becomes the float64 that float() rounds it to (+-inf
beyond float64's range, as IEEE arithmetic rounds an overflow). Internally everything is
evaluated in float64 with formulas chosen so that no intermediate overflows and no
subtraction cancels; narrower types are rounded once at the end, to nearest with ties to
even.

All of them run through one mechanism, :func:`_blocked`: the input is cut into cache-sized
blocks, each converted to float64 in a small buffer and passed through a kernel that writes
every step in place, so memory holds the input, the output and a few blocks, whatever the
function, the derivative order or the input's dtype.

Accuracy against an arbitrary-precision reference is proven in ``tests/core/test_accuracy.py``.
"""

from __future__ import annotations

import functools
import math
import numbers
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from decimal import Decimal
from fractions import Fraction
from typing import Any, cast

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
#: What every function returns: a NumPy scalar for scalar input, else an array of x's shape
#: (a masked array with x's mask if x is one).
FloatResult = np.floating | NDArray[np.floating]
#: kernel(x_block, out_block, *scratch_blocks): float64 blocks of one length, out= only.
Kernel = Callable[..., None]

#: Highest derivative order accepted by :func:`sigmoid_derivative`. Beyond it the
#: polynomial's terms grow so much larger than the derivative itself that float64
#: can no longer deliver a result accurate relative to the curve's size.
MAX_DERIVATIVE_ORDER = 20

_KEPT_DTYPES = (np.float16, np.float32, np.float64)


# ---------------------------------------------------------------- narrow float types


def _is_narrow_float(dtype: np.dtype) -> bool:
    """A float dtype NumPy does not define (ml_dtypes' bfloat16, float8_e4m3fn, ...).

    Such types are recognised by their dtype alone, so the library needs no package
    beyond NumPy: a binary float of at most 16 bits whose name says it is one."""
    return (
        dtype.type not in _KEPT_DTYPES
        and dtype.kind in "fV"
        and dtype.itemsize <= 2
        and dtype.name.startswith(("float", "bfloat"))
    )


@functools.cache
def _narrow_format(dtype: np.dtype) -> tuple[int, int]:
    """(p, e): significand bits and exponent of the smallest normal of a narrow float type,
    found by casting powers of two, as ``np.finfo`` cannot describe types it did not define.
    """

    def representable(value: float) -> bool:
        return float(np.array(value).astype(dtype).astype(np.float64)) == value

    if not (representable(0.0) and representable(1.0) and representable(0.5)):
        raise TypeError(f"{dtype} is not a binary float type with zero: results cannot be kept")
    bits = 1
    while bits < 53 and representable(1.0 + 2.0**-bits):
        bits += 1
    exponent = 0
    while representable(2.0 ** (exponent - 1) * (1.0 + 2.0 ** (1 - bits))):
        exponent -= 1
    return bits, exponent


def _round_to_format(values: Float64Array, bits: int, min_exponent: int) -> None:
    """Round float64 values in place to the nearest number with ``bits`` significant bits
    (ties to even), with the fixed spacing of subnormals below 2**min_exponent.

    A direct cast can round twice: ml_dtypes casts float64 to bfloat16 through float32, so
    1 + 2**-8 + 2**-30 becomes 1 instead of 1 + 2**-7. After this rounding the cast is exact.
    """
    _, exponent = np.frexp(values)  # values = m * 2**exponent, 1/2 <= |m| < 1
    np.maximum(exponent - bits, min_exponent + 1 - bits, out=exponent)
    np.ldexp(values, -exponent, out=values)
    np.rint(values, out=values)  # ties to even
    np.ldexp(values, exponent, out=values)


# ---------------------------------------------------------------- input


def _real_to_float(name: str, value: object) -> float:
    """One element of an object array (an int beyond int64, a Fraction, a Decimal...) as
    float64, rounded as Python's float() rounds it.

    A real number beyond float64's range (10**400) becomes +-inf: that is how IEEE
    arithmetic rounds an overflow, and how float(Decimal("1e400")) already rounds.
    """
    if not isinstance(value, numbers.Real | Decimal | np.bool_):
        raise TypeError(f"{name}() expects real numbers, got {type(value).__name__} {value!r:.60}")
    try:
        return float(value)
    except OverflowError:  # float(10**400) raises where the IEEE rounding is inf
        return math.inf if cast(Any, value) > 0 else -math.inf  # Real has no typed ">"
    except ValueError as error:  # Decimal("sNaN")
        raise ValueError(f"{name}() cannot convert {value!r} to float64: {error}") from None


def _as_array(name: str, x: ArrayLike) -> tuple[np.ndarray, np.dtype]:
    """Validate x; return it as an array (float, int, bool, not yet float64: the blocks
    convert it) and the dtype the result must have."""
    if isinstance(x, str | bytes) or x is None:
        raise TypeError(f"{name}() expects real numbers, got {type(x).__name__} {x!r}")
    try:
        array = np.asarray(x)  # a masked array's data, without its mask
    except (ValueError, TypeError) as error:  # ragged lists and the like
        raise TypeError(f"{name}() expects real numbers, got {type(x).__name__}: {error}") from None
    kind = array.dtype.kind
    if _is_narrow_float(array.dtype):
        _narrow_format(array.dtype)  # a type without zero, one or a half raises here
        return array, array.dtype
    if kind == "f":
        if array.dtype.type not in _KEPT_DTYPES:
            raise TypeError(
                f"{name}() supports float16, float32, float64 and narrow float types such "
                f"as bfloat16, got {array.dtype}: "
                "its results could not be computed to that type's precision"
            )
        return array, array.dtype
    if kind in "biu":
        return array, np.dtype(np.float64)
    if kind == "O":  # Python ints beyond int64, Fractions, Decimals, mixed lists
        converted = np.fromiter(
            (_real_to_float(name, v) for v in array.flat), np.float64, count=array.size
        )
        return converted.reshape(array.shape), np.dtype(np.float64)
    what = "complex numbers" if kind == "c" else f"{type(x).__name__} of dtype {array.dtype}"
    raise TypeError(f"{name}() expects real numbers, got {what}")


def _apply(name: str, kernel: Kernel, scratch_arrays: int, x: ArrayLike) -> FloatResult:
    """Validate x, evaluate kernel over it in blocks and shape the result as a ufunc would."""
    array, result_dtype = _as_array(name, x)
    result = _blocked(kernel, array, result_dtype, scratch_arrays)
    if isinstance(x, np.ma.MaskedArray):
        return _with_mask_of(x, result)
    return result[()] if result.ndim == 0 else result


def _with_mask_of(x: np.ma.MaskedArray, result: np.ndarray) -> FloatResult:
    """result (computed on x's data) hiding what x hides, as np.exp(x) does; a 0-d input
    gives what indexing a masked array gives: the value, or np.ma.masked."""
    mask = np.ma.getmask(x)
    if result.ndim == 0:
        return np.ma.masked if mask else result[()]
    return np.ma.MaskedArray(
        result,
        mask=mask if mask is np.ma.nomask else mask.copy(),
        fill_value=x.fill_value if x.dtype.kind == "f" else None,
    )


# ---------------------------------------------------------------- threads


def _usable_cores() -> int:
    """The cores this process may run on (its affinity mask, where the OS has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def threads_from_environment() -> int:
    """SIGMOID_CORE_THREADS if set and not empty, at most the usable cores; else all of them."""
    setting = os.environ.get("SIGMOID_CORE_THREADS", "").strip()
    if not setting:
        return _usable_cores()
    if not (setting.isdecimal() and int(setting) >= 1):
        raise ValueError(f"SIGMOID_CORE_THREADS must be a whole number >= 1, got {setting!r}")
    return min(int(setting), _usable_cores())


_CORES = _usable_cores()

#: Parts a large array is cut into, each evaluated on its own thread. NumPy's ufuncs release
#: the GIL, so the parts run on separate cores; every element is computed by the same
#: operations whatever the count, so results are identical for any value. It may be
#: changed at any time; values beyond the usable cores count as the usable cores.
THREADS = threads_from_environment()

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _thread_pool() -> ThreadPoolExecutor:
    """The process's one pool, of a worker per usable core besides the caller's. It is never
    replaced or shut down, so changing THREADS while other threads compute is safe."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max(1, _CORES - 1), thread_name_prefix="sigmoid_core")
        return _pool


def _forget_pool() -> None:
    """A pool inherited through fork() has no threads behind it: the child makes its own."""
    global _pool, _pool_lock
    _pool, _pool_lock = None, threading.Lock()


def _release_threads() -> None:
    """Shut the pool's idle threads down, for a caller about to drop this module (the site's
    live reload imports it afresh); a later call makes a new pool. Only safe while no call
    of this module is running."""
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.shutdown(wait=True)
            _pool = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


# ---------------------------------------------------------------- blocks

#: Elements per block: with the few arrays of a kernel at this size, every pass of a block
#: stays in the CPU's L1/L2 cache instead of main memory. Larger blocks were no faster.
BLOCK_SIZE = 1 << 14

#: Elements per block when an array is shared between threads. Each NumPy call hands
#: Python's interpreter lock to the other threads and takes it back, so threads work on
#: longer blocks (measured: for the ~100 calls per block of a 5th derivative, two threads
#: on blocks of 2**12 elements were slower than one thread).
PARALLEL_BLOCK_SIZE = 1 << 16

#: Most memory one thread's blocks may take: a kernel with many scratch arrays (the
#: derivatives of order >= 2 use eleven) gets shorter blocks.
BLOCK_BYTES = 1 << 22

#: Arrays smaller than this are evaluated in the calling thread: below it, handing work
#: to other threads costs more than it saves (measured: at 2**17 elements two threads
#: took longer than one, at 2**18 they were 1.2 times faster).
PARALLEL_MIN_SIZE = 1 << 18


def _block_size(largest: int, arrays: int) -> int:
    """largest, halved until `arrays` float64 blocks fit in BLOCK_BYTES."""
    while largest > 1024 and 8 * arrays * largest > BLOCK_BYTES:
        largest //= 2
    return largest


def _run_blocks(
    kernel: Kernel,
    x: np.ndarray,
    out: np.ndarray,
    start: int,
    stop: int,
    scratch_arrays: int,
    block_size: int,
) -> None:
    """kernel over elements start:stop of x (in C order) into the flat out, block by block.

    An input block that is not contiguous float64 is converted into a buffer first, and a
    result for a narrower dtype is rounded from a buffer: nothing of x's size is allocated.
    """
    contiguous = x.ndim <= 1 or x.flags.c_contiguous
    source = x.reshape(-1) if contiguous else x.flat  # a flatiter of this thread's own
    convert_in = x.dtype != np.float64 or not x.flags.c_contiguous
    convert_out = out.dtype != np.float64
    rows = list(
        np.empty((scratch_arrays + convert_in + convert_out, min(block_size, stop - start)))
    )
    buffer_in = rows.pop() if convert_in else None
    buffer_out = rows.pop() if convert_out else None
    narrow = _narrow_format(out.dtype) if _is_narrow_float(out.dtype) else None
    with np.errstate(all="ignore"):  # the kernels produce IEEE limits deliberately
        for begin in range(start, stop, block_size):
            end = min(begin + block_size, stop)
            size = end - begin
            x_block = source[begin:end]
            if buffer_in is not None:
                np.copyto(buffer_in[:size], x_block)
                x_block = buffer_in[:size]
            out_block = out[begin:end] if buffer_out is None else buffer_out[:size]
            kernel(x_block, out_block, *(row[:size] for row in rows))
            if buffer_out is not None:
                if narrow is not None:
                    _round_to_format(out_block, *narrow)
                np.copyto(out[begin:end], out_block, casting="same_kind")


def _blocked(
    kernel: Kernel, x: np.ndarray, result_dtype: np.dtype, scratch_arrays: int
) -> np.ndarray:
    """kernel(x_block, out_block, *scratch) over cache-sized blocks of x: an array of x's
    shape in result_dtype.

    NumPy evaluates an expression one whole-array pass at a time, so a formula with ten
    operations streams ten times through memory and allocates a temporary as large as x for
    each step. Writing each operation into block buffers with ``out=`` keeps the intermediate
    results in cache and memory at the output plus a few blocks. A large array is cut into
    one run of whole blocks per thread.
    """
    out = np.empty(x.shape, result_dtype)
    flat_out = out.reshape(-1)
    size = out.size
    arrays = scratch_arrays + 2  # and x and out, or the buffers they are converted in
    parallel_block = _block_size(PARALLEL_BLOCK_SIZE, arrays)
    threads = min(max(1, min(int(THREADS), _CORES)), -(-size // parallel_block))
    if threads <= 1 or size < PARALLEL_MIN_SIZE:
        _run_blocks(kernel, x, flat_out, 0, size, scratch_arrays, _block_size(BLOCK_SIZE, arrays))
        return out
    share = -(-size // (threads * parallel_block)) * parallel_block
    pool = _thread_pool()
    jobs = [
        pool.submit(
            _run_blocks,
            kernel,
            x,
            flat_out,
            start,
            min(start + share, size),
            scratch_arrays,
            parallel_block,
        )
        for start in range(share, size, share)
    ]
    try:
        _run_blocks(kernel, x, flat_out, 0, min(share, size), scratch_arrays, parallel_block)
    finally:
        wait(jobs)  # no worker still writes to out once this call returns or raises
    for job in jobs:
        job.result()  # re-raises a worker's exception here
    return out


# ---------------------------------------------------------------- kernels


def _exp_minus_abs(x: Float64Array, e: Float64Array) -> None:
    """e = exp(-|x|): lies in [0, 1], so it can neither overflow nor lose the sign of x."""
    np.abs(x, out=e)
    np.negative(e, out=e)
    np.exp(e, out=e)


def _sigmoid_block(x: Float64Array, out: Float64Array, e: Float64Array, q: Float64Array) -> None:
    # With e = exp(-|x|) <= 1 and q = e/(1+e) = sigma(-|x|):
    #   sigma(x) = 1 - q      for x >= 0,
    #   sigma(x) = e - e*q    for x < 0   (= e/(1+e), rearranged).
    # Writing each as "base - base*q" leaves the rounding of q in a small correction
    # term; measured against mpmath this halves the worst error of the plain quotient.
    # base = max([x >= 0], e) is 1 for x >= 0 and e for x < 0 (and nan for nan, since
    # e is nan there).
    _exp_minus_abs(x, e)
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
    _exp_minus_abs(x, e)
    np.add(e, 2.0, out=out)
    np.multiply(out, e, out=out)
    np.add(out, 1.0, out=out)
    np.divide(e, out, out=out)


def _softplus_block(x: Float64Array, out: Float64Array, e: Float64Array) -> None:
    # log(1+e^x) = max(x, 0) + log1p(exp(-|x|)): the exponential never overflows.
    _exp_minus_abs(x, e)
    np.log1p(e, out=e)
    np.maximum(x, 0.0, out=out)
    np.add(out, e, out=out)


def _log_sigmoid_block(x: Float64Array, out: Float64Array, e: Float64Array) -> None:
    # log sigma(x) = -softplus(-x) = min(x, 0) - log1p(exp(-|x|)).
    _exp_minus_abs(x, e)
    np.log1p(e, out=e)
    np.minimum(x, 0.0, out=out)
    np.subtract(out, e, out=out)


def _logit_block(
    p: Float64Array, out: Float64Array, centre: Float64Array, flags: Float64Array
) -> None:
    # Near p = 1/2 the ratio p/(1-p) is close to 1 and log() of it would lose the small
    # result's digits; there 2*atanh(2p-1) is used instead, since 2p-1 is exact for
    # p in [1/4, 3/4]. Outside that band log(p/(1-p)) has no cancellation: 1-p is exact
    # for p >= 1/2 (Sterbenz's lemma) and rounds once for p < 1/4, so the only errors
    # are single roundings, small against |logit| >= log 3. The problem itself is ill
    # conditioned near 1 (condition number 1/|(1-p) logit(p)|): an error already in p
    # is magnified, which no formula can avoid.
    np.subtract(1.0, p, out=centre)
    np.divide(p, centre, out=centre)
    np.log(centre, out=out)
    np.multiply(p, 2.0, out=centre)
    np.subtract(centre, 1.0, out=centre)
    np.arctanh(centre, out=centre)
    np.multiply(centre, 2.0, out=centre)
    booleans = flags.view(np.bool_)  # a float64 buffer holds 8 booleans per element
    chosen, other = booleans[: p.size], booleans[p.size : 2 * p.size]
    np.greater_equal(p, 0.25, out=chosen)
    np.less_equal(p, 0.75, out=other)
    np.logical_and(chosen, other, out=chosen)
    np.copyto(out, centre, where=chosen)
    np.less(p, 0.0, out=chosen)
    np.greater(p, 1.0, out=other)
    np.logical_or(chosen, other, out=chosen)
    np.copyto(out, np.nan, where=chosen)


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


def _split(a: Float64Array, high: Float64Array, low: Float64Array) -> None:
    """Dekker's split of a into two halves of 26 bits, so their products are exact."""
    np.multiply(a, 134217729.0, out=high)  # c = (2**27 + 1) a
    np.subtract(high, a, out=low)
    np.subtract(high, low, out=high)  # high = c - (c - a)
    np.subtract(a, high, out=low)


def _compensated_horner(
    coefficients: tuple[float, ...], w: Float64Array, total: Float64Array, *scratch: Float64Array
) -> None:
    """total = Q(w) by Horner's rule with error-free transformations (Graillat, Langlois
    & Louvet), as accurate as plain Horner in twice the working precision.

    That matters here: the derivative polynomials alternate in sign, and plain Horner
    loses digits to cancellation that grow with the order. Needs 7 scratch blocks.
    """
    w_high, w_low, error, product, t_high, t_low, tmp = scratch
    _split(w, w_high, w_low)
    total.fill(coefficients[0])
    error.fill(0.0)
    for c in coefficients[1:]:
        # TwoProduct: product + product_error == total * w exactly.
        np.multiply(total, w, out=product)
        _split(total, t_high, t_low)
        np.multiply(t_high, w_high, out=total)
        np.subtract(product, total, out=total)
        np.multiply(t_low, w_high, out=tmp)
        np.subtract(total, tmp, out=total)
        np.multiply(t_high, w_low, out=tmp)
        np.subtract(total, tmp, out=total)
        np.multiply(t_low, w_low, out=t_high)
        np.subtract(t_high, total, out=t_high)  # product_error
        # TwoSum: total + sum_error == product + c exactly.
        np.add(product, c, out=total)
        np.subtract(total, product, out=t_low)  # b
        np.subtract(total, t_low, out=tmp)
        np.subtract(product, tmp, out=tmp)  # product - (total - b)
        np.subtract(c, t_low, out=t_low)  # c - b
        np.add(tmp, t_low, out=tmp)  # sum_error
        np.add(t_high, tmp, out=tmp)  # product_error + sum_error
        np.multiply(error, w, out=error)
        np.add(error, tmp, out=error)
    np.add(total, error, out=total)


def _derivative_block(
    coefficients: tuple[float, ...],
    x: Float64Array,
    out: Float64Array,
    e: Float64Array,
    w: Float64Array,
    total: Float64Array,
    *scratch: Float64Array,
) -> None:
    # sigma^(n) = 4 sigma'(x) Q_n(tanh(x/2)): sigma' carries the tails' relative precision.
    _sigmoid_prime_block(x, out, e)
    np.multiply(x, 0.5, out=w)
    np.tanh(w, out=w)
    _compensated_horner(coefficients, w, total, e, *scratch)  # e is free again
    np.multiply(out, 4.0, out=out)
    np.multiply(out, total, out=out)


# ---------------------------------------------------------------- public functions


def sigmoid(x: ArrayLike) -> FloatResult:
    """The logistic sigmoid 1/(1+exp(-x)): maps any real number (log-odds) to (0, 1)."""
    return _apply("sigmoid", _sigmoid_block, 2, x)


def softplus(x: ArrayLike) -> FloatResult:
    """log(1+exp(x)), the antiderivative of the sigmoid; exact to x for large x."""
    return _apply("softplus", _softplus_block, 1, x)


def log_sigmoid(x: ArrayLike) -> FloatResult:
    """log(sigmoid(x)) = -softplus(-x), finite and accurate where sigmoid(x) underflows."""
    return _apply("log_sigmoid", _log_sigmoid_block, 1, x)


def logit(p: ArrayLike) -> FloatResult:
    """The inverse of the sigmoid, log(p/(1-p)); -inf at 0, +inf at 1, nan outside [0, 1]."""
    return _apply("logit", _logit_block, 2, p)


def _check_order(n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, int | np.integer):
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
        return _apply("sigmoid_derivative", _sigmoid_block, 2, x)
    if order == 1:
        return _apply("sigmoid_derivative", _sigmoid_prime_block, 1, x)
    kernel = functools.partial(_derivative_block, _polynomial_in_tanh(order))
    return _apply("sigmoid_derivative", kernel, 9, x)
