"""The site's figure style, and drawing a registered figure as reproducible SVG.

Output is byte-identical between builds: fixed ``svg.hashsalt``, no date, text drawn as
paths. Figures use dark ink on a transparent background; the site's dark scheme inverts
their lightness with one CSS rule, so a single file reads well in both colour schemes.
matplotlib is imported only when something is drawn, so that a build whose figures are
all cached never loads it. The module sits outside ``content`` so that a notebook imports
:func:`notebook_figure` with matplotlib alone: a downloaded notebook installs nothing more.
"""

from __future__ import annotations

import html
import io
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: Line colours, distinguishable with the common colour-vision deficiencies and
#: readable on white and, after the dark scheme's inversion, on near-black.
BLUE = "#1f5fbf"
ORANGE = "#c2410c"
GREEN = "#2e7d32"
PURPLE = "#6a1b9a"
GREY = "#616161"
INK = "#1a1a1a"
GRID = "#c8c8c8"
LINE_STYLES = ["-", (0, (5, 2)), (0, (1, 1.5)), "-.", (0, (8, 2, 1, 2))]
PALETTE = [BLUE, ORANGE, GREEN, PURPLE, GREY]

STYLE: dict[Any, Any] = {
    "svg.hashsalt": "sigmoid-reference",
    "svg.fonttype": "path",
    "font.size": 11,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "text.color": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.facecolor": "none",
    "figure.facecolor": "none",
    "savefig.facecolor": "none",
    "axes.grid": True,
    "grid.color": GRID,
    "grid.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "lines.linewidth": 2.2,
    "path.simplify": True,
}

#: Size of every figure in inches; the page reserves width x height CSS pixels (96 per inch).
FIGURE_SIZE = (6.4, 3.8)


def svg_bytes(draw: Callable[[Axes], None]) -> bytes:
    """Draw on one Axes in the site's style; the SVG bytes, identical from run to run."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=FIGURE_SIZE, layout="constrained")
        try:
            draw(ax)
            buffer = io.BytesIO()
            fig.savefig(buffer, format="svg", metadata={"Date": None})
        finally:
            plt.close(fig)
    return buffer.getvalue()


def pixel_size() -> tuple[int, int]:
    """Width and height in CSS pixels that every figure occupies at its natural size."""
    width, height = FIGURE_SIZE
    return round(width * 96), round(height * 96)


@dataclass(frozen=True)
class NotebookFigure:
    """A figure shown by a notebook: same style as the site's figures, with real alt text.

    Jupyter displays it through ``_repr_html_``, so the executed notebook's page gets an
    image with the given alt text and the site's dark-scheme rule, instead of
    nbconvert's "No description has been provided for this image".
    """

    svg: bytes
    alt: str

    def _repr_html_(self) -> str:
        width, height = pixel_size()
        # Percent-encoded rather than base64: it compresses as well as the SVG itself.
        source = "data:image/svg+xml," + urllib.parse.quote(
            self.svg.decode("utf-8"), safe=" /:=;,.-_()'"
        )
        return (
            f'<figure class="sigmoid-figure"><img src="{source}" alt="{html.escape(self.alt)}" '
            f'width="{width}" height="{height}"></figure>'
        )


def notebook_figure(draw: Callable[[Axes], None], alt: str) -> NotebookFigure:
    """Draw on one Axes in the site's style, for display in a notebook cell."""
    if not alt.strip():
        raise ValueError("notebook_figure() needs alt text that says what the figure shows")
    return NotebookFigure(svg_bytes(draw), alt)
