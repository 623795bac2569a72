"""What readers download: each notebook as executed for its page, and a wheel of sigmoid_core.

A notebook page offers the notebook with its outputs. Its first cell, added here, installs
sigmoid_core from the wheel this site serves when the package is missing, so the download
runs in any Jupyter with NumPy and Matplotlib or on a hosted notebook service; its last
cell, also added here, prints the versions it was executed with. The plugin executes the
notebook once (nbclient) and hands the executed file to mkdocs-jupyter, which renders it
without executing it again and offers it for download.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

#: The tag of the added install cell; mkdocs-jupyter leaves it off the page
#: (``remove_tag_config`` in mkdocs.yml), whose download line says what it does.
INSTALL_TAG = "install-sigmoid-core"
#: The distributions whose versions the last cell prints, when installed.
REPORTED = ("sigmoid-core", "numpy", "matplotlib", "scikit-learn", "mpmath", "ipykernel")
#: What the wheel build reads from the project.
WHEEL_SOURCES = ("pyproject.toml", "README.md", "sigmoid_core")


def wheel_name(version: str) -> str:
    return f"sigmoid_core-{version}-py3-none-any.whl"


def build_wheel(project: Path, source_date_epoch: str) -> bytes:
    """The wheel of the project at ``project``, byte-identical for one SOURCE_DATE_EPOCH.

    Built from a copy of its sources with the installed setuptools (no build isolation,
    so no download), which leaves no ``build/`` folder in the project.
    """
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder, "source"), Path(folder, "wheel")
        for name in WHEEL_SOURCES:
            path = project / name
            if path.is_dir():
                shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                source.mkdir(exist_ok=True)
                shutil.copy2(path, source / name)
        command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"]
        command += ["--no-build-isolation", "--wheel-dir", str(out), str(source)]
        environment = {**os.environ, "SOURCE_DATE_EPOCH": source_date_epoch}
        done = subprocess.run(command, env=environment, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"building the wheel failed:\n{done.stderr}")
        (wheel,) = out.glob("*.whl")
        return wheel.read_bytes()


def install_cell(wheel_url: str) -> nbformat.NotebookNode:
    """The first cell of a downloaded notebook: install sigmoid_core when it is missing."""
    source = (
        "# Installs sigmoid_core, built from the same commit as the site, when it is missing\n"
        "# (with what the site's notebooks import: Matplotlib, scikit-learn, mpmath).\n"
        "import importlib.util\n\n"
        'if importlib.util.find_spec("sigmoid_core") is None:\n'
        f'    %pip install --quiet "sigmoid-core[notebooks] @ {wheel_url}"'
    )
    return nbformat.v4.new_code_cell(source, metadata={"tags": [INSTALL_TAG]})


def versions_cell() -> nbformat.NotebookNode:
    """The last cell: the versions the notebook was executed with, printed by itself."""
    source = (
        "# The versions this notebook was executed with.\n"
        "import platform\n"
        "from importlib import metadata\n\n"
        'print("Python", platform.python_version())\n'
        f"for name in {REPORTED!r}:\n"
        "    try:\n"
        "        print(name, metadata.version(name))\n"
        "    except metadata.PackageNotFoundError:\n"
        "        pass"
    )
    return nbformat.v4.new_code_cell(source)


def executed_notebook(source_text: str, wheel_url: str, directory: Path) -> str:
    """The notebook with its install and versions cells, executed in ``directory``."""
    notebook = nbformat.reads(source_text, as_version=4)
    notebook.cells = [install_cell(wheel_url), *notebook.cells, versions_cell()]
    for number, cell in enumerate(notebook.cells):
        cell.id = f"cell-{number}"  # stable ids: the same notebook gives the same file
    NotebookClient(
        notebook,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(directory)}},
    ).execute()
    return nbformat.writes(notebook)
