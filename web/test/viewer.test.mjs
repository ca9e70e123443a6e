// Browser tests of the viewer and the embed page (see harness.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { env, skip, KAIFENG, nearest, newPage, open } from "./harness.mjs";

// openPlacePopup opens the popup of the place with the given id.
const openPlacePopup = (page, id) => page.evaluate((id) => {
  for (const l of Object.values(window.chronoatlas.map._layers)) {
    if (l.feature && l.feature.id === id) l.openPopup();
  }
}, id);

test("the viewer shows Kaifeng under the Song in 1120 and under the Jin in 1141", { skip }, async () => {
  const { page, errors, foreign } = await open(`/#year=1120&z=5&lat=33&lon=114`);
  const at1120 = await page.evaluate(([lat, lon]) => window.chronoatlasProbe.colorAt(lat, lon, 5), KAIFENG);
  assert.equal(nearest(at1120), "song", `colour at Kaifeng in 1120: ${at1120}`);

  // Move the slider as a person would: focus it and press the arrow key.
  await page.locator("#year-slider").fill("1140");
  await page.locator("#year-slider").focus();
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => window.chronoatlas.year === 1141);
  await page.evaluate(() => window.chronoatlasProbe.ready());
  const at1141 = await page.evaluate(([lat, lon]) => window.chronoatlasProbe.colorAt(lat, lon, 5), KAIFENG);
  assert.equal(nearest(at1141), "jin", `colour at Kaifeng in 1141: ${at1141}`);
  assert.match(page.url(), /\/\?year=1141&/, "the view in the query string, the old hash link rewritten");

  // Kaifeng's popup names the Jin.
  const marker = page.locator(".place-label", { hasText: /Bianjing|Kaifeng|Nanjing/ }).first();
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
  await page.evaluate(() => window.chronoatlasProbe.ready());

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
  // A label starts 7 px right of its place's dot and is centred on it.
  const hiddenPlace = await page.evaluate(() => {
    const box = window.chronoatlas.map.getContainer().getBoundingClientRect();
    for (const el of document.querySelectorAll(".place-label.crowded")) {
      const b = el.getBoundingClientRect();
      const p = { x: b.left - 7, y: b.top + b.height / 2 };
      // One well inside the map, not under the controls along its edges.
      if (p.x - box.left < 80 || p.y - box.top < 80 || box.right - p.x < 80 || box.bottom - p.y < 120) continue;
      return { name: el.textContent, ...p };
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
  const { page, errors } = await open(`/?year=1161&z=5&lat=32&lon=118`);
  const routes = () => page.evaluate(() => document.querySelectorAll("path.campaign").length);
  assert.equal(await routes(), 1, "Wanyan Liang's 1161 invasion");
  assert.ok(await page.locator("#events button", { hasText: "campaign" }).count() > 0, "the campaign is in the year's list");
  await page.locator('#layers input[value="events"]').uncheck();
  assert.equal(await routes(), 1, "the events layer does not hide campaigns");
  await page.locator('#layers input[value="campaigns"]').uncheck();
  assert.equal(await routes(), 0, "the campaigns layer hides them");
  assert.match(page.url(), /layers=land%2Cterritories%2Crivers%2Cfrontiers%2Cplaces|layers=land,territories,rivers,frontiers,places/);
  await page.evaluate(() => window.chronoatlas.setYear(1141));
  await page.locator('#layers input[value="campaigns"]').check();
  assert.equal(await routes(), 0, "no campaign in 1141");
  assert.deepEqual(errors, [], "console errors");
  await page.close();
});

// The repaint budget: from the slider's input to the frame that shows the
// year, 50 ms (the median of nine moves). Like Lighthouse's performance,
// it is printed here and judged by make bench-web (JUDGE_TIMING=true), on
// the best of up to three rounds (one round's median moves by a tenth
// either way on a small machine, and doubled on a busy CI runner). That no
// tile is asked for is checked every time.
test("moving the slider repaints from the tiles already loaded, within 50 ms", { skip }, async () => {
  const { page } = await open(`/#year=1130&z=5&lat=33&lon=114`);
  const asked = [];
  // (Chromium asks for the page's icon again whenever the title changes.)
  page.on("request", (r) => /\/(tiles|collections)\//.test(r.url()) && asked.push(r.url()));
  const medians = [];
  for (let round = 0; round < 3; round++) {
    const times = [];
    for (const y of [1131, 1142, 1161, 1127, 1200, 1141, 1131, 1142, 1161]) {
      times.push(await page.evaluate((y) => window.chronoatlas.setYear(y), y));
    }
    assert.deepEqual(asked, [], "requests while the year changed");
    times.sort((a, b) => a - b);
    medians.push(times[Math.floor(times.length / 2)]);
    console.log(`slider input to repaint, round ${round + 1}: median ${medians.at(-1).toFixed(1)} ms, max ${times.at(-1).toFixed(1)} ms over ${times.length} moves`);
    if (medians.at(-1) <= 50) break;
  }
  const best = Math.min(...medians);
  if (process.env.JUDGE_TIMING === "true") assert.ok(best <= 50, `median repaint ${medians.map((m) => m.toFixed(1)).join(", ")} ms`);
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
  assert.equal(await page.locator("#share").innerText(), "分享／嵌入");
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
  assert.match(link, /\/\?year=1161&/);
  assert.match(code, /<iframe src="[^"]+\/embed\?year=1161[^"]*"[^>]*sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"/);
  await page.close();
});

test("the embed renders inside a sandboxed iframe on another site", { skip }, async () => {
  // Another site: a page on a second loopback port that frames the map.
  const host = createServer((req, res) => {
    res.setHeader("Content-Type", "text/html");
    res.end(`<!doctype html><title>An article</title><p>The border in 1141:</p>
      <iframe id="map" src="${env.base}/embed?year=1141&z=5&lat=33&lon=114&slider=1" width="640" height="420" sandbox="allow-scripts"></iframe>`);
  });
  await new Promise((r) => host.listen(0, "127.0.0.1", r));
  const article = `http://127.0.0.1:${host.address().port}/`;
  const page = await newPage({ viewport: { width: 800, height: 600 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(article);
  const frame = page.frame({ url: /\/embed\?/ });
  assert.ok(frame, "the iframe loaded");
  await frame.waitForFunction(() => document.body.dataset.ready, null, { timeout: 30000 });
  assert.equal(await frame.evaluate(() => document.body.dataset.ready), "true");
  await frame.evaluate(() => window.chronoatlasProbe.ready());
  const colour = await frame.evaluate(([lat, lon]) => window.chronoatlasProbe.colorAt(lat, lon, 5), KAIFENG);
  assert.equal(nearest(colour), "jin", `colour at Kaifeng in the embed: ${colour}`);
  assert.match(await frame.locator("#year-number").textContent(), /1141/);
  assert.equal(await frame.locator(".slider").isVisible(), true);
  assert.deepEqual(errors, []);
  await page.close();
  host.close();
});

test("oEmbed describes a viewer URL", { skip }, async () => {
  const res = await fetch(`${env.base}/oembed?format=json&maxwidth=500&url=${encodeURIComponent(env.base + "/#year=1141&z=5&lat=33&lon=114")}`);
  assert.equal(res.status, 200);
  const o = await res.json();
  assert.equal(o.type, "rich");
  assert.equal(o.version, "1.0");
  assert.match(o.title, /1141/);
  assert.ok(o.width <= 500);
  assert.match(o.html, /^<iframe src="[^"]*\/embed\?[^"]*year=1141/);
  const page = await env.browser.newPage();
  await page.goto(env.base + "/");
  const href = await page.locator('link[type="application/json+oembed"]').getAttribute("href");
  assert.match(href, /\/oembed\?format=json&url=/);
  await page.close();
});

// drawnPlaces lists the places on the map, each with whether it is drawn
// as a capital.
const drawnPlaces = (page) => page.evaluate(() => {
  const out = {};
  window.chronoatlas.map.eachLayer((l) => {
    if (l.feature && l instanceof L.CircleMarker) out[l.feature.id] = l.options.fillColor === "#fff4c2";
  });
  return out;
});

test("places follow the date: drawn only in their life, capitals only while a capital role holds", { skip }, async () => {
  const { page, errors } = await open(`/#year=1141&z=3&lat=38&lon=110`);
  for (const year of [1141, 1160, 1210, 1233]) {
    await page.evaluate((y) => window.chronoatlas.setYear(y), year);
    // The server's answer for 1 July of the year: the places alive then,
    // each with the day's kind.
    const res = await fetch(`${env.base}/collections/places/items?datetime=${year}-07-01&limit=10000`);
    const want = Object.fromEntries((await res.json()).features.map((f) => [f.id, f.properties.kind === "capital"]));
    assert.deepEqual(await drawnPlaces(page), want, `places in ${year}`);
  }
  // Facts that hold whatever the data's details: the Jin moved their
  // capital from Huining to Yanjing in 1153; Avarga was Chinggis Khan's
  // seat from 1206; Lin'an the Song's in 1141.
  await page.evaluate(() => window.chronoatlas.setYear(1141));
  let drawn = await drawnPlaces(page);
  assert.equal(drawn.huining, true, "Huining in 1141");
  assert.equal(drawn.hangzhou, true, "Lin'an in 1141");
  assert.equal(drawn.avarga, false, "Avarga in 1141");
  await page.evaluate(() => window.chronoatlas.setYear(1160));
  drawn = await drawnPlaces(page);
  assert.equal(drawn.huining, false, "Huining in 1160");
  assert.equal(drawn.yanjing, true, "Yanjing in 1160");
  assert.deepEqual(errors, [], "console errors");
  await page.close();
});
