"""The MkDocs plugin: placeholders, registries, build errors that name the page, live reload."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from sigmoid_core.website import content
from sigmoid_core.website.plugin import equations, notebooks, placeholders, theme

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def source_pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if "overrides" not in p.parts)


def test_every_registered_item_is_used_and_every_placeholder_is_registered():
    used: dict[str, set[str]] = {"value": set(), "figure": set(), "table": set()}
    for page in source_pages():
        for kind, name in placeholders.names_used(page.read_text(encoding="utf-8")):
            if kind in used:
                used[kind].add(name)
    registered = {
        "value": set(content.VALUES),
        "figure": set(content.FIGURES),
        "table": set(content.TABLES),
    }
    for kind in used:
        assert used[kind] - registered[kind] == set(), f"{kind}s used but not registered"
        assert registered[kind] - used[kind] == set(), f"{kind}s registered but used nowhere"


def test_placeholders_inside_code_are_left_alone():
    markdown = "A `{{ value:x }}` and\n\n```\n{{ valeu:y }}\n```\n\nthen {{ kind:z }}."
    assert placeholders.names_used(markdown) == [("kind", "z")]
    expanded = placeholders.expand(markdown, "page.md", {"kind": str.upper})
    assert expanded == "A `{{ value:x }}` and\n\n```\n{{ valeu:y }}\n```\n\nthen Z."


def test_a_misspelt_placeholder_kind_is_an_error_naming_the_page():
    with pytest.raises(
        PluginError,
        match=r"guide\.md: unknown placeholder kind 'valeu' in "
        r"\{\{ valeu:x \}\} \(known kinds: value\)",
    ):
        placeholders.expand("{{ valeu:x }}", "guide.md", {"value": str})


def test_equations_are_numbered_and_labels_checked():
    numbered, labels = equations.number_equations(
        "$$\na\\label{a}\n$$\n\n$$\nb\\label{b}\n$$\n", "page.md"
    )
    assert labels == {"a": 1, "b": 2}
    assert '<div class="equation" id="eq-b"' in numbered
    assert '<div class="equation-number"><a href="#eq-b">(2)</a></div>' in numbered
    assert "\\tag" not in numbered  # the number is HTML beside the formula
    with pytest.raises(PluginError, match=r"page\.md: each displayed equation needs"):
        equations.number_equations("$$\nx = 1\n$$\n", "page.md")
    with pytest.raises(PluginError, match="used twice"):
        equations.number_equations("$$\na\\label{a}\n$$\n\n$$\nb\\label{a}\n$$\n", "page.md")


# ---------------------------------------------------------------- whole builds of tiny sites


def tiny_project(folder: Path, page: str, package: Path | None = None) -> Path:
    """A one-page site with the plugin, reading the project's bibliography and KaTeX."""
    docs = folder / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text(page, encoding="utf-8")
    config = folder / "mkdocs.yml"
    watch = f"watch: [{package}]\n" if package else ""
    config.write_text(
        "site_name: t\n"
        f"docs_dir: {docs}\n"
        f"site_dir: {folder / 'site'}\n"
        "theme: {name: material, custom_dir: " + str(DOCS / "overrides") + "}\n"
        "plugins:\n"
        "  - sigmoid:\n"
        f"      bibliography: {DOCS / 'bibliography.yml'}\n"
        f"      data_dir: {DOCS / 'data'}\n"
        f"      node_modules: {ROOT / 'node_modules'}\n"
        f"      math_renderer: {ROOT / 'scripts' / 'render_math.mjs'}\n"
        f"      cache_dir: {folder / 'cache'}\n"
        "markdown_extensions:\n  - attr_list\n  - md_in_html\n"
        "  - pymdownx.arithmatex:\n      generic: true\n" + watch,
        encoding="utf-8",
    )
    return config


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (
            "---\ndescription: d\n---\n# T\n\n$\\frac{1}{$\n",
            re.escape('index.md: cannot typeset the math "\\frac{1}{"'),
        ),
        (
            "---\ndescription: d\n---\n# T\n\n{{ value:missing }}\n",
            "index.md: unknown value 'missing'",
        ),
        (
            "---\ndescription: d\n---\n# T\n\n{{ figure:missing }}\n",
            "index.md: unknown figure 'missing'",
        ),
        (
            "---\ndescription: d\n---\n# T\n\n{{ valeu:sigmoid_at_0 }}\n",
            "index.md: unknown placeholder kind 'valeu'",
        ),
        ("# T\n\nno description\n", "index.md: every page needs a description"),
        (
            "---\ndescription: d\n---\n# T\n\n{{ cite:nobody2020 }}\n",
            "index.md: unknown citation 'nobody2020'",
        ),
        (
            "---\ndescription: d\n---\n# T\n\n$$\nx\n$$\n",
            "index.md: each displayed equation needs exactly one",
        ),
        (
            "---\ndescription: d\n---\n# T\n\nsee {{ eqref:nowhere }}\n",
            "index.md: no equation labelled 'nowhere' on this page",
        ),
    ],
    ids=[
        "malformed-tex",
        "unknown-value",
        "unknown-figure",
        "unknown-kind",
        "no-description",
        "unknown-citation",
        "unlabelled-equation",
        "unknown-equation",
    ],
)
def test_build_fails_naming_the_page(tmp_path, caplog, page, message):
    with pytest.raises(Abort):
        build(load_config(str(tiny_project(tmp_path, page))))
    assert re.search(message, caplog.text), caplog.text


