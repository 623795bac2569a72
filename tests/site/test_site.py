"""The built site's HTML: titles, descriptions, links, images, generated values and figures."""

from __future__ import annotations

import functools
import json
import re
import runpy
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from sigmoid_core.website.content import FIGURES, VALUES, format_value
from sigmoid_core.website.plotting import notebook_figure
from sigmoid_core.website.tools import site_pages

ROOT = Path(__file__).resolve().parents[2]

LOCAL = "http://site.invalid/"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@functools.cache
def ids_in(path: Path) -> frozenset[str]:
    return frozenset(tag["id"] for tag in soup(path).find_all(id=True))


def page_url(site: Path, page: Path) -> str:
    return LOCAL + page.relative_to(site).as_posix()


def resolve(site: Path, base_url: str, reference: str) -> tuple[Path, str] | None:
    """The file a same-site reference points to, and its #fragment; None if external."""
    url = urlparse(urljoin(base_url, reference))
    if f"{url.scheme}://{url.netloc}/" != LOCAL:
        return None
    path = site / unquote(url.path).lstrip("/")
    if path.is_dir() or url.path.endswith("/"):
        path = path / "index.html"
    return path, url.fragment


def test_every_page_has_a_title_and_a_meta_description(site):
    pages = site_pages(site)
    assert len(pages) >= 5
    for page in pages:
        document = soup(page)
        assert document.title and document.title.get_text(strip=True), page
        meta = document.find("meta", attrs={"name": "description"})
        assert meta and meta.get("content", "").strip(), f"{page} has no meta description"


def test_every_content_page_has_its_own_description(site):
    descriptions = {}
    for page in site_pages(site):
        if page.name == "404.html":
            continue
        content = soup(page).find("meta", attrs={"name": "description"})["content"]
        descriptions.setdefault(content, []).append(page.relative_to(site).as_posix())
    repeated = {text: where for text, where in descriptions.items() if len(where) > 1}
    assert not repeated


def test_every_internal_link_image_and_anchor_resolves(site):
    problems = []
    for page in site_pages(site):
        document = soup(page)
        base = page_url(site, page)
        references = [(a["href"], "a") for a in document.find_all("a", href=True)]
        references += [
            (tag["src"], tag.name) for tag in document.find_all(["img", "script"], src=True)
        ]
        references += [
            (tag["href"], "link")
            for tag in document.find_all("link", href=True)
            if "stylesheet" in tag.get("rel", []) or "icon" in tag.get("rel", [])
        ]
        for reference, kind in references:
            if reference.startswith(("mailto:", "data:")):
                continue
            target = resolve(site, base, reference)
            if target is None:
                assert kind == "a", f"{page}: {kind} loads from another host: {reference}"
                continue
            path, fragment = target
            if not path.is_file():
                problems.append(f"{page.relative_to(site)}: {reference} ({kind}) is missing")
            elif fragment and path.suffix == ".html" and unquote(fragment) not in ids_in(path):
                problems.append(f"{page.relative_to(site)}: no #{fragment} in {path.name}")
    assert not problems, "\n".join(problems)


def test_stylesheets_reference_only_files_that_exist(site):
    for css in site.rglob("*.css"):
        for reference in re.findall(r"url\(([^)]+)\)", css.read_text(encoding="utf-8")):
            reference = reference.strip("'\"")
            if reference.startswith("data:"):
                continue
            assert not reference.startswith(("http:", "https:", "//")), f"{css}: {reference}"
            assert (css.parent / reference.split("#")[0].split("?")[0]).is_file(), reference


def test_theme_palette_does_not_restyle_every_element_at_load(site):
    # mkdocs-material sets and removes data-md-color-switching on <body> at each page load;
    # a rule reacting to it makes the browser restyle all of a page's elements twice.
    sheets = list((site / "assets" / "stylesheets").glob("palette.*.min.css"))
    assert sheets
    for sheet in sheets:
        text = sheet.read_text(encoding="utf-8")
        assert "data-md-color-scheme=slate" in text, sheet  # still the theme's dark scheme
        assert "data-md-color-switching" not in text, sheet


def test_no_script_holds_back_the_first_paint(site):
    for page in site_pages(site):
        for script in soup(page).find_all("script", src=True):
            assert script.has_attr("defer") or script.has_attr("async"), f"{page}: {script}"


