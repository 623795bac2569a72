"""The changelog and its errata, from ``docs/changelog.yml``.

The data file is the only hand-written part: each release's version, a one-line summary
and its changes, across the site and page by page; and the errata, every corrected
statement with what the page said, what it says now and the release that corrected it.
The build adds what can be computed:

- ``{{ changelog:releases }}`` and ``{{ changelog:errata }}`` on the changelog page, with
  each release's date from its git tag (:func:`.versions.release_date`) and every page
  named by a relative Markdown link, so that MkDocs checks each link and anchor;
- ``errata.json`` at the version's root: each erratum's page URL, the version that fixed
  it, a summary and its anchor on the changelog page. A release's pages are never
  rebuilt; ``docs/javascripts/corrections.js`` reads the latest release's file to tell a
  reader of an older release which statements of the page were corrected since.

A page named in the data that the site does not have fails the build, naming the entry,
and so does an erratum fixed in a release the changelog does not list.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_markdown_title

from sigmoid_core.website.plugin import placeholders
from sigmoid_core.website.plugin.citations import relative_link
from sigmoid_core.website.plugin.versions import SiteVersion, tag_name

#: The placeholder kind, and its two names.
KIND = "changelog"
RELEASES = "releases"
ERRATA = "errata"
#: Written at the root of every version of the site.
ERRATA_FILE = "errata.json"


class ChangelogError(PluginError):
    """The data file is malformed or names what the site does not have: the build stops
    with this message."""


def version_key(version: str) -> tuple[int, ...]:
    """Versions compare numerically, part by part: "1.10" gives (1, 10)."""
    if not re.fullmatch(r"\d+(\.\d+)*", version):
        raise ChangelogError(f"version {version!r} is not numbers separated by dots")
    parts = [int(part) for part in version.split(".")]
    while len(parts) > 1 and parts[-1] == 0:  # 1.0 == 1
        parts.pop()
    return tuple(parts)


def slug(text: str) -> str:
    """Lower-case ASCII words joined by "-": "¼" gives "1-4", "σ" gives "sigma"."""
    spelt = []
    for character in unicodedata.normalize("NFKD", text):
        if character.isascii():
            spelt.append(character.lower())
        elif unicodedata.category(character).startswith("L"):  # a Greek letter: its name
            spelt.append(f" {unicodedata.name(character, ' ').split()[-1].lower()} ")
        else:
            spelt.append(" ")
    return re.sub(r"[^a-z0-9]+", "-", "".join(spelt)).strip("-")


def release_anchor(version: str) -> str:
    return "version-" + slug(version)


@dataclass(frozen=True)
class Release:
    version: str
    summary: str
    #: Changes that concern the whole site rather than one page.
    site: tuple[str, ...]
    #: (docs source path, what changed there), in the data's order.
    pages: tuple[tuple[str, str], ...]
    #: The publication date typed in the data, for a release that has no tag.
    published: dt.date | None


@dataclass(frozen=True)
class Erratum:
    #: The docs source path of the page where the corrected statement now is.
    page: str
    #: A few words naming the statement: the erratum's heading and summary.
    title: str
    old: str
    new: str
    fixed_in: str
    #: The anchor on ``page`` where the statement now is, if any.
    anchor: str | None
    #: The page where the old statement was, if the statement moved.
    moved_from: str | None

    @property
    def id(self) -> str:
        """The erratum's anchor on the changelog page."""
        return "erratum-" + slug(self.title)

    @property
    def pages(self) -> tuple[str, ...]:
        return (self.page, self.moved_from) if self.moved_from else (self.page,)


def _text(entry: Mapping[str, Any], key: str, where: str, required: bool = True) -> str | None:
    value = entry.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ChangelogError(f"{where}: `{key}` must be a non-empty string (quote versions)")
    return " ".join(value.split())


def _fields(entry: Any, where: str, allowed: set[str]) -> Mapping[str, Any]:
    if not isinstance(entry, dict):
        raise ChangelogError(f"{where} must be a mapping")
    if unknown := set(entry) - allowed:
        raise ChangelogError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    return entry


