package mvtwrite

import (
	"bytes"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
)

// TestSameAsOrb writes two layers of every geometry type, whose
// properties share one table with properties no layer shows, and checks
// the bytes are those orb's mvt.Marshal writes for the same features.
func TestSameAsOrb(t *testing.T) {
	var table Table
	square := orb.Ring{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}
	geoms := []orb.Geometry{
		orb.Point{5, -3},
		orb.MultiPoint{{1, 2}, {300, 4000}},
		orb.LineString{{0, 0}, {100, 50}, {-20, 4096}},
		orb.MultiLineString{{{0, 0}, {1, 1}}, {{5, 5}, {6, 8}, {9, 9}}},
		orb.Polygon{square, {{2, 2}, {2, 4}, {4, 4}, {4, 2}, {2, 2}}}, // with a hole
		orb.MultiPolygon{{square}, {{{20, 20}, {30, 20}, {30, 30}, {20, 20}}}},
	}
	props := [][]Prop{
		{{"name", "Kaifeng"}, {"kind", "capital"}, {"start_year", 960.0}},
		{{"name", "Huai"}, {"open", true}},
		{{"unused", "only in the table"}},
		{{"name", "Kaifeng"}, {"certainty", "approximate"}, {"end_year", 1127.02}},
		{},
		{{"kind", "capital"}, {"open", false}, {"year", 960.0}},
	}
	tags := make([][]uint32, len(props))
	for i := len(props) - 1; i >= 0; i-- { // numbered in another order than used
		SortProps(props[i])
		tags[i], _ = table.Tags(props[i])
	}
	keys, vals := table.Numbered()
	var w Writer
	var want mvt.Layers
	for _, layer := range []struct {
		name  string
		items []int
	}{{"places", []int{0, 1, 3}}, {"shapes", []int{4, 5, 1, 0}}} {
		var fs []Feature
		ml := &mvt.Layer{Name: layer.name, Version: 2, Extent: 4096}
		for j, i := range layer.items {
			g := geoms[(i+j)%len(geoms)]
			kind, geom := Geometry(g)
			fs = append(fs, Feature{Type: kind, Geometry: geom, Tags: tags[i]})
			p := geojson.Properties{}
			for _, pr := range props[i] {
				p[pr.Key] = pr.Val
			}
			ml.Features = append(ml.Features, &geojson.Feature{Type: "Feature", Geometry: g, Properties: p})
		}
		w.Layer(layer.name, 4096, keys, vals, fs)
		want = append(want, ml)
	}
	wantBytes, err := mvt.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	if got := w.Bytes(); !bytes.Equal(got, wantBytes) {
		t.Errorf("got %d bytes, orb writes %d:\n%x\n%x", len(got), len(wantBytes), got, wantBytes)
	}
	w.Reset()
	if got := w.Bytes(); len(got) != 0 {
		t.Errorf("after Reset: %d bytes", len(got))
	}
}
