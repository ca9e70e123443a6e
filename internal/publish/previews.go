package publish

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/atlas/pages"
	"github.com/chronoatlas/chronoatlas/internal/render"
	"github.com/paulmach/orb"
)

// Link previews: a static site has no server to draw /map.png, so the
// few pictures a link card needs are drawn when it is published, at the
// size Open Graph and Twitter cards take.
const (
	previewW = pages.PreviewWidth
	previewH = pages.PreviewHeight
)

// previewYears are the years a site carries a preview of: the one its
// viewer opens at, and the first and last of its time range.
func previewYears(a *atlas.Atlas) []int {
	tl := a.Timeline()
	years := []int{a.Dataset().Meta.View.Year, tl.Start, tl.End}
	slices.Sort(years)
	return slices.Compact(years)
}

// previewPath is where the preview of a year is written.
func previewPath(year int) string { return "previews/" + strconv.Itoa(year) + ".png" }

// previews draws the previews of the site's years over its default view
// as PNG (internal/render, the drawing the server's /map.png makes).
func (w *writer) previews(ctx context.Context, a *atlas.Atlas) {
	if w.err != nil {
		return
	}
	r, err := render.New()
	if err != nil {
		w.err = fmt.Errorf("publish: %w", err)
		return
	}
	v := a.Dataset().Meta.View
	layers := map[string]bool{}
	for _, l := range atlas.PictureLayers {
		layers[l] = true
	}
	for _, y := range previewYears(a) {
		s := a.Scene(atlas.Scene{
			At: chrono.SliderDay(y), When: strconv.Itoa(y),
			View:  render.View{Center: orb.Point{v.Lon, v.Lat}, Zoom: v.Zoom},
			Width: previewW, Height: previewH, Layers: layers, Frame: true, Legend: true,
		})
		var buf bytes.Buffer
		if err := r.Write(ctx, &buf, s, render.PNG, 1); err != nil {
			w.err = fmt.Errorf("publish: the preview of %d: %w", y, err)
			return
		}
		w.file(previewPath(y), buf.Bytes())
	}
}

// previewTags are the Open Graph and Twitter card tags of a published
// page: the preview of the year the viewer opens at, absolute when the
// site's base URL is known (as link cards want), relative otherwise.
func previewTags(a *atlas.Atlas, baseURL string) string {
	m := a.Dataset().Meta
	year := m.View.Year
	title := m.Title + " — " + strconv.Itoa(year)
	c := pages.Card{Title: title, Description: m.Description, URL: baseURL, Image: baseURL + previewPath(year)}
	return c.Tags()
}
