package server

import (
	"bytes"
	"fmt"
	"image/color"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/geo/kml"
)

// writeKML writes features as a KML document, for Google Earth and GIS
// tools: each feature's life becomes a TimeSpan, its properties (as they
// stood at when, if given) ExtendedData, and territories take their
// polity's colour.
func (s *Server) writeKML(w http.ResponseWriter, r *http.Request, st *state, c *feature.Collection, title string, fs []*feature.Feature, when *chrono.Interval) {
	doc := kml.Document{Name: title, Description: c.Description}
	styles := map[string]bool{}
	for _, f := range fs {
		props := f.Properties
		if when != nil {
			props = f.PropertiesAt(feature.Moment(*when))
		}
		pm := kml.Placemark{
			Name:        feature.Text(props["name"]),
			Description: feature.Text(props["description"]),
			Data:        kmlData(props),
			Geometry:    f.Geometry,
		}
		if pm.Description == "" {
			pm.Description = feature.Text(props["note"])
		}
		if f.Life.Start != chrono.MinDay {
			t := f.Life.Start.Time()
			pm.Begin = &t
		}
		if f.Life.End != chrono.MaxDay {
			t := f.Life.End.Time()
			pm.End = &t
		}
		if id := styleFor(st, c.ID, props); id != "" {
			pm.StyleID = id
			if !styles[id] {
				styles[id] = true
				doc.Styles = append(doc.Styles, kmlStyle(st, id))
			}
		}
		doc.Placemarks = append(doc.Placemarks, pm)
	}
	sort.Slice(doc.Styles, func(i, j int) bool { return doc.Styles[i].ID < doc.Styles[j].ID })
	var buf bytes.Buffer
	if err := kml.Encode(&buf, doc); err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="%s.kml"`, c.ID))
	s.writeBody(w, r, kml.ContentType, buf.Bytes(), s.cacheControl())
}

// styleFor names the style of a feature: its polity's for territories, one
// per kind of line otherwise.
func styleFor(st *state, collection string, props map[string]any) string {
	switch collection {
	case "territories":
		if p, ok := st.ds.Polity(feature.Text(props["polity"])); ok {
			return "polity-" + p.ID
		}
	case "rivers", "frontiers", "campaigns", "land":
		return collection
	}
	return ""
}

func kmlStyle(st *state, id string) kml.Style {
	ink := color.RGBA{0x4a, 0x40, 0x35, 0xff}
	switch id {
	case "rivers":
		return kml.Style{ID: id, Line: color.RGBA{0x3f, 0x7c, 0xc0, 0xff}, Width: 2}
	case "frontiers":
		return kml.Style{ID: id, Line: color.RGBA{0x8b, 0x1e, 0x1e, 0xff}, Width: 2}
	case "campaigns":
		return kml.Style{ID: id, Line: color.RGBA{0xb5, 0x56, 0x1b, 0xff}, Width: 3}
	case "land":
		return kml.Style{ID: id, Fill: color.RGBA{0xef, 0xe9, 0xda, 0xff}, Line: ink, Width: 1}
	}
	fill := color.RGBA{0x99, 0x99, 0x99, 0xb3}
	if p, ok := st.ds.Polity(strings.TrimPrefix(id, "polity-")); ok {
		if c, ok := parseHex(p.Color); ok {
			fill = c
			fill.A = 0xb3
		}
	}
	return kml.Style{ID: id, Fill: fill, Line: ink, Width: 1}
}

// parseHex reads a colour written #rrggbb.
func parseHex(s string) (color.RGBA, bool) {
	if len(s) != 7 || s[0] != '#' {
		return color.RGBA{}, false
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return color.RGBA{}, false
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}, true
}

// kmlData lists the properties in name order, lists and objects as JSON.
func kmlData(props map[string]any) []kml.Datum {
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]kml.Datum, 0, len(keys))
	for _, k := range keys {
		v := feature.Text(props[k])
		if v == "" {
			continue
		}
		out = append(out, kml.Datum{Name: k, Value: v})
	}
	return out
}
