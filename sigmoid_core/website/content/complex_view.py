"""The sigmoid in the complex plane (poles, residues, partial fractions) and softmax."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from sigmoid_core.website.content import exact
from sigmoid_core.website.content.registry import TableData, figure, table, value
from sigmoid_core.website.plotting import BLUE, GREY, INK, ORANGE, TEXT_PT

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: Poles i*pi*(2k + 1) checked on the page: k = -POLE_COUNT .. POLE_COUNT - 1.
POLE_COUNT = 4


def complex_sigmoid(z: np.ndarray | complex) -> np.ndarray:
    """sigma(z) = 1 / (1 + e^(-z)) for complex z (moderate |Re z|; no overflow guard)."""
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=complex)))


def poles(count: int = POLE_COUNT) -> np.ndarray:
    """The poles i*pi*(2k + 1) for k = -count .. count - 1."""
    k = np.arange(-count, count)
    return 1j * math.pi * (2 * k + 1)


def residue(pole: complex, radius: float = 1.0, points: int = 256) -> complex:
    """(1 / 2 pi i) times the integral of sigma round a circle about ``pole``.

    The trapezoidal rule on a circle is exact up to terms that shrink like
    (radius / distance to the next pole)^points, here 2^-256.
    """
    theta = 2 * math.pi * np.arange(points) / points
    z = pole + radius * np.exp(1j * theta)
    # dz = i r e^(i theta) d theta, so the integral / (2 pi i) is the mean of sigma(z) (z - pole).
    return complex(np.mean(complex_sigmoid(z) * (z - pole)))


def sample_points(count: int = 200, seed: int = 7) -> np.ndarray:
    """Random complex points in the rectangle |Re z| <= 6, |Im z| <= 12, away from poles."""
    rng = np.random.default_rng(seed)
    z = rng.uniform(-6, 6, count) + 1j * rng.uniform(-12, 12, count)
    distance = np.min(np.abs(z[:, None] - poles(3)[None, :]), axis=1)
    return z[distance > 0.1]


def partial_fraction_sum(z: complex, terms: int) -> complex:
    """1/2 + sum_(k < terms) 2z / (z^2 + pi^2 (2k+1)^2), plus the tail's leading term.

    The tail sum_(k >= terms) 2z / (pi^2 (2k+1)^2) (1 + O(|z|^2 / k^2)) is added as
    (2z / pi^2) (psi'(terms + 1/2) / 4), the exact sum of 1 / (2k+1)^2 over k >= terms.
    """
    import mpmath as mp

    k = np.arange(terms)
    c = (math.pi * (2 * k + 1)) ** 2
    head = complex(np.sum(2 * z / (z * z + c)))
    tail = 2 * z / math.pi**2 * float(mp.psi(1, terms + 0.5)) / 4
    return 0.5 + head + tail


@value(".1e", "largest |residue - 1| over eight poles, by the trapezoidal rule on circles")
def pole_residue_error() -> float:
    return max(abs(residue(p) - 1) for p in poles())


@value("d", "number of poles whose residue is checked")
def pole_residue_count() -> int:
    return poles().size


@value(".1e", "largest |sigma(z) - 1/2 - tanh(z/2)/2| over random complex z")
def complex_tanh_error() -> float:
    z = sample_points()
    return float(np.max(np.abs(complex_sigmoid(z) - 0.5 - 0.5 * np.tanh(z / 2))))


@value(".1e", "largest |sigma(z) - partial-fraction sum| over random complex z")
def partial_fraction_error() -> float:
    z = sample_points()
    return max(abs(complex(complex_sigmoid(w)) - partial_fraction_sum(w, 4000)) for w in z)


@value("d", "number of partial-fraction terms summed in the check")
def partial_fraction_terms() -> int:
    return 4000


@value(".1e", "largest |sigma(iy) - 1/2 - (i/2) tan(y/2)| for |y| <= 3")
def imaginary_axis_error() -> float:
    y = np.linspace(-3, 3, 601)
    return float(np.max(np.abs(complex_sigmoid(1j * y) - (0.5 + 0.5j * np.tan(y / 2)))))


def coefficient_ratio(n: int) -> float:
    """-pi^2 a_(n+2) / a_n for odd n, from the exact Taylor coefficients."""
    a = exact.taylor_coefficients(n + 3)
    return float(-(math.pi**2) * (a[n + 2] / a[n]))


def ratio_from_poles(n: int) -> float:
    """The same ratio from a_n = 2 (-1)^((n-1)/2) lambda(n+1) / pi^(n+1):
    lambda(n+3) / lambda(n+1) with lambda(s) = (1 - 2^-s) zeta(s)."""
    import mpmath as mp

    def lam(s: int) -> float:
        return float((1 - mp.mpf(2) ** -s) * mp.zeta(s))

    return lam(n + 3) / lam(n + 1)


RATIO_ORDERS = [1, 3, 5, 9, 15, 21]


@table()
def coefficient_ratios() -> TableData:
    rows = []
    for n in RATIO_ORDERS:
        rows.append(
            [
                f"${n}$",
                f"{coefficient_ratio(n):.12f}",
                f"{ratio_from_poles(n):.12f}",
                f"{coefficient_ratio(n) - 1:.1e}",
            ]
        )
    header = [
        "Order $n$",
        "Exact ratio $-\\pi^{2} a_{n+2}/a_n$",
        "From the poles, $\\lambda(n+3)/\\lambda(n+1)$",
        "Ratio minus 1",
    ]
    return header, rows


@figure(
    alt=(
        "Contour lines of the logarithm of the absolute value of sigma(z) over the "
        "complex plane, real part from -8 to 8 horizontally, imaginary part from -11 "
        "to 11 vertically. Far left the lines are vertical and the modulus is small; "
        "far right it is close to 1. Along the imaginary axis the lines crowd into "
        "rings around four marked poles at plus and minus i pi and plus and minus "
        "3 i pi, where the modulus grows without bound."
    ),
    caption=(
        "Contour lines of log10 |σ(z)|: the modulus tends to 0 as Re z → −∞, to 1 as "
        "Re z → +∞, and grows without bound near the poles z = iπ(2k + 1) (crosses)."
    ),
)
def complex_modulus(ax: Axes) -> None:
    x = np.linspace(-8, 8, 161)
    y = np.linspace(-11, 11, 221)
    z = x[None, :] + 1j * y[:, None]
    with np.errstate(divide="ignore"):
        level = np.log10(np.abs(complex_sigmoid(z)))
    levels = [-3, -2, -1, -0.5, 0, 0.5]
    lines = ax.contour(
        x, y, level, levels=levels, colors=[BLUE] * 4 + [INK, ORANGE], linewidths=1.4
    )
    # One label per level, placed away from the pole labels and the frame (matplotlib's
    # own choice put the 0s on the right edge, cut off by it).
    ax.clabel(
        lines,
        levels[:-1],
        fmt="%g",
        fontsize=TEXT_PT,
        inline_spacing=3,
        manual=[(-6.9, -7.5), (-4.6, -5.0), (-2.3, -7.5), (-1.0, 7.0), (5.0, 4.7)],
    )
    pole = poles(2)
    ax.plot(pole.real, pole.imag, "x", color=INK, markersize=7, markeredgewidth=2)
    for p, label in zip(pole, [r"$-3i\pi$", r"$-i\pi$", r"$i\pi$", r"$3i\pi$"], strict=True):
        ax.annotate(label, (0, p.imag), xytext=(0.7, p.imag - 0.4), color=INK)
    ax.axvline(0, color=GREY, linewidth=0.8)
    ax.set_xlim(-8, 8)
    ax.set_ylim(-11, 11)
    ax.set_xlabel(r"$\operatorname{Re} z$")
    ax.set_ylabel(r"$\operatorname{Im} z$")


# --- Softmax ---------------------------------------------------------------------------


def softmax(z: np.ndarray) -> np.ndarray:
    """softmax over the last axis, evaluated with the largest logit subtracted."""
    z = np.asarray(z, dtype=float)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1, keepdims=True)


def log_sum_exp(z: np.ndarray) -> np.ndarray:
    """log sum_j e^(z_j) over the last axis as m + log sum e^(z_j - m), m the largest z_j."""
    z = np.asarray(z, dtype=float)
    m = np.max(z, axis=-1)
    return m + np.log(np.sum(np.exp(z - m[..., None]), axis=-1))


def naive_log_sum_exp(z: np.ndarray) -> np.ndarray:
    """The textbook log(sum(exp(z))): overflows once a logit exceeds about 709.78."""
    with np.errstate(over="ignore"):
        return np.log(np.sum(np.exp(np.asarray(z, dtype=float)), axis=-1))


def cross_entropy(z: np.ndarray, label: int) -> float:
    """-log softmax(z)_label = log_sum_exp(z) - z_label."""
    return float(log_sum_exp(z) - z[label])


def random_logits(count: int = 200, classes: int = 5, scale: float = 20.0, seed: int = 11):
    rng = np.random.default_rng(seed)
    return rng.uniform(-scale, scale, (count, classes))


@value(".1e", "largest change of softmax when one constant is added to every logit")
def softmax_shift_error() -> float:
    z = random_logits()
    c = np.random.default_rng(12).uniform(-50, 50, (z.shape[0], 1))
    return float(np.max(np.abs(softmax(z + c) - softmax(z))))


@value(".1e", "largest relative error of the stable log-sum-exp against mpmath, logits in +-1000")
def log_sum_exp_error() -> float:
    import mpmath as mp

    z = random_logits(scale=1000.0)
    worst = 0.0
    with mp.workdps(40):
        for row in z:
            reference = mp.log(mp.fsum(mp.exp(mp.mpf(float(v))) for v in row))
            worst = max(worst, float(abs((log_sum_exp(row) - reference) / reference)))
    return worst


@value("d", "share (percent) of those logit vectors for which the naive log-sum-exp overflows")
def naive_log_sum_exp_overflow_percent() -> int:
    z = random_logits(scale=1000.0)
    return round(100 * float(np.mean(~np.isfinite(naive_log_sum_exp(z)))))


def gradient_check(count: int = 50, classes: int = 5, step: float = 1e-6) -> float:
    """Largest |central difference of the cross-entropy - (p - y)| over random logits."""
    z = random_logits(count=count, classes=classes, scale=5.0)
    labels = np.random.default_rng(13).integers(0, classes, count)
    worst = 0.0
    for row, label in zip(z, labels, strict=True):
        target = np.zeros(classes)
        target[label] = 1.0
        formula = softmax(row) - target
        for j in range(classes):
            e = np.zeros(classes)
            e[j] = step
            difference = (cross_entropy(row + e, label) - cross_entropy(row - e, label)) / (
                2 * step
            )
            worst = max(worst, abs(difference - formula[j]))
    return worst


@value(".1e", "largest |finite difference - (p - y)| for the softmax cross-entropy gradient")
def softmax_gradient_error() -> float:
    return gradient_check()
