"""The site's figures, drawn from the core at build time as reproducible SVG.

A page writes ``{{ figure:NAME }}``; the build writes ``figures/NAME.svg`` from
``render_svg(NAME)`` and inserts it with ``FIGURES[NAME].alt`` as alt text. Output is
byte-identical between builds: fixed ``svg.hashsalt``, no date, text drawn as paths.
Figures use dark ink on a transparent background; the site's dark scheme inverts their
lightness with one CSS rule, so a single file reads well in both colour schemes.
"""

from __future__ import annotations

import html
import io
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

from sigmoid_core.functions import sigmoid, sigmoid_derivative  # noqa: E402

#: Line colours, distinguishable with the common colour-vision deficiencies and
#: readable on white and, after the dark scheme's inversion, on near-black.
BLUE = "#1f5fbf"
ORANGE = "#c2410c"
INK = "#1a1a1a"
GRID = "#c8c8c8"

STYLE = {
    "svg.hashsalt": "sigmoid-reference",
    "svg.fonttype": "path",
    "font.size": 11,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "text.color": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.facecolor": "none",
    "figure.facecolor": "none",
    "savefig.facecolor": "none",
    "axes.grid": True,
    "grid.color": GRID,
    "grid.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "lines.linewidth": 2.2,
    "path.simplify": True,
}

#: Size of every figure in inches; the page reserves width x height CSS pixels (96 per inch).
FIGURE_SIZE = (6.4, 3.8)


@dataclass(frozen=True)
class Figure:
    """A figure of the site: how to draw it on one Axes, and what it shows in words."""

    draw: Callable[[Axes], None]
    alt: str
    caption: str


def _draw_sigmoid_curve(ax: Axes) -> None:
    x = np.linspace(-8, 8, 401)
    ax.axhline(0.5, color=GRID, linewidth=1.0, linestyle="--")
    ax.plot(x, sigmoid(x), color=BLUE, label=r"$\sigma(x) = 1/(1+e^{-x})$")
    ax.plot([0], [sigmoid(0.0)], "o", color=BLUE, markersize=6)
    ax.annotate(r"$\sigma(0) = 1/2$", (0, 0.5), xytext=(0.6, 0.36), color=INK)
    ax.set_xlim(-8, 8)
    ax.set_ylim(-0.05, 1.05)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1])
    ax.set_xlabel("$x$")
    ax.set_ylabel(r"$\sigma(x)$")
    ax.legend(loc="upper left")


def _draw_sigmoid_and_derivative(ax: Axes) -> None:
    x = np.linspace(-8, 8, 401)
    ax.plot(x, sigmoid(x), color=BLUE, label=r"$\sigma(x)$")
    ax.plot(x, sigmoid_derivative(x), color=ORANGE, linestyle=(0, (5, 2)),
            label=r"$\sigma'(x) = \sigma(x)\,(1-\sigma(x))$")
    ax.plot([0], [sigmoid_derivative(0.0)], "o", color=ORANGE, markersize=6)
    ax.annotate(r"maximum slope $\sigma'(0) = 1/4$", (0, 0.25), xytext=(1.0, 0.12), color=INK)
    ax.set_xlim(-8, 8)
    ax.set_ylim(-0.05, 1.05)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1])
    ax.set_xlabel("$x$")
    ax.legend(loc="upper left")


GREEN = "#2e7d32"
PURPLE = "#6a1b9a"
GREY = "#616161"
LINE_STYLES = ["-", (0, (5, 2)), (0, (1, 1.5)), "-.", (0, (8, 2, 1, 2))]
PALETTE = [BLUE, ORANGE, GREEN, PURPLE, GREY]


def _draw_logit(ax: Axes) -> None:
    from sigmoid_core.functions import logit

    p = np.linspace(0.001, 0.999, 999)
    ax.plot(p, logit(p), color=BLUE, label=r"$\mathrm{logit}(p) = \log\frac{p}{1-p}$")
    ax.axvline(0.5, color=GRID, linewidth=1.0, linestyle="--")
    ax.set_xlim(0, 1)
    ax.set_ylim(-7, 7)
    ax.set_xlabel("probability $p$")
    ax.set_ylabel("log-odds")
    ax.legend(loc="upper left")


def _draw_higher_derivatives(ax: Axes) -> None:
    x = np.linspace(-8, 8, 801)
    for n in range(1, 5):
        ax.plot(x, sigmoid_derivative(x, n), color=PALETTE[n - 1], linestyle=LINE_STYLES[n - 1],
                label=f"order {n}")
    ax.set_xlim(-8, 8)
    ax.set_xlabel("$x$")
    ax.legend(loc="upper left")


def _draw_vanishing_bound(ax: Axes) -> None:
    from sigmoid_core.values import typical_gradient_product

    depth = np.arange(1, 21)
    ax.semilogy(depth, 0.25**depth, "o-", color=ORANGE, label=r"bound $4^{-n}$ (slope $\leq 1/4$)")
    ax.semilogy(depth, [typical_gradient_product(int(n)) for n in depth], "s--", color=BLUE,
                markersize=4, label="median with pre-activations from $N(0, 1)$")
    ax.set_xlabel("number of sigmoid layers $n$")
    ax.set_ylabel(r"product of slopes $\prod\sigma'(z_i)$")
    ax.set_xlim(0.5, 20.5)
    ax.set_xticks([1, 5, 10, 15, 20])
    ax.legend(loc="lower left")


