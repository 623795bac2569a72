"""A notebook downloaded from the site runs where sigmoid_core is not installed.

Exactly what a reader does: a fresh virtual environment with only Jupyter (the kernel and
the client that runs notebooks), NumPy and Matplotlib; each notebook downloaded from the
built site as it is served; executed there. Its first cell installs sigmoid_core from the
wheel the same site serves (and, from PyPI, what the notebooks import besides).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
import venv
from pathlib import Path

import nbformat
import pytest

from sigmoid_core.website.plugin.downloads import INSTALL_TAG

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(path.stem for path in (ROOT / "docs" / "notebooks").glob("*.ipynb"))
#: The environment of a reader's shell: nothing that points Python at this checkout.
CLEAN_ENV = {
    key: value
    for key, value in os.environ.items()
    if key not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"}
}
RUN = """
import sys, nbformat, nbclient
notebook = nbformat.read(sys.argv[1], as_version=4)
nbclient.NotebookClient(notebook, kernel_name="python3", timeout=600,
                        resources={"metadata": {"path": sys.argv[2]}}).execute()
nbformat.write(notebook, sys.argv[1])
"""


@pytest.fixture(scope="module")
def fresh_python(tmp_path_factory) -> Path:
    """A virtual environment with Jupyter's kernel and client, NumPy and Matplotlib only."""
    folder = tmp_path_factory.mktemp("fresh-env")
    venv.create(folder, with_pip=True)
    python = folder / "bin" / "python"
    packages = ["nbclient", "ipykernel", "numpy", "matplotlib"]
    # The lock's versions, their hashes checked by the pinned pip (which, unlike the pip
    # that venv bundles, takes hashes from a constraints file).
    install = [python, "-m", "pip", "install", "--quiet", "--require-hashes"]
    subprocess.run([*install, "-r", ROOT / "requirements" / "pip.txt"], check=True, env=CLEAN_ENV)
    lock = ROOT / "requirements" / "lock.txt"
    subprocess.run([*install, "-c", lock, *packages], check=True, env=CLEAN_ENV)
    missing = subprocess.run(
        [python, "-c", "import sigmoid_core"], capture_output=True, env=CLEAN_ENV, cwd=folder
    )
    assert missing.returncode != 0, "the fresh environment must not have sigmoid_core"
    return python


def download(url: str) -> dict:
    with urllib.request.urlopen(url) as response:  # noqa: S310  (loopback)
        return json.loads(response.read())


def test_every_downloaded_notebook_has_outputs_an_install_cell_and_its_versions(site_url):
    for name in NOTEBOOKS:
        notebook = download(f"{site_url}notebooks/{name}/{name}.ipynb")
        first, last = notebook["cells"][0], notebook["cells"][-1]
        assert INSTALL_TAG in first["metadata"]["tags"], name
        assert f"{site_url}downloads/sigmoid_core-" in "".join(first["source"]), name
        assert any(cell.get("outputs") for cell in notebook["cells"]), f"{name}: no outputs"
        printed = "".join("".join(output["text"]) for output in last["outputs"])
        assert "sigmoid-core " in printed and "numpy " in printed, name


def test_downloaded_notebooks_run_in_a_fresh_environment(site_url, fresh_python, tmp_path):
    for name in NOTEBOOKS:
        path = tmp_path / f"{name}.ipynb"
        nbformat.write(
            nbformat.from_dict(download(f"{site_url}notebooks/{name}/{name}.ipynb")), path
        )
        done = subprocess.run(
            [fresh_python, "-c", RUN, path, tmp_path],
            capture_output=True,
            text=True,
            env=CLEAN_ENV,
            cwd=tmp_path,  # not the checkout, whose sigmoid_core/ python -c would import
        )
        assert done.returncode == 0, f"{name} failed in a fresh environment:\n{done.stderr[-3000:]}"
    installed = subprocess.run(
        [fresh_python, "-c", "import sigmoid_core; print(sigmoid_core.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        env=CLEAN_ENV,
        cwd=tmp_path,
    )
    assert installed.stdout.startswith(str(fresh_python.parents[1])), "installed from the wheel"
    assert sys.prefix not in installed.stdout
