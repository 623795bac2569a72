"""Named numbers that the site's pages quote, each computed by the core at build time.

A page writes ``{{ value:NAME }}`` and the build replaces it with ``format_value(NAME)``,
so no number about the sigmoid is ever typed by hand into the documentation. The
helpers here (worked examples, numerical checks) are also used by the figures.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from sigmoid_core import exact
from sigmoid_core.functions import (
    PARALLEL_MIN_SIZE,
    log_sigmoid,
    logit,
    sigmoid,
    sigmoid_derivative,
    softplus,
)


@dataclass(frozen=True)
class Value:
    """A quoted number: how to compute it, how to print it, and what it is."""

    compute: Callable[[], float]
    format_spec: str
    meaning: str
    shows_failure: bool = False  # an inf or nan that a page shows on purpose


# ---------------------------------------------------------------- helpers


def _textbook_sigmoid(x):
    """1/(1+exp(-x)) as most tutorials write it, to show where it breaks."""
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=np.float64)))


def textbook_derivative_relative_error(x: np.ndarray) -> np.ndarray:
    """Relative error of s(1-s) with the textbook s, against the core's sigma'."""
    s = _textbook_sigmoid(x)
    return np.abs(s * (1 - s) - sigmoid_derivative(x)) / sigmoid_derivative(x)


def _first_float_where(predicate: Callable[[float], bool], low: float, high: float) -> float:
    """Smallest float64 in (low, high] satisfying a monotone predicate (bisection on floats)."""
    while True:
        middle = low + (high - low) / 2
        if middle in (low, high):
            return high
        if predicate(middle):
            high = middle
        else:
            low = middle


GRID = np.linspace(-40.0, 40.0, 80001)  # step 1/1000, contains 0 exactly


def _max_abs(values: np.ndarray) -> float:
    return float(np.max(np.abs(values)))


def gelu(x: np.ndarray) -> np.ndarray:
    """x * Phi(x) with Phi the standard normal CDF, written with math.erf."""
    x = np.asarray(x, dtype=np.float64)
    return x * 0.5 * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))


def typical_gradient_product(depth: int, samples: int = 20000) -> float:
    """Median of prod sigma'(z_i) over `depth` layers with z_i ~ N(0, 1), fixed seed."""
    rng = np.random.default_rng(depth)
    z = rng.standard_normal((samples, depth))
    return float(np.median(np.prod(sigmoid_derivative(z), axis=1)))


@dataclass(frozen=True)
class LogisticFit:
    x: np.ndarray
    y: np.ndarray
    weight: float
    bias: float
    boundary: float
    steps: int
    loss: float
    accuracy: float


@functools.cache
def logistic_regression_example() -> LogisticFit:
    """Fit p = sigma(w x + b) to a fixed, seeded data set by plain gradient descent.

    The gradient of the mean log-loss is mean((sigma(z) - y) * [x, 1]): the whole
    training loop is the formula derived on the applications page.
    """
    rng = np.random.default_rng(7)
    x = np.sort(rng.uniform(0, 10, 40))
    y = (rng.uniform(size=x.size) < sigmoid(1.3 * (x - 5.5))).astype(np.float64)
    weight, bias, steps = 0.0, 0.0, 20000
    for _ in range(steps):
        residual = sigmoid(weight * x + bias) - y
        weight -= 0.05 * float(np.mean(residual * x))
        bias -= 0.05 * float(np.mean(residual))
    z = weight * x + bias
    loss = float(np.mean(-(y * log_sigmoid(z) + (1 - y) * log_sigmoid(-z))))
    accuracy = float(np.mean((z > 0) == (y == 1)))
    return LogisticFit(x, y, weight, bias, -bias / weight, steps, loss, accuracy)


def _integral(f: Callable[[np.ndarray], np.ndarray]) -> float:
    """Trapezoidal integral over [-60, 60], where sigma' has fallen below 1e-26."""
    x = np.linspace(-60, 60, 240001)
    y = f(x)
    return float(np.sum((y[1:] + y[:-1]) * np.diff(x)) / 2)


def _stable_bce(z: float, y: float) -> float:
    """Binary cross-entropy from a logit: max(z, 0) - z*y + log1p(exp(-|z|))."""
    return max(z, 0.0) - z * y + math.log1p(math.exp(-abs(z)))


