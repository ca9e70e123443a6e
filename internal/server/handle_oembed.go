package server

import (
	"net/http"

	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/chronoatlas/chronoatlas/internal/params"
	"github.com/chronoatlas/chronoatlas/internal/respond"
)

// handleOEmbed is an oEmbed 1.0 provider for this server's viewer and embed
// URLs: it answers with an iframe of /embed at the URL's year and view
// (pages.OEmbed).
func (s *Server) handleOEmbed(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	known := map[string]bool{"url": true, "format": true, "maxwidth": true, "maxheight": true}
	if err := params.Check(q, func(k string) bool { return known[k] }); err != nil {
		s.resp.Error(w, r, err)
		return
	}
	switch f := q.Get("format"); f {
	case "", "json":
	case "xml":
		s.resp.Error(w, r, &fault.Error{Kind: fault.Unimplemented, Param: "format", Message: "only json is offered"})
		return
	default:
		s.resp.Error(w, r, fault.Param("format", "unknown format %q; use json", f))
		return
	}
	var size [2]int // maxwidth, maxheight; 0 when not given
	var sizeErr error
	for i, name := range []string{"maxwidth", "maxheight"} {
		if _, has := q[name]; has && sizeErr == nil {
			size[i], sizeErr = params.Int(q, name, 0, 1)
		}
	}
	doc, err := s.current().core.OEmbed(respond.BaseURL(r), r.Host, q.Get("url"), size[0], size[1])
	if err == nil {
		err = sizeErr // a bad URL is reported first
	}
	if err != nil {
		s.resp.Error(w, r, err)
		return
	}
	s.resp.JSON(w, r, typeJSON, doc)
}
