"""The low-precision page: each table and value derived again by other means.

Formats' properties against ``np.finfo``/``ml_dtypes.finfo`` and their bit patterns; the
thresholds against the closed forms proven on the page, against brute force over every
value (mpmath for the 8-bit formats, the core for the 16-bit ones) and against mpmath at
the neighbours of each threshold; how the textbook formulas are evaluated; the worst
errors recomputed; the exhaustive bfloat16 claim; the mixed-precision examples.
"""

from __future__ import annotations

import math
from pathlib import Path

import ml_dtypes
import mpmath as mp
import numpy as np
import pytest

from sigmoid_core import sigmoid, sigmoid_derivative
from sigmoid_core.website.content import numerics, precision
from sigmoid_core.website.content.precision import (
    BF16,
    DTYPES,
    E4M3,
    E5M2,
    EXHAUSTIVE,
    exact_sigmoid_pair,
    format_of,
    round_to_format,
)
from sigmoid_core.website.content.registry import VALUES

PAGE = Path(__file__).resolve().parents[2] / "docs" / "low-precision.md"
NARROW = [BF16, E4M3, E5M2]
F16 = np.dtype(np.float16)


def value(name: str) -> float:
    return float(VALUES[name].compute())


def neighbours(x: float, dtype: np.dtype) -> tuple[float, float]:
    """The numbers of the format just below and just above x (x one of them)."""
    if dtype in EXHAUSTIVE:
        values = precision.every_value(dtype).astype(np.float64)
        values = np.unique(values)  # -0 and +0 merge
        i = int(np.searchsorted(values, x))
        assert values[i] == x
        return float(values[i - 1]), float(values[i + 1])
    v = np.asarray(x, dtype=dtype)
    return (
        float(np.nextafter(v, dtype.type(-np.inf))),
        float(np.nextafter(v, dtype.type(np.inf))),
    )


def rounded(x: float, dtype: np.dtype, derivative: bool = False) -> float:
    """RN of the exact sigma (or sigma') at x, in mpmath, one value at a time."""
    return round_to_format(exact_sigmoid_pair(x)[1 if derivative else 0], format_of(dtype))


def smallest_at_or_above(bound: mp.mpf, dtype: np.dtype) -> float:
    """The first number of the format at or above a real bound (0 < bound < max)."""
    if dtype in EXHAUSTIVE:
        values = np.unique(precision.every_value(dtype).astype(np.float64))
        i = int(np.searchsorted(values, float(bound)))
        while mp.mpf(values[i]) < bound:
            i += 1
        while mp.mpf(values[i - 1]) >= bound:
            i -= 1
        return float(values[i])
    candidate = np.asarray(float(bound), dtype=dtype)[()]
    while mp.mpf(float(candidate)) < bound:
        candidate = np.nextafter(candidate, dtype.type(np.inf))
    while mp.mpf(float(np.nextafter(candidate, dtype.type(0)))) >= bound:
        candidate = np.nextafter(candidate, dtype.type(0))
    return float(candidate)


# ---------------------------------------------------------------- formats


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_format_properties_equal_finfo(dtype):
    fmt = format_of(dtype)
    info = np.finfo(dtype) if dtype.type in (np.float16, np.float32, np.float64) else None
    info = info or ml_dtypes.finfo(dtype)
    assert fmt.bits == info.nmant + 1
    assert fmt.largest == float(info.max)
    assert fmt.smallest_normal == float(info.smallest_normal) == 2.0**fmt.min_exponent
    assert fmt.smallest_subnormal == float(info.smallest_subnormal)
    assert fmt.smallest_subnormal == 2.0 ** (fmt.min_exponent - fmt.bits + 1)
    header, rows = precision.format_properties()
    row = rows[DTYPES.index(dtype)]
    assert row[0] == f"`{dtype.name}`" and int(row[1]) == fmt.bits
    assert float(row[2]) == pytest.approx(fmt.largest, rel=1e-5)
    assert row[3] == f"$2^{{{fmt.min_exponent}}}$"
    assert row[4] == f"$2^{{{fmt.min_exponent - fmt.bits + 1}}}$"


