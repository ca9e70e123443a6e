package server

import (
	"net/http"

	"github.com/chronoatlas/chronoatlas/internal/atlas/tiledocs"
	"github.com/chronoatlas/chronoatlas/internal/params"
	"github.com/chronoatlas/chronoatlas/internal/respond"
)

// landing is the OGC API landing page.
type landing struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Attribution string `json:"attribution,omitempty"`
	Links       []link `json:"links"`
}

// handleLanding serves the viewer to browsers, which ask for text/html
// first, and the OGC API landing page to API clients: f=json, an Accept
// that prefers JSON, or one that takes anything (*/*, as curl, requests
// and OWSLib send). The viewer, a page opened from shared links, ignores
// parameters it does not know (fbclid, utm_*); the API is strict.
func (s *Server) handleLanding(w http.ResponseWriter, r *http.Request) {
	f, err := params.Negotiate(r, params.JSON)
	if err != nil {
		s.resp.Error(w, r, err)
		return
	}
	if f == params.JSON && sharedLink(r) {
		f = params.HTML
	}
	if f == params.HTML {
		s.servePage(w, r, "index.html")
		return
	}
	q := r.URL.Query()
	if err := params.Check(q, func(k string) bool { return k == "f" || k == "datetime" }); err != nil {
		s.resp.Error(w, r, err)
		return
	}
	if _, _, err := params.Datetime(q); err != nil {
		s.resp.Error(w, r, err)
		return
	}
	m := s.current().core.Dataset().Meta
	base := respond.BaseURL(r)
	s.resp.JSON(w, r, typeJSON, landing{
		Title:       m.Title,
		Description: m.Description,
		Attribution: m.Attribution,
		Links: []link{
			{Href: base + "/?f=json", Rel: "self", Type: typeJSON, Title: "This document"},
			{Href: base + "/?f=html", Rel: "alternate", Type: "text/html", Title: "The map viewer"},
			{Href: base + "/api", Rel: "service-desc", Type: typeOpenAPI, Title: "The API definition (OpenAPI 3.0)"},
			{Href: base + "/api?f=html", Rel: "service-doc", Type: "text/html", Title: "The API documentation"},
			{Href: base + "/conformance", Rel: "conformance", Type: typeJSON, Title: "OGC API conformance classes"},
			{Href: base + "/collections", Rel: "data", Type: typeJSON, Title: "The collections"},
			{Href: base + "/tiles", Rel: tiledocs.RelTilesetsVector, Type: typeJSON, Title: "Vector tiles (OGC API – Tiles)"},
			{Href: base + "/tiles.json", Rel: "alternate", Type: typeJSON, Title: "Vector tiles (TileJSON 3.0.0)"},
			{Href: base + "/tileMatrixSets", Rel: "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes", Type: typeJSON, Title: "Tile matrix sets"},
			{Href: base + "/styles/default", Rel: "http://www.opengis.net/def/rel/ogc/1.0/styles", Type: "application/vnd.mapbox.style+json", Title: "A MapLibre style in the viewer's colours"},
			{Href: base + "/timeline", Rel: "related", Type: typeJSON, Title: "The time domain: years of change and events"},
			{Href: base + "/dataset.json", Rel: "describedby", Type: typeJSON, Title: "The dataset: polities, colours, bibliography"},
			{Href: m.License.URL, Rel: "license", Title: m.License.Name},
		},
	})
}

// conformance lists the OGC API conformance classes the server meets.
var conformance = []string{
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
	"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
	"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
	"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
	"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
	"http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
	"http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
	"http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
	"http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
	"http://www.opengis.net/spec/cql2/1.0/conf/property-property",
	"http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
	"http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
	"http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions",
	"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
	"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
	"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
	"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/dataset-tilesets",
	"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/datetime",
	"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
	"http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset",
}

func (s *Server) handleConformance(w http.ResponseWriter, r *http.Request) {
	f, err := s.simpleParams(r)
	if err != nil {
		s.resp.Error(w, r, err)
		return
	}
	if f == params.HTML {
		s.writeHTML(w, r, "conformance", "Conformance", conformance)
		return
	}
	s.resp.JSON(w, r, typeJSON, map[string]any{"conformsTo": conformance})
}

// handleDataset serves the dataset's description: polities with their
// names and colours, the bibliography, the licence and the default view.
func (s *Server) handleDataset(w http.ResponseWriter, r *http.Request) {
	if _, err := s.simpleParams(r); err != nil {
		s.resp.Error(w, r, err)
		return
	}
	s.resp.JSON(w, r, typeJSON, s.current().core.DatasetDoc())
}

// simpleParams checks a route that takes only f and datetime, and
// negotiates the format. Metadata routes take datetime, and the CQL2
// filter parameters, which they ignore, because clients such as GDAL keep
// the query of the URL they were given on every request they make:
// "OAPIF:http://host/collections/territories?datetime=1141&filter=…" is
// how GDAL 3.6, which sends no CQL2 of its own, reads a filtered layer.
func (s *Server) simpleParams(r *http.Request) (params.Format, error) {
	q := r.URL.Query()
	carried := map[string]bool{"f": true, "datetime": true, "filter": true, "filter-lang": true, "filter-crs": true}
	if err := params.Check(q, func(k string) bool { return carried[k] }); err != nil {
		return 0, err
	}
	if _, _, err := params.Datetime(q); err != nil {
		return 0, err
	}
	return params.Negotiate(r, params.JSON)
}

// sharedLink reports whether a request for the root that did not ask for
// JSON by name is a viewer link someone shared (/?year=1120&z=6, or with
// fbclid): link previews and chat unfurlers fetch those with Accept: */*
// and must get the page, while an API client asks for the bare root.
func sharedLink(r *http.Request) bool {
	q := r.URL.Query()
	if _, ok := q["f"]; ok {
		return false
	}
	if _, json := params.Ranks(r.Header.Get("Accept")); json > 0 {
		return false
	}
	for k := range q {
		if k != "datetime" {
			return true
		}
	}
	return false
}
