// Lighthouse scores of pages, with its default mobile emulation and simulated throttling.
//
// Usage: node scripts/lighthouse.mjs CHROME_PATH BASE_URL RUNS PATH...
// Prints one JSON object: for each path, the four category scores and the audits that
// lost points (id, score, title) of its median run, plus every run's performance score
// and total blocking time, and the Lighthouse version. LIGHTHOUSE_MODULE, when set, is
// the folder of another Lighthouse package to run instead of the pinned one
// (scripts/audit.py --lighthouse VERSION installs one into .cache/).
// A performance score is a timing measurement and moves between identical runs, so
// each page is measured RUNS times and the run with the median performance score is
// reported, as Lighthouse's documentation and Lighthouse CI recommend.
// Called by scripts/audit.py, which serves the built site and checks the budgets.

import * as chromeLauncher from "chrome-launcher";
import { pathToFileURL } from "node:url";
import { join } from "node:path";

const entry = process.env.LIGHTHOUSE_MODULE
  ? pathToFileURL(join(process.env.LIGHTHOUSE_MODULE, "core", "index.js")).href
  : "lighthouse";
const { default: lighthouse } = await import(entry);

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];

const [chromePath, baseUrl, runsArgument, ...paths] = process.argv.slice(2);
const runs = Number.parseInt(runsArgument, 10);
if (!chromePath || !baseUrl || !(runs >= 1) || paths.length === 0) {
  console.error("usage: node scripts/lighthouse.mjs CHROME_PATH BASE_URL RUNS PATH...");
  process.exit(2);
}

const chrome = await chromeLauncher.launch({
  chromePath,
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const report = {};
try {
  for (const path of paths) {
    const measured = [];
    for (let run = 0; run < runs; run++) {
      const { lhr } = await lighthouse(new URL(path, baseUrl).href, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: CATEGORIES,
      });
      if (lhr.runtimeError) {
        throw new Error(`${path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      }
      measured.push(lhr);
    }
    measured.sort((a, b) => a.categories.performance.score - b.categories.performance.score);
    const lhr = measured[Math.floor((measured.length - 1) / 2)];
    const scores = Object.fromEntries(CATEGORIES.map((id) => [id, lhr.categories[id].score]));
    const weighted = new Set(CATEGORIES.flatMap(
      (id) => lhr.categories[id].auditRefs.filter((ref) => ref.weight > 0).map((ref) => ref.id)));
    const lost = [...weighted]
      .map((id) => lhr.audits[id])
      .filter((audit) => audit.score !== null && audit.score < 1)
      .map((audit) => ({ id: audit.id, score: audit.score, title: audit.title,
        value: audit.displayValue ?? "" }));
    const performanceRuns = measured.map((run) => run.categories.performance.score);
    const blockingRuns = measured.map(
      (run) => Math.round(run.audits["total-blocking-time"].numericValue));
    report[path] = {
      scores, lost, performance_runs: performanceRuns, blocking_ms_runs: blockingRuns,
      blocking_ms: Math.round(lhr.audits["total-blocking-time"].numericValue),
      version: lhr.lighthouseVersion,
    };
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(report, null, 1) + "\n");
