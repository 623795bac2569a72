"""Values the myths page corrects: the wrong numbers are recomputed, not typed."""

from __future__ import annotations

import math

from sigmoid_core.website.content.registry import value


@value(".4f", "1/(1+0.367): the myth's value, from e^-1 cut to three digits")
def seed_sigmoid_1() -> float:
    return 1 / (1 + 0.367)


@value("g", "e^-x/(1+e^-x) at 0: the derivation without the square")
def dropped_square_at_0() -> float:
    return math.exp(-0.0) / (1 + math.exp(-0.0))
