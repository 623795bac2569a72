"""Which version of the site a build is, and where it lives.

Released versions are built by mike (``scripts/versions.py``), which sets
``MIKE_DOCS_VERSION`` for the build and serves each version under its own prefix forever
(``/1.0/derivative/``). A build is a *release* when that variable names the package's
version and the commit is tagged ``v<version>`` with nothing uncommitted; any other build
(``make build``, ``make serve``, mike's ``dev``) is the development version, whose pages
change and which is not a citable edition.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

#: Set by mike for each build it makes: the version's name, which is its URL prefix.
MIKE_VERSION = "MIKE_DOCS_VERSION"
#: The name of the development version (unreleased work from main).
DEV = "dev"
#: The alias that always names the newest release.
LATEST = "latest"


class ReleaseError(ValueError):
    """A build asked to be a release that its commit is not."""


@dataclass(frozen=True)
class SiteVersion:
    """The version of the site one build makes."""

    #: "1.0" for a release, "dev" otherwise.
    name: str
    #: The package version the build's code carries (the release it is, or follows).
    package_version: str
    #: The release's date (its tag's), None for the development version.
    released: dt.date | None
    #: This version's root URL, ending in "/" (the site's root unless built by mike).
    url: str
    #: The root of the whole versioned site, where versions.json is.
    root_url: str
    #: The git tag of a release, the commit of anything else: source links point there.
    source_ref: str

    @property
    def is_release(self) -> bool:
        return self.released is not None

    @property
    def label(self) -> str:
        """How pages name it: "1.0", or "dev (after 1.0)"."""
        return self.name if self.is_release else f"{DEV} (after {self.package_version})"


def _git(repository: Path, *arguments: str) -> str:
    """Output of a git command, "" if git or the repository is missing."""
    try:
        return subprocess.run(
            ["git", *arguments], cwd=repository, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def project_version(repository: Path) -> str:
    """The version of the code being built: its pyproject.toml's (an installed copy's
    metadata can be older), or the installed package's for a project without one."""
    pyproject = repository / "pyproject.toml"
    if pyproject.is_file():
        with pyproject.open("rb") as file:
            return str(tomllib.load(file)["project"]["version"])
    return importlib.metadata.version("sigmoid-core")


def workflow_repository() -> tuple[str, str] | None:
    """The URL and the name ("owner/name") of the repository a GitHub Actions workflow
    runs in: never hard-coded."""
    server, name = os.environ.get("GITHUB_SERVER_URL"), os.environ.get("GITHUB_REPOSITORY")
    return (f"{server}/{name}", name) if server and name else None


def tag_name(version: str) -> str:
    return f"v{version}"


def release_date(repository: Path, version: str) -> dt.date | None:
    """The date of the tag ``v<version>`` (its tagger's date, or its commit's), if it exists."""
    stamp = _git(
        repository,
        "for-each-ref",
        "--format=%(creatordate:short)",
        f"refs/tags/{tag_name(version)}",
    )
    return dt.date.fromisoformat(stamp) if stamp else None


def check_release_commit(repository: Path, version: str) -> None:
    """Raise :class:`ReleaseError` unless the working tree is clean and HEAD is tagged
    ``v<version>``: a release is exactly a tagged commit."""
    tag = tag_name(version)
    if tag not in _git(repository, "tag", "--points-at", "HEAD").split():
        raise ReleaseError(
            f"release {version} must be built from the commit tagged {tag}; tag it with "
            f"`git tag -a {tag} -m 'Release {version}'` (HEAD is not tagged {tag})"
        )
    if _git(repository, "status", "--porcelain", "--untracked-files=no"):
        raise ReleaseError(f"release {version}: the working tree has uncommitted changes")


def site_root(site_url: str, name: str) -> str:
    """The versioned site's root: mike's plugin has appended the version to site_url."""
    url = site_url.rstrip("/")
    if name and url.endswith(f"/{name}"):
        url = url[: -len(name)].rstrip("/")
    return url + "/"


def current(site_url: str, package_version: str, repository: Path) -> SiteVersion:
    """The version this build makes, from MkDocs' ``site_url`` (with mike's suffix)."""
    name = os.environ.get(MIKE_VERSION, "")
    root = site_root(site_url, name)
    if name and name != DEV:
        if name != package_version:
            raise ReleaseError(
                f"{MIKE_VERSION}={name} but the code is version {package_version}: a "
                "release's name is the version in pyproject.toml"
            )
        check_release_commit(repository, name)
        released = release_date(repository, name)
        assert released is not None  # the tag exists: check_release_commit found it
        return SiteVersion(name, package_version, released, f"{root}{name}/", root, tag_name(name))
    commit = _git(repository, "rev-parse", "HEAD") or "main"
    url = f"{root}{DEV}/" if name else root
    return SiteVersion(DEV, package_version, None, url, root, commit)
