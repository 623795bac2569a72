"""The site's own search box, as a reader uses it: each query of
tests/data/search-queries.yml finds its page first, and previews show math as text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from sigmoid_core.website.tools import VIEWPORTS

QUERIES = Path(__file__).resolve().parents[1] / "data" / "search-queries.yml"
SEARCH_BOX = "[data-md-component=search-query]"

# The theme lists each matching page with its matching sections under it, pages in order
# of their best score. The first result is the first page's best-scored link (the page
# itself on a tie), as path + #anchor; then the text of every preview shown, without
# code, where TeX may be shown on purpose (docs/contributing.md shows \label{...}).
RESULTS = """() => {
  const pages = Array.from(document.querySelectorAll(".md-search-result__list > li"));
  const links = (li) => Array.from(li.querySelectorAll("a.md-search-result__link"));
  const scored = links(pages[0]).map((a, i) =>
    [Number(a.querySelector("article").dataset.mdScore), -i, a]);
  scored.sort((x, y) => y[0] - x[0] || y[1] - x[1]);
  const first = new URL(scored[0][2].href);
  const previews = pages.flatMap(links).map((a) => {
    const article = a.querySelector("article").cloneNode(true);
    article.querySelectorAll("code").forEach((code) => code.remove());
    return [new URL(a.href).pathname, article.textContent];
  });
  return [first.pathname + first.hash, previews];
}"""
# The previous query's results are marked; the next query's results replace them.
MARK_STALE = """() => document.querySelectorAll(".md-search-result__list > li")
  .forEach((li) => { li.dataset.stale = "1"; })"""
FRESH = """() => {
  const li = document.querySelector(".md-search-result__list > li");
  return li !== null && !li.dataset.stale;
}"""


@dataclass(frozen=True)
class Searched:
    first: str | None  # path and anchor of the first result; None if nothing was found
    previews: list[tuple[str, str]]  # (page path, text) of every result shown


def queries() -> list[dict[str, str]]:
    """The committed queries, each with the page (and anchor) that must come first."""
    entries = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    assert all(set(e) == {"query", "first"} for e in entries)
    assert len(entries) >= 30
    return entries


@pytest.fixture(scope="module")
def searched(browser, site_url) -> dict[str, Searched]:
    """Every query typed into the search box of one page at a desktop width."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto(site_url)
    page.click(SEARCH_BOX)  # the first focus loads the index
    found: dict[str, Searched] = {}
    for entry in queries():
        query = entry["query"]
        page.evaluate(MARK_STALE)
        # The theme searches on each key released: all but the last character go in
        # without a key event, so exactly one search runs, for the whole query.
        page.fill(SEARCH_BOX, query[:-1])
        page.keyboard.type(query[-1])
        try:
            page.wait_for_function(FRESH, timeout=10_000)
        except PlaywrightTimeout:  # no result at all
            found[query] = Searched(None, [])
            continue
        first, previews = page.evaluate(RESULTS)
        found[query] = Searched(first, [tuple(preview) for preview in previews])
    context.close()
    return found


def test_every_query_finds_its_page_first(searched):
    """What a reader types lands on the page, or the section, that answers it. Where the
    site answers in two places equally (the same identity stated on two pages), ``first``
    lists both, and either may come first."""
    failures = []
    for entry in queries():
        expected = entry["first"] if isinstance(entry["first"], list) else [entry["first"]]
        got = searched[entry["query"]].first
        if not any(_lands_on(got, "/" + wanted) for wanted in expected):
            failures.append(f"{entry['query']!r}: first result {got}, expected {expected}")
    assert not failures, f"{len(failures)} of {len(searched)} queries:\n" + "\n".join(failures)


def _lands_on(got: str | None, wanted: str) -> bool:
    """A page expected: any result on it; a section expected: that section."""
    if got is None:
        return False
    return (got.split("#")[0] if "#" not in wanted else got) == wanted


def test_search_previews_show_math_as_text_never_tex(searched):
    """TeX source in a preview is unreadable; its formula's plain text is not."""
    tex = [
        f"{query!r} → {path}: {text[:120]!r}"
        for query, result in searched.items()
        for path, text in result.previews
        if "\\" in text or "$" in text
    ]
    assert not tex, "\n".join(tex)
    # The theme previews the paragraphs that hold a query's words; this one has inline
    # math, $u(x) = 1 + e^{-x}$ in the page's source.
    derivative = searched["derivative of sigmoid"].previews
    assert any(
        path == "/derivative/" and "inner function u(x) = 1 + e⁻ˣ and" in text
        for path, text in derivative
    ), derivative[:4]
