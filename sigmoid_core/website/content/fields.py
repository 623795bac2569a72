"""The same curve outside machine learning: Fermi-Dirac, Elo and Bradley-Terry,
item response theory, the Hill equation, epidemic curves.

Each field's formula is written twice: once as the field writes it (the ``*_textbook``
functions, kept for the table's check and for the tests) and once as sigma of something,
which is how the page's numbers are computed. The examples' inputs are constants below,
chosen for illustration unless their comment says otherwise.
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING

import numpy as np

# SciPy comes with scikit-learn, which the docs extra installs; it publishes no types.
from scipy.integrate import solve_ivp  # type: ignore[import-untyped]
from scipy.optimize import curve_fit  # type: ignore[import-untyped]

from sigmoid_core import logit, sigmoid, sigmoid_derivative
from sigmoid_core.website.content.registry import TableData, figure, table, value
from sigmoid_core.website.plotting import BLUE, GREY, LINE_STYLES, ORANGE

if TYPE_CHECKING:
    from matplotlib.axes import Axes

# ---------------------------------------------------------------- Fermi-Dirac

#: The elementary charge in coulombs and Boltzmann's constant in joules per kelvin: both
#: exact by definition in the SI since 2019, so k_B in eV/K is their exact quotient.
ELEMENTARY_CHARGE = 1.602176634e-19
BOLTZMANN_JOULE = 1.380649e-23
BOLTZMANN_EV = BOLTZMANN_JOULE / ELEMENTARY_CHARGE
ROOM_TEMPERATURE = 300.0  # K
ENERGY_ABOVE = 0.1  # eV above the chemical potential


def fermi_dirac(energy: np.ndarray | float, mu: float, kt: float) -> np.ndarray:
    """Occupation of a state of energy E: sigma(-(E - mu)/kT), overflow-free in the tails."""
    return np.asarray(sigmoid(-(np.asarray(energy, dtype=float) - mu) / kt))


def fermi_dirac_textbook(energy: np.ndarray | float, mu: float, kt: float) -> np.ndarray:
    """1/(e^((E - mu)/kT) + 1), as physics writes it."""
    return 1.0 / (np.exp((np.asarray(energy, dtype=float) - mu) / kt) + 1.0)


def thermal_energy(temperature: float = ROOM_TEMPERATURE) -> float:
    """k_B T in electronvolts."""
    return BOLTZMANN_EV * temperature


@value(".6f", "Boltzmann's constant, mantissa of 1.380649e-23 J/K (exact in the SI)")
def fd_boltzmann_joule_mantissa() -> float:
    return BOLTZMANN_JOULE * 1e23


@value(".9f", "elementary charge, mantissa of 1.602176634e-19 C (exact in the SI)")
def fd_elementary_charge_mantissa() -> float:
    return ELEMENTARY_CHARGE * 1e19


@value(".9f", "Boltzmann's constant in eV/K, times 10^5: k_B / e")
def fd_boltzmann_ev_scaled() -> float:
    return BOLTZMANN_EV * 1e5


@value("g", "energy above mu in the Fermi-Dirac example, eV")
def fd_energy_above() -> float:
    return ENERGY_ABOVE


@value(".2f", "k_B T at 300 K, in meV")
def fd_thermal_energy_mev() -> float:
    return 1000 * thermal_energy()


@value(".4f", "Fermi-Dirac occupation 0.1 eV above mu at 300 K")
def fd_occupation_above() -> float:
    return float(fermi_dirac(ENERGY_ABOVE, 0.0, thermal_energy()))


@value(".2f", "(E - mu)/kT for E - mu = 0.1 eV at 300 K")
def fd_scaled_energy() -> float:
    return ENERGY_ABOVE / thermal_energy()


@value(".1f", "relative excess of the Boltzmann factor e^(-x) over the occupation, percent")
def fd_boltzmann_tail_percent() -> float:
    x = ENERGY_ABOVE / thermal_energy()
    return 100 * (math.exp(-x) / float(sigmoid(-x)) - 1)


@value(".1f", "2 kT log 9 at 300 K: where the occupation falls from 0.9 to 0.1, in meV")
def fd_ten_ninety_width_mev() -> float:
    return 1000 * 2 * math.log(9) * thermal_energy()


# ---------------------------------------------------------------- Elo and Bradley-Terry

ELO_SCALE = 400 / math.log(10)  # rating points per unit of sigma's argument
ELO_K = 32  # a convention of the rating body; 32 for illustration
ELO_A, ELO_B = 1600, 1400


def elo_expected(difference: np.ndarray | float) -> np.ndarray:
    """Expected score of the player rated ``difference`` points higher: sigma(D ln 10 / 400)."""
    return np.asarray(sigmoid(np.asarray(difference, dtype=float) / ELO_SCALE))


def elo_textbook(difference: np.ndarray | float) -> np.ndarray:
    """1/(1 + 10^(-D/400)), the base-10 form."""
    return 1.0 / (1.0 + 10.0 ** (-np.asarray(difference, dtype=float) / 400))


def elo_update(rating: float, opponent: float, score: float, k: float = ELO_K) -> float:
    """R + K (S - E): the rating after one game with score S (1, 1/2 or 0)."""
    return rating + k * (score - float(elo_expected(rating - opponent)))


def bradley_terry(strength_i: np.ndarray | float, strength_j: np.ndarray | float) -> np.ndarray:
    """P(i beats j) = sigma(log pi_i - log pi_j) for positive strengths pi."""
    return np.asarray(sigmoid(np.log(strength_i) - np.log(strength_j)))


@value(".2f", "400 / ln 10, Elo's scale in rating points per unit of sigma's argument")
def elo_scale() -> float:
    return ELO_SCALE


@value(".4f", "expected score of the player 200 points higher")
def elo_expected_200() -> float:
    return float(elo_expected(200.0))


@value(".4f", "sqrt(10), the odds of the player 200 points higher")
def elo_odds_200() -> float:
    return math.sqrt(10)


@value(".4f", "expected score of the player 400 points higher, 10/11")
def elo_expected_400() -> float:
    return float(elo_expected(400.0))


@value(".1f", "rating of the 1600 player after losing to the 1400 player, K = 32")
def elo_after_upset_higher() -> float:
    return elo_update(ELO_A, ELO_B, 0.0)


@value(".1f", "rating of the 1400 player after beating the 1600 player, K = 32")
def elo_after_upset_lower() -> float:
    return elo_update(ELO_B, ELO_A, 1.0)


@value(".1f", "rating of the 1600 player after beating the 1400 player, K = 32")
def elo_after_expected_win() -> float:
    return elo_update(ELO_A, ELO_B, 1.0)


# ---------------------------------------------------------------- item response theory

RASCH_GAP = 1.0  # theta - b in the Rasch example
ITEM_DISCRIMINATION = 2.0  # a
ITEM_DIFFICULTY = 0.5  # b
EXAMINEE_ABILITY = 1.5  # theta


def item_response(theta: np.ndarray | float, a: float, b: float) -> np.ndarray:
    """The two-parameter logistic item: sigma(a (theta - b)); a = 1 is Rasch's model."""
    return np.asarray(sigmoid(a * (np.asarray(theta, dtype=float) - b)))


