"""Every built page in the system Chromium, at a desktop and a phone width."""

from __future__ import annotations

import pytest

from sigmoid_core.website.tools import VIEWPORTS

RENDER_CHECKS = (
    "raw TeX visible",
    "images not loaded",
    "scrolls sideways by (px)",
)


@pytest.mark.parametrize(
    ("viewport", "scheme"), [("desktop", "light"), ("desktop", "dark"), ("phone", "light")]
)
def test_every_page_renders_cleanly(surveyed, viewport, scheme):
    """No errors, no request elsewhere, no raw TeX, no broken image, no sideways
    scrolling: on every page, in one cold load each (equation numbers and everything cut
    off: tests/browser/test_layout.py)."""
    pages = surveyed(viewport, scheme)
    problems = [
        f"{path or '/'} [{viewport}, {scheme}] {problem}"
        for path, page in pages.items()
        for problem in page.problems
    ]
    problems += [
        f"{path or '/'} [{viewport}, {scheme}] {check}: {result!r}"
        for path, page in pages.items()
        for check in RENDER_CHECKS
        if (result := page.checks[check])
    ]
    assert not problems, "\n".join(problems)


def test_math_is_typeset_without_javascript(browser, site_url):
    """The derivative renders fully with JavaScript off: KaTeX ran at build time."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "derivative/")
    assert page.locator(".katex-display").count() >= 8
    assert page.locator(".katex-html").first.is_visible()
    context.close()


def test_the_scheme_toggle_switches_figures_to_dark_and_back(browser, site_url):
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(site_url)
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    figure = page.locator(".sigmoid-figure img").first
    filter_of = "img => getComputedStyle(img).filter"
    assert page.evaluate(scheme) == "default"
    assert "invert" not in figure.evaluate(filter_of)
    page.get_by_title("Switch to dark mode").click()
    page.wait_for_function(f"{scheme} === 'slate'")
    assert "invert" in figure.evaluate(filter_of)
    page.get_by_title("Switch to light mode").click()
    page.wait_for_function(f"{scheme} === 'default'")
    assert "invert" not in figure.evaluate(filter_of)
    context.close()


# True once every table box that scrolls sideways is a named keyboard stop and no other is.
SCROLL_BOXES_SETTLED = r"""() => Array.from(document.querySelectorAll(".md-typeset__scrollwrap"))
  .every((box) => (box.scrollWidth > box.clientWidth) === (box.getAttribute("tabindex") === "0"
                  && /^Table \d+, scrollable$/.test(box.getAttribute("aria-label"))))"""


def test_scrolling_tables_are_keyboard_stops_only_while_they_scroll(browser, site_url):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(site_url + "numerics/")
    page.wait_for_function(SCROLL_BOXES_SETTLED)
    stops = page.locator(".md-typeset__scrollwrap[tabindex='0']")
    assert stops.count() >= 1  # at phone width some tables are wider than the screen
    names = stops.evaluate_all("boxes => boxes.map(box => box.getAttribute('aria-label'))")
    assert len(set(names)) == len(names), "each scrolling table is a landmark of its own name"
    page.set_viewport_size({"width": 1600, "height": 900})
    page.wait_for_function(SCROLL_BOXES_SETTLED)
    assert stops.count() < page.locator(".md-typeset__scrollwrap").count()
    context.close()


def test_pages_print_cleanly(browser, site_url):
    """In print, navigation and chrome disappear and nothing is cut at the right edge."""
    context = browser.new_context(viewport={"width": 794, "height": 1123})
    page = context.new_page()
    page.goto(site_url + "derivative/")
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary",
        ".md-footer", ".md-tabs"].filter((s) => {
          const el = document.querySelector(s);
          return el && el.checkVisibility();
        })""")
    assert hidden == [], f"visible in print: {hidden}"
    overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert page.evaluate(overflow) <= 0
    assert len(page.pdf(format="A4")) > 10_000
    context.close()


EXPLORER_XS = [-745.0, -40.0, -5.5, -1.0, 0.0, 0.25, 3.0, 17.5, 40.0, 700.0]


def _explorer(browser, site_url, **options):
    context = browser.new_context(**options)
    page = context.new_page()
    page.goto(site_url + "explorer/")
    page.wait_for_selector(".sigmoid-explorer.is-interactive")
    return context, page


