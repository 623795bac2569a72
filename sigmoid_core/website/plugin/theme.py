"""Five details of mkdocs-material's output that no option or template block reaches.

Each edit must find what it edits; the build fails when the theme's output changes shape.
What templates can do is done in ``docs/overrides/main.html`` instead.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

# The theme's bundle sits at the end of <body>, but a plain <script src> there still keeps
# the browser from painting until it has arrived; `defer` runs it at the same point,
# after parsing, without holding back the first paint. (The site's own scripts are
# deferred in mkdocs.yml, so they still run after it.) Its name carries a content hash,
# so the theme's `scripts` block cannot be overridden without copying that hash.
THEME_SCRIPT = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"')
# The search dialog has no accessible name in the theme's partial.
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_SEARCH_DIALOG = SEARCH_DIALOG.replace(
    'role="dialog"', 'role="dialog" aria-label="Search this site"'
)
# mkdocs-material sets and removes data-md-color-switching on <body> at every page load, and
# its palette stylesheet answers with this rule for every element. Each change of the
# attribute makes the browser restyle the whole page: on pages with thousands of KaTeX
# elements that was a third of the main-thread blocking time. Without the rule, switching
# the colour scheme fades the colours in 0.25 s instead of snapping; nothing else changes.
SWITCHING_RULE = (
    "[data-md-color-switching] *,[data-md-color-switching] :after,"
    "[data-md-color-switching] :before{transition-duration:0s!important}"
)

# The theme fetches the search index (every page's text, the largest file of a first visit)
# as soon as any page loads, whether or not the reader searches. From its first use of the
# search box on, the index is fetched as before: the first focus of the search input, or a
# URL with a search query, starts it. In the bundle, H is RxJS' defer, b switchMap, Z
# shareReplay and ks() the theme's fetch of search/search_index.json.
EAGER_SEARCH_INDEX = 'zi=document.forms.namedItem("search")?ks():tt'
LAZY_SEARCH_INDEX = (
    'zi=document.forms.namedItem("search")?H(()=>new Promise(r=>{'
    'if(new URLSearchParams(location.search).has("q"))return r();'
    'let f=e=>{e.target.matches&&e.target.matches("[data-md-component=search-query]")'
    '&&(document.removeEventListener("focusin",f),r())};'
    'document.addEventListener("focusin",f)})).pipe(b(()=>ks()),Z(1)):tt'
)

# At start-up the theme's palette adds a <meta name="color-scheme"> and writes the
# scheme's colour-scheme into it; Chromium restyles the whole document at each change of
# that meta, on a page of 5,000 KaTeX elements twice over. The theme's stylesheets already
# set the CSS property color-scheme for both schemes (light in main, dark in palette),
# which is what scrollbars and form controls follow, so the meta is left out: `o` becomes
# a plain object that the palette writes to harmlessly. (x() creates an element.)
COLOR_SCHEME_META = 'let o=x("meta",{name:"color-scheme"});document.head.appendChild(o);'
NO_COLOR_SCHEME_META = "let o={};"


def defer_theme_script(output: str, where: str) -> str:
    output, deferred = THEME_SCRIPT.subn(r"\g<0> defer", output, count=1)
    if not deferred:
        raise PluginError(
            f"{where}: the theme's script tag has changed; update THEME_SCRIPT in {__name__}"
        )
    return output


def name_search_dialog(output: str, where: str) -> str:
    if SEARCH_DIALOG not in output:
        raise PluginError(
            f"{where}: the theme's search dialog has changed; update SEARCH_DIALOG in {__name__}"
        )
    return output.replace(SEARCH_DIALOG, NAMED_SEARCH_DIALOG, 1)


def drop_switching_rule(site_dir: Path) -> None:
    """Delete SWITCHING_RULE from the built palette stylesheet."""
    sheets = sorted((site_dir / "assets" / "stylesheets").glob("palette.*.min.css"))
    if not sheets:
        raise PluginError("mkdocs-material's palette stylesheet is missing from the site")
    for sheet in sheets:
        text = sheet.read_text(encoding="utf-8")
        patched = text.replace(SWITCHING_RULE, "", 1)
        if "data-md-color-switching" in patched:
            raise PluginError(
                f"{sheet.name}: mkdocs-material's colour-switching rule has changed;"
                f" update SWITCHING_RULE in {__name__}"
            )
        if patched != text:  # a dirty rebuild may have kept the already patched file
            sheet.write_text(patched, encoding="utf-8")


def edit_theme_bundle(site_dir: Path, *, lazy_search_index: bool) -> None:
    """Leave COLOR_SCHEME_META out of the built theme bundle and, on a site with search,
    replace EAGER_SEARCH_INDEX by LAZY_SEARCH_INDEX."""
    edits = [(COLOR_SCHEME_META, NO_COLOR_SCHEME_META, "COLOR_SCHEME_META")]
    if lazy_search_index:
        edits.append((EAGER_SEARCH_INDEX, LAZY_SEARCH_INDEX, "EAGER_SEARCH_INDEX"))
    bundles = sorted((site_dir / "assets" / "javascripts").glob("bundle.*.min.js"))
    if not bundles:
        raise PluginError("mkdocs-material's script bundle is missing from the site")
    for bundle in bundles:
        text = bundle.read_text(encoding="utf-8")
        for old, new, name in edits:
            if new in text:  # a dirty rebuild may have kept the edited file
                continue
            if text.count(old) != 1:
                raise PluginError(
                    f"{bundle.name}: mkdocs-material's bundle has changed; update {name} "
                    f"in {__name__}"
                )
            text = text.replace(old, new)
        bundle.write_text(text, encoding="utf-8")
