package pictures

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/atlas/pages"
	"github.com/chronoatlas/chronoatlas/internal/render"
	"github.com/chronoatlas/chronoatlas/internal/respond"
)

// The size of a link preview's image (pages.Card).
const (
	previewW = pages.PreviewWidth
	previewH = pages.PreviewHeight
)

// PreviewTags returns the Open Graph and Twitter card tags of a viewer or
// embed page: the title with the year shown, and as image the still map
// of the view in the page's query string (year, lat, lon, z, layers,
// lang). A view that does not parse falls back to the dataset's default.
func (p *Pictures) PreviewTags(r *http.Request) string {
	base := respond.BaseURL(r)
	ds := p.core.Dataset()
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
	pic, err := p.mapPicture(view, render.PNG)
	if err != nil {
		view = url.Values{"width": {fmt.Sprint(previewW)}, "height": {fmt.Sprint(previewH)}}
		pic, _ = p.mapPicture(view, render.PNG)
	}
	title := ds.Meta.Title
	if pic != nil {
		title += " — " + pic.When
	}
	return pages.Card{Title: title, Description: ds.Meta.Description, URL: base + r.URL.RequestURI(),
		Image: base + "/map.png?" + view.Encode()}.Tags()
}
