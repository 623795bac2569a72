"""MkDocs hooks: everything the build generates, with one rule for every page.

Placeholders ``{{ KIND:NAME }}`` in a page's Markdown (outside code) are replaced:

- ``value:NAME``   -> ``sigmoid_core.values.format_value(NAME)``
- ``figure:NAME``  -> a figure whose SVG ``sigmoid_core.figures.render_svg(NAME)`` writes
  into ``figures/`` of the built site (nothing generated is committed)
- ``table:NAME``   -> the Markdown table ``sigmoid_core.tables.render(NAME)``
- ``cite:KEY[,KEY]`` -> a link to the entry in ``docs/bibliography.yml`` on the references page
- ``eqref:LABEL``  -> a link to the displayed equation ``$$ ... \\label{LABEL} $$`` of the page
- ``bibliography:all`` -> the formatted bibliography

Every displayed equation carries a ``\\label{...}``; it is numbered in page order and gets
the permanent anchor ``#eq-LABEL``. All math of all pages is typeset by KaTeX in one Node
process per build, so readers' browsers run no math JavaScript. Every page ends with its
version, last-updated date and a "Cite this page" block. Unknown names, malformed TeX,
unlabelled equations and missing descriptions fail the build, naming the page.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import importlib
import json
import os
import posixpath
import re
import shutil
import subprocess
import urllib.parse
from importlib.metadata import version as installed_version
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

import sigmoid_core.exact as exact
import sigmoid_core.figures as figures
import sigmoid_core.functions as functions
import sigmoid_core.tables as tables
import sigmoid_core.values as values

ROOT = Path(__file__).resolve().parents[2]
KATEX_DIST = ROOT / "node_modules" / "katex" / "dist"
RENDER_MATH = ROOT / "scripts" / "render_math.mjs"
BIBLIOGRAPHY = ROOT / "docs" / "bibliography.yml"
KATEX_SITE_DIR = "assets/katex"
# Nearly all inline math is set in these two faces. Preloading them on pages with math
# lets them arrive with the stylesheets, so text does not reflow when they swap in.
KATEX_PRELOADED_FONTS = ("KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2")
# mkdocs-material sets and removes data-md-color-switching on <body> at every page load, and
# its palette stylesheet answers with this rule for every element. Each change of the
# attribute makes the browser restyle the whole page: on pages with thousands of KaTeX
# elements that was a third of the main-thread blocking time. Without the rule, switching
# the colour scheme fades the colours in 0.25 s instead of snapping; nothing else changes.
THEME_SWITCHING_RULE = ("[data-md-color-switching] *,[data-md-color-switching] :after,"
                        "[data-md-color-switching] :before{transition-duration:0s!important}")
THEME_SCRIPT = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"')
REFERENCES_PAGE = "references.md"
SITE_AUTHOR = "The Sigmoid Reference contributors"

PLACEHOLDER = re.compile(
    r"\{\{\s*(value|figure|table|cite|eqref|bibliography):\s*([A-Za-z0-9_.,-]+)\s*\}\}"
)
# Code is shown as written: fenced blocks and inline code spans are never expanded.
CODE = re.compile(r"^(?P<fence>`{3,}|~{3,}).*?^(?P=fence)[ \t]*$|`[^`\n]+`", re.DOTALL | re.M)
DISPLAY_MATH = re.compile(r"^(?P<indent>[ \t]*)\$\$\n(?P<tex>.*?)\n[ \t]*\$\$[ \t]*$",
                          re.DOTALL | re.M)
LABEL = re.compile(r"\\label\{([a-z0-9-]+)\}")
# pymdownx.arithmatex (generic mode) wraps math as \( \) inline and \[ \] in display.
ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\])'
    r"\s*</(?P=tag)>",
    re.DOTALL,
)
# nbconvert leaves notebook Markdown math as $...$ / $$...$$ text for a browser MathJax.
NOTEBOOK_MARKDOWN_CELL = re.compile(
    r'(<div class="[^"]*jp-RenderedMarkdown[^"]*"[^>]*>)(.*?)(</div>)', re.DOTALL
)
DOLLAR_MATH = re.compile(r"\$\$(?P<display>.+?)\$\$|(?<![\\$])\$(?P<inline>[^$\n]+?)\$", re.DOTALL)
# nbconvert's template also emits a MathJax loader and a Mermaid loader that fetch code
# from a CDN; the site must not, and needs neither, so both are removed.
NOTEBOOK_MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->",
                              re.DOTALL)
# mkdocs-jupyter inlines JupyterLab's whole stylesheet (over 500 kB) and its own copy
# buttons into every notebook page. The hooks drop them and let the site's theme style
# notebook code like any other code block (see restyle_notebook).
NOTEBOOK_STYLE = re.compile(r"<style[^>]*>.*?</style>", re.DOTALL)
NOTEBOOK_CLIPBOARD = re.compile(
    r"<clipboard-copy.*?</clipboard-copy>|<div class=\"clipboard-copy-txt\"[^>]*>.*?</div>"
    r"|<script>\s*document\.addEventListener\('clipboard-copy'.*?</script>"
    r"|<script>\s*\(function \(global, factory\).*?</script>", re.DOTALL)
NOTEBOOK_CODE = re.compile(r'<div class="highlight-ipynb[^"]*"><pre>(.*?)</pre></div>', re.DOTALL)
# sigmoid_core.figures.NotebookFigure shows a notebook's figure as a data: URI.
NOTEBOOK_FIGURE = re.compile(r'(<img [^>]*)src="data:image/svg\+xml,([^"]*)"')
REMOTE_CODE_SCRIPT = re.compile(r"<script\b[^>]*>(?:(?!</script>).)*?https?://(?:(?!</script>).)*?"
                                r"</script>", re.DOTALL)


def figure_path(name: str) -> str:
    return f"figures/{name}.svg"


def relative_link(target: str, page_src_uri: str) -> str:
    """A Markdown link target to docs file `target` from the page at `page_src_uri`."""
    return posixpath.relpath(target, posixpath.dirname(page_src_uri) or ".")


@functools.cache
def load_bibliography() -> dict[str, dict[str, str]]:
    """Bibliography entries by key, from docs/bibliography.yml."""
    return yaml.safe_load(BIBLIOGRAPHY.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- set-up and files


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Reload the core and the bibliography, so `make serve` shows their edits at once.

    MkDocs loads this module once per process; the core's modules are read from their
    (watched) files again before every build, in dependency order.
    """
    for module in (functions, exact, values, figures, tables):
        importlib.reload(module)
    load_bibliography.cache_clear()
    _key_notebook_cache_to_the_core(config)
    return config


