"""Inline code that wraps on a narrow screen without breaking a name in two.

Browsers break long code anywhere (the theme asks them to) or, left alone, after any
hyphen: ``sigmoid_`` / ``derivative`` and ``-`` / ``softplus(-x)``. The stylesheet keeps
inline code on one line; this Markdown tree processor (Python-Markdown's own extension
point) splits long code into unbreakable pieces with a line-break opportunity (``<wbr>``)
only between names: after a dot or a slash that follows a name, after a comma and after a
space. Copying the code copies the same characters.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

#: Code this long or shorter stays on one line: it fits a 320 px screen.
LONGEST_UNBROKEN = 24
BETWEEN_NAMES = re.compile(r"(?<=[A-Za-z_)\]][./])(?=[A-Za-z_])|(?<=[,\s])(?=\S)")


def pieces(code: str) -> list[str]:
    """``code`` cut where a line may break between names."""
    cuts = [0, *(m.start() for m in BETWEEN_NAMES.finditer(code)), len(code)]
    return [code[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


class BreakableCode(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        for code in root.iter("code"):
            text = code.text or ""
            if (
                len(text) <= LONGEST_UNBROKEN
                or len(code)
                or code.get("class")
                or parents.get(code, root).tag == "pre"
            ):
                continue
            parts = pieces(text)
            if len(parts) < 2:
                continue
            code.text = None
            code.set("class", "breakable")
            for index, part in enumerate(parts):
                if index:
                    etree.SubElement(code, "wbr")
                etree.SubElement(code, "span").text = AtomicString(part)


class NarrowScreenExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After the inline patterns (priority 20) have made the code elements.
        md.treeprocessors.register(BreakableCode(md), "sigmoid_breakable_code", 5)
