package server

import (
	"net/http"

	"github.com/chronoatlas/chronoatlas/internal/openapi"
	"github.com/chronoatlas/chronoatlas/internal/params"
	"github.com/chronoatlas/chronoatlas/internal/respond"
)

// handleAPI serves the OpenAPI document (internal/openapi), or a page
// listing the paths.
func (s *Server) handleAPI(w http.ResponseWriter, r *http.Request) {
	f, err := s.simpleParams(r)
	if err != nil {
		s.resp.Error(w, r, err)
		return
	}
	st := s.current()
	if f == params.HTML {
		s.writeHTML(w, r, "api", "API", openapi.Paths())
		return
	}
	s.resp.JSON(w, r, typeOpenAPI, openapi.Document(st.core.Dataset(), respond.BaseURL(r), s.cfg.Version))
}
