"""The citation formats of one page, for a release and for the development version."""

from __future__ import annotations

import datetime as dt

from sigmoid_core.website.plugin.citations import ACCESS_DATE, PageCitation
from sigmoid_core.website.plugin.versions import SiteVersion

ROOT_URL = "https://example.org/sigmoid/"
RELEASE = SiteVersion("1.0", "1.0", dt.date(2026, 11, 26), f"{ROOT_URL}1.0/", ROOT_URL, "v1.0")
DEV = SiteVersion("dev", "1.0", None, f"{ROOT_URL}dev/", ROOT_URL, "0" * 40)


def cite(site: SiteVersion) -> PageCitation:
    return PageCitation(
        "The derivative", f"{site.url}derivative/", dt.date(2026, 11, 20), site, "derivative"
    )


def test_a_release_is_cited_with_its_version_its_date_and_the_readers_access_date():
    citation = cite(RELEASE)
    bibtex = citation.bibtex
    assert "version      = {1.0}" in bibtex and "month        = nov," in bibtex
    assert f"urldate      = {{{ACCESS_DATE}}}" in bibtex and "year         = {2026}" in bibtex
    assert "version      = {1.0}" in citation.biblatex
    assert "date         = {2026-11-26}" in citation.biblatex
    assert "(2026, November 26). The derivative (Version 1.0). The Sigmoid Reference." in (
        citation.apa
    )
    assert f"Retrieved {ACCESS_DATE}, from {ROOT_URL}1.0/derivative/" in citation.apa
    ris = citation.ris.splitlines()
    assert ris[0] == "TY  - ELEC" and ris[-1] == "ER  -" and "ET  - 1.0" in ris
    assert f"Y2  - {ACCESS_DATE}" in ris and "DA  - 2026/11/26" in ris
    assert [name for _, _, name, _ in citation.formats()] == [
        "derivative-1.0.bib",
        "derivative-1.0-biblatex.bib",
        "derivative-1.0-apa.txt",
        "derivative-1.0.ris",
    ]


def test_the_development_version_has_no_version_and_is_dated_by_its_last_change():
    citation = cite(DEV)
    assert citation.version is None and citation.published == dt.date(2026, 11, 20)
    assert "version " not in citation.bibtex and "ET  -" not in citation.ris
    assert "(Development version)" in citation.apa and citation.key.endswith("_dev")
