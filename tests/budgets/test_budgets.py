"""Budgets the site keeps (issue 5) that `make test` holds: a rebuild from the cache equal
to the clean build, an explicit list of external links, page weight, page size in
elements and zero axe-core violations. They use the functions `make audit` prints with;
Lighthouse's scores and the build times are measured by `make audit` alone (they are
timings of a busy machine)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from sigmoid_core.website.tools import (
    SCHEMES,
    WEIGHT_BUDGET_BYTES,
    allowed_external_links,
    build_site,
    run_axe,
    site_files,
    site_pages,
)

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # for the one page made wrong
LINKS = ROOT / "docs" / "data" / "external-links.txt"
#: Elements one page may have. Lighthouse's performance score falls as the DOM grows (style
#: recalculation and layout take most of the main thread, and KaTeX makes about 40 elements
#: per formula): pages of 7,700 to 10,100 elements scored 0.77 where pages under 5,000
#: scored 0.89 to 0.92 on the same busy machine. A page that needs more is split.
ELEMENT_BUDGET = 5500


def first_difference(first: bytes, second: bytes) -> str:
    """Where two versions of a file part: the first differing line of text, or the byte."""
    try:
        lines = first.decode("utf-8").splitlines(), second.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        offset = next(
            (i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b),
            min(len(first), len(second)),
        )
        return f"binary, first differing byte at offset {offset}"
    for number, (a, b) in enumerate(zip(*lines, strict=False), start=1):
        if a != b:
            # Minified files are one long line: show the neighbourhood of the change.
            column = next(
                (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                min(len(a), len(b)),
            )
            start = max(column - 60, 0)
            return (
                f"line {number}, column {column + 1}:\n"
                f"    first:  {a[start : start + 160]!r}\n"
                f"    second: {b[start : start + 160]!r}"
            )
    return f"one is a prefix of the other ({len(lines[0])} and {len(lines[1])} lines)"


def test_a_rebuild_from_the_cache_equals_the_clean_build(site, site_origin, build_cache, tmp_path):
    """What the build cache hands back (values, tables, figures, executed notebooks, typeset
    math) must be exactly what computing it afresh gave. (`make audit` also compares two
    clean builds with empty caches.)"""
    result = build_site(
        ROOT, tmp_path / "site", site_url=site_origin, env={"SIGMOID_BUILD_CACHE": str(build_cache)}
    )
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    assert "Cache miss" not in result.stderr, "a notebook was executed again"
    first, second = site_files(site), site_files(tmp_path / "site")
    problems = [f"only in the clean build: {name}" for name in sorted(first.keys() - second)]
    problems += [f"only in the rebuild: {name}" for name in sorted(second.keys() - first)]
    problems += [
        f"{name} differs: {first_difference(first[name], second[name])}"
        for name in sorted(first.keys() & second)
        if first[name] != second[name]
    ]
    assert not problems, "the cached rebuild differs from the clean build:\n" + "\n".join(problems)


def external_links(site_dir: Path, site_url: str, repository_url: str) -> dict[str, set[str]]:
    """Every http(s) target off the site's own origin, with the pages that use it; not the
    links into the repository the site is built from (``repository_url``): the build
    makes them from the workflow's repository, at the commit built."""
    origin = urlparse(site_url)._replace(path="", params="", query="", fragment="")
    found: dict[str, set[str]] = {}
    for page in site_pages(site_dir):
        name = page.relative_to(site_dir).as_posix()
        document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        targets = [tag["href"] for tag in document.find_all(href=True)]
        targets += [tag["src"] for tag in document.find_all(src=True)]
        for target in targets:
            url = urljoin(urljoin(site_url, name), target.strip())
            parsed = urlparse(url)
            if url == repository_url or url.startswith(repository_url + "/"):
                continue
            if parsed.scheme in ("http", "https") and (parsed.scheme, parsed.netloc) != (
                origin.scheme,
                origin.netloc,
            ):
                found.setdefault(url, set()).add(name)
    return found


def test_every_external_link_is_on_the_allow_list_and_every_listed_link_is_used(
    site, site_origin, repository_url
):
    """docs/data/external-links.txt is the one place to review (and `make check-links` to
    fetch) everything the site links to elsewhere; it must not drift from the pages."""
    listed = allowed_external_links(LINKS)
    duplicates = sorted({url for url in listed if listed.count(url) > 1})
    used = external_links(site, site_origin, repository_url)
    missing = sorted(used.keys() - set(listed))
    unused = sorted(set(listed) - used.keys())
    problems = [
        f"not in {LINKS.name}: {url} (on {', '.join(sorted(used[url]))})" for url in missing
    ]
    problems += [f"listed but used by no page: {url}" for url in unused]
    problems += [f"listed twice: {url}" for url in duplicates]
    assert not problems, "\n".join(problems)


def test_no_page_transfers_more_than_its_budget(surveyed):
    weights = {path: page.weight for path, page in surveyed("desktop", "light").items()}
    heaviest = max(weights, key=weights.get)
    print(f"heaviest page: /{heaviest} at {weights[heaviest] / 1024:.1f} KiB")
    over = {
        path: f"{size / 1024:.1f} KiB"
        for path, size in weights.items()
        if size > WEIGHT_BUDGET_BYTES
    }
    assert not over, f"pages over {WEIGHT_BUDGET_BYTES // 1024} KiB: {over}"


def test_a_page_weight_counts_what_the_page_loads(surveyed):
    home = surveyed("desktop", "light")[""]
    names = {urlparse(url).path.rsplit("/", 1)[-1] for _, url in home.requests}
    assert {"katex.min.css", "site.css", "KaTeX_Main-Regular.woff2"} <= names
    assert "search_index.json" not in names  # fetched at the first search (plugin's theme)
    assert home.weight == sum(size for size, _ in home.requests) > 50 * 1024


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_core_finds_no_violations(surveyed, scheme):
    pages = surveyed("desktop", scheme)
    violations = [f"/{path}: {violation}" for path, page in pages.items() for violation in page.axe]
    assert not violations, "\n".join(violations)


def test_axe_core_reports_a_violation_it_is_shown(browser, site_url):
    """The axe check can fail: text added in a colour too pale to read is caught."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url, wait_until="load")
    page.evaluate("""() => {
      const p = document.createElement('p');
      p.style.color = '#eeeeee';
      p.textContent = 'barely visible';
      document.querySelector('article').append(p);
    }""")
    violations = run_axe(page, AXE_SCRIPT)
    context.close()
    assert any(line.startswith("color-contrast:") for line in violations), violations


def test_no_page_has_more_elements_than_its_budget(site):
    sizes = {
        page.relative_to(site).as_posix(): len(
            BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all()
        )
        for page in site_pages(site)
    }
    over = {page: size for page, size in sizes.items() if size > ELEMENT_BUDGET}
    assert not over, f"pages over {ELEMENT_BUDGET} elements (split them): {over}"
