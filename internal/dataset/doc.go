// Package dataset loads and validates a chronoatlas dataset: a folder with
// dataset.json (title, licence, time range, view, polities, bibliography,
// collections; meta.go) and one GeoJSON file per collection (load.go).
//
// Load checks everything a reader of the map relies on and reports every
// problem at once, each with its file, feature id and what is wrong, so that
// an author can fix a dataset in one pass.
//
// The items query (query.go: time, bounding boxes, property filters, a
// page of the matches), the queryable properties and the holder of a
// point at a day work on the loaded collections; the documents made from
// them are the core's (internal/atlas).
package dataset
