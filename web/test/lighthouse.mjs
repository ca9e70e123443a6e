// Lighthouse audits of a page, for the browser tests and for measuring by
// hand: node test/lighthouse.mjs http://127.0.0.1:8080/ [mobile|desktop].
// Chromium comes from CHROME_PATH (Debian's /usr/bin/chromium by default).
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import * as chromeLauncher from "chrome-launcher";
import { fileURLToPath } from "node:url";

const categories = ["performance", "accessibility", "best-practices", "seo"];

// launchChromium starts the Chromium that Lighthouse drives; kill() it
// when done.
export function launchChromium() {
  process.env.CHROME_PATH ||= "/usr/bin/chromium";
  return chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}

// audit runs Lighthouse once on url with the mobile or desktop preset, in
// the Chromium listening on port, and returns the category scores, the
// cumulative layout shift, the weighted audits that scored below 1 (by id,
// with what Lighthouse says of them), Lighthouse's measure of the CPU and
// the element of the largest contentful paint.
export async function audit(url, preset, port) {
  const flags = {
    port, logLevel: "error", output: "json", onlyCategories: categories,
    disableFullPageScreenshot: true, skipAudits: ["screenshot-thumbnails", "final-screenshot"],
    // Shorter waits for quiet than Lighthouse's default second each: the
    // pages start nothing late.
    pauseAfterLoadMs: 500, networkQuietThresholdMs: 500, cpuQuietThresholdMs: 500,
  };
  const { lhr } = await lighthouse(url, flags, preset === "desktop" ? desktopConfig : undefined);
  const scores = Object.fromEntries(categories.map((c) => [c, lhr.categories[c].score]));
  const failed = {};
  for (const c of categories) {
    for (const ref of lhr.categories[c].auditRefs) {
      const a = lhr.audits[ref.id];
      if (ref.weight > 0 && a.score !== null && a.score < 1) failed[a.id] = `${a.score} ${a.displayValue || ""}`.trim();
    }
  }
  // benchmarkIndex is how fast Lighthouse found the CPU: a machine busy
  // with other work scores its pages' performance low.
  const lcp = lhr.audits["largest-contentful-paint-element"]?.details?.items?.[0]?.items?.[0]?.node?.selector;
  return { scores, cls: lhr.audits["cumulative-layout-shift"].numericValue, failed, cpu: lhr.environment.benchmarkIndex, lcp, lhr };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [url, preset = "mobile"] = process.argv.slice(2);
  const chrome = await launchChromium();
  try {
    const { scores, cls, failed, cpu } = await audit(url, preset, chrome.port);
    console.log(JSON.stringify({ url, preset, scores, cls, cpu, failed }, null, 1));
  } finally {
    chrome.kill();
  }
}
