"""Low precision: sigma in float16, bfloat16 and the 8-bit floats beside float32 and float64.

Every threshold here comes from the exact sigma (mpmath, :data:`accuracy.REFERENCE_BITS`)
rounded to the format, to nearest with ties to even: over every finite value of the
8- and 16-bit formats, by bisection (:func:`floats.first_float_where`) for float32 and
float64. The formats' properties are read from ``ml_dtypes.finfo``, which describes
NumPy's own types as ``np.finfo`` does.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import ml_dtypes
import mpmath as mp
import numpy as np
from numpy.typing import ArrayLike

from sigmoid_core import sigmoid, sigmoid_derivative
from sigmoid_core.functions import _round_to_format
from sigmoid_core.website.content.accuracy import REFERENCE_BITS
from sigmoid_core.website.content.floats import first_float_where
from sigmoid_core.website.content.registry import TableData, figure, table, value
from sigmoid_core.website.plotting import LINE_STYLES, PALETTE

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: The six formats, widest first.
DTYPES = [
    np.dtype(np.float64),
    np.dtype(np.float32),
    np.dtype(np.float16),
    np.dtype(ml_dtypes.bfloat16),
    np.dtype(ml_dtypes.float8_e4m3fn),
    np.dtype(ml_dtypes.float8_e5m2),
]
#: Formats small enough to check at every one of their values.
EXHAUSTIVE = DTYPES[2:]
#: float32 and float64 are measured on a seeded sample: half uniform in [-BEND, BEND],
#: half uniform between the x where sigma underflows to 0 and its mirror image.
SAMPLE_SEED = 20261126
SAMPLE_HALF = 2000
BEND = 40.0


@dataclass(frozen=True)
class Format:
    """What a binary floating-point format can hold, from ``ml_dtypes.finfo``."""

    dtype: np.dtype
    bits: int  # p: significant bits, the implicit leading one included
    min_exponent: int  # the smallest normal number is 2**min_exponent
    largest: float
    smallest_normal: float
    smallest_subnormal: float

    @property
    def name(self) -> str:
        return self.dtype.name

    @property
    def unit_roundoff(self) -> float:
        """u = 2**-p: the largest relative error of rounding to nearest (normal range)."""
        return 2.0**-self.bits

    @property
    def half_smallest_subnormal(self) -> float:
        """2**(min_exponent - p): what rounds to 0 (a tie goes to the even 0)."""
        return 2.0 ** (self.min_exponent - self.bits)


@functools.cache
def format_of(dtype: np.dtype) -> Format:
    """The format of a NumPy or ml_dtypes float type."""
    info = ml_dtypes.finfo(dtype)
    return Format(
        dtype=np.dtype(dtype),
        bits=int(info.nmant) + 1,
        min_exponent=int(info.minexp),
        largest=float(info.max),
        smallest_normal=float(info.smallest_normal),
        smallest_subnormal=float(info.smallest_subnormal),
    )


def every_value(dtype: np.dtype) -> np.ndarray:
    """Every finite value of a 1- or 2-byte float type, ascending, in that type
    (+0 and -0 both: -0.0 comes first)."""
    size = np.dtype(dtype).itemsize
    unsigned = {1: np.uint8, 2: np.uint16}[size]
    values = np.arange(2 ** (8 * size), dtype=np.uint32).astype(unsigned).view(dtype)
    with np.errstate(invalid="ignore"):  # casting a NaN pattern warns
        as_float = values.astype(np.float64)
    finite = np.isfinite(as_float)
    order = np.lexsort((~np.signbit(as_float[finite]), as_float[finite]))
    return values[finite][order]


# ---------------------------------------------------------------- exact values


def round_to_format(exact: mp.mpf, fmt: Format) -> float:
    """The number of the format nearest to ``exact`` (ties to even), for |exact| below the
    format's overflow threshold: the rounding IEEE 754 prescribes, done in mpmath."""
    if exact == 0:
        return 0.0
    with mp.workprec(2 * REFERENCE_BITS):  # the steps below are exact at this precision
        _, exponent = mp.frexp(exact)  # exact = m * 2**exponent, 1/2 <= |m| < 1
        scale = max(int(exponent) - fmt.bits, fmt.min_exponent + 1 - fmt.bits)
        scaled = mp.ldexp(exact, -scale)  # exact in units of the spacing there
        whole = mp.floor(scaled)
        rest = scaled - whole
        if rest > 0.5 or (rest == 0.5 and int(whole) % 2 == 1):
            whole += 1
        return float(mp.ldexp(whole, scale))