def test_a_tiny_site_shows_a_value_a_figure_and_a_citation(tmp_path):
    config = tiny_project(
        tmp_path,
        "---\ndescription: d\n---\n# T\n\n"
        "{{ value:sigmoid_at_1 }} {{ figure:sigmoid-curve }}"
        " {{ cite:verhulst1845 }}\n",
    )
    build(load_config(str(config)))
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert content.format_value("sigmoid_at_1") in page
    assert 'src="figures/sigmoid-curve.svg"' in page
    assert (tmp_path / "site" / "figures" / "sigmoid-curve.svg").is_file()
    assert not (tmp_path / "site" / "figures" / "logit-curve.svg").exists()  # not shown
    assert 'class="page-info"' in page and "Cite this page" in page


# ---------------------------------------------------------------- make serve


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture()
def served_copy(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen, str]]:
    """`mkdocs serve` of a tiny site, importing a scratch copy of sigmoid_core."""
    package = tmp_path / "package" / "sigmoid_core"
    shutil.copytree(ROOT / "sigmoid_core", package, ignore=shutil.ignore_patterns("__pycache__"))
    config = tiny_project(
        tmp_path / "project",
        "---\ndescription: d\n---\n# T\n\nvalue={{ value:sigmoid_at_0 }}\n",
        package,
    )
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(package.parent), "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "--config-file",
            str(config),
            "--dev-addr",
            f"127.0.0.1:{port}",
            "--no-strict",
        ],
        cwd=tmp_path,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield package, server, f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_for_log(server: subprocess.Popen, text: str) -> None:
    """Read the server's log until a line contains text (fails if the server stops)."""
    for line in server.stderr:
        assert "Error" not in line and "Traceback" not in line, line
        if text in line:
            return
    pytest.fail(f"mkdocs serve stopped before logging {text!r}")


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def text_of(html_text: str) -> str:
    """What a reader reads (a value is a link to where it was computed)."""
    return BeautifulSoup(html_text, "html.parser").get_text()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_make_serve_shows_edits_to_the_core_the_content_and_the_plugin(served_copy):
    package, server, url = served_copy
    wait_for_log(server, "Serving on")
    page = text_of(fetch(url))
    assert "value=0.5" in page and "The Sigmoid Reference contributors" in page
    edits = [
        (
            package / "website" / "content" / "curve.py",
            '@value(".1f", "sigma(0)")',
            '@value(".3f", "sigma(0)")',
            "value=0.500",
        ),
        (
            package / "website" / "plugin" / "citations.py",
            'SITE_AUTHOR = "The Sigmoid Reference contributors"',
            'SITE_AUTHOR = "Edited plugin"',
            "Edited plugin",
        ),
        (
            package / "functions.py",
            '    return _apply("sigmoid", ',
            '    return 0.25 + 0 * _apply("sigmoid", ',
            "value=0.250",
        ),
    ]
    for path, old, new, shown in edits:
        edit(path, old, new)
        wait_for_log(server, "Reloading browsers")
        assert shown in text_of(fetch(url)), f"the edit of {path.name} does not show"


def test_edits_of_other_tools_output_fail_when_that_output_changes_shape():
    with pytest.raises(PluginError, match=r"nb\.ipynb: found no MathJax loader .* changed shape"):
        notebooks.restyle("<div>a notebook rendered some other way</div>", "nb.ipynb")
    with pytest.raises(PluginError, match=r"page\.md: the theme's script tag has changed"):
        theme.defer_theme_script('<script src="assets/app.js"></script>', "page.md")
    with pytest.raises(PluginError, match=r"page\.md: the theme's search dialog has changed"):
        theme.name_search_dialog('<div class="md-search" role="search">', "page.md")
