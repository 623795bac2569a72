"""The browser-based quality budgets of the built site (issue 5), measured and printed.

Usage: python scripts/audit.py [SITE_DIR]   (default: site; `make audit` builds it first)
Serves the site on loopback with gzip, as GitHub Pages does, and measures every page:

- page weight: bytes transferred on a cold first load, gzip-compressed;
- axe-core: accessibility violations in the light and the dark colour scheme;
- Lighthouse: performance, accessibility, best practices and SEO, mobile emulation; the
  median of three runs per page, since performance is a timing and varies between runs.

Prints each page's numbers and the worst of each next to its budget; exits 1 when a
budget is broken. tests/test_budgets.py checks the same budgets with these functions.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from sigmoid_core.website.tools import (
    SCHEMES,
    WEIGHT_BUDGET_BYTES,
    find_browser,
    launch_browser,
    page_paths,
    serve,
    survey,
)

ROOT = Path(__file__).resolve().parents[1]

LIGHTHOUSE_BUDGET = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LIGHTHOUSE_SCRIPT = ROOT / "scripts" / "lighthouse.mjs"


def built_for_port(site: Path) -> int:
    """The loopback port the site was built for (its canonical URLs), else 0 for any.

    Serving it there keeps canonical links on the same origin and lets mkdocs-material's
    instant navigation, which checks the origin, work as it does when published.
    """
    home = (site / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<link rel="canonical" href="http://127\.0\.0\.1:(\d+)/', home)
    return int(match.group(1)) if match else 0


# ---------------------------------------------------------------- Lighthouse

#: Lighthouse runs per page in `make audit`; the run with the median performance is kept.
LIGHTHOUSE_RUNS = 3


@dataclass
class LighthouseResult:
    scores: dict[str, float]
    lost: list[dict]
    performance_runs: list[float]

    def failures(self) -> list[str]:
        """Categories under budget, each with the audits that cost it points."""
        below = [
            f"{name} {self.scores[name]:.2f} < {budget:.2f}"
            for name, budget in LIGHTHOUSE_BUDGET.items()
            if self.scores[name] < budget
        ]
        if below:
            below.append(
                "lost points: "
                + "; ".join(f"{a['id']} {a['score']} {a['value']}".strip() for a in self.lost)
            )
        return below


def lighthouse(
    chrome: str, base_url: str, paths: list[str], runs: int = 1
) -> dict[str, LighthouseResult]:
    """Lighthouse in its default mobile configuration, one Chrome for all the pages; with
    several runs per page, the run with the median performance score."""
    result = subprocess.run(
        ["node", str(LIGHTHOUSE_SCRIPT), chrome, base_url, str(runs), *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"Lighthouse failed:\n{result.stderr}")
    return {path: LighthouseResult(**data) for path, data in json.loads(result.stdout).items()}


# ---------------------------------------------------------------- report


def main(site: Path) -> int:
    chrome = find_browser()
    if chrome is None:
        sys.exit("no Chromium found: set CHROMIUM_PATH or install chromium")
    server = serve(site, built_for_port(site))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    paths = page_paths(site)
    broken: list[str] = []
    with launch_browser(chrome) as browser:
        surveys = {
            scheme: survey(browser, base, paths, axe_script=AXE_SCRIPT, color_scheme=scheme)
            for scheme in SCHEMES
        }
    weights = {path: (page.weight, page.requests) for path, page in surveys["light"].items()}
    axe = {(path, scheme): surveys[scheme][path].axe for path in paths for scheme in SCHEMES}
    scores = lighthouse(chrome, base, paths, LIGHTHOUSE_RUNS)
    server.shutdown()

    print(
        f"{'page':44} {'KiB':>6} {'axe':>4} {'perf':>5} {'a11y':>5} {'b.p.':>5} {'seo':>5}"
        f"  performance of each run"
    )
    for path in paths:
        total = weights[path][0]
        violations = sum(len(axe[path, scheme]) for scheme in SCHEMES)
        s = scores[path].scores
        print(
            f"/{path:43} {total / 1024:6.1f} {violations:4} {s['performance']:5.2f} "
            f"{s['accessibility']:5.2f} {s['best-practices']:5.2f} {s['seo']:5.2f}  "
            + " ".join(f"{run:.2f}" for run in scores[path].performance_runs)
        )
        if total > WEIGHT_BUDGET_BYTES:
            broken.append(f"/{path}: {total / 1024:.1f} KiB > {WEIGHT_BUDGET_BYTES // 1024} KiB")
        for scheme in SCHEMES:
            broken += [f"/{path} [{scheme}] axe {v}" for v in axe[path, scheme]]
        broken += [f"/{path} Lighthouse {f}" for f in scores[path].failures()]

    heaviest = max(paths, key=lambda p: weights[p][0])
    print(
        f"\nheaviest page: /{heaviest} {weights[heaviest][0] / 1024:.1f} KiB "
        f"(budget {WEIGHT_BUDGET_BYTES // 1024} KiB); largest parts: "
        + ", ".join(
            f"{urlparse(url).path.rsplit('/', 1)[-1] or '/'} {size / 1024:.1f}"
            for size, url in weights[heaviest][1][:3]
        )
    )
    print(
        f"axe-core violations, {len(paths)} pages x {len(SCHEMES)} schemes: "
        f"{sum(len(v) for v in axe.values())} (budget 0)"
    )
    for name, budget in LIGHTHOUSE_BUDGET.items():
        worst = min(paths, key=lambda p: scores[p].scores[name])
        print(
            f"Lighthouse {name}: lowest {scores[worst].scores[name]:.2f} on /{worst} "
            f"(budget >= {budget:.2f})"
        )
    for line in broken:
        print("BUDGET BROKEN:", line)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "site")))
