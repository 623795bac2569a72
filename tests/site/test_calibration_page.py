"""Statements of the calibration page, each checked independently: the ECE against a
direct loop, the bins, Platt's fit as the log-loss optimum, temperature scaling as Platt
without intercept, isotonic regression against a plain pool-adjacent-violators, the
stable cross-entropy against mpmath, softmax as a sigmoid, the pos_weight optimum, the
focal-loss ratio and minimiser, and the comparisons the page draws from its tables.
"""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest
from scipy.optimize import minimize

from sigmoid_core import sigmoid
from sigmoid_core.website.content import calibration as cal


@pytest.fixture(scope="module")
def experiment():
    return cal.experiment()


@pytest.fixture(scope="module")
def probabilities():
    return cal.held_out_probabilities()


def loop_ece(p, y, bins):
    """ECE by the definition: for each non-empty bin, its share times |frequency - mean p|."""
    total = 0.0
    for b in sorted(set(bins.tolist())):
        members = [i for i in range(len(p)) if bins[i] == b]
        frequency = sum(y[i] for i in members) / len(members)
        confidence = sum(p[i] for i in members) / len(members)
        total += len(members) / len(p) * abs(frequency - confidence)
    return total


# ---------------------------------------------------------------- bins and ECE


@pytest.mark.parametrize("count", [5, 10, 20, 40])
def test_ece_agrees_with_a_direct_loop(experiment, probabilities, count):
    y = experiment.test_labels
    for p in probabilities.values():
        for bins in (cal.held_out_bins(count), cal.equal_width_bins(p, count)):
            assert math.isclose(
                cal.expected_calibration_error(p, y, bins), loop_ece(p, y, bins), abs_tol=1e-14
            )


def test_equal_width_bins_can_be_empty_and_put_one_in_the_last():
    p = np.array([0.0, 0.05, 0.95, 1.0])
    bins = cal.equal_width_bins(p, 10)
    assert bins.tolist() == [0, 0, 9, 9]
    y = np.array([0.0, 1.0, 1.0, 1.0])
    assert math.isclose(cal.expected_calibration_error(p, y, bins), loop_ece(p, y, bins))


def test_every_reliability_bin_holds_at_least_the_stated_minimum(experiment):
    counts = np.bincount(cal.held_out_bins())
    assert len(counts) == cal.BINS
    assert counts.min() >= cal.MIN_PER_BIN
    assert counts.max() - counts.min() <= 1
    assert counts.sum() == experiment.test_size


def test_bins_are_the_same_for_every_non_decreasing_map(experiment, probabilities):
    """Sorting by any method's probability (ties broken by score) gives the score's bins."""
    s = experiment.test_scores
    reference = cal.held_out_bins()
    for p in probabilities.values():
        order = np.lexsort((s, p))  # by p, then by s
        bins = np.empty(len(s), dtype=int)
        for b, members in enumerate(np.array_split(order, cal.BINS)):
            bins[members] = b
        assert np.array_equal(bins, reference)


def test_the_variance_bound_of_a_bin_frequency():
    """(1/n^2) sum q_i (1 - q_i) <= q(1 - q)/n <= 1/(4n), for random q in [0, 1]."""
    rng = np.random.default_rng(1)
    for _ in range(200):
        n = int(rng.integers(1, 100))
        q = rng.random(n) ** rng.uniform(0.2, 5)
        mean = q.mean()
        variance = np.sum(q * (1 - q)) / n**2
        assert variance <= mean * (1 - mean) / n + 1e-15
        assert mean * (1 - mean) / n <= 1 / (4 * n)


def test_the_noise_ece_is_the_mean_ece_of_labels_drawn_from_the_probabilities(probabilities):
    q = probabilities["platt"]
    bins = cal.held_out_bins()
    rng = np.random.default_rng(cal.SEED)
    draws = (rng.random((cal.NOISE_DRAWS, len(q))) < q).astype(float)
    direct = np.mean([cal.expected_calibration_error(q, labels, bins) for labels in draws])
    assert math.isclose(cal.noise_ece(q, bins), direct, rel_tol=1e-12)


