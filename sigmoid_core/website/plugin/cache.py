"""What the build computes, kept on disk under a digest of everything it depends on.

The digest covers every file of sigmoid_core (library, content with its data, plugin), the
data files pages are computed from, and the name and version of every installed package. While
it is unchanged, a rebuild reads values, tables, figures and executed notebooks back
instead of computing them: saving a page in ``make serve`` costs only that page's
Markdown. Any edit to the code gives a new digest, and the old folder is removed.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterable
from importlib.metadata import distributions
from pathlib import Path

import sigmoid_core


def sources_digest(data_files: Iterable[Path]) -> str:
    """A hex digest of the package's sources, the given files and the installed packages."""
    digest = hashlib.sha256()
    package = Path(sigmoid_core.__file__).parent
    sources = [p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    named = [(path.relative_to(package).as_posix(), path) for path in sources]
    named += [(f"data/{path.name}", path) for path in data_files]
    for name, path in sorted(named):
        digest.update(name.encode() + b"\0" + path.read_bytes())
    for name, version in sorted({(d.metadata["Name"], d.version) for d in distributions()}):
        digest.update(f"{name}=={version}\n".encode())
    return digest.hexdigest()[:16]


class BuildCache:
    """Items stored as files in ``parent/DIGEST/``; other digests' folders are removed."""

    def __init__(self, parent: Path, digest: str) -> None:
        self.folder = parent / digest
        if parent.is_dir():
            for stale in parent.iterdir():
                if stale != self.folder:
                    shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
        self._memory: dict[str, bytes] = {}

    def bytes(self, key: str, make: Callable[[], bytes]) -> bytes:
        """The item ``key`` (a relative path), made once and then read back."""
        if key not in self._memory:
            path = self.folder / key
            if path.is_file():
                self._memory[key] = path.read_bytes()
            else:
                self._memory[key] = made = make()
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(made)
        return self._memory[key]

    def text(self, key: str, make: Callable[[], str]) -> str:
        return self.bytes(key, lambda: make().encode("utf-8")).decode("utf-8")
