"""Calibrated probabilities, multi-label outputs and class imbalance.

The calibration experiment uses scikit-learn's digits (1,797 images of 8 x 8 pixels,
shipped with the package: nothing is downloaded) as a binary task, odd digit or even. A
linear support vector machine is trained on one third; its decision values are mapped to
probabilities by Platt scaling, temperature scaling and isotonic regression fitted on the
second third; everything is evaluated on the last third. scikit-learn is imported only
when the experiment runs, so a build whose values are all cached never loads it.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

# SciPy comes with scikit-learn, which the docs extra installs; it publishes no types.
from scipy.optimize import minimize_scalar  # type: ignore[import-untyped]

from sigmoid_core import log_sigmoid, logit, sigmoid
from sigmoid_core.website.content.registry import TableData, figure, table, value
from sigmoid_core.website.plotting import BLUE, GREEN, GREY, LINE_STYLES, ORANGE

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: Seed of the random split into training, calibration and test thirds.
SEED = 2026
#: Equal-mass bins of the reliability diagram and of the ECE in the results table.
BINS = 10
#: The fewest examples a reliability bin may hold on this page.
MIN_PER_BIN = 50
#: Label draws from a calibrated model, for the ECE that noise alone produces.
NOISE_DRAWS = 1000
#: Logits of the multi-label example, and its labels.
MULTILABEL_LOGITS = (2.0, 0.5, -1.0)
MULTILABEL_LABELS = (1.0, 1.0, 0.0)
#: (base rate p, pos_weight w) pairs of the class-imbalance table.
POS_WEIGHT_CASES = ((0.1, 1.0), (0.1, 3.0), (0.1, 9.0), (0.01, 99.0))
#: Focal loss: the focusing parameter and the probabilities of the true class compared.
FOCAL_GAMMA = 2
FOCAL_EASY = 0.9
FOCAL_VERY_EASY = 0.99
#: Base rate at which the minimiser of the expected focal loss is computed.
FOCAL_BASE_RATE = 0.9
#: Clipping that makes isotonic regression's log-loss finite.
ISOTONIC_CLIP = 0.001


# ---------------------------------------------------------------- losses and scores


def bce_from_logits(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Binary cross-entropy max(z, 0) - z y + log(1 + e^-|z|): finite for every finite z."""
    z = np.asarray(z, dtype=float)
    return np.maximum(z, 0.0) - z * np.asarray(y, dtype=float) + np.log1p(np.exp(-np.abs(z)))


