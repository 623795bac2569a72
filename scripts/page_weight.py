"""Bytes each page transfers on a first visit, gzip-compressed as served, in Chromium.

Usage: python scripts/page_weight.py [SITE_DIR]   (default: site)
Loads every page in a fresh browser context (empty cache) from the gzip server, waits
until the network is idle, and adds up the encoded sizes of all responses: HTML, CSS,
JavaScript, fonts, figures, the search index. Budget (issue 5): 200 KiB per page.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import serve_site  # noqa: E402
from conftest import BROWSER_FLAGS, find_browser  # noqa: E402

BUDGET_BYTES = 200 * 1024


def page_paths(site: Path) -> list[str]:
    return [p.relative_to(site).as_posix().removesuffix("index.html")
            for p in sorted(site.rglob("index.html"))]


def measure(browser: Browser, base_url: str, path: str) -> tuple[int, list[tuple[int, str]]]:
    """(total encoded bytes, [(bytes, url), ...] heaviest first) for one cold page load."""
    context = browser.new_context()
    page = context.new_page()
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    page.goto(base_url + path, wait_until="networkidle")
    parts = sorted(((r.sizes()["responseBodySize"], r.url) for r in responses
                    if not r.url.startswith("data:")), reverse=True)
    context.close()
    return sum(size for size, _ in parts), parts


def main(site: Path) -> int:
    server = serve_site.start(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    executable = find_browser()
    if executable is None:
        sys.exit("no Chromium found: set CHROMIUM_PATH")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=BROWSER_FLAGS)
        results = {path: measure(browser, base, path) for path in page_paths(site)}
        browser.close()
    server.shutdown()
    for path, (total, _) in sorted(results.items(), key=lambda item: -item[1][0]):
        flag = "" if total <= BUDGET_BYTES else "  OVER BUDGET"
        print(f"{total / 1024:7.1f} KiB  /{path}{flag}")
    heaviest, (total, parts) = max(results.items(), key=lambda item: item[1][0])
    print(f"heaviest: /{heaviest} at {total / 1024:.1f} KiB of {BUDGET_BYTES // 1024} KiB; "
          "largest parts: " + ", ".join(f"{url.rsplit('/', 1)[-1] or url} {size / 1024:.1f}"
                                        for size, url in parts[:4]))
    return 0 if total <= BUDGET_BYTES else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "site")))