def exact_sigmoid_pair(x: float) -> tuple[mp.mpf, mp.mpf]:
    """sigma(x) and sigma'(x) from one exponential, at REFERENCE_BITS."""
    with mp.workprec(REFERENCE_BITS):
        t = mp.mpf(x)
        e = mp.exp(-abs(t))
        return (1 / (1 + e) if t >= 0 else e / (1 + e)), e / (1 + e) ** 2


def round_pairs(hi: np.ndarray, lo: np.ndarray, fmt: Format) -> np.ndarray:
    """The format's number nearest to each exact = hi + lo (ties to even), where hi is the
    float64 nearest to exact and lo the rest: rounding once, as IEEE 754 prescribes.

    The rounding of hi differs from that of exact only if hi is itself a midpoint between
    two numbers of the format: for a format of p < 53 bits a midpoint has p + 1 significant
    bits, so it is a float64, and none lies strictly between exact and its nearest float64.
    There the sign of lo decides. (For float64 itself hi is the answer.) The tests check
    this against :func:`round_to_format`, which rounds in mpmath.
    """
    rounded = hi.copy()
    _round_to_format(rounded, fmt.bits, fmt.min_exponent)
    exponent = np.maximum(np.frexp(hi)[1] - 1, fmt.min_exponent)
    half_spacing = np.ldexp(1.0, exponent - fmt.bits)
    midpoint = np.abs(hi - rounded) == half_spacing
    rounded[midpoint & (lo > 0)] = (hi + half_spacing)[midpoint & (lo > 0)]
    rounded[midpoint & (lo < 0)] = (hi - half_spacing)[midpoint & (lo < 0)]
    return rounded


@dataclass(frozen=True)
class Exact:
    """Exact sigma and sigma' at the points x, each as float64 hi + lo (hi the nearest
    float64, lo the rest to float64 precision), and rounded to the format of x."""

    x: np.ndarray  # float64 copies of the points
    sigma_hi: np.ndarray
    sigma_lo: np.ndarray
    sigma_rounded: np.ndarray
    derivative_hi: np.ndarray
    derivative_lo: np.ndarray
    derivative_rounded: np.ndarray

    def select(self, which: np.ndarray) -> Exact:
        """The same quantities at some of the points (an index or a mask)."""
        return Exact(*(np.asarray(column)[which] for column in vars(self).values()))


def _split(values: list[mp.mpf]) -> tuple[np.ndarray, np.ndarray]:
    hi = [float(v) for v in values]
    return np.array(hi), np.array([float(v - h) for v, h in zip(values, hi, strict=True)])


