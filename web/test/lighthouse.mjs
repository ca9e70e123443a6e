// Lighthouse audits of a page, for the browser tests and for measuring by
// hand: node test/lighthouse.mjs http://127.0.0.1:8080/ [mobile|desktop].
// Chromium comes from CHROME_PATH (Debian's /usr/bin/chromium by default).
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import * as constants from "lighthouse/core/config/constants.js";
import * as chromeLauncher from "chrome-launcher";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

// Lighthouse's presets slow the CPU down by a fixed factor (4 for the
// mobile preset, to make a desktop into a mid-range phone) on the
// assumption that the host scores at least 1000 on its benchmark; below
// that it warns that "this can negatively affect your performance score"
// and its documentation (docs/throttling.md, "Calibrating multipliers")
// says to lower the multiplier to suit the host. calibrate does that: the
// factor shrinks with the host's benchmark, so that a host half as fast
// is slowed half as much and the page is judged on the same phone.
export const REFERENCE_BENCHMARK = 1000;

export function calibrate(multiplier, benchmark) {
  return +(multiplier * Math.min(1, benchmark / REFERENCE_BENCHMARK)).toFixed(2);
}

// audit runs Lighthouse once on url with the mobile or desktop preset, in
// the Chromium listening on port, and returns the category scores, the
// cumulative layout shift, the weighted audits that scored below 1 (by id,
// with what Lighthouse says of them), Lighthouse's measure of the CPU,
// the CPU multiplier the page was judged with and the element of the
// largest contentful paint.
//
// The page is loaded once (Lighthouse's gather mode; its default,
// simulated throttling loads the page at full speed and works out the
// phone's timings afterwards) and then audited with the multiplier
// calibrated to the benchmark Lighthouse took in that same load.
export async function audit(url, preset, port) {
  const flags = {
    port, logLevel: "error", output: "json", onlyCategories: categories,
    disableFullPageScreenshot: true, skipAudits: ["screenshot-thumbnails", "final-screenshot"],
    // Shorter waits for quiet than Lighthouse's default second each: the
    // pages start nothing late.
    pauseAfterLoadMs: 500, networkQuietThresholdMs: 500, cpuQuietThresholdMs: 500,
  };
  const base = preset === "desktop" ? desktopConfig : { extends: "lighthouse:default", settings: { throttling: constants.throttling.mobileSlow4G } };
  const dir = mkdtempSync(join(tmpdir(), "lighthouse-"));
  try {
    await lighthouse(url, { ...flags, gatherMode: dir }, base);
    const file = join(dir, "artifacts.json");
    const artifacts = JSON.parse(readFileSync(file, "utf8"));
    const cpu = artifacts.BenchmarkIndex;
    const throttling = { ...artifacts.settings.throttling };
    throttling.cpuSlowdownMultiplier = calibrate(throttling.cpuSlowdownMultiplier, cpu);
    // The settings recorded with the load must be those it is audited with.
    artifacts.settings.throttling = throttling;
    writeFileSync(file, JSON.stringify(artifacts));
    const config = { ...base, settings: { ...base.settings, throttling } };
    const { lhr } = await lighthouse(url, { ...flags, auditMode: dir }, config);
    const scores = Object.fromEntries(categories.map((c) => [c, lhr.categories[c].score]));
    const failed = {};
    for (const c of categories) {
      for (const ref of lhr.categories[c].auditRefs) {
        const a = lhr.audits[ref.id];
        if (ref.weight > 0 && a.score !== null && a.score < 1) failed[a.id] = `${a.score} ${a.displayValue || ""}`.trim();
      }
    }
    const lcp = lhr.audits["largest-contentful-paint-element"]?.details?.items?.[0]?.items?.[0]?.node?.selector;
    return { scores, cls: lhr.audits["cumulative-layout-shift"].numericValue, failed, cpu, multiplier: throttling.cpuSlowdownMultiplier, lcp, lhr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [url, preset = "mobile"] = process.argv.slice(2);
  const chrome = await launchChromium();
  try {
    const { scores, cls, failed, cpu, multiplier } = await audit(url, preset, chrome.port);
    console.log(JSON.stringify({ url, preset, scores, cls, cpu, multiplier, failed }, null, 1));
  } finally {
    chrome.kill();
  }
}
