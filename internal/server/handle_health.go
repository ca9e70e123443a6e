package server

import (
	"net/http"
	"time"
)

// handleHealth reports that the server is alive and which dataset it
// serves, and since when.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	st := s.current()
	s.resp.JSONCache(w, r, typeJSON, map[string]any{
		"status":  "ok",
		"dataset": st.core.Dataset().Meta.ID,
		"loaded":  st.core.Loaded().UTC().Format(time.RFC3339),
		"version": s.cfg.Version,
	}, "no-store")
}