def parse(data: Any, source: str = "changelog.yml") -> tuple[list[Release], list[Erratum]]:
    """Releases and errata from the data file's content; :class:`ChangelogError` names
    the entry at fault."""
    data = _fields(data, source, {"releases", "errata"})
    releases = []
    for index, entry in enumerate(data.get("releases") or []):
        where = f"{source}: release #{index + 1}"
        entry = _fields(entry, where, {"version", "summary", "site", "pages", "published"})
        version = _text(entry, "version", where)
        assert version is not None
        where = f"{source}: release {version}"
        version_key(version)
        pages = entry.get("pages") or {}
        site = entry.get("site") or []
        if not isinstance(pages, dict) or not isinstance(site, list):
            raise ChangelogError(f"{where}: `pages` maps pages to text, `site` is a list")
        published = entry.get("published")
        if published is not None and not isinstance(published, dt.date):
            raise ChangelogError(f"{where}: `published` must be a date (YYYY-MM-DD)")
        releases.append(
            Release(
                version,
                str(_text(entry, "summary", where)),
                tuple(str(_text({"site": item}, "site", where)) for item in site),
                tuple(
                    (str(page), str(_text({"change": text}, "change", f"{where}, {page}")))
                    for page, text in pages.items()
                ),
                published,
            )
        )
    if not releases:
        raise ChangelogError(f"{source}: no releases")
    keys = [version_key(r.version) for r in releases]
    if any(newer <= older for newer, older in zip(keys, keys[1:], strict=False)):
        raise ChangelogError(f"{source}: releases must be listed newest first, each once")

    listed = {version_key(r.version) for r in releases}
    errata = []
    for index, entry in enumerate(data.get("errata") or []):
        where = f"{source}: erratum #{index + 1}"
        fields = {"page", "title", "old", "new", "fixed_in", "anchor", "moved_from"}
        entry = _fields(entry, where, fields)
        erratum = Erratum(
            page=str(_text(entry, "page", where)),
            title=str(_text(entry, "title", where)),
            old=str(_text(entry, "old", where)),
            new=str(_text(entry, "new", where)),
            fixed_in=str(_text(entry, "fixed_in", where)),
            anchor=_text(entry, "anchor", where, required=False),
            moved_from=_text(entry, "moved_from", where, required=False),
        )
        where = f"{source}: erratum {erratum.title!r}"
        if version_key(erratum.fixed_in) not in listed:
            raise ChangelogError(
                f"{where}: fixed_in {erratum.fixed_in!r} is not a release of the changelog"
            )
        if not slug(erratum.title):
            raise ChangelogError(f"{where}: the title needs letters or digits (its anchor)")
        errata.append(erratum)
    fixed = [version_key(e.fixed_in) for e in errata]
    if any(newer < older for newer, older in zip(fixed, fixed[1:], strict=False)):
        raise ChangelogError(f"{source}: errata must be listed newest fixed_in first")
    ids = [e.id for e in errata]
    if duplicates := sorted({i for i in ids if ids.count(i) > 1}):
        raise ChangelogError(f"{source}: two errata have the anchor {duplicates[0]}")
    return releases, errata


def nav_titles(nav: Any) -> dict[str, str]:
    """Docs source path -> its title in mkdocs.yml's nav."""
    titles: dict[str, str] = {}
    for item in nav if isinstance(nav, list) else []:
        if not isinstance(item, dict):
            continue
        for title, target in item.items():
            if isinstance(target, str):
                titles[target] = title
            else:
                titles.update(nav_titles(target))
    return titles


