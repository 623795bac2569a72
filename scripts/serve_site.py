"""Serve a built site on loopback with gzip, as a static host such as GitHub Pages does.

Usage: python scripts/serve_site.py [SITE_DIR] [PORT]   (defaults: site, 8000)
The server itself is sigmoid_core.website.tools.serve, which the tests and the audit use.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from sigmoid_core.website.tools import serve

if __name__ == "__main__":
    arguments = sys.argv[1:]
    running = serve(
        Path(arguments[0] if arguments else "site"),
        int(arguments[1]) if len(arguments) > 1 else 8000,
    )
    print(f"serving on http://127.0.0.1:{running.server_address[1]}/ (Ctrl-C stops)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        running.shutdown()
