"""The fast-approximations page: every error recomputed independently with mpmath, the
closed forms against the search, the Padé coefficients against Lambert's continued
fraction and the Taylor series, PLAN's breakpoints in exact arithmetic, the table exact at
its nodes, and the speed table's shape (never its times).
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from pathlib import Path

import mpmath as mp
import numpy as np
import pytest

import sigmoid_core.functions as functions
from sigmoid_core import sigmoid
from sigmoid_core.website.content import approximations as ap
from sigmoid_core.website.content.accuracy import exact_sigmoid
from sigmoid_core.website.content.registry import FIGURES, TABLES, VALUES

PAGE = Path(__file__).resolve().parents[2] / "docs" / "approximations.md"
FUNCTIONS = [item.function for item in ap.approximations()]


@pytest.fixture(autouse=True)
def _precision():
    """160-bit references, without changing mpmath's precision for other tests."""
    with mp.workprec(160):
        yield


def mp_error(function, x: float) -> float:
    """|f(x) - sigma(x)| with sigma from mpmath, f as the page evaluates it (float64)."""
    return float(abs(mp.mpf(float(function(np.array([x]))[0])) - exact_sigmoid(mp.mpf(x))))


# ---------------------------------------------------------------- every approximation


@pytest.mark.parametrize("index", range(6))
def test_largest_error_recomputed_with_mpmath_around_its_argmax(index):
    item, found = ap.approximations()[index], ap.errors()[index]
    for at in (found.at, -found.at):
        x = np.union1d(np.linspace(at - 0.02, at + 0.02, 4001), [at])
        local = max(mp_error(item.function, float(t)) for t in x)
        assert local == pytest.approx(found.largest, rel=1e-7), item.label


@pytest.mark.parametrize("index", range(6))
def test_nothing_larger_anywhere_on_a_wider_grid(index):
    item, found = ap.approximations()[index], ap.errors()[index]
    x = np.union1d(np.linspace(-100, 100, 2_000_001), [2.375, -2.375])
    errors = np.abs(item.function(x) - np.asarray(sigmoid(x)))
    assert errors.max() <= found.largest * (1 + 1e-9) + 1e-16, item.label


def test_the_bound_beyond_the_search_is_below_every_largest_error():
    for item, found in zip(ap.approximations(), ap.errors(), strict=True):
        assert found.tail_bound < found.largest, item.label
        if item.function is ap.fast_sigmoid:
            assert found.tail_bound == pytest.approx(1 / 42, rel=1e-12)
        else:
            assert found.tail_bound < 2e-7, item.label


@pytest.mark.parametrize("function", FUNCTIONS)
def test_each_approximation_is_symmetric_like_sigma(function):
    """f(-x) = 1 - f(x); the table's entries are sigma rounded to float64, so it holds
    there to within a few roundings."""
    x = np.linspace(0, 50, 100_001)
    tolerance = 1e-15 if function is ap.lookup_table else 2e-16
    np.testing.assert_allclose(function(-x), 1 - function(x), rtol=0, atol=tolerance)


def test_each_approximation_is_constant_or_increasing_beyond_the_search():
    for item in ap.approximations():
        x = np.linspace(ap.SEARCH, 1e6, 100_001)
        right, left = item.function(x), item.function(-x)
        assert np.all(np.diff(right) >= 0) and np.all(right <= 1), item.label
        assert np.all(np.diff(left) <= 0) and np.all(left >= 0), item.label


def test_relative_errors_one_where_zero_unbounded_where_positive():
    for item, found in zip(ap.approximations(), ap.errors(), strict=True):
        x = np.linspace(-60, 60, 1_200_001)
        values = item.function(x)
        if item.zero_from is None:
            assert found.relative == math.inf
            assert np.all(values > 0), item.label
            ratio = float(item.function(np.array([-700.0]))[0] / sigmoid(-700.0))
            assert ratio > 1e250, item.label  # f / sigma has no bound
        else:
            assert found.relative == 1.0
            assert np.all(values[x <= item.zero_from] == 0), item.label
            assert np.all(values[x > item.zero_from] > 0), item.label
            relative = np.abs(values - np.asarray(sigmoid(x))) / np.asarray(sigmoid(x))
            assert relative.max() <= 1.0 + 1e-12, item.label


