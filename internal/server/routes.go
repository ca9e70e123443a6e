package server

import (
	"net/http"
	"strings"

	"github.com/chronoatlas/chronoatlas/internal/atlas/tiledocs"
	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/chronoatlas/chronoatlas/internal/front"
	"github.com/chronoatlas/chronoatlas/internal/middleware"
	"github.com/chronoatlas/chronoatlas/internal/params"
	"github.com/chronoatlas/chronoatlas/internal/pictures"
	"github.com/chronoatlas/chronoatlas/internal/render"
	"github.com/gorilla/mux"
)

// routes registers every route of the server. Each handler lives in a file
// named after it (handleItems in handle_items.go).
func (s *Server) routes() *mux.Router {
	r := mux.NewRouter()
	r.UseEncodedPath()
	r.SkipClean(true) // a path with .. is refused, not redirected
	get := func(path string, h http.HandlerFunc) {
		r.Handle(path, h).Methods(http.MethodGet, http.MethodHead)
	}

	get("/", s.handleLanding)
	get("/conformance", s.handleConformance)
	get("/api", s.handleAPI)
	get("/collections", s.handleCollections)
	get("/collections/{collectionId}", s.handleCollection)
	get("/collections/{collectionId}/items", s.gateItems(s.handleItems))
	get("/collections/{collectionId}/items/{featureId}", s.handleItem)
	get("/collections/{collectionId}/queryables", s.handleQueryables)
	get("/collections/{collectionId}/tiles", s.tiles.CollectionTileSets)
	get("/collections/{collectionId}/tiles/{tileMatrixSetId}", s.tiles.CollectionTileSet)
	get("/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", s.tiles.CollectionTile)
	get("/dataset.json", s.handleDataset)
	get("/tiles.json", s.handleTileJSON)
	get("/tiles", s.tiles.TileSets)
	get("/tiles/{tileMatrixSetId}", s.tiles.TileSet)
	get("/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", s.tiles.OGCTile)
	get("/tileMatrixSets", s.tiles.TileMatrixSets)
	get("/tileMatrixSets/{tileMatrixSetId}", s.tiles.TileMatrixSet)
	get("/styles", s.tiles.Styles)
	get("/styles/{styleId}", s.tiles.Style)
	get("/timeline", s.handleTimeline)
	get("/healthz", s.handleHealth)
	get("/embed", s.handleEmbed)
	get("/oembed", s.handleOEmbed)
	r.Handle("/metrics", s.metrics.Handler()).Methods(http.MethodGet, http.MethodHead)
	get("/web/{path:.+}", s.handleWeb)
	get("/map.png", s.pictures.Map(render.PNG))
	get("/map.svg", s.pictures.Map(render.SVG))
	get("/map.pdf", s.pictures.Map(render.PDF))
	get("/wms", s.wms.ServeHTTP)

	r.Use(middleware.RecordRoute)
	r.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.resp.Error(w, r, fault.Errorf(fault.NotFound, "no such resource: %s", r.URL.EscapedPath()))
	})
	r.MethodNotAllowedHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", "GET, HEAD, OPTIONS")
		s.resp.Error(w, r, fault.Errorf(fault.NotAllowed, "method %s is not allowed; use GET or HEAD", r.Method))
	})
	return r
}

// tileRoute is the template of the tile route, for logs and metrics.
const tileRoute = "/tiles/{z}/{x}/{y}.mvt"

// frontTiles answers, for internal/front, the requests for vector tiles
// that dispatch and the middleware would pass to the tile handler.
type frontTiles struct{ s *Server }

func (f frontTiles) Answer(r *front.Request, a *front.Answer) bool {
	rest, kind := tilePath(r.Path)
	if kind != vectorTile { // a path that is no tile is the tile handler's to refuse, by net/http
		return false
	}
	if r.RawQuery != "" && params.CheckQuery(r.RawQuery) != nil {
		return false
	}
	a.Route = tileRoute
	return f.s.tiles.Front(rest, r, a)
}

// The kinds of path tilePath tells apart.
const (
	notTile = iota
	vectorTile
	rasterTile
)

// tilePath tells the tile routes dispatch serves before the router, and
// returns what follows /tiles/: raster tiles end in .png, and every other
// path under /tiles/ is a vector tile's (a bad one is the tile handler's
// 404), but for the OGC API's /tiles/WebMercatorQuad, which the router
// serves.
func tilePath(path string) (string, int) {
	rest, ok := strings.CutPrefix(path, "/tiles/")
	switch {
	case !ok || strings.HasPrefix(rest, tiledocs.WebMercatorQuad):
		return "", notTile
	case strings.HasSuffix(rest, ".png"):
		return rest, rasterTile
	}
	return rest, vectorTile
}

// dispatch sends tile requests straight to the tile handlers and everything else
// through the router. Tiles are most of the traffic of a map server and
// their path is trivial to split, while the router matches a regular
// expression per route and copies the request to carry its variables;
// skipping that brings a cached tile's cost near a static file's.
func (s *Server) dispatch() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch rest, kind := tilePath(r.URL.Path); kind {
		case rasterTile:
			middleware.SetRoute(w, pictures.RasterTileRoute)
			s.pictures.RasterTile(w, r, rest)
		case vectorTile:
			middleware.SetRoute(w, tileRoute)
			s.tiles.Tile(w, r, rest)
		default:
			s.router.ServeHTTP(w, r)
		}
	})
}
