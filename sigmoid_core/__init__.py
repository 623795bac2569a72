"""sigmoid_core: the logistic sigmoid and its relatives, accurate and warning-free, on NumPy.

The functions live in :mod:`sigmoid_core.functions` and need numpy alone. The reference
site built from them lives in :mod:`sigmoid_core.website` (the ``docs`` extra), which this
package never imports.
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
__version__ = "1.0"  # pyproject.toml's (tests/core/test_library_alone.py checks)
