"""The page on the same curve outside machine learning: each field's formula against its
sigma form, and each claim the page makes about it, checked independently."""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest
from scipy.integrate import solve_ivp
from scipy.optimize import brentq, curve_fit

from sigmoid_core import sigmoid
from sigmoid_core.website.content import fields

mp.mp.dps = 40


def mp_sigmoid(x: float) -> mp.mpf:
    return 1 / (1 + mp.exp(-mp.mpf(x)))


# ---------------------------------------------------------------- Fermi-Dirac

KT = fields.thermal_energy()
ENERGIES = np.linspace(-0.5, 0.5, 1001)  # E - mu in eV at 300 K


def test_boltzmann_constant_in_ev_is_the_quotient_of_the_two_exact_si_constants():
    exact = mp.mpf("1.380649e-23") / mp.mpf("1.602176634e-19")
    assert float(exact) == pytest.approx(fields.BOLTZMANN_EV, rel=2e-16)
    # CODATA 2018 prints k = 8.617 333 262... x 10^-5 eV/K (exact, truncated).
    assert f"{fields.BOLTZMANN_EV:.9e}" == "8.617333262e-05"


def test_fermi_dirac_is_sigma_of_minus_the_scaled_energy():
    for e in ENERGIES[::50]:
        x = mp.mpf(float(e)) / mp.mpf(KT)
        exact = 1 / (mp.exp(x) + 1)
        assert float(fields.fermi_dirac(e, 0.0, KT)) == pytest.approx(float(exact), rel=1e-15)
        assert float(1 - mp_sigmoid(x)) == pytest.approx(float(exact), rel=1e-30)
    np.testing.assert_allclose(
        fields.fermi_dirac(ENERGIES, 0.0, KT),
        fields.fermi_dirac_textbook(ENERGIES, 0.0, KT),
        rtol=1e-15,
    )


def test_fermi_dirac_half_at_mu_symmetric_and_steepest_there():
    for mu in (-0.3, 0.0, 5.0):
        assert float(fields.fermi_dirac(mu, mu, KT)) == 0.5
        delta = np.linspace(0, 0.4, 101)
        both = fields.fermi_dirac(mu + delta, mu, KT) + fields.fermi_dirac(mu - delta, mu, KT)
        np.testing.assert_allclose(both, 1.0, rtol=1e-15)
    e = np.linspace(-0.2, 0.2, 400001)
    slope = np.gradient(fields.fermi_dirac(e, 0.0, KT), e)
    assert slope.min() == pytest.approx(-1 / (4 * KT), rel=1e-6)
    assert abs(e[np.argmin(slope)]) < 2e-6


def test_fermi_dirac_falls_from_nine_tenths_to_one_tenth_over_two_kt_log_nine():
    for temperature in (4.0, 77.0, 300.0, 5000.0):
        kt = fields.thermal_energy(temperature)

        def crossing(q: float, kt: float = kt) -> float:
            """Where the physicists' formula equals q, searched within 40 kT of mu."""
            return brentq(
                lambda e: fields.fermi_dirac_textbook(e, 0.0, kt) - q, -40 * kt, 40 * kt, xtol=1e-18
            )

        assert crossing(0.1) - crossing(0.9) == pytest.approx(2 * kt * math.log(9), rel=1e-10)
    assert fields.fd_ten_ninety_width_mev() == pytest.approx(2000 * KT * math.log(9))


def test_fermi_dirac_worked_example_and_boltzmann_tail():
    x = mp.mpf(fields.ENERGY_ABOVE) / mp.mpf(KT)
    assert fields.fd_occupation_above() == pytest.approx(float(1 / (mp.exp(x) + 1)), rel=1e-14)
    ratio = mp.exp(-x) * (mp.exp(x) + 1)
    assert float(ratio) == pytest.approx(float(1 + mp.exp(-x)), rel=1e-30)
    assert fields.fd_boltzmann_tail_percent() == pytest.approx(float(100 * mp.exp(-x)), rel=1e-9)
    kt_mev = 1000 * KT
    assert kt_mev == pytest.approx(25.852, abs=5e-4)


# ---------------------------------------------------------------- Elo and Bradley-Terry

DIFFERENCES = np.linspace(-1000, 1000, 2001)


def test_elo_base_ten_formula_is_sigma_of_d_ln10_over_400():
    """Relative agreement to 2e-15: D ln 10 / 400 rounds once (|argument| <= 5.8, so e^x
    moves by at most 5.8 * 2^-53 relative), on top of each form's own rounding."""
    np.testing.assert_allclose(
        fields.elo_expected(DIFFERENCES), fields.elo_textbook(DIFFERENCES), rtol=2e-15, atol=0
    )
    for d in DIFFERENCES[::100]:
        exact = 1 / (1 + mp.power(10, -mp.mpf(float(d)) / 400))
        assert float(fields.elo_expected(d)) == pytest.approx(float(exact), rel=1e-15)
        assert float(mp_sigmoid(mp.mpf(float(d)) * mp.log(10) / 400)) == pytest.approx(
            float(exact), rel=1e-30
        )