def _set_x(page, x: float) -> tuple[str, str]:
    page.fill("#explorer-number", repr(x))
    return (page.inner_text('[data-output="sigma"]'), page.inner_text('[data-output="slope"]'))


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_explorer_agrees_with_the_core(browser, site_url, dtype):
    import numpy as np

    from sigmoid_core import sigmoid, sigmoid_derivative

    context, page = _explorer(browser, site_url)
    page.check(f'input[name="explorer-precision"][value="{dtype}"]')
    for x in EXPLORER_XS:
        shown_sigma, shown_slope = _set_x(page, x)
        value = np.dtype(dtype).type(x)
        assert shown_sigma == format(float(sigmoid(value)), ".6g"), (x, shown_sigma)
        assert shown_slope == format(float(sigmoid_derivative(value)), ".6g"), (x, shown_slope)
    context.close()


def test_explorer_shows_where_sigma_rounds_to_one(browser, site_url):
    from sigmoid_core.website.content import format_value

    context, page = _explorer(browser, site_url)
    rounds = page.locator('[data-output="rounds"]')
    assert format(float(format_value("float64_rounds_to_one_exact")), ".6g") in rounds.inner_text()
    page.check('input[name="explorer-precision"][value="float32"]')
    assert format(float(format_value("float32_rounds_to_one_exact")), ".6g") in rounds.inner_text()
    assert "float32" in rounds.inner_text()
    assert page.locator(".explorer-saturated").count() == 2
    assert page.locator(".explorer-tangent").count() == 1
    context.close()


def test_explorer_slider_works_from_the_keyboard(browser, site_url):
    context, page = _explorer(browser, site_url)
    slider = page.get_by_label("x", exact=True)
    assert slider.get_attribute("type") == "range"
    before = page.inner_text('[data-output="sigma"]')
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert float(page.input_value("#explorer-number")) == pytest.approx(1.2)
    assert page.inner_text('[data-output="sigma"]') != before
    context.close()


@pytest.mark.parametrize("typed", ["1001", "-1e308", "1e", ""])  # "1e": not yet a number
def test_explorer_refuses_input_it_cannot_show_and_keeps_no_stale_values(browser, site_url, typed):
    context, page = _explorer(browser, site_url)
    number = page.locator("#explorer-number")
    _set_x(page, 2.0)
    page.fill("#explorer-number", "")
    number.press_sequentially(typed)  # as a reader types it
    assert number.get_attribute("aria-invalid") == "true"
    message = page.locator(f"#{number.get_attribute('aria-describedby')}")
    assert message.is_visible() and "between −1000 and 1000" in message.inner_text()
    for output in ("sigma", "slope", "tangent"):
        assert page.inner_text(f'[data-output="{output}"]') == "—"
    assert page.locator(".explorer-point-sigma").count() == 0
    page.fill("#explorer-number", "-3")  # a valid value clears the message
    assert number.get_attribute("aria-invalid") is None and not message.is_visible()
    assert page.inner_text('[data-output="tangent"]').endswith("(t + 3)")
    context.close()


def test_explorer_controls_show_where_the_focus_is(browser, site_url):
    controls = ("#explorer-slider", "#explorer-number", 'input[name="explorer-precision"]:checked')
    ring = "e => [e.matches(':focus-visible'), getComputedStyle(e).outlineStyle]"
    for scheme in ("light", "dark"):
        context, page = _explorer(browser, site_url, color_scheme=scheme)
        for selector in controls:
            page.focus(selector)
            page.keyboard.press("Shift+Tab")
            page.keyboard.press("Tab")  # reached by keyboard, so :focus-visible applies
            assert page.evaluate(f"document.activeElement.matches('{selector}')"), selector
            visible, style = page.evaluate(f"({ring})(document.activeElement)")
            assert visible and style != "none", (scheme, selector, style)
        context.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_explorer_plot_text_is_at_least_11_px_and_off_the_curves(browser, site_url, width):
    """The plot is drawn at the width it is shown at, so its labels do not shrink on a
    phone (a fixed 640-unit drawing put them at 7 px on a 320 px screen)."""
    context, page = _explorer(browser, site_url, viewport={"width": width, "height": 800})
    # The threshold's label lies clear of both curves (no curve point inside its box).
    crossings = page.evaluate(
        """() => { const box = document.querySelector(".explorer-label").getBBox();
        return Array.from(document.querySelectorAll(".explorer-sigma, .explorer-slope"))
          .flatMap((line) => Array.from(line.points))
          .filter((p) => p.x >= box.x && p.x <= box.x + box.width
            && p.y >= box.y && p.y <= box.y + box.height).length; }"""
    )
    assert crossings == 0, f"{crossings} curve points under the label at {width} px"
    sizes = page.evaluate(
        """() => { const svg = document.querySelector(".explorer-plot");
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return Array.from(svg.querySelectorAll("text"),
          (t) => parseFloat(getComputedStyle(t).fontSize) * scale); }"""
    )
    context.close()
    assert sizes and min(sizes) >= 11, sizes


