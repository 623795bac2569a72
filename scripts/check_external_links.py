"""Fetch every link of docs/data/external-links.txt and report the ones that fail.

Usage: python scripts/check_external_links.py   (needs internet access: a manual check,
run by `make check-links`; the offline tests only check the list against the site).
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from pathlib import Path

from sigmoid_core.website.tools import allowed_external_links

LINKS = Path(__file__).resolve().parents[1] / "docs" / "data" / "external-links.txt"


def status(url: str) -> str:
    request = urllib.request.Request(url, headers={"User-Agent": "sigmoid-reference-link-check"})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return str(response.status)
    except urllib.error.HTTPError as error:
        return str(error.code)
    except (urllib.error.URLError, TimeoutError) as error:
        return f"error: {error}"


def main() -> int:
    failures = 0
    for url in allowed_external_links(LINKS):
        result = status(url)
        ok = result.startswith(("2", "3"))
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {result:>5}  {url}")
    print(f"{failures} of {len(allowed_external_links(LINKS))} links failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