def test_no_placeholder_or_raw_arithmatex_is_left(site):
    for page in site_pages(site):
        document = soup(page)
        for code in document.find_all("code"):  # the contributing page shows the syntax
            code.decompose()
        text = str(document)
        assert not re.search(r"\{\{\s*[a-z]+:", text), page
        assert not re.search(r'class="arithmatex"[^>]*>\s*\\[(\[]', text), page


def test_math_is_typeset_into_the_html_with_mathml(site):
    derivative = (site / "derivative" / "index.html").read_text(encoding="utf-8")
    assert derivative.count('class="katex-display"') >= 8
    assert "<math" in derivative  # MathML for screen readers
    assert not list(site.rglob("katex*.js")), "readers' browsers must not need KaTeX's JS"
    assert (site / "assets" / "katex" / "katex.min.css").is_file()
    assert len(list((site / "assets" / "katex" / "fonts").glob("*.woff2"))) >= 10


def key_values(page: Path) -> dict[str, str]:
    """The home page's table of key values: each quantity's TeX and the value shown."""
    table = soup(page).select_one("article table")
    shown = {}
    for row in table.select("tbody tr"):
        quantity, value = row.find_all("td")[:2]
        tex = " ".join(a.get_text() for a in quantity.select("annotation")) or quantity.get_text()
        shown[tex.strip()] = " ".join(value.get_text().split())
    return shown


def test_pages_show_the_values_the_core_computes(site):
    shown = key_values(site / "index.html")
    assert shown["\\sigma(0)"] == format_value("sigmoid_at_0")
    assert shown["\\sigma(1)"] == (
        f"{format_value('sigmoid_at_1')} (float64: {format_value('sigmoid_at_1_full')})"
    )
    assert shown["\\sigma(-1)"] == format_value("sigmoid_at_minus_1")
    assert format_value("sigmoid_at_1") == "0.7311"  # the seed tutorial's 0.7315 is wrong


def test_every_registered_value_is_finite_text():
    for name, value in VALUES.items():
        text = format_value(name)
        if value.shows_failure:  # e.g. the naive loss that overflows, shown on purpose
            assert text in ("inf", "-inf", "nan"), name
        else:
            assert text and "nan" not in text and "inf" not in text, name


def test_figures_are_svg_files_of_the_site_without_dates(site):
    for name in FIGURES:
        svg = (site / "figures" / f"{name}.svg").read_bytes()
        assert svg.startswith(b"<?xml") and svg.rstrip().endswith(b"</svg>"), name
        assert b"<dc:date>" not in svg, name


def test_every_figure_has_alt_text_on_its_page(site):
    shown = {}
    for page in site_pages(site):
        for img in soup(page).select("figure.sigmoid-figure img"):
            if Path(img["src"]).name.startswith("notebook-figure-"):  # checked with notebooks
                continue
            shown[Path(img["src"]).stem] = img.get("alt", "")
            assert img.get("width") and img.get("height"), "figures reserve their space"
    assert set(shown) == set(FIGURES)
    for name, alt in shown.items():
        assert alt == FIGURES[name].alt and len(alt) > 40, name


def test_a_notebook_figure_is_a_data_uri_that_decodes_to_its_svg():
    figure = notebook_figure(
        lambda ax: ax.plot([0, 1], [0, 1], color="#1f77b4"),
        alt="A straight line from the origin to the point (1, 1).",
    )
    img = BeautifulSoup(figure._repr_html_(), "html.parser").select_one("figure img")
    prefix, _, data = img["src"].partition(",")
    assert prefix == "data:image/svg+xml"
    # A raw '#' would start the URL's fragment and cut the SVG short in the browser.
    assert "#" not in data and '"' not in data
    assert unquote(data).encode("utf-8") == figure.svg
    assert img["alt"] == figure.alt


def test_a_notebook_figure_needs_alt_text():
    with pytest.raises(ValueError, match="alt text"):
        notebook_figure(lambda ax: None, alt="  ")


