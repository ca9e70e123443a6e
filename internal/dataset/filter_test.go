package dataset_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chronoatlas/chronoatlas/data"
	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/internal/cql2"
	"github.com/chronoatlas/chronoatlas/internal/cql2/cql2text"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/paulmach/orb"
)

func mustAtlas(tb testing.TB) *dataset.Dataset {
	tb.Helper()
	ds, err := dataset.Load(data.JinSong())
	if err != nil {
		tb.Fatal(err)
	}
	return ds
}

func polities(p dataset.Page) []string {
	var out []string
	for _, f := range p.Features {
		out = append(out, f.StringProp("polity"))
	}
	slices.Sort(out)
	return out
}

// A box round Hangzhou in 1141 lies inside the bounding box of the
// peoples strung from Taiwan to Sakhalin, but not in their land.
func TestBboxTestsTheGeometry(t *testing.T) {
	ds := mustAtlas(t)
	when := chrono.YearInterval(1141)
	box := orb.Bound{Min: orb.Point{120.0, 30.1}, Max: orb.Point{120.3, 30.4}}
	got := polities(dataset.Items(ds.Collection("territories"), dataset.Query{When: &when, Bounds: []orb.Bound{box}, Limit: 100}))
	if want := []string{"song"}; !slices.Equal(got, want) {
		t.Errorf("territories meeting a box round Hangzhou in 1141: %v, want %v", got, want)
	}
}

func TestFilter(t *testing.T) {
	ds := mustAtlas(t)
	tests := []struct {
		collection, filter string
		when               string
		want               string // ids, or "n=N" for a count
	}{
		{"territories", `polity = 'jin' AND T_INTERSECTS(INTERVAL(start_date, end_date), DATE('1141-07-01'))`, "", "polity=jin n=1"},
		{"territories", `S_INTERSECTS(geometry, POINT(114.35 34.79))`, "1120", "polity=song n=1"},
		{"territories", `S_INTERSECTS(geometry, POINT(114.35 34.79))`, "1141", "polity=jin n=1"},
		{"places", `kind = 'capital' AND id = 'huining'`, "1141", "n=1"},
		{"places", `kind = 'capital' AND id = 'huining'`, "1160", "n=0"},
		{"places", `id IN ('kaifeng', 'hangzhou') AND end_date IS NULL`, "", "n=2"},
		{"events", `T_BEFORE(INTERVAL(start_date, end_date), DATE('1115-01-01'))`, "", "n=0"},
	}
	for _, tt := range tests {
		t.Run(tt.collection+" "+tt.filter+" "+tt.when, func(t *testing.T) {
			c := ds.Collection(tt.collection)
			e, err := cql2text.Parse(tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if err := cql2.Check(e, dataset.FilterSchema(c)); err != nil {
				t.Fatal(err)
			}
			q := dataset.Query{Filter: e, Limit: 1000}
			if tt.when != "" {
				iv, err := chrono.ParseDatetime(tt.when)
				if err != nil {
					t.Fatal(err)
				}
				q.When = &iv
			}
			p := dataset.Items(c, q)
			var got []string
			if ps := polities(p); len(ps) > 0 && ps[0] != "" {
				got = append(got, "polity="+strings.Join(slices.Compact(ps), ","))
			}
			got = append(got, "n="+strconv.Itoa(p.Matched))
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("got %s, want %s", g, tt.want)
			}
		})
	}
}
