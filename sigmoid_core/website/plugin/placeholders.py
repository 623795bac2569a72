"""``{{ KIND:NAME }}`` in a page's Markdown, outside code, replaced by what KIND's handler returns.

Every ``{{ word:… }}`` outside code is a placeholder: a kind without a handler fails the
build naming the page, so a misspelt ``{{ valeu:x }}`` is never published as raw text.

Inside TeX math (typeset by KaTeX, where HTML cannot go) and inside an HTML tag (an
attribute's value), a kind may have a second handler that gives plain text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from mkdocs.exceptions import PluginError

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_]\w*)\s*:\s*([^{}]*?)\s*\}\}")
# Code is shown as written: fenced blocks and inline code spans are never expanded.
CODE = re.compile(r"^(?P<fence>`{3,}|~{3,}).*?^(?P=fence)[ \t]*$|`[^`\n]+`", re.DOTALL | re.M)

# TeX math as pymdownx.arithmatex finds it (with its default "smart" dollars): displayed
# $$…$$, \[…\] and \begin{env}…\end{env}; inline \(…\) and $…$ within a paragraph.
MATH = re.compile(
    r"\$\$.+?\$\$"
    r"|\\\[.+?\\\]"
    r"|\\begin\{(?P<env>[a-z]+\*?)\}.+?\\end\{(?P=env)\}"
    r"|\\\(.+?\\\)"
    r"|(?<![\\$])\$(?![\s$])(?:\\.|[^\\$\n]|\n(?![ \t]*\n))+?(?<!\s)\$",
    re.DOTALL,
)
# An HTML tag with its attributes.
TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")

Handler = Callable[[str], str]


def outside_code(markdown: str, transform: Callable[[str], str]) -> str:
    """Apply ``transform`` to the parts of ``markdown`` that are not code."""
    pieces, position = [], 0
    for code in CODE.finditer(markdown):
        pieces += [transform(markdown[position : code.start()]), code[0]]
        position = code.end()
    return "".join([*pieces, transform(markdown[position:])])


def expand(
    markdown: str,
    page_src_uri: str,
    handlers: Mapping[str, Handler],
    plain: Mapping[str, Handler] | None = None,
) -> str:
    """Replace every placeholder outside code; an unknown kind is an error naming the page.

    A handler raises KeyError("unknown value 'x'") for a name it does not know; that
    too fails the build, naming the page. Inside math or an HTML tag, a kind in ``plain``
    is replaced by that handler instead (text without markup).
    """

    def expand_part(part: str) -> str:
        no_markup = [m.span() for pattern in (MATH, TAG) for m in pattern.finditer(part)]

        def replace(match: re.Match[str]) -> str:
            kind, name = match.groups()
            if kind not in handlers:
                raise PluginError(
                    f"{page_src_uri}: unknown placeholder kind {kind!r} in {match[0]}"
                    f" (known kinds: {', '.join(sorted(handlers))})"
                )
            handler = handlers[kind]
            if plain and kind in plain and any(a <= match.start() < b for a, b in no_markup):
                handler = plain[kind]
            try:
                return handler(name)
            except KeyError as error:
                raise PluginError(f"{page_src_uri}: {error.args[0]} in {match[0]}") from None

        return PLACEHOLDER.sub(replace, part)

    return outside_code(markdown, expand_part)


def names_used(markdown: str) -> list[tuple[str, str]]:
    """(kind, name) of every placeholder outside code, in order."""
    found: list[tuple[str, str]] = []

    def collect(part: str) -> str:
        found.extend((match[1], match[2]) for match in PLACEHOLDER.finditer(part))
        return part

    outside_code(markdown, collect)
    return found