def item_information(theta: np.ndarray | float, a: float, b: float) -> np.ndarray:
    """Fisher information a^2 sigma'(a (theta - b)) of one answer about theta."""
    return a**2 * np.asarray(sigmoid_derivative(a * (np.asarray(theta, dtype=float) - b)))


@value("g", "theta - b in the Rasch example")
def irt_rasch_gap() -> float:
    return RASCH_GAP


@value(".4f", "Rasch probability of a correct answer one unit above the item's difficulty")
def irt_rasch_probability() -> float:
    return float(item_response(RASCH_GAP, 1.0, 0.0))


@value("g", "discrimination a of the example item")
def irt_discrimination() -> float:
    return ITEM_DISCRIMINATION


@value("g", "difficulty b of the example item")
def irt_difficulty() -> float:
    return ITEM_DIFFICULTY


@value("g", "ability theta of the example examinee")
def irt_ability() -> float:
    return EXAMINEE_ABILITY


@value(".4f", "2PL probability of a correct answer, theta = 1.5, a = 2, b = 0.5")
def irt_2pl_probability() -> float:
    return float(item_response(EXAMINEE_ABILITY, ITEM_DISCRIMINATION, ITEM_DIFFICULTY))


@value(".4f", "information of the example item at theta = 1.5")
def irt_2pl_information() -> float:
    return float(item_information(EXAMINEE_ABILITY, ITEM_DISCRIMINATION, ITEM_DIFFICULTY))