def _key_notebook_cache_to_the_core(config: MkDocsConfig) -> None:
    """Keep executed notebooks only while sigmoid_core and the pinned packages are unchanged.

    mkdocs-jupyter caches a notebook's output by the notebook's own content; its outputs
    also depend on the core, so the cache lives in a folder named after a hash of the
    core's sources and of constraints.txt, and other folders are removed.
    SIGMOID_NOTEBOOK_CACHE (a directory) replaces .cache/mkdocs-jupyter, so that a test
    can build with a fresh cache and re-execute every notebook.
    """
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None:
        return
    digest = hashlib.sha256()
    for path in sorted((ROOT / "sigmoid_core").glob("*.py")) + [ROOT / "constraints.txt"]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    parent = Path(os.environ.get("SIGMOID_NOTEBOOK_CACHE") or ROOT / ".cache" / "mkdocs-jupyter")
    folder = parent / digest.hexdigest()[:16]
    if parent.is_dir():
        for stale in parent.iterdir():
            if stale != folder:
                shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    jupyter.config["cache_dir"] = str(folder)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the figures and KaTeX's stylesheet and fonts to the site as generated files."""
    for name in figures.FIGURES:
        files.append(File.generated(config, figure_path(name),
                                    content=figures.render_svg(name)))
    if not KATEX_DIST.is_dir():
        raise PluginError(f"KaTeX is not installed at {KATEX_DIST}: run `npm ci` (or `make`)")
    # Browsers that support woff2 (all current ones) never fetch the other formats, so
    # only woff2 is shipped and the stylesheet is trimmed to match.
    css = (KATEX_DIST / "katex.min.css").read_text(encoding="utf-8")
    css = re.sub(r',url\([^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)', "", css)
    files.append(File.generated(config, f"{KATEX_SITE_DIR}/katex.min.css", content=css))
    for font in sorted((KATEX_DIST / "fonts").glob("*.woff2")):
        files.append(File.generated(config, f"{KATEX_SITE_DIR}/fonts/{font.name}",
                                    abs_src_path=str(font)))
    return files