def bce_from_log_sigmoid(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """-[y log sigma(z) + (1 - y) log sigma(-z)] with the core's stable log-sigmoid."""
    z = np.asarray(z, dtype=float)
    y = np.asarray(y, dtype=float)
    return -(y * log_sigmoid(z) + (1.0 - y) * log_sigmoid(-z))


def log_loss_from_logits(z: np.ndarray, y: np.ndarray) -> float:
    """Mean log-loss of the probabilities sigma(z), computed from the logits."""
    return float(np.mean(bce_from_log_sigmoid(z, y)))


def log_loss(p: np.ndarray, y: np.ndarray) -> float:
    """Mean log-loss of probabilities p: infinite if an event given probability 0 happens."""
    p = np.asarray(p, dtype=float)
    y = np.asarray(y, dtype=float)
    with np.errstate(divide="ignore"):
        terms = -np.where(y == 1, np.log(p), np.log1p(-p))
    return float(np.mean(terms))


def brier_score(p: np.ndarray, y: np.ndarray) -> float:
    """Mean squared difference between probability and outcome."""
    return float(np.mean((np.asarray(p, dtype=float) - np.asarray(y, dtype=float)) ** 2))


# ---------------------------------------------------------------- binning and ECE


def equal_mass_bins(scores: np.ndarray, count: int) -> np.ndarray:
    """The bin (0 to count - 1) of each example: sorted by score, cut into count runs whose
    sizes differ by at most one. Any increasing map of the scores gives the same bins."""
    order = np.argsort(np.asarray(scores), kind="stable")
    bins = np.empty(len(order), dtype=int)
    for b, members in enumerate(np.array_split(order, count)):
        bins[members] = b
    return bins


def equal_width_bins(p: np.ndarray, count: int) -> np.ndarray:
    """The bin of each probability among count intervals of equal width over [0, 1]."""
    return np.minimum((np.asarray(p) * count).astype(int), count - 1)


def expected_calibration_error(p: np.ndarray, y: np.ndarray, bins: np.ndarray) -> float:
    """Sum over bins of (n_b / N) |frequency_b - mean probability_b|; empty bins add 0."""
    p = np.asarray(p, dtype=float)
    y = np.asarray(y, dtype=float)
    counts = np.bincount(bins)
    filled = counts > 0
    gap = np.abs(np.bincount(bins, weights=y) - np.bincount(bins, weights=p))[filled]
    return float(np.sum(gap) / len(p))  # (n_b/N) |sum_b(y)/n_b - sum_b(p)/n_b|


def noise_ece(q: np.ndarray, bins: np.ndarray, draws: int = NOISE_DRAWS) -> float:
    """Mean ECE when labels are drawn from the probabilities q themselves: what a perfectly
    calibrated model scores with these bins, from sampling noise alone."""
    rng = np.random.default_rng(SEED)
    labels = (rng.random((draws, len(q))) < q).astype(float)
    members = np.zeros((len(q), int(bins.max()) + 1))
    members[np.arange(len(q)), bins] = 1.0
    gaps = np.abs(labels @ members - q @ members)
    return float(np.mean(np.sum(gaps, axis=1)) / len(q))


@dataclass(frozen=True)
class Reliability:
    confidence: np.ndarray  # mean probability in each bin
    frequency: np.ndarray  # fraction of positives in each bin
    count: np.ndarray  # examples in each bin


def reliability(p: np.ndarray, y: np.ndarray, bins: np.ndarray) -> Reliability:
    """Per bin: mean predicted probability, observed frequency and size."""
    counts = np.bincount(bins)
    return Reliability(
        np.bincount(bins, weights=p) / counts, np.bincount(bins, weights=y) / counts, counts
    )


# ---------------------------------------------------------------- the three calibrators


@dataclass(frozen=True)
class PlattFit:
    slope: float  # a in sigma(a s + c)
    intercept: float  # c
    gradient_norm: float  # of the mean log-loss at (a, c)
    steps: int


def fit_platt(s: np.ndarray, targets: np.ndarray, tolerance: float = 1e-12) -> PlattFit:
    """Minimise the mean log-loss of sigma(a s + c) by Newton's method with backtracking.

    The loss is convex in (a, c) (logistic regression with one feature), so the point where
    the gradient vanishes is the minimum."""
    s = np.asarray(s, dtype=float)
    t = np.asarray(targets, dtype=float)
    features = np.column_stack([s, np.ones_like(s)])
    theta = np.zeros(2)

    def loss(params: np.ndarray) -> float:
        return log_loss_from_logits(features @ params, t)

    for step in range(1, 101):
        p = np.asarray(sigmoid(features @ theta))
        gradient = features.T @ (p - t) / len(s)
        if np.linalg.norm(gradient) < tolerance:
            return PlattFit(float(theta[0]), float(theta[1]), float(np.linalg.norm(gradient)), step)
        hessian = (features * (p * (1 - p))[:, None]).T @ features / len(s)
        direction = np.linalg.solve(hessian, gradient)
        size, current = 1.0, loss(theta)
        while loss(theta - size * direction) > current and size > 1e-12:
            size /= 2
        theta = theta - size * direction
    raise RuntimeError("Platt's fit did not converge in 100 Newton steps")


def fit_temperature(s: np.ndarray, y: np.ndarray) -> float:
    """The temperature T > 0 minimising the mean log-loss of sigma(s / T)."""
    result = minimize_scalar(
        lambda log_t: log_loss_from_logits(np.asarray(s) / math.exp(log_t), y),
        bounds=(-6.0, 6.0),
        method="bounded",
        options={"xatol": 1e-11},
    )
    return math.exp(float(result.x))


def platt_targets(y: np.ndarray) -> np.ndarray:
    """Platt's targets (N+ + 1)/(N+ + 2) for positives and 1/(N- + 2) for negatives."""
    y = np.asarray(y, dtype=float)
    positives, negatives = float(np.sum(y)), float(np.sum(1 - y))
    return np.where(y == 1, (positives + 1) / (positives + 2), 1 / (negatives + 2))


# ---------------------------------------------------------------- the experiment


@dataclass(frozen=True)
class Experiment:
    train_size: int
    calibration_size: int
    test_size: int
    train_accuracy: float
    test_accuracy: float
    calibration_scores: np.ndarray
    calibration_labels: np.ndarray
    test_scores: np.ndarray
    test_labels: np.ndarray
    platt: PlattFit
    platt_smoothed: PlattFit  # fitted to Platt's targets instead of 0 and 1
    temperature: float
    isotonic_test: np.ndarray  # isotonic regression's probabilities on the test set
    isotonic_grid: np.ndarray  # ... on a fine grid over the calibration scores' range
    isotonic_steps: int  # distinct values on the calibration set


@functools.cache
def experiment() -> Experiment:
    """Train, calibrate and evaluate once per build."""
    # scikit-learn publishes no types; imported here so cached builds never load it.
    from sklearn.datasets import load_digits  # type: ignore[import-untyped]
    from sklearn.isotonic import IsotonicRegression  # type: ignore[import-untyped]
    from sklearn.svm import LinearSVC  # type: ignore[import-untyped]

    images, digits = load_digits(return_X_y=True)
    x = images / 16.0  # pixel values run from 0 to 16
    y = (digits % 2).astype(float)  # 1 for an odd digit
    order = np.random.default_rng(SEED).permutation(len(x))
    train, calibration, test = np.array_split(order, 3)
    model = LinearSVC(C=1.0, random_state=0).fit(x[train], y[train])
    scores = model.decision_function(x)
    s_cal, y_cal, s_test, y_test = scores[calibration], y[calibration], scores[test], y[test]
    isotonic = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(s_cal, y_cal)
    grid = np.linspace(s_cal.min() - 1, s_cal.max() + 1, 2001)
    return Experiment(
        len(train),
        len(calibration),
        len(test),
        float(np.mean((scores[train] > 0) == y[train])),
        float(np.mean((s_test > 0) == y_test)),
        s_cal,
        y_cal,
        s_test,
        y_test,
        fit_platt(s_cal, y_cal),
        fit_platt(s_cal, platt_targets(y_cal)),
        fit_temperature(s_cal, y_cal),
        np.asarray(isotonic.predict(s_test), dtype=float),
        np.asarray(isotonic.predict(grid), dtype=float),
        len(np.unique(isotonic.predict(s_cal))),
    )


def held_out_probabilities() -> dict[str, np.ndarray]:
    """Each method's probabilities on the test third."""
    e = experiment()
    s = e.test_scores
    return {
        "raw": np.asarray(sigmoid(s)),
        "platt": np.asarray(sigmoid(e.platt.slope * s + e.platt.intercept)),
        "temperature": np.asarray(sigmoid(s / e.temperature)),
        "isotonic": e.isotonic_test,
    }


def held_out_bins(count: int = BINS) -> np.ndarray:
    """Equal-mass bins of the test third by score: the same examples for every method,
    since each maps the score by a non-decreasing function."""
    return equal_mass_bins(experiment().test_scores, count)


# ---------------------------------------------------------------- values: the experiment


@value("d", "examples in scikit-learn's digits data set")
def digits_examples() -> int:
    e = experiment()
    return e.train_size + e.calibration_size + e.test_size


@value("d", "seed of the random split into thirds")
def calibration_seed() -> int:
    return SEED


@value("d", "examples in the test third")
def calibration_test_size() -> int:
    return experiment().test_size


@value(".1f", "percent of the training third the linear SVM classifies correctly")
def svm_train_accuracy() -> float:
    return 100 * experiment().train_accuracy


@value(".1f", "percent of the test third the linear SVM classifies correctly")
def svm_test_accuracy() -> float:
    return 100 * experiment().test_accuracy


@value(".3f", "Platt's slope a fitted on the calibration third")
def platt_slope() -> float:
    return experiment().platt.slope


@value(".3f", "Platt's intercept c fitted on the calibration third")
def platt_intercept() -> float:
    return experiment().platt.intercept


@value(".0e", "norm of the log-loss gradient at Platt's fit")
def platt_gradient_norm() -> float:
    return experiment().platt.gradient_norm


@value("d", "Newton steps of Platt's fit")
def platt_steps() -> int:
    return experiment().platt.steps


@value(".3f", "the fitted temperature T")
def fitted_temperature() -> float:
    return experiment().temperature


@value(".3f", "1/T, the slope temperature scaling uses")
def temperature_slope() -> float:
    return 1 / experiment().temperature


@value(".1e", "largest change of Platt's test probabilities with Platt's smoothed targets")
def platt_targets_change() -> float:
    e = experiment()
    s = e.test_scores
    smoothed = sigmoid(e.platt_smoothed.slope * s + e.platt_smoothed.intercept)
    return float(np.max(np.abs(smoothed - held_out_probabilities()["platt"])))


@value("d", "distinct values isotonic regression gives the calibration third")
def isotonic_steps() -> int:
    return experiment().isotonic_steps


@value("d", "test examples isotonic regression gives probability exactly 0 or 1")
def isotonic_certain() -> int:
    p = experiment().isotonic_test
    return int(np.sum((p == 0) | (p == 1)))


@value("d", "of those, how many have the other label")
def isotonic_certain_wrong() -> int:
    e = experiment()
    p, y = e.isotonic_test, e.test_labels
    return int(np.sum(((p == 0) & (y == 1)) | ((p == 1) & (y == 0))))


@value("g", "clipping interval [delta, 1 - delta] for isotonic regression's log-loss")
def isotonic_clip() -> float:
    return ISOTONIC_CLIP


@value(".3f", "test log-loss of isotonic regression clipped to [0.001, 0.999]")
def isotonic_clipped_log_loss() -> float:
    e = experiment()
    return log_loss(np.clip(e.isotonic_test, ISOTONIC_CLIP, 1 - ISOTONIC_CLIP), e.test_labels)


# ---------------------------------------------------------------- values: the bins


@value("d", "fewest test examples in a reliability bin")
def reliability_min_count() -> int:
    return int(np.min(np.bincount(held_out_bins())))


@value("d", "most test examples in a reliability bin")
def reliability_max_count() -> int:
    return int(np.max(np.bincount(held_out_bins())))


@value("d", "the minimum count per bin this page requires")
def reliability_required_count() -> int:
    return MIN_PER_BIN


@value(".3f", "largest standard error of a bin's frequency with the fewest examples: 1/(2 sqrt n)")
def reliability_worst_standard_error() -> float:
    return 1 / (2 * math.sqrt(reliability_min_count()))


def bins_off_diagonal(p: np.ndarray) -> np.ndarray:
    """The reliability bins whose frequency is more than two standard errors
    sqrt(q (1 - q) / n) of a calibrated model away from their mean probability q."""
    r = reliability(p, experiment().test_labels, held_out_bins())
    error = 2 * np.sqrt(r.confidence * (1 - r.confidence) / r.count)
    return np.flatnonzero(np.abs(r.frequency - r.confidence) > error)


@value("d", "reliability bins of the raw sigmoid more than 2 standard errors off the diagonal")
def raw_bins_off() -> int:
    return len(bins_off_diagonal(held_out_probabilities()["raw"]))


@value("d", "reliability bins of isotonic regression more than 2 standard errors off")
def isotonic_bins_off() -> int:
    return len(bins_off_diagonal(held_out_probabilities()["isotonic"]))


@value(".2f", "twice the largest standard error of a frequency in the smallest bin")
def reliability_worst_two_se() -> float:
    return 2 * reliability_worst_standard_error()


@value(".3f", "largest standard error 1/(2 sqrt n) of a frequency in a bin of 50")
def required_bin_standard_error() -> float:
    return 1 / (2 * math.sqrt(MIN_PER_BIN))


@value("d", "number of equal-mass bins")
def reliability_bins() -> int:
    return BINS


@value(".3f", "ECE of Platt scaling with 10 equal-width bins")
def platt_ece_equal_width() -> float:
    p = held_out_probabilities()["platt"]
    return expected_calibration_error(p, experiment().test_labels, equal_width_bins(p, BINS))


@value("d", "test examples in the fullest of 10 equal-width bins of Platt's probabilities")
def equal_width_fullest() -> int:
    return int(np.max(np.bincount(equal_width_bins(held_out_probabilities()["platt"], BINS))))


@value("d", "equal-width bins of Platt's probabilities holding fewer than 50 test examples")
def equal_width_sparse() -> int:
    counts = np.bincount(equal_width_bins(held_out_probabilities()["platt"], BINS), minlength=BINS)
    return int(np.sum(counts < MIN_PER_BIN))


METHOD_NAMES = {
    "raw": "σ(s), raw",
    "platt": "Platt σ(as + c)",
    "temperature": "Temperature σ(s/T)",
    "isotonic": "Isotonic",
}


@table()
def calibration_results() -> TableData:
    e = experiment()
    y = e.test_labels
    bins = held_out_bins()
    logits = {
        "raw": e.test_scores,
        "platt": e.platt.slope * e.test_scores + e.platt.intercept,
        "temperature": e.test_scores / e.temperature,
    }
    rows = []
    for key, p in held_out_probabilities().items():
        loss = log_loss_from_logits(logits[key], y) if key in logits else log_loss(p, y)
        rows.append(
            [
                METHOD_NAMES[key],
                "∞" if math.isinf(loss) else f"{loss:.3f}",
                f"{brier_score(p, y):.4f}",
                f"{expected_calibration_error(p, y, bins):.3f}",
            ]
        )
    return ["Method", "Log-loss", "Brier", "ECE (10 bins)"], rows


@table()
def ece_by_binning() -> TableData:
    e = experiment()
    probabilities = held_out_probabilities()
    rows = []
    for count in (5, 10, 20, 40):
        bins = held_out_bins(count)
        sizes = np.bincount(bins)
        rows.append(
            [
                f"{count}",
                f"{sizes.min()}" if sizes.min() == sizes.max() else f"{sizes.min()}–{sizes.max()}",
                f"{expected_calibration_error(probabilities['raw'], e.test_labels, bins):.3f}",
                f"{expected_calibration_error(probabilities['platt'], e.test_labels, bins):.3f}",
                f"{noise_ece(probabilities['platt'], bins):.3f}",
            ]
        )
    return ["Bins", "Examples per bin", "σ(s), raw", "Platt", "Calibrated (noise)"], rows


@value("d", "label draws behind the noise column")
def noise_draws() -> int:
    return NOISE_DRAWS


# ---------------------------------------------------------------- the figure


@figure(
    alt=(
        "Reliability diagram on the test third: observed frequency of odd digits against "
        "mean predicted probability, in ten bins of about sixty examples, each point with "
        "an error bar of two standard errors. The raw sigmoid of the SVM's score forms a "
        "flat S: its probabilities stay between about a tenth and nine tenths while the "
        "frequencies run from 0 to 1, so it is under-confident. Platt scaling and isotonic "
        "regression "
        "put the points close to the diagonal, the bins piling up near 0 and 1."
    ),
    caption=(
        "Reliability diagram of the test third, ten equal-mass bins: bars span ±2 standard "
        "errors √(q(1 − q)/n) of a calibrated model's frequency at the bin's mean "
        "probability q (cut at 0 and 1). A point whose bar misses the diagonal is "
        "miscalibrated by more than sampling noise explains."
    ),
)
def reliability_diagram(ax: Axes) -> None:
    e = experiment()
    probabilities = held_out_probabilities()
    bins = held_out_bins()
    ax.plot([0, 1], [0, 1], color=GREY, linewidth=1.0, linestyle=LINE_STYLES[1], label="calibrated")
    series = [
        ("raw", "raw σ(s)", BLUE, "o", LINE_STYLES[0]),
        ("platt", "Platt scaling", ORANGE, "s", LINE_STYLES[2]),
        ("isotonic", "isotonic regression", GREEN, "^", LINE_STYLES[3]),
    ]
    for key, label, colour, marker, style in series:
        r = reliability(probabilities[key], e.test_labels, bins)
        error = 2 * np.sqrt(r.confidence * (1 - r.confidence) / r.count)
        below = np.minimum(error, r.frequency)  # bars cut at 0 and 1
        above = np.minimum(error, 1 - r.frequency)
        ax.errorbar(
            r.confidence,
            r.frequency,
            yerr=np.vstack([below, above]),
            color=colour,
            marker=marker,
            markersize=5,
            linestyle=style,
            linewidth=1.6,
            capsize=3,
            label=label,
        )
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.04, 1.04)
    ax.set_xlabel("mean predicted probability in the bin")
    ax.set_ylabel("fraction odd in the bin")
    ax.legend(loc="upper left")


