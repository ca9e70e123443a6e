package server

import (
	"bytes"
	"io/fs"
	"math"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/chronoatlas/chronoatlas/web"
	"github.com/gorilla/mux"
)

// servePage serves one of the viewer's HTML pages from the web files.
// Only the embed page may be framed by other sites.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request, name string) {
	body, err := fs.ReadFile(web.FS(), name)
	if err != nil {
		s.error(w, r, fault.Wrap(err, "the viewer is missing %s", name))
		return
	}
	// The page names its oEmbed provider for this very URL.
	base := baseURL(r)
	body = bytes.Replace(body, []byte("<!--oembed-->"), []byte(atlas.OEmbedLink(base, base+r.URL.RequestURI())), 1)
	htmlHeaders(w, name == "embed.html")
	s.writeBody(w, r, typeHTML, body, "no-cache")
}

// handleEmbed serves the bare map for iframes. The page reads its year,
// view and layers from the query string itself; the server checks only
// that it was given nothing it does not know.
func (s *Server) handleEmbed(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if err := checkParams(q, func(k string) bool { return slices.Contains(atlas.EmbedParams(), k) }); err != nil {
		s.error(w, r, err)
		return
	}
	if err := checkEmbedParams(q); err != nil {
		s.error(w, r, err)
		return
	}
	s.servePage(w, r, "embed.html")
}

// checkEmbedParams checks the embed page's view: numbers in range, known
// layers and languages. The page would fall back to its defaults, but a
// link that cannot mean what it says is better refused.
func checkEmbedParams(q url.Values) error {
	ranges := []struct {
		name     string
		min, max float64
	}{{"year", -9999, 9999}, {"z", 0, 18}, {"lat", -90, 90}, {"lon", -180, 180}}
	for _, r := range ranges {
		vs, ok := q[r.name]
		if !ok {
			continue
		}
		if len(vs) != 1 {
			return fault.Param(r.name, "give one value, not %d", len(vs))
		}
		v, err := strconv.ParseFloat(vs[0], 64)
		if err != nil || math.IsNaN(v) || v < r.min || v > r.max {
			return fault.Param(r.name, "%q is not a number from %g to %g", vs[0], r.min, r.max)
		}
	}
	if v := q.Get("layers"); v != "" {
		layers := atlas.ToggleLayers()
		for _, l := range strings.Split(v, ",") {
			if !slices.Contains(layers, l) {
				return fault.Param("layers", "unknown layer %q; use %s", l, orList(layers))
			}
		}
	}
	if lang := q.Get("lang"); lang != "" && !slices.Contains(atlas.Languages(), lang) {
		return fault.Param("lang", "unknown language %q; use %s", lang, orList(atlas.Languages()))
	}
	switch q.Get("slider") {
	case "", "0", "1":
	default:
		return fault.Param("slider", "%q: use 1 to show the slider, 0 to hide it", q.Get("slider"))
	}
	return nil
}

// handleWeb serves the viewer's scripts, styles and images.
func (s *Server) handleWeb(w http.ResponseWriter, r *http.Request) {
	p := mux.Vars(r)["path"]
	clean := path.Clean("/" + p)[1:]
	if clean != p || strings.Contains(p, "\\") || strings.HasPrefix(p, ".") {
		s.error(w, r, fault.Errorf(fault.NotFound, "no such file: %s", p))
		return
	}
	body, err := fs.ReadFile(web.FS(), clean)
	if err != nil {
		s.error(w, r, fault.Errorf(fault.NotFound, "no such file: %s", p))
		return
	}
	ct := mime.TypeByExtension(path.Ext(clean))
	if ct == "" {
		ct = "application/octet-stream"
	}
	// Assets change only with the binary; clients revalidate with the ETag.
	s.writeBody(w, r, ct, body, "public, max-age=300")
}

// orList writes words as "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