def _exact(points: np.ndarray, fmt: Format) -> Exact:
    """Exact values at the points: one exponential per magnitude |x|, since with
    e = exp(-t) for t >= 0, sigma(t) = 1/(1 + e), sigma(-t) = e sigma(t) and
    sigma'(t) = sigma'(-t) = e sigma(t)**2 (every format's values come in pairs +-t)."""
    xs = points.astype(np.float64)
    magnitudes, where = np.unique(np.abs(xs), return_inverse=True)
    at_t, at_minus_t, derivatives = [], [], []
    with mp.workprec(REFERENCE_BITS):
        for t in magnitudes.tolist():
            e = mp.exp(-mp.mpf(t))
            sigma = 1 / (1 + e)
            at_t.append(sigma)
            at_minus_t.append(e * sigma)
            derivatives.append(e * sigma * sigma)
        plus_hi, plus_lo = _split(at_t)
        minus_hi, minus_lo = _split(at_minus_t)
        derivative_hi, derivative_lo = (column[where] for column in _split(derivatives))
    negative = np.signbit(xs)
    sigma_hi = np.where(negative, minus_hi[where], plus_hi[where])
    sigma_lo = np.where(negative, minus_lo[where], plus_lo[where])
    return Exact(
        xs,
        sigma_hi,
        sigma_lo,
        round_pairs(sigma_hi, sigma_lo, fmt),
        derivative_hi,
        derivative_lo,
        round_pairs(derivative_hi, derivative_lo, fmt),
    )


def sample(dtype: np.dtype) -> np.ndarray:
    """The seeded sample of float32 or float64 values (in that type)."""
    reach = -sigma_rounds_to_zero_x(np.dtype(dtype))
    rng = np.random.default_rng(SAMPLE_SEED)
    halves = [rng.uniform(-BEND, BEND, SAMPLE_HALF), rng.uniform(-reach, reach, SAMPLE_HALF)]
    return np.concatenate(halves).astype(dtype)


@functools.cache
def exact_at_points(dtype: np.dtype) -> Exact:
    """Exact values at every finite value of an 8- or 16-bit format, or at the sample."""
    dtype = np.dtype(dtype)
    points = every_value(dtype) if dtype in EXHAUSTIVE else sample(dtype)
    return _exact(points, format_of(dtype))


# ---------------------------------------------------------------- thresholds


def _first_where(values: np.ndarray, holds: np.ndarray) -> float:
    """The first of ascending values where a condition holds that then keeps holding."""
    if not holds[-1] or not np.all(holds[np.argmax(holds) :]):
        raise ValueError("the condition is not monotone over these values")
    return float(values[np.argmax(holds)])


def _halves(dtype: np.dtype) -> tuple[np.ndarray, Exact, Exact]:
    """The non-negative values t of an exhaustive format (+0 first), with the exact sigma
    and sigma' at t and at -t (the format is symmetric: -t is a value too)."""
    exact = exact_at_points(dtype)
    negative = np.signbit(exact.x)  # -0 included: ascending, -0 is the last of them
    at_minus_t = exact.select(np.flatnonzero(negative)[::-1])
    return every_value(dtype)[~negative], exact.select(~negative), at_minus_t


def _non_negative(dtype: np.dtype) -> tuple[np.ndarray, Exact]:
    """The non-negative values of an exhaustive format and their exact sigma, sigma'."""
    values, at_t, _ = _halves(dtype)
    return values, at_t


def _rounds(
    function: str, fmt: Format, target: float, sign: float = 1.0
) -> Callable[[np.floating], bool]:
    """A predicate on t: the exact sigma (or sigma') at sign * t rounds to target."""

    def predicate(t: np.floating) -> bool:
        pair = exact_sigmoid_pair(sign * float(t))
        return round_to_format(pair[1 if function == "derivative" else 0], fmt) == target

    return predicate


@functools.cache
def sigma_rounds_to_one_x(dtype: np.dtype) -> float:
    """Smallest x of the format at which the correctly rounded sigma(x) is 1."""
    fmt = format_of(dtype)
    if fmt.dtype in EXHAUSTIVE:
        values, exact = _non_negative(fmt.dtype)
        return _first_where(values.astype(np.float64), exact.sigma_rounded == 1.0)
    return first_float_where(_rounds("sigma", fmt, 1.0), 0.0, 100.0, fmt.dtype.type)


@functools.cache
def sigma_rounds_to_zero_x(dtype: np.dtype) -> float:
    """Largest x of the format at which the correctly rounded sigma(x) is 0."""
    fmt = format_of(dtype)
    if fmt.dtype in EXHAUSTIVE:
        values, _, at_minus_t = _halves(fmt.dtype)
        return -_first_where(values.astype(np.float64), at_minus_t.sigma_rounded == 0.0)
    return -first_float_where(
        _rounds("sigma", fmt, 0.0, sign=-1.0), 0.0, fmt.largest, fmt.dtype.type
    )


