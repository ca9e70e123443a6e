// chronoatlas viewer and embed page. It draws the atlas from the server's
// vector tiles, which carry every version of every feature with its life as
// decimal years; moving the slider repaints the tiles already loaded, so
// the map follows without asking the server again. Everything the page
// names (layers, polities and their colours, eras, embed parameters) comes
// from /dataset.json, /tiles.json and /timeline.
import { moment, eraOf } from "./time.js";
import { readParams, initialState, clampYear, viewParams, viewQuery, writeURL } from "./state.js";
import { makeI18n } from "./i18n.js";
import { tileLayer, painter } from "./paint.js";
import { placeLayer } from "./places.js";
import { eventLayer } from "./events.js";
import { YearSlider } from "./slider.js";
import { panel } from "./panel.js";
import { share } from "./share.js";
import { resource, viewerURL } from "./static.js";

const $ = (id) => document.getElementById(id);
const json = (path) => fetch(resource(path)).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${path}: ${r.status}`))));
const nextTask = () => new Promise((r) => setTimeout(r));
const nextFrame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
const items = (c) => json(`/collections/${c}/items?limit=10000&f=json`).then((fc) => fc.features);

async function main() {
  const embed = document.body.dataset.mode === "embed";
  const params = readParams();
  // The places, events and routes are fetched at once but awaited only
  // after the map is up.
  const features = Promise.all(["places", "events", "campaigns"].map(items));
  const [meta, timeline, tilejson] = await Promise.all([json("/dataset.json"), json("/timeline"), json("/tiles.json")]);
  const layerIDs = meta.layers.map((l) => l.id);
  const state = initialState(params, meta, timeline, layerIDs);
  const app = {
    meta, timeline, state, embed,
    t: moment(state.year),
    polities: Object.fromEntries(meta.polities.map((p) => [p.id, p])),
    i18n: makeI18n(state),
  };

  // The map, its attribution in place from the start so nothing moves.
  const map = L.map("map", { minZoom: 2, maxZoom: 10, zoomSnap: 0.5, worldCopyJump: true, attributionControl: false, zoomControl: false })
    .setView(state.center, state.zoom);
  app.map = map;
  const zoom = L.control.zoom().addTo(map);
  for (const a of zoom.getContainer().querySelectorAll("a")) a.dataset.i18nLabel = ""; // translated with the page
  // The attribution is in the map's box as served, so it shows with the
  // first paint and never moves; Leaflet's lower controls stand on it.
  const credit = $("attribution");
  if (!credit.textContent.trim()) credit.textContent = meta.attribution; // a page not from the server
  L.DomEvent.disableClickPropagation(credit);
  // Its height, which wraps with the map's width, is observed rather than
  // read: reading offsetHeight here would lay the page out mid-script.
  new ResizeObserver(([e]) => map.getContainer().style.setProperty("--credit-h", `${Math.ceil(e.borderBoxSize[0].blockSize)}px`)).observe(credit);
  // Each phase of the start is a task of its own (the map, its tiles, the
  // words round it, then the places and events), so that none holds the
  // page for long on a slow phone.
  await nextTask();
  const tiles = tileLayer(app, tilejson);
  const repaint = painter(tiles); // before the first tiles are made
  tiles.addTo(map);
  await nextTask();
  const slider = embed && !state.slider ? null : new YearSlider(app, timeline).addTo(map);
  app.viewParams = () => viewParams(state, map, meta, layerIDs);
  const url = () => {
    const q = app.viewParams();
    writeURL(q, embed);
    if (embed) $("embed-open").href = viewerURL(viewQuery(q));
  };

  // The words around the map and the year's names: the eras of each polity
  // the dataset has eras for, in its order.
  const eraPolities = [...new Set((meta.eras || []).map((e) => e.polity))].filter((id) => app.polities[id]);
  function labels() {
    const { zh, name } = app.i18n;
    const eras = eraPolities.map((id) => {
      const e = eraOf(meta.eras || [], id, state.year, zh());
      return e && (zh() ? `${app.polities[id].name_zh}${e}` : `${name(app.polities[id])}: ${e}`);
    }).filter(Boolean);
    $("year-number").textContent = zh() ? `${state.year}年` : state.year;
    $("year-era").textContent = eras.join(" · ");
    const title = zh() && meta.title_zh ? meta.title_zh : meta.title;
    const pageTitle = zh() ? `${state.year}年 · ${title} · chronoatlas` : `${state.year} · ${title} · chronoatlas`;
    if (document.title !== pageTitle) document.title = pageTitle;
    if ($("title") && $("title").textContent !== title) $("title").textContent = title;
    slider?.show(state.year, eras);
  }

  // The places, events and panel come after the map's first frame, each
  // in a task of its own, so the page stays responsive while they are made.
  async function addFeatures() {
    const [places, pointEvents, campaigns] = await features;
    await nextFrame();
    app.events = eventLayer(app, pointEvents, campaigns);
    app.eventMarks = app.events.icons;
    app.events.update();
    await nextTask();
    app.places = placeLayer(app, places);
    app.places.update();
    await nextTask();
    if (!embed) {
      app.panel = panel(app, app.events);
      app.panel.update();
    }
  }

  // setYear moves the map to a year and resolves with the milliseconds
  // from the input to the next frame that shows it: the words, the panel,
  // the markers and their labels, and the tiles.
  let lastRepaint = 0;
  app.setYear = async (y) => {
    y = clampYear(timeline, y);
    if (y === state.year) return lastRepaint;
    const t0 = performance.now();
    state.year = y;
    app.t = moment(y);
    update();
    await repaint();
    lastRepaint = performance.now() - t0;
    return lastRepaint;
  };
  function update() {
    labels();
    app.events?.update();
    app.places?.update();
    app.panel?.update();
    url();
  }
  app.layersChanged = () => {
    update();
    repaint();
  };

  if (!embed) {
    share(app);
    $("lang").addEventListener("click", () => {
      state.lang = state.lang === "zh" ? "en" : "zh";
      translate();
      update();
    });
    // An old #year=… typed onto the page moves it there, and the URL goes
    // back to the query form.
    window.addEventListener("hashchange", async () => {
      const y = readParams().get("year");
      if (y) await app.setYear(Number(y));
      url();
    });
  }
  document.addEventListener("keydown", (e) => {
    if (e.target.closest?.("input, textarea, select, dialog")) return;
    if (e.key === "ArrowRight" && e.shiftKey) app.setYear(state.year + 1);
    else if (e.key === "ArrowLeft" && e.shiftKey) app.setYear(state.year - 1);
    else if ((e.key === "p" || e.key === "P") && slider) slider.play(!slider.playing);
    else return;
    e.preventDefault();
  });
  function translate() {
    const { zh, tr, translatePage } = app.i18n;
    if (!embed) {
      $("lang").innerHTML = zh() ? '<span lang="en">English</span>' : '<span lang="zh-Hant">中文</span>';
      $("lang").setAttribute("aria-pressed", String(zh()));
      $("lang").title = tr(zh() ? "Show names in English" : "Show names in Chinese");
    }
    translatePage();
  }
  map.on("moveend", url);
  translate();
  labels();
  url();
  await addFeatures();

  // A small handle for tests and the curious.
  window.chronoatlas = {
    map, tiles, state, repaint,
    setYear: app.setYear,
    get year() { return state.year; },
    get lastRepaint() { return lastRepaint; },
  };
  document.body.dataset.ready = "true";
}

main().catch((err) => {
  console.error(err);
  document.body.dataset.ready = "error";
});
