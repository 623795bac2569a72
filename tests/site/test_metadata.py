"""Citation metadata in every page's <head>, read back as reference managers read it.

Each page's head says, for machines, what its "Cite this page" block says for readers:
Highwire Press ``citation_*`` tags (Google Scholar, Zotero), Dublin Core, one schema.org
JSON-LD ``TechArticle`` and Open Graph. :func:`check_citation_metadata` reads them with
extruct (JSON-LD, Open Graph, Dublin Core) and, since extruct does not read Highwire
tags, those (and ``prism.edition``) with BeautifulSoup: no maintained library reads them
(metadata_parser only lists ``<meta>`` tags by name, and pins an older BeautifulSoup).
Every value is checked against what the page itself shows.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any
from urllib.parse import urljoin, urlparse

import extruct
import pytest
from bs4 import BeautifulSoup, Tag

from sigmoid_core.website.plugin import metadata
from sigmoid_core.website.plugin.citations import (
    LANGUAGE,
    LICENCE_URL,
    SITE_AUTHOR,
    SITE_TITLE,
    PageCitation,
)
from sigmoid_core.website.plugin.versions import SiteVersion
from sigmoid_core.website.tools import page_paths

RELEASE = SiteVersion(
    name="1.0",
    package_version="1.0",
    released=dt.date(2026, 11, 26),
    url="https://example.org/sigmoid/1.0/",
    root_url="https://example.org/sigmoid/",
    source_ref="v1.0",
)
DEV = SiteVersion(
    name="dev",
    package_version="1.0",
    released=None,
    url="https://example.org/sigmoid/dev/",
    root_url="https://example.org/sigmoid/",
    source_ref="0123456789abcdef0123456789abcdef01234567",
)
UPDATED = dt.date(2026, 10, 2)
DESCRIPTION = "The derivative σ'(x) = σ(x)(1 − σ(x)), derived & checked."

HIGHWIRE = {
    "citation_title",
    "citation_author",
    "citation_publication_date",
    "citation_online_date",
    "citation_public_url",
    "citation_language",
}
DUBLIN_CORE = {
    "DC.title",
    "DC.creator",
    "DC.date",
    "DC.identifier",
    "DC.language",
    "DC.rights",
    "DC.publisher",
    "DC.type",
    "DC.format",
    "DCTERMS.modified",
    "DCTERMS.isPartOf",
    "DCTERMS.license",
}
OPEN_GRAPH = {
    "og:title",
    "og:type",
    "og:url",
    "og:description",
    "og:site_name",
    "og:locale",
    "article:published_time",
    "article:modified_time",
}
#: The one tag that carries a release's version (see metadata.VERSION_TAG).
VERSION_TAG = "prism.edition"


def page_citation(site: SiteVersion, title: str = "The derivative of the sigmoid") -> PageCitation:
    return PageCitation(
        title=title, url=site.url + "derivative/", updated=UPDATED, site=site, slug="derivative"
    )


def rendered(head: metadata.HeadMetadata) -> str:
    """The head as docs/overrides/main.html writes it, in a minimal page."""
    links = "".join(f'<link rel="{rel}" href="{href}">' for rel, href in head.links)
    tags = "".join(
        f'<meta {attribute}="{key}" content="{_escape(content)}">'
        for attribute, key, content in head.meta
    )
    script = f'<script type="application/ld+json">{head.json_ld}</script>'
    return f"<!doctype html><html><head>{links}{tags}{script}</head><body></body></html>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def tags(head: metadata.HeadMetadata) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for _, key, content in head.meta:
        found.setdefault(key, []).append(content)
    return found


# ---------------------------------------------------------------- metadata.py on its own


def test_a_release_page_carries_its_version_and_release_date():
    head = metadata.head(page_citation(RELEASE), DESCRIPTION, rights="CC BY 4.0")
    found = tags(head)
    assert set(found) == HIGHWIRE | DUBLIN_CORE | OPEN_GRAPH | {VERSION_TAG}
    assert all(len(values) == 1 for values in found.values()), found
    url = "https://example.org/sigmoid/1.0/derivative/"
    assert (
        found["citation_title"]
        == found["DC.title"]
        == found["og:title"]
        == ["The derivative of the sigmoid"]
    )
    assert found["citation_author"] == found["DC.creator"] == [SITE_AUTHOR]
    # Scholar's date format; the release's date, not the page's last change
    assert found["citation_publication_date"] == found["citation_online_date"] == ["2026/11/26"]
    assert found["DC.date"] == found["article:published_time"] == ["2026-11-26"]
    assert found["DCTERMS.modified"] == found["article:modified_time"] == ["2026-10-02"]
    assert found["citation_public_url"] == found["DC.identifier"] == found["og:url"] == [url]
    assert found[VERSION_TAG] == ["1.0"]
    assert found["DCTERMS.isPartOf"] == ["https://example.org/sigmoid/1.0/"]
    assert found["DCTERMS.license"] == [LICENCE_URL]
    assert found["DC.rights"] == ["CC BY 4.0"]
    assert found["og:description"] == [DESCRIPTION]
    assert found["og:type"] == ["article"]
    assert found["og:site_name"] == [SITE_TITLE]
    assert found["citation_language"] == found["DC.language"] == [LANGUAGE]
    assert json.loads(head.json_ld) == {
        "@context": "https://schema.org",
        "@type": "TechArticle",
        "headline": "The derivative of the sigmoid",
        "name": "The derivative of the sigmoid",
        "description": DESCRIPTION,
        "author": {"@type": "Organization", "name": SITE_AUTHOR},
        "version": "1.0",
        "license": LICENCE_URL,
        "datePublished": "2026-11-26",
        "dateModified": "2026-10-02",
        "inLanguage": LANGUAGE,
        "url": url,
        "isPartOf": {
            "@type": "WebSite",
            "name": SITE_TITLE,
            "url": "https://example.org/sigmoid/1.0/",
        },
    }


def test_the_development_version_has_no_version_and_is_dated_by_its_last_change():
    head = metadata.head(page_citation(DEV), DESCRIPTION, rights=None)
    found = tags(head)
    assert set(found) == (HIGHWIRE | DUBLIN_CORE | OPEN_GRAPH) - {"DC.rights"}
    assert found["citation_publication_date"] == found["citation_online_date"] == ["2026/10/02"]
    assert found["DC.date"] == found["DCTERMS.modified"] == ["2026-10-02"]
    data = json.loads(head.json_ld)
    assert "version" not in data
    assert data["datePublished"] == data["dateModified"] == "2026-10-02"
    assert data["isPartOf"]["url"] == "https://example.org/sigmoid/dev/"


def test_meta_tags_use_the_attribute_their_vocabulary_reads():
    head = metadata.head(page_citation(RELEASE), DESCRIPTION, rights=None)
    for attribute, key, _ in head.meta:
        assert attribute == ("property" if key.startswith(("og:", "article:")) else "name"), key
    assert dict(head.links) == {
        "schema.DC": "http://purl.org/dc/elements/1.1/",
        "schema.DCTERMS": "http://purl.org/dc/terms/",
    }


def test_json_ld_cannot_close_its_script_element():
    title = "</script><script>alert(1)</script> <!-- x"
    head = metadata.head(page_citation(RELEASE, title=title), DESCRIPTION, rights=None)
    assert "</" not in head.json_ld and "<!--" not in head.json_ld
    assert json.loads(head.json_ld)["headline"] == title
    (item,) = extruct.extract(rendered(head), syntaxes=["json-ld"])["json-ld"]
    assert item["headline"] == title


def test_every_url_is_under_the_sites_own_root():
    """No host is written into metadata.py: every URL but the licence and the
    vocabularies' own comes from the site's URL."""
    for site in (RELEASE, DEV):
        head = metadata.head(page_citation(site), DESCRIPTION, rights=None)
        vocabularies = {LICENCE_URL, "https://schema.org", *dict(head.links).values()}
        urls = [value for value in _strings(json.loads(head.json_ld)) if "://" in value]
        urls += [content for _, _, content in head.meta if "://" in content]
        assert urls
        for url in urls:
            assert url in vocabularies or url.startswith(site.url), url


def _strings(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [text for value in data.values() for text in _strings(value)]
    return [data] if isinstance(data, str) else []


def test_extruct_reads_what_metadata_writes():
    html = rendered(metadata.head(page_citation(RELEASE), DESCRIPTION, rights="CC BY 4.0"))
    data = extruct.extract(html, syntaxes=["opengraph", "dublincore"])
    (graph,) = data["opengraph"]
    assert dict(graph["properties"])["og:description"] == DESCRIPTION
    (dublin_core,) = data["dublincore"]
    assert dublin_core["namespaces"] == {
        "DC": "http://purl.org/dc/elements/1.1/",
        "DCTERMS": "http://purl.org/dc/terms/",
    }
    terms = {term["name"]: term["content"] for term in dublin_core["terms"]}
    assert terms["DCTERMS.isPartOf"] == RELEASE.url


# ---------------------------------------------------------------- the built site


def _text(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").split())


def _shown(document: BeautifulSoup) -> dict[str, Any]:
    """What the page shows a reader: its title, cite-block URL, dates, version, and so on."""
    heading = document.select_one("article h1")
    assert heading is not None, "no h1"
    for permalink in heading.select("a.headerlink"):
        permalink.decompose()
    info = document.select_one("aside.page-info")
    assert info is not None, "no aside.page-info"
    link = info.select_one(".citation a")
    assert link is not None, "no URL in the cite block"
    url = str(link["href"])
    times = [dt.date.fromisoformat(str(time["datetime"])) for time in info.select("time")]
    edition = re.match(r"Version (\S+), released", _text(info.select_one("p") or info))
    ris = info.select_one('code[data-citation-format="RIS"]')
    assert ris is not None, "no RIS in the cite block"
    authors = re.findall(r"^AU  - (.+)$", ris.get_text(), flags=re.MULTILINE)
    description = document.select_one('meta[name="description"]')
    logo = document.select_one("a.md-logo")
    copyright_ = document.select_one(".md-copyright__highlight")
    assert description is not None and logo is not None and copyright_ is not None
    assert document.html is not None
    return {
        "title": _text(heading),
        "url": url,
        # A release shows its release date, then the page's last change; dev only the latter.
        "published": times[0],
        "updated": times[-1],
        "version": edition.group(1) if edition else None,
        "authors": authors,
        "description": str(description["content"]),
        "language": str(document.html["lang"]),
        "site_name": str(logo["title"]),
        "root": urljoin(url, str(logo["href"])),
        "rights": _text(copyright_),
    }


def _once(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Name -> value, asserting that no name is given twice."""
    names = [name for name, _ in pairs]
    repeated = sorted({name for name in names if names.count(name) > 1})
    assert not repeated, f"given more than once: {repeated}"
    return dict(pairs)


