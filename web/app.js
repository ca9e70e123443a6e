// chronoatlas viewer and embed page. It draws the atlas from the server's
// vector tiles, which carry every version of every feature with its start
// and end as decimal years; moving the slider re-filters the tiles already
// loaded, so the map repaints without asking the server again.
"use strict";
(async function () {
  const embed = document.body.dataset.mode === "embed";
  const $ = (id) => document.getElementById(id);
  const LAYERS = ["territories", "rivers", "frontiers", "campaigns", "places", "events"];

  // --- State, from the URL: the hash in the viewer, the query in an embed.
  const readParams = () => new URLSearchParams(embed ? location.search : location.hash.slice(1));
  const params = readParams();
  const [meta, timeline] = await Promise.all([
    fetch("/dataset.json").then((r) => r.json()),
    fetch("/timeline").then((r) => r.json()),
  ]);
  const polities = Object.fromEntries(meta.polities.map((p) => [p.id, p]));
  const bib = meta.bibliography || {};
  const num = (v, d) => (v !== null && v !== "" && Number.isFinite(Number(v)) ? Number(v) : d);
  const clampYear = (y) => Math.min(timeline.end, Math.max(timeline.start, Math.round(y)));
  const state = {
    year: clampYear(num(params.get("year"), meta.view.year)),
    lang: params.get("lang") === "zh" ? "zh" : "en",
    layers: new Set((params.get("layers") || LAYERS.join(",")).split(",").filter((l) => LAYERS.includes(l))),
  };

  // The slider's year Y is the state on 1 July of Y, as a decimal year.
  const moment = (y) => {
    const jan1 = Date.UTC(y, 0, 1), jul1 = Date.UTC(y, 6, 1), next = Date.UTC(y + 1, 0, 1);
    return y + (jul1 - jan1) / (next - jan1);
  };
  let t = moment(state.year);
  const alive = (p) => (p.start_year === undefined || p.start_year <= t) && (p.end_year === undefined || t < p.end_year);
  const edtfYear = (s) => (s === ".." ? null : Number(s.slice(0, s.indexOf("-", 1) > 0 ? s.indexOf("-", 1) : undefined).replace(/[~?%X]/g, "0")));
  const lifeHolds = (start, end, y) => {
    const s = start === ".." ? -Infinity : Date.UTC(edtfYear(start), ...ymd(start));
    const e = end === ".." ? Infinity : Date.UTC(edtfYear(end), ...ymd(end));
    const at = Date.UTC(y, 6, 1);
    return s <= at && at < e;
  };
  function ymd(s) {
    const m = s.replace(/[~?%]/g, "").match(/^-?\d{4}(?:-(\d\d))?(?:-(\d\d))?/);
    if (!m) return [0, 1];
    return [m[1] ? Number(m[1].replace(/X/g, "0") || 1) - 1 : 0, m[2] ? Number(m[2]) : 1];
  }
  const label = (o) => (state.lang === "zh" && o.name_zh ? o.name_zh : o.name);

  // --- The words around the map, in Chinese when the names are. The
  // data's own descriptions stay in English.
  const ZH = {
    "Skip to the year slider": "跳至年份滑桿", "Share / Embed": "分享／嵌入", "Legend": "圖例",
    "Polities": "政權", "dashed border: approximate or uncertain": "虛線邊界：大致或存疑", "Layers": "圖層",
    "One year back": "上一年", "One year forward": "下一年", "Play": "播放", "Pause": "暫停", "Play or pause": "播放或暫停", Map: "地圖",
    "Share or embed this map": "分享或嵌入此地圖", "Link to this view": "此視圖的連結", "Embed code": "嵌入代碼",
    "The embed shows the same year and view, works in a sandboxed iframe, and needs nothing but this server.":
      "嵌入的地圖顯示同一年份與視野，可在沙箱 iframe 中運行，只需本伺服器。",
    "Copy link": "複製連結", "Copy embed code": "複製嵌入代碼", "Close": "關閉", "Open in chronoatlas": "在 chronoatlas 中打開",
    "No event recorded this year.": "本年無記載大事。", "Layers shown": "顯示的圖層",
    "Map of the year shown on the slider": "滑桿所示年份的地圖", "Legend, layers and events": "圖例、圖層與大事", Year: "年份",
    territories: "疆域", rivers: "河流", frontiers: "邊界", campaigns: "征伐路線", places: "地點", events: "大事",
    founding: "建國", capture: "攻取", battle: "戰役", treaty: "和議", campaign: "征伐", siege: "圍城", flood: "水患",
    raid: "突襲", execution: "處死", assassination: "弒殺", war: "戰爭", defection: "叛降",
    capital: "都城", city: "城市", pass: "關隘",
    Date: "日期", "In the source": "原文紀年", Sides: "交戰方", Outcome: "結果", "Sources: ": "資料來源：",
    approximate: "大致", uncertain: "存疑",
  };
  const tr = (s) => (state.lang === "zh" && ZH[s]) || s;
  function translatePage() {
    for (const el of document.querySelectorAll("[data-i18n]")) {
      el.dataset.en ??= el.textContent;
      el.textContent = tr(el.dataset.en);
    }
    for (const el of document.querySelectorAll("[data-i18n-label]")) {
      el.dataset.en ??= el.getAttribute("aria-label");
      el.setAttribute("aria-label", tr(el.dataset.en));
      if (el.title) el.title = tr(el.dataset.en) + (el.title.match(/ \(.\)$/)?.[0] || "");
    }
  }

  // --- The map.
  const map = L.map("map", { minZoom: 2, maxZoom: 10, zoomSnap: 0.5, keyboard: true, worldCopyJump: true })
    .setView([num(params.get("lat"), meta.view.lat), num(params.get("lon"), meta.view.lon)], num(params.get("z"), meta.view.zoom));
  map.attributionControl.setPrefix(false);
  const colorOf = (f) => (polities[f.props.polity] || {}).color || "#999";
  const doubt = (f) => f.props.certainty !== "certain";
  const P = protomapsL;
  const paintRules = [
    { dataLayer: "land", symbolizer: new P.PolygonSymbolizer({ fill: "#efe9da" }) },
    { dataLayer: "territories", filter: (z, f) => state.layers.has("territories") && alive(f.props),
      symbolizer: new P.PolygonSymbolizer({ fill: (z, f) => colorOf(f), opacity: (z, f) => (f.props.certainty === "uncertain" ? 0.45 : 0.7) }) },
    { dataLayer: "territories", filter: (z, f) => state.layers.has("territories") && alive(f.props) && !doubt(f),
      symbolizer: new P.LineSymbolizer({ color: "#4a4035", width: 0.8, opacity: 0.8 }) },
    { dataLayer: "territories", filter: (z, f) => state.layers.has("territories") && alive(f.props) && doubt(f),
      symbolizer: new P.LineSymbolizer({ color: "#4a4035", width: 1, opacity: 0.9, dash: [4, 3], dashColor: "#4a4035", dashWidth: 1 }) },
    { dataLayer: "rivers", filter: (z, f) => state.layers.has("rivers") && alive(f.props),
      symbolizer: new P.LineSymbolizer({ color: "#3f7cc0", width: (z) => (z < 5 ? 1.2 : 2) }) },
    { dataLayer: "frontiers", filter: (z, f) => state.layers.has("frontiers") && alive(f.props),
      symbolizer: new P.LineSymbolizer({ color: "#8b1e1e", width: 2, dash: [6, 4], dashColor: "#8b1e1e", dashWidth: 2 }) },
  ];
  const tiles = P.leafletLayer({
    url: "/tiles/{z}/{x}/{y}.mvt",
    paintRules, labelRules: [], backgroundColor: "#cfe0ea", maxDataZoom: 14, tileDelay: 0.01,
    attribution: meta.attribution,
  });
  tiles.addTo(map);

  // Re-render the loaded tiles from memory; resolves with the time taken.
  function repaint() {
    const t0 = performance.now();
    const jobs = [];
    for (const k in tiles._tiles) {
      const c = tiles._wrapCoords(tiles._keyToTileCoords(k));
      const key = tiles._tileCoordsToKey(c);
      jobs.push(new Promise((done) => tiles.renderTile(c, tiles._tiles[k].el, key, done)));
    }
    return Promise.all(jobs).then(() => new Promise((r) => requestAnimationFrame(() => r(performance.now() - t0))));
  }

  // --- Places, events and campaigns: every version, loaded once, shown by
  // year. A campaign is an event with a route; both are listed by year.
  const [places, pointEvents, campaigns] = await Promise.all(["places", "events", "campaigns"].map((c) =>
    fetch(`/collections/${c}/items?limit=10000&f=json`).then((r) => r.json()).then((fc) => fc.features)));
  for (const f of campaigns) f.campaign = true;
  const events = [...pointEvents, ...campaigns].sort((a, b) => a.properties.start.localeCompare(b.properties.start));
  const parse = (v) => (typeof v === "string" ? JSON.parse(v) : v || []);
  const nameIn = (f, y) => {
    const n = parse(f.properties.names).find((n) => lifeHolds(n.start, n.end, y));
    return n || f.properties;
  };
  const placeLayer = L.layerGroup().addTo(map);
  const eventLayer = L.layerGroup().addTo(map);
  const markers = new Map();
  for (const f of places) {
    const [lon, lat] = f.geometry.coordinates;
    const capital = f.properties.kind === "capital";
    const m = L.circleMarker([lat, lon], { radius: capital ? 6 : 4.5, color: "#2d2a26", weight: 1.5, fillColor: capital ? "#fff4c2" : "#fff", fillOpacity: 1, keyboard: true });
    m.feature = f;
    m.order = markers.size;
    m.bindTooltip("", { permanent: true, direction: "right", className: "place-label", offset: [6, 0] });
    // A label hidden to make room shows while the pointer is on its place.
    m.on("mouseover focus", () => m.getTooltip()?.getElement()?.classList.remove("crowded"));
    m.on("mouseout blur", declutter);
    m.bindPopup(() => placePopup(f), { maxWidth: 320 });
    m.on("popupopen", () => fillHolder(f, m));
    markers.set(f.id, m);
  }
  const eventMarkers = new Map();
  for (const f of events) {
    if (f.geometry.type === "LineString") {
      // A campaign: its route, dashed, ending in a dot where it ended.
      const route = f.geometry.coordinates.map(([lon, lat]) => [lat, lon]);
      const line = L.polyline(route, { color: "#b5561b", weight: 3, opacity: 0.9, dashArray: "8 6", className: "campaign" });
      const end = L.circleMarker(route[route.length - 1], { radius: 4, color: "#b5561b", fillColor: "#b5561b", fillOpacity: 1, weight: 1 });
      const m = L.featureGroup([line, end]);
      m.bindPopup(() => eventPopup(f), { maxWidth: 340 });
      eventMarkers.set(f, m);
      continue;
    }
    if (f.geometry.type !== "Point") continue;
    const [lon, lat] = f.geometry.coordinates;
    const m = L.marker([lat, lon], {
      icon: L.divIcon({ className: "event-icon", html: '<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"><path d="M8 1 15 8 8 15 1 8Z" fill="#b5561b" stroke="#fff" stroke-width="1.5"/></svg>', iconSize: [16, 16] }),
      keyboard: true, title: f.properties.name, alt: f.properties.name,
    });
    m.bindPopup(() => eventPopup(f), { maxWidth: 340 });
    eventMarkers.set(f, m);
  }

  const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  const sourcesHTML = (keys) => parse(keys).map((k) => {
    const b = bib[k];
    return b ? `${esc(b.author)}, <i>${esc(b.title)}</i>${b.year ? ` (${esc(b.year)})` : ""}${b.pages ? `, ${esc(b.pages)}` : ""}` : esc(k);
  }).join("; ");
  const polityName = (id) => (polities[id] ? `${esc(label(polities[id]))}${state.lang === "en" && polities[id].name_zh ? ` <span lang="zh">${esc(polities[id].name_zh)}</span>` : ""}` : esc(id));
  function placePopup(f) {
    const p = f.properties, n = nameIn(f, state.year);
    const zh = state.lang === "zh";
    const roles = parse(p.roles).filter((r) => lifeHolds(r.start, r.end, state.year))
      .map((r) => (zh ? `${polityName(r.polity)}${esc(tr(r.role))}` : `${esc(r.role)} of ${polityName(r.polity)}`));
    const [first, second] = zh && n.name_zh ? [n.name_zh, n.name] : [n.name, n.name_zh || ""];
    return `<div class="popup"><h3>${esc(first)} <span class="zh" lang="${zh ? "en" : "zh"}">${esc(second)}</span>${n.pinyin ? ` <span class="pinyin" lang="zh-Latn-pinyin">${esc(n.pinyin)}</span>` : ""}</h3>
      <dl><dt>${zh ? `${state.year}年` : `In ${state.year}`}</dt><dd class="holder" data-id="${esc(f.id)}">…</dd>
      ${roles.length ? `<dt>${zh ? "地位" : "Role"}</dt><dd>${roles.join(zh ? "、" : ", ")}</dd>` : ""}
      ${n.name !== p.name ? `<dt>${zh ? "今名" : "Known as"}</dt><dd>${esc(zh && p.name_zh ? p.name_zh : p.name)}</dd>` : ""}</dl>
      ${p.description ? `<p>${esc(p.description)}</p>` : ""}
      <p class="sources">${zh ? "資料來源：" : "Sources: "}${sourcesHTML(p.sources)}</p></div>`;
  }
  async function fillHolder(f, m) {
    const year = state.year;
    const r = await fetch(`/collections/places/items/${encodeURIComponent(f.id)}?datetime=${year}`);
    const holder = r.ok ? (await r.json()).properties.holder : null;
    const el = m.getPopup()?.getElement()?.querySelector(".holder");
    if (el && year === state.year) {
      el.innerHTML = state.lang === "zh" ? (holder ? `屬${polityName(holder)}` : "不在所繪疆域內")
        : holder ? `held by ${polityName(holder)}` : "outside the mapped territories";
    }
  }
  function eventPopup(f) {
    const p = f.properties;
    return `<div class="popup"><h3>${esc(state.lang === "zh" && p.name_zh ? p.name_zh : p.name)} <span class="zh" lang="zh">${esc(state.lang === "zh" ? p.name : p.name_zh || "")}</span></h3>
      <dl><dt>${tr("Date")}</dt><dd>${esc(p.start)}${p.end && p.end !== p.start ? ` – ${esc(p.end)}` : ""}</dd>
      ${p.date_source ? `<dt>${tr("In the source")}</dt><dd>${esc(p.date_source)}</dd>` : ""}
      ${p.participants ? `<dt>${tr("Sides")}</dt><dd>${parse(p.participants).map(polityName).join(state.lang === "zh" ? "、" : ", ")}</dd>` : ""}
      ${p.outcome ? `<dt>${tr("Outcome")}</dt><dd>${esc(p.outcome)}</dd>` : ""}</dl>
      ${p.description ? `<p>${esc(p.description)}</p>` : ""}
      <p class="sources">${tr("Sources: ")}${sourcesHTML(p.sources)}${p.certainty !== "certain" ? ` · ${esc(tr(p.certainty))}` : ""}</p></div>`;
  }
  const eventsOf = (y) => events.filter((f) => {
    const s = edtfYear(f.properties.start), e = f.properties.end === ".." ? s : edtfYear(f.properties.end);
    const endsAtYearStart = /^-?\d{4}(-01(-01)?)?$/.test(f.properties.end) && e > s;
    return s <= y && y <= (endsAtYearStart ? e - 1 : e);
  });

  // --- Eras: "Shaoxing 11" for 1141 in the Song.
  function eraOf(polity, y) {
    const e = (meta.eras || []).find((e) => e.polity === polity && lifeHolds(e.start, e.end, y));
    if (!e) return "";
    const n = y - edtfYear(e.start) + 1;
    return state.lang === "zh" ? `${e.name_zh}${n === 1 ? "元" : n}年` : `${e.name} ${n}`;
  }

  // --- Around the map.
  function legend() {
    const present = new Map();
    for (const tl of timeline.territories) {
      if ((tl.start_year ?? -Infinity) <= t && t < (tl.end_year ?? Infinity)) present.set(tl.polity, tl);
    }
    $("legend").innerHTML = [...present.keys()].filter((id) => polities[id]).map((id) => {
      const p = polities[id], tl = present.get(id);
      const over = !tl.overlord || !polities[tl.overlord] ? ""
        : state.lang === "zh" ? `（屬${esc(label(polities[tl.overlord]))}）` : ` (under ${esc(label(polities[tl.overlord]))})`;
      return `<li><span class="swatch" style="background:${esc(p.color)}"></span><span>${esc(label(p))}${state.lang === "en" && p.name_zh ? ` <span lang="zh">${esc(p.name_zh)}</span>` : ""}${over}</span></li>`;
    }).join("");
  }
  function eventList() {
    $("events-title").innerHTML = state.lang === "zh" ? `<span id="events-year">${state.year}</span>年大事` : `Events of <span id="events-year">${state.year}</span>`;
    const list = eventsOf(state.year);
    $("events").innerHTML = list.length ? "" : `<li class="hint">${esc(tr("No event recorded this year."))}</li>`;
    for (const f of list) {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.innerHTML = `<span class="kind">${esc(tr(f.properties.kind || ""))}</span><br>${esc(state.lang === "zh" && f.properties.name_zh ? f.properties.name_zh : f.properties.name)}`;
      b.addEventListener("click", () => {
        const m = eventMarkers.get(f);
        if (!m) return;
        if (!eventLayer.hasLayer(m)) eventLayer.addLayer(m); // its layer may be off
        if (m.getLatLng) map.flyTo(m.getLatLng(), Math.max(map.getZoom(), 6), { duration: 0.8 });
        else map.flyToBounds(m.getBounds(), { padding: [40, 40], duration: 0.8 });
        map.once("moveend", () => m.openPopup());
      });
      li.append(b);
      $("events").append(li);
    }
  }
  // markersForYear shows the places and events of the year. Markers that
  // stay are left alone, and a label is rewritten only when the name
  // changes: re-adding every marker costs more than repainting the tiles.
  function markersForYear() {
    const places = new Set();
    if (state.layers.has("places")) {
      for (const m of markers.values()) {
        if (lifeHolds(m.feature.properties.start, m.feature.properties.end, state.year)) places.add(m);
      }
    }
    show(placeLayer, places);
    for (const m of places) {
      const text = esc(label(nameIn(m.feature, state.year)));
      if (m.labelText !== text) {
        m.setTooltipContent(text);
        m.labelText = text;
      }
    }
    const shown = new Set();
    for (const f of eventsOf(state.year)) {
      const m = eventMarkers.get(f);
      if (m && state.layers.has(f.campaign ? "campaigns" : "events")) shown.add(m);
    }
    show(eventLayer, shown);
    declutter();
    // A popup left open follows the year and the language: it is made
    // again from its function (setting its content would fix the text for
    // good). One whose marker has gone with the year has closed with it.
    for (const m of [...placeLayer.getLayers(), ...eventLayer.getLayers()]) {
      if (m.isPopupOpen()) {
        m.getPopup().update();
        if (m.feature) fillHolder(m.feature, m);
      }
    }
  }
  function show(group, wanted) {
    for (const m of group.getLayers()) if (!wanted.has(m)) group.removeLayer(m);
    for (const m of wanted) if (!group.hasLayer(m)) group.addLayer(m);
  }

  // Place labels never overlap one another nor cover an event's mark or the
  // dot of a place ranked above them: the capitals of the year are placed
  // first, then places with a role that year, then the rest in the data's
  // order; a label that would cover one already placed is hidden until
  // zooming in makes room.
  const prominence = (f) => {
    const roles = parse(f.properties.roles).filter((r) => lifeHolds(r.start, r.end, state.year));
    if (roles.some((r) => r.role === "capital")) return 0;
    return roles.length ? 1 : 2;
  };
  function declutter() {
    const shown = placeLayer.getLayers()
      .map((m) => ({ el: m.getTooltip()?.getElement(), dot: m._path, rank: prominence(m.feature), order: m.order }))
      .filter((l) => l.el)
      .sort((a, b) => a.rank - b.rank || a.order - b.order);
    // Measure everything first, then hide: one layout, not one per label.
    // A mark's box is shrunk by a pixel: a label starts where its dot ends.
    const markBox = (el) => {
      const b = el.getBoundingClientRect();
      return { left: b.left + 1, right: b.right - 1, top: b.top + 1, bottom: b.bottom - 1 };
    };
    for (const l of shown) {
      l.box = l.el.getBoundingClientRect();
      if (l.dot) l.dotBox = markBox(l.dot);
    }
    const placed = eventLayer.getLayers().map((m) => m._icon).filter(Boolean).map(markBox);
    for (const l of shown) {
      const b = l.box;
      if (l.dotBox) placed.push(l.dotBox);
      const crowded = b.width > 0 && placed.some((p) => b.left < p.right && p.left < b.right && b.top < p.bottom && p.top < b.bottom);
      l.el.classList.toggle("crowded", crowded);
      if (!crowded) placed.push(b);
    }
  }
  map.on("zoomend viewreset", declutter);

  function labels() {
    $("year-number").textContent = state.lang === "zh" ? `${state.year}年` : state.year;
    const eras = [["song", "Song"], ["jin", "Jin"]].map(([id, n]) => {
      const e = eraOf(id, state.year);
      return e ? (state.lang === "zh" ? `${polities[id]?.name_zh || n}${e}` : `${n}: ${e}`) : "";
    }).filter(Boolean);
    $("year-era").textContent = eras.join(" · ");
    const slider = $("year-slider");
    slider.value = state.year;
    slider.setAttribute("aria-valuetext", `${state.year}${eras.length ? ", " + eras.join(", ") : ""}`);
  }
  function writeURL() {
    const c = map.getCenter();
    const q = new URLSearchParams({ year: state.year, z: map.getZoom(), lat: c.lat.toFixed(3), lon: c.lng.toFixed(3) });
    if (state.layers.size !== LAYERS.length) q.set("layers", [...state.layers].join(","));
    if (state.lang === "zh") q.set("lang", "zh");
    if (!embed) history.replaceState(null, "", "#" + q.toString());
    else $("embed-open").href = "/#" + q.toString();
    return q;
  }

  // --- Changing the year.
  let lastRepaint = 0;
  async function setYear(y) {
    y = clampYear(y);
    if (y === state.year && t === moment(y)) return lastRepaint;
    // From the input to the next frame: the panel, the markers and their
    // labels, and the tiles repainted.
    const t0 = performance.now();
    state.year = y;
    t = moment(y);
    labels();
    if (!embed) { legend(); eventList(); }
    markersForYear();
    writeURL();
    await repaint();
    lastRepaint = performance.now() - t0;
    return lastRepaint;
  }
  $("year-slider").addEventListener("input", (e) => setYear(Number(e.target.value)));
  $("back").addEventListener("click", () => setYear(state.year - 1));
  $("forward").addEventListener("click", () => setYear(state.year + 1));
  let playing = null;
  function play(on) {
    if (on && !playing) {
      if (state.year >= timeline.end) setYear(timeline.start);
      playing = setInterval(() => (state.year >= timeline.end ? play(false) : setYear(state.year + 1)), 700);
    } else if (!on && playing) {
      clearInterval(playing);
      playing = null;
    }
    $("play").textContent = playing ? "❚❚" : "▶";
    $("play").setAttribute("aria-pressed", String(!!playing));
    $("play").setAttribute("aria-label", tr(playing ? "Pause" : "Play"));
  }
  $("play").addEventListener("click", () => play(!playing));
  document.addEventListener("keydown", (e) => {
    if (e.target.closest && e.target.closest("input, textarea, select, dialog")) return;
    if (e.key === "ArrowRight" && e.shiftKey) setYear(state.year + 1);
    else if (e.key === "ArrowLeft" && e.shiftKey) setYear(state.year - 1);
    else if (e.key === "p" || e.key === "P") play(!playing);
    else return;
    e.preventDefault();
  });

  // Ticks on the slider: years of change, and years with events.
  const span = timeline.end - timeline.start || 1;
  const marks = [];
  for (const y of timeline.years) marks.push(`<i style="left:${((y - timeline.start) / span) * 100}%"></i>`);
  for (const y of Object.keys(timeline.events)) marks.push(`<i class="event" style="left:${((Number(y) - timeline.start) / span) * 100}%"></i>`);
  $("marks").innerHTML = marks.join("");
  $("year-slider").min = timeline.start;
  $("year-slider").max = timeline.end;

  map.on("moveend", writeURL);
  if (embed) {
    if (params.get("slider") === "1") document.querySelector(".slider").hidden = false;
    translatePage();
    $("play").setAttribute("aria-label", tr("Play"));
  } else {
    // Layers.
    for (const id of LAYERS) {
      const l = document.createElement("label");
      l.innerHTML = `<input type="checkbox" value="${id}" ${state.layers.has(id) ? "checked" : ""}> <span class="layer-name" data-id="${id}"></span>`;
      l.querySelector("input").addEventListener("change", (e) => {
        e.target.checked ? state.layers.add(id) : state.layers.delete(id);
        markersForYear();
        writeURL();
        repaint();
      });
      $("layers").append(l);
    }
    // Language.
    const langButton = () => {
      $("lang").textContent = state.lang === "zh" ? "English" : "中文";
      $("lang").setAttribute("aria-pressed", String(state.lang === "zh"));
      $("lang").title = state.lang === "zh" ? "以英文顯示名稱" : "Show names in Chinese";
      document.documentElement.lang = state.lang === "zh" ? "zh-Hant" : "en";
      const title = state.lang === "zh" && meta.title_zh ? meta.title_zh : meta.title;
      document.title = `chronoatlas · ${title}`;
      $("title").textContent = title;
      for (const el of document.querySelectorAll(".layer-name")) {
        el.textContent = state.lang === "zh" ? tr(el.dataset.id) : el.dataset.id[0].toUpperCase() + el.dataset.id.slice(1);
      }
      translatePage();
      $("play").setAttribute("aria-label", tr(playing ? "Pause" : "Play"));
      $("play").title = tr("Play or pause") + " (P)";
    };
    $("lang").addEventListener("click", () => {
      state.lang = state.lang === "zh" ? "en" : "zh";
      langButton(); labels(); legend(); eventList(); markersForYear(); writeURL();
    });
    langButton();
    // The side panel, folded away on small screens.
    $("panel-toggle").addEventListener("click", () => {
      const panel = $("panel");
      panel.hidden = !panel.hidden;
      $("panel-toggle").setAttribute("aria-expanded", String(!panel.hidden));
      map.invalidateSize();
    });
    // Share and embed.
    $("share").addEventListener("click", () => {
      const q = writeURL();
      const link = location.origin + "/#" + q.toString();
      const src = location.origin + "/embed?" + q.toString();
      $("share-link").value = link;
      $("share-embed").value = `<iframe src="${src}" width="640" height="480" style="border:0" loading="lazy" sandbox="allow-scripts" title="${esc(state.lang === "zh" && meta.title_zh ? meta.title_zh : meta.title)}, ${state.year}"></iframe>`;
      $("share-dialog").showModal();
    });
    const copy = (id) => () => { $(id).select(); navigator.clipboard?.writeText($(id).value).catch(() => {}); };
    $("copy-link").addEventListener("click", copy("share-link"));
    $("copy-embed").addEventListener("click", copy("share-embed"));
    window.addEventListener("hashchange", () => {
      const p = readParams();
      if (p.get("year")) setYear(num(p.get("year"), state.year));
    });
  }
  labels();
  if (!embed) { legend(); eventList(); }
  markersForYear();
  writeURL();

  // A small handle for tests and the curious: the map, the year, and the
  // colour drawn at a place.
  window.chronoatlas = {
    map, tiles, state,
    setYear,
    get year() { return state.year; },
    get lastRepaint() { return lastRepaint; },
    // ready resolves when every tile is loaded, drawn for the year and
    // faded in (Leaflet fades new tiles in over a fifth of a second).
    ready: () => new Promise((resolve) => {
      const faded = () => Object.values(tiles._tiles).every((t) => t.el.style.opacity === "" || Number(t.el.style.opacity) >= 1);
      const settle = () => (faded() ? resolve() : setTimeout(settle, 50));
      const check = () => (tiles._loading ? setTimeout(check, 50) : repaint().then(settle));
      check();
    }),
    // colorAt reads the map's colour at a place: the commonest colour in a
    // square of side 2r+1 pixels around it, so a river or border drawn
    // through the place does not hide the territory's fill.
    colorAt(lat, lon, r = 0) {
      const pt = map.latLngToContainerPoint([lat, lon]);
      const box = map.getContainer().getBoundingClientRect();
      const x = box.left + pt.x, y = box.top + pt.y;
      // Look through every tile canvas rather than elementsFromPoint, which
      // skips elements that take no pointer events.
      for (const el of document.querySelectorAll("canvas.leaflet-tile")) {
        const b = el.getBoundingClientRect();
        if (x < b.left || x >= b.right || y < b.top || y >= b.bottom || b.width === 0) continue;
        const sx = el.width / b.width, sy = el.height / b.height;
        const px = Math.floor((x - b.left) * sx), py = Math.floor((y - b.top) * sy);
        const x0 = Math.max(0, px - r), y0 = Math.max(0, py - r);
        const w = Math.min(el.width, px + r + 1) - x0, h = Math.min(el.height, py + r + 1) - y0;
        const d = el.getContext("2d").getImageData(x0, y0, w, h).data;
        const count = new Map();
        for (let i = 0; i < d.length; i += 4) {
          const c = "#" + [d[i], d[i + 1], d[i + 2]].map((v) => v.toString(16).padStart(2, "0")).join("");
          count.set(c, (count.get(c) || 0) + 1);
        }
        return [...count].sort((a, b) => b[1] - a[1])[0][0];
      }
      return null;
    },
  };
  document.body.dataset.ready = "true";
})().catch((err) => {
  console.error(err);
  document.body.dataset.ready = "error";
});
