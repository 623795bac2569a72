// Accessibility fixes for elements that mkdocs-material creates in the browser:
// the boxes it wraps wide tables in, and a notebook's printed output, must be reachable
// from the keyboard when they scroll, and the navigation landmark of each code block's copy button needs a unique
// name. (Long displayed equations scroll too; each holds its number's link, which
// keyboard users reach with Tab, so they need no tab stop of their own.)
(() => {
  "use strict";

  // A ResizeObserver reports each box after the browser's own layout, so measuring it
  // forces no extra layout of the page, and a box that starts or stops scrolling when
  // the window is resized gains or loses its tab stop.
  // Each kind of box, and the name its numbered landmarks get ("Table 2, scrollable").
  const SCROLL_BOXES = { ".md-typeset__scrollwrap": "Table", ".jp-RenderedText pre": "Output" };
  const scrollBoxes = new ResizeObserver((entries) => {
    const measured = entries.map(({ target }) => [target, target.scrollWidth > target.clientWidth]);
    for (const [box, scrolls] of measured) {
      if (scrolls) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", box.dataset.scrollName);
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    }
  });

  function fix() {
    scrollBoxes.disconnect();
    for (const [selector, kind] of Object.entries(SCROLL_BOXES)) {
      document.querySelectorAll(selector).forEach((box, index) => {
        box.dataset.scrollName = `${kind} ${index + 1}, scrollable`;
        scrollBoxes.observe(box);
      });
    }
    document.querySelectorAll(".md-code__nav").forEach((nav, index) => {
      nav.setAttribute("aria-label", `Code block ${index + 1} actions`);
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(fix);
  } else {
    document.addEventListener("DOMContentLoaded", fix);
  }
})();