@value("g", "largest information of the example item, a^2/4 at theta = b")
def irt_2pl_information_max() -> float:
    return float(item_information(ITEM_DIFFICULTY, ITEM_DISCRIMINATION, ITEM_DIFFICULTY))


# ---------------------------------------------------------------- the Hill equation

HILL_EC50 = 10.0  # micromolar, illustrative
HILL_COEFFICIENT = 2.0  # illustrative
HILL_DOSE = 20.0  # micromolar


def hill(concentration: np.ndarray | float, ec50: float, n: float) -> np.ndarray:
    """Fraction bound (or response) sigma(n ln(L / EC50)), for L > 0."""
    # log(L / EC50) rounds once; log L - log EC50 would cancel digits far from the EC50.
    return np.asarray(sigmoid(n * np.log(np.asarray(concentration, dtype=float) / ec50)))


def hill_textbook(concentration: np.ndarray | float, ec50: float, n: float) -> np.ndarray:
    """L^n / (EC50^n + L^n), as pharmacology writes it."""
    power = np.asarray(concentration, dtype=float) ** n
    return power / (ec50**n + power)


def hill_window(n: float) -> float:
    """How many times the concentration grows from 10 % to 90 % response: 81^(1/n)."""
    return math.exp((float(logit(0.9)) - float(logit(0.1))) / n)


@value("g", "EC50 of the Hill example, micromolar")
def hill_ec50() -> float:
    return HILL_EC50


@value("g", "concentration of the Hill example, micromolar")
def hill_dose() -> float:
    return HILL_DOSE


@value(".4f", "Hill response at twice the EC50 with n = 2")
def hill_response_at_dose() -> float:
    return float(hill(HILL_DOSE, HILL_EC50, HILL_COEFFICIENT))


@value(".4g", "concentration giving 90 % response, n = 2, micromolar")
def hill_ec90() -> float:
    return HILL_EC50 * math.exp(float(logit(0.9)) / HILL_COEFFICIENT)


@value(".4g", "concentration giving 10 % response, n = 2, micromolar")
def hill_ec10() -> float:
    return HILL_EC50 * math.exp(float(logit(0.1)) / HILL_COEFFICIENT)


@value(".4g", "10 % to 90 % window of concentration for n = 1")
def hill_window_n1() -> float:
    return hill_window(1.0)


@value(".4g", "10 % to 90 % window of concentration for n = 2")
def hill_window_n2() -> float:
    return hill_window(2.0)


@value(".4g", "10 % to 90 % window of concentration for n = 4")
def hill_window_n4() -> float:
    return hill_window(4.0)


# ---------------------------------------------------------------- epidemic curves

SI_RATE = 0.5  # beta per day, illustrative
SIR_RECOVERY = 0.25  # gamma per day, illustrative
SIR_INITIAL = 1e-4  # fraction infected at t = 0
SIR_DAYS = 150


def si_time_between(start: float, end: float, rate: float) -> float:
    """Time for the infected fraction of the SI model to go from ``start`` to ``end``."""
    return (float(logit(end)) - float(logit(start))) / rate


def sir_rates(_: float, state: np.ndarray, beta: float, gamma: float) -> list[float]:
    """dS/dt and dI/dt of the SIR model, as fractions of N."""
    s, i = state
    return [-beta * s * i, beta * s * i - gamma * i]


