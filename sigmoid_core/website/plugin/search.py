"""Math in the search index as plain text, while the pages keep their typeset math.

The search plugin indexes ``page.content`` in its ``on_page_context``. Pages still hold
their math as TeX then (KaTeX's output replaces it in ``on_post_page``), and TeX in the
index shows raw in the search previews. So, just before the search plugin reads a page,
:func:`math_as_text` puts each expression's plain text in its place (``σ′(x) = σ(x)(1 −
σ(x))``), read from the MathML that KaTeX made of it; just after, :func:`restore_math`
puts the TeX back. The page itself never changes; only what the index holds does.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable

from mkdocs.exceptions import PluginError

from sigmoid_core.website.plugin.typesetting import KaTeX, Span, math_spans

#: A notebook's weight in search against the site's pages (``search.boost``): a notebook
#: works through what a page states, so a search for the topic lands on the page first,
#: while a search for the notebook's own title still finds it.
NOTEBOOK_BOOST = 0.5

# KaTeX's "htmlAndMathml" output holds one <math> element, before its HTML rendering.
MATHML = re.compile(r"<math\b.*?</math>", re.DOTALL)
MARKED = re.compile(r'<(?P<tag>span|p) data-sigmoid-math="(?P<index>\d+)">[^<]*</(?P=tag)>')
NS = "{http://www.w3.org/1998/Math/MathML}"

RELATIONS = set("=≠<>≤≥≈≡∼≃≅∝→←↦⇒⟹⇔⟺∈∉⊂⊆:∣")
BINARY = set("+−-±∓×·⋅∘∗")
OPENING = set("([{⟨⌊⌈")
# Script characters Unicode has, for the ones that read well as plain text.
SUPERSCRIPT = dict(zip("0123456789+−-=()nixkjtT⊤", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱˣᵏʲᵗᵀᵀ", strict=True))
SUBSCRIPT = dict(
    zip("0123456789+−-=()aeijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True)
)
# Accents over a symbol (\hat, \bar, \tilde, \dot, \vec) as combining characters.
ACCENTS = {"^": "\u0302", "ˆ": "\u0302", "ˉ": "\u0304", "‾": "\u0304", "¯": "\u0304"}
ACCENTS |= {"~": "\u0303", "˜": "\u0303", "˙": "\u0307", "→": "\u20d7", "⃗": "\u20d7"}
INVISIBLE = re.compile("[\u2062-\u2064\u200b]")  # invisible times, separator, plus
APPLY = "\u2061"  # function application: "log p", but "log(1 + x)"
# What reads as one piece without brackets: a word, a call f(x), a root, a derivative.
SCRIPTS = re.escape("".join(SUPERSCRIPT.values()) + "".join(SUBSCRIPT.values()))
ATOM = re.compile(rf"[√∂]?[\w.′″{SCRIPTS}]+(?:[_^](?:\([^()]*\)|[^\s()]))*(?:\([^()]*\))?")
TAG = re.compile(r"\(\d+\)")  # an equation's number


def _tag(element: ET.Element) -> str:
    return element.tag.removeprefix(NS)


def _group(text: str) -> str:
    """Text that stays one piece next to a fraction bar: parenthesised unless it is a word,
    a call such as σ(x), a root or a derivative."""
    return text if ATOM.fullmatch(text) else f"({text})"


def _script(text: str, characters: dict[str, str], mark: str) -> str:
    """A sub- or superscript: in Unicode's script characters where it has them all (x²),
    else after ``^`` or ``_``, parenthesised unless it is one character (e^(−x/2))."""
    if text and all(c in characters for c in text):
        return "".join(characters[c] for c in text)
    if not text:
        return ""
    return mark + (text if len(text) == 1 else f"({text})")


def _sequence(children: Iterable[ET.Element], compact: bool) -> str:
    """Children side by side, with spaces around relations and binary operators, except
    for a sign (an operator first, or after another operator or an opening bracket)."""
    pieces: list[str] = []
    previous, last_was_fraction = "start", False
    for child in children:
        text = _text(child, compact)
        kind = "atom"
        if _tag(child) == "mo":
            if text == APPLY:
                kind = "apply"
            elif child.get("separator") == "true":
                kind = "separator"
            elif text in RELATIONS:
                kind = "relation"
            elif text in BINARY:
                kind = "sign" if previous in ("start", "relation", "binary", "open") else "binary"
            elif text in OPENING:
                kind = "open"
        fraction = _tag(child) == "mfrac"
        if previous == kind == "atom" and (fraction or last_was_fraction) and not compact:
            pieces.append(" ")  # "1/4 sech²", not "1/4sech²"
        last_was_fraction = fraction
        if kind == "apply":
            pieces.append(APPLY)  # a space, unless a bracket follows (see plain_text)
        elif compact or kind in ("atom", "open", "sign"):
            pieces.append(text)
        elif kind == "separator":
            pieces.append(text + " ")
        else:
            pieces.append(f" {text} ")
        previous = kind
    return "".join(pieces)


def _text(element: ET.Element, compact: bool = False) -> str:
    """The plain text of one MathML element; ``compact`` inside scripts."""
    tag, children = _tag(element), list(element)
    if tag in ("annotation", "annotation-xml", "mphantom"):
        return ""
    if tag in ("mi", "mn", "mo", "mtext", "ms"):
        return element.text or ""
    if tag == "mspace":
        return " "
    if tag == "semantics":
        return _text(children[0], compact) if children else ""
    if tag == "mfrac":
        numerator, denominator = (_text(child, True) for child in children)
        return f"{_group(numerator)}/{_group(denominator)}"
    if tag in ("msup", "msub", "msubsup", "munder", "mover", "munderover"):
        # KaTeX may put a function's application mark after a script: \\min as a script,
        # or \\operatorname{sech}^2, goes "sech²" followed by the mark.
        parts = [c for c in children if not (_tag(c) == "mo" and c.text == APPLY)]
        applied = APPLY if len(parts) < len(children) else ""
        base = _text(parts[0], compact)
        if base.endswith(APPLY):
            base, applied = base.removesuffix(APPLY), APPLY
        scripts = [_text(child, True).replace(APPLY, "") for child in parts[1:]]
        if tag == "mover" and element.get("accent") == "true" and scripts[0] in ACCENTS:
            return base + ACCENTS[scripts[0]] + applied
        over = tag in ("msup", "mover") or len(scripts) == 2
        under = tag in ("msub", "munder") or len(scripts) == 2
        sub = _script(scripts[0], SUBSCRIPT, "_") if under else ""
        sup = scripts[-1] if over else ""
        if over and not set(sup) <= set("′″‴"):
            sup = _script(sup, SUPERSCRIPT, "^")
        return base + sub + sup + applied
    if tag == "msqrt":
        return "√" + _group(_sequence(children, compact))
    if tag == "mroot":
        return (
            _script(_text(children[1], True), SUPERSCRIPT, "^")
            + "√"
            + _group(_text(children[0], compact))
        )
    if tag == "mtable":
        return _table([[_text(cell, compact).strip() for cell in row] for row in children])
    return _sequence(children, compact)  # math, mrow, mstyle, mpadded, menclose, mtd, …


def _joined(pieces: list[str], separator: str) -> str:
    """Pieces of a table, with ``separator`` between them, except before a piece that goes
    on from the one before (a relation or an operator first: "a = b = c") or after one
    that ends in punctuation, and before an equation's number."""
    text = ""
    for piece in filter(None, pieces):
        goes_on = piece[:1] in RELATIONS | BINARY or TAG.fullmatch(piece)
        text += (" " if not text or goes_on or text[-1] in ",.;" else separator) + piece
    return text.strip()