@pytest.mark.parametrize(
    ("dtype", "finite"), [(F16, 63488), (BF16, 65280), (E4M3, 254), (E5M2, 248)], ids=str
)
def test_every_value_and_the_formats_from_their_bit_patterns(dtype, finite):
    values = precision.every_value(dtype).astype(np.float64)
    assert len(values) == finite
    assert np.all(np.diff(values) >= 0)
    fmt = format_of(dtype)
    positive = values[values > 0]
    assert positive.max() == fmt.largest and positive.min() == fmt.smallest_subnormal
    # Significant bits: 1 + 2**(1 - p) is the number after 1.
    assert positive[np.searchsorted(positive, 1.0) + 1] == 1 + 2.0 ** (1 - fmt.bits)
    np.testing.assert_array_equal(np.sort(-values), values)  # symmetric


def test_e4m3_has_no_infinity_and_overflows_to_nan():
    assert not np.any(np.isinf(precision.every_value(E4M3).astype(np.float64)))
    cast = np.array([448.0, 463.9, 465.0, np.inf], np.float32).astype(E4M3).astype(np.float64)
    assert cast[0] == cast[1] == value("e4m3_largest") == 448
    assert np.isnan(cast[2]) and np.isnan(cast[3])


# ---------------------------------------------------------------- rounding


@pytest.mark.parametrize("dtype", EXHAUSTIVE, ids=str)
def test_vectorised_rounding_equals_rounding_in_mpmath(dtype):
    exact = precision.exact_at_points(dtype)
    fmt = format_of(dtype)
    picks = np.linspace(0, len(exact.x) - 1, 400).astype(int)
    with mp.workprec(200):
        for i in picks.tolist():
            sigma, derivative = exact_sigmoid_pair(float(exact.x[i]))
            assert exact.sigma_rounded[i] == round_to_format(sigma, fmt)
            assert exact.derivative_rounded[i] == round_to_format(derivative, fmt)


def test_vectorised_rounding_settles_a_float64_midpoint_by_the_rest():
    fmt = format_of(BF16)
    midpoint = 1 + 2.0**-8  # between 1 and 1 + 2**-7
    hi = np.array([midpoint, midpoint, midpoint, 0.75 + 2.0**-8 + 2.0**-9])
    lo = np.array([1e-30, -1e-30, 0.0, 0.0])
    np.testing.assert_array_equal(
        precision.round_pairs(hi, lo, fmt), [1 + 2.0**-7, 1.0, 1.0, 0.75 + 2.0**-7]
    )
    with mp.workprec(200):
        assert round_to_format(mp.mpf(midpoint) + mp.mpf(2) ** -100, fmt) == 1 + 2.0**-7
        assert round_to_format(mp.mpf(midpoint) - mp.mpf(2) ** -100, fmt) == 1.0
    assert round_to_format(mp.mpf(0.75 + 2.0**-8 + 2.0**-9), fmt) == 0.75 + 2.0**-7  # to even


def test_the_double_rounding_trap_of_the_cast():
    above_tie = np.array([1 + 2**-8 + 2**-30])
    assert above_tie.astype(BF16).astype(np.float64)[0] == 1.0
    assert round_to_format(mp.mpf(above_tie[0]), format_of(BF16)) == 1 + 2**-7


