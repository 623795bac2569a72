"""Fast approximations of sigma: their largest errors over all real x, and their speed.

Six approximations, each evaluated the way the core evaluates sigma: in blocks of
``BLOCK_SIZE`` elements with NumPy's ``out=`` arguments, on one thread, so that a
comparison of speeds compares formulas rather than memory traffic. Errors are exact
where a closed form exists (hard sigmoids, PLAN, the rational approximation's cut-off)
and found on a dense grid otherwise; the tests recompute every one with mpmath.

Timings are measured while the site is built, so they vary from build to build. All of
them are in one table, ``approximation-speed``, and the machine in ``measured-machine``;
every other item of this module is the same in every build.
"""

from __future__ import annotations

import functools
import math
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

# SciPy comes with scikit-learn, which the docs extra installs; it publishes no types.
from scipy.optimize import brentq, minimize_scalar  # type: ignore[import-untyped]

import sigmoid_core.functions as functions
from sigmoid_core import sigmoid, sigmoid_derivative
from sigmoid_core.website.content.exact import taylor_coefficients
from sigmoid_core.website.content.registry import TableData, figure, table, value
from sigmoid_core.website.plotting import (
    BLUE,
    GREEN,
    GREY,
    INK,
    LINE_STYLES,
    ORANGE,
    PURPLE,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

Kernel = Callable[..., None]

#: Elements per block, as in the core (sigmoid_core.functions.BLOCK_SIZE): every pass over
#: a block stays in cache.
BLOCK_SIZE = 1 << 14

# ---------------------------------------------------------------- evaluation in blocks


def _blocked(kernel: Kernel, x: np.ndarray, floats: int = 0, indices: int = 0) -> np.ndarray:
    """kernel(x_block, out_block, *float_scratch, *index_scratch) over blocks of x, one thread."""
    x = np.ascontiguousarray(x, dtype=np.float64)
    out = np.empty_like(x)
    flat_x, flat_out = x.reshape(-1), out.reshape(-1)
    size = flat_x.size
    length = min(BLOCK_SIZE, max(size, 1))
    scratch = [*np.empty((floats, length)), *np.empty((indices, length), dtype=np.intp)]
    with np.errstate(all="ignore"):
        for start in range(0, size, BLOCK_SIZE):
            stop = min(start + BLOCK_SIZE, size)
            n = stop - start
            kernel(flat_x[start:stop], flat_out[start:stop], *(row[:n] for row in scratch))
    return out


# ---------------------------------------------------------------- hard sigmoids


def _hard_kernel(slope: float) -> Kernel:
    def kernel(x: np.ndarray, out: np.ndarray) -> None:
        np.multiply(x, slope, out=out)
        np.add(out, 0.5, out=out)
        np.clip(out, 0.0, 1.0, out=out)

    return kernel


def hard_sigmoid_sixth(x: np.ndarray) -> np.ndarray:
    """max(0, min(1, x/6 + 1/2)): PyTorch's hardsigmoid and Keras 3's hard_sigmoid."""
    return _blocked(_hard_kernel(1 / 6), x)


def hard_sigmoid_fifth(x: np.ndarray) -> np.ndarray:
    """max(0, min(1, 0.2 x + 1/2)): the hard_sigmoid of Keras 2 (TensorFlow up to 2.15)."""
    return _blocked(_hard_kernel(0.2), x)


def tangent_point(slope: float) -> float:
    """The x > 0 where sigma'(x) = slope (0 < slope < 1/4): 2 artanh sqrt(1 - 4 slope).

    sigma' = sigma (1 - sigma) = (1 - tanh^2(x/2)) / 4, since sigma = (1 + tanh(x/2)) / 2.
    """
    return 2 * math.atanh(math.sqrt(1 - 4 * slope))


def hard_interior_error(slope: float) -> float:
    """|h(x) - sigma(x)| at the tangent point, where it is largest inside the slope's range:
    sqrt(1 - 4 slope) / 2 - slope * tangent_point(slope)."""
    return math.sqrt(1 - 4 * slope) / 2 - slope * tangent_point(slope)


# ---------------------------------------------------------------- PLAN

#: PLAN for x >= 0 (Amin, Curtis and Hayes-Gill 1997, as implementations reproduce it):
#: (start of the piece, slope, offset); 1 from x = 5 on; f(-x) = 1 - f(x).
PLAN_PIECES = (
    (Fraction(0), Fraction(1, 4), Fraction(1, 2)),
    (Fraction(1), Fraction(1, 8), Fraction(5, 8)),
    (Fraction(19, 8), Fraction(1, 32), Fraction(27, 32)),
    (Fraction(5), Fraction(0), Fraction(1)),
)


def plan_exact(x: Fraction) -> Fraction:
    """PLAN in exact arithmetic, piece by piece as its table states it."""
    a = abs(x)
    start, slope, offset = next(piece for piece in reversed(PLAN_PIECES) if a >= piece[0])
    y = slope * a + offset
    return 1 - y if x < 0 else y


def _plan_kernel(
    x: np.ndarray, out: np.ndarray, a: np.ndarray, line: np.ndarray, step: np.ndarray
) -> None:
    # With g = PLAN - 1/2 on a = |x|: on [0, 19/8) g is the smaller of 0.25a and
    # 0.125a + 0.125 (they cross at a = 1); from 19/8 on it is 0.03125a + 0.34375 capped at
    # 1/2 (they meet at a = 5). The switch at 19/8 is not where the second and third lines
    # cross (7/3), so it is made with the step [a >= 19/8]. Then PLAN = 1/2 + g with the sign
    # of x, which is f(-x) = 1 - f(x). No branches, no masks: every pass is arithmetic.
    np.abs(x, out=a)
    np.multiply(a, 0.25, out=out)
    np.multiply(a, 0.125, out=line)
    np.add(line, 0.125, out=line)
    np.minimum(out, line, out=out)
    np.multiply(a, 0.03125, out=line)
    np.add(line, 0.34375, out=line)
    np.minimum(line, 0.5, out=line)
    np.greater_equal(a, 2.375, out=step, casting="unsafe")  # 1.0 or 0.0
    np.subtract(line, out, out=line)
    np.multiply(line, step, out=line)
    np.add(out, line, out=out)
    np.copysign(out, x, out=out)
    np.add(out, 0.5, out=out)


def plan(x: np.ndarray) -> np.ndarray:
    """The piecewise linear approximation PLAN: slopes 1/4, 1/8, 1/32, then 1."""
    return _blocked(_plan_kernel, x, floats=3)


def plan_jump() -> Fraction:
    """PLAN's value just below 19/8 minus its value there: it falls by 1/256."""
    (_, slope_1, offset_1), (start, slope_2, offset_2) = PLAN_PIECES[1], PLAN_PIECES[2]
    return (slope_1 * start + offset_1) - (slope_2 * start + offset_2)


def plan_candidates() -> list[float]:
    """The x >= 0 where |PLAN - sigma| can be largest: the ends of the pieces (from both
    sides) and the tangent points of the sloped pieces. sigma is concave on x > 0, so on a
    linear piece the error is convex: its maximum is at an end, its minimum where
    sigma' equals the slope."""
    points = [float(start) for start, _, _ in PLAN_PIECES]
    points += [tangent_point(float(slope)) for _, slope, _ in PLAN_PIECES[1:3]]
    return sorted(points)


def _plan_one_sided(x: float, below: bool) -> float:
    """PLAN's value at x >= 0, or its limit from below at x."""
    pieces = [p for p in PLAN_PIECES if (p[0] < x if below else p[0] <= x)]
    _, slope, offset = pieces[-1]
    return float(slope) * x + float(offset)


def plan_extremes() -> tuple[float, float, float, float]:
    """(largest PLAN - sigma, its x, most negative PLAN - sigma, its x) for x >= 0."""
    values = []
    for x in plan_candidates():
        s = float(sigmoid(x))
        values.append((_plan_one_sided(x, below=False) - s, x))
        if x > 0:
            values.append((_plan_one_sided(x, below=True) - s, x))
    high, low = max(values), min(values)
    return high[0], high[1], low[0], low[1]


# ---------------------------------------------------------------- fast sigmoid


def _fast_kernel(x: np.ndarray, out: np.ndarray, t: np.ndarray) -> None:
    # 1/2 + x / (2 (2 + |x|)): Elliott's x / (1 + |x|) at x/2, scaled into (0, 1).
    np.abs(x, out=t)
    np.add(t, 2.0, out=t)
    np.divide(x, t, out=out)
    np.multiply(out, 0.5, out=out)
    np.add(out, 0.5, out=out)


def fast_sigmoid(x: np.ndarray) -> np.ndarray:
    """1/2 + (x/2) / (2 (1 + |x/2|)): slope 1/4 at 0, like sigma; no exponential."""
    return _blocked(_fast_kernel, x, floats=1)


def fast_sigmoid_exact(x: Fraction) -> Fraction:
    """The same function in exact arithmetic: (1 + x)/(2 + x) for x >= 0, 1/(2 - x) below."""
    return Fraction(1, 2) + x / (2 * (2 + abs(x)))


@functools.cache
def fast_sigmoid_extreme() -> tuple[float, float]:
    """(x, |f - sigma|) where the fast sigmoid is farthest from sigma, x > 0.

    The error is odd and, for x > 0, f - sigma falls while sigma' > f' = 1/(2 + x)^2 and
    rises after: its extreme is where the slopes are equal, found by bisection.
    """
    x = brentq(lambda t: 1 / (2 + t) ** 2 - float(sigmoid_derivative(t)), 0.5, 20.0, xtol=1e-15)
    return x, abs(float(fast_sigmoid(np.array([x]))[0] - sigmoid(x)))


# ---------------------------------------------------------------- rational (Padé)

#: Degrees of the Padé approximant of tanh z at 0 used here: numerator, denominator.
PADE_DEGREES = (7, 6)


def tanh_taylor(count: int) -> list[Fraction]:
    """t_0 .. t_{count-1} of tanh z = sum t_k z^k, exactly: tanh z = 2 sigma(2z) - 1."""
    a = taylor_coefficients(count)
    return [2 * a[0] - 1] + [2 ** (k + 1) * a[k] for k in range(1, count)]


def _solve(matrix: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction]:
    """Gaussian elimination in exact arithmetic (the matrix is square and invertible)."""
    n = len(rhs)
    rows = [[*row, b] for row, b in zip(matrix, rhs, strict=True)]
    for col in range(n):
        pivot = next(r for r in range(col, n) if rows[r][col] != 0)
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(n):
            if r != col and rows[r][col] != 0:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [u - factor * v for u, v in zip(rows[r], rows[col], strict=True)]
    return [rows[i][n] / rows[i][i] for i in range(n)]


def pade(series: list[Fraction], m: int, n: int) -> tuple[list[Fraction], list[Fraction]]:
    """Coefficients (lowest power first) of P, deg m, and Q, deg n, Q(0) = 1, with
    series * Q - P = O(z^(m+n+1)): the [m/n] Padé approximant, exactly."""
    c = [series[k] if 0 <= k < len(series) else Fraction(0) for k in range(m + n + 1)]
    # Coefficients m+1 .. m+n of series * Q vanish: sum_j q_j c_(k-j) = 0, q_0 = 1.
    matrix = [
        [c[k - j] if k - j >= 0 else Fraction(0) for j in range(1, n + 1)]
        for k in range(m + 1, m + n + 1)
    ]
    q = [Fraction(1), *_solve(matrix, [-c[k] for k in range(m + 1, m + n + 1)])]
    p = [sum((q[j] * c[k - j] for j in range(min(k, n) + 1)), Fraction(0)) for k in range(m + 1)]
    return p, q


@functools.cache
def pade_tanh_integers() -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The [7/6] approximant of tanh with integer coefficients, lowest power first: the
    exact Fractions scaled by the common denominator (numerator odd, denominator even)."""
    m, n = PADE_DEGREES
    p, q = pade(tanh_taylor(m + n + 1), m, n)
    scale = math.lcm(*(c.denominator for c in p + q))
    return tuple(int(c * scale) for c in p), tuple(int(c * scale) for c in q)


def _pade_ratio(z: float) -> float:
    p, q = pade_tanh_integers()
    return sum(c * z**k for k, c in enumerate(p)) / sum(c * z**k for k, c in enumerate(q))


@functools.cache
def pade_cutoff() -> float:
    """The z > 0 where the approximant of tanh first reaches 1: the smallest positive root
    of P(z) - Q(z). Beyond it, and below -z, the approximation returns 1 and 0."""
    p, q = pade_tanh_integers()
    difference = [a - b for a, b in zip(p, (*q, 0), strict=True)]  # P - Q, lowest first
    roots = np.roots(difference[::-1])
    z0 = min(r.real for r in roots if abs(r.imag) < 1e-9 and r.real > 0)
    return brentq(lambda z: _pade_ratio(z) - 1, z0 - 1e-6, z0 + 1e-6, xtol=1e-15)


def _pade_kernel_for(
    cutoff: float, numerator: tuple[float, ...], denominator: tuple[float, ...]
) -> Kernel:
    n1, n3, n5, n7 = numerator[1::2]
    d0, d2, d4, d6 = (2 * d for d in denominator[0::2])  # exact: doubling a float

    def kernel(x: np.ndarray, out: np.ndarray, z: np.ndarray, w: np.ndarray) -> None:
        np.multiply(x, 0.5, out=z)
        np.clip(z, -cutoff, cutoff, out=z)  # also keeps z^7 from overflowing
        np.multiply(z, z, out=w)
        np.multiply(w, n7, out=out)  # numerator / z, Horner in w = z^2
        np.add(out, n5, out=out)
        np.multiply(out, w, out=out)
        np.add(out, n3, out=out)
        np.multiply(out, w, out=out)
        np.add(out, n1, out=out)
        np.multiply(out, z, out=out)
        np.multiply(w, d6, out=z)  # denominator, reusing z
        np.add(z, d4, out=z)
        np.multiply(z, w, out=z)
        np.add(z, d2, out=z)
        np.multiply(z, w, out=z)
        np.add(z, d0, out=z)
        np.divide(out, z, out=out)  # r(x/2) / 2: the denominator's coefficients are doubled
        np.add(out, 0.5, out=out)
        np.clip(out, 0.0, 1.0, out=out)  # r(cutoff) may round to just above 1

    return kernel


@functools.cache
def _pade_kernel() -> Kernel:
    p, q = pade_tanh_integers()
    return _pade_kernel_for(pade_cutoff(), tuple(map(float, p)), tuple(map(float, q)))


def pade_sigmoid(x: np.ndarray) -> np.ndarray:
    """1/2 + r(x/2)/2 with r the [7/6] Padé approximant of tanh, for |x| <= 2 z_c; 0 or 1
    beyond."""
    return _blocked(_pade_kernel(), x, floats=2)


# ---------------------------------------------------------------- lookup table

#: The table holds sigma at -16 + k/32, k = 0 .. 1024: steps of 1/32, every node a float.
TABLE_RANGE = 16.0
TABLE_STEPS_PER_UNIT = 32
TABLE_INTERVALS = int(2 * TABLE_RANGE * TABLE_STEPS_PER_UNIT)


@functools.cache
def table_nodes() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Nodes, sigma at the nodes (from sigmoid_core), and the slope of each interval (0 after
    the last node, so that x = 16 reads the last entry exactly)."""
    nodes = -TABLE_RANGE + np.arange(TABLE_INTERVALS + 1) / TABLE_STEPS_PER_UNIT
    values = np.asarray(sigmoid(nodes))
    steps = np.append(np.diff(values), 0.0)
    return nodes, values, steps


def _table_kernel(
    x: np.ndarray, out: np.ndarray, t: np.ndarray, step: np.ndarray, index: np.ndarray
) -> None:
    _, values, steps = table_nodes()
    np.multiply(x, float(TABLE_STEPS_PER_UNIT), out=t)  # exact: a power of 2
    np.add(t, TABLE_RANGE * TABLE_STEPS_PER_UNIT, out=t)  # position in steps from -16
    np.clip(t, 0.0, float(TABLE_INTERVALS), out=t)  # clamped outside [-16, 16]
    np.copyto(index, t, casting="unsafe")  # truncation = floor, since t >= 0
    np.subtract(t, index, out=t)  # fraction of the interval, in [0, 1)
    # mode="clip" skips NumPy's bounds check (2x faster); the clip above keeps the indices
    # in range anyway.
    np.take(values, index, out=out, mode="clip")
    np.take(steps, index, out=step, mode="clip")
    np.multiply(step, t, out=step)
    np.add(out, step, out=out)


def lookup_table(x: np.ndarray) -> np.ndarray:
    """Linear interpolation in a table of 1025 values of sigma on [-16, 16]; clamped outside."""
    return _blocked(_table_kernel, x, floats=2, indices=1)


def interpolation_bound() -> float:
    """h^2/8 max|sigma''| with h = 1/32: the classic bound for linear interpolation.

    max|sigma''| = 1/(6 sqrt 3), at x = +-ln(2 + sqrt 3) (where sigma''' = 0).
    """
    h = 1 / TABLE_STEPS_PER_UNIT
    return h**2 / 8 / (6 * math.sqrt(3))


# ---------------------------------------------------------------- errors


@dataclass(frozen=True)
class Approximation:
    label: str  # as the tables show it
    function: Callable[[np.ndarray], np.ndarray]
    zero_from: float | None  # returns exactly 0 for x <= this; None: positive everywhere


def approximations() -> list[Approximation]:
    z_c = pade_cutoff()
    return [
        Approximation("hard sigmoid x/6 + ½", hard_sigmoid_sixth, -3.0),
        Approximation("hard sigmoid 0.2x + ½", hard_sigmoid_fifth, -2.5),
        Approximation("PLAN", plan, -5.0),
        Approximation("fast sigmoid", fast_sigmoid, None),
        Approximation("Padé [7/6]", pade_sigmoid, -2 * z_c),
        Approximation("lookup table", lookup_table, None),
    ]


#: Errors are searched on [-SEARCH, SEARCH]; beyond it every approximation is constant or
#: increasing with values in [f(SEARCH), 1] (mirrored on the left), which bounds the error.
SEARCH = 40.0
GRID_STEP = 1 / 8192  # a power of 2: the grid holds 0, every node of the table, 1, 2.5, 3, 5
BREAKPOINTS = (1.0, 2.375, 2.5, 3.0, 5.0)


@dataclass(frozen=True)
class Errors:
    largest: float  # sup |f - sigma| over all real x
    at: float  # where (x > 0 of the symmetric pair, or the one found)
    tail_bound: float  # bound on |f - sigma| for |x| >= SEARCH
    relative: float  # sup |f - sigma| / sigma: math.inf when unbounded
    relative_window: float  # the same on [-8, 8]


def _grid() -> np.ndarray:
    grid = np.arange(-SEARCH * 8192, SEARCH * 8192 + 1) * GRID_STEP
    extra = [2 * pade_cutoff(), *BREAKPOINTS]
    extra += [np.nextafter(b, 0.0) for b in extra]
    return np.union1d(grid, np.array([s * b for b in extra for s in (1, -1)]))


def _refine(error: Callable[[float], float], grid: np.ndarray, i: int) -> tuple[float, float]:
    """The largest of error near grid[i]: a bounded search between the neighbours."""
    lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)]
    found = minimize_scalar(
        lambda t: -error(t), bounds=(lo, hi), method="bounded", options={"xatol": 1e-13}
    )
    candidates = [(error(grid[i]), float(grid[i])), (-float(found.fun), float(found.x))]
    value, x = max(candidates)
    return value, x


