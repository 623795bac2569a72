"""Shared fixtures: one strict site build per test session, a local server, a browser.

Tests live in folders by tier, and each test is marked with its folder's name:
``core`` (the library, against mpmath), ``site`` (the build and the built HTML),
``browser`` (every page in the system Chromium), ``budgets`` (issue 5's budgets that
``make test`` holds). ``pytest -m core`` runs one tier.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from sigmoid_core.website.tools import build_site, find_browser, launch_browser, serve

ROOT = Path(__file__).resolve().parents[1]
TIERS = ("core", "site", "browser", "budgets")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        tier = Path(item.fspath).relative_to(ROOT / "tests").parts[0]
        if tier not in TIERS:
            raise pytest.UsageError(f"{item.nodeid}: tests live in one of tests/{TIERS}")
        item.add_marker(tier)


@pytest.fixture(scope="session")
def site_origin() -> str:
    """A free loopback port's URL: the site is built for it and served from it, so that
    mkdocs-material's instant navigation (which checks the origin) works in the tests."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/"


@pytest.fixture(scope="session")
def build_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty build cache: the session's build computes everything and runs every
    notebook once, as on a fresh clone."""
    return tmp_path_factory.mktemp("build-cache")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, site_origin: str, build_cache: Path) -> Path:
    """The site built once per session with warnings as errors."""
    site_dir = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, site_dir, site_url=site_origin,
                        env={"SIGMOID_BUILD_CACHE": str(build_cache)})
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return site_dir


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
