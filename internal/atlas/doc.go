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
//   - collections.go: a collection's description and its spatial and
//     temporal extents, whole or at a datetime;
//   - timeline.go: the time domain for a year slider;
//   - tilejson.go: TileJSON for the vector tiles;
//   - oembed.go: the view an oEmbed URL asks for and the iframe for it;
//   - kml.go and html.go (with templates/): the other formats features
//     and the API's pages are written in;
//   - vocabulary.go: the names the server and the viewer share: the
//     layers in draw order, the zoom range, the embed parameters and the
//     check of an embed URL's view, and /dataset.json, which gives them
//     to the viewer.
//
// The HTTP layer (internal/server) parses a request, calls one of these,
// and writes the answer; it declares the small interfaces it consumes, and
// an Atlas meets them. A new output format of features is a writer beside
// the GeoJSON (items.go) and KML (kml.go) ones here, its encoding in geo/
// when it is a file format of its own (as geo/kml is), and a case in the
// server's format negotiation.
package atlas