@functools.cache
def errors() -> tuple[Errors, ...]:
    """The errors of every approximation, in the order of ``approximations()``."""
    grid = _grid()
    exact = np.asarray(sigmoid(grid))
    window = np.abs(grid) <= 8
    results = []
    for item in approximations():

        def absolute(t: float, f: Callable[[np.ndarray], np.ndarray] = item.function) -> float:
            return abs(float(f(np.array([t]))[0]) - float(sigmoid(t)))

        difference = np.abs(item.function(grid) - exact)
        i = int(np.argmax(difference))
        largest, at = _refine(absolute, grid, i)
        ends = item.function(np.array([-SEARCH, SEARCH]))
        low_end = max(float(ends[0]), float(sigmoid(-SEARCH)))  # all values below it, left
        high_end = min(float(ends[1]), float(sigmoid(SEARCH)))  # all values above it, right
        tail_bound = max(low_end, 1 - high_end)
        relative = difference / exact
        # Where f returns 0 the relative error is 1, and so it is for x < -SEARCH; where f
        # stays positive it grows without bound, as sigma(x) < e^x does not.
        on_grid = float(np.max(relative))
        relative_all = math.inf if item.zero_from is None else max(1.0, on_grid)
        results.append(
            Errors(largest, abs(at), tail_bound, relative_all, float(np.max(relative[window])))
        )
    return tuple(results)