# ---------------------------------------------------------------- multi-label and softmax


def softmax(z: np.ndarray) -> np.ndarray:
    """exp(z_k - m) / sum_j exp(z_j - m) with m = max z: nothing overflows."""
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z))
    return np.asarray(e / np.sum(e))


def softmax_as_sigmoid(z: np.ndarray) -> np.ndarray:
    """softmax(z)_k as sigma(z_k - log sum_{j != k} e^{z_j})."""
    z = np.asarray(z, dtype=float)
    others = np.array(
        [np.logaddexp.reduce(np.delete(z, k)) for k in range(len(z))]  # log-sum-exp
    )
    return np.asarray(sigmoid(z - others))


@table()
def sigmoid_versus_softmax() -> TableData:
    z = np.array(MULTILABEL_LOGITS)
    independent = np.asarray(sigmoid(z))
    shared = softmax(z)
    rows = [
        [f"{k + 1}", f"{z[k]:g}", f"{independent[k]:.4f}", f"{shared[k]:.4f}"]
        for k in range(len(z))
    ]
    rows.append(["Sum", "", f"{independent.sum():.4f}", f"{shared.sum():.4f}"])
    return ["Label", "Logit z", "Sigmoid σ(z)", "Softmax"], rows


@value(".4f", "multi-label loss of the example: sum of three binary cross-entropies")
def multilabel_loss() -> float:
    z, y = np.array(MULTILABEL_LOGITS), np.array(MULTILABEL_LABELS)
    return float(np.sum(bce_from_log_sigmoid(z, y)))