class Changelog:
    """``{{ changelog:releases }}``, ``{{ changelog:errata }}`` and errata.json."""

    def __init__(
        self,
        path: Path,
        site_version: SiteVersion,
        release_date: Callable[[str], dt.date | None],
    ) -> None:
        self.path = path
        self.site_version = site_version
        self.release_date = release_date
        self.titles: dict[str, str] = {}
        self.urls: dict[str, str] = {}
        self._parsed: tuple[list[Release], list[Erratum]] | None = None

    @property
    def parsed(self) -> tuple[list[Release], list[Erratum]]:
        if self._parsed is None:
            if not self.path.is_file():
                raise ChangelogError(f"{self.path}: no such file (the changelog's data)")
            text = self.path.read_text(encoding="utf-8")
            self._parsed = parse(yaml.safe_load(text), self.path.name)
        return self._parsed

    # ------------------------------------------------------------ the build's files

    def add_files(self, files: Files, config: MkDocsConfig) -> None:
        """For a site with a changelog page: check every page the data names, and add
        errata.json. A site without one (a test's one-page site) is left alone."""
        using = [
            file
            for file in files.documentation_pages()
            if any(kind == KIND for kind, _ in placeholders.names_used(file.content_string))
        ]
        if not using:
            return
        pages = {file.src_uri: file for file in files.documentation_pages()}
        releases, errata = self.parsed
        if self.site_version.is_release and self.site_version.name not in {
            r.version for r in releases
        }:
            raise ChangelogError(
                f"{self.path.name}: release {self.site_version.name} is not in the changelog; "
                "add what it changed before releasing it"
            )
        named = [(f"release {r.version}", page) for r in releases for page, _ in r.pages]
        named += [(f"erratum {e.title!r}", page) for e in errata for page in e.pages]
        for where, page in named:
            if page not in pages:
                raise ChangelogError(
                    f"{self.path.name}: {where} names the page {page!r}, which the site does "
                    "not have (pages are docs source paths, such as derivative.md)"
                )
        titles = nav_titles(config.nav)
        for src, file in pages.items():
            self.titles[src] = titles.get(src) or _title_of(file) or src
            self.urls[src] = "" if file.url in (".", "./") else file.url  # as page.url
        changelog = next(
            (f for f in using if (KIND, ERRATA) in placeholders.names_used(f.content_string)),
            using[0],
        )
        files.append(
            File.generated(
                config, ERRATA_FILE, content=self.errata_json(self.urls[changelog.src_uri])
            )
        )

    def errata_json(self, changelog_url: str) -> str:
        """What corrections.js reads: every erratum, with site-relative URLs."""
        _, errata = self.parsed
        document = {
            "version": self.site_version.name,
            "changelog": changelog_url,
            "errata": [
                {
                    "page": self.urls[e.page],
                    "pages": [self.urls[page] for page in e.pages],
                    "fixed_in": e.fixed_in,
                    "summary": e.title,
                    "anchor": e.id,
                    "url": f"{changelog_url}#{e.id}",
                }
                for e in errata
            ],
        }
        return json.dumps(document, ensure_ascii=False, indent=1) + "\n"

    # ------------------------------------------------------------ the page

    def markdown(self, name: str, page_src_uri: str) -> str:
        if name == RELEASES:
            return self.releases_markdown(page_src_uri)
        if name == ERRATA:
            return self.errata_markdown(page_src_uri)
        raise KeyError(f"unknown changelog {name!r} (known: {RELEASES}, {ERRATA})")

    def _link(self, page: str, page_src_uri: str, anchor: str | None = None) -> str:
        target = relative_link(page, page_src_uri) + (f"#{anchor}" if anchor else "")
        return f"[{_escape(self.titles.get(page, page))}]({target})"

    def _date(self, release: Release) -> str:
        tagged = self.release_date(release.version)
        if release.version == self.site_version.name and self.site_version.released:
            tagged = self.site_version.released  # this build is that release: its tag's date
        if tagged is not None:
            tag = tag_name(release.version)
            return f"Released {tagged.isoformat()} (the date of the tag {tag})."
        if release.published is not None:
            return (
                f"Published {release.published.isoformat()}, before releases were tagged "
                "and kept at their own address."
            )
        return "Unreleased: the development version's changes so far."

    def releases_markdown(self, page_src_uri: str) -> str:
        releases, errata = self.parsed
        sections = []
        for release in releases:
            lines = [
                f"## Version {release.version} {{#{release_anchor(release.version)}}}",
                "",
                f"*{self._date(release)}* {release.summary}",
                "",
            ]
            fixed = [e for e in errata if version_key(e.fixed_in) == version_key(release.version)]
            if release.site:
                lines += ["Across the site:", ""]
                lines += [f"- {text}" for text in release.site]
                lines.append("")
            if release.pages:
                lines += ["Page by page:", ""]
                lines += [
                    f"- {self._link(page, page_src_uri)}: {text}" for page, text in release.pages
                ]
                lines.append("")
            if fixed:
                lines.append(f"Statements corrected: {len(fixed)}, listed under [errata](#errata).")
            sections.append("\n".join(lines).rstrip())
        return "\n\n".join(sections)

    def errata_markdown(self, page_src_uri: str) -> str:
        _, errata = self.parsed
        entries = []
        for e in errata:
            where = self._link(e.page, page_src_uri, e.anchor)
            if e.moved_from:
                where += f" (it was on {self._link(e.moved_from, page_src_uri)})"
            version = f"[version {e.fixed_in}](#{release_anchor(e.fixed_in)})"
            entries.append(
                f"### {_escape(e.title)} {{#{e.id}}}\n\n"
                f"{where}, corrected in {version}.\n\n"
                f"**Said:** {e.old}\n\n"
                f"**Says now:** {e.new}"
            )
        return "\n\n".join(entries)


def _escape(text: str) -> str:
    """Plain text in Markdown link text or a heading: no markup characters."""
    return re.sub(r"([\\`*_\[\]<>#])", r"\\\1", text)


def _title_of(file: File) -> str | None:
    """A page's first heading, for a page the nav does not name."""
    if file.src_uri.endswith(".md"):
        return get_markdown_title(file.content_string)
    return None
