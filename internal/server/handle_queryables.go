package server

import (
	"net/http"

	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/params"
	"github.com/chronoatlas/chronoatlas/internal/respond"
)

// handleQueryables serves a collection's queryables (OGC API Features
// Part 3): the JSON Schema of what filter and the property parameters
// may name.
func (s *Server) handleQueryables(w http.ResponseWriter, r *http.Request) {
	st := s.current()
	c, err := s.collection(st, r)
	if err != nil {
		s.resp.Error(w, r, err)
		return
	}
	if err := params.Check(r.URL.Query(), func(k string) bool { return k == "f" }); err != nil {
		s.resp.Error(w, r, err)
		return
	}
	s.resp.JSON(w, r, atlas.MediaSchema, st.core.QueryablesDoc(respond.BaseURL(r), c))
}
