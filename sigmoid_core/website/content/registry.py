"""The three registries pages draw from, and the decorators that fill them.

A value, figure or table is declared where it is computed::

    @value(".4f", "sigma(1) to four places")
    def sigmoid_at_1() -> float:
        return sigmoid(1.0)

A page then writes ``{{ value:sigmoid_at_1 }}``. Value names are the function's name;
figure and table names are the function's name with ``-`` for ``_`` (they become file
names and anchors). The decorated function is what the pages name as the item's source
(its ``function``) and link to: declare each item with a named ``def``, never a lambda.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes

Rows = list[list[str]]
TableData = tuple[list[str], Rows]


@dataclass(frozen=True)
class Value:
    """A number a page quotes: how to compute it, how to print it, and what it is."""

    name: str
    compute: Callable[[], Any]
    format_spec: str
    meaning: str
    shows_failure: bool = False  # an inf or nan that a page shows on purpose

    @property
    def function(self) -> Callable[..., Any]:
        """The function that computes it: pages name it, and link to its source."""
        return self.compute

    def text(self) -> str:
        result = self.compute()
        if self.format_spec.endswith("d"):
            return format(int(result), self.format_spec)
        return format(float(result), self.format_spec)


@dataclass(frozen=True)
class Figure:
    """A figure: how to draw it on one Axes, and what it shows in words."""

    name: str
    draw: Callable[[Axes], None]
    alt: str
    caption: str

    @property
    def function(self) -> Callable[..., Any]:
        """The function that draws it: pages name it, and link to its source."""
        return self.draw


@dataclass(frozen=True)
class Table:
    """A table: a function returning (header, rows); ``data`` names an input file the
    build passes to it (a path relative to the site's data folder)."""

    name: str
    compute: Callable[..., TableData]
    data: str | None = None
    #: A measurement of the machine that builds (timings): it differs between builds, so
    #: the page marks it and the reproducibility checks leave it out.
    measured: bool = False

    @property
    def function(self) -> Callable[..., Any]:
        """The function that computes it: pages name it, and link to its source."""
        return self.compute

    def markdown(self, data_dir: Path | None = None) -> str:
        if self.data is None:
            header, rows = self.compute()
        else:
            if data_dir is None:
                raise ValueError(
                    f"table {self.name!r} is computed from {self.data}: "
                    "pass the folder that holds it"
                )
            header, rows = self.compute(data_dir / self.data)
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        if self.measured:  # out of the search index, and marked for build comparisons
            lines = [
                f'<div {MEASURED} data-search-exclude markdown="block">',
                "",
                *lines,
                "",
                "</div>",
            ]
        return "\n".join(lines)


#: The attribute of the element that holds a measured table.
MEASURED = "data-measured"

VALUES: dict[str, Value] = {}
FIGURES: dict[str, Figure] = {}
TABLES: dict[str, Table] = {}


def _register(registry: dict, name: str, item: object) -> None:
    if name in registry:
        raise ValueError(f"{name!r} is registered twice")
    registry[name] = item


def value(
    format_spec: str, meaning: str, *, shows_failure: bool = False
) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Register the decorated function's result as the value named like the function."""

    def register(compute: Callable[[], Any]) -> Callable[[], Any]:
        name = compute.__name__
        _register(VALUES, name, Value(name, compute, format_spec, meaning, shows_failure))
        return compute

    return register


def figure(alt: str, caption: str) -> Callable[[Callable[[Axes], None]], Callable[[Axes], None]]:
    """Register the decorated drawing function as a figure with its alt text and caption."""

    def register(draw: Callable[[Axes], None]) -> Callable[[Axes], None]:
        name = draw.__name__.replace("_", "-")
        _register(FIGURES, name, Figure(name, draw, alt, caption))
        return draw

    return register


def table(
    data: str | None = None, *, measured: bool = False
) -> Callable[[Callable[..., TableData]], Callable[..., TableData]]:
    """Register the decorated function, returning (header, rows), as a table."""

    def register(compute: Callable[..., TableData]) -> Callable[..., TableData]:
        name = compute.__name__.replace("_", "-")
        _register(TABLES, name, Table(name, compute, data, measured))
        return compute

    return register
