"""Every generated number, figure and table names the function that computed it, and links
to that function's lines in the repository when the build knows the repository (issue 13):
`{repo_url}/blob/{tag or commit}/{path}#L{first}-L{last}`, never a dead link."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from mkdocs.commands.build import build
from mkdocs.config import load_config
from test_plugin import tiny_project  # tests/site is on sys.path (rootdir imports)

from sigmoid_core.website import content
from sigmoid_core.website.plugin import placeholders, provenance

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
REGISTRIES = {"value": content.VALUES, "figure": content.FIGURES, "table": content.TABLES}
WORKFLOW = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "example/sigmoid"}
SOURCE_LINK = re.compile(
    r"https://github\.com/example/sigmoid/blob/(?P<ref>[^/]+)/"
    r"(?P<path>sigmoid_core/[\w/]+\.py)#L(?P<first>\d+)-L(?P<last>\d+)"
)


def defines(path: str, first: int, last: int, function: str) -> bool:
    """Lines first..last of the repository's file ``path`` hold ``def function(``."""
    lines = (ROOT / path).read_text(encoding="utf-8").splitlines()[first - 1 : last]
    return any(re.match(rf"def {re.escape(function)}\(", line) for line in lines)


# ---------------------------------------------------------------- the registries


@pytest.mark.parametrize("kind", REGISTRIES)
def test_every_registered_item_resolves_to_a_function_in_the_repository(kind):
    for name, item in REGISTRIES[kind].items():
        source = provenance.of(kind, name)
        # a named function of a content module, not a lambda or a helper's inner function
        assert re.fullmatch(r"sigmoid_core(\.\w+)+", source.name), source.name
        assert source.name == f"{source.module}.{source.qualname}"
        assert source.qualname == name.replace("-", "_"), "items are named after the function"
        assert source.module == item.function.__module__
        assert (ROOT / source.path).is_file(), f"{name}: {source.path} is not in the repository"
        assert source.path == source.module.replace(".", "/") + ".py"
        assert 1 <= source.first < source.last, name
        assert defines(source.path, source.first, source.last, source.qualname), name
        # the range starts at the declaration (its decorator), which says what the item is
        first_line = (ROOT / source.path).read_text().splitlines()[source.first - 1]
        assert first_line.startswith(("@value(", "@figure(", "@table(")), (name, first_line)


def test_a_source_links_to_its_lines_only_when_the_repository_is_known():
    source = provenance.of("value", "max_slope")
    assert source.name == "sigmoid_core.website.content.curve.max_slope"
    linked = provenance.Repository("https://github.com/example/sigmoid/", "v1.0")
    assert linked.link(source) == (
        "https://github.com/example/sigmoid/blob/v1.0/sigmoid_core/website/content/curve.py"
        f"#L{source.first}-L{source.last}"
    )
    assert provenance.Repository(None, "v1.0").link(source) is None


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("sigmoid_core.website.content.curve", ["sigmoid_core.website.content.curve"]),
        (
            "sigmoid_core.website.content.derivatives.sigmoid_and_derivative",
            ["sigmoid_core.website.content.", "derivatives.sigmoid_and_derivative"],
        ),
        (
            "sigmoid_core.website.content.frameworks.framework_names_deep_learning",
            ["sigmoid_core.website.content.", "frameworks.", "framework_names_deep_learning"],
        ),
        # one name too long for a phone's line may break after an underscore
        ("jax_grad_sigmoid_error_at_10_float32", ["jax_grad_sigmoid_error_at_10_", "float32"]),
    ],
)
def test_a_dotted_name_wraps_only_between_its_components(name, lines):
    """<wbr> between components (and only as many as a 320 px line needs): the text, and
    what a reader copies, is the name itself."""
    markup = BeautifulSoup(f"<code>{provenance.breakable(name)}</code>", "html.parser").code
    assert markup.get_text() == name
    assert [str(text) for text in markup.contents if isinstance(text, str)] == lines
    assert all(len(line) <= provenance.LONGEST_UNBROKEN for line in lines[:-1])


