package server

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"

	"github.com/chronoatlas/chronoatlas/geo/render"
	"github.com/chronoatlas/chronoatlas/internal/atlas"
)

// The size of a link preview's image: what Open Graph and Twitter's large
// summary card draw best (1.91:1).
const (
	previewW = 1200
	previewH = 630
)

// previewTags returns the Open Graph and Twitter card tags of a viewer or
// embed page: the title with the year shown, and as image the still map
// of the view in the page's query string (year, lat, lon, z, layers,
// lang). A view that does not parse falls back to the dataset's default.
func previewTags(st *snapshot, r *http.Request) string {
	base := baseURL(r)
	ds := st.core.Dataset()
	view := url.Values{}
	q := r.URL.Query()
	for _, k := range atlas.EmbedParams() {
		if k == "slider" {
			continue
		}
		if v := q.Get(k); v != "" {
			view.Set(k, v)
		}
	}
	view.Set("width", fmt.Sprint(previewW))
	view.Set("height", fmt.Sprint(previewH))
	pic, err := mapPicture(st, view, render.PNG)
	if err != nil {
		view = url.Values{"width": {fmt.Sprint(previewW)}, "height": {fmt.Sprint(previewH)}}
		pic, _ = mapPicture(st, view, render.PNG)
	}
	title := ds.Meta.Title
	if pic != nil {
		title += " — " + pic.when
	}
	image := base + "/map.png?" + view.Encode()
	alt := fmt.Sprintf("Map: %s", title)
	var b strings.Builder
	meta := func(attr, key, value string) {
		fmt.Fprintf(&b, "\n<meta %s=\"%s\" content=\"%s\">", attr, key, html.EscapeString(value))
	}
	meta("property", "og:type", "website")
	meta("property", "og:site_name", "chronoatlas")
	meta("property", "og:title", title)
	meta("property", "og:description", ds.Meta.Description)
	meta("property", "og:url", base+r.URL.RequestURI())
	meta("property", "og:image", image)
	meta("property", "og:image:type", "image/png")
	meta("property", "og:image:width", fmt.Sprint(previewW))
	meta("property", "og:image:height", fmt.Sprint(previewH))
	meta("property", "og:image:alt", alt)
	meta("name", "twitter:card", "summary_large_image")
	meta("name", "twitter:title", title)
	meta("name", "twitter:description", ds.Meta.Description)
	meta("name", "twitter:image", image)
	meta("name", "twitter:image:alt", alt)
	return b.String()
}
