// Package dataset loads and validates a chronoatlas dataset: a folder with
// dataset.json (title, licence, time range, view, polities, bibliography,
// collections) and one GeoJSON file per collection.
//
// Load checks everything a reader of the map relies on and reports every
// problem at once, each with its file, feature id and what is wrong, so that
// an author can fix a dataset in one pass.
package dataset
