"""Every figure's text is readable on every screen, and no label sits on a curve (issue 12).

Each registered figure, and a figure drawn by the notebooks' helper, is drawn wide and
narrow as the build draws it; matplotlib reports where each text and line lands, in
pixels of the figure at its natural size. Checked: no two texts overlap; no plotted line
crosses a label, an annotation or a legend (tick labels and axis labels sit outside the
axes); every text is at least 11 CSS px at the narrowest width its drawing is shown at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure as MplFigure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from sigmoid_core.website.content import FIGURES
from sigmoid_core.website.plotting import (
    LINE_STYLES,
    MIN_TEXT_PX,
    NARROW,
    NARROW_BELOW_PX,
    PALETTE,
    TEXT_PT,
    WIDE,
    drawn_figure,
    notebook_figure,
    svg_pixel_size,
)

#: The theme's content column is this much narrower than the screen below 1220 px
#: (0.8 rem of margin on each side); tests/browser/test_figures_in_browser.py measures it.
CONTENT_MARGIN_PX = 32
#: The narrowest screen each drawing is shown on: phones from 320 px, and the wide
#: drawing from NARROW_BELOW_PX up.
NARROWEST_SCREEN = {NARROW: 320, WIDE: NARROW_BELOW_PX}
SIZES = {"wide": WIDE, "narrow": NARROW}
#: Pixels of room kept around a label: a line this close to text reads as touching it.
PAD = 2.0


def flat_loss_with_legend(ax: Axes) -> None:
    """Like the vanishing-gradients notebook's loss figure: a flat line at the bottom
    left, where a legend in the lower left corner would sit on it."""
    epochs = np.arange(31)
    for k, (colour, style) in enumerate(zip(PALETTE, LINE_STYLES, strict=True)):
        ax.semilogy(epochs, 2.3 * np.exp(-k * epochs / 10), color=colour, linestyle=style,
                    label=f"network {k}, rate 0.1")  # fmt: skip
    ax.set_xlabel("epoch")
    ax.set_ylabel("training loss")
    ax.legend(loc="lower left")


DRAWINGS: dict[str, Callable[[Axes], None]] = {
    **{name: spec.draw for name, spec in FIGURES.items()},
    "notebook-helper": flat_loss_with_legend,
}


@contextmanager
def drawing(name: str, size: tuple[float, float]) -> Iterator[MplFigure]:
    with drawn_figure(DRAWINGS[name], size) as fig:
        yield fig


def text_box(text: Text, renderer: object) -> Bbox:
    """Where the text's letters are (an annotation's arrow left out)."""
    return Text.get_window_extent(text, renderer)


def in_view(text: Text, axes: list[Axes], renderer: object) -> bool:
    """Whether matplotlib draws the text: tick labels of ticks beyond the axis limits
    exist but are not drawn."""
    if not text.get_visible() or not text.get_text().strip():
        return False
    for ax in axes:
        for axis, along in ((ax.xaxis, 0), (ax.yaxis, 1)):
            ticks = axis.get_major_ticks() + axis.get_minor_ticks()
            if any(text is tick.label1 or text is tick.label2 for tick in ticks):
                centre = text_box(text, renderer).get_points().mean(axis=0)[along]
                low, high = ax.bbox.get_points()[:, along]
                return low - 1 <= centre <= high + 1
    return True


def outside_axes(text: Text, axes: list[Axes]) -> bool:
    """Tick labels, axis labels and titles: matplotlib places them outside the data."""
    for ax in axes:
        for axis in (ax.xaxis, ax.yaxis):
            if text is axis.label or text is axis.get_offset_text():
                return True
            if any(
                text is tick.label1 or text is tick.label2
                for tick in axis.get_major_ticks() + axis.get_minor_ticks()
            ):
                return True
        if text in (ax.title, ax._left_title, ax._right_title):
            return True
    return False


def overlap(a: Bbox, b: Bbox, pad: float = 0.0) -> bool:
    return a.x0 - pad < b.x1 and b.x0 - pad < a.x1 and a.y0 - pad < b.y1 and b.y0 - pad < a.y1


def segment_crosses(box: Bbox, p: np.ndarray, q: np.ndarray) -> bool:
    """Whether the segment from p to q meets the box (Liang-Barsky clipping)."""
    t0, t1 = 0.0, 1.0
    d = q - p
    for delta, start, low, high in ((d[0], p[0], box.x0, box.x1), (d[1], p[1], box.y0, box.y1)):
        if delta == 0:
            if not low <= start <= high:
                return False
            continue
        a, b = (low - start) / delta, (high - start) / delta
        t0, t1 = max(t0, min(a, b)), min(t1, max(a, b))
        if t0 > t1:
            return False
    return True


def line_points(line: Line2D, ax: Axes) -> np.ndarray:
    """The line's vertices in display pixels, inside its axes (it is clipped there)."""
    path = line.get_transform().transform_path(line.get_path())
    points = np.asarray(path.vertices, dtype=float)
    return points[np.isfinite(points).all(axis=1)]


