"""The GitHub workflows ship only tested builds, with the least privilege each job needs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

WORKFLOWS = Path(__file__).resolve().parents[2] / ".github" / "workflows"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")
WRITE_TO_PAGES = {"pages": "write", "id-token": "write"}


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["pages.yml", "test.yml"])
def test_every_job_is_pinned_bounded_and_least_privileged(name):
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    workflow = load(name)
    assert "permissions" in workflow, "the workflow's default permissions are declared"
    for job_name, job in workflow["jobs"].items():
        assert job.get("timeout-minutes", 0) > 0, f"{job_name}: a timeout"
        permissions = job.get("permissions", workflow["permissions"]) or {}
        if job_name != "deploy":
            assert not set(permissions.items()) & set(WRITE_TO_PAGES.items()), job_name
        for step in job["steps"]:
            if "uses" in step:
                assert PINNED.match(step["uses"]), f"{job_name}: {step['uses']} by commit"
                assert re.search(re.escape(step["uses"]) + r"\s+# v\d", text), "its version"
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, job_name
                assert step["with"]["fetch-depth"] == 0, f"{job_name}: last-updated dates"
            if step.get("uses", "").startswith("actions/setup-node@"):
                assert int(step["with"]["node-version"]) >= 22, "a maintained Node"


def test_pages_deploys_only_after_the_tests_pass_and_only_deploy_writes():
    jobs = load("pages.yml")["jobs"]
    assert [jobs[name]["needs"] for name in ("build", "publish", "deploy")] == [
        "test",
        "build",
        "publish",
    ]
    assert any(step.get("run") == "bash .ci/run" for step in jobs["test"]["steps"])
    assert jobs["deploy"]["permissions"] == WRITE_TO_PAGES
    # The jobs that install packages and run notebooks cannot write anything; the one
    # that pushes the versions' branch runs no third-party code but git.
    for name in ("test", "build"):
        assert "write" not in jobs[name]["permissions"].values(), name
    assert jobs["publish"]["permissions"] == {"contents": "write"}
    assert not any("make" in step.get("run", "") for step in jobs["publish"]["steps"])


def test_pages_releases_tags_and_needs_the_public_url():
    workflow = load("pages.yml")
    assert "v*" in workflow[True]["push"]["tags"]  # YAML reads the key `on` as True
    build = "\n".join(step.get("run", "") for step in workflow["jobs"]["build"]["steps"])
    assert "scripts/versions.py deploy" in build
    step = next(s for s in workflow["jobs"]["build"]["steps"] if "deploy" in s.get("run", ""))
    assert "steps.pages.outputs.base_url" in step["env"]["SITE_URL"]
