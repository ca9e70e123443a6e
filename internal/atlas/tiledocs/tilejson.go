package tiledocs

import (
	"sort"

	"github.com/chronoatlas/chronoatlas/geo/feature"

	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
)

// tileFields lists the fields of a collection's tile layer: every
// property its features carry in tiles, lists and objects among them (as
// JSON text), with the life as start, end, start_year and end_year.
func tileFields(c *feature.Collection) map[string]string {
	help := atlas.FieldHelp()
	fields := map[string]string{
		"start": help["start"], "end": help["end"],
		"start_year": help["start_year"], "end_year": help["end_year"],
	}
	types := map[string]string{}
	for _, q := range dataset.Queryables(c) {
		types[q.Name] = "A " + q.Type
	}
	for _, f := range c.Features {
		for k, v := range f.Properties {
			if _, ok := types[k]; ok || v == nil || k == dataset.StartDateQueryable || k == dataset.EndDateQueryable {
				continue
			}
			types[k] = "JSON text"
		}
	}
	for k, t := range types {
		if k == dataset.StartDateQueryable || k == dataset.EndDateQueryable {
			continue // the tiles carry start_year and end_year instead
		}
		if h, ok := help[k]; ok {
			fields[k] = h
		} else {
			fields[k] = t
		}
	}
	return fields
}

// TileJSON returns the TileJSON 3.0.0 document of the vector tiles at
// tileURL (a template with {z}, {x} and {y}): a vector layer per
// collection in draw order, with its fields, and the zoom range, bounds
// and centre of the atlas.
func (d Docs) TileJSON(tileURL string) map[string]any {
	return d.TileJSONZooms(tileURL, atlas.MinZoom, atlas.MaxZoom)
}

// TileJSONZooms is TileJSON for tiles from minZoom to maxZoom only: a
// published archive's (internal/publish).
func (d Docs) TileJSONZooms(tileURL string, minZoom, maxZoom int) map[string]any {
	m := d.a.Dataset().Meta
	type vectorLayer struct {
		ID          string            `json:"id"`
		Description string            `json:"description,omitempty"`
		MinZoom     int               `json:"minzoom"`
		MaxZoom     int               `json:"maxzoom"`
		Fields      map[string]string `json:"fields"`
	}
	var layers []vectorLayer
	order := map[string]int{}
	for i, id := range atlas.LayerOrder() {
		order[id] = i
	}
	cols := append(d.a.Dataset().Collections()[:0:0], d.a.Dataset().Collections()...)
	sort.SliceStable(cols, func(i, j int) bool {
		oi, ok := order[cols[i].ID]
		if !ok {
			oi = 99
		}
		oj, ok := order[cols[j].ID]
		if !ok {
			oj = 99
		}
		return oi < oj
	})
	b := cols[0].Bound
	for _, c := range cols {
		b = b.Union(c.Bound)
		layers = append(layers, vectorLayer{ID: c.ID, Description: c.Description, MinZoom: minZoom, MaxZoom: maxZoom, Fields: tileFields(c)})
	}
	return map[string]any{
		"tilejson":      "3.0.0",
		"name":          m.Title,
		"description":   m.Description,
		"attribution":   m.Attribution,
		"scheme":        "xyz",
		"tiles":         []string{tileURL},
		"minzoom":       minZoom,
		"maxzoom":       maxZoom,
		"bounds":        []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]},
		"center":        []float64{m.View.Lon, m.View.Lat, m.View.Zoom},
		"vector_layers": layers,
	}
}