# ---------------------------------------------------------------- registered values


@value(".4f", "x where sigma' = 1/6: ln(2 + sqrt 3), the hard sigmoid x/6's worst point")
def hard_sixth_tangent() -> float:
    return tangent_point(1 / 6)


@value(".4f", "largest |x/6 + 1/2 - sigma(x)|: 1/(2 sqrt 3) - ln(2 + sqrt 3)/6")
def hard_sixth_error() -> float:
    return hard_interior_error(1 / 6)


@value(".4f", "sigma(-3): the error of the hard sigmoid x/6 at its corner x = 3")
def hard_sixth_corner_error() -> float:
    return float(sigmoid(-3.0))


@value(".4f", "x where sigma' = 1/5: 2 ln(golden ratio)")
def hard_fifth_tangent() -> float:
    return tangent_point(1 / 5)


@value(".4f", "|0.2x + 1/2 - sigma(x)| at that point")
def hard_fifth_interior_error() -> float:
    return hard_interior_error(1 / 5)


@value(".4f", "sigma(-2.5): the largest error of the hard sigmoid 0.2x + 1/2, at x = 2.5")
def hard_fifth_error() -> float:
    return float(sigmoid(-2.5))


@value(".5f", "PLAN's largest error: 3/4 - sigma(1), at x = 1")
def plan_error() -> float:
    return plan_extremes()[0]