@functools.cache
def derivative_rounds_to_zero_x(dtype: np.dtype) -> float:
    """Smallest x >= 0 of the format at which the correctly rounded sigma'(x) is 0
    (sigma' is even, so it is 0 for every |x| at least this)."""
    fmt = format_of(dtype)
    if fmt.dtype in EXHAUSTIVE:
        values, exact = _non_negative(fmt.dtype)
        return _first_where(values.astype(np.float64), exact.derivative_rounded == 0.0)
    return first_float_where(_rounds("derivative", fmt, 0.0), 0.0, fmt.largest, fmt.dtype.type)


# ---------------------------------------------------------------- the textbook formulas


def textbook_sigmoid_in(x: np.ndarray) -> np.ndarray:
    """1/(1+exp(-x)) with every operation in x's own type.

    NumPy's loops for ml_dtypes' types convert the operands to float32, apply the float32
    operation and round the result back to the type; float16, float32 and float64 use
    NumPy's own loops. (The constant 1 is given x's type: a Python 1.0 would promote the
    ml_dtypes types to float32 or float64.)
    """
    x = np.asarray(x)
    one = np.ones((), dtype=x.dtype)
    with np.errstate(all="ignore"):  # the overflow of exp is what is shown
        return one / (one + np.exp(-x))


def textbook_derivative_in(x: np.ndarray) -> np.ndarray:
    """s(1 - s), s the textbook sigma, every operation in x's own type."""
    s = textbook_sigmoid_in(x)
    one = np.ones((), dtype=s.dtype)
    with np.errstate(all="ignore"):
        return s * (one - s)


@functools.cache
def textbook_derivative_zero_x(dtype: np.dtype) -> float:
    """Smallest x > 0 of the format at which the textbook s(1 - s) returns exactly 0."""
    dtype = np.dtype(dtype)
    if dtype in EXHAUSTIVE:
        values, _ = _non_negative(dtype)
        values = values[values.astype(np.float64) > 0]
        zero = textbook_derivative_in(values).astype(np.float64) == 0
        return _first_where(values.astype(np.float64), zero)
    return first_float_where(
        lambda t: textbook_derivative_in(np.asarray(t, dtype=dtype)) == 0,
        1.0,
        100.0,
        dtype.type,
    )


# ---------------------------------------------------------------- relative errors


