package server

import (
	"net/http"
	"strings"

	"github.com/chronoatlas/chronoatlas/internal/atlas/pages"
)

// htmlPolicy is the Content-Security-Policy of HTML pages: everything from
// this server, nothing from anywhere else.
const htmlPolicy = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors "

// writeHTML renders one of the API's HTML pages (pages.RenderHTML).
func (s *Server) writeHTML(w http.ResponseWriter, r *http.Request, page, title string, data any) {
	st := s.current()
	alt := cloneQuery(r.URL.Query(), "f", "json")
	pd := pages.HTMLPage{
		Title:       title,
		Dataset:     st.core.Dataset().Meta.Title,
		Attribution: st.core.Dataset().Meta.Attribution,
		Alternates:  []link{{Href: withQuery("", r.URL.Path, alt), Type: typeJSON, Title: "JSON"}},
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
		s.error(w, r, err)
		return
	}
	htmlHeaders(w, false)
	s.writeBody(w, r, typeHTML, body, s.cacheControl())
}
