"""Citations both ways: ``{{ cite:KEY }}`` links to the bibliography, and every page ends
with its version, last-updated date and a "Cite this page" block (BibTeX and APA)."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import subprocess
from dataclasses import dataclass
from importlib.metadata import version as installed_version
from pathlib import Path

import yaml

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


def site_version() -> str:
    return installed_version("sigmoid-core")


def last_updated(path: Path, repository: Path) -> dt.date:
    """Date of the last commit touching ``path``.

    Falls back to the newest commit's date (shallow clones and uncommitted files have no
    history of their own), then to SOURCE_DATE_EPOCH, then to today.
    """
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


@dataclass(frozen=True)
class PageCitation:
    """What the "Cite this page" block shows (rendered by partials/page-citation.html)."""

    title: str
    url: str
    updated: dt.date
    version: str
    slug: str

    @property
    def bibtex(self) -> str:
        return (
            f"@misc{{sigmoidref_{self.slug.replace('-', '_')},\n"
            f"  author       = {{{{{SITE_AUTHOR}}}}},\n"
            f"  title        = {{{self.title}}},\n"
            f"  howpublished = {{The Sigmoid Reference, version {self.version}}},\n"
            f"  year         = {{{self.updated.year}}},\n"
            f"  url          = {{{self.url}}},\n"
            f"  note         = {{Last updated {self.updated.isoformat()}}}\n"
            f"}}"
        )

    @property
    def apa_author_date(self) -> str:
        """The APA reference up to the title, which the template sets in italics."""
        updated = self.updated
        return f"{SITE_AUTHOR}. ({updated.year}, {updated.strftime('%B')} {updated.day})."


def page_slug(src_uri: str) -> str:
    """The BibTeX key suffix of a page: its source path without extension, 'home' for the
    home page."""
    slug = posixpath.splitext(src_uri)[0].replace("/", "-")
    return "home" if slug == "index" else slug