def test_every_400_points_multiply_the_odds_by_ten():
    e = fields.elo_expected(DIFFERENCES)
    odds = e / (1 - e)
    np.testing.assert_allclose(odds, 10 ** (DIFFERENCES / 400), rtol=1e-12)
    shifted = fields.elo_expected(DIFFERENCES + 400)
    np.testing.assert_allclose(shifted / (1 - shifted), 10 * odds, rtol=1e-12)
    assert fields.elo_expected_400() == pytest.approx(10 / 11, rel=1e-15)
    assert fields.elo_expected_200() == pytest.approx(math.sqrt(10) / (1 + math.sqrt(10)))
    assert fields.elo_scale() == pytest.approx(173.7178, abs=1e-4)


@pytest.mark.parametrize("score", [0.0, 0.5, 1.0])
@pytest.mark.parametrize(("a", "b"), [(1600, 1400), (2100, 2350), (1500, 1500)])
def test_elo_update_conserves_points_and_is_a_log_likelihood_gradient_step(a, b, score):
    new_a = fields.elo_update(a, b, score)
    new_b = fields.elo_update(b, a, 1 - score)
    assert new_a + new_b == pytest.approx(a + b, abs=1e-9)

    def log_likelihood(rating: mp.mpf) -> mp.mpf:
        e = 1 / (1 + mp.power(10, -(rating - b) / 400))
        return score * mp.log(e) + (1 - score) * mp.log(1 - e)

    gradient = float(mp.diff(log_likelihood, mp.mpf(a)))
    step = fields.ELO_K * fields.ELO_SCALE
    assert new_a - a == pytest.approx(step * gradient, rel=1e-12, abs=1e-12)


def test_elo_worked_example():
    expected = 1 / (1 + 10 ** (-200 / 400))
    assert fields.elo_after_expected_win() == pytest.approx(1600 + 32 * (1 - expected))
    assert fields.elo_after_upset_higher() == pytest.approx(1600 - 32 * expected)
    assert fields.elo_after_upset_lower() == pytest.approx(1400 + 32 * expected)


def test_bradley_terry_is_sigma_of_the_log_strength_difference_and_scale_free():
    """To 4e-15: ln(pi_i) and ln(pi_j), of size up to about 12 here, each round by up to
    12 * 2^-53 absolute, and sigma's relative change is at most the change in its argument."""
    rng = np.random.default_rng(1952)
    pi_i, pi_j = rng.lognormal(0, 3, 1000), rng.lognormal(0, 3, 1000)
    np.testing.assert_allclose(fields.bradley_terry(pi_i, pi_j), pi_i / (pi_i + pi_j), rtol=4e-15)
    for factor in (1e-6, 7.0, 1e8):
        np.testing.assert_allclose(
            fields.bradley_terry(factor * pi_i, factor * pi_j),
            fields.bradley_terry(pi_i, pi_j),
            rtol=1e-13,
        )


def test_elo_is_bradley_terry_with_strength_ten_to_the_rating_over_400():
    ratings = np.array([800.0, 1400.0, 1600.0, 2850.0])
    for r_a in ratings:
        for r_b in ratings:
            bt = fields.bradley_terry(10 ** (r_a / 400), 10 ** (r_b / 400))
            assert float(bt) == pytest.approx(float(fields.elo_textbook(r_a - r_b)), rel=1e-13)


# ---------------------------------------------------------------- item response theory

ITEMS = [(1.0, 0.0), (2.0, 0.5), (0.4, -1.5), (3.5, 2.0)]


@pytest.mark.parametrize(("a", "b"), ITEMS)
def test_two_pl_is_sigma_and_rasch_is_bradley_terry(a, b):
    theta = np.linspace(-4, 4, 81)
    exact = [mp.exp(a * (mp.mpf(float(t)) - b)) for t in theta]
    reference = np.array([float(e / (1 + e)) for e in exact])
    np.testing.assert_allclose(fields.item_response(theta, a, b), reference, rtol=1e-14)
    if a == 1.0:
        np.testing.assert_allclose(
            fields.item_response(theta, a, b),
            fields.bradley_terry(np.exp(theta), math.exp(b)),
            rtol=1e-14,
        )
    assert float(fields.item_response(b, a, b)) == 0.5


