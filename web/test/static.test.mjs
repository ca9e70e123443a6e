// The published site with no chronoatlas running: `chronoatlas publish`
// writes the embedded atlas into a folder, nginx serves the folder as any
// static host would, and Chromium drives the viewer there. The map must
// change at Kaifeng between 1120 and 1141 as the slider moves, the tiles
// must come from the PMTiles archive by range requests, and nothing may
// leave the host or log an error. Needs Chromium and nginx: locally the
// test skips without them, in CI (CI=true) it fails.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const nginx = ["/usr/sbin/nginx", "/usr/bin/nginx"].find(existsSync);
const missing = [!existsSync(CHROMIUM) && CHROMIUM, !nginx && "nginx"].filter(Boolean);
if (missing.length && process.env.CI === "true") {
  throw new Error(`${missing.join(" and ")} not found: CI must install chromium and nginx-light`);
}
const skip = missing.length ? `${missing.join(" and ")} not found; install chromium and nginx-light to run the static site test` : false;

const SONG = "#f28c28", JIN = "#3a6fc4";
const KAIFENG = [34.8, 114.31];
const nearest = (hex) => {
  const rgb = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
  const d = (a, b) => a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0);
  return d(rgb(hex), rgb(SONG)) < d(rgb(hex), rgb(JIN)) ? "song" : "jin";
};

let tmp, site, nginxProc, browser;

const freePort = () => new Promise((resolve, reject) => {
  const s = createServer().listen(0, "127.0.0.1", () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  }).on("error", reject);
});

before(async () => {
  if (skip) return;
  tmp = mkdtempSync(join(tmpdir(), "chronoatlas-static-"));
  // nginx's workers may run as another user: they must reach the folder.
  chmodSync(tmp, 0o755);
  let bin = process.env.CHRONOATLAS_BIN;
  if (!bin) {
    bin = join(tmp, "chronoatlas");
    execFileSync("go", ["build", "-o", bin, "./cmd/chronoatlas"], { cwd: root, stdio: "inherit" });
  }
  const dir = join(tmp, "site");
  const t0 = Date.now();
  const out = execFileSync(bin, ["publish", dir], { cwd: root, encoding: "utf8" });
  console.log(`# ${out.trim()} (${Date.now() - t0} ms)`);
  console.log(`# atlas.pmtiles: ${statSync(join(dir, "atlas.pmtiles")).size} bytes`);

  const port = await freePort();
  mkdirSync(join(tmp, "nginx"));
  const conf = join(tmp, "nginx", "nginx.conf");
  writeFileSync(conf, `daemon off;
worker_processes 1;
pid ${tmp}/nginx/nginx.pid;
error_log stderr warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${tmp}/nginx;
  proxy_temp_path ${tmp}/nginx;
  fastcgi_temp_path ${tmp}/nginx;
  uwsgi_temp_path ${tmp}/nginx;
  scgi_temp_path ${tmp}/nginx;
  types {
    text/html html; text/css css; text/javascript js mjs; application/json json;
    application/geo+json geojson; image/svg+xml svg; image/png png; application/vnd.pmtiles pmtiles;
  }
  server {
    listen 127.0.0.1:${port};
    root ${dir};
    index index.html;
  }
}
`);
  nginxProc = spawn(nginx, ["-p", join(tmp, "nginx"), "-c", conf], { stdio: ["ignore", "ignore", "inherit"] });
  site = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(site + "/tiles.json")).ok) break;
    } catch {}
    if (i > 100) throw new Error("nginx did not start");
    await new Promise((r) => setTimeout(r, 50));
  }
  const { chromium } = await import("playwright-core");
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
});

