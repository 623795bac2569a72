"""Building, serving and looking at the site: one module for the tests and the scripts.

- :func:`build_site` runs the strict MkDocs build as ``make build`` does;
- :func:`serve` serves a built site with gzip on loopback, as GitHub Pages does;
- :func:`find_browser` and :func:`launch_browser` drive the system Chromium through
  Playwright (never a downloaded browser);
- :func:`page_paths`, :func:`visit`, :func:`page_weights` and :func:`run_axe` list, load
  and measure pages,
  against the budgets below (``make audit`` prints them, ``make test`` holds them).
"""

from __future__ import annotations

import functools
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

#: Bytes a first visit of any page may transfer (gzip), and the colour schemes axe-core
#: checks every page in.
WEIGHT_BUDGET_BYTES = 200 * 1024
SCHEMES = ("light", "dark")

#: Chromium as root on a machine with no network but loopback: no sandbox, and none of
#: the background connections that would each be refused.
BROWSER_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# ---------------------------------------------------------------- building


def source_date_epoch(project: Path) -> str:
    """The last commit's time, as `make` exports it: builds of one commit are identical."""
    result = subprocess.run(
        ["git", "log", "-1", "--format=%ct"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or "0"


@dataclass
class Build:
    """A build running in the background; its output goes to files, so that it never
    waits for a reader."""

    process: subprocess.Popen
    stdout: IO[str]
    stderr: IO[str]

    def finish(self) -> subprocess.CompletedProcess:
        """Wait for the build; its output and return code."""
        self.process.wait()
        output = []
        for stream in (self.stdout, self.stderr):
            stream.seek(0)
            output.append(stream.read())
            stream.close()
        return subprocess.CompletedProcess(self.process.args, self.process.returncode, *output)

    def stop(self) -> None:
        self.process.kill()
        self.finish()


def start_build(
    project: Path,
    site_dir: Path,
    *,
    config: Path | None = None,
    site_url: str | None = None,
    env: dict[str, str] | None = None,
) -> Build:
    """Start ``mkdocs build --strict`` of ``project`` into site_dir in the background.

    ``env`` adds to (or overrides) the environment, e.g. SIGMOID_BUILD_CACHE.
    """
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": source_date_epoch(project),
        **(env or {}),
    }
    if site_url:
        env["SITE_URL"] = site_url
    stdout = tempfile.TemporaryFile("w+")  # noqa: SIM115  (closed by Build.finish)
    stderr = tempfile.TemporaryFile("w+")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(config or project / "mkdocs.yml"),
            "--site-dir",
            str(site_dir),
        ],
        cwd=project,
        env=env,
        stdout=stdout,
        stderr=stderr,
        text=True,
    )
    return Build(process, stdout, stderr)


def build_site(
    project: Path,
    site_dir: Path,
    *,
    config: Path | None = None,
    site_url: str | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` of ``project`` into site_dir, as ``make build`` does."""
    return start_build(project, site_dir, config=config, site_url=site_url, env=env).finish()


def site_pages(site_dir: Path) -> list[Path]:
    """Every HTML file of a built site."""
    return sorted(site_dir.rglob("*.html"))


def page_paths(site_dir: Path) -> list[str]:
    """Site-relative URL of every page, "" for the home page."""
    return [
        p.relative_to(site_dir).as_posix().removesuffix("index.html")
        for p in sorted(site_dir.rglob("index.html"))
    ]


# ---------------------------------------------------------------- serving

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".ipynb", ".txt", ".map")


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzip-compressed for clients that accept it; quiet logs."""

    _compressed: dict[Path, tuple[float, bytes]] = {}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts_gzip and path.is_file() and path.suffix in COMPRESSIBLE):
            super().do_GET()
            return
        modified = path.stat().st_mtime
        cached = self._compressed.get(path)
        if cached is None or cached[0] != modified:
            cached = (modified, gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))
            self._compressed[path] = cached
        body = cached[1]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(body)


def serve(site_dir: Path, port: int = 0) -> ThreadingHTTPServer:
    """Serve ``site_dir`` on 127.0.0.1:port in a background thread; returns the server."""
    handler = functools.partial(GzipHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# ---------------------------------------------------------------- the browser


def find_browser() -> str | None:
    """CHROMIUM_PATH, else the first Chromium or Chrome on PATH."""
    if os.environ.get("CHROMIUM_PATH"):
        return os.environ["CHROMIUM_PATH"]
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    return None


@contextmanager
def launch_browser(executable: str) -> Iterator[Browser]:
    """The given Chromium, driven by Playwright, closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=BROWSER_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def visit(
    browser: Browser,
    base_url: str,
    paths: list[str],
    *,
    batch: int = 4,
    wait_until: Literal["load", "networkidle"] = "load",
    before: Callable[[str, Page], None] | None = None,
    **context_options: Any,
) -> Iterator[tuple[str, Page]]:
    """Each page loaded in a fresh browser context (a cold cache), once its fonts are in.

    Pages are opened ``batch`` at a time, so that their loads overlap; ``before(path,
    page)`` runs before the navigation, to listen to its requests. A page is closed when
    the caller asks for the next one.
    """
    for start in range(0, len(paths), batch):
        opened = []
        for path in paths[start : start + batch]:
            context = browser.new_context(**context_options)
            page = context.new_page()
            if before is not None:
                before(path, page)
            page.goto(base_url + path, wait_until="commit")
            opened.append((path, context, page))
        for path, context, page in opened:
            page.wait_for_load_state(wait_until)
            page.wait_for_function("document.fonts.status === 'loaded'")
            yield path, page
            context.close()


def page_weights(
    browser: Browser,
    base_url: str,
    paths: list[str],
) -> dict[str, tuple[int, list[tuple[int, str]]]]:
    """For each page, (total encoded bytes, [(bytes, url), ...] heaviest first) of a cold
    load: HTML, CSS, JavaScript, fonts, figures and the search index, as transferred."""
    requests: dict[str, list] = {path: [] for path in paths}

    def record(path: str, page: Page) -> None:
        page.on("requestfinished", lambda request: requests[path].append(request))

    weights = {}
    for path, _ in visit(browser, base_url, paths, wait_until="networkidle", before=record):
        parts = sorted(
            (
                (r.sizes()["responseBodySize"], r.url)
                for r in requests[path]
                if not r.url.startswith("data:")
            ),
            reverse=True,
        )
        weights[path] = (sum(size for size, _ in parts), parts)
    return weights


def run_axe(page: Page, axe_script: Path) -> list[str]:
    """Inject axe-core into an open page and run all its rules; one line per violation."""
    page.add_script_tag(path=str(axe_script))
    # resultTypes: axe still runs every rule, but details only its violations (faster).
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: "
        "['violations']})).violations.map("
        "v => ({id: v.id, help: v.help, nodes: v.nodes.map("
        "n => n.target.join(' ')).slice(0, 3)}))"
    )
    return [f"{v['id']}: {v['help']} at {', '.join(v['nodes'])}" for v in violations]


def allowed_external_links(allow_list: Path) -> list[str]:
    """The links to other hosts that the site may contain, one per line (# comments)."""
    lines = allow_list.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]
