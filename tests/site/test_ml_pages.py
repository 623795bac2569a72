"""Mathematical statements of the activations, applications, vanishing-gradients and
myths pages that the pages make in words: which slopes stay small, where SiLU and GELU
turn, how close sigma(1.702 x) is to Phi, that the logistic fit has converged, how far
the median slope product lies below 4^-n, the matrix-norm bound, the counterexample
with large weights, the LSTM cell's gradient and the mean output of a sigmoid.
"""

from __future__ import annotations

import math
import re

import mpmath as mp
import numpy as np
import pytest
from bs4 import BeautifulSoup

from sigmoid_core import sigmoid, sigmoid_derivative
from sigmoid_core.website.content import activations, learning

BY_NAME = {a.name: a for a in activations.all_activations()}


def test_every_stated_range_holds_on_the_grid():
    for activation in activations.all_activations():
        activations.summarise(activation)  # raises if a range is wrong


def test_a_wrong_range_fails():
    wrong = activations.Activation(
        "sigmoid claimed to reach slope 1/3",
        "",
        sigmoid,
        sigmoid_derivative,
        activations.Interval(0, 1, False, False, ""),
        activations.Interval(0, 1 / 3, False, True, ""),
        "",
    )
    with pytest.raises(ValueError):
        activations.summarise(wrong)


def test_only_the_sigmoid_and_the_hard_sigmoid_keep_their_slopes_below_one():
    """The page: the hard sigmoid's slope never exceeds 1/6, and every other function
    in the table reaches a slope of at least 1."""
    largest = {name: float(np.max(a.slope(activations.GRID))) for name, a in BY_NAME.items()}
    assert largest["sigmoid"] == 0.25
    assert math.isclose(largest["hard sigmoid"], 1 / 6)
    small = {name for name, slope in largest.items() if slope < 1}
    assert small == {"sigmoid", "hard sigmoid"}
    assert len(BY_NAME) == 8


@pytest.mark.parametrize("name", ["SiLU", "GELU"])
def test_silu_and_gelu_extrema_against_mpmath(name):
    """The minima and extreme slopes the page prints, recomputed with mpmath's root finder."""
    if name == "SiLU":
        f = lambda x: x / (1 + mp.exp(-x))  # noqa: E731
        low, slope_low = activations.extrema().silu_min, activations.extrema().silu_slope_min
    else:
        f = lambda x: x * mp.ncdf(x)  # noqa: E731
        low, slope_low = activations.extrema().gelu_min, activations.extrema().gelu_slope_min
    with mp.workdps(30):
        x_min = mp.findroot(lambda x: mp.diff(f, x), -1)
        x_slope = mp.findroot(lambda x: mp.diff(f, x, 2), -2)
        exact_low, exact_slope_low = float(f(x_min)), float(mp.diff(f, x_slope))
    assert math.isclose(low, exact_low, rel_tol=1e-12)
    assert math.isclose(slope_low, exact_slope_low, rel_tol=1e-10)
    # the slope range is symmetric about 1/2: f'(x) + f'(-x) = 1
    x = np.linspace(-10, 10, 2001)
    assert np.allclose(BY_NAME[name].slope(x) + BY_NAME[name].slope(-x), 1, atol=1e-14)
    if name == "GELU":
        assert math.isclose(float(x_slope), -math.sqrt(2), rel_tol=1e-12)


def test_elu_is_continuously_differentiable_with_alpha_one():
    """Its slope e^x on the left meets the slope 1 on the right, and is never 0."""
    elu = BY_NAME["ELU (α = 1)"]
    h = 1e-7
    left = float(elu.function(np.array(0.0)) - elu.function(np.array(-h))) / h
    right = float(elu.function(np.array(h)) - elu.function(np.array(0.0))) / h
    assert math.isclose(left, 1, rel_tol=1e-6) and math.isclose(right, 1, rel_tol=1e-6)
    assert float(elu.slope(np.array(0.0))) == 1.0
    assert float(np.min(elu.slope(np.linspace(-30, 30, 6001)))) > 0


def test_the_logistic_approximation_to_the_normal_ogive():
    """max |Phi(x) - sigma(1.702 x)| and where it occurs, on an independent grid."""
    x = np.linspace(-10, 10, 2_000_001)
    gap = np.abs(activations.normal_cdf(x) - sigmoid(1.702 * x))
    assert math.isclose(float(gap.max()), activations.normal_logistic_max_error(), rel_tol=1e-6)
    assert gap.max() < 0.01  # Haley's result as Camilli reports it
    where = abs(float(x[np.argmax(gap)]))
    assert abs(where - activations.normal_logistic_max_error_at()) < 1e-4
    # the gap is odd in x
    assert np.allclose(
        activations.normal_cdf(-x) - sigmoid(-1.702 * x),
        -(activations.normal_cdf(x) - sigmoid(1.702 * x)),
        atol=1e-15,
    )


def test_gelu_tanh_approximation_is_close():
    x = np.linspace(-8, 8, 16001)
    assert np.max(np.abs(activations.gelu(x) - activations.gelu_tanh(x))) < 1e-3


# ---------------------------------------------------------------- logistic regression


