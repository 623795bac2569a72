"""Every page at phone widths and a desktop width, in both colour schemes: nothing wider
than the screen unless it scrolls in its own box and shows that it does (tables, code,
notebook output), every displayed formula within the screen and its number in view, no
inline code broken inside a name."""

from __future__ import annotations

import pytest

from sigmoid_core.website.tools import page_paths

#: The phone widths of issue 12, and a desktop (where a table once overflowed its column).
WIDTHS = (320, 360, 375, 414, 1280)

# Each problem is a short line naming the element. "Cut off": a box of the page's content
# reaching past the screen's edge that no scrolling box of its own holds. "No scroll cue":
# a box that scrolls sideways without the shadow that shows more is to the side (the
# stylesheet's background-attachment: local covers and scroll shadows).
LAYOUT_PROBLEMS = """() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  const name = (element) => {
    const id = element.id || element.closest("[id]")?.id || "";
    const text = (element.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40);
    return `${element.tagName.toLowerCase()}${id ? "#" + id : ""} "${text}"`;
  };
  const scrollsSideways = (element) => {
    const overflow = getComputedStyle(element).overflowX;
    return overflow === "auto" || overflow === "scroll";
  };
  const hasCue = (element) => {
    const style = getComputedStyle(element);
    return style.backgroundAttachment.includes("local")
      && style.backgroundImage.includes("gradient");
  };
  const sideways = document.documentElement.scrollWidth - width;
  if (sideways > 0) problems.push(`the page scrolls sideways by ${sideways} px`);
  const content = document.querySelector(".md-content");
  // KaTeX's MathML (for screen readers) is clipped to nothing on purpose, and its
  // stretchy symbols are wide drawings clipped to size.
  for (const element of content.querySelectorAll(":not(.katex-mathml *, .katex svg *)")) {
    if (!element.checkVisibility()) continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0) continue;
    if (scrollsSideways(element) && element.scrollWidth > element.clientWidth + 1
        && !hasCue(element)) {
      problems.push(`no scroll cue: ${name(element)}`);
    }
    // Cut off: part of the box is hidden by a clipping box, or by the screen's edge,
    // before the nearest box that scrolls sideways (which holds it) is reached.
    let holder = element.parentElement;
    let hiddenBy = null;
    for (; holder && !scrollsSideways(holder); holder = holder.parentElement) {
      if (getComputedStyle(holder).overflowX === "visible") continue;
      const clip = holder.getBoundingClientRect();
      if (box.right > clip.right + 1 || box.left < clip.left - 1) hiddenBy ??= holder;
    }
    if (!holder && (box.right > width + 1 || box.left < -1)) hiddenBy ??= "the screen";
    if (hiddenBy) {
      const by = hiddenBy === "the screen" ? hiddenBy : name(hiddenBy);
      const span = `${Math.round(box.left)}..${Math.round(box.right)} px`;
      problems.push(`cut off (${span}) by ${by}: ${name(element)}`);
    }
  }
  for (const formula of content.querySelectorAll(".equation > div.arithmatex")) {
    if (formula.scrollWidth > formula.clientWidth + 1) {
      const sizes = `${formula.scrollWidth} > ${formula.clientWidth} px`;
      problems.push(`formula wider than its box (${sizes}), write it on aligned lines: `
        + name(formula));
    }
  }
  for (const number of content.querySelectorAll(".equation-number")) {
    const box = number.getBoundingClientRect();
    const formula = number.parentElement.querySelector("div.arithmatex").getBoundingClientRect();
    const overlaps = box.left < formula.right - 0.5 && box.right > formula.left + 0.5
      && box.top < formula.bottom - 0.5 && box.bottom > formula.top + 0.5;
    if (!number.checkVisibility() || box.left < 0 || box.right > width || overlaps) {
      problems.push(`equation number hidden or over its formula: ${name(number)}`);
    }
  }
  // Code may break only where the plugin allows it: between the nowrap pieces of
  // code.breakable (plugin/narrow.py), or at a <wbr> (plugin/provenance.py).
  for (const code of content.querySelectorAll(":not(pre) > code")) {
    let pieces = [code];
    if (code.classList.contains("breakable")) pieces = Array.from(code.children);
    else if (code.querySelector("wbr")) {
      pieces = Array.from(code.childNodes, (node) => {
        const range = document.createRange();
        range.selectNodeContents(node);
        return range;
      });
    }
    for (const piece of pieces) {
      if (piece.getClientRects().length > 1) {
        problems.push(`code broken inside a name: ${name(code)} at "${piece.toString()}"`);
      }
    }
  }
  return problems;
}"""

SLATE = "() => document.body.setAttribute('data-md-color-scheme', 'slate')"


@pytest.fixture(scope="module")
def layout_problems(browser, site, site_url) -> dict[int, list[str]]:
    """For each width: every page's problems, light scheme then dark."""
    found: dict[int, list[str]] = {}
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 740})
        page = context.new_page()
        found[width] = []
        for path in page_paths(site):
            page.goto(site_url + path, wait_until="load")
            page.wait_for_function("document.fonts.status === 'loaded'")
            for scheme in ("light", "dark"):
                if scheme == "dark":
                    page.evaluate(SLATE)
                found[width] += [
                    f"{path or '/'} [{scheme}] {problem}"
                    for problem in page.evaluate(LAYOUT_PROBLEMS)
                ]
        context.close()
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_is_cut_off_at_phone_and_desktop_widths(layout_problems, width):
    problems = layout_problems[width]
    assert not problems, f"{len(problems)} problems at {width} px:\n" + "\n".join(problems)


def test_the_layout_check_finds_what_it_looks_for(browser):
    """The check itself: a page with each fault, and the same page without them."""
    page = browser.new_page(viewport={"width": 320, "height": 600})
    page.set_content(
        """<style>.wide { width: 500px } .scroll { overflow-x: auto }
        code { white-space: normal; word-break: break-all }</style>
        <div class="md-content">
          <p class="wide">too wide</p>
          <div class="scroll"><p class="wide">scrolls, no cue</p></div>
          <p style="width: 100px"><code>a_long_name_that_must_wrap</code></p>
          <p style="width: 100px"><code>ok.<wbr>another_long_name_that_must_wrap</code></p>
          <div class="equation"><div class="arithmatex" style="width: 200px">x</div>
            <div class="equation-number" style="margin-left: 300px; width: 40px">(1)</div></div>
        </div>"""
    )
    problems = page.evaluate(LAYOUT_PROBLEMS)
    page.close()
    assert any(p.startswith("the page scrolls sideways") for p in problems)
    assert any(p.startswith("cut off") and "too wide" in p for p in problems)
    assert any(p.endswith('at "another_long_name_that_must_wrap"') for p in problems)
    assert any(p.startswith("no scroll cue") for p in problems)
    assert any(p.startswith("code broken inside a name") for p in problems)
    assert any(p.startswith("equation number hidden") for p in problems)