# ---------------------------------------------------------------- page Markdown


def _outside_code(markdown: str, transform) -> str:
    """Apply `transform` to the parts of `markdown` that are not code."""
    pieces, position = [], 0
    for code in CODE.finditer(markdown):
        pieces += [transform(markdown[position:code.start()]), code[0]]
        position = code.end()
    return "".join([*pieces, transform(markdown[position:])])


def number_equations(markdown: str, page_src_uri: str) -> tuple[str, dict[str, int]]:
    """Number the displayed equations; each needs a \\label, which becomes its anchor."""
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
        tag = f"\\tag{{\\href{{#eq-{label}}}{{{labels[label]}}}}}"
        return (f'{indent}<div class="equation" id="eq-{label}" markdown="block">\n\n'
                f"{indent}$$\n{body}\n{indent}{tag}\n{indent}$$\n\n{indent}</div>")

    numbered = _outside_code(markdown, lambda part: DISPLAY_MATH.sub(number, part))
    return numbered, labels


def _citation(keys: str, page_src_uri: str) -> str:
    bibliography = load_bibliography()
    links = []
    for key in keys.split(","):
        if key not in bibliography:
            raise PluginError(f"{page_src_uri}: unknown citation {key!r}; add it to "
                              f"{BIBLIOGRAPHY.relative_to(ROOT)}")
        entry = bibliography[key]
        target = relative_link(REFERENCES_PAGE, page_src_uri)
        links.append(f"[{entry['short']}, {entry['year']}]({target}#ref-{key})")
    return "(" + "; ".join(links) + ")"


def format_bibliography() -> str:
    """The references list: one paragraph per entry, anchored at #ref-KEY."""
    paragraphs = []
    for key, entry in sorted(load_bibliography().items(),
                             key=lambda item: (item[1]["short"].lower(), item[1]["year"])):
        link = f" <{entry['url']}>" if entry.get("url") else ""
        paragraphs.append(f"{entry['citation']}{link}\n{{ #ref-{key} .reference }}")
    return "\n\n".join(paragraphs)


def expand_placeholders(markdown: str, page_src_uri: str, labels: dict[str, int] | None = None
                        ) -> str:
    """Replace every placeholder outside code; unknown names are errors naming the page."""
    labels = labels or {}

    def replace(match: re.Match[str]) -> str:
        kind, name = match.groups()
        if kind == "value":
            if name not in values.VALUES:
                raise PluginError(f"{page_src_uri}: unknown value {name!r} in {match[0]}")
            return values.format_value(name)
        if kind == "table":
            if name not in tables.TABLES:
                raise PluginError(f"{page_src_uri}: unknown table {name!r} in {match[0]}")
            return tables.render(name)
        if kind == "cite":
            return _citation(name, page_src_uri)
        if kind == "eqref":
            if name not in labels:
                raise PluginError(f"{page_src_uri}: no equation labelled {name!r} on this page")
            return f"[({labels[name]})](#eq-{name})"
        if kind == "bibliography":
            return format_bibliography()
        if name not in figures.FIGURES:
            raise PluginError(f"{page_src_uri}: unknown figure {name!r} in {match[0]}")
        spec = figures.FIGURES[name]
        width, height = figures.pixel_size()
        return (
            f'<figure class="sigmoid-figure" id="figure-{name}" markdown="span">\n'
            f'  ![{spec.alt}]({relative_link(figure_path(name), page_src_uri)})'
            f'{{ width="{width}" height="{height}" }}\n'
            f"  <figcaption>{html.escape(spec.caption)}</figcaption>\n"
            f"</figure>"
        )

    return _outside_code(markdown, lambda part: PLACEHOLDER.sub(replace, part))


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri.endswith(".ipynb"):
        metadata = json.loads(markdown).get("metadata", {})
        if "description" in metadata:
            page.meta.setdefault("description", metadata["description"])
    if not str(page.meta.get("description", "")).strip():
        raise PluginError(
            f"{page.file.src_uri}: every page needs a description "
            "(front matter `description:`, or `description` in a notebook's metadata)"
        )
    return render_markdown(markdown, page.file.src_uri)