def test_relative_error_on_the_window_recomputed_with_mpmath():
    midpoints = -8 + (np.arange(512) + 0.5) / 32  # where the table errs most
    for item, found in zip(ap.approximations(), ap.errors(), strict=True):
        x = np.union1d(np.linspace(-8, 8, 1601), midpoints)
        relative = []
        for t in x:
            exact = exact_sigmoid(mp.mpf(float(t)))
            got = mp.mpf(float(item.function(np.array([t]))[0]))
            relative.append(float(abs(got - exact) / exact))
        assert max(relative) <= found.relative_window * (1 + 1e-9), item.label
        assert max(relative) >= found.relative_window * (1 - 1e-3), item.label


@pytest.mark.parametrize("function", FUNCTIONS)
def test_blocked_evaluation_keeps_shapes_and_covers_every_element(function):
    x = np.random.default_rng(3).uniform(-20, 20, ap.BLOCK_SIZE * 2 + 17)
    whole = function(x)
    pieces = np.concatenate([function(part) for part in np.array_split(x, 7)])
    np.testing.assert_array_equal(whole, pieces)
    assert function(x.reshape(-1, 1)).shape == (x.size, 1)
    assert function(np.array([])).shape == (0,)
    assert function(x[::3]).tolist() == function(x)[::3].tolist()


# ---------------------------------------------------------------- hard sigmoids


def test_hard_sigmoid_slopes_are_one_sixth_and_one_fifth():
    x = np.linspace(-2, 2, 401)
    for function, slope, corner in [
        (ap.hard_sigmoid_sixth, 1 / 6, 3.0),
        (ap.hard_sigmoid_fifth, 1 / 5, 2.5),
    ]:
        np.testing.assert_allclose(np.diff(function(x)) / np.diff(x), slope, rtol=1e-12)
        assert function(np.array([0.0]))[0] == 0.5
        assert function(np.array([corner, -corner])).tolist() == [1.0, 0.0]
        inside = np.linspace(-corner + 1e-9, corner - 1e-9, 1001)
        np.testing.assert_allclose(function(inside), slope * inside + 0.5, rtol=0, atol=1e-15)


@pytest.mark.parametrize(
    ("slope", "closed_form"),
    [
        (1 / 6, math.log(2 + math.sqrt(3))),
        (1 / 5, 2 * math.log((1 + math.sqrt(5)) / 2)),
        (1 / 8, 2 * math.atanh(math.sqrt(1 / 2))),
        (1 / 32, 2 * math.atanh(math.sqrt(7 / 8))),
    ],
)
def test_tangent_points(slope, closed_form):
    x = ap.tangent_point(slope)
    assert x == pytest.approx(closed_form, rel=1e-14)
    s = exact_sigmoid(mp.mpf(x))
    assert float(s * (1 - s)) == pytest.approx(slope, rel=1e-14)


def test_hard_sigmoid_errors_in_closed_form():
    sixth, fifth = ap.errors()[0], ap.errors()[1]
    expected = 1 / (2 * math.sqrt(3)) - math.log(2 + math.sqrt(3)) / 6
    assert VALUES["hard_sixth_error"].compute() == pytest.approx(expected, rel=1e-14)
    assert sixth.largest == pytest.approx(expected, rel=1e-10)
    assert sixth.at == pytest.approx(math.log(2 + math.sqrt(3)), abs=1e-6)
    assert float(sigmoid(-3.0)) < expected  # the corner is not the worst point
    interior = 1 / (2 * math.sqrt(5)) - 2 * math.log((1 + math.sqrt(5)) / 2) / 5
    assert VALUES["hard_fifth_interior_error"].compute() == pytest.approx(interior, rel=1e-14)
    assert fifth.largest == pytest.approx(float(exact_sigmoid(mp.mpf(-2.5))), rel=1e-14)
    assert fifth.at == 2.5 and interior < fifth.largest


# ---------------------------------------------------------------- PLAN


def test_plan_is_continuous_at_one_and_five_and_falls_by_1_256_at_19_8():
    below = {}
    for (_, slope, offset), (start, _, _) in zip(ap.PLAN_PIECES, ap.PLAN_PIECES[1:], strict=False):
        below[start] = slope * start + offset  # the limit from the left
    assert below[Fraction(1)] == ap.plan_exact(Fraction(1)) == Fraction(3, 4)
    assert below[Fraction(5)] == ap.plan_exact(Fraction(5)) == 1
    jump = below[Fraction(19, 8)] - ap.plan_exact(Fraction(19, 8))
    assert jump == ap.plan_jump() == Fraction(1, 256)
    assert below[Fraction(19, 8)] == Fraction(59, 64)  # 0.921875
    assert ap.plan_exact(Fraction(19, 8)) == Fraction(235, 256)  # 0.91796875
    # the second and third lines cross at 7/3, where the switch would make PLAN continuous
    (_, m2, b2), (_, m3, b3) = ap.PLAN_PIECES[1], ap.PLAN_PIECES[2]
    assert (b3 - b2) / (m2 - m3) == Fraction(7, 3)
    assert [float(b) for _, _, b in ap.PLAN_PIECES[:3]] == [0.5, 0.625, 0.84375]


