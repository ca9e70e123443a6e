package geomconv

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/wkt"
)

func TestToGeom(t *testing.T) {
	square := orb.Ring{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}
	hole := orb.Ring{{1, 1}, {1, 2}, {2, 2}, {2, 1}, {1, 1}}
	for _, tc := range []struct {
		name string
		in   orb.Geometry
		want string
	}{
		{"point", orb.Point{114.31, 34.8}, "POINT (114.31 34.8)"},
		{"multipoint", orb.MultiPoint{{1, 2}, {3, 4}}, "MULTIPOINT (1 2, 3 4)"},
		{"line", orb.LineString{{1, 2}, {3, 4}}, "LINESTRING (1 2, 3 4)"},
		{"multiline", orb.MultiLineString{{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}, {9, 10}}}, "MULTILINESTRING ((1 2, 3 4), (5 6, 7 8, 9 10))"},
		{"polygon with a hole", orb.Polygon{square, hole}, "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 1 2, 2 2, 2 1, 1 1))"},
		{"multipolygon", orb.MultiPolygon{{square, hole}, {{{10, 10}, {11, 10}, {11, 11}, {10, 10}}}}, "MULTIPOLYGON (((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 1 2, 2 2, 2 1, 1 1)), ((10 10, 11 10, 11 11, 10 10)))"},
		{"collection", orb.Collection{orb.Point{1, 2}, orb.LineString{{1, 2}, {3, 4}}}, "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (1 2, 3 4))"},
		{"bound", orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{1, 1}}, "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := ToGeom(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			got, err := wkt.Marshal(g)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %s\nwant %s", got, tc.want)
			}
			if g.Layout() != geom.XY {
				t.Errorf("layout %v, want XY", g.Layout())
			}
		})
	}
	if _, err := ToGeom(nil); err == nil {
		t.Error("nil geometry: no error")
	}
}
