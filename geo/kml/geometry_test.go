package kml

import (
	"bytes"
	"encoding/xml"
	"testing"

	"github.com/chronoatlas/chronoatlas/geo/geomconv"
	"github.com/paulmach/orb"
	gkml "github.com/twpayne/go-geom/encoding/kml"
	"github.com/twpayne/go-kml/v3"
)

// mustXML writes e as indented XML.
func mustXML(tb testing.TB, e kml.Element) string {
	tb.Helper()
	var b bytes.Buffer
	x := xml.NewEncoder(&b)
	x.Indent("", "  ")
	if err := x.Encode(e); err != nil {
		tb.Fatal(err)
	}
	return b.String()
}

// TestGeometryAsGoGeom: each kind of geometry is written as go-geom's KML
// encoding writes it, so that writing from orb directly changed no
// download.
func TestGeometryAsGoGeom(t *testing.T) {
	ring := orb.Ring{{114, 34}, {115.25, 34}, {115.25, 35.125}, {114, 34}}
	hole := orb.Ring{{114.5, 34.25}, {114.75, 34.25}, {114.5, 34.5}, {114.5, 34.25}}
	for _, tt := range []struct {
		name string
		g    orb.Geometry
	}{
		{"point", orb.Point{114.31, 34.8}},
		{"tiny and huge numbers", orb.Point{1e-7, -1.5e21}},
		{"multipoint", orb.MultiPoint{{1, 2}, {3, 4}}},
		{"line", orb.LineString{{113.65, 34.93}, {114.5, 35.55}}},
		{"multiline", orb.MultiLineString{{{0, 0}, {1, 1}}, {{2, 2}, {3, 3}, {4, 5}}}},
		{"ring", ring},
		{"polygon with a hole", orb.Polygon{ring, hole}},
		{"multipolygon", orb.MultiPolygon{{ring, hole}, {ring}}},
		{"collection", orb.Collection{orb.Point{1, 2}, orb.LineString{{0, 0}, {1, 1}}, orb.Polygon{ring}}},
		{"bound", orb.Bound{Min: orb.Point{-10, -5}, Max: orb.Point{10, 5}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			gg, err := geomconv.ToGeom(tt.g)
			if err != nil {
				t.Fatal(err)
			}
			ge, err := gkml.Encode(gg)
			if err != nil {
				t.Fatal(err)
			}
			var buf []byte
			e, err := geometry(tt.g, &buf)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := mustXML(t, e), mustXML(t, ge); got != want {
				t.Errorf("got\n%s\nwant (go-geom)\n%s", got, want)
			}
		})
	}
}
