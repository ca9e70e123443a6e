package atlas

import (
	"image/color"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/chronoatlas/chronoatlas/internal/fault"
)

// The zoom range of the vector tiles: the tile route, TileJSON, the
// OpenAPI document and the tile cache all take it from here.
const (
	MinZoom = 0
	MaxZoom = 14
)

// Layer is a collection the viewer draws, as /dataset.json lists it for
// the viewer.
type Layer struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	TitleZh string `json:"title_zh"`
	// Base is set for the layer under the others that a reader cannot
	// turn off (the land): the embed page's layers parameter does not
	// name it.
	Base bool `json:"-"`
	// Color is the colour the layer's lines (or the base's fill) are
	// drawn in, and Width the lines' width in pixels, where the layer is
	// drawn in a style of its own rather than its features' polities'
	// (Width 0).
	Color color.RGBA `json:"-"`
	Width float64    `json:"-"`
}

// layers are the layers in draw order, bottom to top, with their titles
// when the dataset gives none.
func layers() []Layer {
	return []Layer{
		{ID: "land", Title: "Land", TitleZh: "陸地", Base: true, Color: color.RGBA{0xef, 0xe9, 0xda, 0xff}, Width: 1},
		{ID: "territories", Title: "Territories", TitleZh: "疆域"},
		{ID: "rivers", Title: "Rivers", TitleZh: "河流", Color: color.RGBA{0x3f, 0x7c, 0xc0, 0xff}, Width: 2},
		{ID: "frontiers", Title: "Frontiers", TitleZh: "邊界", Color: color.RGBA{0x8b, 0x1e, 0x1e, 0xff}, Width: 2},
		{ID: "campaigns", Title: "Campaigns", TitleZh: "征伐路線", Color: color.RGBA{0xb5, 0x56, 0x1b, 0xff}, Width: 3},
		{ID: "places", Title: "Places", TitleZh: "地點"},
		{ID: "events", Title: "Events", TitleZh: "大事"},
	}
}

// Ink returns the colour of outlines drawn over the layers' fills, in the
// style and the KML.
func Ink() color.RGBA { return color.RGBA{0x4a, 0x40, 0x35, 0xff} }

// LayerOrder returns the ids of the layers in draw order, bottom to top:
// the order of a vector tile's layers too.
func LayerOrder() []string {
	var ids []string
	for _, l := range layers() {
		ids = append(ids, l.ID)
	}
	return ids
}

// ToggleLayers returns the ids of the layers a reader can turn on and
// off, in draw order: what the embed page's layers parameter may name.
func ToggleLayers() []string {
	var ids []string
	for _, l := range layers() {
		if !l.Base {
			ids = append(ids, l.ID)
		}
	}
	return ids
}

// Layers returns the layers of ds the viewer draws, bottom to top, titled
// as ds titles its collections.
func Layers(ds *dataset.Dataset) []Layer {
	var out []Layer
	for _, l := range layers() {
		c := ds.Collection(l.ID)
		if c == nil {
			continue
		}
		if c.Title != "" {
			l.Title = c.Title
		}
		out = append(out, l)
	}
	return out
}

// LayerOf returns the layer with the given id, with its colour and width:
// the style and the KML draw a layer as the viewer does.
func LayerOf(id string) (Layer, bool) {
	ls := layers()
	i := slices.IndexFunc(ls, func(l Layer) bool { return l.ID == id })
	if i < 0 {
		return Layer{}, false
	}
	return ls[i], true
}

// EventCollections returns the collections whose features are events:
// the events themselves, and the campaigns, which are events with a
// route. The timeline lists them by year.
func EventCollections() []string { return []string{"events", "campaigns"} }

// EmbedParams returns the view parameters the embed page takes (and the
// viewer's URL carries): /embed?year=1141&z=6&lat=33&lon=114&layers=…&
// lang=zh&slider=1.
func EmbedParams() []string {
	return []string{"year", "z", "lat", "lon", "layers", "lang", "slider"}
}

// Languages returns the languages the viewer speaks, the first the
// default.
func Languages() []string { return []string{"en", "zh"} }

// FieldHelp describes the properties that have a fixed meaning, as the
// queryables and the tiles' TileJSON fields document them.
func FieldHelp() map[string]string {
	return map[string]string{
		"id":          "Stable, readable id of the feature",
		"name":        "Name to show (the one in force at datetime, when given)",
		"name_zh":     "Chinese name",
		"names":       "Names over time, JSON: [{name, name_zh, start, end}]",
		"polity":      "Polity holding the territory (see /dataset.json)",
		"overlord":    "Polity the holder was a vassal of",
		"kind":        "Kind: capital, city, pass, siege, battle, treaty, river, …; at datetime, the day's (a place is a capital only while one of its roles says so)",
		"certainty":   "certain, approximate or uncertain",
		"sources":     "Keys into the bibliography of /dataset.json, JSON",
		"start":       "First day of the feature's life, EDTF",
		"end":         "First day the feature no longer existed, EDTF (.. when open)",
		"start_year":  "start as a decimal year; absent when open",
		"end_year":    "end as a decimal year; absent when open",
		"note":        "What is uncertain or disputed",
		"date_source": "The date in the source's own terms",
	}
}

// DatasetDoc is /dataset.json: the dataset's description (title, licence,
// view, polities with their names and colours, eras, bibliography) and
// the vocabulary the viewer draws with.
type DatasetDoc struct {
	dataset.Meta
	// Layers are the layers in draw order, bottom to top.
	Layers []Layer `json:"layers"`
	// Tiles is the zoom range of the vector tiles.
	Tiles struct {
		MinZoom int `json:"minzoom"`
		MaxZoom int `json:"maxzoom"`
	} `json:"tiles"`
	// EmbedParams are the parameters /embed takes.
	EmbedParams []string `json:"embed_params"`
}

// DatasetDoc returns the atlas's /dataset.json.
func (a *Atlas) DatasetDoc() DatasetDoc {
	d := DatasetDoc{Meta: a.ds.Meta, Layers: Layers(a.ds), EmbedParams: EmbedParams()}
	d.Tiles.MinZoom, d.Tiles.MaxZoom = MinZoom, MaxZoom
	return d
}

// CheckEmbedView checks the view an embed URL asks for: numbers in range,
// known layers and languages. The page would fall back to its defaults, but a
// link that cannot mean what it says is better refused.
func CheckEmbedView(q url.Values) error {
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
		layers := ToggleLayers()
		for _, l := range strings.Split(v, ",") {
			if !slices.Contains(layers, l) {
				return fault.Param("layers", "unknown layer %q; use %s", l, orList(layers))
			}
		}
	}
	if lang := q.Get("lang"); lang != "" && !slices.Contains(Languages(), lang) {
		return fault.Param("lang", "unknown language %q; use %s", lang, orList(Languages()))
	}
	switch q.Get("slider") {
	case "", "0", "1":
	default:
		return fault.Param("slider", "%q: use 1 to show the slider, 0 to hide it", q.Get("slider"))
	}
	return nil
}

// orList writes words as "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
