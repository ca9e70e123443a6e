// Lighthouse audits of a page, for the browser tests and for measuring by
// hand: node test/lighthouse.mjs http://127.0.0.1:8080/ [mobile|desktop].
// Chromium comes from CHROME_PATH (Debian's /usr/bin/chromium by default).
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import * as chromeLauncher from "chrome-launcher";
import { fileURLToPath } from "node:url";

const categories = ["performance", "accessibility", "best-practices", "seo"];

// audit runs Lighthouse once on url with the mobile or desktop preset and
// returns the category scores, the cumulative layout shift and the audits
// that failed, by id, with what Lighthouse says of them.
export async function audit(url, preset = "mobile") {
  process.env.CHROME_PATH ||= "/usr/bin/chromium";
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  try {
    const config = preset === "desktop" ? desktopConfig : undefined;
    const result = await lighthouse(url, { port: chrome.port, logLevel: "error", output: "json", onlyCategories: categories }, config);
    const lhr = result.lhr;
    const scores = Object.fromEntries(categories.map((c) => [c, lhr.categories[c].score]));
    const failed = {};
    for (const c of categories) {
      for (const ref of lhr.categories[c].auditRefs) {
        const a = lhr.audits[ref.id];
        if (ref.weight > 0 && a.score !== null && a.score < 1) failed[a.id] = `${a.score} ${a.displayValue || ""}`.trim();
      }
    }
    return { scores, cls: lhr.audits["cumulative-layout-shift"].numericValue, failed, lhr };
  } finally {
    await chrome.kill();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [url, preset = "mobile"] = process.argv.slice(2);
  const { scores, cls, failed } = await audit(url, preset);
  console.log(JSON.stringify({ url, preset, scores, cls, failed }, null, 1));
}
