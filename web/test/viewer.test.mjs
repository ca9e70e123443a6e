// Browser tests of the viewer and the embed page, with Debian's Chromium
// driven by playwright-core. They start the real server on loopback. When
// Chromium is missing they skip, except in CI (CI=true), where they fail.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const shots = join(root, "web", "screenshots");
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI === "true") {
  throw new Error(`${CHROMIUM} not found: CI must install chromium`);
}
const skip = haveChromium ? false : `${CHROMIUM} not found; install chromium to run the browser tests`;

const SONG = "#f28c28", JIN = "#3a6fc4";
const KAIFENG = [34.8, 114.31];

let server, base, browser, tmp;

// Colours blend with the map's background; judge by which polity colour
// the pixel is nearest to.
function nearest(hex) {
  const rgb = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
  const d = (a, b) => a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0);
  const px = rgb(hex);
  return d(px, rgb(SONG)) < d(px, rgb(JIN)) ? "song" : "jin";
}

before(async () => {
  if (skip) return;
  tmp = mkdtempSync(join(tmpdir(), "chronoatlas-web-"));
  const bin = join(tmp, "chronoatlas");
  execFileSync("go", ["build", "-o", bin, "./cmd/chronoatlas"], { cwd: root, stdio: "inherit" });
  server = spawn(bin, ["-addr", "127.0.0.1:0", "-log-format", "json"], { stdio: ["ignore", "ignore", "pipe"] });
  base = await new Promise((resolve, reject) => {
    let buf = "";
    server.stderr.on("data", (d) => {
      if (base) return;
      buf += d;
      const m = buf.match(/"msg":"listening","addr":"([^"]+)"/);
      if (m) resolve("http://" + m[1]);
    });
    server.on("exit", (code) => reject(new Error(`server exited with ${code}: ${buf}`)));
    setTimeout(() => reject(new Error("server did not start: " + buf)), 30000);
  });
  const { chromium } = await import("playwright-core");
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// open loads a page and records console errors and requests to other hosts.
async function open(path, { width = 1200, height = 800 } = {}) {
  const page = await browser.newPage({ viewport: { width, height } });
  const errors = [], foreign = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("response", (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (!["data:", "blob:"].includes(u.protocol) && u.origin !== base) foreign.push(r.url());
  });
  await page.goto(base + path);
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 30000 });
  assert.equal(await page.evaluate(() => document.body.dataset.ready), "true");
  await page.evaluate(() => window.chronoatlas.ready());
  return { page, errors, foreign };
}

// openPlacePopup opens the popup of the place with the given id.
const openPlacePopup = (page, id) => page.evaluate((id) => {
  for (const l of Object.values(window.chronoatlas.map._layers)) {
    if (l.feature && l.feature.id === id) l.openPopup();
  }
}, id);

test("the viewer shows Kaifeng under the Song in 1120 and under the Jin in 1141", { skip }, async () => {
  const { page, errors, foreign } = await open(`/#year=1120&z=5&lat=33&lon=114`);
  const at1120 = await page.evaluate(([lat, lon]) => window.chronoatlas.colorAt(lat, lon, 5), KAIFENG);
  assert.equal(nearest(at1120), "song", `colour at Kaifeng in 1120: ${at1120}`);
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, "viewer-1120.png") });

  // Move the slider as a person would: focus it and press the arrow key.
  await page.locator("#year-slider").fill("1140");
  await page.locator("#year-slider").focus();
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => window.chronoatlas.year === 1141);
  await page.evaluate(() => window.chronoatlas.ready());
  const at1141 = await page.evaluate(([lat, lon]) => window.chronoatlas.colorAt(lat, lon, 5), KAIFENG);
  assert.equal(nearest(at1141), "jin", `colour at Kaifeng in 1141: ${at1141}`);
  assert.match(page.url(), /year=1141/);
  await page.screenshot({ path: join(shots, "viewer-1141.png") });

  // Kaifeng's popup names the Jin.
  const marker = page.locator(".leaflet-tooltip", { hasText: /Bianjing|Kaifeng|Nanjing/ }).first();
  assert.ok(await marker.count(), "Kaifeng has a label");
  await openPlacePopup(page, "kaifeng");
  await page.waitForFunction(() => /held by/.test(document.querySelector(".leaflet-popup-content")?.textContent || ""));
  const popup = await page.locator(".leaflet-popup-content").textContent();
  assert.match(popup, /Bianjing/);
  assert.match(popup, /held by Jin/);

  // An open popup follows the year, and so does one opened again later.
  await page.evaluate(() => window.chronoatlas.setYear(1210));
  await page.waitForFunction(() => /In 1210[\s\S]*held by Jin/.test(document.querySelector(".leaflet-popup-content")?.textContent || ""));
  await page.evaluate(() => window.chronoatlas.map.closePopup());
  await page.evaluate(() => window.chronoatlas.setYear(1120));
  await openPlacePopup(page, "kaifeng");
  await page.waitForFunction(() => /In 1120[\s\S]*held by Song/.test(document.querySelector(".leaflet-popup-content")?.textContent || ""));
  await page.evaluate(() => window.chronoatlas.map.closePopup());
  await page.evaluate(() => window.chronoatlas.setYear(1210));
  await page.evaluate(() => window.chronoatlas.ready());
  await page.screenshot({ path: join(shots, "viewer-1210.png") });

  assert.deepEqual(errors, [], "console errors");
  assert.deepEqual(foreign, [], "requests to other hosts");
  await page.close();
});

