// Lighthouse scores of pages, with its default mobile emulation and simulated throttling.
//
// Usage: node scripts/lighthouse.mjs CHROME_PATH BASE_URL PATH...
// Prints one JSON object: for each path, the four category scores and the audits that
// lost points (id, score, title), so that a failing budget says what to fix.
// Called by scripts/audit.py, which serves the built site and checks the budgets.

import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];

const [chromePath, baseUrl, ...paths] = process.argv.slice(2);
if (!chromePath || !baseUrl || paths.length === 0) {
  console.error("usage: node scripts/lighthouse.mjs CHROME_PATH BASE_URL PATH...");
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
    const { lhr } = await lighthouse(new URL(path, baseUrl).href, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: CATEGORIES,
    });
    if (lhr.runtimeError) {
      throw new Error(`${path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    }
    const scores = Object.fromEntries(CATEGORIES.map((id) => [id, lhr.categories[id].score]));
    const weighted = new Set(CATEGORIES.flatMap(
      (id) => lhr.categories[id].auditRefs.filter((ref) => ref.weight > 0).map((ref) => ref.id)));
    const lost = [...weighted]
      .map((id) => lhr.audits[id])
      .filter((audit) => audit.score !== null && audit.score < 1)
      .map((audit) => ({ id: audit.id, score: audit.score, title: audit.title,
        value: audit.displayValue ?? "" }));
    report[path] = { scores, lost };
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(report, null, 1) + "\n");