def test_plan_vectorised_equals_plan_in_exact_arithmetic():
    points = [Fraction(k, 64) for k in range(-700, 701)] + [Fraction(19, 8) - Fraction(1, 10**9)]
    x = np.array([float(p) for p in points])
    exact = np.array([float(ap.plan_exact(p)) for p in points])
    np.testing.assert_allclose(ap.plan(x), exact, rtol=0, atol=2e-16)
    assert ap.plan_exact(Fraction(-1)) == Fraction(1, 4)


def test_plan_largest_error_is_three_quarters_minus_sigma_one():
    exact = 0.75 - float(exact_sigmoid(mp.mpf(1)))
    assert ap.errors()[2].largest == pytest.approx(exact, rel=1e-12)
    assert VALUES["plan_error"].compute() == pytest.approx(exact, rel=1e-14)
    low = ap.plan_extremes()[2]
    x = np.linspace(0, 6, 600_001)
    assert (ap.plan(x) - np.asarray(sigmoid(x))).min() == pytest.approx(low, rel=1e-8)
    assert ap.plan_extremes()[3] == pytest.approx(2 * math.atanh(math.sqrt(7 / 8)), rel=1e-14)


# ---------------------------------------------------------------- fast sigmoid


def test_fast_sigmoid_has_slope_one_quarter_at_zero():
    for k in range(1, 12):
        h = Fraction(1, 10**k)
        quotient = (ap.fast_sigmoid_exact(h) - ap.fast_sigmoid_exact(-h)) / (2 * h)
        assert quotient == 1 / (2 * (2 + h))  # tends to 1/4
    assert ap.fast_sigmoid_exact(Fraction(0)) == Fraction(1, 2)
    x = np.array([1e-8, -1e-8])
    assert (ap.fast_sigmoid(x) - 0.5).tolist() == pytest.approx([2.5e-9, -2.5e-9], rel=1e-7)


def test_fast_sigmoid_cases_and_symmetry_in_exact_arithmetic():
    for k in range(-50, 51):
        x = Fraction(k, 7)
        f = ap.fast_sigmoid_exact(x)
        assert f == ((1 + x) / (2 + x) if x >= 0 else 1 / (2 - x))
        assert ap.fast_sigmoid_exact(-x) == 1 - f
        assert float(ap.fast_sigmoid(np.array([float(x)]))[0]) == pytest.approx(float(f), 1e-15)


def test_fast_sigmoid_worst_point_where_the_slopes_agree():
    x_star, largest = ap.fast_sigmoid_extreme()
    # 2 cosh(x/2) = 2 + x has exactly one positive root, where f' = sigma'.
    root = mp.findroot(lambda t: 2 * mp.cosh(t / 2) - 2 - t, 3.2)
    assert x_star == pytest.approx(float(root), rel=1e-12)
    grid = np.linspace(1e-3, 60, 600_001)
    v = 2 * np.cosh(grid / 2) - 2 - grid
    assert np.count_nonzero(np.diff(np.sign(v))) == 1
    exact = abs(mp.mpf(0.5) + root / (2 * (2 + root)) - exact_sigmoid(root))
    assert largest == pytest.approx(float(exact), rel=1e-12)
    assert ap.errors()[3].largest == pytest.approx(float(exact), rel=1e-10)


# ---------------------------------------------------------------- Padé


def lambert_convergent(depth: int) -> tuple[list[Fraction], list[Fraction]]:
    """P/Q of z/(1 + z^2/(3 + z^2/(5 + ... + z^2/(2 depth - 1)))), lowest power first."""
    numerator, denominator = [Fraction(2 * depth - 1)], [Fraction(1)]  # the last level
    for level in range(depth - 1, 0, -1):  # (2 level - 1) + z^2 * denominator / numerator
        numerator, denominator = (
            _add(_scale(numerator, 2 * level - 1), [0, 0, *denominator]),
            numerator,
        )
    # tanh z = z * denominator / numerator at the top level (level 1 is 1 + z^2/...)
    return [Fraction(0), *denominator], numerator


def _scale(p: list[Fraction], c: int) -> list[Fraction]:
    return [c * a for a in p]


