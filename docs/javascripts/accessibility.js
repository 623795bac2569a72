// Accessibility fixes for elements that mkdocs-material creates in the browser:
// the boxes it wraps wide tables in must be reachable from the keyboard when they
// scroll, and the navigation landmark of each code block's copy button needs a unique
// name. (Long displayed equations scroll too; each holds its number's link, which
// keyboard users reach with Tab, so they need no tab stop of their own.)
(() => {
  "use strict";

  function fix() {
    // Measure every box first, then change attributes: interleaving the two would
    // force the browser to lay out the whole page again for each box.
    const boxes = document.querySelectorAll(".md-typeset__scrollwrap");
    const scrollable = Array.from(boxes).filter(
      (box) => box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex"));
    for (const box of scrollable) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "Table, scrollable");
    }
    document.querySelectorAll(".md-code__nav").forEach((nav, index) => {
      nav.setAttribute("aria-label", `Code block ${index + 1} actions`);
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(() => requestAnimationFrame(fix));
  } else {
    document.addEventListener("DOMContentLoaded", fix);
  }
})();
