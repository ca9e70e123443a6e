// Browser tests of links and embeds (see harness.mjs): the view in the
// query string, old #year=… links, oEmbed's iframe opening the viewer, and
// the embed's "Open in chronoatlas" bar on narrow frames.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { env, skip, newPage, open } from "./harness.mjs";

// view reads the page's URL: its path, its parameters and its hash.
const view = (page) => {
  const u = new URL(page.url());
  return { path: u.pathname, q: Object.fromEntries(u.searchParams), hash: u.hash };
};

test("an old #year=… link opens at its view and becomes the query form", { skip }, async () => {
  const { page, errors } = await open(`/#year=1120&z=6&lat=34&lon=114&lang=zh`);
  assert.equal(await page.evaluate(() => window.chronoatlas.year), 1120);
  assert.equal(await page.evaluate(() => window.chronoatlas.map.getZoom()), 6);
  let v = view(page);
  assert.equal(v.path, "/");
  assert.equal(v.hash, "", "the hash is gone");
  assert.deepEqual(v.q, { year: "1120", z: "6", lat: "34.000", lon: "114.000", lang: "zh" });

  // The year moves the query string, without adding to history.
  const before = await page.evaluate(() => history.length);
  await page.evaluate(() => window.chronoatlas.setYear(1141));
  v = view(page);
  assert.equal(v.q.year, "1141");
  assert.equal(await page.evaluate(() => history.length), before);

  // The share dialog's link is the query form, and so is the discovery link
  // the page now names.
  await page.locator("#share").click();
  const link = new URL(await page.locator("#share-link").inputValue());
  assert.equal(link.origin + link.pathname, env.base + "/");
  assert.equal(link.hash, "");
  assert.deepEqual(Object.fromEntries(link.searchParams), { year: "1141", z: "6", lat: "34.000", lon: "114.000", lang: "zh" });
  const discovery = new URL(await page.locator('link[type="application/json+oembed"]').getAttribute("href"));
  assert.equal(discovery.searchParams.get("url"), page.url());

  // The shared link opens at the same view.
  const { page: again } = await open(link.pathname + link.search);
  assert.equal(await again.evaluate(() => window.chronoatlas.year), 1141);
  assert.equal(await again.evaluate(() => window.chronoatlas.map.getZoom()), 6);
  assert.equal(await again.evaluate(() => window.chronoatlas.state.lang), "zh");
  assert.equal(again.url(), link.href);
  assert.deepEqual(errors, []);
  await again.close();
  await page.close();
});

test("a link with tracking parameters opens at its view and drops them", { skip }, async () => {
  const { page, errors } = await open(`/?year=1130&z=5&lat=33&lon=114&fbclid=IwAR0abc&utm_source=news`);
  assert.equal(await page.evaluate(() => window.chronoatlas.year), 1130);
  assert.deepEqual(view(page).q, { year: "1130", z: "5", lat: "33.000", lon: "114.000" });
  // An old hash typed onto the page moves it and is rewritten too.
  await page.evaluate(() => { location.hash = "year=1200"; });
  await page.waitForFunction(() => window.chronoatlas.year === 1200 && location.hash === "");
  assert.equal(view(page).q.year, "1200");
  assert.deepEqual(errors, []);
  await page.close();
});

