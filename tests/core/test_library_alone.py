"""The library needs numpy and nothing else, and never imports the website's part."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Run in a fresh interpreter in which every installed package but numpy fails to import.
ONLY_NUMPY = """
import importlib.abc, sys

class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if top in {"matplotlib", "mpmath", "mkdocs", "scipy", "yaml", "sklearn", "playwright"}:
            raise ImportError(f"{name} is not installed in this test")
        return None

sys.meta_path.insert(0, Refuse())
import sigmoid_core
print(float(sigmoid_core.sigmoid(1.0)), float(sigmoid_core.sigmoid_derivative(1.0, 3)))
print(sorted(name for name in sys.modules if name.startswith("sigmoid_core")))
"""


def test_the_library_imports_and_computes_with_numpy_alone():
    result = subprocess.run(
        [sys.executable, "-c", ONLY_NUMPY], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    values, modules = result.stdout.splitlines()
    assert values.startswith("0.7310585786300049 ")
    assert modules == "['sigmoid_core', 'sigmoid_core.functions']"


def test_the_package_declares_numpy_as_its_only_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert [spec.split(">")[0] for spec in project["dependencies"]] == ["numpy"]
    assert "matplotlib>=3.8" in project["optional-dependencies"]["docs"]


def test_the_package_says_the_version_pyproject_gives_it():
    import tomllib
    from pathlib import Path

    import sigmoid_core

    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    with pyproject.open("rb") as file:
        assert sigmoid_core.__version__ == tomllib.load(file)["project"]["version"]
