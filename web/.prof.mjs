import { chromium } from "playwright-core";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage({ viewport: { width: 412, height: 823 } });
await page.addInitScript(() => {
  window.__lt = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push([Math.round(e.startTime), Math.round(e.duration), JSON.stringify(e.attribution?.map(a=>a.containerSrc||a.name))]); }).observe({ type: "longtask", buffered: true });
});
const cdp = await page.context().newCDPSession(page);
await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
await page.goto(process.argv[2]);
await page.waitForFunction(() => document.body.dataset.ready, null, {timeout: 60000});
await page.waitForTimeout(3000);
console.log(JSON.stringify(await page.evaluate(() => window.__lt)));
console.log(await page.evaluate(() => JSON.stringify(performance.getEntriesByType("measure").map(m => [m.name, Math.round(m.startTime), Math.round(m.duration)]))));
await browser.close();