@value(".4f", "size of PLAN's most negative error (x >= 0)")
def plan_most_negative_error() -> float:
    return -plan_extremes()[2]


@value(".4f", "where it is: 2 artanh sqrt(7/8)")
def plan_most_negative_at() -> float:
    return plan_extremes()[3]


@value("d", "PLAN falls by 1/this at x = 19/8")
def plan_jump_denominator() -> int:
    jump = plan_jump()
    assert jump.numerator == 1, jump
    return jump.denominator


@value(".4f", "x > 0 where the fast sigmoid is farthest from sigma")
def fast_sigmoid_error_at() -> float:
    return fast_sigmoid_extreme()[0]


@value(".4f", "largest |fast sigmoid - sigma|")
def fast_sigmoid_error() -> float:
    return fast_sigmoid_extreme()[1]


@value(".4f", "z_c: where the [7/6] approximant of tanh reaches 1")
def pade_cutoff_z() -> float:
    return pade_cutoff()


@value(".4f", "2 z_c: the approximation returns 1 from this x on")
def pade_cutoff_x() -> float:
    return 2 * pade_cutoff()


@value(".2e", "sigma(-2 z_c): the Padé approximation's largest error")
def pade_error() -> float:
    return float(sigmoid(-2 * pade_cutoff()))


