// The browser tests' harness: the real server built and started on
// loopback, Debian's Chromium driven by playwright-core, and pages opened
// with the tests' probe (probe.js) injected. When Chromium is missing the
// tests skip, except in CI (CI=true), where they fail.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const shots = join(root, "web", "screenshots");
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI === "true") {
  throw new Error(`${CHROMIUM} not found: CI must install chromium`);
}
export const skip = haveChromium ? false : `${CHROMIUM} not found; install chromium to run the browser tests`;

export const SONG = "#f28c28", JIN = "#3a6fc4";
export const KAIFENG = [34.8, 114.31];

// Colours blend with the map's background; judge by which polity colour
// the pixel is nearest to.
export function nearest(hex) {
  const rgb = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
  const d = (a, b) => a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0);
  const px = rgb(hex);
  return d(px, rgb(SONG)) < d(px, rgb(JIN)) ? "song" : "jin";
}

// env is filled by the before hook: the server's base URL and the browser.
export const env = { base: "", browser: null };
let server, tmp;

before(async () => {
  if (skip) return;
  // npm test (run.mjs) builds the server once for every file; a file run
  // on its own builds it.
  let bin = process.env.CHRONOATLAS_BIN;
  if (!bin) {
    tmp = mkdtempSync(join(tmpdir(), "chronoatlas-web-"));
    bin = join(tmp, "chronoatlas");
    execFileSync("go", ["build", "-o", bin, "./cmd/chronoatlas"], { cwd: root, stdio: "inherit" });
  }
  server = spawn(bin, ["-addr", "127.0.0.1:0", "-log-format", "json"], { stdio: ["ignore", "ignore", "pipe"] });
  env.base = await new Promise((resolve, reject) => {
    let buf = "", done = false;
    server.stderr.on("data", (d) => {
      if (done) return;
      buf += d;
      const m = buf.match(/"msg":"listening","addr":"([^"]+)"/);
      if (m) {
        done = true;
        resolve("http://" + m[1]);
      }
    });
    server.on("exit", (code) => reject(new Error(`server exited with ${code}: ${buf}`)));
    setTimeout(() => reject(new Error("server did not start: " + buf)), 30000);
  });
  const { chromium } = await import("playwright-core");
  env.browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
});

// The server goes with the tests: on SIGTERM it shuts down gracefully, and
// if it has not within five seconds, or the tests end some other way, it
// is killed.
const running = () => server && server.exitCode === null && server.signalCode === null;
process.on("exit", () => running() && server.kill("SIGKILL"));
after(async () => {
  await env.browser?.close();
  if (running()) {
    const gone = new Promise((r) => server.once("exit", r));
    server.kill();
    await Promise.race([gone, new Promise((r) => setTimeout(r, 5000).unref())]);
    if (running()) server.kill("SIGKILL");
  }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// newPage opens a tab with the probe injected into every frame.
export async function newPage(options) {
  const page = await env.browser.newPage(options);
  await page.addInitScript({ path: join(root, "web", "test", "probe.js") });
  return page;
}

// open loads a page, waits until its map has settled, and records console
// errors and requests to other hosts.
// options are Playwright's for the page, and init a function to run in it
// before its own scripts.
export async function open(path, { init, ...options } = { viewport: { width: 1200, height: 800 } }) {
  const page = await newPage(options);
  if (init) await page.addInitScript(init);
  const errors = [], foreign = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("response", (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (!["data:", "blob:"].includes(u.protocol) && u.origin !== env.base) foreign.push(r.url());
  });
  await page.goto(env.base + path);
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 30000 });
  assert.equal(await page.evaluate(() => document.body.dataset.ready), "true");
  await page.evaluate(() => window.chronoatlasProbe.ready());
  return { page, errors, foreign };
}
