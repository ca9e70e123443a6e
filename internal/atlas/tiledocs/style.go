package tiledocs

import (
	"fmt"
	"image/color"
	"net/url"

	"github.com/chronoatlas/chronoatlas/internal/atlas"
)

// Style is a MapLibre style (version 8) for the atlas's vector tiles, in
// the viewer's colours: GL clients (MapLibre GL JS, QGIS's vector-tile
// style import, Maputnik) draw the atlas with it as the viewer does.
//
// It has no labels: a GL client draws text only from glyph ranges (SDF
// protobufs) the server would have to build from a font, and the atlas's
// Chinese names need some thousands of CJK glyphs; clients label places
// from their own fonts or not at all.
type Style struct {
	Version  int            `json:"version"`
	Name     string         `json:"name"`
	Metadata map[string]any `json:"metadata"`
	Center   [2]float64     `json:"center"`
	Zoom     float64        `json:"zoom"`
	Sources  map[string]any `json:"sources"`
	Layers   []styleLayer   `json:"layers"`
}

type styleLayer struct {
	ID          string         `json:"id"`
	Type        string         `json:"type"`
	Source      string         `json:"source,omitempty"`
	SourceLayer string         `json:"source-layer,omitempty"`
	MinZoom     float64        `json:"minzoom,omitempty"`
	Filter      []any          `json:"filter,omitempty"`
	Layout      map[string]any `json:"layout,omitempty"`
	Paint       map[string]any `json:"paint"`
}

// The style's fixed colours, as the viewer paints them.
var (
	seaColor     = color.RGBA{0xcf, 0xe0, 0xea, 0xff}
	unknownColor = color.RGBA{0x99, 0x99, 0x99, 0xff}
	placeColor   = color.RGBA{0xff, 0xff, 0xff, 0xff}
	capitalColor = color.RGBA{0xff, 0xf4, 0xc2, 0xff}
	eventColor   = color.RGBA{0x8b, 0x1e, 0x1e, 0xff}
)

// hex writes a colour as #rrggbb.
func hex(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// Style returns the atlas's style for the state at datetime (an instant or
// interval the tiles take; empty for the dataset's default year), its
// tiles from the server at base. A style is of one moment: its places are
// capitals or not as they were then.
func (d Docs) Style(base, datetime string) Style {
	m := d.a.Dataset().Meta
	if datetime == "" {
		datetime = fmt.Sprint(m.View.Year)
	}
	const src = "chronoatlas"
	q := url.Values{"datetime": {datetime}}
	s := Style{
		Version: 8,
		Name:    m.Title + " · " + datetime,
		Metadata: map[string]any{
			"chronoatlas:datetime": datetime,
			"chronoatlas:labels":   "none: the style names no glyphs; see the README",
		},
		Center:  [2]float64{m.View.Lon, m.View.Lat},
		Zoom:    m.View.Zoom,
		Sources: map[string]any{src: map[string]any{"type": "vector", "url": base + "/tiles.json?" + q.Encode()}},
	}
	// Each match label is a one-value list, not the bare value: both are
	// MapLibre, but QGIS's style import (QgsMapBoxGlStyleConverter, up to
	// 3.22 at least) reads a bare label as an empty list and matches
	// nothing, and "case" it skips.
	polity := []any{"match", []any{"get", "polity"}}
	for _, p := range m.Polities {
		polity = append(polity, []any{p.ID}, p.Color)
	}
	polity = append(polity, hex(unknownColor))
	mk := func(id, typ, source string, paint map[string]any) styleLayer {
		return styleLayer{ID: id, Type: typ, Source: src, SourceLayer: source, Paint: paint}
	}
	doubt := []any{"!=", []any{"get", "certainty"}, "certain"}
	sure := []any{"==", []any{"get", "certainty"}, "certain"}
	land, _ := atlas.LayerOf("land")
	rivers, _ := atlas.LayerOf("rivers")
	frontiers, _ := atlas.LayerOf("frontiers")
	campaigns, _ := atlas.LayerOf("campaigns")
	s.Layers = []styleLayer{
		{ID: "sea", Type: "background", Paint: map[string]any{"background-color": hex(seaColor)}},
		mk("land", "fill", "land", map[string]any{"fill-color": hex(land.Color)}),
		mk("territories", "fill", "territories", map[string]any{
			"fill-color":   polity,
			"fill-opacity": []any{"match", []any{"get", "certainty"}, []any{"uncertain"}, 0.45, 0.7},
		}),
		withFilter(mk("territories-border", "line", "territories", map[string]any{
			"line-color": hex(atlas.Ink()), "line-width": 0.8, "line-opacity": 0.8,
		}), sure),
		withFilter(mk("territories-border-doubtful", "line", "territories", map[string]any{
			"line-color": hex(atlas.Ink()), "line-width": 1, "line-opacity": 0.9, "line-dasharray": []any{4, 3},
		}), doubt),
		mk("rivers", "line", "rivers", map[string]any{
			"line-color": hex(rivers.Color), "line-width": []any{"step", []any{"zoom"}, 1.2, 5, 2},
		}),
		mk("frontiers", "line", "frontiers", map[string]any{
			"line-color": hex(frontiers.Color), "line-width": 2, "line-dasharray": []any{3, 2},
		}),
		mk("campaigns", "line", "campaigns", map[string]any{
			"line-color": hex(campaigns.Color), "line-width": 3, "line-opacity": 0.9, "line-dasharray": []any{2.5, 2},
		}),
		mk("places", "circle", "places", map[string]any{
			"circle-radius":       []any{"match", []any{"get", "kind"}, []any{"capital"}, 6, 4.5},
			"circle-color":        []any{"match", []any{"get", "kind"}, []any{"capital"}, hex(capitalColor), hex(placeColor)},
			"circle-stroke-color": "#2d2a26",
			"circle-stroke-width": 1.5,
		}),
		mk("events", "circle", "events", map[string]any{
			"circle-radius": 4, "circle-color": hex(eventColor), "circle-stroke-color": "#ffffff", "circle-stroke-width": 1,
		}),
	}
	for i := range s.Layers {
		if s.Layers[i].Type == "line" {
			s.Layers[i].Layout = map[string]any{"line-join": "round", "line-cap": "round"}
		}
	}
	return s
}

func withFilter(l styleLayer, f []any) styleLayer { l.Filter = f; return l }
