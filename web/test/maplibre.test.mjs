// MapLibre GL JS, the most used WebGL map library, in Debian's Chromium:
// it loads the server's MapLibre style from a page on another origin (the
// test's own), fires load and idle without an error, and draws Kaifeng in
// the Jin's colour in 1141 and the Song's in 1120. The style also passes
// @maplibre/maplibre-gl-style-spec's validator. The library is npm's
// maplibre-gl, pinned in package.json and never committed. When Chromium is
// missing the browser test skips, except in CI (CI=true), where it fails.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { validateStyleMin } from "@maplibre/maplibre-gl-style-spec";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dist = join(root, "web", "node_modules", "maplibre-gl", "dist");
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI === "true") {
  throw new Error(`${CHROMIUM} not found: CI must install chromium`);
}
const skip = haveChromium ? false : `${CHROMIUM} not found; install chromium to run the browser tests`;

// The style's colours: the polities at the style's fill opacity over land.
const SONG = "#f28c28", JIN = "#3a6fc4";
const KAIFENG = [114.31, 34.8];

let server, base, pages, browser, tmp;

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), "chronoatlas-maplibre-"));
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
  if (skip) return;
  // The page a MapLibre user writes, served from another origin than the
  // atlas, with the library from npm.
  const files = {
    "/maplibre-gl.js": ["text/javascript", readFileSync(join(dist, "maplibre-gl.js"))],
    "/maplibre-gl.css": ["text/css", readFileSync(join(dist, "maplibre-gl.css"))],
    "/": [
      "text/html",
      `<!doctype html><meta charset="utf-8"><title>MapLibre</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="/maplibre-gl.css"><script src="/maplibre-gl.js"></script>
<style>html,body,#map{margin:0;width:100%;height:100%}</style><div id="map"></div>
<script>
const params = new URLSearchParams(location.search);
window.errors = [];
window.events = [];
const map = new maplibregl.Map({
  container: "map", style: params.get("style"), center: [114.31, 34.8], zoom: 6,
  canvasContextAttributes: { preserveDrawingBuffer: true }, fadeDuration: 0, attributionControl: false,
});
window.map = map;
map.on("error", (e) => window.errors.push(String(e.error && e.error.message || e.error || e)));
map.on("load", () => window.events.push("load"));
map.once("idle", () => window.events.push("idle"));
// The colour MapLibre drew at a longitude and latitude, as #rrggbb.
window.pixel = (lnglat) => {
  const c = map.getCanvas(), p = map.project(lnglat), r = window.devicePixelRatio;
  const ctx = Object.assign(document.createElement("canvas"), { width: c.width, height: c.height }).getContext("2d");
  ctx.drawImage(c, 0, 0);
  const d = ctx.getImageData(Math.round(p.x * r), Math.round(p.y * r), 1, 1).data;
  return "#" + [d[0], d[1], d[2]].map((v) => v.toString(16).padStart(2, "0")).join("");
};
</script>`,
    ],
  };
  pages = createServer((req, res) => {
    const f = files[new URL(req.url, "http://x").pathname];
    if (!f) return res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": f[0] }).end(f[1]);
  });
  await new Promise((resolve) => pages.listen(0, "127.0.0.1", resolve));
  const { chromium } = await import("playwright-core");
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // WebGL without a GPU: SwiftShader, Chromium's software renderer.
    args: ["--headless", "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
});

after(async () => {
  await browser?.close();
  pages?.close();
  server?.kill();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// nearest names the colour hex is nearest to among the polities' colours
// blended over land at the opacities the style uses, and the bare land;
// "other" when it is near none of them.
function nearest(hex, land) {
  const rgb = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
  const blend = (c, a) => rgb(c).map((v, i) => a * v + (1 - a) * rgb(land)[i]);
  const d = (a, b) => a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0);
  const candidates = [["land", rgb(land)]];
  for (const a of [0.45, 0.7]) candidates.push(["song", blend(SONG, a)], ["jin", blend(JIN, a)]);
  const px = rgb(hex);
  const best = candidates.reduce((best, c) => (d(px, c[1]) < d(px, best[1]) ? c : best));
  // Nothing within 30 levels a channel: a marker, a line, a grey fallback.
  return d(px, best[1]) > 3 * 30 * 30 ? "other" : best[0];
}

for (const [datetime, polity] of [["1141", "jin"], ["1120", "song"]]) {
  test(`the style of ${datetime} validates`, async () => {
    const res = await fetch(`${base}/styles/default?datetime=${datetime}`);
    assert.equal(res.status, 200);
    const style = await res.json();
    assert.deepEqual(validateStyleMin(style).map((e) => e.message), []);
    assert.equal(style.version, 8);
  });

  test(`MapLibre draws Kaifeng in ${datetime} as ${polity}`, { skip }, async () => {
    const style = await (await fetch(`${base}/styles/default?datetime=${datetime}`)).json();
    const land = style.layers.find((l) => l.id === "land").paint["fill-color"];
    const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
    const errors = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("response", (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
    const u = new URL(`http://127.0.0.1:${pages.address().port}/`);
    u.searchParams.set("style", `${base}/styles/default?datetime=${datetime}`);
    await page.goto(u.href);
    await page.waitForFunction(() => window.events?.includes("idle") || window.errors?.length, null, { timeout: 60000 });
    const got = await page.evaluate(() => ({ events: window.events, errors: window.errors }));
    assert.deepEqual(got.errors, [], "MapLibre reported errors");
    assert.deepEqual(errors, [], "the page logged errors");
    assert.deepEqual(got.events, ["load", "idle"]);
    assert.ok(await page.evaluate(() => map.loaded() && map.isStyleLoaded()));
    // Around Kaifeng, off the city's own marker and the rivers: most of a
    // ring of pixels 12 to 20 px away has the polity's colour.
    const counts = {};
    for (let i = 0; i < 16; i++) {
      const a = (i / 16) * 2 * Math.PI, r = 12 + (i % 3) * 4;
      const px = await page.evaluate(([lng, lat, dx, dy]) => {
        const p = map.project([lng, lat]);
        return window.pixel(map.unproject([p.x + dx, p.y + dy]));
      }, [...KAIFENG, r * Math.cos(a), r * Math.sin(a)]);
      const n = nearest(px, land);
      counts[n] = (counts[n] || 0) + 1;
    }
    assert.ok((counts[polity] || 0) >= 12, `around Kaifeng in ${datetime}: ${JSON.stringify(counts)}, want mostly ${polity}`);
    await page.close();
  });
}
