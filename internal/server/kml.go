package server

import (
	"fmt"
	"net/http"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/geo/kml"
)

// writeKML writes features as a KML document (atlas.KML).
func (s *Server) writeKML(w http.ResponseWriter, r *http.Request, st *snapshot, c *feature.Collection, title string, fs []*feature.Feature, when *chrono.Interval) {
	body, err := st.core.KML(r.Context(), c, title, fs, when)
	if err != nil {
		s.resp.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="%s.kml"`, c.ID))
	s.resp.Body(w, r, kml.ContentType, body, s.resp.CacheControl())
}