def test_placeholders_in_math_and_in_html_attributes_get_plain_text():
    """A value becomes a link in text; in TeX (typeset by KaTeX) and in an attribute it
    stays plain text."""
    markdown = (
        "a {{ v:x }}, $y = {{ v:x }}$ and $\\frac{1}{ {{ v:x }} }$\n\n"
        "$$\nz = {{ v:x }}\n$$\n\n"
        '<div data-x="{{ v:x }}" markdown="block">{{ v:x }} \\(w = {{ v:x }}\\)</div>\n\n'
        "costs \\$ {{ v:x }} and `{{ v:x }}`"
    )
    expanded = placeholders.expand(
        markdown, "page.md", {"v": lambda name: f"<a>{name}</a>"}, plain={"v": str.upper}
    )
    assert expanded == (
        "a <a>x</a>, $y = X$ and $\\frac{1}{ X }$\n\n"
        "$$\nz = X\n$$\n\n"
        '<div data-x="X" markdown="block"><a>x</a> \\(w = X\\)</div>\n\n'
        "costs \\$ <a>x</a> and `{{ v:x }}`"
    )


# ---------------------------------------------------------------- tiny builds

TINY_PAGE = (
    "---\ndescription: d\n---\n# T\n\n"
    "The slope peaks at {{ value:max_slope }}, that is $\\sigma'(0) = {{ value:max_slope }}$, "
    "and $\\sigma(1) \\approx$ {{ value:sigmoid_at_1 }}.\n\n"
    "{{ figure:sigmoid-curve }}\n\n"
    "{{ table:saturation-thresholds }}\n"
)


def build_tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workflow: bool) -> BeautifulSoup:
    for variable, setting in WORKFLOW.items():
        if workflow:
            monkeypatch.setenv(variable, setting)
        else:
            monkeypatch.delenv(variable, raising=False)
    build(load_config(str(tiny_project(tmp_path, TINY_PAGE))))
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def computed_by(page: BeautifulSoup) -> dict[str, Tag]:
    """Each "Computed by" line of a figure or table, by the function it names."""
    lines = {}
    for line in page.select(".sigmoid-computed-by"):
        text = line.get_text()
        assert text.startswith("Computed by "), text
        lines[text.removeprefix("Computed by ").rstrip(".")] = line
    return lines


def values_listed(page: BeautifulSoup) -> dict[str, Tag]:
    """The entries of the page's "Where this page's numbers come from", by value name: each
    the function's name (a link to its source, or code), which the text's numbers link to."""
    details = page.select("article details.sigmoid-provenance")
    assert len(details) == 1
    assert "Where this page\u2019s numbers come from" in details[0].summary.get_text()
    entries = details[0].select('[id^="value-"]')
    listed = {entry["id"].removeprefix("value-"): entry for entry in entries}
    assert len(listed) == len(entries), "each value is listed once"
    return listed


def module_of(entry: Tag) -> str:
    """The module whose functions the entry's paragraph lists."""
    return entry.find_parent("p").select_one("code.sigmoid-module").get_text()


def check_entry(name: str, entry: Tag) -> None:
    """The entry names the value's function, its module, the number and what it is."""
    function = provenance.of("value", name)
    assert entry.get_text() == function.qualname == name
    assert module_of(entry) == function.module
    value = content.VALUES[name]
    assert f"{name} = {content.format_value(name)} ({value.meaning})" in entry.parent.get_text()


