package server

import (
	"net/http"

	"github.com/chronoatlas/chronoatlas/internal/openapi"
)

// handleAPI serves the OpenAPI document (internal/openapi), or a page
// listing the paths.
func (s *Server) handleAPI(w http.ResponseWriter, r *http.Request) {
	f, err := s.simpleParams(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	st := s.current()
	if f == formatHTML {
		s.writeHTML(w, r, "api", "API", openapi.Paths())
		return
	}
	s.writeJSON(w, r, typeOpenAPI, openapi.Document(st.core.Dataset(), baseURL(r), s.cfg.Version))
}