def render_markdown(markdown: str, page_src_uri: str) -> str:
    """A page's Markdown with its equations numbered and every placeholder expanded."""
    markdown, labels = number_equations(markdown, page_src_uri)
    return expand_placeholders(markdown, page_src_uri, labels)


# ---------------------------------------------------------------- version, date, citation


def site_version() -> str:
    return installed_version("sigmoid-core")


def last_updated(path: Path) -> dt.date:
    """Date of the last commit touching `path`.

    Falls back to the newest commit's date (shallow clones and uncommitted files have no
    history of their own), then to SOURCE_DATE_EPOCH, then to today.
    """
    for arguments in (["--", str(path)], []):
        try:
            stamp = subprocess.run(
                ["git", "log", "-1", "--format=%cs", *arguments], cwd=ROOT,
                capture_output=True, text=True, check=True,
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            stamp = ""
        if stamp:
            return dt.date.fromisoformat(stamp)
    if epoch := os.environ.get("SOURCE_DATE_EPOCH"):
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def citation_block(title: str, url: str, updated: dt.date, version: str, slug: str) -> str:
    """The HTML "Cite this page" block: BibTeX and APA, with the page's stable URL."""
    bibtex = (
        f"@misc{{sigmoidref_{slug.replace('-', '_')},\n"
        f"  author       = {{{{{SITE_AUTHOR}}}}},\n"
        f"  title        = {{{title}}},\n"
        f"  howpublished = {{The Sigmoid Reference, version {version}}},\n"
        f"  year         = {{{updated.year}}},\n"
        f"  url          = {{{url}}},\n"
        f"  note         = {{Last updated {updated.isoformat()}}}\n"
        f"}}"
    )
    apa = (f"{SITE_AUTHOR}. ({updated.year}, {updated.strftime('%B')} {updated.day}). "
           f"<em>{html.escape(title)}</em> (Version {version}). The Sigmoid Reference. "
           f"{html.escape(url)}")
    return (
        '<aside class="page-info" aria-label="Version and citation" data-search-exclude>'
        f"<p>Version {version} · Last updated <time datetime=\"{updated.isoformat()}\">"
        f"{updated.isoformat()}</time></p>"
        '<details class="quote"><summary>Cite this page</summary>'
        f"<p>APA</p><p class=\"citation-apa\">{apa}</p>"
        '<p>BibTeX</p><div class="highlight"><pre><span></span><code>'
        f"{html.escape(bibtex)}</code></pre></div></details></aside>"
    )


def restyle_notebook(html_text: str) -> str:
    """Notebook HTML without CDN loaders, inline stylesheets and duplicate copy buttons.

    Code cells become ordinary highlighted code blocks (``div.highlight > pre > code``), so
    the theme colours them in both schemes and adds its own copy button.
    """
    html_text = REMOTE_CODE_SCRIPT.sub("", NOTEBOOK_MATHJAX.sub("", html_text))
    html_text = NOTEBOOK_CLIPBOARD.sub("", NOTEBOOK_STYLE.sub("", html_text))
    html_text = html_text.replace('class="anchor-link"', 'class="headerlink"')
    # Code cells stay out of the search index: it is loaded by every page.
    html_text = html_text.replace('<div class="jp-Cell jp-CodeCell',
                                  '<div data-search-exclude class="jp-Cell jp-CodeCell')
    return NOTEBOOK_CODE.sub(r'<div class="highlight"><pre><code>\1</code></pre></div>',
                             html_text)


def externalise_notebook_figures(html_text: str, page: Page, config: MkDocsConfig) -> str:
    """A notebook's figures as SVG files next to its page instead of data: URIs in the HTML.

    In the notebook itself the figures stay inline, so that a downloaded .ipynb shows them
    in Jupyter. On the site, files keep the page's HTML small, so its text is painted
    sooner, and the browser fetches and caches the images on their own.
    """
    folder = Path(config.site_dir) / posixpath.dirname(page.file.dest_uri)
    written: list[str] = []

    def to_file(match: re.Match[str]) -> str:
        written.append(f"notebook-figure-{len(written) + 1}.svg")
        folder.mkdir(parents=True, exist_ok=True)
        svg = urllib.parse.unquote_to_bytes(html.unescape(match[2]))
        (folder / written[-1]).write_bytes(svg)
        return f'{match[1]}src="{written[-1]}"'

    return NOTEBOOK_FIGURE.sub(to_file, html_text)


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri.endswith(".ipynb"):
        html_text = externalise_notebook_figures(restyle_notebook(html_text), page, config)
        # mkdocs-jupyter (include_source) copies the .ipynb next to the page.
        name = posixpath.basename(page.file.src_uri)
        link = (f'<p class="notebook-download"><a href="{name}" download>'
                f"Download this notebook ({name})</a> to run it yourself; it needs "
                "<code>sigmoid_core</code> from this site's repository.</p>")
        html_text = html_text.replace("</h1>", "</h1>" + link, 1)
    slug = posixpath.splitext(page.file.src_uri)[0].replace("/", "-")
    slug = "home" if slug == "index" else slug
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html_text, re.DOTALL)
    title = html.unescape(re.sub(r"<a [^>]*headerlink.*?</a>|<[^>]+>", "", heading[1])).strip() \
        if heading else page.title or config.site_name
    block = citation_block(
        title=title,
        url=page.canonical_url or page.abs_url or "",
        updated=last_updated(Path(page.file.abs_src_path or ROOT)),
        version=site_version(),
        slug=slug,
    )
    return html_text + block