def _draw_activations(ax: Axes) -> None:
    from sigmoid_core.activations import ACTIVATIONS

    x = np.linspace(-5, 5, 1001)
    for i, activation in enumerate(ACTIVATIONS):
        ax.plot(x, activation.function(x), color=PALETTE[i], linestyle=LINE_STYLES[i],
                label=activation.name)
    ax.set_xlim(-5, 5)
    ax.set_ylim(-1.2, 2.2)
    ax.set_xlabel("$x$")
    ax.legend(loc="upper left", ncols=2)


def _draw_activation_slopes(ax: Axes) -> None:
    from sigmoid_core.activations import ACTIVATIONS

    x = np.linspace(-5, 5, 1001)
    for i, activation in enumerate(ACTIVATIONS):
        ax.plot(x, activation.slope(x), color=PALETTE[i], linestyle=LINE_STYLES[i],
                label=activation.name)
    ax.set_xlim(-5, 5)
    ax.set_ylim(-0.1, 1.3)
    ax.set_xlabel("$x$")
    ax.set_ylabel("slope")
    ax.legend(loc="upper left", ncols=2)


def _draw_sigmoid_family(ax: Axes) -> None:
    from sigmoid_core.values import gelu

    x = np.linspace(-5, 3, 801)
    ax.plot(x, np.maximum(x, 0), color=GREY, linestyle=LINE_STYLES[2], label="ReLU")
    ax.plot(x, x * sigmoid(x), color=BLUE, label=r"SiLU $x\,\sigma(x)$")
    ax.plot(x, gelu(x), color=ORANGE, linestyle=LINE_STYLES[1], label=r"GELU $x\,\Phi(x)$")
    ax.plot(x, x * sigmoid(1.702 * x), color=GREEN, linestyle=LINE_STYLES[3],
            label=r"$x\,\sigma(1.702\,x)$")
    ax.set_xlim(-5, 3)
    ax.set_ylim(-0.6, 3)
    ax.set_xlabel("$x$")
    ax.legend(loc="upper left")


def _draw_textbook_error(ax: Axes) -> None:
    from sigmoid_core.values import textbook_derivative_relative_error

    x = np.linspace(0.5, 40, 400)
    errors = textbook_derivative_relative_error(x)
    ax.semilogy(x, np.maximum(errors, 1e-17), color=ORANGE,
                label=r"textbook $s(1-s)$, $s = 1/(1+e^{-x})$")
    ax.axhline(np.finfo(float).eps, color=BLUE, linestyle="--",
               label=r"float64 $\varepsilon = 2^{-52}$")
    ax.set_xlabel("$x$")
    ax.set_ylabel(r"relative error of $\sigma'(x)$")
    ax.set_xlim(0, 40)
    ax.set_ylim(1e-17, 3)
    ax.legend(loc="upper left")


def _draw_logistic_regression(ax: Axes) -> None:
    from sigmoid_core.values import logistic_regression_example

    fit = logistic_regression_example()
    ax.plot(fit.x, fit.y, "o", color=GREY, markersize=5, label="observed outcome (0 or 1)")
    grid = np.linspace(0, 10, 401)
    ax.plot(grid, sigmoid(fit.weight * grid + fit.bias), color=BLUE,
            label=r"fitted $\sigma(wx + b)$")
    ax.axvline(fit.boundary, color=ORANGE, linestyle="--",
               label=r"decision boundary $\sigma = 1/2$")
    ax.set_xlim(0, 10)
    ax.set_ylim(-0.08, 1.08)
    ax.set_xlabel("hours of study $x$")
    ax.set_ylabel("probability of passing")
    ax.legend(loc="upper left")


