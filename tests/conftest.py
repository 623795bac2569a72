"""Shared fixtures: one strict site build per test session, a local server, a browser."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import serve_site  # noqa: E402

BROWSER_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def source_date_epoch() -> str:
    """The last commit's time, as `make` exports it: builds of one commit are identical."""
    result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    return result.stdout.strip() or "0"


def build_site(site_dir: Path, config: Path = ROOT / "mkdocs.yml",
               site_url: str | None = None, env: dict[str, str] | None = None,
               ) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` into site_dir; returns the finished process.

    `env` adds to (or overrides) the environment, e.g. SIGMOID_NOTEBOOK_CACHE.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": source_date_epoch(),
           **(env or {})}
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
         "--site-dir", str(site_dir)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )


@pytest.fixture(scope="session")
def site_origin() -> str:
    """A free loopback port's URL: the site is built for it and served from it, so that
    mkdocs-material's instant navigation (which checks the origin) works in the tests."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, site_origin: str) -> Path:
    """The site built once per session with warnings as errors."""
    site_dir = tmp_path_factory.mktemp("site")
    result = build_site(site_dir, site_url=site_origin)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return site_dir


def site_pages(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))


@pytest.fixture(scope="session")
def site_url(site: Path, site_origin: str) -> Iterator[str]:
    """The built site served over HTTP with gzip on loopback, as a reader would get it."""
    server = serve_site.start(site, urlparse(site_origin).port)
    yield site_origin
    server.shutdown()
    server.server_close()


def find_browser() -> str | None:
    """CHROMIUM_PATH, else the first Chromium or Chrome on PATH."""
    if os.environ.get("CHROMIUM_PATH"):
        return os.environ["CHROMIUM_PATH"]
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    return None


@pytest.fixture(scope="session")
def browser():
    """The system Chromium driven by Playwright; never a downloaded browser."""
    path = find_browser()
    if path is None:
        reason = "no Chromium found (set CHROMIUM_PATH or put chromium on PATH)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=BROWSER_FLAGS)
        yield chromium
        chromium.close()