# ---------------------------------------------------------------- thresholds


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_thresholds_equal_the_closed_forms(dtype):
    fmt = format_of(dtype)
    p, e_min = fmt.bits, fmt.min_exponent
    with mp.workprec(200):
        to_one = mp.log(mp.mpf(2) ** (p + 1) - 1)
        to_zero = mp.log(mp.mpf(2) ** (p - e_min) - 1)
        assert precision.sigma_rounds_to_one_x(dtype) == smallest_at_or_above(to_one, dtype)
        assert precision.sigma_rounds_to_zero_x(dtype) == -smallest_at_or_above(to_zero, dtype)
    # sigma' underflows within log 2 of sigma's threshold, here on the same number.
    assert precision.derivative_rounds_to_zero_x(dtype) == -precision.sigma_rounds_to_zero_x(dtype)


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_derivative_underflow_lies_a_little_over_log_2_inside_sigmas(dtype):
    """sigma' <= h wherever sigma(-|x|) <= h, and nowhere sigma(-|x|) > 2h: the second
    bound starts log(2(1 - h)/(1 - 2h)) nearer to 0, a little more than log 2."""
    fmt = format_of(dtype)
    with mp.workprec(200):
        h = mp.ldexp(1, fmt.min_exponent - fmt.bits)  # half the smallest subnormal
        assert fmt.dtype == np.float64 or h == fmt.half_smallest_subnormal
        inner, outer = mp.log(1 / (2 * h) - 1), mp.log(1 / h - 1)  # sigma(-t) = 2h, h
        excess = mp.log1p(h / (1 - 2 * h))  # (outer - inner) - log 2 = log((1-h)/(1-2h))
        assert abs((outer - inner) - (mp.log(2) + excess)) < mp.mpf(10) ** -50
        assert 0 < excess < 2 * h
        sigma, derivative = exact_sigmoid_pair(-float(inner) * (1 - 1e-9))
        assert sigma > 2 * h and derivative > h
        sigma, derivative = exact_sigmoid_pair(-float(outer) * (1 + 1e-12))
        assert sigma <= h and derivative <= h


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_thresholds_at_their_neighbours_in_mpmath(dtype):
    one = precision.sigma_rounds_to_one_x(dtype)
    below, _ = neighbours(one, dtype)
    assert rounded(one, dtype) == 1.0 and rounded(below, dtype) < 1.0
    zero = precision.sigma_rounds_to_zero_x(dtype)
    _, above = neighbours(zero, dtype)
    assert rounded(zero, dtype) == 0.0 and rounded(above, dtype) > 0.0
    flat = precision.derivative_rounds_to_zero_x(dtype)
    below, _ = neighbours(flat, dtype)
    assert rounded(flat, dtype, derivative=True) == 0.0
    assert rounded(below, dtype, derivative=True) > 0.0
    # Beyond the thresholds nothing changes: far out too.
    assert rounded(2 * one, dtype) == 1.0 and rounded(2 * zero, dtype) == 0.0


@pytest.mark.parametrize("dtype", [E4M3, E5M2], ids=str)
def test_eight_bit_thresholds_by_brute_force_in_mpmath(dtype):
    xs = np.unique(precision.every_value(dtype).astype(np.float64)).tolist()
    ones = [x for x in xs if rounded(x, dtype) == 1.0]
    zeros = [x for x in xs if rounded(x, dtype) == 0.0]
    flat = [x for x in xs if x >= 0 and rounded(x, dtype, derivative=True) == 0.0]
    assert min(ones) == precision.sigma_rounds_to_one_x(dtype)
    assert ones == [x for x in xs if x >= min(ones)]
    assert max(zeros) == precision.sigma_rounds_to_zero_x(dtype)
    assert min(flat) == precision.derivative_rounds_to_zero_x(dtype)


@pytest.mark.parametrize("dtype", [F16, BF16], ids=str)
def test_sixteen_bit_thresholds_by_brute_force_with_the_core(dtype):
    x = precision.every_value(dtype)
    xs = x.astype(np.float64)
    sigma = sigmoid(x).astype(np.float64)
    derivative = sigmoid_derivative(x).astype(np.float64)
    assert xs[sigma == 1].min() == precision.sigma_rounds_to_one_x(dtype)
    assert xs[sigma == 0].max() == precision.sigma_rounds_to_zero_x(dtype)
    assert xs[(derivative == 0) & (xs >= 0)].min() == precision.derivative_rounds_to_zero_x(dtype)