@pytest.mark.parametrize("pi", [0.1, 0.5, 0.83])
def test_brier_and_log_loss_reward_the_true_probability(pi):
    """E(q - y)^2 = (q - pi)^2 + pi(1 - pi); d/dq E[log-loss] = (q - pi)/(q(1 - q))."""

    def expected_log_loss(t):
        return -pi * mp.log(t) - (1 - pi) * mp.log(1 - t)

    for q in (0.05, 0.3, 0.5, 0.9):
        expected_brier = pi * (q - 1) ** 2 + (1 - pi) * q**2
        assert math.isclose(expected_brier, (q - pi) ** 2 + pi * (1 - pi))
        with mp.workdps(30):
            derivative = mp.diff(expected_log_loss, mp.mpf(q))
        assert math.isclose(float(derivative), (q - pi) / (q * (1 - q)), rel_tol=1e-12)


# ---------------------------------------------------------------- the three calibrators


def test_platt_fit_is_the_log_loss_optimum(experiment):
    s, y = experiment.calibration_scores, experiment.calibration_labels
    a, c = experiment.platt.slope, experiment.platt.intercept
    with mp.workdps(30):
        ps = [mp.mpf(1) / (1 + mp.exp(-(a * float(si) + c))) for si in s]
        grad_a = sum((p - float(t)) * float(si) for p, t, si in zip(ps, y, s, strict=True)) / len(s)
        grad_c = sum(p - float(t) for p, t in zip(ps, y, strict=True)) / len(s)
    assert abs(float(grad_a)) < 1e-10 and abs(float(grad_c)) < 1e-10
    assert experiment.platt.gradient_norm < 1e-12

    # An independent minimiser of the same loss lands on the same point.
    def loss(theta):
        return cal.log_loss_from_logits(theta[0] * s + theta[1], y)

    other = minimize(
        loss, x0=[1.0, 0.0], method="Nelder-Mead", options={"xatol": 1e-9, "fatol": 1e-14}
    )
    assert np.allclose(other.x, [a, c], atol=1e-5)
    assert loss(np.array([a, c])) <= other.fun + 1e-15
    # Convex: the Hessian at the fit is positive definite.
    p = sigmoid(a * s + c)
    features = np.column_stack([s, np.ones_like(s)])
    hessian = (features * (p * (1 - p))[:, None]).T @ features / len(s)
    assert np.all(np.linalg.eigvalsh(hessian) > 0)


def test_platt_slope_sharpens_and_the_intercept_is_not_zero(experiment):
    assert experiment.platt.slope > 1
    assert abs(experiment.platt.intercept) > 0.1


def test_temperature_is_platt_without_intercept(experiment):
    """Newton's method on a alone (c = 0) gives a = 1/T."""
    s, y = experiment.calibration_scores, experiment.calibration_labels
    a = 1.0
    for _ in range(50):
        p = sigmoid(a * s)
        gradient = np.mean((p - y) * s)
        a -= gradient / np.mean(p * (1 - p) * s * s)
    assert abs(np.mean((sigmoid(a * s) - y) * s)) < 1e-13
    assert math.isclose(a, 1 / experiment.temperature, rel_tol=1e-6)
    assert np.allclose(sigmoid(s / experiment.temperature), sigmoid(a * s + 0.0), atol=1e-6)
    # Platt minimises over more maps: its calibration loss is no higher.
    platt = cal.log_loss_from_logits(experiment.platt.slope * s + experiment.platt.intercept, y)
    assert platt <= cal.log_loss_from_logits(s / experiment.temperature, y)


def test_platt_targets():
    y = np.array([1, 1, 1, 0, 0])
    t = cal.platt_targets(y)
    assert np.allclose(t, [4 / 5, 4 / 5, 4 / 5, 1 / 4, 1 / 4])