// labelState lists the place labels shown and hidden, and the pairs of
// shown labels that overlap.
const labelState = () => {
  const els = [...document.querySelectorAll(".place-label")];
  const shown = els.filter((e) => !e.classList.contains("crowded"));
  const boxes = shown.map((e) => e.getBoundingClientRect());
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
        overlaps.push(`${shown[i].textContent} / ${shown[j].textContent}`);
      }
    }
  }
  return { shown: shown.map((e) => e.textContent), hidden: els.filter((e) => e.classList.contains("crowded")).map((e) => e.textContent), overlaps };
};

test("place labels never overlap; zooming in or pointing at a place shows a hidden one", { skip }, async () => {
  const { page, errors } = await open(`/#year=1141&z=5&lat=33&lon=114`);
  const far = await page.evaluate(labelState);
  assert.deepEqual(far.overlaps, [], "overlapping labels at zoom 5");
  assert.ok(far.hidden.length > 0, "along the Huai at zoom 5 some labels must give way");
  assert.ok(far.shown.includes("Lin'an"), `the Song capital keeps its label: shown ${far.shown}`);

  // Pointing at a place whose label gave way shows it.
  const hiddenPlace = await page.evaluate(() => {
    for (const l of Object.values(window.chronoatlas.map._layers)) {
      const el = l.getTooltip?.()?.getElement();
      if (l.feature && el?.classList.contains("crowded")) {
        const p = window.chronoatlas.map.latLngToContainerPoint(l.getLatLng());
        const box = window.chronoatlas.map.getContainer().getBoundingClientRect();
        // One well inside the map, not under the controls along its edges.
        if (p.x < 80 || p.y < 80 || p.x > box.width - 80 || p.y > box.height - 80) continue;
        return { name: el.textContent, x: box.left + p.x, y: box.top + p.y };
      }
    }
    return null;
  });
  assert.ok(hiddenPlace, "a place with a hidden label");
  await page.mouse.move(hiddenPlace.x, hiddenPlace.y);
  await page.waitForFunction((name) => [...document.querySelectorAll(".place-label:not(.crowded)")].some((e) => e.textContent === name), hiddenPlace.name);
  await page.mouse.move(5, 400);
  await page.waitForFunction((name) => [...document.querySelectorAll(".place-label.crowded")].some((e) => e.textContent === name), hiddenPlace.name);

  // Closer in, over the Huai, labels that gave way come back.
  await page.evaluate(() => new Promise((r) => { window.chronoatlas.map.once("zoomend", r); window.chronoatlas.map.setView([32.8, 117], 7, { animate: false }); }));
  const near = await page.evaluate(labelState);
  assert.deepEqual(near.overlaps, [], "overlapping labels at zoom 7");
  const back = far.hidden.filter((n) => near.shown.includes(n));
  assert.ok(back.length > 0, `no hidden label came back at zoom 7: hidden at 5 ${far.hidden}, shown at 7 ${near.shown}`);
  assert.deepEqual(errors, [], "console errors");
  await page.close();
});

test("campaign routes are drawn in their years and have a layer of their own", { skip }, async () => {
  const { page, errors } = await open(`/#year=1161&z=5&lat=32&lon=118`);
  const routes = () => page.evaluate(() => document.querySelectorAll("path.campaign").length);
  assert.equal(await routes(), 1, "Wanyan Liang's 1161 invasion");
  assert.ok(await page.locator("#events button", { hasText: "campaign" }).count() > 0, "the campaign is in the year's list");
  await page.locator('#layers input[value="events"]').uncheck();
  assert.equal(await routes(), 1, "the events layer does not hide campaigns");
  await page.locator('#layers input[value="campaigns"]').uncheck();
  assert.equal(await routes(), 0, "the campaigns layer hides them");
  assert.match(page.url(), /layers=territories%2Crivers%2Cfrontiers%2Cplaces|layers=territories,rivers,frontiers,places/);
  await page.evaluate(() => window.chronoatlas.setYear(1141));
  await page.locator('#layers input[value="campaigns"]').check();
  assert.equal(await routes(), 0, "no campaign in 1141");
  assert.deepEqual(errors, [], "console errors");
  await page.close();
});

test("moving the slider repaints from loaded tiles within 100 ms", { skip }, async () => {
  const { page } = await open(`/#year=1130&z=5&lat=33&lon=114`);
  const times = [];
  for (const y of [1131, 1142, 1161, 1127, 1200, 1141]) {
    times.push(await page.evaluate((y) => window.chronoatlas.setYear(y), y));
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`slider input to repaint: median ${median.toFixed(1)} ms, max ${times.at(-1).toFixed(1)} ms over ${times.length} moves`);
  assert.ok(median < 100, `median repaint ${median} ms`);
  await page.close();
});

