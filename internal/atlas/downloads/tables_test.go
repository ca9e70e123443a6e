package downloads

import (
	"slices"
	"testing"

	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/internal/atlas/atlastest"
)

// TestRowsDateColumns: a download's date columns belong to the collection,
// not to the page, so a page of open-ended features (rivers in 1200, say)
// still has start_date and end_date and GDAL and QGIS see the same schema
// whatever the query; properties= may still leave them out, and a table
// without start (none of the atlas's) gets none.
func TestRowsDateColumns(t *testing.T) {
	d := New(atlastest.MustMini(t))
	open := &feature.Feature{ID: "a", Properties: map[string]any{"id": "a", "start": "..", "end": ".."}}
	dated := &feature.Feature{ID: "b", Properties: map[string]any{"id": "b", "start": "1127", "end": "..", "start_date": "1127-01-01"}}
	bare := &feature.Feature{ID: "c", Properties: map[string]any{"id": "c"}}
	tests := []struct {
		name string
		fs   []*feature.Feature
		only []string
		want []string
	}{
		{"all open", []*feature.Feature{open}, nil, []string{"id", "start", "end", "start_date", "end_date"}},
		{"one dated", []*feature.Feature{open, dated}, nil, []string{"id", "start", "end", "start_date", "end_date"}},
		{"properties=id,start", []*feature.Feature{open, dated}, []string{"id", "start"}, []string{"id", "start"}},
		{"properties=start,end_date", []*feature.Feature{open}, []string{"start", "end_date"}, []string{"start", "end_date"}},
		{"no start", []*feature.Feature{bare}, nil, []string{"id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cols, props := d.rows(tt.fs, nil, tt.only)
			if !slices.Equal(cols, tt.want) {
				t.Errorf("columns %v, want %v", cols, tt.want)
			}
			if len(props) != len(tt.fs) {
				t.Errorf("%d rows for %d features", len(props), len(tt.fs))
			}
		})
	}
}