@value(".3e", "h^2/8 max|sigma''| for h = 1/32")
def table_interpolation_bound() -> float:
    return interpolation_bound()


@value(".3e", "the table's largest error, measured")
def table_error() -> float:
    return errors()[5].largest


@value(".1e", "sigma(-16): the table's error beyond its ends is below this")
def table_tail_error() -> float:
    return float(sigmoid(-TABLE_RANGE))


@value(",d", "bytes of the table: 1025 values and 1025 slopes in float64")
def table_bytes() -> int:
    _, values, steps = table_nodes()
    return values.nbytes + steps.nbytes


@value(",d", "elements per block, as in the core")
def approximation_block_size() -> int:
    return BLOCK_SIZE


@value("d", "errors are searched for on [-this, this]")
def search_range() -> int:
    return int(SEARCH)


def _scientific(number: float, digits: int = 3) -> str:
    """4.80 × 10⁻⁵ for small numbers, 0.0692 otherwise (plain text: no math to typeset)."""
    if number == 0 or number >= 1e-3:
        return f"{number:.{digits}g}"
    mantissa, exponent = f"{number:.{digits - 1}e}".split("e")
    superscript = str(int(exponent)).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"{mantissa} × 10{superscript}"


@table()
def approximation_errors() -> TableData:
    rows = []
    for item, found in zip(approximations(), errors(), strict=True):
        if item.zero_from is None:
            relative = "unbounded"
        else:
            relative = f"{found.relative:.3g} (0 for x ≤ {item.zero_from:.4g})"
            relative = relative.replace("-", "−")
        rows.append(
            [
                item.label,
                _scientific(found.largest),
                f"±{found.at:.4g}",
                relative,
                _scientific(found.relative_window),
            ]
        )
    header = [
        "Approximation",
        "Largest absolute error",
        "at x =",
        "Largest relative error",
        "… on [−8, 8]",
    ]
    return header, rows


