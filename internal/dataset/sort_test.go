package dataset_test

import (
	"strings"
	"testing"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
)

func TestSortBy(t *testing.T) {
	ds := mustAtlas(t)
	places := ds.Collection("places")
	tests := []struct {
		name  string
		keys  []dataset.SortKey
		check func(prev, next map[string]any) bool
	}{
		{"by name", []dataset.SortKey{{Property: "name"}}, func(a, b map[string]any) bool { return a["name"].(string) <= b["name"].(string) }},
		{"by name, descending", []dataset.SortKey{{Property: "name", Desc: true}}, func(a, b map[string]any) bool { return a["name"].(string) >= b["name"].(string) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			all := dataset.Items(places, dataset.Query{SortBy: tt.keys, Limit: 1000})
			if all.Matched != len(places.Features) || len(all.Features) != all.Matched {
				t.Fatalf("matched %d of %d, returned %d", all.Matched, len(places.Features), len(all.Features))
			}
			for i := 1; i < len(all.Features); i++ {
				if !tt.check(all.Features[i-1].Properties, all.Features[i].Properties) {
					t.Errorf("%v before %v", all.Features[i-1].Properties["name"], all.Features[i].Properties["name"])
				}
			}
			// Pages of the sorted matches join up into all of them.
			var paged []string
			for off := 0; off < all.Matched; off += 7 {
				for _, f := range dataset.Items(places, dataset.Query{SortBy: tt.keys, Offset: off, Limit: 7}).Features {
					paged = append(paged, f.Key)
				}
			}
			var whole []string
			for _, f := range all.Features {
				whole = append(whole, f.Key)
			}
			if strings.Join(paged, ",") != strings.Join(whole, ",") {
				t.Error("pages of the sorted matches differ from the whole")
			}
		})
	}
	// Events by date, latest first; those without an end_date last either way.
	when := chrono.Interval{Start: chrono.MinDay, End: chrono.MaxDay}
	ev := dataset.Items(ds.Collection("events"), dataset.Query{When: &when, SortBy: []dataset.SortKey{{Property: "start_date", Desc: true}}, Limit: 3})
	if len(ev.Features) != 3 || ev.Features[0].StringProp("start_date") < ev.Features[2].StringProp("start_date") {
		t.Errorf("latest events first: %v", ev.Features)
	}
}