@pytest.mark.parametrize(("a", "b"), ITEMS)
def test_item_information_is_the_fisher_information_and_peaks_at_b(a, b):
    for t in np.linspace(b - 3, b + 3, 13):
        p = lambda th: 1 / (1 + mp.exp(-a * (th - b)))  # noqa: E731
        slope, prob = mp.diff(p, mp.mpf(float(t))), p(mp.mpf(float(t)))
        # E[(d/dtheta log-likelihood)^2] over Y in {0, 1}, from the definition.
        fisher = prob * (slope / prob) ** 2 + (1 - prob) * (slope / (1 - prob)) ** 2
        assert float(fields.item_information(t, a, b)) == pytest.approx(float(fisher), rel=1e-13)
    theta = np.linspace(b - 10, b + 10, 2000001)
    information = fields.item_information(theta, a, b)
    assert information.max() == pytest.approx(a**2 / 4, rel=1e-12)
    assert theta[np.argmax(information)] == pytest.approx(b, abs=1e-5)
    slope = np.gradient(fields.item_response(theta, a, b), theta)
    assert slope.max() == pytest.approx(a / 4, rel=1e-6)


def test_item_response_worked_example():
    assert fields.irt_rasch_probability() == pytest.approx(math.e / (1 + math.e))
    p = float(mp_sigmoid(2))
    assert fields.irt_2pl_probability() == pytest.approx(p, rel=1e-15)
    assert fields.irt_2pl_information() == pytest.approx(4 * p * (1 - p), rel=1e-14)
    assert fields.irt_2pl_information_max() == 1.0


# ---------------------------------------------------------------- the Hill equation

HILL_CASES = [(10.0, 1.0), (10.0, 2.0), (0.3, 2.8), (250.0, 4.0), (1.0, 0.6)]


EPS = 2.0**-52


@pytest.mark.parametrize(("ec50", "n"), HILL_CASES)
def test_hill_equation_is_sigma_of_n_log_concentration_ratio(ec50, n):
    """Both forms against the exact value at the same inputs. Their relative error grows
    with the argument z = n ln(L/K): an argument of size |z| is only known to about
    |z| * 2^-53, and in the tails sigma's relative error follows its argument's."""
    concentration = np.logspace(-3, 3, 601) * ec50
    z = n * np.log(concentration / ec50)
    exact = np.array(
        [
            float(mp.mpf(float(c)) ** n / (mp.mpf(ec50) ** n + mp.mpf(float(c)) ** n))
            for c in concentration
        ]
    )
    bound = (np.abs(z) + 4) * EPS
    for form in (fields.hill, fields.hill_textbook):
        assert np.all(np.abs(form(concentration, ec50, n) - exact) <= bound * exact), form
    assert float(fields.hill(ec50, ec50, n)) == 0.5
    # The Hill plot: logit(theta) against ln L is a straight line of slope n. Within a
    # factor 10 of K, 1 - theta keeps enough digits for a slope good to 1e-10.
    near = np.logspace(-1, 1, 201) * ec50
    theta = fields.hill_textbook(near, ec50, n)
    slope, intercept = np.polyfit(np.log(near), np.log(theta / (1 - theta)), 1)
    assert slope == pytest.approx(n, rel=1e-10)
    assert intercept == pytest.approx(-n * math.log(ec50), rel=1e-9, abs=1e-9)


@pytest.mark.parametrize(("ec50", "n"), HILL_CASES)
def test_hill_ten_to_ninety_window_is_81_to_the_one_over_n(ec50, n):
    def crossing(q: float) -> float:
        return math.exp(
            brentq(lambda u: fields.hill_textbook(math.exp(u), ec50, n) - q, -60, 60, xtol=1e-14)
        )

    assert crossing(0.9) / crossing(0.1) == pytest.approx(81 ** (1 / n), rel=1e-10)
    assert fields.hill_window(n) == pytest.approx(81 ** (1 / n), rel=1e-14)


def test_hill_worked_example():
    assert fields.hill_response_at_dose() == pytest.approx(0.8, rel=1e-15)
    assert fields.hill_ec90() == pytest.approx(30.0, rel=1e-14)
    assert fields.hill_ec10() == pytest.approx(10 / 3, rel=1e-14)
    assert [fields.hill_window_n1(), fields.hill_window_n2(), fields.hill_window_n4()] == [
        pytest.approx(81.0),
        pytest.approx(9.0),
        pytest.approx(3.0),
    ]


# ---------------------------------------------------------------- epidemic curves


