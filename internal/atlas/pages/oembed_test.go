package pages

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chronoatlas/chronoatlas/internal/atlas/atlastest"
	"github.com/chronoatlas/chronoatlas/internal/fault"
)

func TestOEmbed(t *testing.T) {
	p := New(atlastest.MustMini(t))
	const base = "http://atlas.example"
	for _, tc := range []struct {
		name, url string
		w, h      int
		want      string // in the iframe, or the error's kind
		width     int
	}{
		{"the viewer at a year", base + "/?year=1127&z=6", 0, 0, `/embed?year=1127&amp;z=6"`, 640},
		{"an old link with a fragment", base + "/#year=1130&lang=zh", 0, 0, `/embed?lang=zh&amp;year=1130"`, 640},
		{"no year: the dataset's", base + "/embed", 0, 0, `/embed?year=1141"`, 640},
		{"narrower", base + "/", 300, 0, `width="300" height="480"`, 300},
		{"a stray parameter is left out", base + "/?year=1127&fbclid=x", 0, 0, `/embed?year=1127"`, 640},
		{"a value out of range is left out", base + "/?year=1127&z=99&lat=north&lon=114", 0, 0, `/embed?lon=114&amp;year=1127"`, 640},
		{"the iframe's link opens outside the sandbox", base + "/", 0, 0, `sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"`, 640},
		{"another site", "http://elsewhere.example/?year=1127", 0, 0, string(fault.NotFound), 0},
		{"another page", base + "/collections", 0, 0, string(fault.NotFound), 0},
		{"not http", "ftp://atlas.example/", 0, 0, string(fault.Invalid), 0},
		{"missing", "", 0, 0, string(fault.Invalid), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, err := p.OEmbed(base, "atlas.example", tc.url, tc.w, tc.h)
			if err != nil {
				if got := string(fault.KindOf(err)); got != tc.want {
					t.Errorf("error %v, want %s", err, tc.want)
				}
				return
			}
			if !strings.Contains(o.HTML, tc.want) || o.Width != tc.width {
				t.Errorf("got %q %d wide, want %q in it, %d wide", o.HTML, o.Width, tc.want, tc.width)
			}
		})
	}
}

func TestOEmbedLink(t *testing.T) {
	const base = "http://atlas.example"
	for _, tc := range []struct {
		name, path, query string
		want              string // the URL the link asks oEmbed about
	}{
		{"the viewer at a view", "/", "year=1120&z=6", base + "/?year=1120&z=6"},
		{"the default view", "/", "", base + "/"},
		{"tracking parameters left out", "/", "fbclid=x&year=1120&utm_source=y", base + "/?year=1120"},
		{"a bad value left out", "/", "year=1120&z=far", base + "/?year=1120"},
		{"the embed keeps its slider", "/embed", "slider=1&year=1200&lang=zh", base + "/embed?lang=zh&slider=1&year=1200"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q, err := url.ParseQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			link := OEmbedLink(base, tc.path, q)
			m := regexp.MustCompile(`href="([^"]*)"`).FindStringSubmatch(link)
			if m == nil {
				t.Fatalf("no href in %s", link)
			}
			href, err := url.Parse(html.UnescapeString(m[1]))
			if err != nil {
				t.Fatal(err)
			}
			if got := href.Query().Get("url"); got != tc.want {
				t.Errorf("link asks about %q, want %q", got, tc.want)
			}
			if got := href.Scheme + "://" + href.Host + href.Path; got != base+"/oembed" {
				t.Errorf("link to %s, want %s/oembed", got, base)
			}
		})
	}
}
