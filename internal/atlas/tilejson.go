package atlas

import (
	"sort"

	"github.com/chronoatlas/chronoatlas/internal/dataset"
)

// fieldHelp describes the tile fields that have a fixed meaning.
var fieldHelp = map[string]string{
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

// tileFields lists the fields of a collection's tile layer.
func tileFields(c []dataset.Queryable) map[string]string {
	fields := map[string]string{
		"start": fieldHelp["start"], "end": fieldHelp["end"],
		"start_year": fieldHelp["start_year"], "end_year": fieldHelp["end_year"],
	}
	for _, q := range c {
		if h, ok := fieldHelp[q.Name]; ok {
			fields[q.Name] = h
		} else {
			fields[q.Name] = "A " + q.Type
		}
	}
	return fields
}

// TileJSON is a TileJSON 3.0.0 document.
type TileJSON struct {
	TileJSON     string        `json:"tilejson"`
	Name         string        `json:"name"`
	Description  string        `json:"description"`
	Attribution  string        `json:"attribution"`
	Scheme       string        `json:"scheme"`
	Tiles        []string      `json:"tiles"`
	MinZoom      int           `json:"minzoom"`
	MaxZoom      int           `json:"maxzoom"`
	Bounds       []float64     `json:"bounds"`
	Center       []float64     `json:"center"`
	VectorLayers []VectorLayer `json:"vector_layers"`
}

// VectorLayer is one layer of the vector tiles in TileJSON.
type VectorLayer struct {
	ID          string            `json:"id"`
	Description string            `json:"description,omitempty"`
	MinZoom     int               `json:"minzoom"`
	MaxZoom     int               `json:"maxzoom"`
	Fields      map[string]string `json:"fields"`
}

// TileJSON returns the TileJSON of the atlas's vector tiles at the given
// tile URLs, with zooms from minZoom to maxZoom: the server's (/tiles.json)
// and a published archive's.
func (a *Atlas) TileJSON(tiles []string, minZoom, maxZoom int) TileJSON {
	m := a.ds.Meta
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
	tj := TileJSON{
		TileJSON: "3.0.0", Name: m.Title, Description: m.Description, Attribution: m.Attribution,
		Scheme: "xyz", Tiles: tiles, MinZoom: minZoom, MaxZoom: maxZoom,
		Center: []float64{m.View.Lon, m.View.Lat, m.View.Zoom},
	}
	b := cols[0].Bound
	for _, c := range cols {
		b = b.Union(c.Bound)
		tj.VectorLayers = append(tj.VectorLayers, VectorLayer{ID: c.ID, Description: c.Description, MinZoom: minZoom, MaxZoom: maxZoom, Fields: tileFields(dataset.Queryables(c))})
	}
	tj.Bounds = []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}
	return tj
}