@pytest.mark.parametrize("initial", [1e-6, 1e-4, 0.01, 0.3, 0.9])
@pytest.mark.parametrize("beta", [0.2, 0.5, 1.3])
def test_si_model_solution_is_n_sigma_against_solve_ivp(initial, beta):
    population = 1000.0
    t = np.linspace(0, 60, 241)
    solution = solve_ivp(
        lambda _, i: beta * i * (1 - i / population),
        (0, 60),
        [initial * population],
        t_eval=t,
        rtol=1e-12,
        atol=1e-12,
    )
    t0 = fields.si_midpoint(beta, initial)
    assert t0 == pytest.approx(math.log((1 - initial) / initial) / beta)
    closed = population * np.asarray(sigmoid(beta * (t - t0)))
    np.testing.assert_allclose(solution.y[0], closed, rtol=1e-8)
    # As for the Hill equation, but the argument beta (t - t0) is a difference: its
    # absolute error is about (beta t + beta t0) * 2^-52, and sigma's relative error
    # follows it in the tails.
    bound = (beta * t + beta * t0 + 4) * EPS
    gap = np.abs(fields.si_textbook(t, beta, initial) - closed / population)
    assert np.all(gap <= bound * closed / population)


@pytest.mark.parametrize("beta", [0.2, 0.5, 1.3])
def test_si_time_from_one_to_fifty_percent_is_log_99_over_beta(beta):
    def reaches(fraction: float):
        def event(_, i):
            return i[0] - fraction

        event.terminal = True
        return event

    solution = solve_ivp(
        lambda _, i: beta * i * (1 - i),
        (0, 200),
        [0.01],
        events=[reaches(0.5)],
        rtol=1e-12,
        atol=1e-14,
    )
    assert solution.t_events[0][0] == pytest.approx(math.log(99) / beta, rel=1e-8)
    assert fields.si_time_between(0.01, 0.5, beta) == pytest.approx(math.log(99) / beta)
    assert fields.si_time_between(0.01, 0.99, beta) == pytest.approx(2 * math.log(99) / beta)
    assert fields.si_days_1_to_50() == pytest.approx(math.log(99) / fields.SI_RATE)


def sir(beta: float, gamma: float, days: np.ndarray, initial: float = 1e-4):
    def rates(_, y):
        s, i, _r = y
        return [-beta * s * i, beta * s * i - gamma * i, gamma * i]

    return solve_ivp(
        rates, (0, days[-1]), [1 - initial, initial, 0.0], t_eval=days, rtol=1e-12, atol=1e-14
    ).y


def test_sir_removed_fraction_and_cumulative_rate_follow_the_page():
    beta, gamma, s0 = 0.5, 0.25, 1 - 1e-4
    days = np.linspace(0, 150, 601)
    s, i, r = sir(beta, gamma, days)
    np.testing.assert_allclose(r, gamma / beta * np.log(s0 / s), rtol=1e-7, atol=1e-12)
    # dC/dt = beta S I with C = 1 - S equals the right-hand side of the page's formula.
    np.testing.assert_allclose(
        beta * s * i, beta * s * (1 - s) - gamma * s * np.log(s0 / s), rtol=1e-6, atol=1e-12
    )


def logistic_fit_gap(beta: float, gamma: float) -> float:
    days = np.arange(0, 301, dtype=float)
    cumulative = 1 - sir(beta, gamma, days)[0]
    start = (cumulative[-1], max(beta - gamma, 0.05), float(days[np.argmax(cumulative > 0.4)]))
    parameters, _ = curve_fit(
        lambda t, a, k, t0: a * sigmoid(k * (t - t0)), days, cumulative, p0=start
    )
    return float(
        np.max(np.abs(cumulative - parameters[0] * sigmoid(parameters[1] * (days - parameters[2]))))
    )


def test_sir_cumulative_is_logistic_only_without_removal():
    assert logistic_fit_gap(0.5, 0.0) < 1e-7  # gamma = 0: the SI model, exactly logistic
    for gamma in (0.1, 0.25, 0.4):
        assert logistic_fit_gap(0.5, gamma) > 1e-3


def test_sir_worked_example():
    days, cumulative, _ = fields.sir_cumulative_fit()
    s = 1 - sir(fields.SI_RATE, fields.SIR_RECOVERY, days)[0]
    np.testing.assert_allclose(cumulative, s, rtol=1e-8, atol=1e-12)
    assert 0.5 < fields.sir_logistic_gap_percent() < 5
    assert fields.sir_final_fraction() == pytest.approx(cumulative[-1])


# ---------------------------------------------------------------- the table


def test_every_mapping_in_the_table_agrees_to_rounding():
    gaps = fields.mapping_gaps()
    assert set(gaps) == set(fields.GRIDS)
    assert all(0 <= gap < 2e-15 for gap in gaps.values()), gaps
    header, rows = fields.fields_as_sigma()
    assert len(header) <= 5 and all(len(row) == len(header) for row in rows)
