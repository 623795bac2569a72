"""Where each generated number, figure and table comes from: the function that computes it.

Every registered item (:mod:`sigmoid_core.website.content.registry`) is computed by the
function it decorates. Pages name that function in full (module and name) and, when the
build knows its repository (``repo_url``, or the GitHub Actions repository), link to its
lines at the version's tag or commit: ``{repo_url}/blob/{ref}/{path}#L{first}-L{last}``.
Without a repository they name it without a link, so no build has dead links.

- a figure says "Computed by …" in its caption, a table in a line below it;
- each page that quotes values ends with a collapsed list, "Where this page's numbers come
  from": every value once, named by its function (each value is its own function, named
  like it), with its number and meaning, grouped by module; each value in the text links
  to its entry, the function's full name as the link's title. Values inside TeX math and
  HTML attributes stay plain text (:func:`.placeholders.expand`); the list names them too.

Dotted names wrap only between their components on a phone, as :mod:`.narrow` makes
Markdown's code do, here with ``<wbr>`` alone and only where a 320 px line needs one: no
element per piece (pages have an element budget; tests/budgets).
"""

from __future__ import annotations

import html
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sigmoid_core
from sigmoid_core.website import content
from sigmoid_core.website.plugin.narrow import pieces

#: The folder that holds the package: a source path relative to it is the path in the
#: repository (the package sits at the repository's root), and it is the same path when
#: the package is installed (then this folder is site-packages).
PACKAGE_PARENT = Path(sigmoid_core.__file__).resolve().parent.parent

REGISTRIES: dict[str, dict[str, Any]] = {
    "value": content.VALUES,
    "figure": content.FIGURES,
    "table": content.TABLES,
}

SUMMARY = "Where this page\u2019s numbers come from"


@dataclass(frozen=True)
class Source:
    """A function's full name and its lines in the repository."""

    module: str
    qualname: str
    #: The file, relative to the repository's root, with "/".
    path: str
    first: int
    last: int

    @property
    def name(self) -> str:
        return f"{self.module}.{self.qualname}"


def source(function: Callable[..., Any]) -> Source:
    """The module, name, file and lines (its decorators included) of ``function``."""
    function = inspect.unwrap(function)
    name = f"{function.__module__}.{function.__qualname__}"
    if "<" in function.__qualname__:  # <lambda>, or a function defined inside another
        raise ValueError(f"{name} is not a module's function: register a named def")
    file = Path(inspect.getsourcefile(function) or "").resolve()
    lines, first = inspect.getsourcelines(function)
    return Source(
        function.__module__,
        function.__qualname__,
        file.relative_to(PACKAGE_PARENT).as_posix(),
        first,
        first + len(lines) - 1,
    )


def of(kind: str, name: str) -> Source:
    """The source of the registered value, figure or table ``name``."""
    return source(REGISTRIES[kind][name].function)


@dataclass(frozen=True)
class Repository:
    """Where sources are linked: ``url`` None (unknown) names them without links."""

    url: str | None
    #: The tag of a release, the commit of anything else.
    ref: str

    def link(self, found: Source) -> str | None:
        if not self.url:
            return None
        return f"{self.url.rstrip('/')}/blob/{self.ref}/{found.path}#L{found.first}-L{found.last}"


UNLINKED = Repository(None, "")


#: A name this long or shorter stays on one line: it fits a 320 px phone's line in the
#: 12 px monospace of captions and of the closing list (about 36 characters there).
LONGEST_UNBROKEN = 34


def breakable(dotted: str) -> str:
    """A dotted name, escaped, with a line-break opportunity (``<wbr>``) only between its
    components, and only as many as a phone needs: components are kept together up to
    :data:`LONGEST_UNBROKEN` characters (each ``<wbr>`` is an element, and pages have an
    element budget). A single name longer than that may also break after an underscore.
    Copying it copies the name."""
    segments: list[str] = []
    for piece in pieces(dotted):
        if len(piece) > LONGEST_UNBROKEN:
            words = piece.split("_")
            segments += [word + "_" for word in words[:-1]] + [words[-1]]
        else:
            segments.append(piece)
    chunks = [""]
    for segment in segments:
        if chunks[-1] and len(chunks[-1]) + len(segment) > LONGEST_UNBROKEN:
            chunks.append("")
        chunks[-1] += segment
    return "<wbr>".join(html.escape(chunk) for chunk in chunks)


def function_name(
    name: str, url: str | None, *, anchor: str | None = None, css: str = "sigmoid-source"
) -> str:
    """A function's name in monospace: a link to its source when ``url`` is known, else code."""
    attributes = f' class="{css}"' + (f' id="{anchor}"' if anchor else "")
    if url:
        return f'<a{attributes} href="{html.escape(url)}">{breakable(name)}</a>'
    return f"<code{attributes}>{breakable(name)}</code>"


def computed_by(found: Source, repository: Repository) -> str:
    """ "Computed by <the function>", linked to its lines when the repository is known."""
    return f"Computed by {function_name(found.name, repository.link(found))}"


def figure_caption_line(name: str, repository: Repository) -> str:
    """The line a figure's caption ends with (not searched: function names would make
    every page match "sigmoid")."""
    line = computed_by(of("figure", name), repository)
    return f'<span class="sigmoid-computed-by" data-search-exclude>{line}</span>'


def table_line(name: str, repository: Repository) -> str:
    """The paragraph (raw HTML) under a table."""
    line = computed_by(of("table", name), repository)
    return f'<p class="sigmoid-computed-by" data-search-exclude>{line}</p>'


def value_anchor(name: str) -> str:
    return f"value-{name}"


def value_pointer(name: str, text: str) -> str:
    """A value in the page's text: its number, linking to its entry in the page's list,
    with the function that computed it as the link's description."""
    return (
        f'<a class="sigmoid-value" href="#{value_anchor(name)}" '
        f'title="Computed by {html.escape(of("value", name).name)}">{html.escape(text)}</a>'
    )


def values_list(names: Iterable[str], text: Callable[[str], str], repository: Repository) -> str:
    """The collapsed list that ends a page: each value of ``names`` once, named by its
    function (linked when the repository is known) with the number it gave
    (``text(name)``) and what it is, grouped by module in order of first use.

    One element per value, since pages have an element budget: each module's values are
    one paragraph, and the stylesheet starts each value on its own line. Raw HTML, left
    out of the search index (it repeats the page).
    """
    groups: dict[str, list[str]] = {}
    for name in dict.fromkeys(names):
        groups.setdefault(of("value", name).module, []).append(name)
    if not groups:
        return ""
    lines = [
        '<details class="sigmoid-provenance info" data-search-exclude>',
        f"<summary>{SUMMARY}</summary>",
    ]
    for module, items in groups.items():
        entries = [
            f"{function_name(name, repository.link(of('value', name)), anchor=value_anchor(name))}"
            f" = {html.escape(text(name))} ({html.escape(REGISTRIES['value'][name].meaning)})"
            for name in items
        ]
        lines.append(
            f"<p>Computed by functions of "
            f'<code class="sigmoid-module">{breakable(module)}</code>: {"; ".join(entries)}.</p>'
        )
    lines.append("</details>")
    return "\n".join(lines)