def check_citation_metadata(html: str) -> dict[str, Any]:
    """Check one built page's head metadata against the page, and return what was read:
    ``{"json-ld": {...}, "opengraph": {...}, "dublincore": {...}, "highwire": {...}}``.

    Works for release pages (which carry a version) and development pages (which do not).
    """
    document = BeautifulSoup(html, "html.parser")
    page = _shown(document)
    head = document.head
    assert head is not None
    published, updated = page["published"].isoformat(), page["updated"].isoformat()
    url, root = page["url"], page["root"]
    assert len(page["authors"]) == 1, page["authors"]
    (author,) = page["authors"]
    # Every URL lies under this version's root, which the page's URL is under: a site built
    # for a public URL cannot leak another host (a loopback one) into its metadata.
    assert url.startswith(root) and urlparse(root).path.endswith("/"), (url, root)

    # Highwire Press (and PRISM's edition) with BeautifulSoup: extruct does not read them.
    highwire = _once(
        [
            (str(tag["name"]), str(tag["content"]))
            for tag in head.select("meta[name]")
            if str(tag["name"]).startswith(("citation_", "prism."))
        ]
    )
    expected_names = HIGHWIRE | ({VERSION_TAG} if page["version"] else set())
    assert set(highwire) == expected_names, set(highwire) ^ expected_names
    slashed = page["published"].strftime("%Y/%m/%d")
    assert highwire == {
        "citation_title": page["title"],
        "citation_author": author,
        "citation_publication_date": slashed,
        "citation_online_date": slashed,
        "citation_public_url": url,
        "citation_language": page["language"],
        **({VERSION_TAG: page["version"]} if page["version"] else {}),
    }

    data = extruct.extract(html, syntaxes=["json-ld", "opengraph", "dublincore"])

    (dublin_core,) = data["dublincore"]
    assert dublin_core["namespaces"] == {
        "DC": "http://purl.org/dc/elements/1.1/",
        "DCTERMS": "http://purl.org/dc/terms/",
    }
    dc = _once(
        [
            (item["name"], item["content"])
            for item in dublin_core["elements"] + dublin_core["terms"]
            if item.get("name", "").startswith(("DC.", "DCTERMS."))
        ]
    )
    assert dc == {
        "DC.title": page["title"],
        "DC.creator": author,
        "DC.date": published,
        "DC.identifier": url,
        "DC.language": page["language"],
        "DC.rights": page["rights"],
        "DC.publisher": author,
        "DC.type": metadata.DC_TYPE,
        "DC.format": "text/html",
        "DCTERMS.modified": updated,
        "DCTERMS.isPartOf": root,
        "DCTERMS.license": LICENCE_URL,
    }

    (graph,) = data["opengraph"]
    og = _once(graph["properties"])
    assert og == {
        "og:title": page["title"],
        "og:type": "article",
        "og:url": url,
        "og:description": page["description"],
        "og:site_name": page["site_name"],
        "og:locale": page["language"],
        "article:published_time": published,
        "article:modified_time": updated,
    }

    (json_ld,) = data["json-ld"]
    expected_json_ld = {
        "@context": "https://schema.org",
        "@type": "TechArticle",
        "headline": page["title"],
        "name": page["title"],
        "description": page["description"],
        "author": {"@type": "Organization", "name": author},
        "license": dc["DCTERMS.license"],
        "datePublished": published,
        "dateModified": updated,
        "inLanguage": page["language"],
        "url": url,
        "isPartOf": {"@type": "WebSite", "name": page["site_name"], "url": root},
    }
    if page["version"]:
        expected_json_ld["version"] = page["version"]
    assert json_ld == expected_json_ld
    return {"json-ld": json_ld, "opengraph": og, "dublincore": dc, "highwire": highwire}


