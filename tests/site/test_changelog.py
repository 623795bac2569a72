"""The changelog and errata: docs/changelog.yml validates against the site, the built
page shows every erratum, errata.json says the same, and a release's pages carry what
javascripts/corrections.js needs (tests/browser/test_corrections.py runs the script)."""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File

from sigmoid_core.website.plugin import changelog, versions

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
DATA = DOCS / "changelog.yml"


def parsed() -> tuple[list[changelog.Release], list[changelog.Erratum]]:
    return changelog.parse(yaml.safe_load(DATA.read_text(encoding="utf-8")))


def url_of(src: str) -> str:
    """A docs source path's URL on the site, as MkDocs makes it (a notebook is a page)."""
    page = src.removesuffix(".ipynb") + ".md" if src.endswith(".ipynb") else src
    return File(page, None, "", use_directory_urls=True).url


def words(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- the data


def test_every_page_the_changelog_names_exists_and_every_fix_is_a_listed_release():
    releases, errata = parsed()
    named = {page for r in releases for page, _ in r.pages}
    named |= {page for e in errata for page in e.pages}
    missing = sorted(page for page in named if not (DOCS / page).is_file())
    assert not missing, f"changelog.yml names pages that do not exist: {missing}"
    listed = {r.version for r in releases}
    assert {e.fixed_in for e in errata} <= listed
    assert errata, "the errata start with the mathematics review's corrections"


def test_release_dates_are_typed_only_for_the_untagged_first_publication():
    releases, _ = parsed()
    typed = {r.version: r.published for r in releases if r.published is not None}
    assert typed == {"0.1.0": dt.date(2026, 11, 23)}
    assert "# Never tagged" in DATA.read_text(encoding="utf-8")  # the comment saying why


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {
                "releases": [{"version": "1.0", "summary": "s"}],
                "errata": [
                    {"page": "a.md", "title": "t", "old": "o", "new": "n", "fixed_in": "1.1"}
                ],
            },
            r"erratum 't': fixed_in '1\.1' is not a release of the changelog",
        ),
        (
            {"releases": [{"version": "1.0", "summary": "s"}, {"version": "1.1", "summary": "s"}]},
            "newest first",
        ),
        ({"releases": [{"version": 1.0, "summary": "s"}]}, r"`version` must be a non-empty string"),
        ({"releases": [{"version": "1.0", "summary": "s", "date": "x"}]}, "unknown field"),
        (
            {
                "releases": [{"version": "1.0", "summary": "s"}],
                "errata": [
                    {"page": "a.md", "title": "T!", "old": "o", "new": "n", "fixed_in": "1.0"},
                    {"page": "b.md", "title": "t", "old": "o", "new": "n", "fixed_in": "1.0"},
                ],
            },
            "two errata have the anchor erratum-t",
        ),
    ],
)
def test_malformed_data_is_refused_naming_the_entry(data, message):
    with pytest.raises(changelog.ChangelogError, match=message):
        changelog.parse(data)


def test_versions_compare_numerically_part_by_part():
    assert changelog.version_key("1.10") > changelog.version_key("1.9")
    assert changelog.version_key("1.0") == changelog.version_key("1")
    assert changelog.version_key("0.1.0") < changelog.version_key("1.0")
    with pytest.raises(changelog.ChangelogError):
        changelog.version_key("dev")


def test_anchors_spell_symbols_out():
    assert changelog.slug("Large weights can offset the factor ¼") == (
        "large-weights-can-offset-the-factor-1-4"
    )
    assert changelog.slug("The origin of Φ(x) ≈ σ(1.702x)") == "the-origin-of-phi-x-sigma-1-702x"


# ---------------------------------------------------------------- tiny builds


def changelog_project(folder: Path, data: str) -> Path:
    """A two-page site with the plugin: a changelog page and derivative.md."""
    docs, data_dir = folder / "docs", folder / "data"
    docs.mkdir(parents=True)
    data_dir.mkdir()
    (data_dir / "changelog.yml").write_text(textwrap.dedent(data), encoding="utf-8")
    (docs / "index.md").write_text(
        "---\ndescription: d\n---\n# Changelog\n\n{{ changelog:releases }}\n\n"
        "## Errata\n\n{{ changelog:errata }}\n",
        encoding="utf-8",
    )
    (docs / "derivative.md").write_text(
        "---\ndescription: d\n---\n# The derivative\n\n## The range\n\nText.\n", encoding="utf-8"
    )
    config = folder / "mkdocs.yml"
    config.write_text(
        "site_name: t\n"
        f"docs_dir: {docs}\n"
        f"site_dir: {folder / 'site'}\n"
        "nav: [{Changelog: index.md}, {The derivative: derivative.md}]\n"
        "theme: {name: material, custom_dir: " + str(DOCS / "overrides") + "}\n"
        "plugins:\n"
        "  - sigmoid:\n"
        f"      bibliography: {DOCS / 'bibliography.yml'}\n"
        f"      data_dir: {data_dir}\n"
        f"      changelog: {data_dir / 'changelog.yml'}\n"
        f"      node_modules: {ROOT / 'node_modules'}\n"
        f"      math_renderer: {ROOT / 'scripts' / 'render_math.mjs'}\n"
        f"      cache_dir: {folder / 'cache'}\n"
        "markdown_extensions:\n  - attr_list\n  - md_in_html\n  - toc\n",
        encoding="utf-8",
    )
    return config


TWO_RELEASES = """\
    releases:
      - version: "1.1"
        summary: Corrections.
        pages:
          derivative.md: The range corrected.
      - version: "1.0"
        summary: First.
    errata:
      - page: derivative.md
        anchor: the-range
        title: The range of σ′
        old: σ′ takes values in (0, 1).
        new: σ′ takes values in (0, ¼].
        fixed_in: "1.1"
    """


