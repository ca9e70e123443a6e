package server

import (
	"net/http"

	"github.com/chronoatlas/chronoatlas/internal/fault"
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
	get("/collections/{collectionId}/items", s.handleItems)
	get("/collections/{collectionId}/items/{featureId}", s.handleItem)
	get("/dataset.json", s.handleDataset)
	get("/tiles/{z}/{x}/{y}", s.handleTile)
	get("/tiles.json", s.handleTileJSON)
	get("/timeline", s.handleTimeline)
	get("/healthz", s.handleHealth)
	get("/embed", s.handleEmbed)
	r.Handle("/metrics", s.handleMetrics()).Methods(http.MethodGet, http.MethodHead)
	get("/web/{path:.+}", s.handleWeb)

	r.Use(recordRoute)
	r.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.error(w, r, fault.Errorf(fault.NotFound, "no such resource: %s", r.URL.EscapedPath()))
	})
	r.MethodNotAllowedHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", "GET, HEAD, OPTIONS")
		s.error(w, r, fault.Errorf(fault.NotAllowed, "method %s is not allowed; use GET or HEAD", r.Method))
	})
	return r
}
