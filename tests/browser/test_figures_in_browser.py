"""Figures as readers see them (issue 12): at every width, each figure's drawing is shown at
a size where its text is at least 11 CSS px, and no figure is wider than its column.

The smallest text in a drawing is plotting.TEXT_PT points (tests/site/test_figures.py holds
every drawing to it), so on screen it is TEXT_PT * 4/3 px times the shown width over the
drawing's natural width, whichever drawing (wide or narrow) the <picture> chose.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sigmoid_core.website.plotting import MIN_TEXT_PX, NARROW_BELOW_PX, TEXT_PT
from sigmoid_core.website.tools import page_paths

WIDTHS = (320, 360, 375, 414, 768, 1024, 1280)

MEASURE = """() => Array.from(document.querySelectorAll("figure.sigmoid-figure img")).map((img) => {
  const shown = img.getBoundingClientRect();
  const column = img.closest("article").getBoundingClientRect();
  return {
    file: (img.currentSrc || img.src).split("/").pop(),
    visible: img.checkVisibility(),
    natural: img.naturalWidth,
    shown: shown.width,
    left: shown.left - column.left,
    right: column.right - shown.right,
  };
})"""


def pages_with_figures(site: Path) -> list[str]:
    return [
        path
        for path in page_paths(site)
        if "sigmoid-figure" in (site / path / "index.html").read_text(encoding="utf-8")
    ]


def text_px(figure: dict) -> float:
    """The smallest text of the drawing the browser shows, in CSS px."""
    return TEXT_PT * 4 / 3 * figure["shown"] / figure["natural"]


def problems_of(figure: dict, width: int) -> list[str]:
    found = []
    if not figure["natural"]:
        return [f"{figure['file']} did not load"]
    if text_px(figure) < MIN_TEXT_PX:
        found.append(f"{figure['file']}: text at {text_px(figure):.1f} px")
    if figure["left"] < -0.5 or figure["right"] < -0.5:
        found.append(f"{figure['file']}: wider than its column")
    if figure["shown"] > figure["natural"] + 0.5:
        found.append(f"{figure['file']}: enlarged past its natural size")
    narrow = figure["file"].endswith("-narrow.svg")
    if narrow != (width < NARROW_BELOW_PX):
        found.append(f"{figure['file']}: the {'narrow' if narrow else 'wide'} drawing")
    return found


def measure(browser, site_url: str, paths: list[str], width: int, javascript: bool) -> dict:
    """Each page's figures as measured in Chromium at this width."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    found = {}
    for path in paths:
        page.goto(site_url + path, wait_until="load")
        found[path] = page.evaluate(MEASURE)
    context.close()
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_every_figure_text_is_at_least_11_px_and_fits_its_column(browser, site, site_url, width):
    """Figures hidden while JavaScript runs (the explorer's static fallback) are measured
    as shown without it."""
    pages = measure(browser, site_url, pages_with_figures(site), width, javascript=True)
    hidden = [path for path, figures in pages.items() if not all(f["visible"] for f in figures)]
    without_script = measure(browser, site_url, hidden, width, javascript=False)
    problems, smallest = [], float("inf")
    for path, figures in [*pages.items(), *without_script.items()]:
        assert figures, f"/{path}: no figure found"
        for figure in figures:
            if not figure["visible"]:
                assert path in without_script, f"/{path}: {figure['file']} is hidden"
                continue
            smallest = min(smallest, text_px(figure))
            problems += [f"/{path}: {problem}" for problem in problems_of(figure, width)]
    assert all(f["visible"] for figures in without_script.values() for f in figures)
    print(f"smallest figure text at {width} px: {smallest:.1f} px")
    assert not problems, f"at {width} px:\n" + "\n".join(problems)


def test_the_check_fails_for_a_figure_squeezed_below_11_px(browser, site, site_url):
    """The check can fail: the wide drawing forced onto a 320 px screen."""
    context = browser.new_context(viewport={"width": 320, "height": 900})
    page = context.new_page()
    page.goto(site_url + pages_with_figures(site)[0], wait_until="load")
    page.evaluate("""() => new Promise((resolve) => {
      const picture = document.querySelector("figure.sigmoid-figure picture");
      picture.querySelector("source").remove();
      const img = picture.querySelector("img");
      img.src = img.src + "?wide";
      img.decode().then(resolve);
    })""")
    figure = page.evaluate(MEASURE)[0]
    context.close()
    assert any("text at" in problem for problem in problems_of(figure, 320)), figure
