"""The reference's content: no myths repeated, no hand-typed results, citations, anchors."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import urllib.parse
from pathlib import Path

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup

from sigmoid_core.website.plugin.citations import Bibliography, last_updated
from sigmoid_core.website.plugin.placeholders import CODE, PLACEHOLDER, names_used
from sigmoid_core.website.plugin.versions import project_version
from sigmoid_core.website.tools import site_pages

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "overrides" not in p.parts)
MYTHS_PAGE = DOCS / "myths.md"
BIBLIOGRAPHY = Bibliography(DOCS / "bibliography.yml")

# Each myth as a pattern that a sentence stating it would match.
MYTHS = {
    "derivative range (0, 1)": r"derivative[^.]{0,60}(?:between|in|range)[^.]{0,12}0 and [01]\b",
    "sigma(1) = 0.7315": r"0\.7315",
    "exploding gradients": r"sigmoid[^.]{0,60}causes?[^.]{0,20}exploding",
    "only self-expressing function": r"only (?:activation )?function whose derivative",
    "trigonometric": r"sigmoid[^.]{0,40}(?:is|are) a (?:type of )?trigonometric",
    "dropped square": r"\\sigma'\(x\) = e\^\{-x\}/\(1 \+ e\^\{-x\}\)(?!\^)",
    "zero-centred output": r"(?<!not )(?<!non-)\bzero-cent(?:red|ered) outputs?"
    r"|outputs? (?:is|are) zero-cent(?:red|ered)",
}


def prose(path: Path) -> str:
    """A page's Markdown without front matter, code blocks, inline code and placeholders."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)
    text = CODE.sub("", text)
    return PLACEHOLDER.sub("", text)


@pytest.mark.parametrize(
    "page", [p for p in PAGES if p != MYTHS_PAGE], ids=lambda p: p.relative_to(DOCS).as_posix()
)
def test_no_page_repeats_a_myth_as_fact(page):
    text = " ".join(prose(page).split())
    for myth, pattern in MYTHS.items():
        assert not re.search(pattern, text, re.IGNORECASE), f"{page.name} states: {myth}"


MYTH_STATEMENTS = {
    "derivative range (0, 1)": "The derivative of the sigmoid ranges between 0 and 1.",
    "sigma(1) = 0.7315": "So sigma(1) = 0.7315.",
    "exploding gradients": "The sigmoid function causes exploding gradients.",
    "only self-expressing function": "It is the only function whose derivative is itself.",
    "trigonometric": "The sigmoid is a type of trigonometric function.",
    "dropped square": "so $\\sigma'(x) = e^{-x}/(1 + e^{-x})$ follows.",
    "zero-centred output": "Its zero-centred output helps training.",
}


@pytest.mark.parametrize("myth", list(MYTHS))
def test_each_myth_pattern_catches_a_statement_of_it(myth):
    assert re.search(MYTHS[myth], MYTH_STATEMENTS[myth], re.IGNORECASE)


def test_myth_patterns_leave_corrections_alone():
    corrections = (
        "outputs that are not zero-centred output",
        "non-zero-centred output",
        "its output is not zero-centred",
        "$\\sigma'(x) = e^{-x}/(1 + e^{-x})^{2}$",
    )
    for text in corrections:
        assert not any(re.search(p, text, re.IGNORECASE) for p in MYTHS.values()), text


def test_the_myths_page_states_and_corrects_every_myth():
    """Each myth is quoted in a "Claim" box, which its pattern recognises, and corrected."""
    source = MYTHS_PAGE.read_text(encoding="utf-8")
    claims = re.findall(r'^!!! failure "Claim"\n((?:    .*\n)+)', source, re.M)
    assert len(claims) == len(MYTHS), "one Claim box per myth"
    for myth, pattern in MYTHS.items():
        quoted = [
            claim for claim in claims if re.search(pattern, " ".join(claim.split()), re.IGNORECASE)
        ]
        assert quoted, f"no Claim box states the myth: {myth}"
    assert source.count("**Correction.**") == len(MYTHS)