test("play advances the year", { skip }, async () => {
  const { page } = await open(`/#year=1125&z=4&lat=33&lon=114`);
  await page.locator("#play").click();
  await page.waitForFunction(() => window.chronoatlas.year >= 1127, null, { timeout: 10000 });
  await page.locator("#play").click();
  const y = await page.evaluate(() => window.chronoatlas.year);
  assert.ok(y >= 1127, `year after playing: ${y}`);
  await page.close();
});

test("in Chinese the names and the words around the map are Chinese", { skip }, async () => {
  const { page, errors } = await open(`/#year=1141&z=5&lat=33&lon=114&lang=zh`);
  const text = (sel) => page.locator(sel).first().textContent();
  assert.equal(await text("#title"), "宋金戰爭，1115–1234");
  assert.equal(await text("#panel h2"), "政權");
  assert.match(await text("#events-title"), /^1141年大事$/);
  assert.equal(await text("#share"), "分享／嵌入");
  assert.match(await page.locator("#layers").textContent(), /疆域[\s\S]*征伐路線/);
  assert.match(await page.locator("#legend").textContent(), /喀喇汗（屬西遼）/);
  // No English word is left in the panel but the Latin of the sources.
  const panel = await page.locator("#panel").textContent();
  assert.doesNotMatch(panel, /\b(Polities|Layers|Events|under|dashed)\b/, panel);
  // A place's popup.
  await openPlacePopup(page, "kaifeng");
  await page.waitForFunction(() => /屬金/.test(document.querySelector(".leaflet-popup-content")?.textContent || ""));
  assert.match(await page.locator(".leaflet-popup-content").textContent(), /1141年[\s\S]*資料來源/);
  // And back.
  await page.locator("#lang").click();
  assert.equal(await text("#panel h2"), "Polities");
  await page.waitForFunction(() => /held by Jin/.test(document.querySelector(".leaflet-popup-content")?.textContent || ""));
  assert.deepEqual(errors, [], "console errors");
  await page.close();
});

test("the share dialog gives a link and an iframe for the view", { skip }, async () => {
  const { page } = await open(`/#year=1161&z=5&lat=32&lon=118`);
  await page.locator("#share").click();
  const link = await page.locator("#share-link").inputValue();
  const code = await page.locator("#share-embed").inputValue();
  assert.match(link, /#year=1161/);
  assert.match(code, /<iframe src="[^"]+\/embed\?year=1161[^"]*"[^>]*sandbox="allow-scripts"/);
  await page.close();
});

test("the embed renders inside a sandboxed iframe on another site", { skip }, async () => {
  // Another site: a page on a second loopback port that frames the map.
  const host = createServer((req, res) => {
    res.setHeader("Content-Type", "text/html");
    res.end(`<!doctype html><title>An article</title><p>The border in 1141:</p>
      <iframe id="map" src="${base}/embed?year=1141&z=5&lat=33&lon=114&slider=1" width="640" height="420" sandbox="allow-scripts"></iframe>`);
  });
  await new Promise((r) => host.listen(0, "127.0.0.1", r));
  const article = `http://127.0.0.1:${host.address().port}/`;
  const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(article);
  const frame = page.frame({ url: /\/embed\?/ });
  assert.ok(frame, "the iframe loaded");
  await frame.waitForFunction(() => document.body.dataset.ready, null, { timeout: 30000 });
  assert.equal(await frame.evaluate(() => document.body.dataset.ready), "true");
  await frame.evaluate(() => window.chronoatlas.ready());
  const colour = await frame.evaluate(([lat, lon]) => window.chronoatlas.colorAt(lat, lon, 5), KAIFENG);
  assert.equal(nearest(colour), "jin", `colour at Kaifeng in the embed: ${colour}`);
  assert.match(await frame.locator("#year-number").textContent(), /1141/);
  assert.equal(await frame.locator(".slider").isVisible(), true);
  assert.deepEqual(errors, []);
  await page.close();
  host.close();
});

test("oEmbed describes a viewer URL", { skip }, async () => {
  const res = await fetch(`${base}/oembed?format=json&maxwidth=500&url=${encodeURIComponent(base + "/#year=1141&z=5&lat=33&lon=114")}`);
  assert.equal(res.status, 200);
  const o = await res.json();
  assert.equal(o.type, "rich");
  assert.equal(o.version, "1.0");
  assert.match(o.title, /1141/);
  assert.ok(o.width <= 500);
  assert.match(o.html, /^<iframe src="[^"]*\/embed\?[^"]*year=1141/);
  const page = await browser.newPage();
  await page.goto(base + "/");
  const href = await page.locator('link[type="application/json+oembed"]').getAttribute("href");
  assert.match(href, /\/oembed\?format=json&url=/);
  await page.close();
});
