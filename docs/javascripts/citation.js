// The reader's access date in every "Cite this page" block and its downloads: the build
// cannot know it, so the page carries a placeholder (YYYY-MM-DD) that this fills in.
(() => {
  "use strict";
  const PLACEHOLDER = /YYYY-MM-DD/g;
  const today = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  const iso = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
  const long = today.toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric" });
  const formatted = { APA: long, RIS: iso.replaceAll("-", "/") };

  for (const span of document.querySelectorAll("[data-access-date]")) span.textContent = iso;
  for (const code of document.querySelectorAll("code[data-citation-format]")) {
    const format = code.dataset.citationFormat;
    const text = code.textContent.replace(PLACEHOLDER, formatted[format] || iso);
    code.textContent = text;
    const link = code.parentElement.previousElementSibling?.querySelector("[data-citation-download]");
    if (link) link.href = link.href.slice(0, link.href.indexOf(",") + 1) + encodeURIComponent(text);
  }
})();
