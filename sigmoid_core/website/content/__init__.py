"""What the site's pages embed, computed from the core at build time.

Importing this package fills the three registries of :mod:`.registry` from the topic
modules below, each of which declares its values, figures and tables beside the code
that computes them. Pages refer to them as ``{{ value:NAME }}``, ``{{ figure:NAME }}``
and ``{{ table:NAME }}``.
"""

from sigmoid_core.website.content import (  # noqa: F401  (each fills the registries)
    activations,
    approximations,
    calibration,
    complex_view,
    curve,
    derivatives,
    distribution,
    family,
    fields,
    frameworks,
    gates,
    growth,
    learning,
    myths,
    numerics,
    precision,
    properties,
)
from sigmoid_core.website.content.registry import FIGURES, TABLES, VALUES
from sigmoid_core.website.plotting import NARROW, WIDE, svg_bytes

__all__ = [
    "FIGURES",
    "TABLES",
    "VALUES",
    "format_value",
    "render_svg",
]


def format_value(name: str) -> str:
    """The text a page shows for the value ``name``."""
    try:
        return VALUES[name].text()
    except KeyError:
        raise KeyError(f"no value named {name!r}; known: {', '.join(sorted(VALUES))}") from None


def render_svg(name: str, narrow: bool = False) -> bytes:
    """The SVG of the figure ``name``, wide or narrow, identical from build to build."""
    return svg_bytes(FIGURES[name].draw, NARROW if narrow else WIDE)