@value("d", "how many of the example's labels are 1")
def multilabel_positives() -> int:
    return int(sum(MULTILABEL_LABELS))


# ---------------------------------------------------------------- class imbalance


def weighted_loss(z: float, base_rate: float, pos_weight: float) -> float:
    """Mean weighted log-loss of the constant logit z when a fraction p of labels is 1:
    -[w p log sigma(z) + (1 - p) log sigma(-z)]."""
    return -float(pos_weight * base_rate * log_sigmoid(z) + (1 - base_rate) * log_sigmoid(-z))


def weighted_optimum(base_rate: float, pos_weight: float) -> float:
    """sigma(z*) = w p / (w p + 1 - p), the minimiser of weighted_loss (proved on the page)."""
    return pos_weight * base_rate / (pos_weight * base_rate + 1 - base_rate)


def weighted_optimum_numerical(base_rate: float, pos_weight: float) -> float:
    """sigma of the z minimising weighted_loss, found by a bounded scalar minimiser."""
    result = minimize_scalar(
        lambda z: weighted_loss(z, base_rate, pos_weight),
        bounds=(-30.0, 30.0),
        method="bounded",
        options={"xatol": 1e-10},
    )
    return float(sigmoid(float(result.x)))


@table()
def pos_weight_optimum() -> TableData:
    rows = []
    for p, w in POS_WEIGHT_CASES:
        rows.append(
            [
                f"{p:g}",
                f"{w:g}",
                f"{weighted_optimum(p, w):.6f}",
                f"{weighted_optimum_numerical(p, w):.6f}",
            ]
        )
    return ["Base rate p", "pos_weight w", "σ(z*) by the formula", "σ(z*) minimised"], rows


