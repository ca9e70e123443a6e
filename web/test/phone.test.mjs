// The viewer on a phone, and the screenshots in the README (see harness.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { env, skip, shots, open } from "./harness.mjs";

// A phone of 390 × 844 CSS pixels that takes touch.
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

// watch records, from before the page's first paint, where the map first
// was and the layout shifts not caused by input (what CLS adds up).
const watch = () => {
  window.__shifts = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts += e.value;
  }).observe({ type: "layout-shift", buffered: true });
  document.addEventListener("DOMContentLoaded", () => {
    const r = document.getElementById("map").getBoundingClientRect();
    window.__mapAt = [r.left, r.top, r.width, r.height];
  });
};
const mapAt = (page) => page.evaluate(() => {
  const r = document.getElementById("map").getBoundingClientRect();
  return [r.left, r.top, r.width, r.height];
});

// touch sends a gesture of one or more fingers, each a list of points.
async function touch(page, fingers, steps = 8) {
  const cdp = await page.context().newCDPSession(page);
  const at = (i) => fingers.map((f) => {
    const k = (i / steps) * (f.length - 1), j = Math.min(Math.floor(k), f.length - 2), u = k - j;
    return { x: f[j][0] + (f[j + 1][0] - f[j][0]) * u, y: f[j][1] + (f[j + 1][1] - f[j][1]) * u };
  });
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: at(0) });
  for (let i = 1; i <= steps; i++) {
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: at(i) });
    await page.waitForTimeout(16);
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await cdp.detach();
}

test("on a phone the map fills the screen from the first paint, and nothing moves", { skip }, async () => {
  for (const path of ["/#year=1141&z=4&lat=33&lon=114", "/embed?year=1141&z=4&lat=33&lon=114&slider=1"]) {
    const { page, errors } = await open(path, { ...PHONE, init: watch });
    const [first, now] = [await page.evaluate(() => window.__mapAt), await mapAt(page)];
    assert.deepEqual(now, first, `${path}: the map moved from ${first} to ${now}`);
    assert.ok(now[2] === 390 && now[1] + now[3] === 844, `${path}: the map does not fill the screen: ${now}`);
    const shifts = await page.evaluate(() => window.__shifts);
    assert.ok(shifts < 0.05, `${path}: layout shifts add up to ${shifts}`);
    assert.deepEqual(errors, [], "console errors");
    await page.close();
  }
});

test("on a phone: one-line header, 44 px targets, 12 px text, the panel as a sheet", { skip }, async () => {
  const { page } = await open("/#year=1141&z=4&lat=33&lon=114", PHONE);
  const bar = await page.locator(".bar").boundingBox();
  assert.ok(bar.height <= 56, `header ${bar.height} px high`);
  const wrapped = await page.evaluate(() => [...document.querySelectorAll(".bar > *")].filter((e) => {
    const r = e.getBoundingClientRect();
    return r.width > 1 && (r.top < 0 || r.bottom > document.querySelector(".bar").getBoundingClientRect().bottom);
  }).map((e) => e.className || e.id));
  assert.deepEqual(wrapped, [], "header items off its one line");
  // Every target on the screen, the sheet's included once it is open.
  const small = () => page.evaluate(() => [...document.querySelectorAll("button, input, a, label")].filter((e) => {
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    const shown = r.width > 1 && r.height > 1 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth && s.visibility !== "hidden";
    const inside = e.closest("label") && e.tagName === "INPUT" && e.type === "checkbox"; // its label is the target
    return shown && !inside && (r.width < 44 || r.height < 44);
  }).map((e) => `${e.tagName}#${e.id}.${e.className} ${e.getBoundingClientRect().width}×${e.getBoundingClientRect().height}`));
  // Every piece of text shown, Leaflet's attribution included.
  const tiny = () => page.evaluate(() => {
    const out = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
      const n = walk.currentNode, e = n.parentElement;
      if (!n.textContent.trim() || !e) continue;
      const r = e.getBoundingClientRect(), s = getComputedStyle(e);
      if (r.width < 2 || s.visibility === "hidden" || r.top >= innerHeight || r.bottom <= 0) continue;
      if (parseFloat(s.fontSize) < 12) out.push(`${n.textContent.trim().slice(0, 30)} ${s.fontSize}`);
    }
    return out;
  });
  assert.deepEqual(await small(), [], "targets under 44 px");
  assert.deepEqual(await tiny(), [], "text under 12 px");
  const before = await mapAt(page);
  assert.equal(await page.locator("#panel").isVisible(), false, "the sheet starts closed");
  await page.locator("#panel-toggle").tap();
  assert.equal(await page.locator("#panel").isVisible(), true, "the sheet opens");
  assert.equal(await page.locator("#panel-toggle").getAttribute("aria-expanded"), "true");
  const sheet = await page.locator("#panel").boundingBox();
  assert.ok(sheet.y > bar.height && sheet.y + sheet.height <= 844.5, `the sheet lies over the map: ${JSON.stringify(sheet)}`);
  assert.deepEqual(await mapAt(page), before, "the map moved when the sheet opened");
  assert.deepEqual(await small(), [], "targets under 44 px in the sheet");
  assert.deepEqual(await tiny(), [], "text under 12 px in the sheet");
  await page.locator("#panel-close").tap();
  assert.equal(await page.locator("#panel").isVisible(), false, "the sheet closes");
  await page.close();
});