# ---------------------------------------------------------------- speed (measured)

#: The speed sample: 10^7 float64 values, uniform on [-10, 10], from a fixed seed.
SPEED_SIZE = 10_000_000
SPEED_ROUNDS = 5
SPEED_SEED = 20261126


def on_one_thread(function: Callable[[np.ndarray], object]) -> Callable[[np.ndarray], object]:
    """A core function with its thread pool off (the approximations here and the textbook
    formulas of the benchmark run on one thread)."""

    def one_thread(x: np.ndarray) -> object:
        threads, functions.THREADS = functions.THREADS, 1
        try:
            return function(x)
        finally:
            functions.THREADS = threads

    return one_thread


def contenders() -> dict[str, Callable[[np.ndarray], object]]:
    threads = min(functions.THREADS, _usable_cores())
    contenders: dict[str, Callable[[np.ndarray], object]] = {
        f"`sigmoid_core.sigmoid` ({threads} thread{'s' if threads > 1 else ''})": sigmoid,
        "`sigmoid_core.sigmoid`, one thread": on_one_thread(sigmoid),
    }
    contenders.update({item.label: item.function for item in approximations()})
    return contenders


def measure_speed(size: int, rounds: int) -> dict[str, float]:
    """Median seconds per call on ``size`` values, the contenders interleaved in each round
    so that a busy moment of the machine hits them all alike."""
    x = np.random.default_rng(SPEED_SEED).uniform(-10, 10, size)
    candidates = contenders()
    times: dict[str, list[float]] = {name: [] for name in candidates}
    for function in candidates.values():
        function(x)  # warm-up: first-call dispatch, page faults, the table's cache
    for _ in range(rounds):
        for name, function in candidates.items():
            start = time.perf_counter()
            function(x)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def speed_table(seconds: dict[str, float]) -> TableData:
    names = list(seconds)
    core, one = seconds[names[0]], seconds[names[1]]
    rows = [
        [name, f"{1e3 * t:.1f}", f"{core / t:.2f}×", f"{one / t:.2f}×"]
        for name, t in seconds.items()
    ]
    header = [
        "Implementation",
        "Time per call (ms)",
        "Speed relative to `sigmoid_core.sigmoid`",
        "… on one thread",
    ]
    return header, rows