FIGURES: dict[str, Figure] = {
    "sigmoid-curve": Figure(
        _draw_sigmoid_curve,
        alt=(
            "The S-shaped curve of the sigmoid for x from -8 to 8: it rises from near 0 "
            "on the left, through 0.5 at x = 0, to near 1 on the right, and never "
            "reaches either 0 or 1."
        ),
        caption="The sigmoid squashes every real number into the open interval (0, 1).",
    ),
    "sigmoid-and-derivative": Figure(
        _draw_sigmoid_and_derivative,
        alt=(
            "The sigmoid (solid blue S-curve) and its derivative (dashed orange bell "
            "curve) for x from -8 to 8. The derivative peaks at 0.25 at x = 0, where "
            "the sigmoid is steepest, and falls towards 0 on both sides."
        ),
        caption=(
            "The derivative is a symmetric bump: largest, 1/4, at x = 0 and "
            "vanishing in both tails, where the sigmoid saturates."
        ),
    ),
    "logit-curve": Figure(
        _draw_logit,
        alt=("The logit function for probabilities p from 0 to 1: it rises from large "
             "negative log-odds near p = 0, through 0 at p = 1/2, to large positive "
             "log-odds near p = 1, mirroring the sigmoid across the diagonal."),
        caption="The logit maps a probability to its log-odds; it is the inverse of σ.",
    ),
    "higher-derivatives": Figure(
        _draw_higher_derivatives,
        alt=("The first four derivatives of the sigmoid for x from -8 to 8. The first is a "
             "positive bell; the second is an odd wave through 0; the third and fourth "
             "oscillate more, and all of them decay to 0 in both tails."),
        caption="Derivatives of order 1 to 4: each is σ′ times a polynomial in tanh(x/2).",
    ),
    "vanishing-gradient-bound": Figure(
        _draw_vanishing_bound,
        alt=("On a logarithmic scale, the product of sigmoid slopes through 1 to 20 layers: "
             "the bound 4 to the power minus n falls as a straight line, and the median "
             "product for random pre-activations lies just below it."),
        caption=("A gradient passing through n sigmoid layers is scaled by at most 4⁻ⁿ "
                 "(weights aside); typical pre-activations do slightly worse."),
    ),
    "activations": Figure(
        _draw_activations,
        alt=("Five activation functions for x from -5 to 5: the sigmoid and the hard "
             "sigmoid rise from 0 to 1, tanh and softsign rise from -1 to 1, and ReLU is 0 "
             "for negative x and equal to x for positive x."),
        caption="Values of the sigmoid and four common alternatives.",
    ),
    "activation-slopes": Figure(
        _draw_activation_slopes,
        alt=("Slopes of the five activation functions for x from -5 to 5: the sigmoid's "
             "slope peaks at 1/4, tanh's and softsign's at 1, ReLU's is a step from 0 to 1 "
             "and the hard sigmoid's is 1/6 between -3 and 3 and 0 outside."),
        caption="Slopes of the same functions: the sigmoid's never exceeds 1/4.",
    ),
    "sigmoid-family": Figure(
        _draw_sigmoid_family,
        alt=("SiLU, GELU and its approximation x times sigma of 1.702 x, with ReLU for "
             "reference, for x from -5 to 3: all three smooth curves dip slightly below 0 "
             "for negative x and approach the line y = x for positive x; the GELU and "
             "its approximation are almost indistinguishable."),
        caption="The sigmoid inside modern activations: SiLU, GELU and its sigmoid approximation.",
    ),
    "textbook-derivative-error": Figure(
        _draw_textbook_error,
        alt=("On a logarithmic scale, the relative error of the textbook derivative "
             "s(1-s) for x from 0 to 40: it grows steadily with x, from about machine "
             "epsilon near 0 to 100 percent once the textbook sigma rounds to 1."
),
        caption="The textbook σ(1−σ) loses relative accuracy as x grows, then returns 0.",
    ),
    "logistic-regression": Figure(
        _draw_logistic_regression,
        alt=("Outcomes of 0 or 1 plotted against hours of study from 0 to 10, with the "
             "fitted S-shaped probability curve of logistic regression and a vertical "
             "dashed line at the decision boundary, where the fitted probability is 1/2."),
        caption="Logistic regression fitted by gradient descent with the gradient σ(z) − y.",
    ),
}


def _svg_bytes(draw: Callable[[Axes], None]) -> bytes:
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=FIGURE_SIZE, layout="constrained")
        try:
            draw(ax)
            buffer = io.BytesIO()
            fig.savefig(buffer, format="svg", metadata={"Date": None})
        finally:
            plt.close(fig)
    return buffer.getvalue()


def render_svg(name: str) -> bytes:
    """Draw FIGURES[name] and return its SVG bytes, identical from build to build."""
    return _svg_bytes(FIGURES[name].draw)


def pixel_size() -> tuple[int, int]:
    """Width and height in CSS pixels that every figure occupies at its natural size."""
    width, height = FIGURE_SIZE
    return round(width * 96), round(height * 96)


@dataclass(frozen=True)
class NotebookFigure:
    """A figure shown by a notebook: same style as the site's figures, with real alt text.

    Jupyter displays it through ``_repr_html_``, so the executed notebook's page gets an
    image with the given alt text and the site's dark-scheme rule, instead of
    nbconvert's "No description has been provided for this image".
    """

    svg: bytes
    alt: str

    def _repr_html_(self) -> str:
        width, height = pixel_size()
        # Percent-encoded rather than base64: it compresses as well as the SVG itself.
        source = "data:image/svg+xml," + urllib.parse.quote(self.svg.decode("utf-8"),
                                                             safe=" /:=;,.-_()'")
        return (
            f'<figure class="sigmoid-figure"><img src="{source}" alt="{html.escape(self.alt)}" '
            f'width="{width}" height="{height}"></figure>'
        )


def notebook_figure(draw: Callable[[Axes], None], alt: str) -> NotebookFigure:
    """Draw on one Axes in the site's style, for display in a notebook cell."""
    if not alt.strip():
        raise ValueError("notebook_figure() needs alt text that says what the figure shows")
    return NotebookFigure(_svg_bytes(draw), alt)