test("on a phone one finger pans, two pinch, and the slider drags without panning", { skip }, async () => {
  const { page } = await open("/#year=1141&z=4&lat=33&lon=114", PHONE);
  const view = () => page.evaluate(() => {
    const m = window.chronoatlas.map;
    return { lat: m.getCenter().lat, lon: m.getCenter().lng, z: m.getZoom(), year: window.chronoatlas.year };
  });
  const settled = () => page.evaluate(() => new Promise((r) => setTimeout(r, 400)));
  const start = await view();
  // The slider: a finger from its thumb to its right end.
  const track = await page.locator("#year-slider").boundingBox();
  const thumbX = track.x + ((1141 - 1115) / (1234 - 1115)) * track.width, y = track.y + track.height / 2;
  await touch(page, [[[thumbX, y], [track.x + track.width * 0.9, y]]]);
  await settled();
  const slid = await view();
  assert.ok(slid.year > 1180, `the year after dragging the slider: ${slid.year}`);
  assert.deepEqual([slid.lat, slid.lon, slid.z], [start.lat, start.lon, start.z], "dragging the slider moved the map");
  // One finger pans.
  await touch(page, [[[200, 400], [120, 300]]]);
  await settled();
  const panned = await view();
  assert.ok(panned.lat < start.lat - 0.5 && panned.lon > start.lon + 0.5, `one finger did not pan: ${JSON.stringify(panned)}`);
  // Two fingers apart zoom in.
  await touch(page, [[[190, 420], [110, 340]], [[210, 440], [290, 520]]]);
  await settled();
  const pinched = await view();
  assert.ok(pinched.z > panned.z, `pinching did not zoom: ${panned.z} → ${pinched.z}`);
  await page.close();
});

test("screenshots for the README: a phone in English and Chinese; 1118 in the north-east, 1141 and 1212", { skip }, async () => {
  mkdirSync(shots, { recursive: true });
  const shoot = async (path, file, options) => {
    const { page, errors } = await open(path, options);
    await page.screenshot({ path: join(shots, file) });
    assert.deepEqual(errors, [], `console errors on ${path}`);
    await page.close();
  };
  await shoot("/#year=1141&z=4.5&lat=32&lon=114", "phone-1141-en.png", PHONE);
  await shoot("/#year=1141&z=4.5&lat=32&lon=114&lang=zh", "phone-1141-zh.png", PHONE);
  // The north-east where the Jin rose, with Jilin, where a Liao island once
  // lay inside the Jin.
  await shoot("/#year=1118&z=5.5&lat=44&lon=126", "viewer-1118-northeast.png");
  await shoot("/#year=1141&z=5&lat=33&lon=114", "viewer-1141.png");
  await shoot("/#year=1212&z=5&lat=38&lon=114", "viewer-1212.png");
});
