// Where the viewer runs. Against a chronoatlas server it asks the server's
// URLs; in a static site written by `chronoatlas publish`, whose pages
// carry <meta name="chronoatlas-static">, it reads the files the site
// holds instead, and the tiles from the site's PMTiles archive through
// protomaps-leaflet's PMTiles source, with HTTP range requests. The rest
// of the viewer asks this module and does not know which it is.
const marker = document.querySelector('meta[name="chronoatlas-static"]');

// isStatic is true in a published site.
export const isStatic = marker !== null;

// root is the site's folder: the base URL publish was given, or the folder
// of the page, so the site works under any path of any host.
const root = new URL(marker?.content || ".", location.href);
const at = (path) => new URL(path, root).href;

// resource returns where to fetch one of the server's resources from:
// /dataset.json, /timeline, /tiles.json, /collections/{id}/items.
export function resource(path) {
  if (!isStatic) return path;
  const items = path.match(/^\/collections\/([^/?]+)\/items(?:\?.*)?$/);
  if (items) return at(`collections/${items[1]}.geojson`);
  const files = { "/dataset.json": "dataset.json", "/timeline": "timeline.json", "/tiles.json": "tiles.json" };
  if (files[path]) return at(files[path]);
  throw new Error(`${path} is not in a published site`);
}

// tileURL returns the URL the tile layer reads: TileJSON's template, or in
// a published site the archive it names (pmtiles://…/atlas.pmtiles/{z}/{x}/{y}),
// whose .pmtiles ending makes protomaps-leaflet read it as PMTiles.
export function tileURL(tilejson) {
  const url = tilejson.tiles[0];
  if (!url.startsWith("pmtiles://")) return url;
  return at(url.slice("pmtiles://".length).replace(/\/\{z\}\/\{x\}\/\{y\}$/, ""));
}

let holders;
// holder returns the polity that held a place in a year (the slider's
// 1 July), or null: the server's answer, or the published table of runs.
export async function holder(id, year) {
  if (!isStatic) {
    const r = await fetch(`/collections/places/items/${encodeURIComponent(id)}?datetime=${year}`);
    return r.ok ? (await r.json()).properties.holder || null : null;
  }
  holders ??= fetch(at("holders.json")).then((r) => r.json());
  let h = null;
  for (const [from, who] of (await holders)[id] || []) {
    if (from > year) break;
    h = who;
  }
  return h;
}

// viewerURL and embedURL are the links the share dialog gives for a view.
export const viewerURL = (q) => (isStatic ? `${root.href}?${q}` : `${location.origin}/?${q}`);
export const embedURL = (q) => (isStatic ? `${root.href}embed.html?${q}` : `${location.origin}/embed?${q}`);
