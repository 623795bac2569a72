"""Every page's citation in its ``<head>``, for the programs that read it there.

The "Cite this page" block tells readers how to cite a page; reference managers,
Google Scholar and link previews read the head instead. This module says the same facts,
all taken from the page's :class:`~.citations.PageCitation`, in the vocabularies they
read: Highwire Press ``citation_*`` tags (Google Scholar, and Zotero's "Embedded
Metadata" translator), Dublin Core, one schema.org JSON-LD block, and Open Graph.
Each fact is given once per vocabulary, no more: every tag counts towards the pages'
element budget.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, NamedTuple

from sigmoid_core.website.plugin.citations import (
    LANGUAGE,
    LICENCE_URL,
    SITE_AUTHOR,
    SITE_TITLE,
    PageCitation,
)

#: The namespaces the ``DC.`` and ``DCTERMS.`` prefixes stand for (``<link rel="schema.DC">``).
DC_SCHEMAS = (
    ("schema.DC", "http://purl.org/dc/elements/1.1/"),
    ("schema.DCTERMS", "http://purl.org/dc/terms/"),
)

#: A page's DC.type. Not DCMI's "Text": Zotero reads a ``DC.type`` of "Text" as a guess of
#: "journal article", and the Highwire tags already make it guess that; "webpage" (a Zotero
#: item type, and a PRISM resource type it maps) makes it file a web page, as the cite
#: block's RIS (TY ELEC) does.
DC_TYPE = "webpage"

#: The release's version. Highwire has no version tag: Google Scholar's guidelines list
#: none, and Zotero's Embedded Metadata translator reads no ``citation_*`` tag for it (its
#: Highwire mapping has none). Zotero does read PRISM's ``prism.edition`` (through its RDF
#: translator, into the item's edition or version field), and Scholar lists PRISM among
#: the vocabularies it reads, so the version goes there rather than into an invented
#: ``citation_version`` that nothing reads.
VERSION_TAG = "prism.edition"


class Meta(NamedTuple):
    """One ``<meta {attribute}="{key}" content="{content}">``."""

    #: "property" for Open Graph (which extruct and Facebook read from it), else "name".
    attribute: str
    key: str
    content: str


@dataclass(frozen=True)
class HeadMetadata:
    """What docs/overrides/main.html writes into a page's head."""

    #: (rel, href) of the ``<link>`` elements that declare the Dublin Core prefixes.
    links: tuple[tuple[str, str], ...]
    meta: tuple[Meta, ...]
    #: The JSON-LD object, safe to write as is inside ``<script type="application/ld+json">``.
    json_ld: str


def _highwire_date(day: dt.date) -> str:
    """The date format Google Scholar's inclusion guidelines ask for: 2026/11/26."""
    return day.strftime("%Y/%m/%d")


def _named(pairs: list[tuple[str, str]]) -> list[Meta]:
    return [
        Meta("property" if key.startswith(("og:", "article:")) else "name", key, content)
        for key, content in pairs
    ]


def json_for_script(data: Any) -> str:
    """JSON that an HTML parser cannot end early: every "<" is escaped, so neither
    ``</script>`` nor ``<!--`` can occur in it, and it still parses to the same data."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def json_ld(citation: PageCitation, description: str) -> dict[str, Any]:
    """The page as a schema.org TechArticle, part of the WebSite of its version.

    Every page, the home page included, is a TechArticle: each is cited as a page by its
    own cite block (with its own title, dates and URL); the site as a whole is the
    ``isPartOf`` WebSite, described once rather than as a second object on one page.
    """
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "TechArticle",
        "headline": citation.title,
        "name": citation.title,
        "description": description,
        "author": {"@type": "Organization", "name": SITE_AUTHOR},
    }
    if citation.version:
        data["version"] = citation.version
    data |= {
        "license": LICENCE_URL,
        "datePublished": citation.published.isoformat(),
        "dateModified": citation.updated.isoformat(),
        "inLanguage": LANGUAGE,
        "url": citation.url,
        "isPartOf": {"@type": "WebSite", "name": SITE_TITLE, "url": citation.site.url},
    }
    return data


def head(citation: PageCitation, description: str, rights: str | None) -> HeadMetadata:
    """The head metadata of the page ``citation`` cites; ``description`` is the page's
    (its front matter's), ``rights`` the site's copyright statement (none if None)."""
    published, updated = citation.published.isoformat(), citation.updated.isoformat()
    highwire = [
        ("citation_title", citation.title),
        ("citation_author", SITE_AUTHOR),
        # A release's text went online on its release date; dev's on its last change.
        ("citation_publication_date", _highwire_date(citation.published)),
        ("citation_online_date", _highwire_date(citation.published)),
        ("citation_public_url", citation.url),
        ("citation_language", LANGUAGE),
    ]
    if citation.version:
        highwire.append((VERSION_TAG, citation.version))
    dublin_core = [
        ("DC.title", citation.title),
        ("DC.creator", SITE_AUTHOR),
        ("DC.date", published),
        ("DC.identifier", citation.url),
        ("DC.language", LANGUAGE),
        *([("DC.rights", rights)] if rights else []),
        ("DC.publisher", SITE_AUTHOR),
        ("DC.type", DC_TYPE),
        ("DC.format", "text/html"),
        ("DCTERMS.modified", updated),
        ("DCTERMS.isPartOf", citation.site.url),
        ("DCTERMS.license", LICENCE_URL),
    ]
    open_graph = [
        ("og:title", citation.title),
        ("og:type", "article"),
        ("og:url", citation.url),
        ("og:description", description),
        ("og:site_name", SITE_TITLE),
        ("og:locale", LANGUAGE),
        ("article:published_time", published),
        ("article:modified_time", updated),
    ]
    return HeadMetadata(
        links=DC_SCHEMAS,
        meta=tuple(_named(highwire + dublin_core + open_graph)),
        json_ld=json_for_script(json_ld(citation, description)),
    )
