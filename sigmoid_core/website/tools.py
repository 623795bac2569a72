"""Building, serving and looking at the site: one module for the tests and the scripts.

- :func:`build_site` runs the strict MkDocs build as ``make build`` does;
- :func:`serve` serves a built site with gzip on loopback, as GitHub Pages does;
- :func:`find_browser` and :func:`launch_browser` drive the system Chromium through
  Playwright (never a downloaded browser);
- :func:`page_paths` lists the pages and :func:`survey` loads each once and measures it,
  against the budgets below (``make audit`` prints them, ``make test`` holds them).
"""

from __future__ import annotations

import functools
import gzip
import os
import re
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
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlparse

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Request, Route

#: Bytes a first visit of any page may transfer (gzip), and the colour schemes axe-core
#: checks every page in.
WEIGHT_BUDGET_BYTES = 200 * 1024
SCHEMES = ("light", "dark")
#: The widths every page is checked at: a desktop and a phone.
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 740}}

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


#: A measured table as the plugin writes it (content.registry.MEASURED): a <div> around a
#: Markdown table, with no <div> inside.
MEASURED_BLOCK = re.compile(rb"<div data-measured[^>]*>.*?</div>", re.DOTALL)


def site_files(site_dir: Path, *, without_measurements: bool = False) -> dict[str, bytes]:
    """Every file of a built site by its path; optionally with the measured tables (the
    only part of a build that depends on the machine's speed) cut out of the pages."""
    found = {}
    for path in sorted(site_dir.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if without_measurements and path.suffix == ".html":
                data = MEASURED_BLOCK.sub(b"<!-- measured -->", data)
            found[path.relative_to(site_dir).as_posix()] = data
    return found


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


def _load_batches(
    browser: Browser,
    base_url: str,
    paths: list[str],
    before: Callable[[str, Page], None],
    **context_options: Any,
) -> Iterator[list[tuple[str, Page]]]:
    """The pages four at a time, each in a fresh browser context (a cold cache, its own
    renderer process), once the network is idle and the fonts are in; ``before(path,
    page)`` runs before the navigation. A batch is closed when the next is asked for."""
    for start in range(0, len(paths), 4):
        opened = []
        for path in paths[start : start + 4]:
            context = browser.new_context(**context_options)
            page = context.new_page()
            before(path, page)
            page.goto(base_url + path, wait_until="commit")
            opened.append((path, context, page))
        for _, _, page in opened:
            page.wait_for_load_state("networkidle")
            page.wait_for_function("document.fonts.status === 'loaded'")
        yield [(path, page) for path, _, page in opened]
        for _, context, _ in opened:
            context.close()


@dataclass
class PageSurvey:
    """What one cold load of a page showed."""

    #: console errors, page errors, failed requests, HTTP errors, requests to other hosts
    problems: list[str]
    #: (bytes transferred, url) of every request, heaviest first
    requests: list[tuple[int, str]]
    #: the result of each named check (a JavaScript function evaluated in the page)
    checks: dict[str, Any]
    #: axe-core's violations, one line per rule (None when axe was not run)
    axe: list[str] | None

    @property
    def weight(self) -> int:
        """Bytes a first visit transfers: HTML, CSS, JavaScript, fonts, figures, search index."""
        return sum(size for size, _ in self.requests)


def survey(
    browser: Browser,
    base_url: str,
    paths: list[str],
    *,
    checks: dict[str, str] | None = None,
    axe_script: Path | None = None,
    **context_options: Any,
) -> dict[str, PageSurvey]:
    """Load every page once, cold, and report what a reader's browser met there.

    Requests to any host but ``base_url``'s are refused and reported. Each batch of pages
    runs axe-core (when given) at once, one renderer process each.
    """
    server = urlparse(base_url).netloc
    seen: dict[str, tuple[list[str], list[Request]]] = {}

    def listen(path: str, page: Page) -> None:
        problems: list[str] = []
        finished: list[Request] = []
        seen[path] = (problems, finished)
        page.on(
            "console",
            lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
        )
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        page.on(
            "requestfailed", lambda r: problems.append(f"request failed: {r.url} ({r.failure})")
        )
        page.on(
            "response",
            lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
        )
        page.on("requestfinished", lambda request: finished.append(request))

        def guard(route: Route) -> None:
            url = route.request.url
            if url.startswith("data:") or urlparse(url).netloc == server:
                route.continue_()
            else:
                problems.append(f"request to another host: {url}")
                route.abort()

        page.route("**/*", guard)

    surveys = {}
    for loaded in _load_batches(browser, base_url, paths, listen, **context_options):
        results = {
            path: {name: page.evaluate(script) for name, script in (checks or {}).items()}
            for path, page in loaded
        }
        if axe_script is not None:
            for _, page in loaded:
                page.add_script_tag(path=str(axe_script))
                # resultTypes: axe runs every rule but details only its violations (faster).
                page.evaluate(
                    "() => { window.__axe = axe.run(document, {resultTypes: ['violations']}); }"
                )
        for path, page in loaded:
            problems, finished = seen[path]
            requests = sorted(
                (
                    (r.sizes()["responseBodySize"], r.url)
                    for r in finished
                    if not r.url.startswith("data:")
                ),
                reverse=True,
            )
            surveys[path] = PageSurvey(
                problems,
                requests,
                results[path],
                _axe_result(page) if axe_script is not None else None,
            )
    return surveys


def _axe_result(page: Page) -> list[str]:
    violations = page.evaluate(
        "async () => (await window.__axe).violations.map(v => ({id: v.id, help: v.help, "
        "nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))"
    )
    return [f"{v['id']}: {v['help']} at {', '.join(v['nodes'])}" for v in violations]


def run_axe(page: Page, axe_script: Path) -> list[str]:
    """Inject axe-core into an open page and run all its rules; one line per violation."""
    page.add_script_tag(path=str(axe_script))
    page.evaluate("() => { window.__axe = axe.run(document, {resultTypes: ['violations']}); }")
    return _axe_result(page)


def allowed_external_links(allow_list: Path) -> list[str]:
    """The links to other hosts that the site may contain, one per line (# comments)."""
    lines = allow_list.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]
