"""The MkDocs plugin ``sigmoid``: everything the build generates, with one rule for every page.

Each concern has its module; this one wires them to MkDocs' events:

- :mod:`.placeholders`: ``{{ value:NAME }}``, ``{{ figure:NAME }}``, ``{{ table:NAME }}``
  from :mod:`sigmoid_core.website.content`, ``{{ cite:KEY }}``, ``{{ eqref:LABEL }}`` and
  ``{{ bibliography:all }}``;
- :mod:`.equations`: numbered displayed equations with permanent anchors;
- :mod:`.narrow`: long inline code that wraps between names, never inside one;
- :mod:`.citations`: the bibliography and every page's "Cite this page" block;
- :mod:`.typesetting`: all math typeset by KaTeX in one Node process per build;
- :mod:`.search`: math in the search index as plain text, read from KaTeX's MathML;
- :mod:`.notebooks`: notebook pages restyled like the site's own;
- :mod:`.downloads`: each notebook executed once, with an install cell, for its page and
  its download, and the wheel of sigmoid_core that the install cell fetches;
- :mod:`.theme`: the few edits of mkdocs-material's output that templates cannot make;
- :mod:`.cache`: computed items kept between builds while their sources are unchanged.

Templates in ``docs/overrides`` (the theme's ``custom_dir``) show what it computes.
"""

from __future__ import annotations

import hashlib
import html
import os
import sys
import urllib.parse
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, cast

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from sigmoid_core.website import content, plotting
from sigmoid_core.website.plugin import (
    changelog,
    downloads,
    equations,
    metadata,
    notebooks,
    placeholders,
    provenance,
    search,
    theme,
    versions,
)
from sigmoid_core.website.plugin.cache import BuildCache, sources_digest
from sigmoid_core.website.plugin.citations import (
    ACCESS_DATE,
    SITE_TITLE,
    Bibliography,
    PageCitation,
    ShallowHistoryError,
    citation_file,
    last_updated,
    page_slug,
    relative_link,
)
from sigmoid_core.website.plugin.narrow import NarrowScreenExtension
from sigmoid_core.website.plugin.typesetting import (
    KATEX_SITE_DIR,
    PRELOADED_FONTS,
    KaTeX,
    math_spans,
)
from sigmoid_core.website.tools import source_date_epoch


class SigmoidConfig(Config):
    """Paths are relative to mkdocs.yml: the plugin reads nothing the build does not name."""

    bibliography = c.File(exists=True)
    #: The changelog's data: outside data_dir, whose files key the build cache.
    changelog = c.Type(str, default="docs/changelog.yml")
    references_page = c.Type(str, default="references.md")
    data_dir = c.Dir(exists=True)
    node_modules = c.Dir(exists=False, default="node_modules")
    math_renderer = c.File(exists=True, default="scripts/render_math.mjs")
    cache_dir = c.Dir(exists=False, default=".cache/build")


#: Set by on_serve: this process is `mkdocs serve`, which rebuilds after every edit.
SERVING = "SIGMOID_PLUGIN_SERVING"


def forget_modules() -> None:
    """Under ``mkdocs serve``, make the next build import sigmoid_core afresh from its files.

    MkDocs loads its plugins anew for every rebuild, but through Python's import system,
    which hands back the modules already loaded. Dropping every module of the package
    (library, content and this plugin) makes an edit to any of them show on the next
    rebuild. The core's worker threads are shut down first; the modules of the finished
    build are left to the garbage collector. A plain build leaves them alone.
    """
    if os.environ.get(SERVING) != "1":
        return
    if functions := sys.modules.get("sigmoid_core.functions"):
        functions._release_threads()  # its pool would outlive the dropped module
    for name in [
        name for name in sys.modules if name == "sigmoid_core" or name.startswith("sigmoid_core.")
    ]:
        del sys.modules[name]


def figure_markup(
    name: str,
    page_src_uri: str,
    svg: Callable[[str, bool], bytes],
    use_directory_urls: bool = True,
    repository: provenance.Repository = provenance.UNLINKED,
) -> str:
    """A registered figure as a <picture> in a <figure>, with its alt text and caption:
    its narrow drawing on phones, its wide one elsewhere. ``svg(name, narrow)`` gives the
    drawing, whose size the <picture> reserves. The caption ends naming the function that
    draws it, linked to its source in ``repository`` when that is known.

    MkDocs rewrites the links of Markdown images, not those of raw HTML, so the links
    here are relative to the page's URL, not to its source file.
    """
    if name not in content.FIGURES:
        raise KeyError(f"unknown figure {name!r}")
    spec = content.FIGURES[name]
    page_url = File(page_src_uri, None, "", use_directory_urls=use_directory_urls).url
    picture = plotting.picture_html(
        get_relative_url(f"figures/{name}.svg", page_url),
        get_relative_url(f"figures/{name}-narrow.svg", page_url),
        svg(name, False),
        svg(name, True),
        spec.alt,
    )
    return (
        f'<figure class="sigmoid-figure" id="figure-{name}" markdown="span">\n'
        f"  {picture}\n"
        f"  <figcaption>{html.escape(spec.caption)}"
        f"{provenance.figure_caption_line(name, repository)}</figcaption>\n"
        f"</figure>"
    )


