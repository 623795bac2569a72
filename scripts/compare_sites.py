"""Compare two built sites file by file, to prove a refactor changed only what it meant to.

Usage: python scripts/compare_sites.py BEFORE_DIR AFTER_DIR

Prints the files only in one site, the files that differ in whitespace alone, and for
every other differing file the lines that differ once runs of whitespace are folded and
the HTML is split at its tags. Exits 0 when the two sites are byte-identical, 1 otherwise.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path

from sigmoid_core.website.tools import site_files


def folded(data: bytes) -> list[str]:
    """Text with whitespace folded, one tag or text run per line."""
    text = re.sub(r"\s+", " ", data.decode("utf-8"))
    return [
        line.strip() for line in re.sub(r"(<[^>]+>)", r"\n\1\n", text).splitlines() if line.strip()
    ]


def main(before: Path, after: Path) -> int:
    old, new = site_files(before), site_files(after)
    for name in sorted(old.keys() - new.keys()):
        print(f"only before: {name}")
    for name in sorted(new.keys() - old.keys()):
        print(f"only after:  {name}")
    differing = [name for name in sorted(old.keys() & new.keys()) if old[name] != new[name]]
    whitespace = []
    for name in differing:
        try:
            a, b = folded(old[name]), folded(new[name])
        except UnicodeDecodeError:
            print(f"binary file differs: {name}")
            continue
        if a == b:
            whitespace.append(name)
            continue
        print(f"--- {name}")
        for line in difflib.unified_diff(a, b, lineterm="", n=1):
            if not line.startswith(("---", "+++")):
                print(f"    {line[:300]}")
    if whitespace:
        print(f"whitespace only ({len(whitespace)}): {', '.join(whitespace)}")
    same = len(old.keys() & new.keys()) - len(differing)
    print(
        f"{same} files byte-identical, {len(differing)} differ, "
        f"{len(old.keys() ^ new.keys())} in one site only"
    )
    return 0 if not differing and old.keys() == new.keys() else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