NOTEBOOKS = sorted((ROOT / "docs" / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_executed_with_its_outputs(site, notebook):
    page = site / "notebooks" / notebook.stem / "index.html"
    document = soup(page)
    outputs = document.select(".jp-OutputArea-output")
    assert len(outputs) >= 2, "the notebook was not executed"
    assert not document.select('[data-mime-type="application/vnd.jupyter.stderr"]'), (
        "a cell wrote to stderr (an unexpected warning or error)"
    )
    figures = document.select(".jp-OutputArea-output figure.sigmoid-figure img")
    assert figures, "the notebook's figure is missing"
    for img in figures:
        assert "No description" not in img["alt"] and len(img["alt"]) > 40
        svg = (page.parent / img["src"]).read_bytes()  # a file next to the page
        assert svg.startswith(b"<?xml") and svg.rstrip().endswith(b"</svg>"), img["src"]
    assert document.select(".jp-RenderedMarkdown .katex"), "notebook math is not typeset"
    html = page.read_text(encoding="utf-8")
    assert "mathjax" not in html.lower() and "cdnjs" not in html
    assert "data:image/svg" not in html, "figures are files, so the page's HTML stays small"
    download = document.select_one("p.notebook-download a[download]")
    assert download is not None and download["href"] == notebook.name
    served = json.loads((page.parent / download["href"]).read_text(encoding="utf-8"))
    source = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    # The download is the notebook as executed: its cells, between an added install cell
    # and an added cell printing the versions (tests/site/test_notebooks_anywhere.py).
    assert [c["source"] for c in served["cells"][1:-1]] == [c["source"] for c in source]
    assert any(c.get("outputs") for c in served["cells"][1:-1])
    assert "sigmoid_core" in "".join("".join(c["source"]) for c in served["cells"])
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    code = "".join("".join(c["source"]) + "\n" for c in source if c["cell_type"] == "code")
    longest_line = max(code.splitlines(), key=len).strip()
    assert json.dumps(longest_line)[1:-1] not in index, "notebook code stays out of search"


def test_notebooks_are_committed_without_outputs():
    for notebook in (ROOT / "docs").rglob("*.ipynb"):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None, notebook


@pytest.mark.parametrize(
    "example", sorted((ROOT / "docs" / "examples").glob("*.py")), ids=lambda p: p.name
)
def test_documentation_examples_run(example, capsys):
    runpy.run_path(str(example), run_name="__main__")
    assert capsys.readouterr().out.strip()


def test_the_search_index_holds_math_as_plain_text_never_tex(site):
    """Raw TeX would show in the search previews; each formula's plain text reads well
    there and can be searched for. (TeX shown as code, on the contributing page, stays.)"""
    entries = json.loads((site / "search" / "search_index.json").read_text())["docs"]
    tex = re.compile(r"\\[a-zA-Z]+|\\[()\[\]]|\$")
    with_tex = [
        f"{e['location']}: {found[0]!r}"
        for e in entries
        if (found := tex.search(re.sub(r"<code>.*?</code>", "", e["title"] + e["text"])))
    ]
    assert not with_tex, with_tex
    text = {e["location"]: e["text"] for e in entries}
    assert "σ′(x) = σ(x) (1 − σ(x))." in text["derivative/"]  # display math, from TeX
    assert "σ(x) = (1 + e⁻ˣ)⁻¹." in text["derivative/#derivation-step-by-step"]
    assert "σ(x) = 1/(1 + e⁻ˣ)" in text["notebooks/sigmoid-from-scratch/#sigmoid-from-scratch"]
    assert any("logit" in e["text"] for e in entries if e["location"].startswith("definition/"))


def test_measured_tables_are_marked_kept_out_of_search_and_comparisons(site):
    """Timings differ between builds: they are the only marked part, and nothing else."""
    from sigmoid_core.website.content import TABLES
    from sigmoid_core.website.tools import site_files

    measured = {name for name, spec in TABLES.items() if spec.measured}
    assert measured == {"approximation-speed", "measured-machine"}
    page = site / "approximations" / "index.html"
    blocks = soup(page).select("div[data-measured]")  # the search plugin drops its own mark
    assert len(blocks) == len(measured) and all(block.select_one("table") for block in blocks)
    assert not soup(page).select("div[data-measured] div"), "no <div> nests inside a block"
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"])
    cell = blocks[0].select("td")[-1].get_text(strip=True)  # a measured number
    assert cell and cell not in text
    stripped = site_files(site, without_measurements=True)["approximations/index.html"]
    assert b"data-measured" not in stripped and b"<table" in stripped
