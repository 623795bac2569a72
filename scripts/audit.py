"""The browser-based quality budgets of the built site (issue 5), measured and printed.

Usage: python scripts/audit.py [SITE_DIR] [--lighthouse VERSION] [--lighthouse-only]
(default: site; `make audit` builds it first). ``--lighthouse 13.5.0`` runs that
Lighthouse (installed once into .cache/lighthouse-VERSION) instead of the pinned one;
``--lighthouse-only`` skips page weight and axe-core.
Serves the site on loopback with gzip, as GitHub Pages does, and measures every page:

- page weight: bytes transferred on a cold first load, gzip-compressed;
- axe-core: accessibility violations in the light and the dark colour scheme;
- Lighthouse: performance, accessibility, best practices and SEO, mobile emulation; the
  median of three runs per page, since performance is a timing and varies between runs.

Prints each page's numbers and the worst of each next to its budget; exits 1 when a
budget is broken. tests/test_budgets.py checks the same budgets with these functions.
"""

from __future__ import annotations

import argparse
import json
import os
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
    blocking_ms_runs: list[int]
    #: total blocking time of the run with the median performance score
    blocking_ms: int
    version: str

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


def lighthouse_package(version: str) -> Path:
    """The folder of Lighthouse ``version``, installed from npm into .cache/ on first use:
    another version than the pinned one, to compare (issue 12 asks for 13.5 too)."""
    prefix = ROOT / ".cache" / f"lighthouse-{version}"
    package = prefix / "node_modules" / "lighthouse"
    if not (package / "package.json").is_file():
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(prefix),
                "--no-save",
                "--no-audit",
                "--no-fund",
                f"lighthouse@{version}",
            ],
            check=True,
        )
    return package


def lighthouse(
    chrome: str, base_url: str, paths: list[str], runs: int = 1, version: str | None = None
) -> dict[str, LighthouseResult]:
    """Lighthouse in its default mobile configuration, one Chrome for all the pages; with
    several runs per page, the run with the median performance score. ``version``: another
    Lighthouse than the pinned one."""
    env = dict(os.environ)
    if version is not None:
        env["LIGHTHOUSE_MODULE"] = str(lighthouse_package(version))
    result = subprocess.run(
        ["node", str(LIGHTHOUSE_SCRIPT), chrome, base_url, str(runs), *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if result.returncode != 0:
        raise RuntimeError(f"Lighthouse failed:\n{result.stderr}")
    return {path: LighthouseResult(**data) for path, data in json.loads(result.stdout).items()}


# ---------------------------------------------------------------- report


def lighthouse_table(paths: list[str], scores: dict[str, LighthouseResult]) -> list[str]:
    """Each page's Lighthouse scores, median total blocking time and every run; the
    categories under budget."""
    version = next(iter(scores.values())).version
    print(
        f"Lighthouse {version}, median of {LIGHTHOUSE_RUNS} runs\n"
        f"{'page':44} {'perf':>5} {'TBT ms':>7} {'a11y':>5} {'b.p.':>5} {'seo':>5}"
        "  performance (TBT ms) of each run"
    )
    broken = []
    for path in paths:
        result, s = scores[path], scores[path].scores
        print(
            f"/{path:43} {s['performance']:5.2f} {result.blocking_ms:7d} "
            f"{s['accessibility']:5.2f} {s['best-practices']:5.2f} {s['seo']:5.2f}  "
            + " ".join(
                f"{run:.2f} ({tbt})"
                for run, tbt in zip(result.performance_runs, result.blocking_ms_runs, strict=True)
            )
        )
        broken += [f"/{path} Lighthouse {f}" for f in result.failures()]
    for name, budget in LIGHTHOUSE_BUDGET.items():
        worst = min(paths, key=lambda p: scores[p].scores[name])
        print(
            f"Lighthouse {name}: lowest {scores[worst].scores[name]:.2f} on /{worst} "
            f"(budget >= {budget:.2f})"
        )
    return broken


def main(site: Path, version: str | None, lighthouse_only: bool) -> int:
    chrome = find_browser()
    if chrome is None:
        sys.exit("no Chromium found: set CHROMIUM_PATH or install chromium")
    server = serve(site, built_for_port(site))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    paths = page_paths(site)
    broken: list[str] = []
    if not lighthouse_only:
        broken += weights_and_axe(chrome, base, paths)
    scores = lighthouse(chrome, base, paths, LIGHTHOUSE_RUNS, version)
    server.shutdown()
    broken += lighthouse_table(paths, scores)
    for line in broken:
        print("BUDGET BROKEN:", line)
    return 1 if broken else 0


def weights_and_axe(chrome: str, base: str, paths: list[str]) -> list[str]:
    """Each page's weight on a cold first visit and its axe-core violations in both
    schemes, printed; the budgets they break."""
    with launch_browser(chrome) as browser:
        surveys = {
            scheme: survey(browser, base, paths, axe_script=AXE_SCRIPT, color_scheme=scheme)
            for scheme in SCHEMES
        }
    broken = []
    print(f"{'page':44} {'KiB':>6} {'axe':>4}")
    for path in paths:
        total = surveys["light"][path].weight
        violations = [(scheme, v) for scheme in SCHEMES for v in surveys[scheme][path].axe or []]
        print(f"/{path:43} {total / 1024:6.1f} {len(violations):4}")
        if total > WEIGHT_BUDGET_BYTES:
            broken.append(f"/{path}: {total / 1024:.1f} KiB > {WEIGHT_BUDGET_BYTES // 1024} KiB")
        broken += [f"/{path} [{scheme}] axe {v}" for scheme, v in violations]
    heaviest = max(paths, key=lambda p: surveys["light"][p].weight)
    page = surveys["light"][heaviest]
    print(
        f"\nheaviest page: /{heaviest} {page.weight / 1024:.1f} KiB "
        f"(budget {WEIGHT_BUDGET_BYTES // 1024} KiB); largest parts: "
        + ", ".join(
            f"{urlparse(url).path.rsplit('/', 1)[-1] or '/'} {size / 1024:.1f}"
            for size, url in page.requests[:3]
        )
    )
    total_axe = sum(len(surveys[scheme][p].axe or []) for p in paths for scheme in SCHEMES)
    print(
        f"axe-core violations, {len(paths)} pages x {len(SCHEMES)} schemes: "
        f"{total_axe} (budget 0)\n"
    )
    return broken


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", nargs="?", default="site", type=Path)
    parser.add_argument("--lighthouse", metavar="VERSION", help="run this Lighthouse from npm")
    parser.add_argument("--lighthouse-only", action="store_true", help="skip weight and axe")
    arguments = parser.parse_args()
    sys.exit(main(arguments.site, arguments.lighthouse, arguments.lighthouse_only))