def test_a_tiny_site_in_a_workflow_links_every_item_to_its_function(tmp_path, monkeypatch):
    page = build_tiny(tmp_path, monkeypatch, workflow=True)
    figure, table = (
        provenance.of("figure", "sigmoid-curve"),
        provenance.of("table", "saturation-thresholds"),
    )
    lines = computed_by(page)
    assert set(lines) == {figure.name, table.name}
    assert lines[figure.name].find_parent("figcaption") is not None
    assert lines[table.name].find_previous_sibling("table") is not None
    listed = values_listed(page)
    assert list(listed) == ["max_slope", "sigmoid_at_1"]  # each once, in order of appearance
    for name, entry in listed.items():
        check_entry(name, entry)
    links = [line.a for line in lines.values()] + list(listed.values())
    expected = [
        figure,
        table,
        provenance.of("value", "max_slope"),
        provenance.of("value", "sigmoid_at_1"),
    ]
    for link, source in zip(links, expected, strict=True):
        found = SOURCE_LINK.fullmatch(link["href"])
        assert found, link["href"]
        assert found["path"] == source.path
        assert defines(found["path"], int(found["first"]), int(found["last"]), source.qualname)
    # numbers in the text point to their entries; in the math they stay TeX for KaTeX
    pointers = page.select("article a.sigmoid-value")
    assert [a["href"] for a in pointers] == ["#value-max_slope", "#value-sigmoid_at_1"]
    assert [a.get_text() for a in pointers] == [
        content.format_value("max_slope"),
        content.format_value("sigmoid_at_1"),
    ]
    assert all("max_slope" in a["title"] or "sigmoid_at_1" in a["title"] for a in pointers)
    math = page.select("article .katex")
    assert any(content.format_value("max_slope") in m.get_text() for m in math)
    assert not page.select(".katex a, .katex-error")


def test_a_tiny_site_outside_a_workflow_names_the_functions_without_links(tmp_path, monkeypatch):
    page = build_tiny(tmp_path, monkeypatch, workflow=False)
    assert set(computed_by(page)) == {
        provenance.of("figure", "sigmoid-curve").name,
        provenance.of("table", "saturation-thresholds").name,
    }
    assert all(line.a is None for line in computed_by(page).values())
    listed = values_listed(page)
    assert list(listed) == ["max_slope", "sigmoid_at_1"]
    for name, entry in listed.items():
        assert entry.name == "code"
        check_entry(name, entry)
    assert not [a["href"] for a in page.select("a[href]") if "/blob/" in a["href"]]


# ---------------------------------------------------------------- the session's site


def built_page(site: Path, source: Path) -> Path:
    name = source.relative_to(DOCS).with_suffix("").as_posix()
    return site / "index.html" if name == "index" else site / name / "index.html"


def pages_using(kind: str) -> dict[Path, list[str]]:
    found: dict[Path, list[str]] = {}
    for page in sorted(DOCS.rglob("*.md")):
        if "overrides" in page.parts:
            continue
        names = [
            n for k, n in placeholders.names_used(page.read_text(encoding="utf-8")) if k == kind
        ]
        if names:
            found[page] = list(dict.fromkeys(names))
    return found


def test_every_figure_and_table_of_the_site_names_its_function(site):
    shown = {"figure": set(), "table": set()}
    for kind in shown:
        for source, names in pages_using(kind).items():
            page = BeautifulSoup(
                built_page(site, source).read_text(encoding="utf-8"), "html.parser"
            )
            lines = computed_by(page)
            for name in names:
                function = provenance.of(kind, name).name
                assert function in lines, f"{source.name}: {kind} {name} does not name {function}"
                if kind == "figure":
                    caption = page.select_one(f"figure#figure-{name} figcaption")
                    assert lines[function] in caption.descendants
                shown[kind].add(name)
    assert shown == {"figure": set(content.FIGURES), "table": set(content.TABLES)}


def test_every_page_with_values_lists_where_each_comes_from(site):
    pages = pages_using("value")
    assert len(pages) > 20
    for source, names in pages.items():
        page = BeautifulSoup(built_page(site, source).read_text(encoding="utf-8"), "html.parser")
        listed = values_listed(page)
        assert set(listed) == set(names), source.name  # grouped by module
        for name, entry in listed.items():
            check_entry(name, entry)
            if entry.name == "a":  # a build that knows its repository
                function = provenance.of("value", name)
                assert entry["href"].endswith(
                    f"/blob/{entry['href'].split('/blob/')[1].split('/')[0]}/"
                    f"{function.path}#L{function.first}-L{function.last}"
                )
        for pointer in page.select("article a.sigmoid-value"):
            assert pointer["href"].removeprefix("#value-") in listed, source.name
