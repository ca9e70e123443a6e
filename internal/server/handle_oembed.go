package server

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"

	"github.com/chronoatlas/chronoatlas/internal/fault"
)

// embedParams are the view parameters a viewer or embed URL carries, in the
// query (/embed?year=1141) or the fragment (/#year=1141).
var embedParams = []string{"year", "z", "lat", "lon", "layers", "lang", "slider"}

// oembed is an oEmbed 1.0 response of type rich.
type oembed struct {
	Type         string `json:"type"`
	Version      string `json:"version"`
	Title        string `json:"title"`
	ProviderName string `json:"provider_name"`
	ProviderURL  string `json:"provider_url"`
	HTML         string `json:"html"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
}

// handleOEmbed is an oEmbed 1.0 provider for this server's viewer and embed
// URLs: it answers with an iframe of /embed at the URL's year and view.
func (s *Server) handleOEmbed(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	known := map[string]bool{"url": true, "format": true, "maxwidth": true, "maxheight": true}
	if err := checkParams(q, func(k string) bool { return known[k] }); err != nil {
		s.error(w, r, err)
		return
	}
	switch f := q.Get("format"); f {
	case "", "json":
	case "xml":
		s.error(w, r, &fault.Error{Kind: fault.Unimplemented, Param: "format", Message: "only json is offered"})
		return
	default:
		s.error(w, r, fault.Param("format", "unknown format %q; use json", f))
		return
	}
	raw := q.Get("url")
	if raw == "" {
		s.error(w, r, fault.Param("url", "the URL to embed is missing"))
		return
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		s.error(w, r, fault.Param("url", "%q is not an http or https URL", raw))
		return
	}
	base := baseURL(r)
	if u.Host != r.Host && u.Scheme+"://"+u.Host != base {
		s.error(w, r, fault.Errorf(fault.NotFound, "%s is not a map of this server", raw))
		return
	}
	if u.Path != "/" && u.Path != "" && u.Path != "/embed" {
		s.error(w, r, fault.Errorf(fault.NotFound, "%s is not a map of this server: embed the viewer (/) or /embed", raw))
		return
	}
	view := u.Query()
	if frag, err := url.ParseQuery(u.Fragment); err == nil {
		for k, v := range frag {
			view[k] = v
		}
	}
	st := s.current()
	year := st.ds.Meta.View.Year
	if y, err := strconv.Atoi(view.Get("year")); err == nil {
		year = y
	}
	embed := url.Values{}
	for _, k := range embedParams {
		if v := view.Get(k); v != "" {
			embed.Set(k, v)
		}
	}
	embed.Set("year", strconv.Itoa(year))

	width, height := 640, 480
	for _, lim := range []struct {
		name string
		v    *int
	}{{"maxwidth", &width}, {"maxheight", &height}} {
		if _, has := q[lim.name]; !has {
			continue
		}
		n, err := parseInt(q, lim.name, 0, 1)
		if err != nil {
			s.error(w, r, err)
			return
		}
		*lim.v = min(*lim.v, n)
	}
	src := base + "/embed?" + embed.Encode()
	title := fmt.Sprintf("%s — the year %d", st.ds.Meta.Title, year)
	s.writeJSON(w, r, typeJSON, oembed{
		Type:         "rich",
		Version:      "1.0",
		Title:        title,
		ProviderName: "chronoatlas",
		ProviderURL:  base + "/",
		HTML: fmt.Sprintf(`<iframe src="%s" width="%d" height="%d" title="%s" style="border:0" loading="lazy" sandbox="allow-scripts" referrerpolicy="no-referrer"></iframe>`,
			html.EscapeString(src), width, height, html.EscapeString(title)),
		Width:  width,
		Height: height,
	})
}

// oembedLink is the discovery link of a page, for the viewer and the embed
// page to carry.
func oembedLink(base, pageURL string) string {
	return `<link rel="alternate" type="application/json+oembed" href="` +
		html.EscapeString(base+"/oembed?format=json&url="+url.QueryEscape(pageURL)) + `" title="oEmbed">`
}
