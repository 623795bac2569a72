"""Shared fixtures: one strict site build per test session, a local server, a browser.

Tests live in folders by tier, and each test is marked with its folder's name:
``core`` (the library, against mpmath), ``site`` (the build and the built HTML),
``browser`` (every page in the system Chromium), ``budgets`` (issue 5's budgets that
``make test`` holds). ``pytest -m core`` runs one tier.

The session's site build starts as soon as the tests are collected, in the background,
so that it runs while the core's tests (which need no site) do.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from sigmoid_core.website.tools import (
    VIEWPORTS,
    Build,
    PageSurvey,
    find_browser,
    launch_browser,
    page_paths,
    serve,
    site_files,
    start_build,
    survey,
)

ROOT = Path(__file__).resolve().parents[1]
#: Every build of the session is made as the Pages workflow makes it, in a repository
#: on GitHub (the same one wherever the tests run): pages link to their sources there.
WORKFLOW_REPOSITORY = {
    "GITHUB_SERVER_URL": "https://github.com",
    "GITHUB_REPOSITORY": "example/sigmoid",
}
REPOSITORY_URL = "https://github.com/example/sigmoid"
os.environ.update(WORKFLOW_REPOSITORY)
TIERS = ("core", "site", "browser", "budgets")
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# Text left visible outside code and outside KaTeX output would be TeX that escaped
# typesetting: delimiters, or a TeX control word such as \frac.
FIND_RAW_TEX = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const visible = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent.closest("pre, code, .katex, script, style")) continue;
    if (!parent.checkVisibility()) continue;
    visible.push(node.textContent);
  }
  const tex = /\\\\[()\\[\\]]|\\$\\$|\\$[^$\\s][^$]*\\$|\\\\[a-zA-Z]{2,}/;
  const found = visible.join(" ").match(tex);
  return found ? found[0] : null;
}"""

BROKEN_IMAGES = """() => Array.from(document.images)
  .filter((img) => !img.complete || img.naturalWidth === 0)
  .map((img) => img.currentSrc || img.src)"""

SIDEWAYS_OVERFLOW = """() =>
  document.documentElement.scrollWidth - document.documentElement.clientWidth"""


#: What every page is checked for in each load (tests/browser/test_browser.py).
PAGE_CHECKS = {
    "raw TeX visible": FIND_RAW_TEX,
    "images not loaded": BROKEN_IMAGES,
    "scrolls sideways by (px)": SIDEWAYS_OVERFLOW,
}


class SessionSite:
    """The site of this test session: built once, for a free loopback port's URL, so that
    its canonical links and citations name the origin it is served from."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="sigmoid-test-site-"))
        self.site_dir = self.folder / "site"
        # An empty build cache: the build computes everything and runs every notebook
        # once, as on a fresh clone.
        self.cache = self.folder / "cache"
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.origin = f"http://127.0.0.1:{probe.getsockname()[1]}/"
        self.build: Build = start_build(
            ROOT, self.site_dir, site_url=self.origin, env={"SIGMOID_BUILD_CACHE": str(self.cache)}
        )
        self.result: subprocess.CompletedProcess | None = None

    def finished(self) -> Path:
        if self.result is None:
            self.result = self.build.finish()
        assert self.result.returncode == 0, (
            f"strict build failed:\n{self.result.stdout}\n{self.result.stderr}"
        )
        return self.site_dir


_session_site: SessionSite | None = None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        tier = Path(item.fspath).relative_to(ROOT / "tests").parts[0]
        if tier not in TIERS:
            raise pytest.UsageError(f"{item.nodeid}: tests live in one of tests/{TIERS}")
        item.add_marker(tier)


def pytest_collection_finish(session: pytest.Session) -> None:
    global _session_site
    if any("site" in getattr(item, "fixturenames", ()) for item in session.items):
        _session_site = SessionSite()


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _session_site is not None:
        if _session_site.result is None:
            _session_site.build.stop()
        shutil.rmtree(_session_site.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def site_origin() -> str:
    assert _session_site is not None
    return _session_site.origin


@pytest.fixture(scope="session")
def repository_url() -> str:
    """The repository every build of the session links its sources to."""
    return REPOSITORY_URL


@pytest.fixture(scope="session")
def build_cache() -> Path:
    """The build cache the session's build filled."""
    assert _session_site is not None
    return _session_site.cache


@pytest.fixture(scope="session")
def site() -> Path:
    """The site built once per session with warnings as errors."""
    assert _session_site is not None
    return _session_site.finished()


@pytest.fixture(scope="session")
def site_url(site: Path, site_origin: str) -> Iterator[str]:
    """The built site served over HTTP with gzip on loopback, as a reader would get it."""
    server = serve(site, urlparse(site_origin).port)
    yield site_origin
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """The system Chromium driven by Playwright; never a downloaded browser."""
    path = find_browser()
    if path is None:
        reason = "no Chromium found (set CHROMIUM_PATH or put chromium on PATH)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    with launch_browser(path) as chromium:
        yield chromium