# ---------------------------------------------------------------- math, once per build


def _math_spans(content: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, tex, display) of every math expression in a page's HTML."""
    spans = [
        (m.start(), m.end(), html.unescape(m["inline"] if m["inline"] is not None
                                           else m["display"]).strip(), m["display"] is not None)
        for m in ARITHMATEX.finditer(content)
    ]
    for cell in NOTEBOOK_MARKDOWN_CELL.finditer(content):
        offset = cell.start(2)
        for m in DOLLAR_MATH.finditer(cell[2]):
            tex = m["display"] if m["display"] is not None else m["inline"]
            spans.append((offset + m.start(), offset + m.end(), html.unescape(tex).strip(),
                          m["display"] is not None))
    return sorted(spans)


def render_tex(expressions: list[tuple[str, bool]]) -> list[dict[str, str]]:
    """Typeset (tex, display) pairs with KaTeX in a single Node process."""
    payload = json.dumps([{"tex": tex, "display": display} for tex, display in expressions])
    try:
        completed = subprocess.run(
            ["node", str(RENDER_MATH)], input=payload, capture_output=True, text=True,
            check=True, cwd=ROOT,
        )
    except FileNotFoundError as error:
        raise PluginError("Node.js is needed to typeset math with KaTeX: install node") from error
    except subprocess.CalledProcessError as error:
        raise PluginError(f"KaTeX renderer failed: {error.stderr.strip()}") from error
    return json.loads(completed.stdout)


