"""Permanent versions of the site, kept by mike on the ``gh-pages`` branch.

Every release is built once, from the commit tagged ``v<version>``, into its own folder
of the branch (``1.0/``) and never rebuilt; ``latest/`` redirects to the newest release,
``dev/`` holds the development version, ``versions.json`` lists them all (the theme's
version selector reads it). The branch's files are exactly what GitHub Pages serves.

    versions.py deploy VERSION   add VERSION ("1.0", or "dev") to the branch (the Pages
                                 workflow; needs SITE_URL, refuses to rebuild a release)
    versions.py export DIR       the branch's files into DIR, as Pages serves them
    versions.py preview DIR      `make versions`: the working tree as "dev" beside every
                                 release of gh-pages (or origin/gh-pages), into DIR
    versions.py release          `make release`: check the commit is the tagged release
                                 and push the tag; the workflow tests, builds, deploys
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

from sigmoid_core.website.plugin.versions import (
    DEV,
    LATEST,
    ReleaseError,
    check_release_commit,
    project_version,
    tag_name,
)

ROOT = Path(__file__).resolve().parent.parent
BRANCH = "gh-pages"
PREVIEW_BRANCH = "versions-preview"
PREVIEW_URL = "http://127.0.0.1:8000/"


def git(*arguments: str, capture: bool = True) -> str:
    result = subprocess.run(
        ["git", *arguments], cwd=ROOT, check=True, text=True, capture_output=capture
    )
    return result.stdout.strip() if capture else ""


def branch_exists(name: str) -> bool:
    return (
        subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}"],
            cwd=ROOT,
            capture_output=True,
        ).returncode
        == 0
    )


def deployed_versions(branch: str) -> list[dict]:
    """The branch's versions.json (mike's list), empty for a new branch."""
    if not branch_exists(branch):
        return []
    found = subprocess.run(
        ["git", "show", f"{branch}:versions.json"], cwd=ROOT, capture_output=True, text=True
    )
    return json.loads(found.stdout) if found.returncode == 0 else []


def start_branch(branch: str, start: str | None) -> None:
    """Make ``branch`` exist locally: from ``start``, else from origin's copy, else new."""
    if branch_exists(branch):
        return
    base = start if start and branch_exists(start) else f"origin/{BRANCH}"
    if branch_exists(base):
        git("branch", branch, base)


def mike(*arguments: str, site_url: str) -> None:
    """Run mike (which runs the strict MkDocs build) with the site's public URL."""
    programs = Path(sys.executable).parent  # mike runs `mkdocs` from PATH: this venv's
    env = {
        **os.environ,
        "SITE_URL": site_url,
        "NO_MKDOCS_2_WARNING": "1",
        "PATH": f"{programs}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    env.setdefault("GIT_COMMITTER_NAME", "sigmoid-reference versions")
    env.setdefault("GIT_COMMITTER_EMAIL", "versions@localhost")
    subprocess.run([str(programs / "mike"), *arguments], cwd=ROOT, env=env, check=True)


def deploy(version: str, *, branch: str = BRANCH, site_url: str | None = None) -> None:
    """Add ``version`` to ``branch``: a release once and for ever, or dev again."""
    site_url = site_url or os.environ.get("SITE_URL", "")
    if not site_url:
        raise SystemExit(
            "deploy: set SITE_URL to the site's public root URL (e.g. "
            "https://owner.github.io/repository/): every page's permanent URL, canonical "
            "link and citation is made from it"
        )
    start_branch(branch, None)
    released = [entry["version"] for entry in deployed_versions(branch)]
    arguments = ["deploy", "--branch", branch, "--config-file", "mkdocs.yml"]
    if version == DEV:
        mike(*arguments, "--title", "dev (unreleased)", DEV, site_url=site_url)
        if not released or released == [DEV]:
            mike("set-default", "--branch", branch, DEV, site_url=site_url)
        return
    if version in released:
        raise SystemExit(
            f"deploy: {version} is already released; a release is never rebuilt "
            "(its readers cite its files): release a new version instead"
        )
    if version != project_version(ROOT):
        raise SystemExit(f"deploy: pyproject.toml says {project_version(ROOT)}, not {version}")
    try:
        check_release_commit(ROOT, version)
    except ReleaseError as error:
        raise SystemExit(f"deploy: {error}") from None
    mike(*arguments, "--update-aliases", version, LATEST, site_url=site_url)
    mike("set-default", "--branch", branch, LATEST, site_url=site_url)


def export(branch: str, folder: Path) -> None:
    """Write the files of ``branch`` into ``folder`` (emptied first)."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", branch], cwd=ROOT, check=True, capture_output=True
    ).stdout
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")


def preview(folder: Path) -> None:
    """The working tree as dev beside every release, as it will be served, in ``folder``."""
    if branch_exists(PREVIEW_BRANCH):
        git("branch", "-D", PREVIEW_BRANCH)
    start_branch(PREVIEW_BRANCH, BRANCH)
    try:
        deploy(DEV, branch=PREVIEW_BRANCH, site_url=os.environ.get("SITE_URL", PREVIEW_URL))
        export(PREVIEW_BRANCH, folder)
    finally:
        if branch_exists(PREVIEW_BRANCH):
            git("branch", "-D", PREVIEW_BRANCH)
    listed = ", ".join(
        entry["version"] for entry in json.loads((folder / "versions.json").read_text())
    )
    print(f"{folder}/: {listed}. Read it: python3 -m http.server -d {folder} 8000")


def release() -> None:
    """Check that HEAD is the clean commit tagged for pyproject's version; push the tag."""
    version = project_version(ROOT)
    try:
        check_release_commit(ROOT, version)
    except ReleaseError as error:
        raise SystemExit(f"release: {error}") from None
    tag = tag_name(version)
    if not git("remote"):
        raise SystemExit(
            f"release: {tag} is ready, but this repository has no remote to push it to"
        )
    git("push", "origin", tag, capture=False)
    print(f"Pushed {tag}: the pages workflow tests it, builds {version}, and deploys it.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("deploy").add_argument("version")
    commands.add_parser("export").add_argument("folder", type=Path)
    commands.add_parser("preview").add_argument("folder", type=Path)
    commands.add_parser("release")
    arguments = parser.parse_args()
    if arguments.command == "deploy":
        deploy(arguments.version)
    elif arguments.command == "export":
        export(BRANCH, arguments.folder)
    elif arguments.command == "preview":
        preview(arguments.folder)
    else:
        release()


if __name__ == "__main__":
    main()
