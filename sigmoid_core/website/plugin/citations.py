"""Citations both ways: ``{{ cite:KEY }}`` links to the bibliography, and every page ends
with its version, last-updated date and a "Cite this page" block (BibTeX and APA)."""

from __future__ import annotations

import datetime as dt
import functools
import os
import posixpath
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from sigmoid_core.website.plugin.versions import SiteVersion

SITE_AUTHOR = "The Sigmoid Reference contributors"


class Bibliography:
    """The entries of a bibliography file (YAML, one mapping per key)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, dict[str, str]] = yaml.safe_load(path.read_text(encoding="utf-8"))

    def cite(self, keys: str, references_url: str) -> str:
        """``{{ cite:KEY[,KEY] }}``: "(Author, year; …)", each linked to its entry."""
        links = []
        for key in keys.split(","):
            if key not in self.entries:
                raise KeyError(f"unknown citation {key!r}; add it to {self.path.name}")
            entry = self.entries[key]
            links.append(f"[{entry['short']}, {entry['year']}]({references_url}#ref-{key})")
        return "(" + "; ".join(links) + ")"

    def markdown(self) -> str:
        """The references list: one paragraph per entry, anchored at #ref-KEY."""
        paragraphs = []
        for key, entry in sorted(
            self.entries.items(), key=lambda item: (item[1]["short"].lower(), item[1]["year"])
        ):
            link = f" <{entry['url']}>" if entry.get("url") else ""
            paragraphs.append(f"{entry['citation']}{link}\n{{ #ref-{key} .reference }}")
        return "\n\n".join(paragraphs)


def relative_link(target: str, page_src_uri: str) -> str:
    """A Markdown link target to docs file ``target`` from the page at ``page_src_uri``."""
    return posixpath.relpath(target, posixpath.dirname(page_src_uri) or ".")


class ShallowHistoryError(RuntimeError):
    """A shallow clone: every page would seem last changed at its cut-off commit."""


