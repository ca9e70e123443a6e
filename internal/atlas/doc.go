// Package atlas is chronoatlas's core without HTTP: what the server, the
// static maps and publishing all ask of one loaded dataset. An Atlas is an
// immutable snapshot of a dataset with what is derived from it once (the
// GeoJSON of each geometry, the queryable properties), and answers in
// documents and values, never in requests and responses:
//
//   - items.go: a page of a collection's features as a GeoJSON
//     FeatureCollection (the query, numberMatched, where the next and
//     previous pages start), and one feature as GeoJSON;
//   - version.go: which version of a thing an id names (id@start, or the
//     version in force at a datetime);
//   - collections.go and queryables.go: a collection's description, its
//     spatial and temporal extents, whole or at a datetime, and what its
//     filter may name;
//   - timeline.go: the time domain for a year slider;
//   - scene.go: the features, polities and eras of a picture (static
//     maps, raster tiles, WMS, a published site's previews);
//   - vocabulary.go: the names the server and the viewer share: the
//     layers in draw order with their colours, the zoom range, the embed
//     parameters and the check of an embed URL's view, and /dataset.json,
//     which gives them to the viewer.
//
// What is made of an atlas for one kind of client lives in a package
// under it, each built on an *Atlas:
//
//   - internal/atlas/tiledocs: the documents that describe the vector
//     tiles (OGC API – Tiles tilesets, TileJSON, the MapLibre style);
//   - internal/atlas/pages: the API's HTML pages, oEmbed and link-preview
//     cards;
//   - internal/atlas/downloads: features as files (KML, CSV, GeoPackage).
//
// The HTTP layer (internal/server) parses a request, calls one of these,
// and writes the answer; it declares the small interfaces it consumes, and
// an Atlas with the packages under it meets them. A new output format of
// features goes in internal/atlas/downloads (its encoding in geo/ when it
// is a file format of its own, as geo/kml is) with a case in the server's
// format negotiation; a new document about the tiles in tiledocs; a new
// page in pages. What every such package needs of the dataset belongs
// here.
package atlas
