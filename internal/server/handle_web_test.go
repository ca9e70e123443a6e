package server

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chronoatlas/chronoatlas/internal/atlas/pages"
)

var oembedLink = regexp.MustCompile(`<link rel="alternate" type="application/json\+oembed" href="([^"]*)"`)

// TestDiscoveryCarriesView follows a page's oEmbed discovery link, as a link
// preview does, and checks the iframe it gets shows the page's view.
func TestDiscoveryCarriesView(t *testing.T) {
	s := mustServer(t)
	browser := map[string]string{"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
	for _, tc := range []struct {
		name, page string
		want       string // the iframe's src, after the host
	}{
		{"the viewer at a view", "/?year=1120&z=6", "/embed?year=1120&z=6"},
		{"a shared link with tracking", "/?year=1130&lat=34.8&lon=114.3&fbclid=abc&utm_source=x", "/embed?lat=34.8&lon=114.3&year=1130"},
		{"no view: the dataset's year", "/", "/embed?year=1141"},
		{"the embed page", "/embed?year=1200&slider=1&lang=zh", "/embed?lang=zh&slider=1&year=1200"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := get(t, s, "GET", tc.page, browser)
			body := string(mustBody(t, res))
			if res.StatusCode != 200 {
				t.Fatalf("%s: status %d: %s", tc.page, res.StatusCode, body)
			}
			m := oembedLink.FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("%s: no oEmbed discovery link", tc.page)
			}
			href, err := url.Parse(html.UnescapeString(m[1]))
			if err != nil {
				t.Fatal(err)
			}
			res = get(t, s, "GET", href.RequestURI(), nil)
			var doc pages.OEmbed
			mustJSON(t, res, &doc)
			if res.StatusCode != 200 {
				t.Fatalf("%s: status %d", href, res.StatusCode)
			}
			src := regexp.MustCompile(`src="([^"]*)"`).FindStringSubmatch(doc.HTML)
			if src == nil {
				t.Fatalf("no src in %s", doc.HTML)
			}
			got := html.UnescapeString(src[1])
			if want := "http://example.com" + tc.want; got != want {
				t.Errorf("iframe src %s, want %s", got, want)
			}
			if want := `sandbox="` + pages.EmbedSandbox + `"`; !strings.Contains(doc.HTML, want) {
				t.Errorf("iframe %s, want %s", doc.HTML, want)
			}
		})
	}
}
