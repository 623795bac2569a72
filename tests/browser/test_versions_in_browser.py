"""Versions as a reader meets them: the selector, the banner on an older release or on dev,
switching between versions on the same page, and the access date in the citation."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator

import pytest

from sigmoid_core.website.tools import serve


@pytest.fixture(scope="module")
def versions_url(released) -> Iterator[str]:
    server = serve(released.served)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture()
def reader(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(  # the versioned site, with its repository known, asks no other host
        "request",
        lambda request: (
            request.url.startswith(("http://127.0.0.1:", "data:"))
            or errors.append(f"requested {request.url}")
        ),
    )
    yield page, errors
    context.close()


def banner(page) -> str | None:
    outdated = page.locator("[data-md-component=outdated]")
    return outdated.inner_text() if outdated.is_visible() else None


def test_an_older_release_says_so_and_switches_to_the_same_page_of_another(reader, versions_url):
    page, errors = reader
    page.goto(f"{versions_url}1.0/derivative/")
    page.locator(".md-version__current").wait_for()
    assert page.locator(".md-version__current").inner_text() == "1.0"
    page.locator("[data-md-component=outdated] aside").wait_for()
    assert "You are reading version 1.0, not the latest release" in banner(page)
    notice = page.locator("div.corrections")
    notice.wait_for()
    assert "Corrected since version 1.0" in notice.inner_text()
    link = notice.get_by_role("link", name="A statement corrected in 1.1")
    assert link.get_attribute("href").startswith(f"{versions_url}1.1/changelog/#erratum-")
    listed = page.locator(".md-version__link").all_inner_texts()
    assert listed == ["dev (unreleased)", "1.1latest", "1.0"]  # the alias beside its version
    page.locator(".md-version").hover()
    with page.expect_navigation():
        page.locator(".md-version__link", has_text="1.1").click()
    assert page.url == f"{versions_url}1.1/derivative/"
    page.locator(".md-version__current").wait_for()
    assert page.locator(".md-version__current").inner_text() == "1.1latest"  # and its alias
    assert banner(page) is None  # the latest release
    assert page.locator("div.corrections").is_hidden()  # corrected in this very version
    assert "A sentence added in release 1.1." in page.locator("article").inner_text()
    assert errors == []


def test_dev_is_marked_as_unreleased(reader, versions_url):
    page, errors = reader
    page.goto(f"{versions_url}dev/derivative/")
    page.locator("[data-md-component=outdated] aside").wait_for()
    assert "development version" in banner(page)
    assert errors == []


def test_the_citation_gets_the_readers_access_date(reader, versions_url):
    page, errors = reader
    page.goto(f"{versions_url}1.1/derivative/")
    today = page.evaluate("() => new Date().toLocaleDateString('sv')")  # YYYY-MM-DD
    info = page.locator("aside.page-info")
    assert info.locator("[data-access-date]").first.text_content() == today
    bibtex = info.locator('code[data-citation-format="BibTeX"]').text_content()
    assert f"urldate      = {{{today}}}" in bibtex and "YYYY" not in bibtex
    ris = info.locator('code[data-citation-format="RIS"]').text_content()
    assert f"Y2  - {today.replace('-', '/')}" in ris
    apa = info.locator('code[data-citation-format="APA"]').text_content()
    assert re.search(r"Retrieved [A-Z][a-z]+ \d{1,2}, \d{4}, from https://", apa)
    download = info.locator("a[data-citation-download]").first.get_attribute("href")
    assert urllib.parse.unquote(download.partition(",")[2]) == bibtex
    assert errors == []
