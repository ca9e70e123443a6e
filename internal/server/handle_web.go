package server

import (
	"bytes"
	"html"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/atlas/pages"
	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/chronoatlas/chronoatlas/internal/params"
	"github.com/chronoatlas/chronoatlas/internal/respond"
	"github.com/chronoatlas/chronoatlas/web"
	"github.com/gorilla/mux"
)

// viewerPages are the viewer's pages with their shared head in place
// (web.Page), made once: the embedded files do not change.
var viewerPages = sync.OnceValues(func() (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, name := range web.Pages {
		body, err := web.Page(web.FS(), name)
		if err != nil {
			return nil, fault.Wrap(err, "the viewer is missing %s", name)
		}
		out[name] = body
	}
	return out, nil
})

// servePage serves one of the viewer's HTML pages from the web files.
// Only the embed page may be framed by other sites.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request, name string) {
	made, err := viewerPages()
	if err != nil {
		s.resp.Error(w, r, err)
		return
	}
	body := made[name] // each Replace below makes a copy
	// The page names its oEmbed provider for its view: this URL's year,
	// place, layers and language.
	base := respond.BaseURL(r)
	// It also carries its link preview (Open Graph and Twitter card tags).
	head := pages.OEmbedLink(base, r.URL.Path, r.URL.Query()) + s.current().pictures.PreviewTags(r)
	body = bytes.Replace(body, []byte("<!--oembed-->"), []byte(head), 1)
	// The attribution is in the page from the start: it shows with the first
	// paint instead of after the viewer's scripts have run.
	body = bytes.Replace(body, []byte("<!--attribution-->"), []byte(html.EscapeString(s.current().core.Dataset().Meta.Attribution)), 1)
	respond.HTMLHeaders(w, name == "embed.html")
	s.resp.Body(w, r, typeHTML, body, "no-cache")
}

// handleEmbed serves the bare map for iframes. The page reads its year,
// view and layers from the query string itself; the server checks only
// that it was given nothing it does not know.
func (s *Server) handleEmbed(w http.ResponseWriter, r *http.Request) {
	// Parameters it does not know (fbclid, utm_*, gclid) are ignored: the
	// page is opened from links; those it knows must make sense.
	q := params.KnownOnly(r.URL.Query(), func(k string) bool { return slices.Contains(atlas.EmbedParams(), k) })
	if err := params.Check(q, func(string) bool { return true }); err != nil {
		s.resp.Error(w, r, err)
		return
	}
	if err := atlas.CheckEmbedView(q); err != nil {
		s.resp.Error(w, r, err)
		return
	}
	s.servePage(w, r, "embed.html")
}

// handleWeb serves the viewer's scripts, styles and images.
func (s *Server) handleWeb(w http.ResponseWriter, r *http.Request) {
	p := mux.Vars(r)["path"]
	clean := path.Clean("/" + p)[1:]
	// The pages and their shared head are served whole at / and /embed.
	if clean != p || strings.Contains(p, "\\") || strings.HasPrefix(p, ".") || web.IsPart(clean) {
		s.resp.Error(w, r, fault.Errorf(fault.NotFound, "no such file: %s", p))
		return
	}
	body, err := fs.ReadFile(web.FS(), clean)
	if err != nil {
		s.resp.Error(w, r, fault.Errorf(fault.NotFound, "no such file: %s", p))
		return
	}
	ct := mime.TypeByExtension(path.Ext(clean))
	if ct == "" {
		ct = "application/octet-stream"
	}
	// Assets change only with the binary; clients revalidate with the ETag.
	s.resp.Body(w, r, ct, body, "public, max-age=300")
}
