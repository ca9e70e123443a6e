// Package tiledocs makes the documents that describe an atlas's vector
// tiles (internal/atlas) to map clients: the OGC API – Tiles tileset and
// tile matrix set (tilesets.go), TileJSON 3.0.0 (tilejson.go), and a
// MapLibre style in the viewer's colours (style.go). A Docs is made once
// per atlas; the tiles themselves are made by internal/tilecache.
//
// A new document about the tiles (another tile matrix set, another
// client's style format) goes here, beside the one it resembles.
package tiledocs

import "github.com/chronoatlas/chronoatlas/internal/atlas"

// Docs makes the tile documents of one atlas.
type Docs struct{ a *atlas.Atlas }

// New returns the Docs of a.
func New(a *atlas.Atlas) Docs { return Docs{a: a} }
