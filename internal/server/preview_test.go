package server

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// metaTags returns a page's <meta> tags by property or name.
func metaTags(tb testing.TB, page string) map[string]string {
	tb.Helper()
	out := map[string]string{}
	for _, m := range regexp.MustCompile(`<meta (?:property|name)="([^"]+)" content="([^"]*)">`).FindAllStringSubmatch(page, -1) {
		out[m[1]] = html.UnescapeString(m[2])
	}
	return out
}

func TestLinkPreview(t *testing.T) {
	s := mustAtlasServer(t)
	tests := []struct {
		page, title string
		view        map[string]string // what the image URL must carry
	}{
		{"/?year=1127&z=6&lat=34&lon=114&fbclid=x", "1127", map[string]string{"year": "1127", "z": "6", "lat": "34", "lon": "114"}},
		{"/embed?year=1141&z=5&lat=33&lon=114&lang=zh&layers=territories,places&slider=1", "1141", map[string]string{"year": "1141", "lang": "zh", "layers": "territories,places"}},
		{"/", "1141", map[string]string{}},
		{"/?year=soon&z=99", "1141", map[string]string{}}, // a view that does not parse: the default
	}
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			res := get(t, s, "GET", tt.page, map[string]string{"Accept": "text/html"})
			page := string(mustBody(t, res))
			if res.StatusCode != 200 {
				t.Fatalf("status %d: %s", res.StatusCode, page)
			}
			tags := metaTags(t, page)
			if !strings.HasSuffix(tags["og:title"], "— "+tt.title) || tags["twitter:card"] != "summary_large_image" {
				t.Errorf("og:title %q, twitter:card %q", tags["og:title"], tags["twitter:card"])
			}
			if tags["og:image"] == "" || tags["og:image"] != tags["twitter:image"] || tags["og:image:width"] != "1200" || tags["og:image:height"] != "630" {
				t.Fatalf("image tags %v", tags)
			}
			u, err := url.Parse(tags["og:image"])
			if err != nil || u.Path != "/map.png" {
				t.Fatalf("og:image %q", tags["og:image"])
			}
			for k, v := range tt.view {
				if got := u.Query().Get(k); got != v {
					t.Errorf("og:image's %s = %q, want %q", k, got, v)
				}
			}
			img := mustPNG(t, get(t, s, "GET", u.RequestURI(), nil))
			if got := img.Bounds().Size(); got.X != 1200 || got.Y != 630 {
				t.Errorf("the preview is %v", got)
			}
		})
	}
}

func TestOEmbedThumbnail(t *testing.T) {
	s := mustAtlasServer(t)
	var o struct {
		Width           int    `json:"width"`
		Height          int    `json:"height"`
		ThumbnailURL    string `json:"thumbnail_url"`
		ThumbnailWidth  int    `json:"thumbnail_width"`
		ThumbnailHeight int    `json:"thumbnail_height"`
	}
	page := "http://example.com/?year=1141&z=6&lat=34.8&lon=114.31&layers=territories"
	mustJSON(t, get(t, s, "GET", "/oembed?format=json&maxwidth=400&url="+url.QueryEscape(page), nil), &o)
	if o.ThumbnailWidth != 400 || o.ThumbnailHeight != 480 || o.ThumbnailWidth > o.Width {
		t.Fatalf("thumbnail %dx%d for an embed of %dx%d at maxwidth 400", o.ThumbnailWidth, o.ThumbnailHeight, o.Width, o.Height)
	}
	u, err := url.Parse(o.ThumbnailURL)
	if err != nil || u.Path != "/map.png" {
		t.Fatalf("thumbnail_url %q", o.ThumbnailURL)
	}
	img := mustPNG(t, get(t, s, "GET", u.RequestURI(), nil))
	if got := img.Bounds().Size(); got.X != 400 || got.Y != 480 {
		t.Errorf("thumbnail %v, want 400x480", got)
	}
	if got := holderAt(t, s, img, 200, 240); got != "jin" {
		t.Errorf("the thumbnail of 1141 draws Kaifeng in %s's colour", got)
	}
}