@functools.cache
def sir_cumulative_fit() -> tuple[np.ndarray, np.ndarray, tuple[float, float, float]]:
    """Days, cumulative fraction infected 1 - S of the SIR example, and the least-squares
    logistic curve (A, r, t0) through them."""
    days = np.arange(SIR_DAYS + 1, dtype=float)
    solution = solve_ivp(
        sir_rates,
        (0, SIR_DAYS),
        [1 - SIR_INITIAL, SIR_INITIAL],
        args=(SI_RATE, SIR_RECOVERY),
        t_eval=days,
        rtol=1e-11,
        atol=1e-14,
    )
    cumulative = 1 - solution.y[0]
    start = (cumulative[-1], SI_RATE - SIR_RECOVERY, float(days[np.argmax(cumulative > 0.4)]))
    parameters, _ = curve_fit(
        lambda t, a, r, t0: a * sigmoid(r * (t - t0)), days, cumulative, p0=start
    )
    ceiling, rate, midpoint = (float(p) for p in parameters)
    return days, cumulative, (ceiling, rate, midpoint)


@value("g", "beta of the SI example, per day")
def si_rate() -> float:
    return SI_RATE


@value(".2f", "days for the SI model to go from 1 % to 50 % infected: ln 99 / beta")
def si_days_1_to_50() -> float:
    return si_time_between(0.01, 0.5, SI_RATE)


@value(".2f", "days for the SI model to go from 1 % to 99 % infected")
def si_days_1_to_99() -> float:
    return si_time_between(0.01, 0.99, SI_RATE)


@value(".2f", "early doubling time of the SI model, ln 2 / beta, days")
def si_doubling_days() -> float:
    return math.log(2) / SI_RATE


@value("g", "gamma of the SIR example, per day")
def sir_recovery() -> float:
    return SIR_RECOVERY


@value("g", "fraction infected at t = 0 in the SIR example")
def sir_initial() -> float:
    return SIR_INITIAL


@value(".3f", "fraction of N ever infected by day 150 in the SIR example")
def sir_final_fraction() -> float:
    return float(sir_cumulative_fit()[1][-1])


@value(".2f", "largest gap between the SIR cumulative curve and its best logistic fit, % of N")
def sir_logistic_gap_percent() -> float:
    days, cumulative, (ceiling, rate, midpoint) = sir_cumulative_fit()
    fitted = ceiling * np.asarray(sigmoid(rate * (days - midpoint)))
    return 100 * float(np.max(np.abs(cumulative - fitted)))


# ---------------------------------------------------------------- the table and the figure


def _largest_relative_gap(field: np.ndarray, as_sigma: np.ndarray) -> float:
    return float(np.max(np.abs(field - as_sigma) / np.abs(field)))


def si_textbook(t: np.ndarray, rate: float, initial: float) -> np.ndarray:
    """I/N of the SI model from I0/N = ``initial``: I0 / (I0 + (N - I0) e^(-beta t)), N = 1."""
    return initial / (initial + (1 - initial) * np.exp(-rate * t))


def si_midpoint(rate: float, initial: float) -> float:
    """t0 = ln((N - I0)/I0) / beta, when half the population is infected."""
    return -float(logit(initial)) / rate


#: Where each field's own formula is compared with its sigma form, in the field's units.
GRIDS = {
    "fermi-dirac": np.linspace(-0.5, 0.5, 2001),  # E - mu, eV, at 300 K
    "elo": np.linspace(-1000, 1000, 2001),  # rating difference D
    "bradley-terry": np.logspace(-3, 3, 2001),  # pi_i, with pi_j = 1
    "2pl": np.linspace(-4, 4, 2001),  # theta, a = 2, b = 0.5
    "hill": np.logspace(-3, 3, 2001) * HILL_EC50,  # concentration, n = 2
    "si": np.linspace(0, 40, 2001),  # days, beta = 0.5, I0/N = 1e-4
}