class SigmoidPlugin(BasePlugin[SigmoidConfig]):
    """Values, figures, tables, citations, equations and math for every page."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.repository = Path(config.config_file_path).resolve().parent
        self.data_dir = Path(self.config.data_dir)
        digest = sources_digest(sorted(self.data_dir.glob("*")))
        self.cache = BuildCache(Path(self.config.cache_dir), digest)
        # mkdocs-jupyter caches a notebook's output by the notebook's own content; the
        # outputs also depend on the core and the installed packages, so its cache lives
        # in the folder named after their digest.
        if jupyter := config.plugins.get("mkdocs-jupyter"):
            jupyter.config["cache_dir"] = str(self.cache.folder / "notebooks")
            if jupyter.config["execute"]:
                raise PluginError(
                    "set mkdocs-jupyter's `execute: false`: the sigmoid plugin executes each "
                    "notebook once, for its page and for its download"
                )
        try:
            self.site_version = versions.current(
                config.site_url or "", versions.project_version(self.repository), self.repository
            )
            # The repository's last change dates the whole site; on a shallow clone it fails.
            self.site_updated = last_updated(self.repository, self.repository)
        except (versions.ReleaseError, ShallowHistoryError) as error:
            raise PluginError(str(error)) from error
        if os.environ.get(versions.MIKE_VERSION):  # mike's selector reads versions.json
            config.extra["version"] = {
                "provider": "mike",
                "default": versions.LATEST,
                "alias": True,
            }
        if not config.repo_url and (repository := versions.workflow_repository()):
            # MkDocs names the repository when it reads repo_url: both are set here.
            config.repo_url, config.repo_name = repository
        self.sources = provenance.Repository(config.repo_url, self.site_version.source_ref)
        self.wheel = downloads.wheel_name(self.site_version.package_version)
        self.wheel_url = urllib.parse.urljoin(config.site_url or "", f"downloads/{self.wheel}")
        self.bibliography = Bibliography(Path(self.config.bibliography))
        self.changelog = changelog.Changelog(
            self.repository / self.config.changelog,
            self.site_version,
            partial(versions.release_date, self.repository),
        )
        self.katex = KaTeX(
            Path(self.config.node_modules),
            Path(self.config.math_renderer),
            self.cache.folder / "katex.json",
        )
        self.pages_with_math: set[str] = set()
        self.use_directory_urls = config.use_directory_urls  # for figure links
        self.math_for_search = search.MathForSearch(self.katex)
        config.markdown_extensions.append(NarrowScreenExtension())
        self.has_search = any(name in config.plugins for name in ("search", "material/search"))
        return config

    def figure_svg(self, name: str, narrow: bool) -> bytes:
        """The figure ``name``'s narrow or wide drawing, drawn once and cached."""
        path = f"figures/{name}-narrow.svg" if narrow else f"figures/{name}.svg"
        return self.cache.bytes(path, partial(content.render_svg, name, narrow))

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Add the figures pages show, and KaTeX's stylesheet and fonts, as generated files."""
        shown = {
            name
            for file in files.documentation_pages()
            for kind, name in placeholders.names_used(file.content_string)
            if kind == "figure" and name in content.FIGURES
        }
        for name in sorted(shown):
            for narrow, path in [
                (False, f"figures/{name}.svg"),
                (True, f"figures/{name}-narrow.svg"),
            ]:
                svg = self.figure_svg(name, narrow)
                files.append(File.generated(config, path, content=svg))
        self._add_downloads(files, config)
        self.changelog.add_files(files, config)  # checks the pages it names; errata.json
        if (committed := self.repository / "CITATION.cff").is_file():
            files.append(
                File.generated(
                    config,
                    "CITATION.cff",
                    content=citation_file(
                        committed.read_text(encoding="utf-8"), self.site_version, config.repo_url
                    ),
                )
            )
        files.append(
            File.generated(
                config, f"{KATEX_SITE_DIR}/katex.min.css", content=self.katex.stylesheet()
            )
        )
        for font in self.katex.fonts():
            files.append(
                File.generated(
                    config, f"{KATEX_SITE_DIR}/fonts/{font.name}", abs_src_path=str(font)
                )
            )
        return files

    def _add_downloads(self, files: Files, config: MkDocsConfig) -> None:
        """Every notebook executed with its install cell, and the wheel that cell installs
        (built from the project next to mkdocs.yml, so only for a site with notebooks)."""
        self.notebook_sources: dict[str, Path] = {}
        notebooks = [f for f in files.documentation_pages() if f.src_uri.endswith(".ipynb")]
        if not notebooks:
            return
        epoch = os.environ.get("SOURCE_DATE_EPOCH") or source_date_epoch(self.repository)
        wheel = self.cache.bytes(
            f"downloads/{self.wheel}",
            partial(downloads.build_wheel, self.repository, str(max(int(epoch), 315532800))),
        )
        files.append(File.generated(config, f"downloads/{self.wheel}", content=wheel))
        for file in notebooks:
            source = file.content_string
            key = hashlib.sha256(f"{self.wheel_url}\0{source}".encode()).hexdigest()[:16]
            name = f"executed/{key}/{Path(file.src_uri).name}"
            self.cache.text(
                name,
                partial(
                    downloads.executed_notebook,
                    source,
                    self.wheel_url,
                    Path(cast(str, file.abs_src_path)).parent,
                ),
            )
            # mkdocs-jupyter renders, and offers for download, the file at abs_src_path.
            self.notebook_sources[file.src_uri] = Path(cast(str, file.abs_src_path))
            file.abs_src_path = str(self.cache.folder / name)

    # ------------------------------------------------------------ page Markdown

    def _value(self, name: str, in_text: bool = True) -> str:
        """The value's text; in the page's text (not in math or an attribute), a link to
        the page's list of where its numbers come from."""
        if name not in content.VALUES:
            raise KeyError(f"unknown value {name!r}")
        text = self.cache.text(f"values/{name}", partial(content.format_value, name))
        return provenance.value_pointer(name, text) if in_text else text

    def _table(self, name: str) -> str:
        if name not in content.TABLES:
            raise KeyError(f"unknown table {name!r}")
        table = self.cache.text(
            f"tables/{name}.md", partial(content.TABLES[name].markdown, self.data_dir)
        )
        return f"{table}\n\n{provenance.table_line(name, self.sources)}"

    def _bibliography(self, name: str) -> str:
        if name != "all":
            raise KeyError(f"unknown bibliography {name!r} (only 'all' exists)")
        return self.bibliography.markdown()

    def render_markdown(self, markdown: str, page_src_uri: str) -> str:
        """A page's Markdown with its equations numbered and every placeholder expanded,
        ending with the list of where its values come from (:mod:`.provenance`)."""
        markdown, labels = equations.number_equations(markdown, page_src_uri)
        references = relative_link(self.config.references_page, page_src_uri)
        handlers: dict[str, placeholders.Handler] = {
            "value": self._value,
            "figure": partial(
                figure_markup,
                page_src_uri=page_src_uri,
                svg=self.figure_svg,
                use_directory_urls=self.use_directory_urls,
                repository=self.sources,
            ),
            "table": self._table,
            "cite": partial(self.bibliography.cite, references_url=references),
            "eqref": partial(equations.equation_link, labels),
            "bibliography": self._bibliography,
            changelog.KIND: partial(self.changelog.markdown, page_src_uri=page_src_uri),
        }
        plain = {"value": partial(self._value, in_text=False)}  # in math and attributes
        values = [name for kind, name in placeholders.names_used(markdown) if kind == "value"]
        markdown = placeholders.expand(markdown, page_src_uri, handlers, plain)
        if values:  # the page ends with where its numbers come from
            listed = provenance.values_list(values, plain["value"], self.sources)
            markdown = f"{markdown.rstrip()}\n\n{listed}\n"
        return markdown

    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if page.file.src_uri.endswith(".ipynb") and (found := notebooks.description(markdown)):
            page.meta.setdefault("description", found)
        if page.file.src_uri.endswith(".ipynb"):
            page.meta.setdefault("search", {"boost": search.NOTEBOOK_BOOST})
        if not str(page.meta.get("description", "")).strip():
            raise PluginError(
                f"{page.file.src_uri}: every page needs a description "
                "(front matter `description:`, or `description` in a notebook's metadata)"
            )
        return self.render_markdown(markdown, page.file.src_uri)

    def on_page_content(
        self, html_text: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if page.file.src_uri.endswith(".ipynb"):
            html_text = notebooks.restyle(html_text, page.file.src_uri)
            html_text = notebooks.externalise_figures(
                html_text, page.file.dest_uri, Path(config.site_dir)
            )
        return html_text

    # ------------------------------------------------------------ math, once per build

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        """Typeset the math of every page in one batch, once all pages have their HTML.

        Pages keep their TeX until on_post_page; the search index gets each expression's
        plain text (:mod:`.search`), not KaTeX's much longer HTML and MathML.
        """
        found: dict[tuple[str, bool], str] = {}
        for file in files.documentation_pages():
            if file.page is None or not file.page.content:
                continue
            for span in math_spans(file.page.content):
                found.setdefault((span.tex, span.display), file.src_uri)
                self.pages_with_math.add(file.src_uri)
        self.katex.typeset_all(found)
        return env

    # ------------------------------------------------------------ templates and HTML

    @event_priority(50)  # before the search plugin (priority 0) indexes the page
    def _math_as_text_for_search(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """The search index gets each expression's plain text: TeX would show raw in the
        search previews (see :mod:`.search`)."""
        if page.file.src_uri in self.pages_with_math:
            page.content = self.math_for_search.as_text(page.file.src_uri, page.content or "")
        return context

    @event_priority(-50)  # after the search plugin has indexed the page
    def _math_back_after_search(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """The page gets its math back, to be typeset in on_post_page."""
        if page.file.src_uri in self.pages_with_math:
            page.content = self.math_for_search.restore(page.file.src_uri, page.content or "")
        return context

    def _template_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """What docs/overrides/main.html shows: the citation block, font preloads, the wheel."""
        extra = cast(dict[str, Any], context)  # MkDocs' TypedDict lists only its own keys
        heading = page.toc.items[0] if page.toc.items and page.toc.items[0].level == 1 else None
        extra["citation"] = PageCitation(
            title=html.unescape(heading.title) if heading else page.title or config.site_name,
            url=self.site_version.url + page.url,
            updated=last_updated(self._source_of(page), self.repository),
            site=self.site_version,
            slug=page_slug(page.file.src_uri),
        )
        extra["site_citation"] = PageCitation(
            title=SITE_TITLE,
            url=self.site_version.url,
            updated=self.site_updated,
            site=self.site_version,
            slug="site",
            whole_site=True,
        )
        extra["head_metadata"] = metadata.head(
            extra["citation"], page.meta["description"], config.copyright
        )
        extra["site_version"] = self.site_version
        extra["access_placeholder"] = ACCESS_DATE
        extra["source_url"] = self._source_url(page, config)
        extra["katex_preloads"] = (
            [f"{KATEX_SITE_DIR}/fonts/{font}" for font in PRELOADED_FONTS]
            if page.file.src_uri in self.pages_with_math
            else []
        )
        extra["sigmoid_wheel"] = self.wheel
        return context

    on_page_context = CombinedEvent(
        _math_as_text_for_search, _template_context, _math_back_after_search
    )

    def _source_url(self, page: Page, config: MkDocsConfig) -> str | None:
        """The page's source file in the repository, at this version's tag or commit."""
        if not config.repo_url:
            return None
        path = self._source_of(page).relative_to(self.repository).as_posix()
        return f"{config.repo_url.rstrip('/')}/blob/{self.site_version.source_ref}/{path}"

    def _source_of(self, page: Page) -> Path:
        """The page's file in the repository (a notebook's, not its executed copy's)."""
        if page.file.src_uri in self.notebook_sources:
            return self.notebook_sources[page.file.src_uri]
        return Path(page.file.abs_src_path or self.repository)

    def _patch_theme(self, output: str, where: str) -> str:
        if self.has_search:
            output = theme.name_search_dialog(output, where)
        return theme.defer_theme_script(output, where)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        output = self._patch_theme(output, page.file.src_uri)
        if page.file.src_uri in self.pages_with_math:
            output = self.katex.replace_math(output, page.file.src_uri)
        return output

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        """The 404 page is a theme template rather than a page: patched like the pages."""
        return (
            self._patch_theme(output, template_name) if template_name.endswith(".html") else output
        )

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """From now on every build of this process ends by forgetting sigmoid_core's modules."""
        os.environ[SERVING] = "1"
        forget_modules()
        return server

    def on_post_build(self, config: MkDocsConfig) -> None:
        theme.drop_switching_rule(Path(config.site_dir))
        theme.edit_theme_bundle(Path(config.site_dir), lazy_search_index=self.has_search)
        forget_modules()

    def on_build_error(self, error: Exception) -> None:
        forget_modules()
