package server

import (
	"net/http"
	"net/url"
	"sort"

	"github.com/chronoatlas/chronoatlas/internal/atlas"
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

// handleTileJSON serves TileJSON 3.0.0 for the vector tiles. A datetime is
// written into the tile URLs.
func (s *Server) handleTileJSON(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if err := checkParams(q, func(k string) bool { return k == "datetime" }); err != nil {
		s.error(w, r, err)
		return
	}
	if _, _, err := parseDatetime(q); err != nil {
		s.error(w, r, err)
		return
	}
	st := s.current()
	m := st.core.Dataset().Meta
	// The version in the URL lets browsers and CDNs keep the tiles for
	// good: a new dataset or build gives new URLs.
	tiles := baseURL(r) + "/tiles/{z}/{x}/{y}.mvt?v=" + st.tileVersion
	if dt := q.Get("datetime"); dt != "" {
		tiles += "&datetime=" + url.QueryEscape(dt)
	}
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
	cols := append(st.core.Dataset().Collections()[:0:0], st.core.Dataset().Collections()...)
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
		layers = append(layers, vectorLayer{ID: c.ID, Description: c.Description, MinZoom: atlas.MinZoom, MaxZoom: atlas.MaxZoom, Fields: tileFields(dataset.Queryables(c))})
	}
	s.writeJSON(w, r, typeJSON, map[string]any{
		"tilejson":      "3.0.0",
		"name":          m.Title,
		"description":   m.Description,
		"attribution":   m.Attribution,
		"scheme":        "xyz",
		"tiles":         []string{tiles},
		"minzoom":       atlas.MinZoom,
		"maxzoom":       atlas.MaxZoom,
		"bounds":        []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]},
		"center":        []float64{m.View.Lon, m.View.Lat, m.View.Zoom},
		"vector_layers": layers,
	})
}
