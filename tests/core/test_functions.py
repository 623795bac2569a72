"""Behaviour of sigmoid_core's public functions: types, shapes, special values, errors."""

import functools
import itertools
import multiprocessing
import os
import subprocess
import sys
import threading
import time
import warnings
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

import sigmoid_core as sc
import sigmoid_core.functions as functions
from sigmoid_core import (
    MAX_DERIVATIVE_ORDER,
    log_sigmoid,
    logit,
    sigmoid,
    sigmoid_derivative,
    softplus,
)

ALL = {
    "sigmoid": sigmoid,
    "sigmoid_derivative": sigmoid_derivative,
    "logit": logit,
    "log_sigmoid": log_sigmoid,
    "softplus": softplus,
}
FUNCTIONS = pytest.mark.parametrize("name", list(ALL))
CORES = len(os.sched_getaffinity(0))


def test_public_api_is_exactly_the_documented_names():
    assert set(sc.__all__) == {*ALL, "MAX_DERIVATIVE_ORDER"}


@FUNCTIONS
@pytest.mark.parametrize("value", [0.3, 1, np.float64(0.3), np.array(0.3)])
def test_scalar_in_gives_numpy_scalar_out(name, value):
    result = ALL[name](value)
    assert isinstance(result, np.float64)
    assert np.ndim(result) == 0


@FUNCTIONS
@pytest.mark.parametrize("shape", [(0,), (5,), (2, 3), (2, 1, 4)])
def test_shape_is_kept(name, shape):
    x = np.linspace(0.05, 0.95, int(np.prod(shape))).reshape(shape)
    assert ALL[name](x).shape == shape


@FUNCTIONS
def test_list_input_gives_float64_array(name):
    result = ALL[name]([0.25, 0.5, 0.75])
    assert isinstance(result, np.ndarray)
    assert result.dtype == np.float64
    np.testing.assert_array_equal(result, ALL[name](np.array([0.25, 0.5, 0.75])))


@FUNCTIONS
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_float_dtype_is_kept(name, dtype):
    x = np.array([0.1, 0.5, 0.9], dtype=dtype)
    assert ALL[name](x).dtype == dtype
    assert type(ALL[name](dtype(0.5))) is dtype


@FUNCTIONS
@pytest.mark.parametrize("dtype", [np.int8, np.int64, np.uint16, np.bool_])
def test_integer_and_bool_input_is_treated_as_float64(name, dtype):
    x = np.array([0, 1], dtype=dtype)
    result = ALL[name](x)
    assert result.dtype == np.float64
    np.testing.assert_array_equal(result, ALL[name](np.array([0.0, 1.0])))


@FUNCTIONS
def test_input_is_never_modified(name):
    x = np.array([-3.0, 0.2, 0.5, 4.0])
    before = x.copy()
    result = ALL[name](x)
    np.testing.assert_array_equal(x, before)
    assert not np.shares_memory(result, x)


@FUNCTIONS
def test_nan_propagates(name):
    assert np.isnan(ALL[name](np.nan))
    result = ALL[name]([0.5, np.nan])
    assert np.isnan(result[1]) and not np.isnan(result[0])


@pytest.mark.parametrize(
    ("function", "x", "expected"),
    [
        (sigmoid, np.inf, 1.0),
        (sigmoid, -np.inf, 0.0),
        (sigmoid, 0.0, 0.5),
        (sigmoid, -0.0, 0.5),
        (softplus, np.inf, np.inf),
        (softplus, -np.inf, 0.0),
        (log_sigmoid, np.inf, 0.0),
        (log_sigmoid, -np.inf, -np.inf),
        (logit, 0.0, -np.inf),
        (logit, 1.0, np.inf),
        (logit, 0.5, 0.0),
        (logit, -0.1, np.nan),
        (logit, 1.1, np.nan),
        (logit, np.inf, np.nan),
        (logit, -np.inf, np.nan),
    ],
)
def test_limits_and_special_values(function, x, expected):
    np.testing.assert_array_equal(function(x), expected)


@pytest.mark.parametrize("n", range(1, MAX_DERIVATIVE_ORDER + 1))
def test_every_derivative_vanishes_at_both_infinities(n):
    np.testing.assert_array_equal(sigmoid_derivative([-np.inf, np.inf], n), [0.0, 0.0])


