package atlas

import (
	"sort"

	"github.com/chronoatlas/chronoatlas/geo/feature"

	"github.com/chronoatlas/chronoatlas/internal/dataset"
)

// fieldHelp describes the tile fields that have a fixed meaning.
func fieldHelp() map[string]string {
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

// tileFields lists the fields of a collection's tile layer: every
// property its features carry in tiles, lists and objects among them (as
// JSON text), with the life as start, end, start_year and end_year.
func tileFields(c *feature.Collection) map[string]string {
	help := fieldHelp()
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
func (a *Atlas) TileJSON(tileURL string) map[string]any {
	return a.TileJSONZooms(tileURL, MinZoom, MaxZoom)
}

// TileJSONZooms is TileJSON for tiles from minZoom to maxZoom only: a
// published archive's (internal/publish).
func (a *Atlas) TileJSONZooms(tileURL string, minZoom, maxZoom int) map[string]any {
	m := a.ds.Meta
	type vectorLayer struct {
		ID          string            `json:"id"`
		Description string            `json:"description,omitempty"`
		MinZoom     int               `json:"minzoom"`
		MaxZoom     int               `json:"maxzoom"`
		Fields      map[string]string `json:"fields"`
	}
	var layers []vectorLayer
	order := map[string]int{}
	for i, id := range LayerOrder() {
		order[id] = i
	}
	cols := append(a.ds.Collections()[:0:0], a.ds.Collections()...)
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
