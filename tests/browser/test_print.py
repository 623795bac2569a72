"""Printing (issue 12): a page prints as a clean reference, in either colour scheme.

Two pages are printed to PDF by the system Chromium, as a reader's "Save as PDF" would
(with background graphics, so a dark background would show), and the PDF is read back
with pypdf: the derivative (figures, numbered equations, highlighted code, the citation
block) in the dark scheme on A4, and the approximations (a figure, tables, numbered
equations) in the light scheme on US Letter, where, before the print stylesheet, its
figure ended one page and its caption began the next. The same pages are also inspected
under print media in the browser.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

#: Each printed page, in its colour scheme, on its paper.
PRINTED = {
    "derivative/": ("dark", "A4"),
    "approximations/": ("light", "Letter"),
}

#: What each printed page must contain, so that the checks below are never vacuous.
EXERCISES = {
    "derivative/": {"figures", "equation numbers", "code"},
    "approximations/": {"figures", "equation numbers", "tables"},
}

#: Screen interface that must not print: the theme's and the site's.
INTERFACE = (
    ".md-code__nav",  # the code blocks' copy buttons
    ".md-code__button",
    ".md-clipboard",
    ".md-header",  # title bar, search, palette toggle
    ".md-tabs",
    ".md-sidebar",  # navigation and table of contents
    ".md-top",  # "back to top"
    ".md-footer",  # previous and next page
    ".md-content__button",  # edit and view-source icons
    ".headerlink",  # the ¶ anchors
    ".notebook-download",
    ".explorer-controls",
)

#: Interface text that would show in the PDF if the interface printed.
INTERFACE_TEXT = (
    "Copy to clipboard",
    "Skip to content",
    "Back to top",
    "Switch to dark mode",
    "Switch to light mode",
    "Download this notebook",
    "¶",
)

# Everything the checks need from the page under print media.
SURVEY = """(interface) => {
  const article = document.querySelector("article");
  const squash = (text) => text.replace(/\\s+/g, " ").trim();
  const visible = (el) => el.checkVisibility();
  // Printed and legible: not hidden, transparent, nor shrunk to nothing.
  const printed = (el) => el.checkVisibility({ visibilityProperty: true, opacityProperty: true })
    && el.getBoundingClientRect().width > 0 && parseFloat(getComputedStyle(el).fontSize) >= 8;
  const heading = article.querySelector("h1");
  const title = heading.cloneNode(true);
  title.querySelectorAll(".headerlink").forEach((anchor) => anchor.remove());
  const printedInterface = interface.flatMap((selector) =>
    Array.from(document.querySelectorAll(selector)).filter(visible).map(() => selector));
  const summaries = Array.from(article.querySelectorAll("summary"));
  return {
    title: { text: squash(title.textContent), printed: printed(heading) },
    figures: Array.from(article.querySelectorAll(".sigmoid-figure"))
      .filter(visible)
      .map((figure) => ({
        alt: figure.querySelector("img").alt,
        caption: squash(figure.querySelector("figcaption")?.innerText ?? ""),
        filter: getComputedStyle(figure.querySelector("img")).filter,
      })),
    equationNumbers: Array.from(article.querySelectorAll(".katex-tag, .equation-number"))
      .map((tag) => ({ text: squash(tag.textContent), printed: printed(tag) })),
    tables: article.querySelectorAll("table").length,
    code: article.querySelectorAll("pre code").length,
    copyButtons: article.querySelectorAll(".md-code__button").length,
    copyButtonsDisplayed: Array.from(document.querySelectorAll(".md-code__button"))
      .filter((button) => getComputedStyle(button).display !== "none").length,
    printedInterface,
    chevrons: summaries.filter((s) => getComputedStyle(s, "::after").display !== "none")
      .map((s) => squash(s.innerText)),
    citation: Array.from(article.querySelectorAll("pre.citation-apa")).map((p) => ({
      text: squash(p.innerText), visible: visible(p),
    })),
  };
}"""

# Text that is not dark enough to read on white paper (WCAG AA, 4.5:1), and any
# background that is not light: colours blended over white, as they print.
NOT_DARK_ON_WHITE = """() => {
  const rgba = (css) => {
    const m = css.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [r, g, b].map((c) => c * a + 255 * (1 - a));
  };
  const luminance = (rgb) => {
    const [r, g, b] = rgb.map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const problems = [];
  const body = rgba(getComputedStyle(document.body).backgroundColor);
  if (body === null || luminance(body) < 0.9) {
    problems.push(`body background ${getComputedStyle(document.body).backgroundColor}`);
  }
  for (const el of document.querySelectorAll("article, article *")) {
    if (!el.checkVisibility()) continue;
    const style = getComputedStyle(el);
    const bg = rgba(style.backgroundColor);
    if (bg && luminance(bg) < 0.8) {
      problems.push(`${el.tagName} background ${style.backgroundColor}`);
    }
    const ownText = Array.from(el.childNodes)
      .some((node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim());
    // Fully transparent text is drawn invisible on purpose (KaTeX's \\phantom).
    if (!ownText || /rgba\\(.*,\\s*0\\)$/.test(style.color)) continue;
    const contrast = 1.05 / (luminance(rgba(style.color)) + 0.05);
    if (contrast < 4.5) {
      problems.push(`${el.tagName}.${el.className} "${el.textContent.trim().slice(0, 30)}" ` +
                    `${style.color} (${contrast.toFixed(2)}:1)`);
    }
  }
  return problems;
}"""


@dataclass
class Printout:
    path: str
    scheme: str
    survey: dict
    problems_on_white: list[str]
    pages: list[str]  # each PDF page's text
    image_pages: dict[str, int]  # a tagged image's alternative text -> its PDF page

    def pages_with(self, text: str) -> list[int]:
        """The PDF pages whose text contains ``text``, whitespace ignored (lines wrap)."""
        wanted = squash(text)
        return [number for number, page in enumerate(self.pages) if wanted in squash(page)]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def tagged_images(reader: PdfReader) -> dict[str, int]:
    """Each image of a tagged PDF (Chromium tags an <img> as a Figure with its alt text)
    and the page it is drawn on."""
    numbers = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    found: dict[str, int] = {}
    stack = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        element = stack.pop().get_object()
        if isinstance(element, list):
            stack.extend(element)
            continue
        if not isinstance(element, DictionaryObject):
            continue  # a marked-content id
        if "/Alt" in element and "/Pg" in element:
            found[squash(str(element["/Alt"]))] = numbers[element.raw_get("/Pg").idnum]
        if "/K" in element:
            stack.append(element["/K"])
    return found


@pytest.fixture(scope="module", params=list(PRINTED), ids=lambda path: path.strip("/"))
def printout(request, browser, site_url) -> Printout:
    path = request.param
    scheme, paper = PRINTED[path]
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + path)
    page.wait_for_function("document.fonts.status === 'loaded'")
    page.wait_for_selector(".md-code__button", state="attached")  # added by the theme
    page.emulate_media(media="print")
    # The theme eases colours between schemes: read them once every transition has ended.
    page.wait_for_function("!document.getAnimations().some((a) => a instanceof CSSTransition)")
    survey = page.evaluate(SURVEY, list(INTERFACE))
    problems_on_white = page.evaluate(NOT_DARK_ON_WHITE)
    pdf = page.pdf(format=paper, print_background=True, tagged=True)
    context.close()
    reader = PdfReader(io.BytesIO(pdf))
    return Printout(
        path=path,
        scheme=scheme,
        survey=survey,
        problems_on_white=problems_on_white,
        pages=[sheet.extract_text() for sheet in reader.pages],
        image_pages=tagged_images(reader),
    )


def test_the_printed_pages_exercise_what_they_are_chosen_for(printout):
    survey = printout.survey
    present = {
        "figures": any(figure["caption"] for figure in survey["figures"]),
        "equation numbers": bool(survey["equationNumbers"]),
        "tables": survey["tables"] > 0,
        "code": survey["code"] > 0 and survey["copyButtons"] > 0,
    }
    assert {name for name, there in present.items() if there} >= EXERCISES[printout.path]
    assert survey["citation"], "the page has its citation block"


def test_every_figure_prints_on_one_page_with_its_caption(printout):
    assert printout.image_pages, "the PDF is tagged and its images carry their alt text"
    for figure in printout.survey["figures"]:
        if not figure["caption"]:
            continue  # a notebook's output figure has none
        image_page = printout.image_pages.get(squash(figure["alt"]))
        assert image_page is not None, f"no image in the PDF for {figure['alt']!r}"
        caption_pages = printout.pages_with(figure["caption"])
        assert caption_pages == [image_page], (
            f"{figure['caption']!r} printed on page(s) {[n + 1 for n in caption_pages]}, "
            f"its image on page {image_page + 1}"
        )


def test_no_interface_prints(printout):
    survey = printout.survey
    text = "\n".join(printout.pages)
    problems = [f"{selector} prints" for selector in survey["printedInterface"]]
    if survey["copyButtonsDisplayed"]:
        problems.append(f"{survey['copyButtonsDisplayed']} copy buttons are not display: none")
    problems += [f"the {summary!r} block prints its chevron" for summary in survey["chevrons"]]
    problems += [f"{label!r} is in the PDF's text" for label in INTERFACE_TEXT if label in text]
    assert not problems


def test_the_citation_prints_in_full(printout):
    text = squash("\n".join(printout.pages))
    assert squash("Cite this page") in text
    assert "@misc{" not in text and "@online{" not in text  # formats for the screen
    for citation in printout.survey["citation"]:
        assert citation["visible"], "the closed citation block opens for print"
        assert len(printout.pages_with(citation["text"])) == 1, citation["text"]


def test_title_and_equation_numbers_print(printout):
    """In the PDF's text, and legible in print media: a PDF's text also holds what is
    drawn clipped or at size 0, such as KaTeX's MathML copy of each formula."""
    title, numbers = printout.survey["title"], printout.survey["equationNumbers"]
    assert title["printed"]
    assert printout.pages_with(title["text"])[:1] == [0], "the title is on the first page"
    text = squash("\n".join(printout.pages))
    assert not [number["text"] for number in numbers if not number["printed"]]
    assert not [number["text"] for number in numbers if squash(number["text"]) not in text]


def test_it_prints_dark_on_white_in_either_scheme(printout):
    assert not printout.problems_on_white, "\n".join(printout.problems_on_white)
    inverted = [
        figure["alt"][:40] for figure in printout.survey["figures"] if figure["filter"] != "none"
    ]
    assert not inverted, f"figures printed with the dark scheme's filter ({printout.scheme})"
