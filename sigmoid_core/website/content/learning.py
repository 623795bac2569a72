"""The sigmoid in learning: a logistic regression fitted by gradient descent, and the
vanishing-gradient bound, each with its values and figure."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sigmoid_core import log_sigmoid, sigmoid, sigmoid_derivative
from sigmoid_core.website.content.curve import GRID_X
from sigmoid_core.website.content.floats import first_float_where
from sigmoid_core.website.content.plotting import BLUE, GREY, ORANGE
from sigmoid_core.website.content.registry import figure, value

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


@value(".3f", "fitted w")
def lr_weight() -> float:
    return logistic_regression_example().weight


@value(".3f", "fitted b")
def lr_bias() -> float:
    return logistic_regression_example().bias


@value(".2f", "-b/w")
def lr_boundary() -> float:
    return logistic_regression_example().boundary


@value("d", "gradient steps")
def lr_steps() -> int:
    return logistic_regression_example().steps


@value(".3f", "mean log-loss")
def lr_loss() -> float:
    return logistic_regression_example().loss


@value(".0f", "training accuracy in percent")
def lr_accuracy() -> float:
    return 100 * logistic_regression_example().accuracy


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
    caption="Logistic regression fitted by gradient descent with the gradient σ(z) − y.",
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


@value(".4f", "mean of sigma(z) for z ~ N(0, 1)")
def mean_sigmoid_output() -> float:
    return float(np.mean(sigmoid(np.random.default_rng(3).standard_normal(1000000))))


@figure(
    alt=(
        "On a logarithmic scale, the product of sigmoid slopes through 1 to 20 layers: "
        "the bound 4 to the power minus n falls as a straight line, and the median "
        "product for random pre-activations lies just below it."
    ),
    caption=(
        "A gradient passing through n sigmoid layers is scaled by at most 4⁻ⁿ "
        "(weights aside); typical pre-activations do slightly worse."
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