def _add(p: list, q: list) -> list[Fraction]:
    n = max(len(p), len(q))
    return [Fraction((p[k] if k < len(p) else 0) + (q[k] if k < len(q) else 0)) for k in range(n)]


def _normalised(p: list[Fraction], q: list[Fraction]) -> tuple[list[Fraction], list[Fraction]]:
    while p and p[-1] == 0:
        p = p[:-1]
    while q and q[-1] == 0:
        q = q[:-1]
    return [a / q[0] for a in p], [a / q[0] for a in q]


def test_pade_coefficients_are_whole_numbers_shown_on_the_page():
    numerator, denominator = ap.pade_tanh_integers()
    assert numerator == (0, 135135, 0, 17325, 0, 378, 0, 1)
    assert denominator == (135135, 0, 62370, 0, 3150, 0, 28)
    text = PAGE.read_text(encoding="utf-8")
    equation = text[text.index("N(w) &=") : text.index("\\label{pade}")]
    shown = [int(n) for n in re.findall(r"(?<![\^{])\b\d+\b", equation)]
    written = [c for c in numerator if c][:-1] + [c for c in denominator if c]  # w^3 in N: 1
    assert shown == written, "the page shows N's and D's coefficients, lowest power first"


def test_pade_equals_lamberts_continued_fraction():
    p, q = ap.pade(ap.tanh_taylor(14), 7, 6)
    assert _normalised(*lambert_convergent(7)) == _normalised(p, q)
    # and smaller orders of the same construction, too
    assert _normalised(*lambert_convergent(2)) == _normalised(*ap.pade(ap.tanh_taylor(4), 1, 2))


def test_pade_against_the_taylor_series_of_tanh():
    series = mp.taylor(mp.tanh, 0, 16)  # numerical derivatives at 160 bits
    exact = ap.tanh_taylor(17)
    for a, b in zip(exact, series, strict=True):
        assert float(a) == pytest.approx(float(b), rel=1e-14, abs=1e-30)
    p, q = (list(map(Fraction, c)) for c in ap.pade_tanh_integers())
    product = [
        sum((q[j] * exact[k - j] for j in range(len(q)) if 0 <= k - j < len(exact)), Fraction(0))
        for k in range(17)
    ]
    residual = [product[k] - (p[k] if k < len(p) else 0) for k in range(17)]
    assert all(r == 0 for r in residual[:15])  # Q tanh - P = O(z^15): r - tanh = O(z^15)
    assert residual[15] != 0


def test_pade_cutoff_and_monotonicity():
    numerator, denominator = (np.polynomial.Polynomial(c) for c in ap.pade_tanh_integers())
    z_c = ap.pade_cutoff()
    assert float(mp.mpf(numerator(z_c)) / mp.mpf(denominator(z_c))) == pytest.approx(1, abs=1e-14)
    roots = (numerator - denominator).roots()
    positive = sorted(r.real for r in roots if abs(r.imag) < 1e-9 and r.real > 0)
    assert positive[0] == pytest.approx(z_c, rel=1e-12)
    slope = numerator.deriv() * denominator - numerator * denominator.deriv()
    assert not any(abs(r.imag) < 1e-9 and 0 <= r.real <= z_c for r in slope.roots()), (
        "r' has no zero on [0, z_c]"
    )
    assert slope(1.0) > 0
    assert all(c > 0 for c in ap.pade_tanh_integers()[1][::2])  # D > 0: no real pole


def test_pade_largest_error_is_at_its_corner():
    z_c = ap.pade_cutoff()
    exact = float(exact_sigmoid(mp.mpf(-2 * z_c)))
    assert ap.errors()[4].largest == pytest.approx(exact, rel=1e-9)
    assert ap.errors()[4].at == pytest.approx(2 * z_c, abs=1e-9)
    x = np.linspace(0, 2 * z_c * (1 - 1e-12), 200_001)
    inside = np.abs(ap.pade_sigmoid(x) - np.asarray(sigmoid(x)))
    assert inside.max() <= exact
    assert ap.pade_sigmoid(np.array([1e300, -1e300, np.inf])).tolist() == [1.0, 0.0, 1.0]


# ---------------------------------------------------------------- lookup table


def test_table_is_exact_at_its_nodes_and_clamped_outside():
    nodes, values, _ = ap.table_nodes()
    assert nodes.size == 1025 and nodes[0] == -16 and nodes[-1] == 16
    assert np.all(np.diff(nodes) == 1 / 32)
    assert np.array_equal(values, np.asarray(sigmoid(nodes)))
    assert np.array_equal(ap.lookup_table(nodes), values)
    outside = ap.lookup_table(np.array([-16.5, -1e300, 16.5, 1e300]))
    assert outside.tolist() == [values[0], values[0], values[-1], values[-1]]