def test_explorer_falls_back_to_the_static_figure_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "explorer/")
    assert page.locator(".explorer-fallback img").is_visible()
    assert page.locator(".explorer-plot").count() == 0
    context.close()
    context, page = _explorer(browser, site_url)
    assert not page.locator(".explorer-fallback").is_visible()
    context.close()


LIVE_PIECES = {
    "explorer/": ".explorer-plot",
    "notebooks/sigmoid-from-scratch/": ".jp-OutputArea-output figure img",
    "notebooks/vanishing-gradients-measured/": ".jp-OutputArea-output figure img",
    "notebooks/logistic-regression-from-scratch/": ".jp-OutputArea-output figure img",
    "notebooks/precision-lab/": ".jp-OutputArea-output figure img",
}
MODES = {
    "light": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "light"},
    "dark": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"},
    "phone": {"viewport": {"width": 360, "height": 740}, "color_scheme": "light"},
}


@pytest.mark.parametrize("mode", list(MODES))
def test_live_pieces_render_in_every_mode(browser, site_url, mode, tmp_path_factory):
    """Screenshot each live piece; it must be on screen, fit the width and not be blank."""
    import io

    from PIL import Image

    out = tmp_path_factory.mktemp(f"screenshots-{mode}")
    context = browser.new_context(**MODES[mode])
    page = context.new_page()
    for path, selector in LIVE_PIECES.items():
        page.goto(site_url + path)
        piece = page.locator(selector).first
        piece.scroll_into_view_if_needed()
        box = piece.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100, (path, mode, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= MODES[mode]["viewport"]["width"]
        png = piece.screenshot(path=out / f"{path.strip('/').replace('/', '-')}.png")
        colours = Image.open(io.BytesIO(png)).convert("RGB").getcolors(maxcolors=1 << 16)
        assert colours is None or len(colours) > 20, f"{path} looks blank in {mode}"
    context.close()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_search_loads_its_index_on_first_use_and_finds_what_a_reader_types(
    browser, site_url, viewport
):
    """A first visit does not fetch the search index; opening search does, and works."""
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + "definition/")
    page.wait_for_load_state("networkidle")
    assert not any("search_index.json" in url for url in requested)
    if viewport == "phone":
        page.click("label[for=__search]")  # the header's search icon
    else:
        page.click("[data-md-component=search-query]")
    page.keyboard.type("logit")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for()
    assert any("search_index.json" in url for url in requested)
    found = results.evaluate_all("links => links.map(link => link.getAttribute('href'))")
    assert any("/numerics/" in href for href in found)
    context.close()


# The element that has the keyboard focus, and whether a reader can see it: a box of its
# own, or (the theme's colour-scheme switch) a zero-size radio whose label shows the ring.
FOCUSED = """() => {
  const e = document.activeElement;
  const shown = (n) => { const r = n.getBoundingClientRect(); const s = getComputedStyle(n);
    return r.width > 0 && r.height > 0 && s.visibility === "visible"; };
  const label = e.classList.contains("md-option") ? e.nextElementSibling : null;
  const ringed = (n) => getComputedStyle(n).outlineStyle !== "none";
  const ok = shown(e) || (label !== null && shown(label) && ringed(label));
  return [e === document.body, ok, `${e.tagName}.${e.className}#${e.id}`];
}"""


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_every_tab_stop_is_visible(browser, site_url, viewport):
    """Tab through whole pages: focus never lands on something the reader cannot see."""
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    invisible = []
    for path in ("", "explorer/", "numerics/", "notebooks/precision-lab/"):
        page.goto(site_url + path)
        page.wait_for_load_state("load")
        for _ in range(300):
            page.keyboard.press("Tab")
            back_at_start, visible, name = page.evaluate(FOCUSED)
            if back_at_start:
                break
            if not visible:
                invisible.append(f"/{path}: {name}")
        else:
            pytest.fail(f"/{path}: more than 300 tab stops")
    assert not invisible, invisible
    context.close()