EXTREMES = [
    -1e308,
    -1000.0,
    -746.0,
    -745.2,
    -709.8,
    -36.8,
    -1e-320,
    0.0,
    1e-320,
    36.8,
    709.8,
    745.2,
    1000.0,
    1e308,
    np.inf,
    -np.inf,
    np.nan,
]


@FUNCTIONS
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_no_floating_point_warning_anywhere(name, dtype):
    x = (
        np.array(EXTREMES).astype(dtype)
        if dtype is np.float64
        else np.array(
            [
                *np.finfo(dtype).min * np.array([1.0, 0.5]),
                -60000 / (2 if dtype is np.float16 else 1),
                np.finfo(dtype).smallest_subnormal,
                0,
                1,
                np.finfo(dtype).max,
                np.inf,
                -np.inf,
                np.nan,
            ],
            dtype=dtype,
        )
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            ALL[name](x)
            for value in x:
                ALL[name](value)
            if name == "sigmoid_derivative":
                for n in range(MAX_DERIVATIVE_ORDER + 1):
                    sigmoid_derivative(x, n)


def test_no_warning_for_large_magnitudes_as_python_scalars():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sigmoid(-1000) == 0.0
        assert sigmoid(1000) == 1.0
        assert softplus(1000) == 1000.0
        assert log_sigmoid(-1000) == -1000.0
        assert sigmoid_derivative(1000) == 0.0


@FUNCTIONS
@pytest.mark.parametrize(
    "bad",
    [
        "1.0",
        b"1",
        None,
        object(),
        1 + 2j,
        np.array([1j]),
        ["a", "b"],
        {"x": 1},
        np.array([1.0, "a"], dtype=object),
        np.array([None], dtype=object),
        [Fraction(1, 2), 1j],
        [Decimal("0.5"), "0.5"],
        [[1.0, 2.0], [3.0]],
    ],
)
def test_non_numeric_input_raises_type_error_naming_function_and_input(name, bad):
    with pytest.raises(TypeError) as error:
        ALL[name](bad)
    message = str(error.value)
    assert f"{name}()" in message
    assert "got" in message


def test_long_double_is_refused_rather_than_silently_truncated():
    with pytest.raises(TypeError, match="float64"):
        sigmoid(np.array([1.0], dtype=np.longdouble))


# ------------------------------------------- real numbers NumPy stores as objects

# Each value and its float64 rounding by Python's float(); a magnitude beyond float64's
# range rounds to +-inf, as IEEE arithmetic rounds an overflow.
REALS = [
    (Fraction(1, 3), 1 / 3),
    (Decimal("0.1"), 0.1),
    (2**70, 2.0**70),
    (2**53 + 1, 2.0**53),  # a tie, rounded to even as float() does
    (-(2**64) - 1, -(2.0**64)),
    (10**400, np.inf),
    (-(10**400), -np.inf),
    (Fraction(10**400, 3), np.inf),
    (Decimal("-1e400"), -np.inf),
    (np.float32(0.5), 0.5),
    (True, 1.0),
    (0.75, 0.75),
]


@FUNCTIONS
def test_python_real_numbers_of_any_size_are_evaluated_as_float64(name):
    values, rounded = zip(*REALS, strict=True)
    result = ALL[name](list(values))
    assert result.dtype == np.float64
    np.testing.assert_array_equal(result, ALL[name](np.array(rounded)))
    for value, as_float in REALS:
        if isinstance(value, np.generic):
            continue  # alone, a NumPy scalar keeps its dtype
        single = ALL[name](value)
        assert type(single) is np.float64
        np.testing.assert_array_equal(single, ALL[name](np.float64(as_float)))


def test_a_real_number_that_has_no_float64_value_says_why():
    with pytest.raises(ValueError, match=r"sigmoid\(\) cannot convert Decimal\('sNaN'\)"):
        sigmoid([Decimal("sNaN")])


# ---------------------------------------------------------------- masked arrays


@FUNCTIONS
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_masked_arrays_keep_their_mask_as_numpy_ufuncs_do(name, dtype):
    data = np.array([[0.2, 0.5, 0.9], [0.7, 0.1, 0.4]], dtype=dtype)
    x = np.ma.array(data, mask=[[False, True, False], [True, False, False]], fill_value=0.3)
    result = ALL[name](x)
    assert isinstance(result, np.ma.MaskedArray) and result.dtype == dtype
    np.testing.assert_array_equal(result.mask, np.exp(x).mask)
    np.testing.assert_array_equal(result.data, ALL[name](data))  # computed on the data
    assert result.fill_value == dtype(0.3)
    result.mask[0, 0] = True  # the result's mask is its own
    assert not x.mask[0, 0]


@FUNCTIONS
def test_masked_scalars_give_what_indexing_gives(name):
    assert ALL[name](np.ma.masked) is np.ma.masked
    assert ALL[name](np.ma.array(0.5, mask=True)) is np.ma.masked
    assert ALL[name](np.ma.array(0.5, mask=False)) == ALL[name](0.5)
    assert isinstance(ALL[name](np.ma.array([0.5])), np.ma.MaskedArray)  # without a mask


# ---------------------------------------------------------------- memory layouts


@FUNCTIONS
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int16])
@pytest.mark.parametrize("size", [3000, 4 * functions.PARALLEL_MIN_SIZE + 7])
def test_strided_and_transposed_input_give_the_contiguous_result(name, dtype, size):
    x = np.random.default_rng(size).uniform(-0.5, 1.5, 2 * size).astype(dtype)
    block = x[: size - size % 3].reshape(3, -1)
    for view in (x[::2], block.T, block[:, ::-1]):
        result = ALL[name](view)
        assert result.shape == view.shape
        assert result.tobytes() == ALL[name](view.copy()).tobytes()