def emulated_textbook(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """1/(1+exp(-x)) and s(1-s) as float32 operations (exp correctly rounded to float32),
    each result rounded to x's type: what the page says ml_dtypes' loops do."""
    t, f32 = x.dtype, np.float32

    def to_type(a: np.ndarray) -> np.ndarray:
        return a.astype(t).astype(f32)

    with np.errstate(all="ignore"):
        x32 = x.astype(f32)
        e = to_type(np.exp(-x32.astype(np.float64)).astype(f32))
        s = to_type(f32(1) / to_type(f32(1) + e))
        d = to_type(s * to_type(f32(1) - s))
    return s.astype(np.float64), d.astype(np.float64)


@pytest.mark.parametrize("dtype", NARROW, ids=str)
def test_the_textbook_formulas_are_float32_operations_rounded_to_the_format(dtype):
    x = precision.every_value(dtype)
    s, d = emulated_textbook(x)
    np.testing.assert_array_equal(precision.textbook_sigmoid_in(x).astype(np.float64), s)
    np.testing.assert_array_equal(precision.textbook_derivative_in(x).astype(np.float64), d)
    assert precision.textbook_sigmoid_in(x).dtype == dtype
    # Why the constant 1 is given the format: a Python 1.0 promotes these types.
    assert (1.0 + x).dtype != dtype


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_textbook_derivative_returns_zero_where_sigma_prime_is_normal(dtype):
    x = precision.textbook_derivative_zero_x(dtype)
    below, _ = neighbours(x, dtype)
    at = np.asarray([below, x], dtype=dtype)
    result = precision.textbook_derivative_in(at).astype(np.float64)
    assert result[0] > 0 and result[1] == 0
    assert precision.textbook_sigmoid_in(at[1:]).astype(np.float64)[0] == 1.0
    exact = float(exact_sigmoid_pair(x)[1])
    assert exact >= format_of(dtype).smallest_normal
    assert x < precision.derivative_rounds_to_zero_x(dtype)
    if dtype in EXHAUSTIVE:  # and it stays 0 at every larger value
        values = precision.every_value(dtype)
        larger = values[values.astype(np.float64) >= x]
        assert np.all(precision.textbook_derivative_in(larger).astype(np.float64) == 0)


@pytest.mark.parametrize("dtype", [F16, np.dtype(np.float32), np.dtype(np.float64)], ids=str)
def test_rows_agree_with_the_numerics_page(dtype):
    _, rows = numerics.saturation_thresholds()
    row = next(r for r in rows if r[0] == dtype.name)
    assert float(row[1]) == pytest.approx(precision.sigma_rounds_to_one_x(dtype), rel=1e-5)
    assert float(row[2]) == pytest.approx(precision.textbook_derivative_zero_x(dtype), rel=1e-5)
    assert float(row[3]) == pytest.approx(precision.sigma_rounds_to_zero_x(dtype), rel=1e-5)


def test_bfloat16_values_quoted_in_the_text():
    assert value("bfloat16_sigma_one_bound") == pytest.approx(math.log(511))
    assert value("bfloat16_sigma_one_x") == 6.25 >= math.log(511)
    assert value("bfloat16_derivative_zero_x") > 10 * value("bfloat16_textbook_zero_x")
    assert value("bfloat16_derivative_at_textbook_zero") == pytest.approx(
        float(sigmoid_derivative(value("bfloat16_textbook_zero_x"))), rel=1e-12
    )


# ---------------------------------------------------------------- errors


def errors_in_mpmath(dtype: np.dtype) -> precision.Errors:
    """Worst relative errors, each computed in mpmath one value at a time."""
    fmt = format_of(dtype)
    x = precision.every_value(dtype)
    results = {
        "core": sigmoid(x).astype(np.float64),
        "sigma": precision.textbook_sigmoid_in(x).astype(np.float64),
        "derivative": precision.textbook_derivative_in(x).astype(np.float64),
    }
    worst = {"core": 0.0, "sigma": 0.0, "nonzero": 0.0, "derivative": 0.0}
    with mp.workprec(200):
        for i, t in enumerate(x.astype(np.float64).tolist()):
            sigma, derivative = exact_sigmoid_pair(t)
            for name, exact in (("core", sigma), ("sigma", sigma), ("derivative", derivative)):
                if exact < fmt.smallest_normal:
                    continue
                got = results[name][i]
                error = 1.0 if got == 0 else float(abs(mp.mpf(got) - exact) / exact)
                worst[name] = max(worst[name], error)
                if name == "derivative" and got != 0:
                    worst["nonzero"] = max(worst["nonzero"], error)
    return precision.Errors(
        worst["core"], worst["sigma"], worst["nonzero"], worst["derivative"], len(x)
    )


@pytest.mark.parametrize("dtype", [E4M3, E5M2], ids=str)
def test_worst_errors_of_the_eight_bit_formats_in_mpmath(dtype):
    got, expected = precision.worst_errors(dtype), errors_in_mpmath(dtype)
    for field in ("core_sigma", "textbook_sigma", "textbook_derivative_nonzero"):
        assert getattr(got, field) == pytest.approx(getattr(expected, field), rel=1e-12)
    assert got.textbook_derivative == expected.textbook_derivative == 1.0


@pytest.mark.parametrize("dtype", [F16, BF16], ids=str)
def test_worst_errors_of_the_sixteen_bit_formats_against_the_core_in_float64(dtype):
    """The core's float64 sigma and sigma' (within 4 ulp) as the reference instead."""
    fmt = format_of(dtype)
    x = precision.every_value(dtype)
    xs = x.astype(np.float64)
    sigma, derivative = sigmoid(xs), sigmoid_derivative(xs)

    def worst(got, exact, nonzero=False):
        got = got.astype(np.float64)
        keep = exact >= fmt.smallest_normal
        if nonzero:
            keep &= got != 0
        return float(np.max(np.abs(got - exact)[keep] / exact[keep]))

    errors = precision.worst_errors(dtype)
    assert errors.core_sigma == pytest.approx(worst(sigmoid(x), sigma), rel=1e-9)
    assert errors.textbook_sigma == pytest.approx(
        worst(precision.textbook_sigmoid_in(x), sigma), rel=1e-9
    )
    textbook = precision.textbook_derivative_in(x)
    assert errors.textbook_derivative_nonzero == pytest.approx(
        worst(textbook, derivative, nonzero=True), rel=1e-9
    )
    assert errors.textbook_derivative == 1.0


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_error_table_rows(dtype):
    fmt = format_of(dtype)
    errors = precision.worst_errors(dtype)
    if dtype != np.float64:  # rounded once from float64: below u (u / (1 + u) if exact)
        assert errors.core_sigma < fmt.unit_roundoff
    else:  # within 2 ulp, each at most 2**-52 relative
        assert errors.core_sigma <= 2 * 2.0**-52
    assert errors.textbook_sigma < 4 * fmt.unit_roundoff
    assert errors.textbook_derivative == 1.0
    assert errors.points == (len(precision.every_value(dtype)) if dtype in EXHAUSTIVE else 4000)
    _, rows = precision.worst_relative_errors()
    row = rows[DTYPES.index(dtype)]
    assert float(row[1]) == pytest.approx(fmt.unit_roundoff, rel=0.01)
    assert float(row[2]) == pytest.approx(errors.core_sigma, rel=0.01)


def test_the_sample_is_seeded_and_spans_both_tails():
    for dtype in (np.dtype(np.float32), np.dtype(np.float64)):
        sample = precision.sample(dtype)
        np.testing.assert_array_equal(sample, precision.sample(dtype))
        reach = -precision.sigma_rounds_to_zero_x(dtype)
        assert sample.dtype == dtype and np.all(np.abs(sample) <= reach)
        assert sample.min() < -0.9 * reach and sample.max() > 0.9 * reach
        assert np.sum(np.abs(sample) <= precision.BEND) >= precision.SAMPLE_HALF


def test_e4m3_textbook_sigma_returns_nan_where_exp_overflows():
    x = value("e4m3_textbook_nan_x")
    _, above = neighbours(x, E4M3)
    at = np.array([x, above], dtype=E4M3)
    result = precision.textbook_sigmoid_in(at).astype(np.float64)
    assert np.isnan(result[0]) and np.isfinite(result[1])
    assert math.exp(-x) > value("e4m3_largest")
    assert rounded(x, E4M3) > 0  # the correctly rounded sigma is a subnormal number there
    assert rounded(x, E4M3) < format_of(E4M3).smallest_normal
    assert value("e4m3_sigma_zero_x") < x


# ---------------------------------------------------------------- the core in bfloat16


def test_core_is_correctly_rounded_at_every_bfloat16_value():
    exact = precision.exact_at_points(BF16)
    x = exact.x.astype(BF16)
    np.testing.assert_array_equal(sigmoid(x).astype(np.float64), exact.sigma_rounded)
    np.testing.assert_array_equal(
        sigmoid_derivative(x).astype(np.float64), exact.derivative_rounded
    )
    assert len(x) == value("bfloat16_finite_values") == 65280
    assert value("bfloat16_patterns") == 65536
    assert 0.49 < value("bfloat16_core_worst_ulps") <= 0.5
    assert 0.49 < value("bfloat16_core_derivative_worst_ulps") <= 0.5
    # A float64 result within 2 float64 ulp cannot cross a midpoint this far away.
    assert value("bfloat16_closest_tie") > 2.0**-44


def test_the_input_closest_to_a_tie_and_the_cast_through_float32():
    x = value("bfloat16_closest_tie_x")
    fmt = format_of(BF16)
    with mp.workprec(200):
        sigma = exact_sigmoid_pair(x)[0]
        result = round_to_format(sigma, fmt)
        _, exponent = mp.frexp(sigma)
        ulp = mp.ldexp(1, int(exponent) - fmt.bits)
        # The nearest midpoint of bfloat16 numbers, and sigma's distance from it in ulp.
        midpoint = (mp.floor(sigma / ulp - mp.mpf(0.5)) + mp.mpf(0.5)) * ulp
        distance = abs(sigma - midpoint) / ulp
    assert float(distance) == pytest.approx(value("bfloat16_closest_tie"), rel=1e-6)
    through_float32 = np.float32(sigmoid(np.float64(x)))
    assert mp.mpf(float(through_float32)) == midpoint  # the float32 step lands on the tie
    cast = float(np.asarray(sigmoid(np.float64(x))).astype(BF16))
    assert cast == result == value("bfloat16_closest_tie_result")  # ... and ties to even
    assert value("bfloat16_double_rounding_count") == 0


# ---------------------------------------------------------------- mixed precision


def test_worked_example_probability_form_is_infinite_logit_form_is_not():
    z, y = value("example_logit"), value("example_label")
    assert z >= value("bfloat16_sigma_one_x")
    assert value("example_probability_bfloat16") == 1.0
    assert value("example_log_one_minus_p") == -math.inf
    assert value("example_probability_loss") == math.inf
    logit_loss = value("example_logit_loss")
    assert math.isfinite(logit_loss)
    exact = value("example_exact_loss")
    assert exact == pytest.approx(math.log1p(math.exp(z)) - z * y, rel=1e-15)
    # The bfloat16 result is the bfloat16 number nearest the exact loss.
    assert logit_loss == round_to_format(mp.mpf(exact), format_of(BF16))
    assert abs(logit_loss - exact) < value("bfloat16_spacing_at_example") / 2
    assert value("bfloat16_spacing_at_example") == 8 * 2.0**-7


def test_loss_scaling_example():
    x, scale = value("scaling_x"), value("loss_scale")
    gradient = float(sigmoid_derivative(x))
    assert value("scaling_derivative") == pytest.approx(gradient, rel=1e-3)
    info = np.finfo(np.float16)
    assert info.smallest_subnormal < gradient < info.smallest_normal
    assert scale * gradient > info.smallest_normal
    unscaled = float(np.float16(gradient))
    assert value("float16_unscaled_error") == pytest.approx(
        abs(unscaled - gradient) / gradient, rel=1e-6
    )
    scaled = float(np.float32(np.float16(gradient * scale)) / np.float32(scale))
    assert value("float16_scaled_error") == pytest.approx(
        abs(scaled - gradient) / gradient, rel=1e-6
    )
    assert value("float16_scaled_error") <= 2.0**-11


def test_eight_bit_values_quoted_on_the_page():
    assert value("e4m3_sigma_one_x") == precision.sigma_rounds_to_one_x(E4M3)
    assert value("e5m2_sigma_one_x") == precision.sigma_rounds_to_one_x(E5M2)
    assert value("e5m2_core_worst_error") == precision.worst_errors(E5M2).core_sigma
    assert value("e5m2_core_worst_error") < format_of(E5M2).unit_roundoff


def test_every_value_of_the_module_is_on_the_page():
    text = PAGE.read_text(encoding="utf-8")
    for name, item in VALUES.items():
        if item.compute.__module__ == precision.__name__:
            assert f"{{{{ value:{name} }}}}" in text, name
