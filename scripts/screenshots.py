"""Screenshot every page of a built site in Chromium: light, dark and phone width.

Usage: python scripts/screenshots.py [SITE_DIR] [OUT_DIR]   (defaults: site, screenshots)
For looking at what was built; the browser tests check the same pages automatically.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sigmoid_core.website.tools import find_browser, launch_browser, page_paths, serve

SHOTS = {
    "light": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "light"},
    "dark": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"},
    "phone": {
        "viewport": {"width": 360, "height": 740},
        "color_scheme": "light",
        "device_scale_factor": 2,
    },
}


def main(site: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    pages = page_paths(site)
    executable = find_browser()
    if executable is None:
        sys.exit("no Chromium found: set CHROMIUM_PATH")
    with launch_browser(executable) as browser:
        for scheme, options in SHOTS.items():
            context = browser.new_context(**options)
            page = context.new_page()
            for path in pages:
                page.goto(base + path, wait_until="load")
                page.wait_for_function("document.fonts.status === 'loaded'")
                name = (path.strip("/").replace("/", "-") or "home") + f"-{scheme}.png"
                page.screenshot(path=out / name, full_page=True)
                print(out / name)
            context.close()
    server.shutdown()


if __name__ == "__main__":
    arguments = sys.argv[1:]
    main(
        Path(arguments[0] if arguments else "site"),
        Path(arguments[1] if len(arguments) > 1 else "screenshots"),
    )