def test_table_error_within_the_interpolation_bound():
    bound = ap.interpolation_bound()
    peak = math.log(2 + math.sqrt(3))
    second = float(mp.diff(exact_sigmoid, mp.mpf(peak), 2))
    assert abs(second) == pytest.approx(1 / (6 * math.sqrt(3)), rel=1e-12)
    assert float(mp.diff(exact_sigmoid, mp.mpf(peak), 3)) == pytest.approx(0, abs=1e-15)
    assert bound == pytest.approx((1 / 32) ** 2 / 8 * abs(second), rel=1e-12)
    found = ap.errors()[5]
    assert 0.99 * bound < found.largest <= bound
    assert abs(found.at - peak) < 1 / 32
    assert VALUES["table_bytes"].compute() == 2 * 1025 * 8


# ---------------------------------------------------------------- registry, speed, figure


def test_registered_values_agree_with_the_search():
    e = ap.errors()
    assert VALUES["plan_jump_denominator"].compute() == 256
    assert VALUES["fast_sigmoid_error"].compute() == pytest.approx(e[3].largest, rel=1e-9)
    assert VALUES["pade_error"].compute() == pytest.approx(e[4].largest, rel=1e-9)
    assert VALUES["table_error"].compute() == e[5].largest
    assert VALUES["search_range"].compute() == ap.SEARCH == 40
    assert ap.GRID_STEP == 1 / 8192
    assert VALUES["plan_most_negative_error"].compute() == -ap.plan_extremes()[2] > 0
    assert VALUES["approximation_block_size"].compute() == functions.BLOCK_SIZE


def test_errors_table_rows():
    header, rows = ap.approximation_errors()
    assert len(header) == 5 and len(rows) == 6
    assert rows[0][1:3] == ["0.0692", "±1.317"]
    assert [row[3] for row in rows if row[3] == "unbounded"] == ["unbounded"] * 2
    assert rows[2][3] == "1 (0 for x ≤ −5)"


def test_speed_table_rows_without_timing_assertions():
    threads = functions.THREADS
    seconds = ap.measure_speed(size=50_000, rounds=1)
    assert threads == functions.THREADS  # restored after the one-thread run
    header, rows = ap.speed_table(seconds)
    assert len(header) == 4
    assert [row[0] for row in rows] == list(ap.contenders())
    assert len(rows) == 8 and rows[1][0] == "`sigmoid_core.sigmoid`, one thread"
    assert rows[0][2] == "1.00×" and rows[1][3] == "1.00×"
    for row in rows:
        assert float(row[1]) >= 0 and float(row[2].rstrip("×")) > 0


def test_measured_items_are_the_two_named_tables():
    """Everything timed lives in approximation-speed; the machine in measured-machine. The
    lead excludes exactly these from the two-clean-builds comparison."""
    assert TABLES["approximation-speed"].compute is ap.approximation_speed
    assert TABLES["measured-machine"].compute is ap.measured_machine
    header, rows = ap.measured_machine()
    assert header == ["Measured on", "Value"]
    assert {row[0] for row in rows} >= {"processor", "NumPy", "cores this process may use"}
    assert ap.SPEED_SIZE == 10**7


def test_figure_description_matches_the_errors():
    e = [found.largest for found in ap.errors()]
    assert all(0.05 < e[k] < 0.2 for k in (0, 1, 3))  # "about 0.07 to 0.15"
    assert 0.015 < e[2] < 0.025  # PLAN "about 0.02"
    assert e[4] < 1e-4 and e[5] < 1e-4
    assert "approximation-error-curves" in FIGURES


def test_slope_formula_used_for_the_tangent_points():
    """sigma' = sigma (1 - sigma) = (1 - tanh^2(x/2)) / 4 = 1 / (4 cosh^2(x/2))."""
    for x in np.linspace(-20, 20, 81):
        t = mp.mpf(float(x))
        s, w = exact_sigmoid(t), mp.tanh(t / 2)
        assert mp.almosteq(s * (1 - s), (1 - w**2) / 4, 1e-40)
        assert mp.almosteq(s * (1 - s), 1 / (4 * mp.cosh(t / 2) ** 2), 1e-40)
        assert mp.almosteq(s, (1 + w) / 2, 1e-40)
