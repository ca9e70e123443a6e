package server

import (
	"net/http"
	"net/url"

	"github.com/chronoatlas/chronoatlas/internal/params"
	"github.com/chronoatlas/chronoatlas/internal/respond"
)

// handleTileJSON serves TileJSON 3.0.0 for the vector tiles
// (tiledocs.Docs.TileJSON). A datetime is written into the tile URLs.
func (s *Server) handleTileJSON(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("format") == "png" {
		s.pictures.RasterTileJSON(w, r)
		return
	}
	if err := params.Check(q, func(k string) bool { return k == "datetime" }); err != nil {
		s.resp.Error(w, r, err)
		return
	}
	if _, _, err := params.Datetime(q); err != nil {
		s.resp.Error(w, r, err)
		return
	}
	st := s.current()
	// The version in the URL lets browsers and CDNs keep the tiles for
	// good: a new dataset or build gives new URLs.
	tiles := respond.BaseURL(r) + "/tiles/{z}/{x}/{y}.mvt?v=" + st.tiles.Version()
	if dt := q.Get("datetime"); dt != "" {
		tiles += "&datetime=" + url.QueryEscape(dt)
	}
	s.resp.JSON(w, r, typeJSON, st.core.TileJSON(tiles))
}
