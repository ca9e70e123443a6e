// Package tiles serves the vector tiles: the hot route
// /tiles/{z}/{x}/{y}.mvt (tile.go), whose URLs carry the version of the
// dataset and program so they can be kept for good (version.go), and the
// same tiles as OGC API – Tiles with their tile matrix set, tilesets,
// per-collection layers and MapLibre style (ogc.go). The tiles are made
// and cached by internal/tilecache; the documents are internal/atlas's.
//
// A new tile route is a method of Handlers registered in the server's
// routes; a new tile format starts in internal/tilecache and is offered
// here beside Tile.
package tiles