def _table(rows: list[list[str]]) -> str:
    """An aligned derivation, cases or a numbered equation: cells in a row joined by
    commas ("x/4 + 1/2, 0 ≤ x < 1"), rows by semicolons."""
    return _joined([_joined(cells, ", ") for cells in rows], "; ")


def plain_text(mathml: str) -> str:
    """One MathML expression as one line of plain text, for a reader of a search preview."""
    text = INVISIBLE.sub("", _text(ET.fromstring(mathml)))
    text = re.sub(APPLY + r"\s*(?=[(\[{])", "", text).replace(APPLY, " ")
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.;)\]}])", r"\1", re.sub(r"([(\[{])\s+", r"\1", text))
    return text.strip()


def katex_plain_text(katex_html: str, where: str) -> str:
    """The plain text of an expression typeset by KaTeX, from the MathML in its output."""
    found = MATHML.search(katex_html)
    if not found:
        raise PluginError(
            f"{where}: KaTeX's output has no <math> element; the math renderer must keep "
            'output: "htmlAndMathml"'
        )
    return plain_text(found[0])


def math_as_text(content: str, text_of: Callable[[Span], str]) -> tuple[str, list[str]]:
    """The page's HTML with each expression replaced by its plain text (a paragraph for a
    displayed one), and the expressions' HTML as it was, for :func:`restore_math`."""
    pieces: list[str] = []
    originals: list[str] = []
    position = 0
    for span in math_spans(content):
        tag = "p" if span.display else "span"
        text = html.escape(text_of(span), quote=False)
        pieces += [
            content[position : span.start],
            f'<{tag} data-sigmoid-math="{len(originals)}">{text}</{tag}>',
        ]
        originals.append(content[span.start : span.end])
        position = span.end
    return "".join([*pieces, content[position:]]), originals


def restore_math(content: str, originals: list[str], where: str) -> str:
    """Undo :func:`math_as_text`: every expression back as it was, and nothing else."""
    restored, count = MARKED.subn(lambda m: originals[int(m["index"])], content)
    if count != len(originals):
        raise PluginError(
            f"{where}: found {count} of the {len(originals)} expressions put in for the "
            "search index"
        )
    return restored


class MathForSearch:
    """Swaps each page's math for its plain text while the search plugin reads the page,
    and back; each expression's text is worked out once per build."""

    def __init__(self, katex: KaTeX) -> None:
        self.katex = katex
        self.texts: dict[tuple[str, bool], str] = {}
        self.originals: dict[str, list[str]] = {}

    def _text_of(self, span: Span) -> str:
        key = (span.tex, span.display)
        if key not in self.texts:
            self.texts[key] = katex_plain_text(self.katex.typeset[key]["html"], span.tex)
        return self.texts[key]

    def as_text(self, page: str, content: str) -> str:
        """The page's HTML as the search plugin should read it."""
        content, self.originals[page] = math_as_text(content, self._text_of)
        return content

    def restore(self, page: str, content: str) -> str:
        """The page's HTML as it was, whatever else the search plugin changed in it."""
        return restore_math(content, self.originals.pop(page), page)
