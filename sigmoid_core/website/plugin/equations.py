"""Displayed equations: each needs a ``\\label``, is numbered in page order and gets the
permanent anchor ``#eq-LABEL``; ``{{ eqref:LABEL }}`` links to it.

The number is HTML beside the formula, not a KaTeX ``\\tag``: KaTeX draws a tag inside the
display, so on a narrow screen it either covers the formula or scrolls out of sight with
it. Beside it, the stylesheet keeps the number in view while a long formula scrolls.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

from sigmoid_core.website.plugin.placeholders import outside_code

DISPLAY_MATH = re.compile(
    r"^(?P<indent>[ \t]*)\$\$\n(?P<tex>.*?)\n[ \t]*\$\$[ \t]*$", re.DOTALL | re.M
)
LABEL = re.compile(r"\\label\{([a-z0-9-]+)\}")


def number_equations(markdown: str, page_src_uri: str) -> tuple[str, dict[str, int]]:
    """The Markdown with numbered, anchored equations, and each label's number."""
    labels: dict[str, int] = {}

    def number(match: re.Match[str]) -> str:
        tex, indent = match["tex"], match["indent"]
        found = LABEL.findall(tex)
        if len(found) != 1:
            raise PluginError(
                f"{page_src_uri}: each displayed equation needs exactly one \\label{{...}} "
                f"(its permanent anchor); found {len(found)} in: {tex.strip()[:80]}"
            )
        label = found[0]
        if label in labels:
            raise PluginError(f"{page_src_uri}: equation label {label!r} is used twice")
        labels[label] = len(labels) + 1
        body = LABEL.sub("", tex).rstrip()
        number = f'<div class="equation-number"><a href="#eq-{label}">({labels[label]})</a></div>'
        return (
            f'{indent}<div class="equation" id="eq-{label}" markdown="block">\n\n'
            f"{indent}$$\n{body}\n{indent}$$\n\n{indent}{number}\n\n{indent}</div>"
        )

    numbered = outside_code(markdown, lambda part: DISPLAY_MATH.sub(number, part))
    return numbered, labels


def equation_link(labels: dict[str, int], label: str) -> str:
    """``{{ eqref:LABEL }}``: a link to an equation of the same page, shown as its number."""
    if label not in labels:
        raise KeyError(f"no equation labelled {label!r} on this page")
    return f"[({labels[label]})](#eq-{label})"