@table(measured=True)
def approximation_speed() -> TableData:
    """Measured at build time: differs from build to build (see the module's docstring)."""
    return speed_table(measure_speed(SPEED_SIZE, SPEED_ROUNDS))


def _usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _processor() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


@table(measured=True)
def measured_machine() -> TableData:
    """The machine the speed table was measured on, described at build time."""
    rows = [
        ["processor", _processor()],
        ["cores this process may use", str(_usable_cores())],
        ["`sigmoid_core` threads", str(min(functions.THREADS, _usable_cores()))],
        ["Python", platform.python_version()],
        ["NumPy", np.__version__],
        ["operating system", f"{platform.system()} {platform.machine()}"],
        [
            "sample",
            f"{SPEED_SIZE:,} float64 values, uniform on [−10, 10], "
            f"median of {SPEED_ROUNDS} interleaved rounds",
        ],
    ]
    return ["Measured on", "Value"], rows


# ---------------------------------------------------------------- figure


@figure(
    alt=(
        "Signed error of six approximations of the sigmoid for x from -8 to 8, on a scale "
        "that is logarithmic away from zero. The hard sigmoids and the fast sigmoid err by "
        "up to about 0.07 to 0.15, PLAN by up to about 0.02, while the Padé approximation "
        "and the table stay below about 0.0001. Every curve is odd: the error at -x is "
        "minus the error at x."
    ),
    caption=(
        "Approximation minus σ(x). The vertical scale is linear within ±10⁻⁶ and "
        "logarithmic beyond; the table's error is drawn at the midpoints between its nodes, "
        "where it is largest (it is 0 at the nodes)."
    ),
)
def approximation_error_curves(ax: Axes) -> None:
    x = np.linspace(-8, 8, 321)
    jumps = np.array([-2.375, 2.375])
    x = np.union1d(x, np.concatenate([jumps, np.nextafter(jumps, 0.0)]))
    # Midpoints of every other interval of the table, -8 + (2k + 1/2)/32: its largest error.
    midpoints = -8 + (2 * np.arange(256) + 0.5) / TABLE_STEPS_PER_UNIT
    colours = [BLUE, ORANGE, GREEN, PURPLE, GREY, INK]
    for k, item in enumerate(approximations()):
        points = midpoints if item.function is lookup_table else x
        ax.plot(
            points,
            item.function(points) - np.asarray(sigmoid(points)),
            color=colours[k],
            linestyle=LINE_STYLES[k % len(LINE_STYLES)],
            linewidth=1.6,
            label=item.label.replace("hard sigmoid", "hard").replace("lookup ", ""),
        )
    ax.set_yscale("symlog", linthresh=1e-6)
    # Every other decade: a label per decade is too close for 11 pt text on a phone.
    ax.set_yticks([-0.1, -1e-3, -1e-5, 0, 1e-5, 1e-3, 0.1])
    ax.minorticks_off()
    ax.set_xlim(-8, 8)
    ax.set_xlabel("$x$")
    ax.set_ylabel("approximation − σ(x)")
    ax.legend()  # drawn below the axes, in as many columns as fit
