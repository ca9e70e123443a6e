package pictures

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/chronoatlas/chronoatlas/internal/params"
	"github.com/chronoatlas/chronoatlas/internal/render"
	"github.com/chronoatlas/chronoatlas/internal/respond"
	"github.com/paulmach/orb/maptile"
)

// MaxZoom is the deepest raster tile: past it a tile would only
// magnify data drawn for the regional scale.
const MaxZoom = 18

// rasterMargin is how far beyond a raster tile's edges, in CSS pixels,
// places are labelled from, so that a label across an edge is drawn in the
// tiles on both sides.
const rasterMargin = 256

// RasterTileRoute is the template of the raster tile route, for logs and
// metrics.
const RasterTileRoute = "/tiles/{z}/{x}/{y}.png"

// parseRasterTile parses "z/x/y.png" or "z/x/y@2x.png" strictly.
func parseRasterTile(path string) (maptile.Tile, float64, error) {
	parts := strings.Split(path, "/")
	if len(parts) != 3 {
		return maptile.Tile{}, 0, fault.Errorf(fault.NotFound, "no such tile: raster tiles are /tiles/{z}/{x}/{y}.png or {y}@2x.png")
	}
	y := strings.TrimSuffix(parts[2], ".png")
	scale := 1.0
	if v, ok := strings.CutSuffix(y, "@2x"); ok {
		y, scale = v, 2
	}
	t, err := params.Tile(parts[0], parts[1], y, MaxZoom)
	if err != nil {
		return maptile.Tile{}, 0, err
	}
	return t, scale, nil
}

// RasterTile serves a raster tile, its path after /tiles/ being
// z/x/y.png (256 pixels) or z/x/y@2x.png (512): the map of datetime (the
// dataset's default year without it), with no frame, cut to the tile.
func (h *Handlers) RasterTile(w http.ResponseWriter, r *http.Request, path string) {
	p := h.current()
	pic, err := p.rasterPicture(path, r.URL.Query())
	if err != nil {
		h.resp.Error(w, r, err)
		return
	}
	h.serve(w, r, p, pic, "image/png")
}

func (p *Pictures) rasterPicture(path string, q url.Values) (*Picture, error) {
	if err := params.Check(q, func(k string) bool { return k == "datetime" || k == "lang" || k == "layers" }); err != nil {
		return nil, err
	}
	t, scale, err := parseRasterTile(path)
	if err != nil {
		return nil, err
	}
	pic := &Picture{Format: render.PNG, Scale: scale, View: render.TileView(t), Width: render.TileSize, Height: render.TileSize, Margin: rasterMargin}
	if _, ok := q["datetime"]; ok {
		iv, _, err := params.Datetime(q)
		if err != nil {
			return nil, err
		}
		if pic.At, pic.When, err = MomentOf(iv); err != nil {
			return nil, err
		}
	} else {
		y := p.core.Dataset().Meta.View.Year
		pic.At, pic.When = chrono.SliderDay(y), strconv.Itoa(y)
	}
	if pic.Lang, err = Lang(q); err != nil {
		return nil, err
	}
	if pic.Layers, err = layersParam(q); err != nil {
		return nil, err
	}
	return pic, nil
}

// RasterTileJSON serves TileJSON 3.0.0 for the raster tiles
// (/tiles.json?format=png); datetime, lang and layers go into the tile
// URLs, and scale=2 makes them @2x.
func (h *Handlers) RasterTileJSON(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	known := map[string]bool{"format": true, "datetime": true, "lang": true, "layers": true, "scale": true}
	if err := params.Check(q, func(k string) bool { return known[k] }); err != nil {
		h.resp.Error(w, r, err)
		return
	}
	tq := url.Values{}
	if _, ok := q["datetime"]; ok {
		iv, _, err := params.Datetime(q)
		if err == nil {
			_, _, err = MomentOf(iv)
		}
		if err != nil {
			h.resp.Error(w, r, err)
			return
		}
		tq.Set("datetime", q.Get("datetime"))
	}
	if _, err := Lang(q); err != nil {
		h.resp.Error(w, r, err)
		return
	}
	if _, err := layersParam(q); err != nil {
		h.resp.Error(w, r, err)
		return
	}
	for _, k := range []string{"lang", "layers"} {
		if v := q.Get(k); v != "" {
			tq.Set(k, v)
		}
	}
	suffix := ".png"
	switch q.Get("scale") {
	case "", "1":
	case "2":
		suffix = "@2x.png"
	default:
		h.resp.Error(w, r, fault.Param("scale", "%q: use 1 or 2", q.Get("scale")))
		return
	}
	tiles := respond.BaseURL(r) + "/tiles/{z}/{x}/{y}" + suffix
	if len(tq) > 0 {
		tiles += "?" + tq.Encode()
	}
	ds := h.current().core.Dataset()
	m := ds.Meta
	b := ds.Collections()[0].Bound
	for _, c := range ds.Collections() {
		b = b.Union(c.Bound)
	}
	h.resp.JSON(w, r, atlas.MediaJSON, map[string]any{
		"tilejson":    "3.0.0",
		"name":        m.Title,
		"description": m.Description,
		"attribution": m.Attribution,
		"scheme":      "xyz",
		"tiles":       []string{tiles},
		"minzoom":     0,
		"maxzoom":     MaxZoom,
		"bounds":      []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]},
		"center":      []float64{m.View.Lon, m.View.Lat, m.View.Zoom},
	})
}