@value(".4f", "log 9, the logit shift that pos_weight 9 causes")
def log_nine() -> float:
    return math.log(9)


def focal_loss(z: np.ndarray, y: np.ndarray, gamma: float, alpha: float = 1.0) -> np.ndarray:
    """-alpha (1 - p_t)^gamma log p_t with p_t = sigma(z_t), z_t = z if y = 1 else -z;
    1 - p_t = sigma(-z_t) and log p_t = log sigma(z_t) are evaluated stably."""
    z = np.asarray(z, dtype=float)
    z_t = np.where(np.asarray(y) == 1, z, -z)
    return -alpha * np.asarray(sigmoid(-z_t)) ** gamma * np.asarray(log_sigmoid(z_t))


def focal_ratio(p_t: float, gamma: float = FOCAL_GAMMA) -> float:
    """Focal loss over cross-entropy for one example: (1 - p_t)^gamma, via logits."""
    z = float(logit(p_t))
    ce = float(bce_from_log_sigmoid(np.array(z), np.array(1.0)))
    return float(focal_loss(np.array(z), np.array(1.0), gamma)) / ce


def expected_focal_loss(q: float, base_rate: float, gamma: float = FOCAL_GAMMA) -> float:
    """Mean focal loss of the constant probability q when a fraction p of labels is 1."""
    z = float(logit(q))
    return base_rate * float(focal_loss(np.array(z), np.array(1.0), gamma)) + (
        1 - base_rate
    ) * float(focal_loss(np.array(z), np.array(0.0), gamma))


