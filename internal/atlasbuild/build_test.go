package atlasbuild

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/internal/atlasbuild/coast"
)

const (
	srcDir   = "../../data/src"
	dataDir  = "../../data/jinsong"
	landTopo = "../../web/node_modules/world-atlas/land-50m.json"
)

// TestCommittedFilesAreFresh rebuilds the derived files from the authored
// sources and fails if the committed ones differ: run `make data` after
// editing data/src.
func TestCommittedFilesAreFresh(t *testing.T) {
	files, err := Build(os.DirFS(srcDir), os.DirFS(dataDir))
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dataDir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("data/jinsong/%s is stale: run `make data`", name)
		}
	}
}

// TestLandIsFresh rebuilds the land from Natural Earth, which the viewer's
// npm set-up installs (world-atlas).
func TestLandIsFresh(t *testing.T) {
	topo, err := os.ReadFile(landTopo)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v: CI must run `npm ci` in web/ first", err)
		}
		t.Skipf("%v: run `make web` to check the land against Natural Earth", err)
	}
	land, err := coast.Land(topo, coast.Default)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dataDir, LandFile))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, LandFeatures(land)) {
		t.Errorf("data/jinsong/%s is stale: run `make land`", LandFile)
	}
}

func TestHistoryErrors(t *testing.T) {
	start, end := chrono.YearStart(1115), chrono.YearStart(1235)
	held := func(hs ...Holding) Cell { return Cell{ID: "c", Held: hs} }
	for _, tc := range []struct {
		name  string
		cells []Cell
		want  string
	}{
		{"late first holder", []Cell{held(Holding{Polity: "song", Start: "1120"})}, "not at the atlas's start"},
		{"out of order", []Cell{held(Holding{Polity: "song", Start: "1115"}, Holding{Polity: "jin", Start: "1130"}, Holding{Polity: "song", Start: "1125"})}, "does not start after"},
		{"repeat", []Cell{held(Holding{Polity: "song", Start: "1115"}, Holding{Polity: "song", Start: "1130"})}, "repeats"},
		{"bad date", []Cell{held(Holding{Polity: "song", Start: "1115"}, Holding{Polity: "jin", Start: "soon"})}, "not a date"},
		{"after the end", []Cell{held(Holding{Polity: "song", Start: "1115"}, Holding{Polity: "jin", Start: "1300"})}, "after the atlas's end"},
		{"no holders", []Cell{{ID: "c"}}, "no holders"},
		{"like a later cell", []Cell{{ID: "a", Like: "b"}, held(Holding{Polity: "song", Start: "1115"})}, "must name a cell before it"},
		{"twice", []Cell{held(Holding{Polity: "song", Start: "1115"}), held(Holding{Polity: "song", Start: "1115"})}, "listed twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := histories(tc.cells, start, end)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error with %q", err, tc.want)
			}
		})
	}
}