@functools.cache
def is_shallow(repository: Path) -> bool:
    result = subprocess.run(
        ["git", "rev-parse", "--is-shallow-repository"],
        cwd=repository,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip() == "true"


def last_updated(path: Path, repository: Path) -> dt.date:
    """Date of the last commit touching ``path``.

    A shallow clone raises :class:`ShallowHistoryError` rather than print a wrong date.
    An uncommitted file gets the newest commit's date; outside a repository,
    SOURCE_DATE_EPOCH's, then today's.
    """
    if is_shallow(repository):
        raise ShallowHistoryError(
            f"{repository} is a shallow clone: fetch its full history (`git fetch "
            "--unshallow`, or actions/checkout with fetch-depth: 0) so that pages show "
            "when they last changed"
        )
    for arguments in (["--", str(path)], []):
        try:
            stamp = subprocess.run(
                ["git", "log", "-1", "--format=%cs", *arguments],
                cwd=repository,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            stamp = ""
        if stamp:
            return dt.date.fromisoformat(stamp)
    if epoch := os.environ.get("SOURCE_DATE_EPOCH"):
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


#: What a citation shows where the reader's access date goes: the browser fills it in
#: (docs/javascripts/citation.js); without JavaScript the placeholder stays.
ACCESS_DATE = "YYYY-MM-DD"
SITE_TITLE = "The Sigmoid Reference"
LANGUAGE = "en"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def _apa_date(day: dt.date) -> str:
    return f"{day.year}, {day.strftime('%B')} {day.day}"


@dataclass(frozen=True)
class PageCitation:
    """One page of one version of the site, as a reference manager records it.

    Rendered as the "Cite this page" block (partials/page-citation.html) and as the
    metadata in the page's head. The site as a whole is the citation of its home page
    with :attr:`whole_site` set.
    """

    title: str
    #: The page's URL in this version: permanent for a release.
    url: str
    #: The page's last change (its source file's last commit).
    updated: dt.date
    site: SiteVersion
    slug: str
    whole_site: bool = False

    @property
    def version(self) -> str | None:
        """The release's version; None for the development version, which has none."""
        return self.site.name if self.site.is_release else None

    @property
    def published(self) -> dt.date:
        """The date of this text: a release's date, or the page's last change for dev."""
        return self.site.released or self.updated

    @property
    def key(self) -> str:
        """The BibTeX key: unique per page and version."""
        version = (self.version or "dev").replace(".", "_")
        return f"sigmoidref_{self.slug.replace('-', '_')}_{version}"

    @property
    def container(self) -> str | None:
        """What the page is part of (None when citing the site itself)."""
        return None if self.whole_site else SITE_TITLE

    def _bib_fields(self, biblatex: bool) -> list[tuple[str, str]]:
        fields = [("author", f"{{{SITE_AUTHOR}}}"), ("title", self.title)]
        if self.container:
            fields.append(("organization" if biblatex else "howpublished", self.container))
        if self.version:
            fields.append(("version", self.version))
        if biblatex:
            fields.append(("date", self.published.isoformat()))
        else:
            month = self.published.strftime("%b").lower()  # BibTeX's macro: jan … dec
            fields += [("year", str(self.published.year)), ("month", month)]
        fields += [
            ("url", self.url),
            ("urldate", ACCESS_DATE),
            ("langid" if biblatex else "language", "english"),
        ]
        if not biblatex:
            fields.append(("note", self._note()))
        return fields

    def _note(self) -> str:
        edition = f"Version {self.version}" if self.version else "Development version"
        return f"{edition}; last changed {self.updated.isoformat()}; accessed {ACCESS_DATE}"

    def _bib(self, kind: str, biblatex: bool) -> str:
        width = max(len(name) for name, _ in self._bib_fields(biblatex))
        lines = [
            f"  {name:<{width}} = " + (value if name == "month" else f"{{{value}}}")
            for name, value in self._bib_fields(biblatex)
        ]
        return f"@{kind}{{{self.key},\n" + ",\n".join(lines) + "\n}"

    @property
    def bibtex(self) -> str:
        """BibTeX (@misc): ``version`` and ``urldate`` for styles that read them (natbib's
        and biblatex's), and the same facts in ``note`` for those that do not."""
        return self._bib("misc", biblatex=False)

    @property
    def biblatex(self) -> str:
        return self._bib("online", biblatex=True)

    @property
    def apa(self) -> str:
        """APA 7: a page that changes over time gets its retrieval date."""
        version = f" (Version {self.version})" if self.version else " (Development version)"
        container = f" {self.container}." if self.container else ""
        return (
            f"{SITE_AUTHOR}. ({_apa_date(self.published)}). {self.title}{version}.{container} "
            f"Retrieved {ACCESS_DATE}, from {self.url}"
        )

    @property
    def ris(self) -> str:
        """RIS (the tags Zotero, EndNote and Mendeley read): ELEC, access date in Y2."""
        day = self.published
        lines = [
            ("TY", "ELEC"),
            ("AU", SITE_AUTHOR),
            ("TI", self.title),
            *([("T2", self.container)] if self.container else []),
            *([("ET", self.version)] if self.version else []),
            ("PY", str(day.year)),
            ("DA", day.strftime("%Y/%m/%d")),
            ("UR", self.url),
            ("Y2", ACCESS_DATE),
            ("LA", LANGUAGE),
            ("N1", self._note()),
            ("ER", ""),
        ]
        return "\n".join(f"{tag}  - {value}".rstrip() for tag, value in lines) + "\n"

    def formats(self) -> list[tuple[str, str, str, str]]:
        """(label, text, file name, media type) of each format the block offers."""
        name = f"{self.slug}-{self.version or 'dev'}"
        return [
            ("BibTeX", self.bibtex, f"{name}.bib", "application/x-bibtex"),
            ("BibLaTeX", self.biblatex, f"{name}-biblatex.bib", "application/x-bibtex"),
            ("APA", self.apa, f"{name}-apa.txt", "text/plain"),
            ("RIS", self.ris, f"{name}.ris", "application/x-research-info-systems"),
        ]


def page_slug(src_uri: str) -> str:
    """The BibTeX key suffix of a page: its source path without extension, 'home' for the
    home page."""
    slug = posixpath.splitext(src_uri)[0].replace("/", "-")
    return "home" if slug == "index" else slug


def citation_file(committed: str, site: SiteVersion, repository_url: str | None) -> str:
    """The repository's CITATION.cff as this version of the site publishes it: with the
    version's URL, the repository's, and for a release its version and date."""
    fields = yaml.safe_load(committed)
    fields["url"] = site.url
    if repository_url:
        fields["repository-code"] = repository_url
    if site.released:
        fields["version"] = site.name
        fields["date-released"] = site.released.isoformat()
    else:
        fields["version"] = f"{site.package_version}+dev"
        fields.pop("date-released", None)
    return yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=88)
