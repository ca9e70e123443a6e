// Layers and paint: the vector tiles drawn for the slider's moment. The
// tiles carry every version of every feature with its life as decimal
// years, so a new year is a repaint of the tiles already loaded, without
// asking the server again.
import { tileURL } from "./static.js";
import { alive } from "./time.js";

// tileLayer makes the protomaps-leaflet layer for the dataset's tiles
// (TileJSON) in the polities' colours (dataset.json). It draws the land,
// territories, rivers and frontiers while state.layers holds them, as they
// were at app.t.
export function tileLayer(app, tilejson) {
  const { state, meta } = app;
  const P = window.protomapsL;
  const colour = Object.fromEntries(meta.polities.map((p) => [p.id, p.color]));
  const on = (layer) => (z, f) => state.layers.has(layer) && alive(f.props, app.t);
  const doubt = (f) => f.props.certainty !== "certain";
  const ink = "#4a4035";
  const rules = {
    land: [{ filter: on("land"), symbolizer: new P.PolygonSymbolizer({ fill: "#efe9da" }) }],
    territories: [
      { filter: on("territories"), symbolizer: new P.PolygonSymbolizer({ fill: (z, f) => colour[f.props.polity] || "#999", opacity: (z, f) => (f.props.certainty === "uncertain" ? 0.45 : 0.7) }) },
      { filter: (z, f) => on("territories")(z, f) && !doubt(f), symbolizer: new P.LineSymbolizer({ color: ink, width: 0.8, opacity: 0.8 }) },
      { filter: (z, f) => on("territories")(z, f) && doubt(f), symbolizer: new P.LineSymbolizer({ color: ink, width: 1, opacity: 0.9, dash: [4, 3], dashColor: ink, dashWidth: 1 }) },
    ],
    rivers: [{ filter: on("rivers"), symbolizer: new P.LineSymbolizer({ color: "#3f7cc0", width: (z) => (z < 5 ? 1.2 : 2) }) }],
    frontiers: [{ filter: on("frontiers"), symbolizer: new P.LineSymbolizer({ color: "#8b1e1e", width: 2, dash: [6, 4], dashColor: "#8b1e1e", dashWidth: 2 }) }],
  };
  // Bottom to top as the dataset orders its layers.
  const paintRules = [];
  for (const l of meta.layers) for (const r of rules[l.id] || []) paintRules.push({ dataLayer: l.id, ...r });
  return P.leafletLayer({
    url: tileURL(tilejson),
    minZoom: tilejson.minzoom, maxDataZoom: tilejson.maxzoom,
    paintRules, labelRules: [], backgroundColor: "#cfe0ea", tileDelay: 0.01,
    attribution: "",
  });
}

// painter keeps the tiles on the map, from Leaflet's tile events, so that
// repaint can draw each again through protomaps-leaflet's renderTile.
export function painter(tiles) {
  const shown = new Map(); // canvas → its coordinates, wrapped round the world
  tiles.on("tileloadstart", (e) => {
    const n = 2 ** e.coords.z;
    const c = L.point(((e.coords.x % n) + n) % n, e.coords.y);
    c.z = e.coords.z;
    shown.set(e.tile, c);
  });
  tiles.on("tileunload", (e) => shown.delete(e.tile));
  // repaint draws every tile on the map again from the tiles in memory and
  // resolves, with the milliseconds taken, once the next frame shows them
  // (renderTile's promise settles when a tile is drawn or has gone).
  return function repaint() {
    const t0 = performance.now();
    const jobs = [];
    for (const [el, c] of shown) {
      jobs.push(tiles.renderTile(c, el, `${c.x}:${c.y}:${c.z}`));
    }
    return Promise.all(jobs).then(() => new Promise((r) => requestAnimationFrame(() => r(performance.now() - t0))));
  };
}
