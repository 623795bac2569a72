"""The sigmoid in learning: a logistic regression fitted to convergence by Newton's method,
and the vanishing-gradient bound, each with its values and figure."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sigmoid_core import log_sigmoid, sigmoid, sigmoid_derivative
from sigmoid_core.website.content.curve import GRID_X
from sigmoid_core.website.content.floats import first_float_where
from sigmoid_core.website.content.registry import figure, value
from sigmoid_core.website.plotting import BLUE, GREY, ORANGE

if TYPE_CHECKING:
    from matplotlib.axes import Axes


@dataclass(frozen=True)
class LogisticFit:
    x: np.ndarray
    y: np.ndarray
    weight: float
    bias: float
    boundary: float
    steps: int
    gradient_norm: float
    loss: float
    correct: int


#: Newton's method stops when the gradient of the mean log-loss is shorter than this.
GRADIENT_TOLERANCE = 1e-10


def mean_log_loss_gradient(x: np.ndarray, y: np.ndarray, weight: float, bias: float) -> np.ndarray:
    """The gradient of the mean log-loss in (w, b): mean((sigma(z) - y) * [x, 1])."""
    residual = sigmoid(weight * x + bias) - y
    return np.array([np.mean(residual * x), np.mean(residual)])


def logistic_data() -> tuple[np.ndarray, np.ndarray]:
    """The fixed, seeded data set: 40 hours of study and whether each student passed."""
    rng = np.random.default_rng(7)
    x = np.sort(rng.uniform(0, 10, 40))
    y = (rng.uniform(size=x.size) < sigmoid(1.3 * (x - 5.5))).astype(np.float64)
    return x, y


@functools.cache
def logistic_regression_example() -> LogisticFit:
    """Fit p = sigma(w x + b) to the data set by Newton's method, to convergence.

    The gradient of the mean log-loss is mean((sigma(z) - y) * [x, 1]), the formula
    derived on the applications page; the Hessian is mean(sigma'(z) [x, 1] [x, 1]^T).
    Newton's method (iteratively reweighted least squares) steps by -H^-1 g until the
    gradient's Euclidean norm is below GRADIENT_TOLERANCE.
    """
    x, y = logistic_data()
    features = np.stack([x, np.ones_like(x)], axis=1)
    parameters = np.zeros(2)
    steps = 0
    while True:
        gradient = mean_log_loss_gradient(x, y, *parameters)
        if np.linalg.norm(gradient) < GRADIENT_TOLERANCE:
            break
        if steps == 100:
            raise RuntimeError("Newton's method did not converge in 100 steps")
        slopes = np.asarray(sigmoid_derivative(features @ parameters))
        hessian = (features * slopes[:, None]).T @ features / x.size
        parameters = parameters - np.linalg.solve(hessian, gradient)
        steps += 1
    weight, bias = float(parameters[0]), float(parameters[1])
    z = weight * x + bias
    loss = float(np.mean(-(y * log_sigmoid(z) + (1 - y) * log_sigmoid(-z))))
    correct = int(np.sum((z > 0) == (y == 1)))
    return LogisticFit(
        x,
        y,
        weight,
        bias,
        -bias / weight,
        steps,
        float(np.linalg.norm(gradient)),
        loss,
        correct,
    )


@value(".3f", "fitted w")
def lr_weight() -> float:
    return logistic_regression_example().weight


@value(".3f", "fitted b")
def lr_bias() -> float:
    return logistic_regression_example().bias


@value(".2f", "-b/w")
def lr_boundary() -> float:
    return logistic_regression_example().boundary


@value("d", "Newton steps to convergence")
def lr_steps() -> int:
    return logistic_regression_example().steps


@value(".0e", "stopping tolerance on the gradient's norm")
def lr_tolerance() -> float:
    return GRADIENT_TOLERANCE


@value(".1e", "gradient norm at the reported fit")
def lr_gradient_norm() -> float:
    return logistic_regression_example().gradient_norm


@value(".3f", "mean log-loss")
def lr_loss() -> float:
    return logistic_regression_example().loss


@value("d", "training points on the correct side of the boundary")
def lr_correct() -> int:
    return logistic_regression_example().correct


@functools.cache
def gradient_descent_example(steps: int = 20000, rate: float = 0.05) -> tuple[float, float, float]:
    """Plain gradient descent from (0, 0) on the same data: w, b and the gradient's norm."""
    x, y = logistic_data()
    weight, bias = 0.0, 0.0
    for _ in range(steps):
        gradient = mean_log_loss_gradient(x, y, weight, bias)
        weight -= rate * float(gradient[0])
        bias -= rate * float(gradient[1])
    norm = float(np.linalg.norm(mean_log_loss_gradient(x, y, weight, bias)))
    return weight, bias, norm


@value(".3f", "w after 20000 gradient-descent steps of size 0.05")
def lr_gd_weight() -> float:
    return gradient_descent_example()[0]


@value(".3f", "b after 20000 gradient-descent steps of size 0.05")
def lr_gd_bias() -> float:
    return gradient_descent_example()[1]


@value(".1e", "gradient norm after 20000 gradient-descent steps of size 0.05")
def lr_gd_gradient_norm() -> float:
    return gradient_descent_example()[2]


@value("d", "data points")
def lr_points() -> int:
    return logistic_regression_example().x.size


@value(".3f", "predicted probability at x = 7")
def lr_p_at_7() -> float:
    fit = logistic_regression_example()
    return float(sigmoid(fit.weight * 7 + fit.bias))


@value(".3f", "sigma(z) - y at x = 7 for y = 0")
def lr_gradient_at_7_fail() -> float:
    return lr_p_at_7() - 0.0


@figure(
    alt=(
        "Outcomes of 0 or 1 plotted against hours of study from 0 to 10, with the "
        "fitted S-shaped probability curve of logistic regression and a vertical "
        "dashed line at the decision boundary, where the fitted probability is 1/2."
    ),
    caption=(
        "Logistic regression fitted to convergence by Newton's method, with the gradient σ(z) − y."
    ),
)
def logistic_regression(ax: Axes) -> None:
    fit = logistic_regression_example()
    ax.plot(fit.x, fit.y, "o", color=GREY, markersize=5, label="observed outcome (0 or 1)")
    grid = np.linspace(0, 10, 401)
    ax.plot(
        grid, sigmoid(fit.weight * grid + fit.bias), color=BLUE, label=r"fitted $\sigma(wx + b)$"
    )
    ax.axvline(
        fit.boundary, color=ORANGE, linestyle="--", label=r"decision boundary $\sigma = 1/2$"
    )
    ax.set_xlim(0, 10)
    ax.set_ylim(-0.08, 1.08)
    ax.set_xlabel("hours of study $x$")
    ax.set_ylabel("probability of passing")
    ax.legend(loc="upper left")


# ---------------------------------------------------------------- vanishing gradients


def typical_gradient_product(depth: int, samples: int = 20000) -> float:
    """Median of prod sigma'(z_i) over `depth` layers with z_i ~ N(0, 1), fixed seed."""
    rng = np.random.default_rng(depth)
    z = rng.standard_normal((samples, depth))
    return float(np.median(np.prod(sigmoid_derivative(z), axis=1)))


@value(".2e", "4^-5")
def four_to_minus_5() -> float:
    return 0.25**5


@value(".2e", "4^-10")
def four_to_minus_10() -> float:
    return 0.25**10


@value(".2e", "median product of 10 slopes, pre-activations N(0, 1)")
def typical_product_10() -> float:
    return typical_gradient_product(10)


@value(".3f", "|x| beyond which sigma'(x) < 0.01")
def saturation_x_001() -> float:
    return first_float_where(lambda x: sigmoid_derivative(x) < 0.01, 0.0, 50.0)


@value("g", "max of tanh'")
def tanh_max_slope() -> float:
    return np.max(1 / np.cosh(GRID_X) ** 2)


def _sigmoid_of_normal_sample() -> np.ndarray:
    return np.asarray(sigmoid(np.random.default_rng(3).standard_normal(1000000)))


@value(".4f", "sample mean of sigma(z) over 10^6 draws z ~ N(0, 1); the exact mean is 1/2")
def mean_sigmoid_output() -> float:
    return float(np.mean(_sigmoid_of_normal_sample()))


@value(".1e", "standard error of that sample mean")
def mean_sigmoid_output_se() -> float:
    sample = _sigmoid_of_normal_sample()
    return float(np.std(sample, ddof=1) / np.sqrt(sample.size))


@value("d", "draws in that sample")
def mean_sigmoid_sample_size() -> int:
    return _sigmoid_of_normal_sample().size


@functools.cache
def matrix_bound_ratios(trials: int = 2000, depth: int = 6, width: int = 8) -> np.ndarray:
    """For random layers h_i = sigma(W_i h_(i-1) + b_i), each trial's ratio of
    ||dL/dh_0|| to the bound ||dL/dh_n|| prod(||W_i||_2 / 4); the bound says ratio <= 1.

    Weights are drawn with scales from 0.1 to 10, so that some layers have ||W_i|| > 4;
    inputs, biases and the gradient arriving at h_n are standard normal. The gradient is
    carried back through each layer's Jacobian diag(sigma'(z_i)) W_i, transposed.
    """
    rng = np.random.default_rng(2026)
    ratios = np.empty(trials)
    for t in range(trials):
        scale = 10 ** rng.uniform(-1, 1)
        weights = [scale * rng.standard_normal((width, width)) for _ in range(depth)]
        biases = [rng.standard_normal(width) for _ in range(depth)]
        h = rng.standard_normal(width)
        pre_activations = []
        for w, b in zip(weights, biases, strict=True):
            z = w @ h + b
            pre_activations.append(z)
            h = np.asarray(sigmoid(z))
        upstream = rng.standard_normal(width)
        gradient = upstream
        for w, z in zip(reversed(weights), reversed(pre_activations), strict=True):
            gradient = w.T @ (sigmoid_derivative(z) * gradient)
        bound = np.linalg.norm(upstream) * np.prod([np.linalg.norm(w, 2) / 4 for w in weights])
        ratios[t] = np.linalg.norm(gradient) / bound
    return ratios


@value(".1e", "largest ratio of the measured gradient norm to the matrix-norm bound")
def matrix_bound_largest_ratio() -> float:
    return float(np.max(matrix_bound_ratios()))


@value("d", "random networks in the matrix-norm check")
def matrix_bound_trials() -> int:
    return matrix_bound_ratios().size


def bound_over_median(depth: int) -> float:
    """How far the median product of slopes lies below the bound 4^-n: their ratio."""
    return 0.25**depth / typical_gradient_product(depth)


@value(".0f", "4^-10 divided by the median product of 10 slopes")
def bound_over_median_10() -> float:
    return bound_over_median(10)


@value(".0f", "4^-20 divided by the median product of 20 slopes")
def bound_over_median_20() -> float:
    return bound_over_median(20)


@value(".2e", "median product of 20 slopes, pre-activations N(0, 1)")
def typical_product_20() -> float:
    return typical_gradient_product(20)


@figure(
    alt=(
        "On a logarithmic scale, the product of sigmoid slopes through 1 to 20 layers: "
        "the bound 4 to the power minus n falls as a straight line, and the median "
        "product for random pre-activations falls as a steeper line below it, the gap "
        "widening with n to almost two orders of magnitude at 20 layers."
    ),
    caption=(
        "A gradient passing through n sigmoid layers is scaled by at most 4⁻ⁿ "
        "(weights aside); with pre-activations from N(0, 1) the median product lies far "
        "below the bound, and further below with every layer."
    ),
)
def vanishing_gradient_bound(ax: Axes) -> None:
    depth = np.arange(1, 21)
    ax.semilogy(depth, 0.25**depth, "o-", color=ORANGE, label=r"bound $4^{-n}$ (slope $\leq 1/4$)")
    ax.semilogy(
        depth,
        [typical_gradient_product(int(n)) for n in depth],
        "s--",
        color=BLUE,
        markersize=4,
        label="median with pre-activations from $N(0, 1)$",
    )
    ax.set_xlabel("number of sigmoid layers $n$")
    ax.set_ylabel(r"product of slopes $\prod\sigma'(z_i)$")
    ax.set_xlim(0.5, 20.5)
    ax.set_xticks([1, 5, 10, 15, 20])
    ax.legend(loc="lower left")