@functools.cache
def focal_minimiser(base_rate: float = FOCAL_BASE_RATE, gamma: float = FOCAL_GAMMA) -> float:
    """The constant probability q minimising the expected focal loss, over logits."""
    result = minimize_scalar(
        lambda z: expected_focal_loss(float(sigmoid(z)), base_rate, gamma),
        bounds=(-20.0, 20.0),
        method="bounded",
        options={"xatol": 1e-11},
    )
    return float(sigmoid(float(result.x)))


@value("d", "focal loss's focusing parameter gamma")
def focal_gamma() -> int:
    return FOCAL_GAMMA


@value("g", "an easy example's probability of its true class")
def focal_easy() -> float:
    return FOCAL_EASY


@value("g", "a very easy example's probability of its true class")
def focal_very_easy() -> float:
    return FOCAL_VERY_EASY


@value("g", "focal loss over cross-entropy at p_t = 0.9, gamma = 2")
def focal_ratio_easy() -> float:
    return round(focal_ratio(FOCAL_EASY), 12)


@value("g", "focal loss over cross-entropy at p_t = 0.99, gamma = 2")
def focal_ratio_very_easy() -> float:
    return round(focal_ratio(FOCAL_VERY_EASY), 12)


@value("g", "base rate at which the focal loss's minimiser is computed")
def focal_base_rate() -> float:
    return FOCAL_BASE_RATE


@value(".4f", "constant probability minimising the expected focal loss at base rate 0.9")
def focal_minimiser_value() -> float:
    return focal_minimiser()