def test_every_page_carries_the_citation_metadata_it_shows(site):
    paths = page_paths(site)
    assert len(paths) > 10
    failures = {}
    for path in paths:
        try:
            found = check_citation_metadata((site / path / "index.html").read_text("utf-8"))
        except AssertionError as error:
            failures[path or "/"] = str(error)[:500]
            continue
        assert found["highwire"].keys() == HIGHWIRE  # the session's build is dev: no version
    assert not failures, failures


def test_the_check_fails_on_metadata_that_contradicts_the_page(site):
    html = (site / "derivative" / "index.html").read_text("utf-8")
    check_citation_metadata(html)
    document = BeautifulSoup(html, "html.parser")
    shown = _shown(BeautifulSoup(html, "html.parser"))
    for selector in (
        'meta[name="citation_title"]',
        'meta[name="DC.identifier"]',
        'meta[property="article:modified_time"]',
    ):
        tag = document.select_one(selector)
        assert tag is not None, selector
        original = tag["content"]
        tag["content"] = "1999-01-01"
        with pytest.raises(AssertionError):
            check_citation_metadata(str(document))
        tag["content"] = original
    # a version the page does not show
    version = document.new_tag("meta", attrs={"name": VERSION_TAG, "content": "9.9"})
    assert document.head is not None
    document.head.append(version)
    with pytest.raises(AssertionError):
        check_citation_metadata(str(document))
    assert shown["version"] is None