def relative_errors(got: ArrayLike, hi: np.ndarray, lo: np.ndarray) -> np.ndarray:
    """|got - exact| / exact for exact = hi + lo > 0: 1 for a result of 0, inf for nan or inf.

    got - hi is exact where got is close to hi (Sterbenz), so the error is measured to
    about float64 precision of itself, even for float64 results."""
    result = np.asarray(got, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        errors = np.abs((result - hi) - lo) / hi
    errors[result == 0] = 1.0
    errors[~np.isfinite(result)] = np.inf
    return errors


@dataclass(frozen=True)
class Errors:
    """Worst relative errors over the points where the exact result is a normal number."""

    core_sigma: float
    textbook_sigma: float
    textbook_derivative_nonzero: float  # the zeros are counted apart
    textbook_derivative: float  # every point, a 0 counting as 1
    points: int


@functools.cache
def worst_errors(dtype: np.dtype) -> Errors:
    """Largest relative errors of the core's sigma and of the textbook sigma, s(1 - s)."""
    fmt = format_of(dtype)
    exact = exact_at_points(fmt.dtype)
    x = exact.x.astype(fmt.dtype)
    normal_sigma = exact.sigma_hi >= fmt.smallest_normal
    normal_derivative = exact.derivative_hi >= fmt.smallest_normal

    def worst(got: ArrayLike, derivative: bool, nonzero: bool = False) -> float:
        hi, lo = (
            (exact.derivative_hi, exact.derivative_lo)
            if derivative
            else (exact.sigma_hi, exact.sigma_lo)
        )
        keep = normal_derivative if derivative else normal_sigma
        if nonzero:
            keep = keep & (np.asarray(got, dtype=np.float64) != 0)
        return float(np.max(relative_errors(got, hi, lo)[keep]))

    textbook_derivative = textbook_derivative_in(x)
    return Errors(
        core_sigma=worst(sigmoid(x), derivative=False),
        textbook_sigma=worst(textbook_sigmoid_in(x), derivative=False),
        textbook_derivative_nonzero=worst(textbook_derivative, derivative=True, nonzero=True),
        textbook_derivative=worst(textbook_derivative, derivative=True),
        points=len(x),
    )


def ulp_errors(got: ArrayLike, hi: np.ndarray, lo: np.ndarray, fmt: Format) -> np.ndarray:
    """|got - exact| in units of the format's spacing at the exact value (subnormal spacing
    below the normal range), for exact = hi + lo > 0."""
    exponent = np.maximum(np.frexp(hi)[1] - 1, fmt.min_exponent)
    spacing = np.ldexp(1.0, exponent - fmt.bits + 1)
    return np.abs((np.asarray(got, dtype=np.float64) - hi) - lo) / spacing


@functools.cache
def core_worst_ulps(dtype: np.dtype, derivative: bool) -> float:
    """The core's largest error in ulp over every value of an 8- or 16-bit format."""
    fmt = format_of(dtype)
    exact = exact_at_points(fmt.dtype)
    x = exact.x.astype(fmt.dtype)
    if derivative:
        return float(
            np.max(ulp_errors(sigmoid_derivative(x), exact.derivative_hi, exact.derivative_lo, fmt))
        )
    return float(np.max(ulp_errors(sigmoid(x), exact.sigma_hi, exact.sigma_lo, fmt)))


# ---------------------------------------------------------------- tables


def _power_of_two(value: float) -> str:
    exponent = math.log2(value)
    if exponent != int(exponent):
        raise ValueError(f"{value} is not a power of two")
    return f"$2^{{{int(exponent)}}}$"


@table()
def format_properties() -> TableData:
    rows = []
    for dtype in DTYPES:
        fmt = format_of(dtype)
        rows.append(
            [
                f"`{fmt.name}`",
                str(fmt.bits),
                f"{fmt.largest:.6g}",
                _power_of_two(fmt.smallest_normal),
                _power_of_two(fmt.smallest_subnormal),
            ]
        )
    header = [
        "Format",
        "Significant bits $p$",
        "Largest finite",
        "Smallest normal",
        "Smallest subnormal",
    ]
    return header, rows


@table()
def sigma_thresholds() -> TableData:
    rows = []
    for dtype in DTYPES:
        rows.append(
            [
                f"`{dtype.name}`",
                f"{sigma_rounds_to_one_x(dtype):.6g}",
                f"{sigma_rounds_to_zero_x(dtype):.6g}",
                f"{derivative_rounds_to_zero_x(dtype):.6g}",
                f"{textbook_derivative_zero_x(dtype):.6g}",
            ]
        )
    header = [
        "Format",
        "$\\sigma(x)$ rounds to 1 from $x =$",
        "$\\sigma(x)$ rounds to 0 at and below $x =$",
        "$\\sigma'(x)$ rounds to 0 for $\\lvert x \\rvert \\ge$",  # no | in a table
        "textbook $s(1-s)$ returns 0 from $x =$",
    ]
    return header, rows


@table()
def worst_relative_errors() -> TableData:
    rows = []
    for dtype in DTYPES:
        fmt = format_of(dtype)
        errors = worst_errors(dtype)
        checked = "all" if dtype in EXHAUSTIVE else "sample of"
        rows.append(
            [
                f"`{fmt.name}` ({checked} {errors.points:,})",
                f"{fmt.unit_roundoff:.3g}",
                f"{errors.core_sigma:.2g}",
                f"{errors.textbook_sigma:.2g}",
                f"{errors.textbook_derivative_nonzero:.2g}",
            ]
        )
    header = [
        "Format (values)",
        "unit roundoff $u = 2^{-p}$",
        "`sigmoid(x)`",
        "textbook $\\sigma$",
        "textbook $s(1-s)$ where not 0",
    ]
    return header, rows


# ---------------------------------------------------------------- values

BF16 = np.dtype(ml_dtypes.bfloat16)
E4M3 = np.dtype(ml_dtypes.float8_e4m3fn)
E5M2 = np.dtype(ml_dtypes.float8_e5m2)
BF16_FORMAT = format_of(BF16)


@value(",d", "bit patterns of bfloat16")
def bfloat16_patterns() -> int:
    return 2 ** (8 * BF16.itemsize)


@value(",d", "finite bfloat16 values (both zeros counted)")
def bfloat16_finite_values() -> int:
    return len(every_value(BF16))


@value("g", "bfloat16: sigma(x) rounds to 1 from this x")
def bfloat16_sigma_one_x() -> float:
    return sigma_rounds_to_one_x(BF16)


@value(".4f", "log(2^(p+1) - 1) for bfloat16 (p = 8): where sigma reaches 1 - 2^-(p+1)")
def bfloat16_sigma_one_bound() -> float:
    return math.log(2.0 ** (format_of(BF16).bits + 1) - 1)


@value("g", "float8_e4m3fn: sigma(x) rounds to 1 from this x")
def e4m3_sigma_one_x() -> float:
    return sigma_rounds_to_one_x(E4M3)


@value(".4g", "bfloat16: sigma'(x) rounds to 0 for |x| at least this")
def bfloat16_derivative_zero_x() -> float:
    return derivative_rounds_to_zero_x(BF16)


@value("g", "bfloat16: the textbook s(1-s) returns 0 from this x")
def bfloat16_textbook_zero_x() -> float:
    return textbook_derivative_zero_x(BF16)


@value(".2e", "exact sigma'(x) where the bfloat16 textbook s(1-s) first returns 0")
def bfloat16_derivative_at_textbook_zero() -> float:
    return float(exact_sigmoid_pair(textbook_derivative_zero_x(BF16))[1])


@value(".7f", "largest error of sigmoid_core's sigma in bfloat16 ulp, over every value")
def bfloat16_core_worst_ulps() -> float:
    return core_worst_ulps(BF16, derivative=False)


@value(".1e", "closest approach of the exact sigma at a bfloat16 value to a rounding tie (ulp)")
def bfloat16_closest_tie() -> float:
    return 0.5 - core_worst_ulps(BF16, derivative=False)


@value(".7f", "largest error of sigmoid_core's sigma' in bfloat16 ulp, over every value")
def bfloat16_core_derivative_worst_ulps() -> float:
    return core_worst_ulps(BF16, derivative=True)


@value(",d", "bfloat16 x where casting the float64 sigma(x) with astype gives a wrong bfloat16")
def bfloat16_double_rounding_count() -> int:
    exact = exact_at_points(BF16)
    # astype rounds float64 to float32, then float32 to bfloat16.
    cast = np.asarray(sigmoid(exact.x)).astype(BF16).astype(np.float64)
    return int(np.count_nonzero(cast != exact.sigma_rounded))


@value("g", "float8_e4m3fn: largest x at which the textbook sigma returns nan")
def e4m3_textbook_nan_x() -> float:
    values = every_value(E4M3)
    nan = np.isnan(textbook_sigmoid_in(values).astype(np.float64))
    return float(values.astype(np.float64)[nan].max())


@value("g", "the largest finite float8_e4m3fn")
def e4m3_largest() -> float:
    return format_of(E4M3).largest


@value("g", "bfloat16 x at which sigma(x) comes closest to a midpoint of bfloat16 numbers")
def bfloat16_closest_tie_x() -> float:
    exact = exact_at_points(BF16)
    errors = ulp_errors(sigmoid(exact.x.astype(BF16)), exact.sigma_hi, exact.sigma_lo, BF16_FORMAT)
    return float(exact.x[np.argmax(errors)])


@value("g", "float8_e4m3fn: sigma(x) rounds to 0 at and below this x")
def e4m3_sigma_zero_x() -> float:
    return sigma_rounds_to_zero_x(E4M3)


@value("g", "the correctly rounded bfloat16 sigma at the input closest to a tie")
def bfloat16_closest_tie_result() -> float:
    exact = exact_at_points(BF16)
    return float(exact.sigma_rounded[exact.x == bfloat16_closest_tie_x()][0])


@value("g", "float8_e5m2: sigma(x) rounds to 1 from this x")
def e5m2_sigma_one_x() -> float:
    return sigma_rounds_to_one_x(E5M2)


@value(".0%", "largest relative error of the correctly rounded sigma in float8_e5m2")
def e5m2_core_worst_error() -> float:
    return worst_errors(E5M2).core_sigma


@value("g", "float32 and float64 samples: half uniform in [-this, this]")
def sample_bend() -> float:
    return BEND


# ---------------------------------------------------------------- mixed precision

#: The worked example: a confident wrong prediction, logit z = 8 for label y = 0.
EXAMPLE_LOGIT = 8.0
EXAMPLE_LABEL = 0.0


def probability_loss_in(dtype: np.dtype, z: float, y: float) -> float:
    """-y log p - (1 - y) log(1 - p) with p = sigma(z), everything in dtype (p correctly
    rounded by the core: the best a probability in that format can be)."""
    zz = np.asarray(z, dtype=dtype)
    yy, one = np.asarray(y, dtype=dtype), np.ones((), dtype=dtype)
    p = sigmoid(zz)
    with np.errstate(all="ignore"):
        return float(-(yy * np.log(p)) - (one - yy) * np.log(one - p))


def logit_loss_in(dtype: np.dtype, z: float, y: float) -> float:
    """max(z, 0) - z y + log1p(exp(-|z|)), every operation in dtype."""
    zz, yy = np.asarray(z, dtype=dtype), np.asarray(y, dtype=dtype)
    zero = np.zeros((), dtype=dtype)
    return float(np.maximum(zz, zero) - zz * yy + np.log1p(np.exp(-np.abs(zz))))


def exact_loss(z: float, y: float) -> float:
    """The exact binary cross-entropy: softplus(z) - z y."""
    with mp.workprec(REFERENCE_BITS):
        return float(mp.log1p(mp.exp(z)) - z * y)


@value("g", "the worked example's logit z")
def example_logit() -> float:
    return EXAMPLE_LOGIT


@value("g", "bfloat16 sigma(8), correctly rounded")
def example_probability_bfloat16() -> float:
    return float(sigmoid(np.asarray(EXAMPLE_LOGIT, dtype=BF16)))


@value("g", "log(1 - p) in bfloat16 for p = sigma(8) in bfloat16", shows_failure=True)
def example_log_one_minus_p() -> float:
    p = sigmoid(np.asarray(EXAMPLE_LOGIT, dtype=BF16))
    with np.errstate(divide="ignore"):
        return float(np.log(np.ones((), dtype=BF16) - p))


@value("g", "binary cross-entropy from the bfloat16 probability, z = 8, y = 0", shows_failure=True)
def example_probability_loss() -> float:
    return probability_loss_in(BF16, EXAMPLE_LOGIT, EXAMPLE_LABEL)


@value("g", "binary cross-entropy from the logit in bfloat16, z = 8, y = 0")
def example_logit_loss() -> float:
    return logit_loss_in(BF16, EXAMPLE_LOGIT, EXAMPLE_LABEL)


@value(".6f", "exact binary cross-entropy at z = 8, y = 0")
def example_exact_loss() -> float:
    return exact_loss(EXAMPLE_LOGIT, EXAMPLE_LABEL)


@value("g", "the worked example's label y")
def example_label() -> float:
    return EXAMPLE_LABEL


@value("g", "spacing of the bfloat16 numbers in the binade of the example's logit")
def bfloat16_spacing_at_example() -> float:
    return 2.0 ** (math.floor(math.log2(EXAMPLE_LOGIT)) - BF16_FORMAT.bits + 1)


#: Loss scaling example: a gradient as small as sigma'(16), and the scale 2**10.
SCALING_X = 16.0
LOSS_SCALE = 2.0**10


def float16_relative_error(scale: float) -> float:
    """Relative error of sigma'(16) stored in float16 after multiplying by scale and
    dividing by it again in float32 (the master copy's precision)."""
    with mp.workprec(REFERENCE_BITS):
        exact = exact_sigmoid_pair(SCALING_X)[1]
        stored = round_to_format(exact * scale, format_of(np.dtype(np.float16)))
        return float(abs(mp.mpf(stored) / scale - exact) / exact)


@value(".3g", "sigma'(16)")
def scaling_derivative() -> float:
    return float(exact_sigmoid_pair(SCALING_X)[1])


@value("g", "the x of the loss-scaling example")
def scaling_x() -> float:
    return SCALING_X


@value(",d", "the loss scale of the example")
def loss_scale() -> int:
    return int(LOSS_SCALE)


@value(".1%", "relative error of sigma'(16) stored in float16 without scaling")
def float16_unscaled_error() -> float:
    return float16_relative_error(1.0)


@value(".2g", "relative error of sigma'(16) stored in float16 after scaling by 2^10")
def float16_scaled_error() -> float:
    return float16_relative_error(LOSS_SCALE)


# ---------------------------------------------------------------- figure


@figure(
    alt=(
        "On a logarithmic scale, for x from 0 to 10, the largest relative error of the "
        "textbook derivative s(1-s), evaluated in each format, over all the format's values "
        "from 0 to x. Every curve climbs as x grows and jumps to 1, a result of exactly 0: "
        "first the two 8-bit formats, then bfloat16, then float16, the format with the "
        "most significant bits."
    ),
    caption=(
        "The textbook σ′ = s(1−s) in each format: its worst relative error over the "
        "format's values in [0, x]. A value of 1 means it returned 0 where σ′ is a "
        "normal number."
    ),
)
def textbook_derivative_by_format(ax: Axes) -> None:
    start, end = 0.1, 10.0
    for index, dtype in enumerate([np.dtype(np.float16), BF16, E4M3, E5M2]):
        values, exact = _non_negative(dtype)
        fmt = format_of(dtype)
        errors = relative_errors(
            textbook_derivative_in(values), exact.derivative_hi, exact.derivative_lo
        )
        errors[exact.derivative_hi < fmt.smallest_normal] = 0.0
        xs = values.astype(np.float64)
        inside = xs <= end
        running = np.maximum.accumulate(errors[inside])
        # A step function through the values from `start` on where the worst error so far
        # grows (thousands of tiny values below it change nothing visible), then the end.
        grows = (np.diff(running, prepend=-1.0) > 0) & (xs[inside] >= start)
        grows[np.argmax(xs[inside] >= start)] = True
        ax.semilogy(
            np.append(xs[inside][grows], end),
            np.append(running[grows], running[-1]),
            color=PALETTE[index],
            linestyle=LINE_STYLES[index],
            label=f"{fmt.name} ($p = {fmt.bits}$)",
            drawstyle="steps-post",
        )
    ax.set_xlabel("$x$")
    ax.set_ylabel("worst relative error in $[0, x]$")
    ax.set_xlim(0, 10)
    ax.set_ylim(1e-4, 2)
    ax.legend(loc="lower right")
