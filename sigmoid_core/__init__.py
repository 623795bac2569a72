"""sigmoid_core: the single source of truth of the sigmoid reference site.

The numerical functions live in :mod:`sigmoid_core.functions`; the figures and named
values that the site's pages embed live in :mod:`sigmoid_core.figures` and
:mod:`sigmoid_core.values`.
"""

from sigmoid_core.functions import (
    MAX_DERIVATIVE_ORDER,
    log_sigmoid,
    logit,
    sigmoid,
    sigmoid_derivative,
    softplus,
)

__all__ = [
    "MAX_DERIVATIVE_ORDER",
    "log_sigmoid",
    "logit",
    "sigmoid",
    "sigmoid_derivative",
    "softplus",
]
__version__ = "0.1.0"