// article serves a page on another loopback port (another site) that
// holds html, and returns its URL and a function that stops it.
async function article(html) {
  const host = createServer((req, res) => {
    res.setHeader("Content-Type", "text/html");
    res.end(`<!doctype html><title>An article</title><p>The map:</p>${html}`);
  });
  await new Promise((r) => host.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${host.address().port}/`, close: () => host.close() };
}

// openFromEmbed loads an article holding the iframe html, clicks the
// frame's "Open in chronoatlas" link, and returns the page it opened, or
// null when none opened within wait ms, and a function that closes them
// (the article's page owns the browser context the new page is in).
async function openFromEmbed(html, wait) {
  const site = await article(html);
  const page = await newPage({ viewport: { width: 800, height: 600 } });
  await page.goto(site.url);
  await page.waitForFunction(() => document.querySelector("iframe"));
  let frame;
  while (!(frame = page.frame({ url: /\/embed\?/ }))) await page.waitForTimeout(100);
  await frame.waitForFunction(() => document.body.dataset.ready === "true", null, { timeout: 30000 });
  const opened = page.context().waitForEvent("page", { timeout: wait }).catch(() => null);
  await frame.locator("#embed-open").click();
  const popup = await opened;
  return { popup, close: async () => { await page.close(); site.close(); } };
}

test("oEmbed's iframe opens the viewer at its view in a new page", { skip }, async () => {
  const asked = `${env.base}/?year=1120&z=6&lat=34&lon=114`;
  const res = await fetch(`${env.base}/oembed?format=json&url=${encodeURIComponent(asked)}`);
  assert.equal(res.status, 200);
  const o = await res.json();
  assert.match(o.html, /sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"/);

  const { popup, close } = await openFromEmbed(o.html, 15000);
  assert.ok(popup, "clicking 'Open in chronoatlas' opened a page");
  await popup.waitForFunction(() => document.body.dataset.ready, null, { timeout: 30000 });
  assert.equal(await popup.evaluate(() => document.body.dataset.ready), "true");
  const u = new URL(popup.url());
  assert.equal(u.origin + u.pathname, env.base + "/");
  assert.deepEqual(Object.fromEntries(u.searchParams), { year: "1120", z: "6", lat: "34.000", lon: "114.000" });
  assert.equal(await popup.evaluate(() => window.chronoatlas.year), 1120);
  // Out of the sandbox: the viewer runs with its own origin.
  assert.equal(await popup.evaluate(() => origin), env.base);
  await close();

  // The check can fail: with scripts alone the link opens nothing.
  const tight = await openFromEmbed(o.html.replace(/sandbox="[^"]*"/, 'sandbox="allow-scripts"'), 2000);
  await tight.close();
  assert.equal(tight.popup, null, "a frame without allow-popups opened a page");
});

// overlap is the area two boxes share, in square pixels.
const overlap = (a, b) =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) *
  Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

for (const width of [320, 375, 600]) {
  test(`the embed's 'Open in chronoatlas' bar leaves the slider free at ${width} px`, { skip }, async () => {
    const { page, errors } = await open(`/embed?year=1141&z=5&lat=33&lon=114&slider=1`, { viewport: { width, height: 240 } });
    const bar = await page.locator("#embed-open").boundingBox();
    assert.ok(bar && bar.width > 0, "the bar is shown");
    assert.ok(bar.x >= 0 && bar.x + bar.width <= width, `the bar ${JSON.stringify(bar)} is inside the frame`);
    const parts = { year: ".embed-year", back: "#back", play: "#play", forward: "#forward", track: "#year-slider", zoom: ".leaflet-control-zoom" };
    for (const [name, sel] of Object.entries(parts)) {
      const box = await page.locator(sel).boundingBox();
      assert.ok(box && box.width > 0, `${name} is shown`);
      assert.equal(overlap(bar, box), 0, `the bar ${JSON.stringify(bar)} covers ${name} ${JSON.stringify(box)}`);
    }
    // The year beside it is whole: the box never overflows as a whole (its
    // ellipsis could eat the year's last digit); only its eras are cut.
    const cut = await page.evaluate(() => {
      const box = document.querySelector(".embed-year"), n = document.getElementById("year-number");
      return { box: box.scrollWidth - box.clientWidth, number: n.scrollWidth - n.clientWidth };
    });
    assert.deepEqual(cut, { box: 0, number: 0 }, "the year is cut");
    // The link is what a click there reaches.
    const c = [bar.x + bar.width / 2, bar.y + bar.height / 2];
    assert.equal(await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.id, c), "embed-open");
    assert.deepEqual(errors, []);
    await page.close();
  });
}
