package server

import (
	"net/http"
	"strings"

	"github.com/chronoatlas/chronoatlas/internal/atlas/pages"
	"github.com/chronoatlas/chronoatlas/internal/respond"
)

// writeHTML renders one of the API's HTML pages (pages.RenderHTML).
func (s *Server) writeHTML(w http.ResponseWriter, r *http.Request, page, title string, data any) {
	st := s.current()
	alt := respond.CloneQuery(r.URL.Query(), "f", "json")
	pd := pages.HTMLPage{
		Title:       title,
		Dataset:     st.core.Dataset().Meta.Title,
		Attribution: st.core.Dataset().Meta.Attribution,
		Alternates:  []link{{Href: respond.WithQuery("", r.URL.Path, alt), Type: typeJSON, Title: "JSON"}},
		Data:        data,
	}
	if c := r.URL.Path; strings.HasPrefix(c, "/collections/") {
		id := strings.SplitN(strings.TrimPrefix(c, "/collections/"), "/", 2)[0]
		if col := st.core.Dataset().Collection(id); col != nil && page != "collection" {
			pd.Crumbs = []link{{Href: "/collections/" + id + "?f=html", Title: col.Title}}
		}
	}
	body, err := pages.RenderHTML(page, pd)
	if err != nil {
		s.resp.Error(w, r, err)
		return
	}
	respond.HTMLHeaders(w, false)
	s.resp.Body(w, r, typeHTML, body, s.resp.CacheControl())
}