def test_a_page_the_site_does_not_have_fails_the_build_naming_it(tmp_path, caplog):
    data = TWO_RELEASES.replace("derivative.md: The range", "derivatives.md: The range")
    with pytest.raises(Abort):
        build(load_config(str(changelog_project(tmp_path, data))))
    assert re.search(
        r"changelog\.yml: release 1\.1 names the page 'derivatives\.md', which the site "
        r"does not have",
        caplog.text,
    ), caplog.text


def release_build(monkeypatch, name: str) -> None:
    """Make the next build the release ``name``, as mike would on its tagged commit."""

    def current(site_url: str, package_version: str, repository: Path) -> versions.SiteVersion:
        root = "http://example.org/"
        return versions.SiteVersion(
            name, name, dt.date(2031, 2, 3), f"{root}{name}/", root, versions.tag_name(name)
        )

    monkeypatch.setattr(versions, "current", current)


def test_a_release_missing_from_the_changelog_fails_its_build(tmp_path, monkeypatch, caplog):
    release_build(monkeypatch, "1.2")
    with pytest.raises(Abort):
        build(load_config(str(changelog_project(tmp_path, TWO_RELEASES))))
    assert "release 1.2 is not in the changelog" in caplog.text, caplog.text


def test_a_release_page_carries_its_version_and_the_site_its_errata(tmp_path, monkeypatch):
    release_build(monkeypatch, "1.1")
    build(load_config(str(changelog_project(tmp_path, TWO_RELEASES))))
    site = tmp_path / "site"
    page = BeautifulSoup((site / "derivative" / "index.html").read_text(), "html.parser")
    box = page.select_one("div.corrections")
    assert box is not None and box.has_attr("hidden") and box["role"] == "note"
    assert (box["data-version"], box["data-page"], box["data-version-root"]) == (
        "1.1",
        "derivative/",
        "..",
    )
    errata = json.loads((site / "errata.json").read_text(encoding="utf-8"))
    assert errata == {
        "version": "1.1",
        "changelog": "",
        "errata": [
            {
                "page": "derivative/",
                "pages": ["derivative/"],
                "fixed_in": "1.1",
                "summary": "The range of σ′",
                "anchor": "erratum-the-range-of-sigma",
                "url": "#erratum-the-range-of-sigma",
            }
        ],
    }
    text = words(BeautifulSoup((site / "index.html").read_text(), "html.parser").get_text(" "))
    assert "Released 2031-02-03 (the date of the tag v1.1)." in text  # the build's own
    assert "Version 1.0 Unreleased" in text  # no tag v1.0 in this folder


def test_the_development_version_has_no_corrections_element(site):
    page = (site / "derivative" / "index.html").read_text(encoding="utf-8")
    assert 'class="corrections"' not in page  # the session builds the development version
    assert "javascripts/corrections.js" in page


# ---------------------------------------------------------------- the built site


def erratum_blocks(site: Path) -> dict[str, str]:
    """Each erratum's anchor on the changelog page -> its heading and text."""
    page = BeautifulSoup((site / "changelog" / "index.html").read_text(), "html.parser")
    blocks = {}
    for heading in page.select("h3[id^=erratum-]"):
        parts = [heading.get_text(" ")]
        for sibling in heading.find_next_siblings():
            if isinstance(sibling, Tag) and sibling.name in ("h2", "h3"):
                break
            parts.append(sibling.get_text(" "))
        blocks[heading["id"]] = words(" ".join(parts).replace("¶", ""))
    return blocks


def test_the_changelog_page_shows_each_erratum_with_old_new_and_version(site):
    _, errata = parsed()
    blocks = erratum_blocks(site)
    assert list(blocks) == [e.id for e in errata]
    for e in errata:
        block = blocks[e.id]
        assert f"Said: {words(e.old)}" in block, block
        assert f"Says now: {words(e.new)}" in block, block
        assert f"corrected in version {e.fixed_in}" in block, block


def test_the_changelog_page_links_each_page_and_release(site):
    releases, errata = parsed()
    html = (site / "changelog" / "index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    assert page.select_one("h2#errata") is not None
    assert [h["id"] for h in page.select("h2[id^=version-]")] == [
        changelog.release_anchor(r.version) for r in releases
    ]
    for e in errata:
        heading = page.select_one(f"h3#{e.id}")
        assert heading is not None
        links = [
            urljoin("changelog/", a["href"])
            for a in heading.find_next_sibling("p").select("a[href]")
        ]
        target = url_of(e.page) + (f"#{e.anchor}" if e.anchor else "")
        assert target in links, (e.title, links)
        assert f"changelog/#{changelog.release_anchor(e.fixed_in)}" in links
    text = words(page.get_text(" "))
    assert "Published 2026-11-23" in text  # 0.1.0, never tagged


def test_errata_json_matches_the_data(site):
    _, errata = parsed()
    document = json.loads((site / "errata.json").read_text(encoding="utf-8"))
    assert document["version"] == "dev"
    assert document["changelog"] == "changelog/"
    assert document["errata"] == [
        {
            "page": url_of(e.page),
            "pages": [url_of(page) for page in e.pages],
            "fixed_in": e.fixed_in,
            "summary": e.title,
            "anchor": e.id,
            "url": f"changelog/#{e.id}",
        }
        for e in errata
    ]
    for entry in document["errata"]:  # every page it names was built, every anchor exists
        assert all((site / page / "index.html").is_file() for page in entry["pages"])
    assert set(erratum_blocks(site)) == {entry["anchor"] for entry in document["errata"]}