@pytest.fixture(scope="session")
def surveyed(browser, site: Path, site_url: str) -> Callable[[str, str], dict[str, PageSurvey]]:
    """surveyed(viewport, scheme): every page loaded once, cold, at that width and in that
    colour scheme, with PAGE_CHECKS and axe-core's rules; each survey is made once per
    session and shared by the browser tests and the budgets."""

    @functools.cache
    def surveyed(viewport: str, scheme: str) -> dict[str, PageSurvey]:
        return survey(
            browser,
            site_url,
            page_paths(site),
            checks=PAGE_CHECKS,
            axe_script=AXE_SCRIPT if viewport == "desktop" else None,
            viewport=VIEWPORTS[viewport],
            color_scheme=scheme,
        )

    return surveyed


# ---------------------------------------------------------------- released versions


class ReleasedSite:
    """A scratch repository holding the working tree, released twice the way the Pages
    workflow releases (``scripts/versions.py deploy``), then previewed with its dev
    version (``make versions``). Built once per session, on first use."""

    PUBLIC_URL = "https://example.org/sigmoid/"
    REPOSITORY = WORKFLOW_REPOSITORY["GITHUB_REPOSITORY"]  # set for the whole session
    #: version → the tag's date (the release date pages must show)
    RELEASES = {"1.0": "2026-01-15", "1.1": "2026-02-01"}

    def __init__(self, folder: Path) -> None:
        self.repository = folder / "repository"
        self.cache = folder / "cache"
        self.served = folder / "site-versions"
        self.snapshots: dict[str, dict[str, bytes]] = {}
        self.env = {
            **os.environ,
            "SITE_URL": self.PUBLIC_URL,
            "SIGMOID_BUILD_CACHE": str(self.cache),
            "GIT_AUTHOR_NAME": "Test",
            "GIT_AUTHOR_EMAIL": "test@example.org",
            "GIT_COMMITTER_NAME": "Test",
            "GIT_COMMITTER_EMAIL": "test@example.org",
            "NO_MKDOCS_2_WARNING": "1",
        }
        self.env.pop("SOURCE_DATE_EPOCH", None)  # each commit's own

    def git(self, *arguments: str, env: dict[str, str] | None = None) -> str:
        return subprocess.run(
            ["git", *arguments],
            cwd=self.repository,
            env=env or self.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def versions(self, *arguments: str, env: dict[str, str] | None = None):
        return subprocess.run(
            [sys.executable, "scripts/versions.py", *arguments],
            cwd=self.repository,
            env=env or self.env,
            capture_output=True,
            text=True,
        )

    def copy_working_tree(self) -> None:
        """Tracked and new files of the project (not what is ignored), in a new repository."""
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        ).stdout.decode()
        for name in filter(None, listed.split("\0")):
            source = ROOT / name
            if source.is_file():
                target = self.repository / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
        (self.repository / "node_modules").symlink_to(ROOT / "node_modules")
        self.git("init", "-q", "-b", "main")
        self.git("add", "-A")
        self.git("commit", "-q", "-m", "the working tree")

    def release(self, version: str, change: Callable[[Path], None] | None = None) -> None:
        """Set the version, commit, tag on the release's date, deploy with mike."""
        if change:
            change(self.repository)
        pyproject = self.repository / "pyproject.toml"
        pyproject.write_text(
            re.sub(r'(?m)^version = ".*"$', f'version = "{version}"', pyproject.read_text())
        )
        dated = {**self.env, "GIT_COMMITTER_DATE": f"{self.RELEASES[version]}T12:00:00Z"}
        self.git("commit", "-q", "--allow-empty", "-am", f"Release {version}", env=dated)
        self.git("tag", "-a", f"v{version}", "-m", f"Release {version}", env=dated)
        deployed = self.versions("deploy", version)
        assert deployed.returncode == 0, deployed.stdout + deployed.stderr
        self.snapshots[version] = self.branch_files()

    def branch_files(self) -> dict[str, bytes]:
        exported = self.repository.parent / "exported"
        done = self.versions("export", str(exported))
        assert done.returncode == 0, done.stderr
        return site_files(exported)


_released: ReleasedSite | None = None


@pytest.fixture(scope="session")
def released(tmp_path_factory: pytest.TempPathFactory) -> ReleasedSite:
    """Releases 1.0 and 1.1 (1.1 corrects the derivative page), then dev, in site-versions/."""
    global _released
    if _released is None:
        site = ReleasedSite(tmp_path_factory.mktemp("released"))
        site.copy_working_tree()
        site.release("1.0")
        site.release("1.1", change=add_a_correction)
        previewed = site.versions("preview", str(site.served))
        assert previewed.returncode == 0, previewed.stdout + previewed.stderr
        _released = site
    return _released


def add_a_correction(repository: Path) -> None:
    """What release 1.1 changes: a sentence of the derivative page, corrected, with its
    changelog entry and erratum."""
    page = repository / "docs" / "derivative.md"
    page.write_text(page.read_text() + "\nA sentence added in release 1.1.\n")
    data_file = repository / "docs" / "changelog.yml"
    data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
    data["releases"].insert(
        0, {"version": "1.1", "summary": "A correction.", "pages": {"derivative.md": "Corrected."}}
    )
    data["errata"].insert(
        0,
        {
            "page": "derivative.md",
            "title": "A statement corrected in 1.1",
            "old": "The old statement.",
            "new": "A sentence added in release 1.1.",
            "fixed_in": "1.1",
        },
    )
    data_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