#: A decimal number typed in prose: what a hand-typed result would look like.
TYPED_DECIMAL = re.compile(r"(?<![\w.\\])\d+\.\d+(?![\w.])")

# Decimal numbers that pages may type because they are inputs or constants, not results.
ALLOWED_DECIMALS = {
    ("applications.md", "1.702"): "GELU approximation constant from Hendrycks & Gimpel",
    ("myths.md", "0.7315"): "the myth being corrected",
    ("myths.md", "0.367"): "the truncated e^-1 that produced the myth",
}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_every_decimal_a_page_states_is_computed_by_the_core(page):
    """A result typed by hand would be a decimal in the source: all must be placeholders."""
    typed = TYPED_DECIMAL.findall(prose(page))
    unexpected = [n for n in typed if (page.name, n) not in ALLOWED_DECIMALS]
    assert not unexpected, f"{page.name} types these numbers by hand: {unexpected}"


def test_the_decimal_finder_finds_typed_results(tmp_path):
    sample = tmp_path / "sample.md"
    sample.write_text("sigma(1) is about 0.7311, see {{ value:sigmoid_at_1 }} and `0.5`.\n")
    assert TYPED_DECIMAL.findall(prose(sample)) == ["0.7311"]


def cited_keys() -> set[str]:
    keys = set()
    for page in PAGES:
        for kind, name in names_used(page.read_text(encoding="utf-8")):
            if kind == "cite":
                keys.update(name.split(","))
    return keys


def test_every_bibliography_entry_is_cited_and_every_citation_resolves():
    bibliography = BIBLIOGRAPHY.entries
    cited = cited_keys()
    assert cited - set(bibliography) == set(), "citations without an entry"
    assert set(bibliography) - cited == set(), "entries cited nowhere"


def test_bibliography_entries_are_complete():
    for key, entry in BIBLIOGRAPHY.entries.items():
        assert {"short", "year", "citation", "supports"} <= set(entry), key
        assert str(entry["year"]) in entry["citation"] or "documentation" in entry["short"], key
        if "url" in entry:
            assert entry["url"].startswith("https://"), key


def test_documentation_is_cited_by_version_with_the_date_it_was_read():
    """Documentation moves: a citation of it names a versioned page and when it was read."""
    documentation = {k: e for k, e in BIBLIOGRAPHY.entries.items() if "documentation" in e["short"]}
    assert len(documentation) >= 5
    for key, entry in documentation.items():
        assert re.search(r"read on \d{4}-\d{2}-\d{2}", entry["citation"], re.IGNORECASE), key
        assert not re.search(r"/(stable|latest|main|master)/", entry["url"]), key
        assert re.search(r"[/-]v?r?\d+\.\d+", entry["url"]), f"{key}: no version in the URL"


def test_citations_link_to_their_entries(site):
    references = BeautifulSoup((site / "references" / "index.html").read_text(), "html.parser")
    anchors = {p["id"] for p in references.select("p.reference[id]")}
    assert anchors == {f"ref-{key}" for key in BIBLIOGRAPHY.entries}
    links = 0
    for page in site_pages(site):
        for a in BeautifulSoup(page.read_text(), "html.parser").select('a[href*="#ref-"]'):
            assert a["href"].split("#")[1] in anchors
            links += 1
    assert links >= len(anchors)


def test_every_displayed_equation_is_numbered_with_a_permanent_anchor(site):
    numbered = 0
    for page in site_pages(site):
        document = BeautifulSoup(page.read_text(), "html.parser")
        for display in document.select(".katex-display"):
            if display.find_parent(class_="jupyter-wrapper"):
                continue
            equation = display.find_parent("div", class_="equation")
            assert equation is not None and equation["id"].startswith("eq-"), page
            number = equation.select_one(f'.equation-number > a[href="#{equation["id"]}"]')
            assert number is not None, f"{page}: the number links to its anchor"
            numbered += 1
    assert numbered >= 40


