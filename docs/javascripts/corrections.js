// "Corrected since your version": a release's pages are never rebuilt, so a page learns
// at read time whether a later release corrected one of its statements. The template
// writes, on a release's pages only, an empty hidden element with the page's version, its
// URL within the version and the version's root (docs/overrides/main.html). This reads
// versions.json at the root of the versioned site (mike's list), finds the release aliased
// "latest", reads that release's errata.json (written by the build from
// docs/changelog.yml) and, if an erratum for this page was fixed in a newer version
// than this page's, shows which statements and links each erratum in the latest changelog.
// Anything missing or unreadable (no versions.json, no errata.json, offline): nothing is
// shown and nothing is logged.
(() => {
  "use strict";
  const box = document.querySelector(".corrections[data-version]");
  if (!box || typeof fetch !== "function") return;
  const LATEST = "latest";

  // Numeric parts of a version ("1.10" -> [1, 10]); null when a part is not a number.
  const parts = (version) => {
    const found = String(version).split(".").map((part) => (/^\d+$/.test(part) ? Number(part) : NaN));
    return found.some(Number.isNaN) ? null : found;
  };
  // Is version a newer than version b? Compared part by part, missing parts as 0.
  const newer = (a, b) => {
    const [x, y] = [parts(a), parts(b)];
    if (!x || !y) return false;
    for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
      if ((x[i] || 0) !== (y[i] || 0)) return (x[i] || 0) > (y[i] || 0);
    }
    return false;
  };
  const json = async (url) => {
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      return response.ok ? await response.json() : null;
    } catch {
      return null; // offline, blocked or not JSON: say nothing
    }
  };
  const element = (name, text, attributes = {}) => {
    const made = document.createElement(name);
    if (text) made.textContent = text;
    for (const [key, value] of Object.entries(attributes)) made.setAttribute(key, value);
    return made;
  };

  async function show() {
    const own = box.dataset.version;
    const page = box.dataset.page || "";
    const root = new URL((box.dataset.versionRoot || ".").replace(/\/?$/, "/"), document.baseURI);
    const site = new URL("../", root);
    const versions = await json(new URL("versions.json", site));
    if (!Array.isArray(versions)) return;
    const latest = versions.find((v) => v && Array.isArray(v.aliases) && v.aliases.includes(LATEST));
    if (!latest || !newer(latest.version, own)) return;
    const latestRoot = new URL(`${encodeURIComponent(latest.version)}/`, site);
    const errata = await json(new URL("errata.json", latestRoot));
    if (!errata || !Array.isArray(errata.errata)) return;
    const found = errata.errata.filter(
      (e) => e && newer(e.fixed_in, own) && (e.pages || [e.page]).includes(page),
    );
    if (!found.length) return;

    box.classList.add("admonition", "warning");
    box.append(element("p", `Corrected since version ${own}`, { class: "admonition-title" }));
    const list = element("ul");
    for (const erratum of found) {
      // The statement's summary, linked to its erratum in the latest changelog.
      const item = element("li");
      item.append(
        element("a", erratum.summary, { href: new URL(erratum.url, latestRoot).href }),
        `: corrected in version ${erratum.fixed_in}.`,
      );
      list.append(item);
    }
    box.append(list);
    box.hidden = false;
  }

  show().catch(() => {}); // a malformed file is a missing file: nothing shown, nothing logged
})();
