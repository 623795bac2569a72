// Accessibility fixes for elements that mkdocs-material creates in the browser:
// scrollable boxes (wide tables, long equations) must be reachable from the keyboard,
// and the navigation landmark of each code block's copy button needs a unique name.
(() => {
  "use strict";

  function fix() {
    const scrollers = document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset div.arithmatex");
    for (const box of scrollers) {
      if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", box.matches(".arithmatex") ? "Equation, scrollable" : "Table, scrollable");
      }
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