@pytest.mark.parametrize(
    ("n", "error", "reason"),
    [
        (-1, ValueError, ">= 0"),
        (MAX_DERIVATIVE_ORDER + 1, ValueError, f"up to {MAX_DERIVATIVE_ORDER}"),
        (1.0, TypeError, "must be an int, got float"),
        (True, TypeError, "must be an int, got bool"),
        ("2", TypeError, "must be an int, got str"),
        (None, TypeError, "must be an int, got NoneType"),
    ],
)
def test_bad_derivative_order_says_why(n, error, reason):
    with pytest.raises(error, match=reason):
        sigmoid_derivative(0.5, n)


def test_numpy_integer_order_is_accepted():
    assert sigmoid_derivative(0.5, np.int64(2)) == sigmoid_derivative(0.5, 2)


def test_order_zero_is_sigmoid_and_default_order_is_one():
    x = np.linspace(-8, 8, 33)
    np.testing.assert_array_equal(sigmoid_derivative(x, 0), sigmoid(x))
    np.testing.assert_array_equal(sigmoid_derivative(x), sigmoid_derivative(x, 1))


def test_low_orders_match_their_closed_forms_in_sigma():
    x = np.linspace(-6, 6, 49)
    s = sigmoid(x)
    d1 = s * (1 - s)
    np.testing.assert_allclose(sigmoid_derivative(x, 1), d1, rtol=1e-14, atol=1e-17)
    np.testing.assert_allclose(sigmoid_derivative(x, 2), d1 * (1 - 2 * s), atol=1e-16)
    np.testing.assert_allclose(sigmoid_derivative(x, 3), d1 * (1 - 6 * s + 6 * s * s), atol=1e-16)


def test_derivatives_have_the_parity_of_their_order():
    x = np.linspace(0.1, 9, 40)
    for n in range(1, 11):
        sign = (-1) ** (n + 1)  # sigma' is even, so odd orders are even functions
        np.testing.assert_allclose(
            sigmoid_derivative(-x, n), sign * sigmoid_derivative(x, n), rtol=1e-13, atol=1e-300
        )


def test_the_derivative_keeps_its_tail_where_the_textbook_form_collapses():
    x = np.array([20.0, 36.8, 40.0, 700.0])
    s = 1 / (1 + np.exp(-x))  # the textbook sigma: 1 + e^-x rounds to 1 from x = 36.74
    assert (s * (1 - s))[1:].tolist() == [0.0, 0.0, 0.0]
    np.testing.assert_allclose(
        sigmoid_derivative(x), np.exp(-x) / (1 + np.exp(-x)) ** 2, rtol=4e-16
    )


