package server

import (
	"net/http"

	"github.com/chronoatlas/chronoatlas/internal/params"
)

// handleTimeline serves the time domain (atlas.Timeline).
func (s *Server) handleTimeline(w http.ResponseWriter, r *http.Request) {
	if err := params.Check(r.URL.Query(), func(string) bool { return false }); err != nil {
		s.resp.Error(w, r, err)
		return
	}
	s.resp.JSON(w, r, typeJSON, s.current().core.Timeline())
}