def test_every_page_shows_its_version_dates_and_a_citation_in_four_formats(site, site_origin):
    """The session's build is the development version (release pages: test_versions.py)."""
    for page in site_pages(site):
        if page.name == "404.html":
            continue
        document = BeautifulSoup(page.read_text(), "html.parser")
        info = document.select_one("aside.page-info")
        assert info is not None, page
        assert f"unreleased changes after {project_version(ROOT)}" in info.get_text()
        dt.date.fromisoformat(info.select_one("time")["datetime"])
        heading = document.select_one("article h1")
        for permalink in heading.select("a.headerlink"):
            permalink.decompose()
        title = heading.get_text(strip=True)
        url = site_origin + page.relative_to(site).parent.as_posix().removeprefix(".") + "/"
        url = url.replace("//", "/").replace(":/", "://")
        formats = {
            code["data-citation-format"]: code.get_text()
            for code in info.select("code[data-citation-format]")
        }
        assert list(formats) == ["BibTeX", "BibLaTeX", "APA", "RIS"], page
        bibtex = formats["BibTeX"]
        assert f"title        = {{{title}}}" in bibtex, page
        assert f"url          = {{{url}}}" in bibtex and "urldate      = {" in bibtex, page
        assert f"TI  - {title}" in formats["RIS"] and f"UR  - {url}" in formats["RIS"]
        assert f"{title} (Development version)" in formats["APA"]
        for link, text in zip(
            info.select("a[data-citation-download]"), formats.values(), strict=True
        ):
            media, _, data = link["href"].partition(",")
            assert media.startswith("data:") and urllib.parse.unquote(data) == text
            assert link["download"].endswith((".bib", ".ris", ".txt"))


def test_the_cite_page_cites_the_whole_site(site, site_origin):
    document = BeautifulSoup((site / "cite" / "index.html").read_text(), "html.parser")
    whole = document.select_one("section.site-citation")
    bibtex = whole.select_one('code[data-citation-format="BibTeX"]').get_text()
    assert "title    = {The Sigmoid Reference}" in bibtex
    assert f"url      = {{{site_origin}}}" in bibtex and "howpublished" not in bibtex


def test_last_updated_falls_back_when_a_file_has_no_history(tmp_path, monkeypatch):
    untracked = ROOT / "docs" / "never-committed.md"  # inside the repository, no history
    newest = dt.date.fromisoformat(
        subprocess.run(
            ["git", "log", "-1", "--format=%cs"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    assert last_updated(untracked, ROOT) == newest
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # tmp_path: not a repository
    assert last_updated(tmp_path / "new.md", tmp_path) == dt.date(2023, 11, 14)


CFF_SCHEMA = json.loads(
    (ROOT / "tests" / "data" / "citation-file-format-1.2.0.schema.json").read_text(encoding="utf-8")
)


def test_citation_cff_is_valid_with_both_licences_and_the_codes_version():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    jsonschema.validate(citation, CFF_SCHEMA)
    assert citation["version"] == project_version(ROOT)
    assert citation["license"] == ["MIT", "CC-BY-4.0"]


def test_the_site_publishes_a_completed_citation_cff(site, site_origin):
    published = yaml.safe_load((site / "CITATION.cff").read_text(encoding="utf-8"))
    jsonschema.validate(published, CFF_SCHEMA)
    assert published["url"] == site_origin
    assert published["version"] == f"{project_version(ROOT)}+dev"  # not a release
    assert published["license"] == ["MIT", "CC-BY-4.0"]


def test_every_nav_page_exists_and_every_page_is_in_the_nav():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    in_nav = set(re.findall(r":\s+([\w/-]+\.(?:md|ipynb))\s*$", config, re.MULTILINE))
    on_disk = {p.relative_to(DOCS).as_posix() for p in [*PAGES, *DOCS.rglob("*.ipynb")]}
    assert in_nav == on_disk