def mapping_gaps() -> dict[str, float]:
    """Largest relative gap between each field's own formula and its sigma form."""
    kt = thermal_energy()
    z = ITEM_DISCRIMINATION * (GRIDS["2pl"] - ITEM_DIFFICULTY)
    t0 = si_midpoint(SI_RATE, SIR_INITIAL)
    return {
        "fermi-dirac": _largest_relative_gap(
            fermi_dirac_textbook(GRIDS["fermi-dirac"], 0.0, kt),
            fermi_dirac(GRIDS["fermi-dirac"], 0.0, kt),
        ),
        "elo": _largest_relative_gap(elo_textbook(GRIDS["elo"]), elo_expected(GRIDS["elo"])),
        "bradley-terry": _largest_relative_gap(
            GRIDS["bradley-terry"] / (GRIDS["bradley-terry"] + 1.0),
            bradley_terry(GRIDS["bradley-terry"], 1.0),
        ),
        "2pl": _largest_relative_gap(
            np.exp(z) / (1 + np.exp(z)),
            item_response(GRIDS["2pl"], ITEM_DISCRIMINATION, ITEM_DIFFICULTY),
        ),
        "hill": _largest_relative_gap(
            hill_textbook(GRIDS["hill"], HILL_EC50, HILL_COEFFICIENT),
            hill(GRIDS["hill"], HILL_EC50, HILL_COEFFICIENT),
        ),
        "si": _largest_relative_gap(
            si_textbook(GRIDS["si"], SI_RATE, SIR_INITIAL),
            np.asarray(sigmoid(SI_RATE * (GRIDS["si"] - t0))),
        ),
    }


@table()
def fields_as_sigma() -> TableData:
    gaps = mapping_gaps()
    rows = [
        ["Fermi–Dirac", "$1/(e^{(E-\\mu)/kT} + 1)$", "$-(E-\\mu)/kT$", "fermi-dirac"],
        ["Elo", "$1/(1 + 10^{-D/400})$", "$D\\ln 10/400$", "elo"],
        [
            "Bradley–Terry",
            "$\\pi_i/(\\pi_i + \\pi_j)$",
            "$\\ln\\pi_i - \\ln\\pi_j$",
            "bradley-terry",
        ],
        ["Rasch, 2PL", "$e^{z}/(1 + e^{z})$", "$z = a(\\theta - b)$", "2pl"],
        ["Hill", "$L^n/(K^n + L^n)$", "$n\\ln(L/K)$", "hill"],
        ["SI epidemic, I/N", "$I_0/(I_0 + (N - I_0)e^{-\\beta t})$", "$\\beta(t - t_0)$", "si"],
    ]
    for row in rows:
        row[3] = f"{gaps[row[3]]:.1e}"
    return ["Field", "Its formula", "σ of", "Relative gap"], rows


@figure(
    alt=(
        "The expected score of the higher-rated player against the rating difference D "
        "from -800 to 800 points: an S-shaped curve through 1/2 at D = 0, rising to about "
        "three quarters at D = 200 and to 10/11 at D = 400, both marked with dotted guide "
        "lines; the curve is point-symmetric about D = 0."
    ),
    caption=(
        "Elo's expected score 1/(1 + 10^(−D/400)) = σ(D ln 10/400) against the rating "
        "difference D: 200 points give odds √10, 400 points odds 10 (probability 10/11)."
    ),
)
def elo_expected_score(ax: Axes) -> None:
    difference = np.linspace(-800, 800, 321)
    ax.plot(difference, elo_expected(difference), color=BLUE, label=r"$\sigma(D\ln 10/400)$")
    for gap, colour in ((200.0, ORANGE), (400.0, GREY)):
        level = float(elo_expected(gap))
        ax.plot([gap, gap], [0, level], color=colour, lw=1.2, ls=LINE_STYLES[2])
        ax.plot([-800, gap], [level, level], color=colour, lw=1.2, ls=LINE_STYLES[2])
        ax.plot([gap], [level], "o", color=colour, markersize=5)
    ax.set_xlim(-800, 800)
    ax.set_ylim(0, 1)
    ax.set_xlabel("rating difference $D = R_A - R_B$")
    ax.set_ylabel("expected score of A")
    ax.legend(loc="upper left")
