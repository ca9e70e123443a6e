// Package publish writes a dataset as a static site that needs no server:
// the viewer and the embed page with their pinned libraries, the vector
// tiles as one PMTiles v3 archive (every version of every feature, with its
// start and end, so the viewer's slider filters in the browser as it does
// against the server), the collections as GeoJSON, dataset.json, the
// timeline and the archive's TileJSON. Any static host serves it: object
// storage, a CDN, GitHub Pages, a folder behind nginx. The same dataset
// and options always give the same bytes.
package publish