def _wrap(rendered: str, display: bool) -> str:
    tag = "div" if display else "span"
    return f'<{tag} class="arithmatex">{rendered}</{tag}>'


_TYPESET: dict[tuple[str, bool], dict[str, str]] = {}


def on_env(env, config: MkDocsConfig, files: Files):
    """Typeset the math of every page in one batch, after all pages have their HTML.

    Pages keep their TeX until on_post_page, so the search index holds the short TeX
    source rather than KaTeX's much longer HTML and MathML.
    """
    pages = [f.page for f in files.documentation_pages() if f.page and f.page.content]
    found = {(tex, display): page for page in pages
             for _, _, tex, display in _math_spans(page.content)}
    unique = sorted(found)
    _TYPESET.clear()
    _TYPESET.update(zip(unique, render_tex(unique), strict=True) if unique else {})
    for (tex, display), result in _TYPESET.items():
        if "error" in result:
            raise PluginError(f'{found[tex, display].file.src_uri}: cannot typeset the math '
                              f'"{tex}": {result["error"]}')
    return env


def font_preloads(page_url: str) -> str:
    """<link rel=preload> tags for KaTeX's main fonts, relative to the page at page_url."""
    return "".join(
        f'<link rel="preload" href="{get_relative_url(f"{KATEX_SITE_DIR}/fonts/{name}", page_url)}"'
        ' as="font" type="font/woff2" crossorigin>'
        for name in KATEX_PRELOADED_FONTS)


def defer_theme_script(output: str, where: str) -> str:
    output, deferred = THEME_SCRIPT.subn(r"\g<0> defer", output, count=1)
    if not deferred:
        raise PluginError(f"{where}: the theme's script tag has changed; "
                          "update THEME_SCRIPT in docs/plugins/sigmoid_hooks.py")
    return output


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """The 404 page is a theme template rather than a page; its script is deferred too."""
    return defer_theme_script(output, template_name) if template_name.endswith(".html") else output


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Put the typeset math into the page's final HTML; fix two details of the theme.

    The theme's search dialog gets a name, and its script is deferred: it sits at the end
    of <body> already, but a plain <script src> there still keeps the browser from
    painting until the script has arrived; `defer` runs it at the same point, after
    parsing, without holding back the first paint. (The site's own scripts are deferred
    in mkdocs.yml, so they still run after it.)
    """
    output = output.replace('<div class="md-search" data-md-component="search" role="dialog">',
                            '<div class="md-search" data-md-component="search" role="dialog" '
                            'aria-label="Search this site">', 1)
    output = defer_theme_script(output, page.file.src_uri)
    spans = _math_spans(output)
    if not spans:
        return output
    pieces, position = [], 0
    for start, end, tex, display in spans:
        pieces += [output[position:start], _wrap(_TYPESET[(tex, display)]["html"], display)]
        position = end
    output = "".join([*pieces, output[position:]])
    return output.replace("</head>", font_preloads(page.url) + "</head>", 1)


def on_post_build(config: MkDocsConfig) -> None:
    """Drop the theme's colour-switching rule (see THEME_SWITCHING_RULE)."""
    sheets = sorted((Path(config.site_dir) / "assets" / "stylesheets").glob("palette.*.min.css"))
    if not sheets:
        raise PluginError("mkdocs-material's palette stylesheet is missing from the site")
    for sheet in sheets:
        text = sheet.read_text(encoding="utf-8")
        patched = text.replace(THEME_SWITCHING_RULE, "", 1)
        if "data-md-color-switching" in patched:
            raise PluginError(f"{sheet.name}: mkdocs-material's colour-switching rule has changed;"
                              " update THEME_SWITCHING_RULE in docs/plugins/sigmoid_hooks.py")
        if patched != text:  # a dirty rebuild may have kept the already patched file
            sheet.write_text(patched, encoding="utf-8")
