"""Every Python package `make install` puts into .venv is pinned and checked by its hash.

requirements/lock.txt (written by `make lock`) pins each distribution with the sha256 of
every file PyPI offers for that version; requirements/pip.txt pins pip the same way.
"""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = ROOT / "requirements"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
#: One entry of a hashed requirements file: name==version, an optional marker, its hashes.
ENTRY = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;]+)"
    r"(?:\s*;\s*(?P<marker>.+?))?"
    r"(?P<hashes>(?:\s+--hash=sha256:[0-9a-f]{64})+)$"
)


def entries(name: str) -> list[re.Match[str]]:
    """The entries of requirements/NAME, each continued line joined to its first."""
    text = (REQUIREMENTS / name).read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    found = []
    for line in filter(None, lines):
        entry = ENTRY.match(line)
        assert entry, f"{name}: not pinned with == and hashed: {line[:80]}"
        found.append(entry)
    return found


def pins(name: str) -> dict[str, list[str]]:
    """Each distribution of requirements/NAME with its pinned versions (one per marker)."""
    versions: dict[str, list[str]] = {}
    for entry in entries(name):
        versions.setdefault(canonicalize_name(entry["name"]), []).append(entry["version"])
    return versions


def dry_run(target: str) -> list[str]:
    """The commands `make TARGET` would run from nothing, variables expanded."""
    done = subprocess.run(
        ["make", "--dry-run", "--always-make", target],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.replace("\\\n", " ").splitlines()


@pytest.mark.parametrize("name", ["lock.txt", "pip.txt", "uv.txt"])
def test_every_entry_is_pinned_with_its_hashes(name):
    found = entries(name)
    assert found, f"{name} pins something"
    for entry in found:
        assert entry["hashes"].count("--hash=sha256:") >= 1, entry["name"]
    names = [(canonicalize_name(entry["name"]), entry["marker"]) for entry in found]
    assert len(names) == len(set(names)), f"{name}: one entry per distribution and marker"


def test_the_lock_covers_every_dependency_of_pyproject_in_range():
    locked = pins("lock.txt")
    project = PYPROJECT["project"]
    declared = [*project["dependencies"]]
    for extra in ("docs", "test", "notebooks"):
        declared += project["optional-dependencies"][extra]
    for line in declared:
        requirement = Requirement(line)
        versions = locked.get(canonicalize_name(requirement.name))
        assert versions, f"{requirement.name} is not in requirements/lock.txt"
        for version in versions:
            assert requirement.specifier.contains(version, prereleases=True), (
                f"{requirement.name}=={version} outside pyproject's {requirement.specifier}"
            )
    assert "pre-commit" in locked, "make hooks installs pre-commit from the lock"


def test_the_build_backend_is_pinned_to_the_locked_setuptools():
    assert PYPROJECT["build-system"]["build-backend"] == "setuptools.build_meta"
    (requirement,) = PYPROJECT["build-system"]["requires"]
    assert requirement.startswith("setuptools=="), "the backend pinned with =="
    assert pins("lock.txt")["setuptools"] == [requirement.removeprefix("setuptools==")]


def test_pip_is_pinned_on_its_own():
    assert list(pins("pip.txt")) == ["pip"]
    assert "pip" not in pins("lock.txt")


def test_make_install_checks_every_hash_and_builds_the_project_without_fetching():
    installs = [line for line in dry_run(".venv/.installed") if "pip install" in line]
    assert not any("--upgrade" in line for line in installs), "pip comes from its lock"
    hashed = [line for line in installs if "--require-hashes" in line]
    assert [re.search(r" -r (\S+)", line)[1] for line in hashed] == [
        "requirements/pip.txt",
        "requirements/lock.txt",
    ], "the pinned pip first, then the lock"
    (editable,) = (line for line in installs if line not in hashed)
    options = editable.split("pip install", 1)[1].split()
    assert options[-2:] == ["-e", "."], "only the project itself is unhashed"
    assert {"--no-deps", "--no-build-isolation"} <= set(options), "setuptools from the lock"


@pytest.mark.parametrize("target", ["hooks", "lock"])
def test_other_targets_install_nothing_unhashed(target):
    for line in dry_run(target):
        if "pip install" in line and " -e ." not in line:
            assert "--require-hashes" in line, line
