"""Math typeset by KaTeX at build time: every expression of the whole site in one Node
process, so readers' browsers run no math JavaScript.

pymdownx.arithmatex (generic mode) leaves page math as ``\\( \\)`` and ``\\[ \\]`` inside
``span/div.arithmatex``; nbconvert leaves notebook Markdown math as ``$…$`` text. Both are
found in the final HTML, sent to KaTeX once per build (results cached on disk by KaTeX
version and expression) and put back as HTML with MathML. Malformed TeX fails the build,
naming the page and the expression.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*'
    r"(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\])"
    r"\s*</(?P=tag)>",
    re.DOTALL,
)
NOTEBOOK_MARKDOWN_CELL = re.compile(
    r'(<div class="[^"]*jp-RenderedMarkdown[^"]*"[^>]*>)(.*?)(</div>)', re.DOTALL
)
DOLLAR_MATH = re.compile(r"\$\$(?P<display>.+?)\$\$|(?<![\\$])\$(?P<inline>[^$\n]+?)\$", re.DOTALL)

#: Where KaTeX's stylesheet and fonts are served from on the site.
KATEX_SITE_DIR = "assets/katex"
# Nearly all inline math is set in these two faces. Preloading them on pages with math
# lets them arrive with the stylesheets, so text does not reflow when they swap in.
PRELOADED_FONTS = ("KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2")

Expression = tuple[str, bool]  # (TeX, display mode)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    tex: str
    display: bool


UNTYPESET = re.compile(r'class="arithmatex">\s*\\[(\[]')


def math_spans(content: str) -> list[Span]:
    """Every math expression in a page's HTML, in order."""
    spans = [
        Span(
            m.start(),
            m.end(),
            html.unescape(m["inline"] if m["inline"] is not None else m["display"]).strip(),
            m["display"] is not None,
        )
        for m in ARITHMATEX.finditer(content)
    ]
    for cell in NOTEBOOK_MARKDOWN_CELL.finditer(content):
        offset = cell.start(2)
        for m in DOLLAR_MATH.finditer(cell[2]):
            tex = m["display"] if m["display"] is not None else m["inline"]
            spans.append(
                Span(
                    offset + m.start(),
                    offset + m.end(),
                    html.unescape(tex).strip(),
                    m["display"] is not None,
                )
            )
    return sorted(spans, key=lambda span: span.start)


class KaTeX:
    """Typesets expressions with the project's KaTeX (``node_modules``) through one Node
    script; remembers results in ``cache_file`` between builds."""

    def __init__(self, node_modules: Path, renderer: Path, cache_file: Path) -> None:
        self.dist = node_modules / "katex" / "dist"
        if not self.dist.is_dir():
            raise PluginError(f"KaTeX is not installed at {self.dist}: run `npm ci` (or `make`)")
        self.renderer = renderer
        self.cache_file = cache_file
        version = json.loads((node_modules / "katex" / "package.json").read_text())["version"]
        self.key = f"katex-{version}:{renderer.read_text(encoding='utf-8')}"
        self.typeset: dict[Expression, dict[str, str]] = {}

    def _load_cache(self) -> dict[Expression, dict[str, str]]:
        try:
            stored = json.loads(self.cache_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if stored.get("key") != self.key:
            return {}
        return {(tex, display): result for tex, display, result in stored["results"]}

    def typeset_all(self, found: dict[Expression, str]) -> None:
        """Typeset every expression (mapped to the page it is on, for error messages)."""
        cached = self._load_cache()
        missing = sorted(set(found) - set(cached))
        if missing:
            cached.update(zip(missing, self._render(missing), strict=True))
        self.typeset = {expression: cached[expression] for expression in found}
        for (tex, display), result in sorted(self.typeset.items()):
            if "error" in result:
                raise PluginError(
                    f'{found[tex, display]}: cannot typeset the math "{tex}": {result["error"]}'
                )
        if missing:
            self.cache_file.parent.mkdir(parents=True, exist_ok=True)
            results = [
                [tex, display, result] for (tex, display), result in sorted(self.typeset.items())
            ]
            self.cache_file.write_text(
                json.dumps({"key": self.key, "results": results}), encoding="utf-8"
            )

    def _render(self, expressions: list[Expression]) -> list[dict[str, str]]:
        payload = json.dumps([{"tex": tex, "display": display} for tex, display in expressions])
        try:
            completed = subprocess.run(
                ["node", str(self.renderer)],
                input=payload,
                capture_output=True,
                text=True,
                check=True,
                cwd=self.renderer.parent,
            )
        except FileNotFoundError as error:
            raise PluginError(
                "Node.js is needed to typeset math with KaTeX: install node"
            ) from error
        except subprocess.CalledProcessError as error:
            raise PluginError(f"KaTeX renderer failed: {error.stderr.strip()}") from error
        return json.loads(completed.stdout)

    def replace_math(self, output: str, where: str) -> str:
        """The page's HTML with every expression replaced by its typeset HTML."""
        pieces, position = [], 0
        for span in math_spans(output):
            tag = "div" if span.display else "span"
            rendered = self.typeset[span.tex, span.display]["html"]
            pieces += [
                output[position : span.start],
                f'<{tag} class="arithmatex">{rendered}</{tag}>',
            ]
            position = span.end
        output = "".join([*pieces, output[position:]])
        if UNTYPESET.search(output):
            raise PluginError(
                f"{where}: math left untypeset; pymdownx.arithmatex's output has "
                "changed shape: update ARITHMATEX in " + __name__
            )
        return output

    def stylesheet(self) -> str:
        """KaTeX's stylesheet with woff2 fonts only: every current browser supports woff2 and
        never fetches the other formats."""
        css = (self.dist / "katex.min.css").read_text(encoding="utf-8")
        return re.sub(r',url\([^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)', "", css)

    def fonts(self) -> list[Path]:
        return sorted((self.dist / "fonts").glob("*.woff2"))
