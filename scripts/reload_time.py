"""Seconds from saving a page to the rebuilt site under `mkdocs serve` (make serve).

Usage: python scripts/reload_time.py [PAGE] [TIMES]   (defaults: docs/derivative.md, 5)

Starts `mkdocs serve` on a free loopback port, waits for its first build, then saves the
page unchanged TIMES times (which MkDocs sees as an edit) and reads the server's log up
to "Reloading browsers", the moment the rebuilt page is served. Prints each time and the
median; the budget is 3 s. A benchmark, not a test: it is wall-clock time.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET_SECONDS = 3.0


def wait_for(server: subprocess.Popen, text: str) -> None:
    for line in server.stderr:
        if text in line:
            return
        if "Error" in line or "Traceback" in line:
            sys.exit(f"mkdocs serve failed: {line.strip()}")
    sys.exit(f"mkdocs serve stopped before logging {text!r}")


def main(page: Path, times: int) -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(server, "Serving on")
        source = page.read_bytes()
        seconds = []
        for _ in range(times):
            start = time.perf_counter()
            page.write_bytes(source)
            wait_for(server, "Reloading browsers")
            seconds.append(time.perf_counter() - start)
            print(f"saved {page.relative_to(ROOT)}: rebuilt and served in {seconds[-1]:.2f} s")
    finally:
        server.terminate()
        server.wait(timeout=30)
    median = statistics.median(seconds)
    print(f"median {median:.2f} s over {times} saves (budget < {BUDGET_SECONDS:.0f} s)")
    return 0 if median < BUDGET_SECONDS else 1


if __name__ == "__main__":
    arguments = sys.argv[1:]
    sys.exit(
        main(
            (ROOT / (arguments[0] if arguments else "docs/derivative.md")).resolve(),
            int(arguments[1]) if len(arguments) > 1 else 5,
        )
    )
