"""Permanent versions: two releases and dev on a scratch repository, as the Pages workflow
makes them (scripts/versions.py with mike) and as `make versions` previews them."""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup

#: A loopback URL, except where the contributing page's prose names `make serve`'s address.
LOOPBACK = re.compile(rb"(?<!<code>)https?://(127\.0\.0\.1|localhost|\[::1\])[:/]")


def page(released, path: str) -> BeautifulSoup:
    return BeautifulSoup((released.served / path).read_text(encoding="utf-8"), "html.parser")


def test_releasing_the_second_version_leaves_every_file_of_the_first_unchanged(released):
    first = {
        name: data for name, data in released.snapshots["1.0"].items() if name.startswith("1.0/")
    }
    assert len(first) > 100 and "1.0/derivative/index.html" in first
    for later in (
        released.snapshots["1.1"],
        {n: (released.served / n).read_bytes() for n in first},
    ):
        assert {name: later.get(name) for name in first} == first
    assert not any(
        name.startswith("1.0/") and name not in first for name in released.snapshots["1.1"]
    )


def test_versions_json_lists_every_release_and_dev(released):
    listed = json.loads((released.served / "versions.json").read_text())
    assert [entry["version"] for entry in listed] == ["dev", "1.1", "1.0"]
    aliases = {entry["version"]: entry["aliases"] for entry in listed}
    assert aliases == {"dev": [], "1.1": ["latest"], "1.0": []}
    assert "dev" in next(e["title"] for e in listed if e["version"] == "dev")


def test_latest_and_the_root_redirect_to_the_newest_release(released):
    redirect = (released.served / "latest" / "derivative" / "index.html").read_text()
    assert 'href="../../1.1/derivative/"' in redirect
    assert "latest/" in (released.served / "index.html").read_text()


def test_a_release_page_cites_its_permanent_url_version_and_dates(released):
    for version, date in released.RELEASES.items():
        document = page(released, f"{version}/derivative/index.html")
        info = document.select_one("aside.page-info")
        text = info.get_text(" ", strip=True)
        assert f"Version {version}, released {date}" in text
        url = f"{released.PUBLIC_URL}{version}/derivative/"
        assert info.select_one(".citation a")["href"] == url
        bibtex = info.select_one('code[data-citation-format="BibTeX"]').get_text()
        assert f"version      = {{{version}}}" in bibtex and f"url          = {{{url}}}" in bibtex
        assert "urldate      = {YYYY-MM-DD}" in bibtex  # the browser fills in the day
        ris = info.select_one('code[data-citation-format="RIS"]').get_text()
        assert f"ET  - {version}" in ris and f"UR  - {url}" in ris
        source = info.select_one("a.page-source")["href"]
        assert (
            source == f"https://github.com/{released.REPOSITORY}/blob/v{version}/docs/derivative.md"
        )
        assert document.select_one('link[rel="canonical"]')["href"] == url
        header = document.select_one("a.md-source")
        assert header["href"] == f"https://github.com/{released.REPOSITORY}"
        assert header.get_text(strip=True) == released.REPOSITORY
        assert not header.has_attr("data-md-component")  # no calls to GitHub's API


def test_the_dev_version_says_it_is_not_a_release(released):
    info = page(released, "dev/derivative/index.html").select_one("aside.page-info")
    text = info.get_text(" ", strip=True)
    assert "Development version" in text and not re.search(r"released \d", text)
    assert "version      =" not in info.select_one('code[data-citation-format="BibTeX"]').get_text()


def test_no_page_of_any_version_names_a_loopback_address(released):
    """SITE_URL was set: canonical links, citations, sitemaps and notebooks all use it."""
    for path in released.served.rglob("*"):
        if path.suffix in {".html", ".xml", ".json", ".ipynb", ".js", ".txt", ".cff"}:
            found = LOOPBACK.search(path.read_bytes())
            assert found is None, f"{path.relative_to(released.served)}: {found.group()!r}"


def test_a_deploy_refuses_what_would_break_a_release(released):
    without_url = {k: v for k, v in released.env.items() if k != "SITE_URL"}
    refused = released.versions("deploy", "dev", env=without_url)
    assert refused.returncode != 0 and "SITE_URL" in refused.stderr
    again = released.versions("deploy", "1.0")
    assert again.returncode != 0 and "already released" in again.stderr
    wrong = released.versions("deploy", "1.2")
    assert wrong.returncode != 0 and "pyproject.toml says 1.1" in wrong.stderr


def test_a_release_is_refused_unless_the_commit_is_tagged_and_clean(released):
    (released.repository / "docs" / "index.md").write_text("changed\n", encoding="utf-8")
    try:
        refused = released.versions("release")
        assert refused.returncode != 0 and "uncommitted" in refused.stderr
    finally:
        released.git("checkout", "--", "docs/index.md")
    no_remote = released.versions("release")
    assert no_remote.returncode != 0 and "v1.1 is ready" in no_remote.stderr


def test_every_release_page_carries_its_citation_metadata(released):
    """The head of each page of each release, read as reference managers read it."""
    from test_metadata import check_citation_metadata  # this folder's module

    for version in released.RELEASES:
        pages = sorted((released.served / version).rglob("index.html"))
        assert len(pages) > 30
        for path in pages:
            found = check_citation_metadata(path.read_text(encoding="utf-8"))
            assert found["json-ld"]["version"] == version, path
            assert found["json-ld"]["url"].startswith(f"{released.PUBLIC_URL}{version}/")