def _naive_bce(z: float, y: float) -> float:
    with np.errstate(all="ignore"):
        p = _textbook_sigmoid(z)
        return float(-(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _lipschitz_ratio() -> float:
    rng = np.random.default_rng(11)
    a, b = rng.uniform(-10, 10, (2, 100000))
    return float(np.max(np.abs(sigmoid(a) - sigmoid(b)) / np.abs(a - b)))


def _softmax_difference() -> float:
    rng = np.random.default_rng(12)
    a, b = rng.uniform(-30, 30, (2, 100000))
    shift = np.maximum(a, b)
    first = np.exp(a - shift) / (np.exp(a - shift) + np.exp(b - shift))
    return _max_abs(first - sigmoid(a - b))


def _forms_difference(form: Callable[[np.ndarray], np.ndarray]) -> float:
    x = np.linspace(-30, 30, 60001)
    with np.errstate(all="ignore"):
        return _max_abs(form(x) - sigmoid(x))


def _saturation_x(level: float) -> float:
    """Positive x with sigma'(x) = level, by bisection on the core's sigma'."""
    return _first_float_where(lambda x: float(sigmoid_derivative(x)) < level, 0.0, 50.0)


# ---------------------------------------------------------------- the registry


def _v(compute: Callable[[], float], format_spec: str, meaning: str,
       shows_failure: bool = False) -> Value:
    return Value(compute, format_spec, meaning, shows_failure)


VALUES: dict[str, Value] = {
    # key values
    "sigmoid_at_0": _v(lambda: sigmoid(0.0), ".1f", "sigma(0)"),
    "sigmoid_at_1": _v(lambda: sigmoid(1.0), ".4f", "sigma(1) to four places"),
    "sigmoid_at_1_full": _v(lambda: sigmoid(1.0), ".17g", "sigma(1) to float64 precision"),
    "sigmoid_at_minus_1": _v(lambda: sigmoid(-1.0), ".4f", "sigma(-1) = 1 - sigma(1)"),
    "sigmoid_at_2": _v(lambda: sigmoid(2.0), ".4f", "sigma(2)"),
    "sigmoid_at_5": _v(lambda: sigmoid(5.0), ".4f", "sigma(5)"),
    "sigmoid_at_minus_5": _v(lambda: sigmoid(-5.0), ".4f", "sigma(-5)"),
    "exp_minus_1": _v(lambda: np.exp(-1.0), ".4f", "e^-1 to four places"),
    "one_plus_exp_minus_1": _v(lambda: 1 + np.exp(-1.0), ".4f", "1 + e^-1"),
    "derivative_at_1": _v(lambda: sigmoid_derivative(1.0), ".4f", "sigma'(1) to four places"),
    "derivative_at_1_full": _v(lambda: sigmoid_derivative(1.0), ".17g", "sigma'(1), float64"),
    "max_slope": _v(lambda: np.max(sigmoid_derivative(GRID)), "g", "the largest value of sigma'"),
    "max_slope_location": _v(lambda: GRID[np.argmax(sigmoid_derivative(GRID))], "g",
                             "where sigma' is largest on a grid of step 1/1000"),
    "min_slope_on_grid": _v(lambda: np.min(sigmoid_derivative(GRID)), ".3e",
                            "smallest sigma' on [-40, 40]: positive"),
    "derivative_at_40": _v(lambda: sigmoid_derivative(40.0), ".3e", "sigma'(40)"),
    # definition: equivalent forms
    "forms_exp_ratio_difference": _v(
        lambda: _forms_difference(lambda x: np.exp(x) / (1 + np.exp(x))), ".1e",
        "max |e^x/(1+e^x) - sigma(x)| on [-30, 30]"),
    "forms_tanh_difference": _v(
        lambda: _forms_difference(lambda x: (1 + np.tanh(x / 2)) / 2), ".1e",
        "max |(1+tanh(x/2))/2 - sigma(x)| on [-30, 30]"),
    "odds_example_p": _v(lambda: sigmoid(np.log(3.0)), "g", "sigma(log 3): odds 3 to 1"),
    # derivative page
    "textbook_collapse_x": _v(
        lambda: _first_float_where(lambda x: _textbook_sigmoid(x) == 1.0, 30.0, 40.0), ".2f",
        "from this x on, 1/(1+exp(-x)) rounds to 1 and sigma(1-sigma) returns 0"),
    "core_rounds_to_one_x": _v(
        lambda: _first_float_where(lambda x: sigmoid(x) == 1.0, 30.0, 40.0), ".2f",
        "from this x on, the correctly rounded sigma(x) is exactly 1 in float64"),
    "float64_rounds_to_one_exact": _v(
        lambda: _first_float_where(lambda x: sigmoid(x) == 1.0, 30.0, 40.0), ".17g",
        "smallest float64 x with sigma(x) == 1, full precision"),
    "float32_rounds_to_one_exact": _v(
        lambda: _first_float_where(lambda x: sigmoid(np.float32(x)) == 1.0, 10.0, 20.0), ".9g",
        "threshold above which sigma(float32(x)) == 1, to float32 precision"),
    "textbook_error_at_20": _v(lambda: textbook_derivative_relative_error(20.0), ".1e",
                               "relative error of textbook sigma(1-sigma) at x = 20"),
    "textbook_error_at_30": _v(lambda: textbook_derivative_relative_error(30.0), ".1e",
                               "relative error of textbook sigma(1-sigma) at x = 30"),
    # properties
    "symmetry_max_error": _v(lambda: _max_abs(sigmoid(-GRID) - (1 - sigmoid(GRID))), ".1e",
                             "max |sigma(-x) - (1 - sigma(x))| on [-40, 40]"),
    "derivative_evenness_error": _v(
        lambda: _max_abs(sigmoid_derivative(-GRID) - sigmoid_derivative(GRID)), "g",
        "max |sigma'(-x) - sigma'(x)| on [-40, 40]"),
    "logit_roundtrip_error": _v(
        lambda: _max_abs(logit(sigmoid(GRID[np.abs(GRID) <= 10])) - GRID[np.abs(GRID) <= 10]),
        ".1e", "max |logit(sigma(x)) - x| on [-10, 10]"),
    "softplus_difference_error": _v(
        lambda: _max_abs(softplus(GRID) - softplus(-GRID) - GRID), ".1e",
        "max |softplus(x) - softplus(-x) - x| on [-40, 40]"),
    "softplus_derivative_error": _v(
        lambda: _max_abs((softplus(GRID[2:]) - softplus(GRID[:-2])) / (GRID[2:] - GRID[:-2])
                         - sigmoid(GRID[1:-1])), ".1e",
        "max |central difference of softplus - sigma| on [-40, 40], step 1/1000"),
    "log_sigmoid_identity_error": _v(lambda: _max_abs(log_sigmoid(GRID) + softplus(-GRID)), "g",
                                     "max |log sigma(x) + softplus(-x)| on [-40, 40]"),
    "softmax_difference": _v(_softmax_difference, ".1e",
                             "max |softmax(a, b)_1 - sigma(a - b)| over random pairs"),
    "logistic_total_mass": _v(lambda: _integral(sigmoid_derivative), ".12f",
                              "integral of sigma' over the line"),
    "logistic_mean": _v(lambda: _integral(lambda x: x * sigmoid_derivative(x)), ".1e",
                        "integral of x sigma'(x)"),
    "logistic_variance": _v(lambda: _integral(lambda x: x * x * sigmoid_derivative(x)), ".12f",
                            "integral of x^2 sigma'(x)"),
    "pi_squared_over_3": _v(lambda: math.pi**2 / 3, ".12f", "pi^2 / 3"),
    "radius_estimate_21": _v(lambda: exact.radius_estimate(21), ".12f",
                             "ratio-test radius estimate from a_21 and a_23"),
    "pi": _v(lambda: math.pi, ".12f", "pi"),
    "third_derivative_zero": _v(lambda: exact.derivative_zeros(3)[1], ".6f",
                                "positive zero of sigma''' computed by the core"),
    "log_two_plus_root_three": _v(lambda: math.log(2 + math.sqrt(3)), ".6f", "ln(2 + sqrt 3)"),
    "lipschitz_ratio": _v(_lipschitz_ratio, ".6f",
                          "largest |sigma(a) - sigma(b)| / |a - b| over random pairs"),
    "second_derivative_max": _v(lambda: np.max(sigmoid_derivative(GRID, 2)), ".6f",
                                "largest value of sigma''"),
    "second_derivative_argmax": _v(lambda: GRID[np.argmax(sigmoid_derivative(GRID, 2))], ".3f",
                                   "where sigma'' is largest (grid step 1/1000)"),
    # numerics
    "exp_overflow_x": _v(lambda: math.log(np.finfo(np.float64).max), ".2f",
                         "exp(x) overflows float64 above this x"),
    "naive_bce_at_minus_800": _v(lambda: _naive_bce(-800.0, 1.0), "g",
                                 "naive -log(sigma(z)) at z = -800", shows_failure=True),
    "stable_bce_at_minus_800": _v(lambda: _stable_bce(-800.0, 1.0), "g",
                                  "stable cross-entropy from the logit z = -800, y = 1"),
    "tanh_form_at_minus_40": _v(lambda: 0.5 * np.tanh(-20.0) + 0.5, "g",
                                "0.5 tanh(x/2) + 0.5 at x = -40"),
    "sigmoid_at_minus_40": _v(lambda: sigmoid(-40.0), ".4e", "sigma(-40)"),
    # vanishing gradients
    "four_to_minus_5": _v(lambda: 0.25**5, ".2e", "4^-5"),
    "four_to_minus_10": _v(lambda: 0.25**10, ".2e", "4^-10"),
    "typical_product_10": _v(lambda: typical_gradient_product(10), ".2e",
                             "median product of 10 slopes, pre-activations N(0, 1)"),
    "saturation_x_001": _v(lambda: _saturation_x(0.01), ".3f",
                           "|x| beyond which sigma'(x) < 0.01"),
    "tanh_max_slope": _v(lambda: np.max(1 / np.cosh(GRID) ** 2), "g", "max of tanh'"),
    "mean_sigmoid_output": _v(
        lambda: float(np.mean(sigmoid(np.random.default_rng(3).standard_normal(1000000)))),
        ".4f", "mean of sigma(z) for z ~ N(0, 1)"),
    # applications
    "lr_weight": _v(lambda: logistic_regression_example().weight, ".3f", "fitted w"),
    "lr_bias": _v(lambda: logistic_regression_example().bias, ".3f", "fitted b"),
    "lr_boundary": _v(lambda: logistic_regression_example().boundary, ".2f", "-b/w"),
    "lr_steps": _v(lambda: logistic_regression_example().steps, "d", "gradient steps"),
    "lr_loss": _v(lambda: logistic_regression_example().loss, ".3f", "mean log-loss"),
    "lr_accuracy": _v(lambda: 100 * logistic_regression_example().accuracy, ".0f",
                      "training accuracy in percent"),
    "lr_points": _v(lambda: logistic_regression_example().x.size, "d", "data points"),
    "lr_p_at_7": _v(lambda: sigmoid(logistic_regression_example().weight * 7
                                    + logistic_regression_example().bias), ".3f",
                    "predicted probability at x = 7"),
    "lr_gradient_at_7_fail": _v(lambda: sigmoid(logistic_regression_example().weight * 7
                                                + logistic_regression_example().bias) - 0.0,
                                ".3f", "sigma(z) - y at x = 7 for y = 0"),
    "gelu_approx_max_error": _v(
        lambda: _max_abs(gelu(np.linspace(-8, 8, 16001))
                         - np.linspace(-8, 8, 16001) * sigmoid(1.702 * np.linspace(-8, 8, 16001))),
        ".3f", "max |GELU(x) - x sigma(1.702 x)| on [-8, 8]"),
    "silu_minimum": _v(lambda: np.min(GRID * sigmoid(GRID)), ".4f", "minimum of x sigma(x)"),
    "silu_minimum_at": _v(lambda: GRID[np.argmin(GRID * sigmoid(GRID))], ".3f",
                          "where x sigma(x) is smallest"),
    # numerics: speed
    "parallel_min_size": _v(lambda: PARALLEL_MIN_SIZE, ",d",
                            "arrays from this many elements on are shared between threads"),
    # myths
    "seed_sigmoid_1": _v(lambda: 1 / (1 + 0.367), ".4f",
                         "1/(1+0.367): the myth's value, from e^-1 cut to three digits"),
    "dropped_square_at_0": _v(lambda: math.exp(-0.0) / (1 + math.exp(-0.0)), "g",
                              "e^-x/(1+e^-x) at 0: the derivation without the square"),
}


def format_value(name: str) -> str:
    """The text a page shows for VALUES[name]."""
    try:
        value = VALUES[name]
    except KeyError:
        raise KeyError(f"no value named {name!r}; known: {', '.join(sorted(VALUES))}") from None
    result = value.compute()
    if value.format_spec.endswith("d"):
        return format(int(result), value.format_spec)
    return format(float(result), value.format_spec)
