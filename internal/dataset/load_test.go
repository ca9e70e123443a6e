package dataset

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func mustLoad(tb testing.TB, dir string) *Dataset {
	tb.Helper()
	ds, err := Load(os.DirFS(dir))
	if err != nil {
		tb.Fatalf("Load(%s): %v", dir, err)
	}
	return ds
}

func TestLoadMini(t *testing.T) {
	ds := mustLoad(t, "testdata/mini")
	if got, want := len(ds.Collections()), 4; got != want {
		t.Fatalf("collections: got %d, want %d", got, want)
	}
	terr := ds.Collection("territories")
	if got, want := len(terr.Features), 3; got != want {
		t.Errorf("territories: got %d, want %d", got, want)
	}
	rivers := ds.Collection("rivers")
	var keys []string
	for _, f := range rivers.Features {
		keys = append(keys, f.Key)
	}
	if diff := cmp.Diff([]string{"yellow-river@..", "yellow-river@1128-12"}, keys); diff != "" {
		t.Errorf("river keys (-want +got):\n%s", diff)
	}
	// A territory is named after its polity when it has no name of its own.
	if got := terr.Get("jin-1127")[0].StringProp("name_zh"); got != "金" {
		t.Errorf("jin-1127 name_zh: got %q, want 金", got)
	}
	if p, ok := ds.Polity("song"); !ok || p.Color != "#f28c28" {
		t.Errorf("Polity(song): got %+v, %v", p, ok)
	}
}

func TestItems(t *testing.T) {
	ds := mustLoad(t, "testdata/mini")
	terr := ds.Collection("territories")
	y := func(n int) *chrono.Interval { iv := chrono.YearInterval(n); return &iv }
	tests := []struct {
		name    string
		q       Query
		want    []string
		matched int
	}{
		{"all", Query{Limit: 10}, []string{"jin-1127", "song-1100", "song-1127"}, 3},
		{"1120", Query{When: y(1120), Limit: 10}, []string{"song-1100"}, 1},
		{"1141", Query{When: y(1141), Limit: 10}, []string{"jin-1127", "song-1127"}, 2},
		// 1127 holds both the old Song and, from 9 January, the new lines.
		{"1127", Query{When: y(1127), Limit: 10}, []string{"jin-1127", "song-1100", "song-1127"}, 3},
		{"filter", Query{Filters: map[string]string{"polity": "song"}, Limit: 10}, []string{"song-1100", "song-1127"}, 2},
		{"page", Query{Limit: 1, Offset: 1}, []string{"song-1100"}, 3},
		{"past the end", Query{Limit: 5, Offset: 10}, nil, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Items(terr, tt.q)
			var got []string
			for _, f := range p.Features {
				got = append(got, f.ID)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			if p.Matched != tt.matched {
				t.Errorf("matched: got %d, want %d", p.Matched, tt.matched)
			}
		})
	}
}

// TestLoadBad checks that every problem of a broken dataset is reported,
// with its file and feature, against a golden list.
func TestLoadBad(t *testing.T) {
	_, err := Load(os.DirFS("testdata/bad"))
	var ie *InvalidError
	if !errors.As(err, &ie) {
		t.Fatalf("Load: got %v, want an *InvalidError", err)
	}
	got := err.Error() + "\n"
	golden := filepath.Join("testdata", "bad.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	for _, must := range []string{
		"dataset.json: jin: color \"blue\" must be #rrggbb",
		"missing.geojson: cannot read",
		"territories.geojson: unclosed:",
		"territories.geojson: bowtie:",
		"territories.geojson: clockwise:",
		"territories.geojson: backwards:",
		"territories.geojson: nodate: start is missing",
		"territories.geojson: stranger: polity: unknown polity rome",
		"territories.geojson: stranger: unknown source nobody-1999",
		"territories.geojson: twice: duplicate id",
		"places.geojson: #0: feature has no id",
		"places.geojson: kaifeng: top-level id \"kaifeng\" differs from properties.id \"bianjing\"",
		"places.geojson: kaifeng: names[1] \"Nanjing\" overlaps in time with \"Bianjing\"",
		"places.geojson: grand-canal: a line in a collection of points (2 of 3 features)",
	} {
		if !strings.Contains(got, must) {
			t.Errorf("problems do not mention %q", must)
		}
	}
}

func TestLoadMissing(t *testing.T) {
	_, err := Load(os.DirFS("testdata/nowhere"))
	if err == nil || !strings.Contains(err.Error(), "dataset.json: cannot read") {
		t.Errorf("Load(nowhere): got %v, want a problem reading dataset.json", err)
	}
}
