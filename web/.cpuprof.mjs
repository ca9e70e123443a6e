import { chromium } from "playwright-core";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage({ viewport: { width: 412, height: 823 } });
const cdp = await page.context().newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
await cdp.send("Profiler.start");
await page.goto(process.argv[2]);
await page.waitForFunction(() => document.body.dataset.ready, null, {timeout: 60000});
await page.waitForTimeout(2500);
const { profile } = await cdp.send("Profiler.stop");
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = profile.timeDeltas; let i = 0;
const total = new Map();
const parent = new Map(); for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
for (const s of profile.samples) {
  const n = byId.get(s); const d = dt[i++] / 1000;
  const k = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`;
  self.set(k, (self.get(k) || 0) + d);
  // inclusive for our own modules' frames
  const seen = new Set(); let id = s;
  while (id) { const m = byId.get(id); const u = m.callFrame.url; if (u.includes("/web/js/")) { const kk = `${m.callFrame.functionName} ${u.split("/").pop()}:${m.callFrame.lineNumber}`; if (!seen.has(kk)) { seen.add(kk); total.set(kk, (total.get(kk) || 0) + d); } } id = parent.get(id); }
}
console.log("SELF", [...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(1)} ${k}`).join("\n"));
console.log("INCL", [...total].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([k, v]) => `${v.toFixed(1)} ${k}`).join("\n"));
await browser.close();