def pool_adjacent_violators(y: np.ndarray) -> np.ndarray:
    """Least-squares non-decreasing fit to y (already sorted by score), by pooling."""
    blocks: list[list[float]] = []  # [sum, count]
    for value in y:
        blocks.append([float(value), 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    return np.concatenate([np.full(int(n), total / n) for total, n in blocks])


def test_isotonic_regression_is_pooled_frequencies_and_monotone(experiment):
    from sklearn.isotonic import IsotonicRegression

    s, y = experiment.calibration_scores, experiment.calibration_labels
    order = np.argsort(s, kind="stable")
    assert len(np.unique(s)) == len(s)  # no ties, so the pooled fit is unique
    fitted = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(s, y).predict(s)
    assert np.allclose(fitted[order], pool_adjacent_violators(y[order]), atol=1e-12)
    # Each step's value is the frequency of its block.
    for level in np.unique(fitted):
        assert math.isclose(level, y[fitted == level].mean(), abs_tol=1e-12)
    assert len(np.unique(fitted)) == experiment.isotonic_steps
    # Non-decreasing on a fine grid and on the test scores; its ends are exactly 0 and 1.
    assert np.all(np.diff(experiment.isotonic_grid) >= 0)
    test_order = np.argsort(experiment.test_scores)
    assert np.all(np.diff(experiment.isotonic_test[test_order]) >= 0)
    assert fitted.min() == 0 and fitted.max() == 1


def test_isotonic_certain_and_wrong_makes_the_log_loss_infinite(experiment, probabilities):
    assert cal.isotonic_certain_wrong() > 0
    assert math.isinf(cal.log_loss(probabilities["isotonic"], experiment.test_labels))


# ---------------------------------------------------------------- what the page reads off


def test_results_table_claims(experiment, probabilities):
    y = experiment.test_labels
    s = experiment.test_scores
    bins = cal.held_out_bins()
    loss = {
        "raw": cal.log_loss_from_logits(s, y),
        "platt": cal.log_loss_from_logits(
            experiment.platt.slope * s + experiment.platt.intercept, y
        ),
        "temperature": cal.log_loss_from_logits(s / experiment.temperature, y),
        "isotonic": cal.log_loss(probabilities["isotonic"], y),
    }
    brier = {k: cal.brier_score(p, y) for k, p in probabilities.items()}
    ece = {k: cal.expected_calibration_error(p, y, bins) for k, p in probabilities.items()}
    for method in ("platt", "temperature", "isotonic"):
        assert brier[method] < brier["raw"] and ece[method] < ece["raw"]
    assert loss["platt"] < loss["temperature"] < loss["raw"] < loss["isotonic"]
    assert brier["platt"] == min(brier.values())
    assert brier["platt"] < brier["isotonic"] < brier["temperature"]
    spread = max(ece[m] for m in ("platt", "temperature", "isotonic")) - min(
        ece[m] for m in ("platt", "temperature", "isotonic")
    )
    assert spread <= cal.noise_ece(probabilities["platt"], bins)


def test_ece_by_binning_claims(experiment, probabilities):
    y = experiment.test_labels
    raw, noise = [], []
    for count in (5, 10, 20, 40):
        bins = cal.held_out_bins(count)
        raw.append(cal.expected_calibration_error(probabilities["raw"], y, bins))
        noise.append(cal.noise_ece(probabilities["platt"], bins))
        assert cal.expected_calibration_error(probabilities["platt"], y, bins) <= noise[-1]
    assert max(raw) - min(raw) < 0.02  # "hardly moves"
    assert min(raw) > 3 * max(noise)  # far larger than the noise
    assert noise == sorted(noise)  # grows as the bins shrink


def test_reliability_diagram_claims(experiment, probabilities):
    r = cal.reliability(probabilities["raw"], experiment.test_labels, cal.held_out_bins())
    # Under-confident: claims within about a tenth to nine tenths, frequencies 0 to 1.
    assert 0.05 < r.confidence.min() < 0.15 and 0.85 < r.confidence.max() < 0.95
    assert r.frequency.min() == 0 and r.frequency.max() == 1
    assert cal.raw_bins_off() >= cal.BINS // 2
    assert len(cal.bins_off_diagonal(probabilities["platt"])) == 0
    off = cal.bins_off_diagonal(probabilities["isotonic"])
    assert len(off) > 0 and off.max() < cal.BINS // 2  # at the low end
    iso = cal.reliability(probabilities["isotonic"], experiment.test_labels, cal.held_out_bins())
    assert np.all(iso.confidence[off] < 0.05) and np.all(iso.frequency[off] > 0)


def test_equal_width_bins_fill_unevenly(probabilities):
    counts = np.bincount(cal.equal_width_bins(probabilities["platt"], 10), minlength=10)
    assert counts.max() == cal.equal_width_fullest()
    assert np.sum(counts < cal.MIN_PER_BIN) == cal.equal_width_sparse() >= 5


def test_platt_targets_change_little(experiment):
    assert cal.platt_targets_change() < 0.05


# ---------------------------------------------------------------- multi-label and softmax


def test_stable_cross_entropy_matches_mpmath():
    z = np.concatenate([np.linspace(-700, 700, 281), [-1e-8, 0.0, 1e-8, 0.3, -36.7]])
    with mp.workdps(350):  # 1 - sigma(z) keeps its digits even at |z| = 700
        for label in (0.0, 1.0):
            exact = []
            for v in z:
                sig = 1 / (1 + mp.exp(-mp.mpf(float(v))))
                exact.append(float(-(label * mp.log(sig) + (1 - label) * mp.log(1 - sig))))
            exact = np.array(exact)
            for formula in (cal.bce_from_logits, cal.bce_from_log_sigmoid):
                np.testing.assert_allclose(
                    formula(z, np.full_like(z, label)), exact, rtol=1e-13, atol=1e-300
                )


def test_the_three_lines_of_the_stable_cross_entropy_agree_exactly():
    with mp.workdps(60):
        for v in ("-40", "-3.5", "-0.01", "0", "0.2", "7", "55"):
            z = mp.mpf(v)
            sig = 1 / (1 + mp.exp(-z))
            for y in (0, 1):
                first = -(y * mp.log(sig) + (1 - y) * mp.log(1 - sig))
                second = mp.log(1 + mp.exp(-z)) + (1 - y) * z
                third = max(z, 0) - z * y + mp.log(1 + mp.exp(-abs(z)))
                assert abs(first - second) < mp.mpf(10) ** -30 * (1 + abs(first))
                assert abs(first - third) < mp.mpf(10) ** -30 * (1 + abs(first))


def test_multilabel_gradient_is_sigma_minus_y():
    z = np.array(cal.MULTILABEL_LOGITS)
    y = np.array(cal.MULTILABEL_LABELS)
    h = 1e-6
    numerical = [
        (np.sum(cal.bce_from_logits(z + h * e, y)) - np.sum(cal.bce_from_logits(z - h * e, y)))
        / (2 * h)
        for e in np.eye(len(z))
    ]
    np.testing.assert_allclose(numerical, sigmoid(z) - y, atol=1e-8)
    assert math.isclose(
        cal.multilabel_loss(), float(np.sum(cal.bce_from_logits(z, y))), rel_tol=1e-14
    )


def test_softmax_is_a_sigmoid_against_the_log_sum_exp_of_the_rivals():
    rng = np.random.default_rng(3)
    for size in (2, 3, 5, 8):
        for _ in range(50):
            z = rng.uniform(-30, 30, size)
            np.testing.assert_allclose(cal.softmax_as_sigmoid(z), cal.softmax(z), rtol=1e-12)
    with mp.workdps(40):
        z = [mp.mpf(v) for v in cal.MULTILABEL_LOGITS]
        total = sum(mp.exp(v) for v in z)
        exact = [float(mp.exp(v) / total) for v in z]
    np.testing.assert_allclose(cal.softmax(np.array(cal.MULTILABEL_LOGITS)), exact, rtol=1e-14)
    # Two classes: sigma(z1 - z2).
    assert math.isclose(cal.softmax(np.array([1.3, -0.4]))[0], float(sigmoid(1.7)), rel_tol=1e-14)


def test_independent_sigmoids_do_not_sum_to_one_and_softmax_does():
    header, rows = cal.sigmoid_versus_softmax()
    assert rows[-1][0] == "Sum"
    assert float(rows[-1][2]) > 1.5 and float(rows[-1][3]) == 1.0


# ---------------------------------------------------------------- class imbalance


@pytest.mark.parametrize(("p", "w"), [*cal.POS_WEIGHT_CASES, (0.3, 0.5), (0.7, 2.5)])
def test_pos_weight_optimum(p, w):
    formula = cal.weighted_optimum(p, w)
    assert math.isclose(formula, cal.weighted_optimum_numerical(p, w), abs_tol=1e-8)
    # The stationary point by mpmath, and z* = logit(p) + log w.
    with mp.workdps(40):
        derivative = lambda z: (w * p + 1 - p) / (1 + mp.exp(-z)) - w * p  # noqa: E731
        root = mp.findroot(derivative, 0)
        assert abs(float(root) - (math.log(p / (1 - p)) + math.log(w))) < 1e-12
        assert math.isclose(float(1 / (1 + mp.exp(-root))), formula, rel_tol=1e-12)

        # and it is the derivative of the mean weighted loss
        def loss(z):
            return -(w * p * mp.log(1 / (1 + mp.exp(-z))) + (1 - p) * mp.log(1 / (1 + mp.exp(z))))

        assert abs(mp.diff(loss, mp.mpf("0.37")) - derivative(mp.mpf("0.37"))) < 1e-14


@pytest.mark.parametrize("p", [0.5, 0.1, 0.01, 0.002])
def test_weight_negatives_over_positives_balances_the_classes(p):
    assert math.isclose(cal.weighted_optimum(p, (1 - p) / p), 0.5, rel_tol=1e-14)


@pytest.mark.parametrize(("p_t", "gamma"), [(0.9, 2), (0.99, 2), (0.6, 0.5), (0.25, 5)])
def test_focal_over_cross_entropy_is_one_minus_p_t_to_the_gamma(p_t, gamma):
    assert math.isclose(cal.focal_ratio(p_t, gamma), (1 - p_t) ** gamma, rel_tol=1e-12)


def test_focal_ratios_quoted():
    assert math.isclose(cal.focal_ratio_easy(), 0.01, rel_tol=1e-12)
    assert math.isclose(cal.focal_ratio_very_easy(), 1e-4, rel_tol=1e-12)


def test_focal_loss_from_logits_matches_mpmath_for_both_labels():
    z = np.linspace(-30, 30, 61)
    for label in (0.0, 1.0):
        with mp.workdps(60):
            exact = []
            for v in z:
                p = 1 / (1 + mp.exp(-mp.mpf(float(v))))
                p_t = p if label == 1 else 1 - p
                exact.append(float(-((1 - p_t) ** 2) * mp.log(p_t)))
        np.testing.assert_allclose(
            cal.focal_loss(z, np.full_like(z, label), 2), exact, rtol=1e-13, atol=1e-300
        )


def test_focal_loss_minimiser_is_not_the_true_rate():
    p, gamma = cal.FOCAL_BASE_RATE, cal.FOCAL_GAMMA
    with mp.workdps(40):

        def expected(q):
            return -p * (1 - q) ** gamma * mp.log(q) - (1 - p) * q**gamma * mp.log(1 - q)

        slope_at_p = mp.diff(expected, mp.mpf(p))
        assert slope_at_p > 0.1  # so the minimum lies below p
        q_star = mp.findroot(lambda q: mp.diff(expected, q), 0.7)
        assert mp.diff(expected, q_star, 2) > 0
    assert abs(float(q_star) - cal.focal_minimiser()) < 1e-7
    assert cal.focal_minimiser() < p
    # The log-loss, by contrast, is least at the true rate.
    with mp.workdps(30):
        log_loss = lambda q: -p * mp.log(q) - (1 - p) * mp.log(1 - q)  # noqa: E731
        assert abs(mp.diff(log_loss, mp.mpf(p))) < mp.mpf(10) ** -25


def test_temperature_slope_is_close_to_platts(experiment):
    """The page: 1/T is close to Platt's a; what differs is the intercept."""
    assert abs(1 / experiment.temperature - experiment.platt.slope) < 0.1 * experiment.platt.slope
