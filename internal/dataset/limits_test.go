package dataset

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
)

// mustMiniCopy copies the mini dataset into a fresh folder and returns it.
func mustMiniCopy(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	entries, err := os.ReadDir("testdata/mini")
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("testdata/mini", e.Name()))
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// territory is one feature of the mini dataset's territories with the
// given id, start year and outer ring.
func territory(id string, start int, ring string) string {
	return fmt.Sprintf(`{"type": "Feature", "id": %q, "properties": {"polity": "song", "start": "%04d", "end": "1235", "certainty": "certain", "sources": ["test-book"]}, "geometry": {"type": "Polygon", "coordinates": [%s]}}`, id, start, ring)
}

func collection(features []string) string {
	return `{"type": "FeatureCollection", "features": [` + strings.Join(features, ",\n") + "]}"
}

// slantedComb is the ring of a comb of n long thin teeth tilted by 45°:
// edges whose extents overlap along both axes, the worst case of the
// crossing sweep.
func slantedComb(n int) string {
	var b strings.Builder
	b.WriteString("[")
	pt := func(x, y float64) { fmt.Fprintf(&b, "[%g, %g],", 110+x, 20+y+x) }
	pt(0, -1)
	pt(10, -1)
	for i := n - 1; i >= 0; i-- {
		y := float64(i) * 1e-4
		pt(10, y+0.5e-4)
		pt(0, y)
	}
	fmt.Fprintf(&b, "[%g, %g]]", 110.0, 19.0)
	return b.String()
}

// TestLoadLimits: a dataset folder with something hostile in it is
// refused, promptly and with a bounded list of problems, where before it
// blocked for ever, read without end, or took minutes and gigabytes.
func TestLoadLimits(t *testing.T) {
	square := "[[110, 28], [120, 28], [120, 38], [110, 38], [110, 28]]"
	tests := []struct {
		name    string
		setup   func(t *testing.T, dir string)
		lim     func(*Limits)
		problem string // in the error
		more    bool   // problems past the cap
	}{
		{"a FIFO", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "places.geojson")
			os.Remove(p)
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skipf("no FIFOs here: %v", err)
			}
		}, nil, "places.geojson: cannot read: not a regular file", false},
		{"a link to /dev/zero", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "places.geojson")
			os.Remove(p)
			if err := os.Symlink("/dev/zero", p); err != nil {
				t.Fatal(err)
			}
		}, nil, "places.geojson: cannot read", false},
		{"a link out of the folder", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "places.geojson")
			os.Remove(p)
			abs, _ := filepath.Abs("testdata/mini/places.geojson")
			if err := os.Symlink(abs, p); err != nil {
				t.Fatal(err)
			}
		}, nil, "places.geojson: cannot read", false},
		{"a file over the limit", func(t *testing.T, dir string) {
			big := collection([]string{territory("song-1100", 1100, square)}) + strings.Repeat(" ", 4096)
			os.WriteFile(filepath.Join(dir, "territories.geojson"), []byte(big), 0o644)
		}, func(l *Limits) { l.MaxFileBytes = 4096 }, "territories.geojson: cannot read: ", false},
		{"10,000 versions of one id", func(t *testing.T, dir string) {
			fs := make([]string, 10000)
			for i := range fs {
				fs[i] = territory("song", 1100+i%100, square)
			}
			os.WriteFile(filepath.Join(dir, "territories.geojson"), []byte(collection(fs)), 0o644)
		}, nil, "duplicate id", true},
		{"a 200,000-point slanted comb", func(t *testing.T, dir string) {
			fs := []string{territory("comb", 1100, slantedComb(100000))}
			os.WriteFile(filepath.Join(dir, "territories.geojson"), []byte(collection(fs)), 0o644)
		}, func(l *Limits) { l.Timeout = 500 * time.Millisecond }, "validation stopped after 500ms", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := mustMiniCopy(t)
			tt.setup(t, dir)
			lim := DefaultLimits()
			if tt.lim != nil {
				tt.lim(&lim)
			}
			root, err := os.OpenRoot(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer root.Close()
			errc := make(chan error, 1)
			go func() {
				_, err := LoadLimited(context.Background(), RootFS(root), lim)
				errc <- err
			}()
			select {
			case err = <-errc:
			case <-time.After(60 * time.Second):
				t.Fatal("loading did not finish in a minute")
			}
			var inv *InvalidError
			if !errors.As(err, &inv) {
				t.Fatalf("got %v, want an *InvalidError", err)
			}
			if !strings.Contains(err.Error(), tt.problem) {
				t.Errorf("got %v, want a problem with %q", err, tt.problem)
			}
			if len(inv.Problems) > lim.MaxProblems || (inv.More > 0) != tt.more {
				t.Errorf("%d problems listed and %d more; want at most %d listed, more: %v", len(inv.Problems), inv.More, lim.MaxProblems, tt.more)
			}
		})
	}
}

// TestOverlaps: the sorted overlap check finds every life that overlaps
// another, as comparing all pairs does.
func TestOverlaps(t *testing.T) {
	type iv = [2]int
	tests := []struct {
		lives []iv
		want  string // the later of each reported pair, by index
	}{
		{nil, ""},
		{[]iv{{0, 10}, {10, 20}, {20, 30}}, ""},
		{[]iv{{0, 10}, {5, 15}}, "1"},
		{[]iv{{5, 15}, {0, 10}}, "0"},
		{[]iv{{0, 100}, {10, 20}, {30, 40}, {200, 300}}, "1 2"},
		{[]iv{{0, 10}, {0, 10}, {0, 10}}, "1 2"},
		{[]iv{{0, 10}, {10, 20}, {15, 16}, {19, 30}}, "2 3"},
	}
	for _, tt := range tests {
		lives := make([]chrono.Interval, len(tt.lives))
		for i, l := range tt.lives {
			lives[i].Start, lives[i].End = chrono.Day(l[0]), chrono.Day(l[1])
		}
		var got []string
		overlaps(lives, func(a, b int) { got = append(got, fmt.Sprint(b)) })
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%v: got %q, want %q", tt.lives, g, tt.want)
		}
	}
}

// TestSplitFeatures: the one-pass split of a FeatureCollection takes what
// json.Unmarshal takes and refuses what it refuses.
func TestSplitFeatures(t *testing.T) {
	tests := []struct {
		in  string
		n   int
		err bool
	}{
		{`{"type": "FeatureCollection", "features": []}`, 0, false},
		{`{"features": [{"type": "Feature"}, {"a": [1, {"b": 2}]}], "bbox": [1, 2, 3, 4], "type": "FeatureCollection"}`, 2, false},
		{`{"type": "FeatureCollection", "features": null}`, 0, false},
		{`{"type": "FeatureCollection", "name": {"x": [1]}, "features": [null]}`, 1, false},
		{`{"type": "Feature", "features": []}`, 0, true},
		{`{"features": []}`, 0, true},
		{`{"type": "FeatureCollection", "features": {}}`, 0, true},
		{`{"type": "FeatureCollection", "features": [1,]}`, 0, true},
		{`{"type": "FeatureCollection", "features": []} {}`, 0, true},
		{`{"type": "FeatureCollection", "features": []`, 0, true},
		{`[]`, 0, true},
		{``, 0, true},
	}
	for _, tt := range tests {
		fc, err := splitFeatures([]byte(tt.in))
		if (err != nil) != tt.err || err == nil && len(fc.Features) != tt.n {
			t.Errorf("%s: got %d features and %v, want %d and an error: %v", tt.in, len(fc.Features), err, tt.n, tt.err)
		}
	}
}
