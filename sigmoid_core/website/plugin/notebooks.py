"""Notebook pages: executed by mkdocs-jupyter, then made to read like the site's own pages.

mkdocs-jupyter has no option to leave out what its nbconvert template adds to every
notebook page, so these regexes remove it; each must match, and the build fails naming
the pattern when mkdocs-jupyter's output changes shape:

- a MathJax loader and a Mermaid loader from a CDN (the site typesets math itself and
  requests nothing from other hosts);
- JupyterLab's whole stylesheet (over 500 kB) and its own copy buttons (the theme styles
  notebook code like any code block and adds its own copy button).
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import urllib.parse
from pathlib import Path

from mkdocs.exceptions import PluginError

REMOVED = {
    "MathJax loader": re.compile(
        r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.DOTALL
    ),
    "script from another host": re.compile(
        r"<script\b[^>]*>(?:(?!</script>).)*?https?://(?:(?!</script>).)*?</script>", re.DOTALL
    ),
    "inline stylesheet": re.compile(r"<style[^>]*>.*?</style>", re.DOTALL),
    "copy button": re.compile(
        r"<clipboard-copy.*?</clipboard-copy>|<div class=\"clipboard-copy-txt\"[^>]*>.*?</div>"
        r"|<script>\s*document\.addEventListener\('clipboard-copy'.*?</script>"
        r"|<script>\s*\(function \(global, factory\).*?</script>",
        re.DOTALL,
    ),
}
CODE = re.compile(r'<div class="highlight-ipynb[^"]*"><pre>(.*?)</pre></div>', re.DOTALL)
# sigmoid_core.website.plotting.NotebookFigure shows a figure as a <picture> of data: URIs,
# a narrow drawing in a <source srcset> and a wide one in the <img src>.
FIGURE = re.compile(r'(<(?:img|source) [^>]*)(src|srcset)="data:image/svg\+xml,([^"]*)"')


def description(notebook_source: str) -> str | None:
    """The ``description`` of a notebook's metadata, which becomes its page's description."""
    return json.loads(notebook_source).get("metadata", {}).get("description")


def restyle(html_text: str, where: str) -> str:
    """Notebook HTML without CDN loaders, inline stylesheets and duplicate copy buttons.

    Code cells become ordinary highlighted code blocks (``div.highlight > pre > code``), so
    the theme colours them in both schemes and adds its own copy button, and they stay out
    of the search index, which every page loads.
    """
    for what, pattern in REMOVED.items():
        html_text, count = pattern.subn("", html_text)
        if not count:
            raise PluginError(
                f"{where}: found no {what} to remove: mkdocs-jupyter's output "
                f"has changed shape; update REMOVED in {__name__}"
            )
    if "jp-RenderedMarkdown" not in html_text:  # where typesetting looks for $...$ math
        raise PluginError(
            f"{where}: no jp-RenderedMarkdown cell: mkdocs-jupyter's output has "
            "changed shape; update NOTEBOOK_MARKDOWN_CELL in the typesetting module"
        )
    html_text = html_text.replace('class="anchor-link"', 'class="headerlink"')
    html_text, code_cells = CODE.subn(
        r'<div class="highlight"><pre><code>\1</code></pre></div>', html_text
    )
    # Code and printed output stay out of the search index. The theme's index builder
    # ends an exclusion at the first closing tag of the same name, so the attribute goes
    # on the <pre> elements, which do not nest, not on a cell's nested <div>s.
    html_text = html_text.replace("<pre>", "<pre data-search-exclude>")
    if not code_cells:
        raise PluginError(
            f"{where}: found no code cell to restyle: mkdocs-jupyter's output has "
            f"changed shape; update CODE in {__name__}"
        )
    return html_text


def externalise_figures(html_text: str, page_dest_uri: str, site_dir: Path) -> str:
    """A notebook's figures as SVG files next to its page instead of data: URIs in the HTML.

    In the notebook itself the figures stay inline, so that a downloaded .ipynb shows them
    in Jupyter. On the site, files keep the page's HTML small, so its text is painted
    sooner, and the browser fetches and caches the images on their own.
    """
    folder = site_dir / posixpath.dirname(page_dest_uri)
    written: list[str] = []

    def to_file(match: re.Match[str]) -> str:
        # The <source> comes first in its <picture>: the wide drawing of figure n is
        # notebook-figure-n.svg, its narrow one notebook-figure-n-narrow.svg.
        narrow = match[2] == "srcset"
        number = sum(not name.endswith("-narrow.svg") for name in written) + 1
        written.append(f"notebook-figure-{number}{'-narrow' if narrow else ''}.svg")
        folder.mkdir(parents=True, exist_ok=True)
        svg = urllib.parse.unquote_to_bytes(html.unescape(match[3]))
        (folder / written[-1]).write_bytes(svg)
        return f'{match[1]}{match[2]}="{written[-1]}"'

    return FIGURE.sub(to_file, html_text)
