"""The site's figure style, and drawing a registered figure as reproducible SVG.

Output is byte-identical between builds: fixed ``svg.hashsalt``, no date, text drawn as
paths. Each figure is drawn twice, wide for desktops and narrow for phones, so that its
text is never below 11 CSS px (:data:`NARROW_BELOW_PX`), and its legend goes below the
axes, off the data. Figures use dark ink on a transparent background; the site's dark
scheme inverts their lightness with one CSS rule, so a single file reads well in both
colour schemes.
matplotlib is imported only when something is drawn, so that a build whose figures are
all cached never loads it. The module sits outside ``content`` so that a notebook imports
:func:`notebook_figure` with matplotlib alone: a downloaded notebook installs nothing more.
"""

from __future__ import annotations

import html
import io
import re
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure as MplFigure

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

#: Every figure is drawn twice, each designed for the width it is shown at: WIDE for
#: screens whose content column holds it at (nearly) its natural size, NARROW for phones.
#: Sizes are in inches; the page reserves width x height CSS pixels (96 per inch). A
#: legend is drawn below the axes, never on the data, and adds to the height.
WIDE = (6.4, 3.8)
NARROW = (3.6, 3.2)
#: The smallest text a figure may have, in points (tick labels and legends follow
#: ``font.size``), and the smallest it may be on a screen, in CSS pixels.
TEXT_PT = 11
MIN_TEXT_PX = 11
#: Screens narrower than this many CSS pixels get the NARROW drawing. At this width the
#: content column is about 32 px narrower, so the WIDE drawing (614 px) is shown at
#: 508 px or more: its 11 pt (14.7 px) text at 12 px or more. The NARROW drawing (346 px)
#: on a 320 px phone (288 px column) keeps its text at 12.2 px.
NARROW_BELOW_PX = 540
NARROW_MEDIA = f"(max-width: {NARROW_BELOW_PX - 0.02}px)"


def _legend_below(fig: MplFigure, ax: Axes) -> None:
    """Move the axes' legend below the axes, so that it never sits on a curve, and grow
    the figure by its height, so that the axes keep theirs."""
    legend = ax.get_legend()
    if legend is None:
        return
    entries = [
        (handle, text.get_text())
        for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True)
        if handle is not None
    ]
    handles, labels = [handle for handle, _ in entries], [label for _, label in entries]
    legend.remove()
    width, height = fig.get_size_inches()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    ncols = len(labels)
    while True:
        below = fig.legend(handles, labels, loc="outside lower center", ncols=ncols)
        extent = below.get_window_extent(renderer)
        if ncols == 1 or extent.width <= 0.96 * width * fig.dpi:
            break
        below.remove()
        ncols -= 1
    fig.set_size_inches(width, height + extent.height / fig.dpi)


@contextmanager
def drawn_figure(
    draw: Callable[[Axes], None], size: tuple[float, float] = WIDE
) -> Iterator[MplFigure]:
    """The figure as drawn for ``size``, laid out and open for inspection (the tests
    measure its text and lines); closed when the block ends."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=size, layout="constrained")
        try:
            draw(ax)
            _legend_below(fig, ax)
            fig.canvas.draw()  # lays it out, so that extents are those of the saved file
            yield fig
        finally:
            plt.close(fig)


def svg_bytes(draw: Callable[[Axes], None], size: tuple[float, float] = WIDE) -> bytes:
    """Draw on one Axes in the site's style; the SVG bytes, identical from run to run."""
    with drawn_figure(draw, size) as fig:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def svg_pixel_size(svg: bytes) -> tuple[int, int]:
    """Width and height in CSS pixels of a figure's SVG at its natural size: what its
    <img> or <source> reserves (matplotlib writes them in points)."""
    found = re.search(rb'<svg[^>]*\swidth="([\d.]+)pt" height="([\d.]+)pt"', svg)
    if found is None:
        raise ValueError("not an SVG written by matplotlib: no width and height in points")
    return round(float(found[1]) * 4 / 3), round(float(found[2]) * 4 / 3)


def picture_html(wide: str, narrow: str, wide_svg: bytes, narrow_svg: bytes, alt: str) -> str:
    """A <picture> that shows the NARROW drawing on phones and the WIDE one elsewhere,
    each with the size it reserves; the browser fetches only the one it shows."""
    width, height = svg_pixel_size(wide_svg)
    narrow_width, narrow_height = svg_pixel_size(narrow_svg)
    return (
        f'<picture><source media="{NARROW_MEDIA}" srcset="{narrow}" '
        f'width="{narrow_width}" height="{narrow_height}">'
        f'<img src="{wide}" alt="{html.escape(alt)}" width="{width}" height="{height}">'
        "</picture>"
    )


@dataclass(frozen=True)
class NotebookFigure:
    """A figure shown by a notebook: same style and the same two drawings as the site's
    figures, with real alt text.

    Jupyter displays it through ``_repr_html_``, so the executed notebook's page gets an
    image with the given alt text and the site's dark-scheme rule, instead of
    nbconvert's "No description has been provided for this image".
    """

    svg: bytes
    alt: str
    narrow_svg: bytes

    def _repr_html_(self) -> str:
        # Percent-encoded rather than base64: it compresses as well as the SVG itself. A
        # srcset ends a URL at a space, so there spaces are encoded too.
        source = "data:image/svg+xml," + urllib.parse.quote(
            self.svg.decode("utf-8"), safe=" /:=;,.-_()'"
        )
        narrow = "data:image/svg+xml," + urllib.parse.quote(
            self.narrow_svg.decode("utf-8"), safe="/:=;,.-_()'"
        )
        picture = picture_html(source, narrow, self.svg, self.narrow_svg, self.alt)
        return f'<figure class="sigmoid-figure">{picture}</figure>'


def notebook_figure(draw: Callable[[Axes], None], alt: str) -> NotebookFigure:
    """Draw on one Axes in the site's style, wide and narrow, for display in a notebook."""
    if not alt.strip():
        raise ValueError("notebook_figure() needs alt text that says what the figure shows")
    return NotebookFigure(svg_bytes(draw, WIDE), alt, svg_bytes(draw, NARROW))