def line_crosses(line: Line2D, ax: Axes, box: Bbox) -> bool:
    points = line_points(line, ax)
    clip = ax.bbox
    if line.get_linestyle() in ("None", "none", "", " "):  # markers alone
        radius = line.get_markersize() * line.figure.dpi / 72 / 2
        grown = Bbox.from_extents(
            box.x0 - radius, box.y0 - radius, box.x1 + radius, box.y1 + radius
        )
        inside = grown.contains  # type: ignore[attr-defined]
        return any(inside(x, y) and clip.contains(x, y) for x, y in points)
    for p, q in zip(points[:-1], points[1:], strict=True):
        # Only the part inside the axes is drawn.
        if segment_crosses(clip, p, q) and segment_crosses(box, p, q):
            lo = np.maximum(np.minimum(p, q), clip.get_points()[0])
            hi = np.minimum(np.maximum(p, q), clip.get_points()[1])
            if overlap(Bbox([lo, hi]), box):
                return True
    return False


def labels_and_lines(fig: MplFigure) -> tuple[list[tuple[str, Bbox]], list[tuple[str, Bbox]]]:
    """Every drawn text as (what, box), and the boxes lines must keep out of: each
    legend's box, and each text placed among the data (annotations, contour labels)."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    texts = [
        text
        for text in fig.findobj(Text)
        if isinstance(text, Text) and in_view(text, fig.axes, renderer)
    ]
    legends = [legend for legend in fig.findobj(Legend) if isinstance(legend, Legend)]
    in_legends = {id(text) for legend in legends for text in legend.get_texts()}
    boxes = [(repr(text.get_text()), text_box(text, renderer)) for text in texts]
    keep_clear = [
        (repr(text.get_text()), text_box(text, renderer))
        for text in texts
        if id(text) not in in_legends and not outside_axes(text, fig.axes)
    ]
    keep_clear += [("the legend", legend.get_window_extent(renderer)) for legend in legends]
    return boxes, keep_clear


@pytest.mark.parametrize("size", SIZES, ids=str)
@pytest.mark.parametrize("name", DRAWINGS)
def test_no_text_overlaps_another_or_a_curve(name, size):
    with drawing(name, SIZES[size]) as fig:
        boxes, keep_clear = labels_and_lines(fig)
        problems = [
            f"{first} overlaps {second}"
            for i, (first, a) in enumerate(boxes)
            for second, b in boxes[i + 1 :]
            if overlap(a, b, pad=-0.5)
        ]
        for ax in fig.axes:
            for line in ax.get_lines():
                if not line.get_visible():
                    continue
                for what, box in keep_clear:
                    padded = Bbox.from_extents(
                        box.x0 - PAD, box.y0 - PAD, box.x1 + PAD, box.y1 + PAD
                    )
                    if line_crosses(line, ax, padded):
                        problems.append(f"line {line.get_label()!r} crosses {what}")
        assert not problems, f"{name} ({size}):\n" + "\n".join(problems)


@pytest.mark.parametrize("size", SIZES, ids=str)
@pytest.mark.parametrize("name", DRAWINGS)
def test_every_text_is_readable_at_the_narrowest_width_it_is_shown(name, size):
    """At least 11 CSS px where the drawing is shrunk most, and at least TEXT_PT points
    (the browser test computes on-screen sizes from TEXT_PT)."""
    with drawing(name, SIZES[size]) as fig:
        natural = fig.get_figwidth() * 96
        column = NARROWEST_SCREEN[SIZES[size]] - CONTENT_MARGIN_PX
        scale = min(1.0, column / natural)
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        small = {
            repr(text.get_text()): f"{text.get_fontsize():g} pt, {px:.1f} px"
            for text in fig.findobj(Text)
            if isinstance(text, Text) and in_view(text, fig.axes, renderer)
            if (px := text.get_fontsize() * 96 / 72 * scale) < MIN_TEXT_PX
            or text.get_fontsize() < TEXT_PT
        }
    assert not small, f"{name} ({size}): text below {MIN_TEXT_PX} CSS px or {TEXT_PT} pt: {small}"


def test_the_checks_catch_a_label_on_a_curve_and_small_text():
    """The checks can fail: the σ' figure's old label sat on the dashed curve, and 8 pt
    text on a phone is about 9 px."""

    def old_label(ax: Axes) -> None:
        x = np.linspace(-6, 6, 200)
        s = 1 / (1 + np.exp(-x))
        ax.plot(x, s, label="σ(x)")
        ax.plot(x, s * (1 - s), linestyle="--", label="σ'(x)")
        ax.annotate(r"maximum slope $\sigma'(0) = 1/4$", (0, 0.25), xytext=(1.0, 0.12))
        ax.text(-5, 0.8, "tiny", fontsize=8)

    DRAWINGS["old-label"] = old_label
    try:
        with pytest.raises(AssertionError, match="crosses .maximum slope"):
            test_no_text_overlaps_another_or_a_curve("old-label", "wide")
        with pytest.raises(AssertionError, match="'tiny'"):
            test_every_text_is_readable_at_the_narrowest_width_it_is_shown("old-label", "narrow")
    finally:
        del DRAWINGS["old-label"]


@pytest.mark.parametrize("size", SIZES, ids=str)
def test_the_reserved_size_is_the_drawings_size(size):
    """The page reserves what the SVG says; a legend below the axes adds to the height."""
    figure = notebook_figure(flat_loss_with_legend, alt="Five falling losses, one flat.")
    svg = figure.svg if size == "wide" else figure.narrow_svg
    width, height = svg_pixel_size(svg)
    assert width == round(SIZES[size][0] * 96)
    assert height > round(SIZES[size][1] * 96)
