// State and URL: the year, the language and the layers shown, read from the
// URL and written back to it as they change. Both pages keep their view in
// the query string (/?year=1141&z=5&lat=33&lon=114), where the server, its
// oEmbed discovery and link previews see it; old links carry it in the hash
// (#year=1141&z=5), which both pages still read.

// readParams merges the query string and the hash; the hash wins.
export function readParams() {
  const q = new URLSearchParams(location.search);
  for (const [k, v] of new URLSearchParams(location.hash.slice(1))) q.set(k, v);
  return q;
}

const num = (v, d) => (v !== null && v !== "" && Number.isFinite(Number(v)) ? Number(v) : d);

// initialState is the state a page opens in: the URL's, else the dataset's
// default view. layerIDs are the layers the dataset has, bottom to top.
export function initialState(params, meta, timeline, layerIDs) {
  const asked = params.get("layers");
  return {
    year: clampYear(timeline, num(params.get("year"), meta.view.year)),
    lang: params.get("lang") === "zh" ? "zh" : "en",
    layers: new Set(asked === null ? layerIDs : asked.split(",").filter((l) => layerIDs.includes(l))),
    center: [num(params.get("lat"), meta.view.lat), num(params.get("lon"), meta.view.lon)],
    zoom: num(params.get("z"), meta.view.zoom),
    slider: params.get("slider") === "1",
  };
}

// clampYear rounds y to a year of the timeline.
export function clampYear(timeline, y) {
  return Math.min(timeline.end, Math.max(timeline.start, Math.round(y)));
}

// viewParams are the URL parameters of a view, in the order and of the
// names the server's embed takes (embed_params).
export function viewParams(state, map, meta, layerIDs) {
  const c = map.getCenter();
  const all = {
    year: state.year, z: map.getZoom(), lat: c.lat.toFixed(3), lon: c.lng.toFixed(3),
    layers: state.layers.size === layerIDs.length ? null : layerIDs.filter((l) => state.layers.has(l)).join(","),
    lang: state.lang === "zh" ? "zh" : null,
    slider: state.slider ? "1" : null,
  };
  const q = new URLSearchParams();
  for (const k of meta.embed_params) if (all[k] !== null && all[k] !== undefined) q.set(k, all[k]);
  return q;
}

// viewQuery is the viewer's query for the view q: the embed's own
// parameters (slider) are not the viewer's.
export function viewQuery(q) {
  const v = new URLSearchParams(q);
  v.delete("slider");
  return v;
}

// writeURL puts the view in the viewer's URL, in the query form, without
// adding to history, dropping the hash and whatever else the link carried
// (fbclid, utm_*), and points the page's oEmbed discovery link at the new
// URL. The path stays: a published site may live anywhere.
export function writeURL(q, embed) {
  if (embed) return;
  const s = viewQuery(q).toString();
  const u = location.pathname + (s ? `?${s}` : "");
  if (location.pathname + location.search + location.hash === u) return;
  history.replaceState(null, "", u);
  const link = document.querySelector('link[type="application/json+oembed"]');
  if (link) {
    const oembed = new URL(link.href, location.href);
    oembed.searchParams.set("url", location.href);
    link.href = oembed.href;
  }
}
