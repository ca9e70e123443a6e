package tiles

import (
	"context"
	"net/http"
	"net/url"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/internal/atlas/tiledocs"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/chronoatlas/chronoatlas/internal/respond"
	"github.com/chronoatlas/chronoatlas/internal/tilecache"
	"github.com/gorilla/mux"
	"github.com/paulmach/orb/maptile"
)

// Core is what the tile routes ask of a dataset's core (internal/atlas):
// its collections, and the tileset and style documents
// (internal/atlas/tiledocs).
type Core interface {
	Collection(id string) (*feature.Collection, error)
	TileSet(base, collection, datetime string, extra url.Values) tiledocs.TileSet
	Style(base, datetime string) tiledocs.Style
}

// Cache is what the tile routes and the metrics ask of the tile cache.
type Cache interface {
	Tile(ctx context.Context, t maptile.Tile, when *chrono.Interval) (tilecache.Tile, error)
	Stats() tilecache.Stats
}

// The server's core (an atlas with its tiledocs.Docs) is checked against
// Core where it is made, in internal/server.
var _ Cache = (*tilecache.Cache)(nil)

// Set is the vector tiles of one dataset: its core, its tile cache and the
// version its tile URLs carry. The server keeps one per dataset, replaced
// on a reload.
type Set struct {
	core    Core
	cache   Cache
	version string
}

// New returns the tiles of ds, served by core from cache, for the program
// of version program.
func New(ds *dataset.Dataset, core Core, cache Cache, program string) *Set {
	return &Set{core: core, cache: cache, version: version(ds, program)}
}

// Version is the version tile URLs carry (version.go).
func (set *Set) Version() string { return set.version }

// Stats reports the tile cache's counters.
func (set *Set) Stats() tilecache.Stats { return set.cache.Stats() }

// collection is the collection a request's path names.
func (set *Set) collection(r *http.Request) (*feature.Collection, error) {
	return set.core.Collection(mux.Vars(r)["collectionId"])
}

// Handlers serve the vector tiles of the dataset being served.
type Handlers struct {
	// current returns the tiles to answer a request with; a reload
	// replaces them.
	current func() *Set
	resp    *respond.Writer
	// cacheControl is the Cache-Control of tiles at a URL without the
	// current version, made once.
	cacheControl []string
}

// NewHandlers returns the handlers over current, answering through resp.
func NewHandlers(current func() *Set, resp *respond.Writer) *Handlers {
	return &Handlers{current: current, resp: resp, cacheControl: []string{resp.CacheControl()}}
}
