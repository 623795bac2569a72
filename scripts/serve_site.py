"""Serve a built site on loopback with gzip, as a static host such as GitHub Pages does.

Usage: python scripts/serve_site.py [SITE_DIR] [PORT]   (defaults: site, 8000)
The tests, the page-weight report and the Lighthouse audit all use this server, so that
what they measure is what a reader's browser receives.
"""

from __future__ import annotations

import functools
import gzip
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

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


def start(site: Path, port: int = 0) -> ThreadingHTTPServer:
    """Serve `site` on 127.0.0.1:port in a background thread; returns the server."""
    handler = functools.partial(GzipHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


if __name__ == "__main__":
    arguments = sys.argv[1:]
    running = start(Path(arguments[0] if arguments else "site"),
                    int(arguments[1]) if len(arguments) > 1 else 8000)
    print(f"serving on http://127.0.0.1:{running.server_address[1]}/ (Ctrl-C stops)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        running.shutdown()