def test_identities_hold_to_rounding():
    x = np.linspace(-30, 30, 241)
    np.testing.assert_allclose(sigmoid(-x), 1 - sigmoid(x), atol=1.2e-16)
    np.testing.assert_allclose(softplus(x) - softplus(-x), x, atol=8e-15)
    np.testing.assert_array_equal(log_sigmoid(x), -softplus(-x))
    # Near sigma = 1 a float64 holds sigma only to eps absolute: logit can recover x to
    # about eps / sigma'(x), so the round trip is checked where that is below 1e-9.
    middle = x[np.abs(x) <= 15]
    np.testing.assert_allclose(logit(sigmoid(middle)), middle, rtol=1e-9, atol=1e-14)


# ---------------------------------------------------------------- threads


def _large_input_with_special_values() -> np.ndarray:
    x = np.random.default_rng(1).uniform(-800, 800, 3 * functions.PARALLEL_MIN_SIZE + 12_345)
    specials = np.array(
        [
            np.nan,
            np.inf,
            -np.inf,
            0.0,
            -0.0,
            5e-324,
            -5e-324,
            1e308,
            -1e308,
            36.7,
            -36.7,
            709.8,
            -709.8,
            745.2,
            -745.2,
        ]
    )
    x[:: x.size // specials.size][: specials.size] = specials
    return x


def _as_float32(x: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):  # +-1e308 become +-inf
        return x.astype(np.float32)


EVERY_KERNEL = {
    **{
        f"sigmoid_derivative(x, {n})": functools.partial(sigmoid_derivative, n=n)
        for n in (1, 2, 7, MAX_DERIVATIVE_ORDER)
    },
    "sigmoid": sigmoid,
    "logit": logit,
    "log_sigmoid": log_sigmoid,
    "softplus": softplus,
}


@pytest.mark.parametrize("name", list(EVERY_KERNEL))
def test_threads_change_the_speed_never_the_result(name, monkeypatch):
    x = _large_input_with_special_values()
    x = x / 1600 + 0.5 if name == "logit" else x
    function, inputs = EVERY_KERNEL[name], (x, _as_float32(x))
    monkeypatch.setattr(functions, "THREADS", 1)
    one_thread = [function(x).tobytes() for x in inputs]
    for threads in (2, 3, 8):
        monkeypatch.setattr(functions, "THREADS", threads)
        assert [function(x).tobytes() for x in inputs] == one_thread, threads


def test_changing_the_thread_count_while_other_threads_compute_is_safe(monkeypatch):
    # Measured: these sizes and rates made the former design raise in 5 runs out of 5.
    x = _large_input_with_special_values()[: functions.PARALLEL_MIN_SIZE + 40_000]
    monkeypatch.setattr(functions, "THREADS", 2)  # restored when the test ends
    expected = sigmoid(x).tobytes()
    done = threading.Event()
    outcomes: list[object] = []

    def compute() -> None:
        try:
            outcomes.extend(sigmoid(x).tobytes() == expected for _ in range(10))
        except Exception as error:  # reported by the assertion below
            outcomes.append(error)

    def change() -> None:
        for threads in itertools.cycle([1, 2, 3, 8, 2]):
            if done.is_set():
                return
            functions.THREADS = threads
            time.sleep(1e-5)  # a busy loop would hold the GIL most of the time

    callers = [threading.Thread(target=compute) for _ in range(4)]
    changer = threading.Thread(target=change)
    for thread in [changer, *callers]:
        thread.start()
    for thread in callers:
        thread.join()
    done.set()
    changer.join()
    assert outcomes == [True] * 40


def _threads_running(kernel_name: str, size: int, monkeypatch) -> set[int]:
    seen: set[int] = set()
    kernel = getattr(functions, kernel_name)

    def recording_kernel(*arrays):
        seen.add(threading.get_ident())
        kernel(*arrays)

    monkeypatch.setattr(functions, kernel_name, recording_kernel)
    monkeypatch.setattr(functions, "THREADS", 2)
    (sigmoid if kernel_name == "_sigmoid_block" else sigmoid_derivative)(np.zeros(size))
    return seen


@pytest.mark.skipif(CORES < 2, reason="one usable core")
@pytest.mark.parametrize("kernel_name", ["_sigmoid_block", "_sigmoid_prime_block"])
def test_large_arrays_are_shared_between_threads_small_ones_are_not(kernel_name, monkeypatch):
    large = _threads_running(kernel_name, 4 * functions.PARALLEL_MIN_SIZE, monkeypatch)
    assert threading.get_ident() in large and len(large) == 2  # the caller and one worker
    small = _threads_running(kernel_name, functions.PARALLEL_MIN_SIZE - 1, monkeypatch)
    assert small == {threading.get_ident()}


def test_an_array_is_cut_into_no_more_parts_than_usable_cores(monkeypatch):
    parts = []
    run_blocks = functions._run_blocks

    def recording_run_blocks(kernel, x, out, start, stop, *rest):
        parts.append((start, stop))
        run_blocks(kernel, x, out, start, stop, *rest)

    monkeypatch.setattr(functions, "_run_blocks", recording_run_blocks)
    monkeypatch.setattr(functions, "THREADS", 64)
    sigmoid(np.zeros(16 * functions.PARALLEL_MIN_SIZE))
    assert len(parts) == CORES


def test_worker_threads_emit_no_floating_point_warning(monkeypatch):
    monkeypatch.setattr(functions, "THREADS", 2)
    x = _large_input_with_special_values()
    x32 = _as_float32(x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            for function in EVERY_KERNEL.values():
                function(x)
                function(x32)


@pytest.mark.parametrize(
    ("setting", "threads"),
    [(None, CORES), ("", CORES), (" ", CORES), ("1", 1), ("3", min(3, CORES)), ("1000", CORES)],
)
def test_thread_count_comes_from_the_environment_at_most_the_usable_cores(
    setting, threads, monkeypatch
):
    if setting is None:
        monkeypatch.delenv("SIGMOID_CORE_THREADS", raising=False)
    else:
        monkeypatch.setenv("SIGMOID_CORE_THREADS", setting)
    assert functions.threads_from_environment() == threads


def test_an_empty_thread_setting_does_not_break_the_import():
    child = subprocess.run(
        [sys.executable, "-c", "import sigmoid_core.functions as f; print(f.THREADS)"],
        env={**os.environ, "SIGMOID_CORE_THREADS": ""},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert int(child.stdout) == CORES


@pytest.mark.parametrize("setting", ["0", "-2", "two", "1.5"])
def test_a_bad_thread_count_says_what_is_expected(setting, monkeypatch):
    monkeypatch.setenv("SIGMOID_CORE_THREADS", setting)
    with pytest.raises(ValueError, match="SIGMOID_CORE_THREADS must be a whole number >= 1"):
        functions.threads_from_environment()


def _threaded_sum_in_child(size: int) -> float:
    return float(sigmoid(np.zeros(size)).sum())


def test_a_forked_process_evaluates_large_arrays_with_its_own_threads(monkeypatch):
    monkeypatch.setattr(functions, "THREADS", 2)
    size = 4 * functions.PARALLEL_MIN_SIZE
    sigmoid(np.zeros(size))  # the parent's pool now exists and is inherited by fork()
    pool = multiprocessing.get_context("fork").Pool(1)
    try:
        assert pool.apply_async(_threaded_sum_in_child, (size,)).get(timeout=60) == size / 2
    finally:
        pool.terminate()


def _pool_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("sigmoid_core")]


@pytest.mark.skipif(functions._CORES < 2, reason="a one-core machine makes no worker threads")
def test_released_threads_end_and_a_later_call_makes_new_ones(monkeypatch):
    """The site's live reload releases the threads of the module it drops."""
    monkeypatch.setattr(functions, "THREADS", 2)
    x = np.zeros(4 * functions.PARALLEL_MIN_SIZE)
    sigmoid(x)
    assert _pool_threads()
    functions._release_threads()
    assert _pool_threads() == []
    np.testing.assert_array_equal(sigmoid(x), 0.5)
    assert _pool_threads()
