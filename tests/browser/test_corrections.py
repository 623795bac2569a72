"""javascripts/corrections.js on a synthetic versioned site (mike's layout): a page of an
older release says which of its statements a later release corrected; a page of the
latest release, or any page when versions.json is missing, shows nothing and logs no
error."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from sigmoid_core.website.tools import serve

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "javascripts" / "corrections.js"

# What docs/overrides/main.html writes on a release's page, and how the page loads the
# script (deferred, from the version's root).
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>The derivative</title>
<link rel="icon" href="data:,">
<script src="../javascripts/corrections.js" defer></script></head>
<body><article>
<div class="corrections" role="note" data-version="{version}" data-page="derivative/"
     data-version-root=".." hidden></div>
<h1>The derivative</h1><p>Text.</p>
</article></body></html>
"""

ERRATUM = {
    "page": "derivative/",
    "pages": ["derivative/"],
    "fixed_in": "1.1",
    "summary": "The range of the derivative",
    "anchor": "erratum-the-range-of-the-derivative",
    "url": "changelog/#erratum-the-range-of-the-derivative",
}


def versioned_site(
    root: Path, versions: list[str], latest: str, errata: list[dict], with_list: bool = True
) -> None:
    """Each version's derivative page and script; the latest's errata.json; versions.json."""
    for version in versions:
        (root / version / "derivative").mkdir(parents=True)
        (root / version / "javascripts").mkdir()
        shutil.copy(SCRIPT, root / version / "javascripts" / "corrections.js")
        (root / version / "derivative" / "index.html").write_text(
            PAGE.format(version=version), encoding="utf-8"
        )
    document = {"version": latest, "changelog": "changelog/", "errata": errata}
    (root / latest / "errata.json").write_text(json.dumps(document), encoding="utf-8")
    if with_list:
        listed = [
            {"version": v, "title": v, "aliases": ["latest"] if v == latest else []}
            for v in sorted(versions, key=lambda v: [int(p) for p in v.split(".")], reverse=True)
        ]
        listed.append({"version": "dev", "title": "dev (unreleased)", "aliases": []})
        (root / "versions.json").write_text(json.dumps(listed), encoding="utf-8")


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    server = serve(tmp_path)
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class Visit:
    """One load of a page: its notice, and every error the browser reported."""

    def __init__(self, browser, url: str) -> None:
        self.context = browser.new_context()
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.errors: list[str] = []
        self.statuses: dict[str, int] = {}
        self.page.on(
            "console", lambda m: self.console.append(m.text) if m.type == "error" else None
        )
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("response", lambda r: self.statuses.__setitem__(r.url, r.status))
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        self.notice = self.page.locator(".corrections")

    def script_errors(self) -> list[str]:
        """Errors but the browser's own report of a missing file ("Failed to load
        resource: … 404"), which no script can prevent: the script logs none."""
        logged = [m for m in self.console if not m.startswith("Failed to load resource")]
        return logged + self.errors

    def close(self) -> None:
        self.context.close()


def test_an_older_release_names_the_statements_corrected_since(browser, served):
    root, base = served
    elsewhere = {**ERRATUM, "page": "softmax/", "pages": ["softmax/"], "anchor": "erratum-s"}
    older = {**ERRATUM, "fixed_in": "1.0", "summary": "Fixed before", "anchor": "erratum-o"}
    versioned_site(root, ["1.0", "1.1"], "1.1", [ERRATUM, elsewhere, older])
    visit = Visit(browser, base + "1.0/derivative/")
    try:
        visit.notice.wait_for(state="visible")
        assert visit.notice.get_attribute("role") == "note"
        assert "admonition" in (visit.notice.get_attribute("class") or "")
        text = " ".join(visit.notice.inner_text().split())
        assert "Corrected since version 1.0" in text
        assert "The range of the derivative: corrected in version 1.1" in text
        assert "Fixed before" not in text  # fixed in 1.0: this page has it
        assert visit.notice.locator("li").count() == 1  # the softmax erratum is not this page's
        link = visit.notice.locator("a")
        assert link.inner_text() == "The range of the derivative"
        assert link.get_attribute("href") == (
            base + "1.1/changelog/#erratum-the-range-of-the-derivative"
        )
        assert not visit.console and not visit.errors
    finally:
        visit.close()


def test_the_page_of_the_version_that_fixed_it_says_nothing(browser, served):
    root, base = served
    versioned_site(root, ["1.0", "1.1"], "1.1", [ERRATUM])
    visit = Visit(browser, base + "1.1/derivative/")
    try:
        assert visit.notice.is_hidden()
        assert visit.notice.inner_text() == ""
        assert not visit.console and not visit.errors
    finally:
        visit.close()


def test_versions_compare_as_numbers_not_as_text(browser, served):
    """1.10 is newer than 1.9 (as text it sorts before it)."""
    root, base = served
    versioned_site(root, ["1.9", "1.10"], "1.10", [{**ERRATUM, "fixed_in": "1.10"}])
    visit = Visit(browser, base + "1.9/derivative/")
    try:
        visit.notice.wait_for(state="visible")
        assert "corrected in version 1.10" in visit.notice.inner_text()
    finally:
        visit.close()


@pytest.mark.parametrize("missing", ["versions.json", "errata.json"])
def test_a_missing_file_shows_nothing_and_logs_no_error(browser, served, missing):
    root, base = served
    versioned_site(root, ["1.0", "1.1"], "1.1", [ERRATUM], with_list=missing != "versions.json")
    if missing == "errata.json":
        (root / "1.1" / "errata.json").unlink()
    visit = Visit(browser, base + "1.0/derivative/")
    try:
        url = base + ("versions.json" if missing == "versions.json" else "1.1/errata.json")
        assert visit.statuses.get(url) == 404  # the script asked for it
        assert visit.notice.is_hidden()
        assert visit.script_errors() == []
    finally:
        visit.close()


def test_an_unreachable_server_shows_nothing_and_logs_no_error(browser, served):
    root, base = served
    versioned_site(root, ["1.0", "1.1"], "1.1", [ERRATUM])
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.route("**/versions.json", lambda route: route.abort("internetdisconnected"))
    try:
        page.goto(base + "1.0/derivative/")
        page.wait_for_load_state("networkidle")
        assert page.locator(".corrections").is_hidden()
        assert errors == []
    finally:
        context.close()