def test_the_reported_fit_has_converged():
    fit = learning.logistic_regression_example()
    x, y = learning.logistic_data()
    gradient = learning.mean_log_loss_gradient(x, y, fit.weight, fit.bias)
    assert np.linalg.norm(gradient) < learning.GRADIENT_TOLERANCE
    # a minimum: the Hessian mean(sigma'(z) [x, 1][x, 1]^T) is positive definite
    features = np.stack([x, np.ones_like(x)], axis=1)
    slopes = sigmoid_derivative(fit.weight * x + fit.bias)
    hessian = (features * slopes[:, None]).T @ features / x.size
    assert np.all(np.linalg.eigvalsh(hessian) > 0)

    # and nothing nearby is lower
    def loss(w: float, b: float) -> float:
        z = w * x + b
        return float(np.mean(np.logaddexp(0, z) - y * z))

    best = loss(fit.weight, fit.bias)
    for dw, db in [(1e-3, 0), (-1e-3, 0), (0, 1e-3), (0, -1e-3), (1e-3, -5e-3)]:
        assert loss(fit.weight + dw, fit.bias + db) > best
    assert math.isclose(best, fit.loss, rel_tol=1e-12)
    assert fit.correct == int(np.sum((fit.weight * x + fit.bias > 0) == (y == 1)))


def test_gradient_descent_stopped_early_is_not_the_fit():
    fit = learning.logistic_regression_example()
    weight, bias, norm = learning.gradient_descent_example()
    assert norm > 1e3 * learning.GRADIENT_TOLERANCE
    assert abs(weight - fit.weight) > 0.1 and abs(bias - fit.bias) > 1


def test_the_page_prints_accuracy_as_a_fraction(site):
    fit = learning.logistic_regression_example()
    text = (site / "applications" / "index.html").read_text(encoding="utf-8")
    words = " ".join(BeautifulSoup(text, "html.parser").get_text().split())
    assert f"{fit.correct}/{fit.x.size} training points" in words
    assert not re.search(r"\d+ % of the training points", words)


# ---------------------------------------------------------------- vanishing gradients


def test_the_median_product_lies_far_below_the_bound():
    """The page: about 9 times below 4^-10 and about 80 times below 4^-20."""
    assert 5 < learning.bound_over_median_10() < 15
    assert 50 < learning.bound_over_median_20() < 120
    ratios = [learning.bound_over_median(n) for n in range(1, 21)]
    assert all(a < b for a, b in zip(ratios, ratios[1:], strict=False))


def test_large_weights_with_a_matching_bias_make_the_gradient_grow():
    """w_i = 8, b_i = -4, x = 1/2: every z_i = 0 and dh_n/dx = 2^n."""
    n = 12

    def chain(x: float) -> float:
        h = x
        for _ in range(n):
            h = float(sigmoid(8 * h - 4))
        return h

    h = 1e-6
    derivative = (chain(0.5 + h) - chain(0.5 - h)) / (2 * h)
    assert math.isclose(derivative, 2.0**n, rel_tol=1e-3)


def test_the_matrix_norm_bound_holds_for_random_networks():
    """||dL/dh_0|| <= ||dL/dh_n|| prod ||W_i||_2 / 4, with the gradient measured by finite
    differences of L = g . h_n (independent of the page's own back-propagation)."""
    rng = np.random.default_rng(11)
    for _ in range(200):
        depth, width = int(rng.integers(1, 6)), int(rng.integers(1, 7))
        scale = 10 ** rng.uniform(-1, 1.2)
        weights = [scale * rng.standard_normal((width, width)) for _ in range(depth)]
        biases = [rng.standard_normal(width) for _ in range(depth)]
        upstream = rng.standard_normal(width)
        x = rng.standard_normal(width)

        def loss(h0: np.ndarray, weights=weights, biases=biases, upstream=upstream) -> float:
            h = h0
            for w, b in zip(weights, biases, strict=True):
                h = sigmoid(w @ h + b)
            return float(upstream @ h)

        step = 1e-6
        gradient = np.array(
            [(loss(x + step * e) - loss(x - step * e)) / (2 * step) for e in np.eye(width)]
        )
        bound = np.linalg.norm(upstream) * np.prod([np.linalg.norm(w, 2) / 4 for w in weights])
        assert np.linalg.norm(gradient) <= bound * (1 + 1e-5) + 1e-12
    assert learning.matrix_bound_largest_ratio() <= 1
    assert np.all(learning.matrix_bound_ratios() <= 1)


def test_the_lstm_cell_gradient_is_the_forget_gate():
    """dc_t/dc_(t-1) = diag(f_t) with the gates held fixed: c_t = f * c + i * g."""
    rng = np.random.default_rng(5)
    f, i = sigmoid(rng.standard_normal(4)), sigmoid(rng.standard_normal(4))
    g, c = rng.standard_normal((2, 4))
    step = 1e-6
    jacobian = np.array(
        [
            ((f * (c + step * e) + i * g) - (f * (c - step * e) + i * g)) / (2 * step)
            for e in np.eye(4)
        ]
    ).T
    assert np.allclose(jacobian, np.diag(f), atol=1e-9)


def test_the_mean_output_for_symmetric_inputs_is_one_half():
    z = np.random.default_rng(3).standard_normal(100000)
    symmetric = np.concatenate([z, -z])
    assert abs(float(np.mean(sigmoid(symmetric))) - 0.5) < 1e-15
    # the page's sample mean differs from 1/2 by less than three standard errors
    assert abs(learning.mean_sigmoid_output() - 0.5) < 3 * learning.mean_sigmoid_output_se()