after(async () => {
  await browser?.close();
  if (nginxProc && nginxProc.exitCode === null) {
    await new Promise((resolve) => {
      nginxProc.once("exit", resolve);
      nginxProc.kill();
    });
  }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// open loads a page of the site and records console errors, requests to
// other hosts and range requests to the archive.
async function open(path) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.addInitScript({ path: join(root, "web", "test", "probe.js") });
  const errors = [], foreign = [], ranges = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("response", (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (!["data:", "blob:"].includes(u.protocol) && u.origin !== site) foreign.push(r.url());
    const range = r.headers().range;
    if (u.pathname.endsWith("/atlas.pmtiles") && range) ranges.push(range);
  });
  await page.goto(site + path);
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 60000 });
  assert.equal(await page.evaluate(() => document.body.dataset.ready), "true");
  await page.evaluate(() => window.chronoatlasProbe.ready());
  return { page, errors, foreign, ranges };
}

test("the published viewer runs with no server: Kaifeng changes hands between 1120 and 1141", { skip }, async () => {
  const { page, errors, foreign, ranges } = await open("/?year=1120&z=5&lat=33&lon=114");
  const at1120 = await page.evaluate(([lat, lon]) => window.chronoatlasProbe.colorAt(lat, lon, 5), KAIFENG);
  assert.equal(nearest(at1120), "song", `colour at Kaifeng in 1120: ${at1120}`);

  // The slider, as a person moves it.
  await page.locator("#year-slider").fill("1140");
  await page.locator("#year-slider").focus();
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => window.chronoatlas.year === 1141);
  await page.evaluate(() => window.chronoatlasProbe.ready());
  const at1141 = await page.evaluate(([lat, lon]) => window.chronoatlasProbe.colorAt(lat, lon, 5), KAIFENG);
  assert.equal(nearest(at1141), "jin", `colour at Kaifeng in 1141: ${at1141}`);
  assert.equal(await page.locator("#year-slider").inputValue(), "1141");

  // Kaifeng's popup names who held it, from the published table.
  await page.evaluate(() => {
    for (const l of Object.values(window.chronoatlas.map._layers)) if (l.feature && l.feature.id === "kaifeng") l.openPopup();
  });
  await page.waitForFunction(() => /held by Jin/.test(document.querySelector(".leaflet-popup-content")?.textContent || ""));

  // The legend lists the polities.
  assert.ok((await page.locator("#legend li").count()) >= 5, "the legend lists the polities");

  // The share dialog links to the published pages.
  await page.locator("#share").click();
  const link = await page.locator("#share-link").inputValue();
  const code = await page.locator("#share-embed").inputValue();
  assert.ok(link.startsWith(site + "/?") && /year=1141/.test(link), `share link ${link}`);
  assert.ok(code.includes(`src="${site}/embed.html?`), `embed code ${code}`);

  assert.ok(ranges.length > 0, "no range request reached atlas.pmtiles");
  console.log(`# ${ranges.length} range requests to atlas.pmtiles, e.g. ${ranges.slice(0, 3).join(", ")}`);
  assert.deepEqual(foreign, [], "requests left the host");
  assert.deepEqual(errors, [], "console errors");
  await page.close();
});

test("the published embed and the Chinese viewer run with no server", { skip }, async () => {
  const embed = await open("/embed.html?year=1141&z=6&lat=34&lon=114&slider=1");
  const c = await embed.page.evaluate(([lat, lon]) => window.chronoatlasProbe.colorAt(lat, lon, 5), KAIFENG);
  assert.equal(nearest(c), "jin", `colour at Kaifeng in the 1141 embed: ${c}`);
  assert.deepEqual(embed.foreign, []);
  assert.deepEqual(embed.errors, []);
  await embed.page.close();

  const zh = await open("/?year=1141&z=5&lat=33&lon=114&lang=zh");
  assert.equal(await zh.page.locator("#share").innerText(), "分享／嵌入");
  await zh.page.evaluate(() => {
    for (const l of Object.values(window.chronoatlas.map._layers)) if (l.feature && l.feature.id === "kaifeng") l.openPopup();
  });
  await zh.page.waitForFunction(() => /屬金/.test(document.querySelector(".leaflet-popup-content")?.textContent || ""));
  assert.deepEqual(zh.foreign, []);
  assert.deepEqual(zh.errors, []);
  await zh.page.close();
});
