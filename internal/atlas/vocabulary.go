package atlas

import (
	"image/color"
	"slices"

	"github.com/chronoatlas/chronoatlas/internal/dataset"
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
	// Color is the colour the layer's lines or fill are drawn in, where
	// the layer has one of its own rather than its features' polities'.
	Color color.RGBA `json:"-"`
}

// layers are the layers in draw order, bottom to top, with their titles
// when the dataset gives none.
func layers() []Layer {
	return []Layer{
		{ID: "land", Title: "Land", TitleZh: "陸地", Base: true, Color: color.RGBA{0xef, 0xe9, 0xda, 0xff}},
		{ID: "territories", Title: "Territories", TitleZh: "疆域"},
		{ID: "rivers", Title: "Rivers", TitleZh: "河流", Color: color.RGBA{0x3f, 0x7c, 0xc0, 0xff}},
		{ID: "frontiers", Title: "Frontiers", TitleZh: "邊界", Color: color.RGBA{0x8b, 0x1e, 0x1e, 0xff}},
		{ID: "campaigns", Title: "Campaigns", TitleZh: "征伐路線", Color: color.RGBA{0xb5, 0x56, 0x1b, 0xff}},
		{ID: "places", Title: "Places", TitleZh: "地點"},
		{ID: "events", Title: "Events", TitleZh: "大事"},
	}
}

// ink is the colour of outlines drawn over the layers' fills.
var ink = color.RGBA{0x4a, 0x40, 0x35, 0xff}

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

// layer returns the layer with the given id.
func layer(id string) (Layer, bool) {
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
