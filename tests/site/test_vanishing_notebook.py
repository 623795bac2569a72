"""Vanishing gradients, measured: what the notebook's text says agrees with its tables."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

FOUR = "sigmoid, Glorot ×4"
CENTRED = "sigmoid − ½, Glorot ×4"
TANH = "tanh, Glorot"
RELU = "ReLU, He"
PLAIN = "sigmoid, Glorot (no ×4)"


def number(cell: str) -> float:
    """The leading number of a cell such as "0.019 (0.012–0.035)"; inf for "never"."""
    found = re.match(r"-?[0-9.]+", cell.strip())
    return float(found.group()) if found else math.inf


@pytest.fixture(scope="module")
def tables(site: Path) -> tuple[dict[str, list[str]], dict[str, list[list[str]]]]:
    """The table at initialisation (a row per network) and the training table (the rows
    of each network, one per learning rate)."""
    page = site / "notebooks" / "vanishing-gradients-measured" / "index.html"
    document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = document.select(".jp-OutputArea-output table")
    assert len(found) == 2
    rows = [
        [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in table.select("tbody tr")]
        for table in found
    ]
    start = {row[0]: row[1:] for row in rows[0]}
    training: dict[str, list[list[str]]] = {}
    name = ""
    for row in rows[1]:
        name = row[0] or name
        training.setdefault(name, []).append(row[1:])
    assert list(start) == list(training) == [FOUR, CENTRED, TANH, RELU, PLAIN]
    return start, training


def best(rows: list[list[str]]) -> list[str]:
    (row,) = [row for row in rows if row[0].endswith("(best)")]
    return row


def test_the_best_rate_of_each_network_that_learns_is_not_its_smallest(tables):
    _, training = tables
    for name, rows in training.items():
        if name != PLAIN:  # none of its rates learns
            assert best(rows) is not rows[0], name
            assert number(best(rows)[2]) < number(rows[0][2]) / 2, name


def test_without_the_factor_4_the_sigmoid_network_stays_at_ln_10(tables):
    start, training = tables
    for _, epochs, loss, accuracy in training[PLAIN]:
        assert epochs == "never"
        assert number(loss) == pytest.approx(math.log(10), abs=0.05)
        assert number(accuracy) < 15
    _, mean_slope, spread, _ = map(number, start[PLAIN])
    assert mean_slope > 0.9 and spread < 0.01  # near the steepest point, yet little gets through


def test_with_the_factor_4_it_learns_more_slowly_than_the_others(tables):
    _, training = tables
    epochs = {name: number(best(rows)[1]) for name, rows in training.items()}
    loss = {name: number(best(rows)[2]) for name, rows in training.items()}
    for other in (CENTRED, TANH, RELU):
        assert epochs[other] < epochs[FOUR] < math.inf
        assert loss[other] < loss[FOUR] / 3
    accuracy = {name: number(best(rows)[3]) for name, rows in training.items()}
    assert max(accuracy[n] for n in (CENTRED, TANH, RELU)) - accuracy[FOUR] < 3


def test_centring_the_sigmoid_restores_its_slopes_and_most_of_its_gradient(tables):
    start, _ = tables
    output, slope, spread, ratio = ({n: number(start[n][i]) for n in start} for i in range(4))
    assert output[FOUR] == pytest.approx(0.5, abs=0.05) and output[CENTRED] == 0
    assert slope[FOUR] < 0.7 < 0.8 < slope[CENTRED]
    assert ratio[PLAIN] * 10 < ratio[FOUR] < ratio[CENTRED] / 10
    assert ratio[CENTRED] * 10 > max(ratio[TANH], ratio[RELU]) > ratio[CENTRED]
    assert spread[FOUR] < spread[CENTRED]
    assert output[RELU] > 0.05 and ratio[RELU] > 0.5  # not centred, yet its gradient keeps
